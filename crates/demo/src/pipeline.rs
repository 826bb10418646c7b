//! The demo mentee's informal pipeline (`000_…` steps 5–7, `001_…` steps 2–3):
//! a private shortlist at different outreach stages, moved there by the domain's
//! own rules, and an open offer from a mentor who noticed them (`003_…`).

use crate::clock::Clock;
use crate::model::*;
use crate::rng::DemoRng;
use mentorhub_domain::management::is_in_management_line;
use mentorhub_domain::outreach::{
    ContactMethod, OfferState, OutreachAction, OutreachStage, ShortlistEntry,
};
use mentorhub_domain::relationship::Origin;
use mentorhub_domain::{PersonId, ShortlistEntryId};

pub struct Pipeline {
    pub shortlist: Vec<DemoShortlistEntry>,
    pub offers: Vec<DemoOffer>,
}

pub fn build(
    rng: &mut DemoRng,
    clock: Clock,
    people: &[DemoPerson],
    accounts: &DemoAccounts,
    mentors: &[DemoMentor],
    relationships: &[DemoRelationship],
) -> Pipeline {
    let mentee = accounts.mentee;
    let level = people[mentee].person.career_level.get();
    let mut candidates: Vec<PersonIx> = mentors
        .iter()
        .filter(|m| m.programme == INFORMAL && m.person != accounts.mentor)
        .map(|m| m.person)
        .filter(|&p| {
            people[p].person.career_level.get() > level + 1
                && !is_in_management_line(&mentee, &p, |x: &PersonIx| people[*x].manager)
        })
        .collect();
    candidates.dedup();
    rng.shuffle(&mut candidates);

    use OutreachAction as A;
    let talk = |notes: &str, welcome| A::LogConversation {
        notes: notes.into(),
        follow_up_welcome: welcome,
    };
    let stages: [(Vec<OutreachAction>, &str, &str); 4] = [
        (
            vec![
                A::Contact { method: ContactMethod::Email },
                talk("Thirty minutes over lunch. Asked about my goals before talking about their own career; suggested I practise the quarterly review with their team first.", true),
                A::SendThanks,
                talk("Second conversation by video. Warm and direct. Said they would be glad to stay in touch, which felt genuine.", true),
            ],
            "Presents brilliantly to the executive team and is known for making quick calls and explaining them. Outside my function, so a fresh view.",
            "Very busy at quarter end; would mostly be video.",
        ),
        (
            vec![A::Contact { method: ContactMethod::Phone }],
            "Led a team through the last reorganisation and kept almost everyone. Exactly the change experience I lack.",
            "Does not know me at all yet.",
        ),
        (
            Vec::new(),
            "Rebuilt the graduate programme; people say nobody in the building is better at spotting talent.",
            "Travels a lot; not sure there is capacity this year.",
        ),
        (
            vec![
                A::Contact { method: ContactMethod::Email },
                talk("Interesting conversation, but clear that their time is committed to their own team this year.", false),
                A::SendThanks,
                A::RuleOut,
            ],
            "Deep commercial experience and a decisive style, different from mine.",
            "Said a follow-up was not possible this year.",
        ),
    ];
    let recommendations = [
        "Recommended by my manager, who worked with them on last year's budget.",
        "Two colleagues in Operations said this is the person to talk to about change.",
        "",
        "Suggested by my previous mentor.",
    ];
    let mut shortlist = Vec::new();
    for (i, ((actions, positives, constraints), recommendation)) in
        stages.into_iter().zip(recommendations).enumerate()
    {
        let Some(&candidate) = candidates.get(i) else {
            break;
        };
        let mut entry = ShortlistEntry {
            id: ShortlistEntryId(i as i64),
            mentee_id: PersonId(mentee as i64),
            candidate_id: PersonId(candidate as i64),
            position: i as i32 + 1,
            positives: positives.into(),
            constraints: constraints.into(),
            recommendations: recommendation.into(),
            stage: OutreachStage::Shortlisted,
            contact_method: None,
            conversations: 0,
            follow_up_welcome: None,
            thanked: false,
            notes: String::new(),
        };
        let created_at = clock.at(40 - 3 * i as i64, 18);
        let mut steps = Vec::new();
        for (k, action) in actions.into_iter().enumerate() {
            entry
                .apply(&action)
                .unwrap_or_else(|e| panic!("demo outreach must follow the pipeline: {e}"));
            steps.push((action, clock.at(36 - 3 * i as i64 - 6 * k as i64, 17)));
        }
        shortlist.push(DemoShortlistEntry {
            mentee,
            candidate,
            programme: Some(INFORMAL),
            position: entry.position,
            positives: entry.positives,
            constraints: entry.constraints,
            recommendations: entry.recommendations,
            actions: steps,
            stage: entry.stage,
            contact_method: entry.contact_method,
            conversations: entry.conversations,
            follow_up_welcome: entry.follow_up_welcome,
            thanked: entry.thanked,
            notes: entry.notes,
            created_at,
        });
    }

    let mut offers = Vec::new();
    let offerer = candidates
        .iter()
        .skip(shortlist.len())
        .copied()
        .find(|&p| people[p].person.career_level.get() >= 10);
    if let Some(mentor) = offerer {
        offers.push(DemoOffer {
            mentor,
            protege: mentee,
            programme: Some(INFORMAL),
            noticed: "I chaired the forecast review where you presented the cash-flow scenarios. You answered the hardest question in the room plainly, then said what you would do about it. I would be glad to mentor you, particularly on presenting to senior audiences, if you would find it useful.".into(),
            state: OfferState::Open,
            created_at: clock.at(4, 16),
        });
    }
    // The informal relationship that began with an offer keeps its accepted offer.
    for r in relationships.iter().filter(|r| r.origin == Origin::Offer) {
        offers.push(DemoOffer {
            mentor: r.mentor,
            protege: r.mentee,
            programme: Some(r.programme),
            noticed: "You ran the supplier workshop last month and got two teams who never agree to a plan by lunchtime. I think you could lead far bigger rooms than that, and I would enjoy helping.".into(),
            state: OfferState::Accepted,
            created_at: r.created_at.plus_days(-7),
        });
    }
    Pipeline { shortlist, offers }
}
