//! What time does to a relationship, as the pair sees it in their inboxes: the
//! check-ins at one and three months, the dormancy warning and declaration when
//! nobody logs a meeting, and the reassessment when the agreed period is over.
//! A manual clock moves through the days; every point is ticked twice, since
//! however often the scheduler runs, each thing happens once.

mod common;

use common::smtp_sink::SmtpSink;
use common::*;
use mentorhub_domain::agreement::AgreementTerms;
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{RelationshipEvent, RelationshipState};
use mentorhub_mail::schedule::add_months;
use mentorhub_web::clock::ManualClock;
use std::sync::Arc;

const MENTOR: &str = "m1@example.org";
const MENTEE: &str = "e1@example.org";

/// Moves the clock to `at`, ticks twice and returns the subjects that arrived
/// meanwhile, per recipient: (mentor's, mentee's).
async fn at_day(
    clock: &Arc<ManualClock>,
    mailer: &mentorhub_mail::Mailer,
    sink: &SmtpSink,
    at: mentorhub_domain::time_util::Timestamp,
) -> (Vec<String>, Vec<String>) {
    let before = (
        sink.received_by(MENTOR).len(),
        sink.received_by(MENTEE).len(),
    );
    clock.set(at);
    mailer.tick().await.expect("tick");
    mailer.tick().await.expect("second tick");
    let new = |address: &str, skip: usize| subjects(&sink.received_by(address)[skip..]);
    (new(MENTOR, before.0), new(MENTEE, before.1))
}

mail_story!(
    a_pair_who_meet_are_asked_to_check_in_at_one_and_three_months_and_nothing_more,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start().await;
        let clock = clock();
        let mailer = mailer(&store, &clock, config(Some(&sink.url), "runner-a"));
        let prog = programme(&store, "Finance Leaders 2027").await;
        let maya = person(&store, "M1", "Maya Okafor").await;
        let eli = person(&store, "E1", "Eli Brandt").await;
        let rel = active_relationship(&store, prog, maya, eli, DAY0).await;
        let input = MeetingInput {
            starts_at: day(10),
            duration_minutes: 45,
            mode: MeetingMode::Video,
            status: MeetingStatus::Held,
            agenda: "Goals for the year".into(),
            next_meeting_at: None,
            question_for_next: String::new(),
        };
        clock.set(day(10));
        store
            .create_meeting(rel, input, eli, day(10))
            .await
            .expect("meeting");

        let nothing = (vec![], vec![]);
        assert_eq!(at_day(&clock, &mailer, &sink, day(29)).await, nothing);
        assert_eq!(
            at_day(&clock, &mailer, &sink, day(30)).await,
            (
                vec!["How is it going with Eli Brandt? A one-month check-in".to_string()],
                vec!["How is it going with Maya Okafor? A one-month check-in".to_string()]
            )
        );
        let first = &sink.received_by(MENTEE)[0];
        assert!(first.text.starts_with("Dear Eli,"), "{}", first.text);
        assert!(first.text.contains("It is a month since you and Maya Okafor started working together in \"Finance Leaders 2027\""));
        assert!(first
            .text
            .contains("Your answers are private: Maya Okafor will not see them."));
        assert!(
            first.text.contains(&format!(
                "https://mentoring.example.org/relationships/{}",
                rel.0
            )),
            "{}",
            first.text
        );
        assert!(first.html.contains("<p>Dear Eli,</p>"), "{}", first.html);

        // A meeting was logged: no warning on day 76, no dormancy on day 90.
        assert_eq!(at_day(&clock, &mailer, &sink, day(76)).await, nothing);
        assert_eq!(
            at_day(&clock, &mailer, &sink, day(90)).await,
            (
                vec!["How is it going with Eli Brandt? A three-month check-in".to_string()],
                vec!["How is it going with Maya Okafor? A three-month check-in".to_string()]
            )
        );
        assert_eq!(at_day(&clock, &mailer, &sink, day(200)).await, nothing);

        let checkins = store.list_checkins(rel).await.expect("checkins");
        let rows: Vec<_> = checkins
            .iter()
            .map(|c| (c.due_day, c.person_id, c.due_at))
            .collect();
        assert_eq!(
            rows,
            vec![
                (30, maya, day(30)),
                (30, eli, day(30)),
                (90, maya, day(90)),
                (90, eli, day(90))
            ]
        );
        assert_eq!(
            store.get_relationship(rel).await.unwrap().state,
            RelationshipState::Active
        );
    }
);

mail_story!(
    a_silent_pair_is_warned_on_day_76_and_kindly_closed_as_dormant_on_day_90,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start().await;
        let clock = clock();
        let mailer = mailer(&store, &clock, config(Some(&sink.url), "runner-a"));
        let prog = programme(&store, "Finance Leaders 2027").await;
        let maya = person(&store, "M1", "Maya Okafor").await;
        let eli = person(&store, "E1", "Eli Brandt").await;
        let rel = active_relationship(&store, prog, maya, eli, DAY0).await;

        let nothing = (vec![], vec![]);
        assert_eq!(
            at_day(&clock, &mailer, &sink, day(30)).await.0.len(),
            1,
            "the one-month check-in"
        );
        assert_eq!(at_day(&clock, &mailer, &sink, day(75)).await, nothing);
        assert_eq!(
            at_day(&clock, &mailer, &sink, day(76)).await,
            (
                vec!["Have you and Eli Brandt met yet?".to_string()],
                vec!["Have you and Maya Okafor met yet?".to_string()]
            )
        );
        let warning = &sink.received_by(MENTEE).last().cloned().unwrap();
        assert!(warning.text.contains(
            "You and Maya Okafor were introduced in \"Finance Leaders 2027\" on 23 November 2026"
        ));
        assert!(warning.text.contains("As the mentee you set the pace"));
        assert!(
            warning
                .text
                .contains("If nothing is logged by 21 February 2027"),
            "{}",
            warning.text
        );
        assert_eq!(at_day(&clock, &mailer, &sink, day(89)).await, nothing);

        // Day 90: closed as dormant. The three-month check-in is not sent to a
        // pair whose relationship has just ended.
        assert_eq!(
            at_day(&clock, &mailer, &sink, day(90)).await,
            (
                vec![
                    "Your mentoring with Eli Brandt has been closed — and that's all right"
                        .to_string()
                ],
                vec![
                    "Your mentoring with Maya Okafor has been closed — and that's all right"
                        .to_string()
                ]
            )
        );
        let closed = &sink.received_by(MENTOR).last().cloned().unwrap();
        assert!(closed.text.contains("This is common"));
        assert!(closed
            .text
            .contains("It says nothing against either of you."));
        assert!(closed
            .text
            .contains("Your place in the mentor pool is open again"));
        assert_eq!(at_day(&clock, &mailer, &sink, day(120)).await, nothing);

        let r = store.get_relationship(rel).await.unwrap();
        assert_eq!(
            (r.state, r.closed_at),
            (RelationshipState::Dormant, Some(day(90)))
        );
        let last = store
            .list_relationship_transitions(rel)
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(
            (last.event, last.actor),
            (Some(RelationshipEvent::DeclareDormant), None)
        );
        assert_eq!(
            last.reason,
            "no contact was logged within 90 days of the introduction"
        );
        assert!(
            store.pair_was_dormant(maya, eli).await.unwrap(),
            "matching will not propose them again"
        );
        let days: Vec<u32> = store
            .list_checkins(rel)
            .await
            .unwrap()
            .iter()
            .map(|c| c.due_day)
            .collect();
        assert_eq!(days, vec![30, 30]);
    }
);

mail_story!(
    reassessment_comes_when_the_agreed_months_are_over_not_the_programme_default,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start().await;
        let clock = clock();
        let mailer = mailer(&store, &clock, config(Some(&sink.url), "runner-a"));
        let prog = programme(&store, "Finance Leaders 2027").await;
        let maya = person(&store, "M1", "Maya Okafor").await;
        let eli = person(&store, "E1", "Eli Brandt").await;
        let rel = active_relationship(&store, prog, maya, eli, DAY0).await;
        store.record_contact(rel, day(5)).await.unwrap();
        let terms = AgreementTerms {
            cadence: Cadence::Monthly,
            mode: MeetingMode::InPerson,
            confidentiality: "What we say stays between us.".into(),
            raising_concerns: "Say so at the next meeting.".into(),
            duration_months: 6,
            mentor_concerns: String::new(),
            mentee_concerns: String::new(),
        };
        store
            .create_agreement(rel, Some(terms), Some(eli), DAY0)
            .await
            .unwrap();
        at_day(&clock, &mailer, &sink, day(90)).await;

        let six_months = add_months(DAY0, 6);
        let nothing = (vec![], vec![]);
        assert_eq!(
            at_day(&clock, &mailer, &sink, six_months.plus_days(-1)).await,
            nothing
        );
        assert_eq!(
            at_day(&clock, &mailer, &sink, six_months).await,
            (
                vec!["Continue or complete? Time to take stock with Eli Brandt".to_string()],
                vec!["Continue or complete? Time to take stock with Maya Okafor".to_string()]
            )
        );
        let ask = sink.received_by(MENTOR).last().cloned().unwrap();
        assert!(ask.text.contains("On 23 November 2026 you and Eli Brandt agreed to work together for six months in \"Finance Leaders 2027\""), "{}", ask.text);
        assert!(ask
            .text
            .contains("continue for a new period, or complete the relationship"));
        assert_eq!(
            store.get_relationship(rel).await.unwrap().state,
            RelationshipState::ReassessmentDue
        );
        // The programme's nine months pass: nothing more, they were asked.
        assert_eq!(
            at_day(&clock, &mailer, &sink, add_months(DAY0, 9)).await,
            nothing
        );

        // They continue: a new six-month period, and a new reassessment at its end.
        let continued_at = add_months(DAY0, 9);
        store
            .apply_relationship_event(
                rel,
                RelationshipEvent::Continue,
                mentorhub_domain::relationship::Actor::Person(eli),
                continued_at,
                "",
                true,
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            at_day(&clock, &mailer, &sink, add_months(continued_at, 6))
                .await
                .1
                .len(),
            1
        );
    }
);
