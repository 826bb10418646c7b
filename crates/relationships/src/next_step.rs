//! "What to do next" on a relationship page, in the viewer's words. The mentee
//! drives the relationship; the mentor is framed as a coach, never a manager
//! (`003_…`, `004_…`).

use crate::view::RelationshipView;
use mentorhub_domain::relationship::RelationshipState as S;

pub fn next_step(v: &RelationshipView) -> String {
    let mentee = &v.mentee.name;
    let mentor = &v.mentor.name;
    if v.is_manager() {
        return match v.state {
            S::AwaitingManagerApproval => format!("{mentor} is in {mentee}'s management line, so your approval is asked before they are introduced."),
            s if s.is_open() => format!("{mentee} drives this relationship. You can help: say below what support you will give — time to meet, interest in what they learn. The pair's notes and check-in answers stay between them."),
            _ => format!("This relationship is {}.", v.state_label.to_lowercase()),
        };
    }
    if v.is_admin() {
        return format!(
            "You see the state, the agreed rhythm, aggregate goal progress and the check-in answers. Meeting notes stay between {mentor} and {mentee}."
        );
    }
    let partner = &v.partner().name;
    match v.state {
        S::Proposed => format!("This relationship is proposed. You will both be introduced once {mentor} has accepted."),
        S::AwaitingManagerApproval => format!("{mentor} is in {mentee}'s management line, so {mentee}'s manager is asked to approve before you are introduced."),
        S::Introduced => match &v.agreement {
            None if v.is_mentee() => format!("Propose your mentoring agreement with {partner}: how often you meet, how, what stays confidential, how either of you says something isn't working, and when you reassess."),
            None => format!("Agree with {partner} how you will work together: propose the mentoring agreement, or confirm theirs when they propose it."),
            Some(_) if !v.my_confirmed() => format!("Read the agreement and confirm it, or change it. Once you and {partner} have both confirmed, the relationship is active."),
            Some(_) => format!("You confirmed the agreement. Waiting for {partner} to confirm it."),
        },
        S::Active => {
            if !v.unanswered_checkins().is_empty() {
                return "A check-in is waiting for you: three short questions about how it is going. Your answers stay private from your partner.".into();
            }
            if v.agreement.as_ref().is_some_and(|a| !a.agreed()) {
                return format!("The agreement was changed: read it and confirm it again, with {partner}.");
            }
            let no_goals = v.goals.as_ref().is_some_and(|g| g.is_empty());
            if no_goals && v.is_mentee() {
                return format!("Share your goals with {partner}: what you want to achieve this year, and where you see yourself in three years.");
            }
            if no_goals {
                return format!("{mentee} has not shared goals yet. As their coach, ask what they want to achieve — they set the goals, not you.");
            }
            let upcoming = v.meetings.as_ref().is_some_and(|ms| {
                ms.iter().any(|m| m.status == "scheduled")
            });
            match (upcoming, v.is_mentee()) {
                (true, _) => "Prepare for your next meeting: the question posed last time is shown with it.".into(),
                (false, true) => format!("Propose your next meeting with {partner}, with its agenda: you drive the agenda."),
                (false, false) => format!("No meeting is planned. {mentee} drives the agenda; agree the next date together."),
            }
        }
        S::ReassessmentDue => match &v.reassessment {
            Some(r) if r.my_choice.is_some() && !r.partner_has_chosen => format!("You have chosen. Waiting for {partner} to choose."),
            _ => format!("Your agreed period has run out. Choose with {partner}: continue for a new period, or complete the relationship with a closing reflection."),
        },
        S::Completed if !v.my_reflection_written() => "This relationship is complete. Write your closing reflection: what you learned, and what you will take forward.".into(),
        S::Completed => "This relationship is complete. Thank you for the time you gave it.".into(),
        S::Dormant => "This relationship was declared dormant: no contact was logged in its first months. That is common and says nothing against either of you; both of you are free to try again with someone else.".into(),
        S::Declined => "This relationship was declined before it started.".into(),
        S::EndedEarly => "This relationship was ended early.".into(),
    }
}
