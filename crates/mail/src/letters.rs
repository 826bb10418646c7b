//! The emails the scheduler sends: check-ins, the dormancy warning and
//! declaration, and the reassessment. Short, warm and specific: who, which
//! programme, what to do next.

use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::RelationshipSummary;
use mentorhub_web::notify::Message;

/// Which of the pair a letter is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mentor,
    Mentee,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Mentee, Side::Mentor];
}

/// The pair as one of them sees it.
struct View<'a> {
    to: PersonId,
    partner: &'a str,
    programme: &'a str,
}

fn view(r: &RelationshipSummary, side: Side) -> View<'_> {
    let (to, partner) = match side {
        Side::Mentor => (r.relationship.mentor_id, r.mentee_name.as_str()),
        Side::Mentee => (r.relationship.mentee_id, r.mentor_name.as_str()),
    };
    View {
        to,
        partner,
        programme: &r.programme_name,
    }
}

/// "a month", "three months", "45 days".
pub fn span(days: u32) -> String {
    match days {
        30 | 31 => "a month".into(),
        d if d % 30 == 0 && d / 30 <= 12 => format!("{} months", number(d / 30)),
        d => format!("{d} days"),
    }
}

fn months(n: u32) -> String {
    match n {
        1 => "one month".into(),
        n => format!("{} months", number(n)),
    }
}

fn number(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n as usize)
        .map(|w| w.to_string())
        .unwrap_or_else(|| n.to_string())
}

/// "7 February 2027".
pub fn date(t: Timestamp) -> String {
    let d = t.to_datetime();
    format!("{} {} {}", d.day(), d.month(), d.year())
}

fn open_line(link: Option<&str>, what: &str) -> String {
    match link {
        Some(link) => format!("{what}: {link}"),
        None => format!("{what} in Mentorhub, on the page of your relationship."),
    }
}

/// The check-in `day` days after the start (`004_…` step 7): three questions,
/// answered privately.
pub fn checkin(r: &RelationshipSummary, side: Side, day: u32, link: Option<&str>) -> Message {
    let v = view(r, side);
    let text = format!(
        "It is {span} since you and {partner} started working together in \"{programme}\" — time for a short check-in. Three questions:\n\n\
         - Are you in regular contact?\n\
         - Is it working for you?\n\
         - What would help?\n\n\
         Your answers are private: {partner} will not see them. The programme's administrators do, so that they can help where it is needed.\n\n\
         {open}",
        span = span(day),
        partner = v.partner,
        programme = v.programme,
        open = open_line(link, "Answer in two minutes"),
    );
    Message {
        kind: NotificationKind::CheckInDue,
        to: v.to,
        subject: format!(
            "How is it going with {}? A {} check-in",
            v.partner,
            short_span(day)
        ),
        text,
        dedupe_key: format!("checkin:{}:{day}:{}", r.relationship.id.0, v.to.0),
    }
}

fn short_span(days: u32) -> String {
    match days {
        30 | 31 => "one-month".into(),
        d if d % 30 == 0 && d / 30 <= 12 => format!("{}-month", number(d / 30)),
        d => format!("{d}-day"),
    }
}

/// No contact logged yet, `dormant_on` is near (`004_…` step 8): a nudge to
/// both, before anything is closed.
pub fn dormancy_warning(
    r: &RelationshipSummary,
    side: Side,
    introduced_at: Timestamp,
    dormant_on: Timestamp,
    link: Option<&str>,
) -> Message {
    let v = view(r, side);
    let nudge = match side {
        Side::Mentee => format!(
            "As the mentee you set the pace: a short message to {} proposing a time is all it takes.",
            v.partner
        ),
        Side::Mentor => format!(
            "{} sets the pace, but a friendly note from you proposing a time often gets things moving.",
            v.partner
        ),
    };
    let text = format!(
        "You and {partner} were introduced in \"{programme}\" on {introduced}, and no meeting has been logged since. Getting started is often the hardest part.\n\n\
         {nudge} If you have met already, log the meeting so the programme knows.\n\n\
         If nothing is logged by {dormant}, the relationship will be closed as dormant — without blame to either of you.\n\n\
         {open}",
        partner = v.partner,
        programme = v.programme,
        introduced = date(introduced_at),
        dormant = date(dormant_on),
        open = open_line(link, "Log a meeting"),
    );
    Message {
        kind: NotificationKind::DormancyWarning,
        to: v.to,
        subject: format!("Have you and {} met yet?", v.partner),
        text,
        dedupe_key: format!("dormancy-warning:{}:{}", r.relationship.id.0, v.to.0),
    }
}

/// The relationship was closed as dormant (`004_…` step 8): common, no one's
/// fault, and both may be matched again.
pub fn dormancy_declared(r: &RelationshipSummary, side: Side, window_days: u32) -> Message {
    let v = view(r, side);
    let next = match side {
        Side::Mentee => "When you are ready, you can be matched with another mentor — in this programme's next round, or by choosing from the mentor list.",
        Side::Mentor => "Your place in the mentor pool is open again, and you can be matched with another mentee.",
    };
    let text = format!(
        "No meeting between you and {partner} was logged in the {span} after your introduction in \"{programme}\", so the programme has closed your mentoring relationship as dormant.\n\n\
         This is common — calendars fill up, priorities shift, and not every pairing finds its rhythm. It says nothing against either of you.\n\n\
         {next}\n\n\
         Thank you for giving it a try.",
        partner = v.partner,
        programme = v.programme,
        span = span(window_days),
    );
    Message {
        kind: NotificationKind::DormancyDeclared,
        to: v.to,
        subject: format!(
            "Your mentoring with {} has been closed — and that's all right",
            v.partner
        ),
        text,
        dedupe_key: format!("dormancy:{}:{}", r.relationship.id.0, v.to.0),
    }
}

/// The agreed period is over (`000_…` step 7): talk it over, then continue or
/// complete.
pub fn reassessment(
    r: &RelationshipSummary,
    side: Side,
    agreed_months: u32,
    period_started_at: Timestamp,
    link: Option<&str>,
) -> Message {
    let v = view(r, side);
    let text = format!(
        "On {start} you and {partner} agreed to work together for {months} in \"{programme}\". That period is over: time to take stock together.\n\n\
         Talk it over at your next meeting: which goals moved, what is still open, whether the way you work together still suits you both.\n\n\
         Then choose in Mentorhub: continue for a new period, or complete the relationship with a short closing reflection. Both are good outcomes.\n\n\
         {open}",
        start = date(period_started_at),
        partner = v.partner,
        months = months(agreed_months),
        programme = v.programme,
        open = open_line(link, "Choose here"),
    );
    Message {
        kind: NotificationKind::ReassessmentDue,
        to: v.to,
        subject: format!(
            "Continue or complete? Time to take stock with {}",
            v.partner
        ),
        text,
        dedupe_key: format!(
            "reassessment:{}:{}:{}",
            r.relationship.id.0, period_started_at.0, v.to.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_people_say_them() {
        assert_eq!(span(30), "a month");
        assert_eq!(span(90), "three months");
        assert_eq!(span(45), "45 days");
        assert_eq!(short_span(90), "three-month");
        assert_eq!(months(1), "one month");
        assert_eq!(months(9), "nine months");
        assert_eq!(months(18), "18 months");
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(date(Timestamp(1_795_435_200_000)), "23 November 2026");
    }
}
