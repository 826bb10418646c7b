//! What the generated relationships, resources and pipeline promise, without a
//! database: every state reached legally, and the life each state implies.

mod common;

use common::{org, TODAY};
use mentorhub_demo::{generate, DemoActor, HYBRID};
use mentorhub_domain::meeting::MeetingStatus;
use mentorhub_domain::outreach::{OfferState, OutreachStage};
use mentorhub_domain::relationship::{next_state, RelationshipEvent, RelationshipState as S};
use mentorhub_domain::training::ResourceKind;
use std::collections::HashSet;

#[test]
fn every_relationship_state_is_present_and_reached_legally() {
    for seed in [1, 2026, 99] {
        let org = generate(seed, TODAY);
        for state in S::ALL {
            assert!(
                org.relationships.iter().any(|r| r.state == state),
                "seed {seed}: no relationship is {state}"
            );
        }
        for r in &org.relationships {
            let mut state = S::Proposed;
            let mut at = r.created_at;
            for t in &r.history {
                assert_eq!(t.from, state);
                assert_eq!(
                    next_state(state, t.event),
                    Some(t.to),
                    "{:?} --{:?}",
                    state,
                    t.event
                );
                assert!(
                    t.at >= at && t.at <= TODAY,
                    "history runs forward and ends by today"
                );
                if matches!(
                    t.event,
                    RelationshipEvent::Decline | RelationshipEvent::EndEarly
                ) {
                    assert!(!t.reason.trim().is_empty());
                }
                if let DemoActor::Person(p) = t.actor {
                    assert!(p < org.people.len());
                }
                state = t.to;
                at = t.at;
            }
            assert_eq!(state, r.state);
            assert_ne!(r.mentor, r.mentee);
            assert!(
                TODAY.plus_days(-400) < r.created_at,
                "spread over the past year"
            );
        }
        // No open pair is repeated, and a pair that went dormant is not proposed again.
        let mut pairs = HashSet::new();
        for r in &org.relationships {
            assert!(
                pairs.insert((r.programme, r.mentor, r.mentee)),
                "pair repeated"
            );
        }
    }
}

#[test]
fn relationships_have_the_life_their_state_implies() {
    let org = org();
    for r in &org.relationships {
        let activated = r.time_of(S::Active).is_some();
        if activated {
            let a = r
                .agreement
                .as_ref()
                .expect("an active pair has an agreement");
            assert!(a.mentor_confirmed && a.mentee_confirmed);
            assert!(!r.goals.is_empty());
            assert!(r
                .meetings
                .iter()
                .any(|m| m.input.status == MeetingStatus::Held));
            assert!(r
                .meetings
                .iter()
                .filter(|m| m.input.status == MeetingStatus::Held)
                .all(|m| m.input.starts_at <= TODAY));
        } else {
            assert!(r.checkins.is_empty() && r.goals.is_empty());
        }
        if r.state == S::Completed {
            assert_eq!(r.reflections.len(), 2);
        }
        for m in r
            .meetings
            .iter()
            .filter(|m| m.input.status == MeetingStatus::Held)
        {
            assert!(!m.input.agenda.is_empty());
        }
    }
    let held: Vec<_> = org
        .relationships
        .iter()
        .flat_map(|r| &r.meetings)
        .filter(|m| m.input.status == MeetingStatus::Held)
        .collect();
    assert!(held.iter().any(|m| !m.input.question_for_next.is_empty()));
    assert!(held.iter().any(|m| m.notes.iter().any(|n| n.shared)));
    assert!(
        held.iter().any(|m| m.notes.len() == 2),
        "notes by each side"
    );
    let checkins: Vec<_> = org.relationships.iter().flat_map(|r| &r.checkins).collect();
    assert!(checkins
        .iter()
        .any(|c| c.due_day == 30 && c.answer.is_some()));
    assert!(checkins
        .iter()
        .any(|c| c.due_day == 90 && c.answer.is_some()));
    assert!(
        checkins.iter().any(|c| c.answer.is_none()),
        "some check-ins are due and unanswered"
    );
    assert!(org
        .relationships
        .iter()
        .flat_map(|r| &r.goals)
        .any(|g| g.input.shared_with_manager));
    assert!(org
        .relationships
        .iter()
        .flat_map(|r| &r.goals)
        .any(|g| !g.input.shared_with_manager));

    // Health pages have pairs near the dormancy line: introduced ~80 days ago, no meeting.
    let near = org
        .relationships
        .iter()
        .filter(|r| r.state == S::Introduced && r.meetings.is_empty())
        .filter(|r| {
            r.time_of(S::Introduced)
                .is_some_and(|t| (75..90).contains(&t.days_until(TODAY)))
        })
        .count();
    assert!(near >= 2, "{near} pairs near dormancy");
}

#[test]
fn resources_training_and_the_informal_pipeline_are_there() {
    let org = org();
    for kind in [
        ResourceKind::SelfAssessment,
        ResourceKind::AgendaTemplate,
        ResourceKind::AgreementTemplate,
        ResourceKind::Training,
        ResourceKind::Article,
    ] {
        let r = org
            .resources
            .iter()
            .find(|r| r.kind == kind)
            .unwrap_or_else(|| panic!("a {kind:?} resource"));
        assert!(
            r.body.split("\n\n").count() >= 3,
            "{} has a few paragraphs",
            r.title
        );
    }
    let training = org
        .resources
        .iter()
        .position(|r| r.kind == ResourceKind::Training && r.required)
        .expect("required training");
    assert_eq!(org.resources[training].programme, Some(HYBRID));
    for r in org.relationships.iter().filter(|r| r.programme == HYBRID) {
        let trained = org
            .completions
            .iter()
            .find(|c| c.resource == training && c.person == r.mentor);
        assert!(
            trained.is_some_and(|c| c.at < r.created_at),
            "mentors are trained before they are matched"
        );
    }

    let mentee = org.accounts.mentee;
    let shortlist: Vec<_> = org
        .shortlist
        .iter()
        .filter(|e| e.mentee == mentee)
        .collect();
    assert!((3..=4).contains(&shortlist.len()));
    let stages: HashSet<OutreachStage> = shortlist.iter().map(|e| e.stage).collect();
    assert!(stages.len() >= 3, "different outreach stages: {stages:?}");
    assert!(shortlist
        .iter()
        .all(|e| !e.positives.is_empty() && !e.constraints.is_empty()));
    assert!(shortlist.iter().any(|e| !e.recommendations.is_empty()));
    assert!(org
        .offers
        .iter()
        .any(|o| o.protege == mentee && o.state == OfferState::Open));
}

#[test]
fn the_summary_reads_as_one_paragraph() {
    let text = org().summary().to_string();
    assert!(text.starts_with("Demo organisation loaded: "));
    assert!(!text.contains('\n'));
    assert!(text.contains("awaiting manager approval") && text.contains("ended early"));
}
