//! The short messages the product drafts for a mentee to copy (never sends):
//! the request for 30 minutes, the thank-you note and the ask (`000_…` steps 6–7).
//! A mentee approaches people personally; the drafts only take the blank page away.

/// What the mentee's self-assessment says they want to work on, if they wrote one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MenteeGoals {
    pub skills: Vec<String>,
    pub goals_this_year: String,
}

impl MenteeGoals {
    fn skills_phrase(&self) -> Option<String> {
        match self.skills.as_slice() {
            [] => None,
            [one] => Some(one.to_lowercase()),
            [first @ .., last] => Some(format!(
                "{} and {}",
                first
                    .iter()
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", "),
                last.to_lowercase()
            )),
        }
    }
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The first contact: introducing oneself, working on leadership, asking for
/// about 30 minutes on one's goals, perhaps over lunch as a thank-you (`000_…` step 6).
pub fn contact_request(mentee: &str, candidate: &str, goals: &MenteeGoals) -> String {
    let focus = match goals.skills_phrase() {
        Some(s) => format!(" — in particular {s}"),
        None => String::new(),
    };
    let mut text = format!(
        "Dear {},\n\nI am working on developing myself as a leader{focus}, and I would really value the input of someone with your experience and track record.\n\n",
        first_name(candidate)
    );
    let goal = goals.goals_this_year.trim();
    if !goal.is_empty() {
        text.push_str(&format!("This year my goal is: {goal}\n\n"));
    }
    text.push_str(
        "Would you have 30 minutes or so in the coming weeks to talk about my goals and how best to approach them? \
         Lunch would be a pleasure if it suits you — it would also let me thank you for your time.\n\n",
    );
    text.push_str(&format!("With thanks,\n{mentee}"));
    text
}

/// A thank-you note, owed to everyone who gave their time — including those the
/// mentee has ruled out (`000_…` step 6).
pub fn thank_you(mentee: &str, candidate: &str, talked: bool, stay_in_touch: bool) -> String {
    let what = if talked {
        "Thank you for the time you gave me and for our conversation. Your perspective on my goals was generous and genuinely useful, and I am grateful for it."
    } else {
        "Thank you for answering my request so kindly. I know how much your time is asked for, and I am grateful for it."
    };
    let mut text = format!("Dear {},\n\n{what}\n\n", first_name(candidate));
    if stay_in_touch {
        text.push_str("I would be glad to stay in touch with a follow-up question now and then, as you kindly offered.\n\n");
    }
    text.push_str(&format!("With warm thanks,\n{mentee}"));
    text
}

/// A suggestion for what the mentee is looking for, from their self-assessment.
pub fn suggested_looking_for(goals: &MenteeGoals) -> String {
    let mut parts = Vec::new();
    if let Some(s) = goals.skills_phrase() {
        parts.push(format!("Help to improve {s}."));
    }
    let goal = goals.goals_this_year.trim();
    if !goal.is_empty() {
        parts.push(format!("My goal this year: {goal}"));
    }
    parts.join(" ")
}

/// The seed's guidelines for an informal relationship, as a starting point the
/// mentee edits (`000_…` step 7: weekly is ideal, monthly the minimum; at least
/// four to six months before reassessing).
pub const SUGGESTED_HOW: &str = "Meeting once a month (more often if we can), face to face where possible, otherwise by phone or video. What we discuss stays between us. Either of us says openly if something isn't working. After six months we look back together and decide whether to continue.";

/// The ask itself (`000_…` step 7): specific about what the mentee is looking for
/// and how the relationship should work, and open to the mentor's concerns.
pub fn ask(mentee: &str, candidate: &str, looking_for: &str, how: &str) -> String {
    format!(
        "Dear {},\n\nThank you again for the time we have spent talking. I would like to ask whether you would be my mentor.\n\n\
         What I am looking for: {}\n\n\
         How I would like our mentoring to work: {}\n\n\
         I would like us to agree these guidelines together, and to hear any concerns you have about taking this on. \
         Please tell me honestly if the timing is not right for you.\n\n\
         With thanks,\n{mentee}",
        first_name(candidate),
        looking_for.trim(),
        how.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goals() -> MenteeGoals {
        MenteeGoals {
            skills: vec![
                "Quick, decisive decisions".into(),
                "Developing talent".into(),
            ],
            goals_this_year: "Lead the Leeds integration".into(),
        }
    }

    #[test]
    fn the_request_asks_for_thirty_minutes_on_the_mentees_goals() {
        let text = contact_request("Eli Brown", "Maya Stone", &goals());
        assert!(text.starts_with("Dear Maya,"));
        assert!(text.contains("in particular quick, decisive decisions and developing talent"));
        assert!(text.contains("This year my goal is: Lead the Leeds integration"));
        assert!(text.contains("30 minutes"));
        assert!(text.ends_with("Eli Brown"));
    }

    #[test]
    fn the_request_reads_well_without_a_self_assessment() {
        let text = contact_request("Eli", "Maya", &MenteeGoals::default());
        assert!(text.contains("as a leader, and"), "{text}");
        assert!(!text.contains("goal is"));
    }

    #[test]
    fn a_thank_you_is_drafted_even_without_a_conversation() {
        let after_talk = thank_you("Eli", "Maya Stone", true, true);
        assert!(after_talk.contains("our conversation"));
        assert!(after_talk.contains("stay in touch"));
        let before = thank_you("Eli", "Maya Stone", false, false);
        assert!(!before.contains("conversation"));
        assert!(!before.contains("stay in touch"));
    }

    #[test]
    fn the_ask_states_what_and_how() {
        let text = ask("Eli", "Maya Stone", " Decisive calls ", "Monthly lunch");
        assert!(text.contains("would be my mentor"));
        assert!(text.contains("What I am looking for: Decisive calls\n"));
        assert!(text.contains("How I would like our mentoring to work: Monthly lunch"));
        assert_eq!(
            suggested_looking_for(&goals()),
            "Help to improve quick, decisive decisions and developing talent. My goal this year: Lead the Leeds integration"
        );
    }
}
