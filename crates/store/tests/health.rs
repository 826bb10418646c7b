//! Programme health's aggregate queries, each on a small programme whose counts
//! are known, on both databases.

mod common;

use common::*;
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipEvent as E, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use mentorhub_store::{store_story, DayCount, NewRelationship, Store, TimelineKind};

fn ago(days: i64) -> Timestamp {
    NOW.plus_days(-days)
}

async fn relationship(
    store: &Store,
    p: ProgrammeId,
    mentor: PersonId,
    mentee: PersonId,
    created: i64,
    events: &[(E, i64)],
) -> RelationshipId {
    let new = NewRelationship {
        programme_id: p,
        mentor_id: mentor,
        mentee_id: mentee,
        state: RelationshipState::Proposed,
        origin: Origin::Matched,
    };
    let id = store
        .create_relationship(new, Actor::System, "", ago(created))
        .await
        .unwrap();
    for (event, at) in events {
        store
            .apply_relationship_event(id, *event, Actor::System, ago(*at), "a reason", true, None)
            .await
            .unwrap();
    }
    id
}

async fn meeting(store: &Store, r: RelationshipId, by: PersonId, at: i64, status: MeetingStatus) {
    let input = MeetingInput {
        starts_at: ago(at),
        duration_minutes: 30,
        mode: MeetingMode::Phone,
        status,
        agenda: "private agenda".into(),
        next_meeting_at: None,
        question_for_next: String::new(),
    };
    store.create_meeting(r, input, by, NOW).await.unwrap();
}

store_story!(
    cadence_counts_held_meetings_since_activation_against_the_programmes_cadence,
    |store: Store| async move {
        let p = programme(&store, "Cadence").await;
        let (maya, eli, noa) = (
            person(&store, "M1", "Maya").await,
            person(&store, "E1", "Eli").await,
            person(&store, "E2", "Noa").await,
        );
        // Active 42 days at the programme's fortnightly cadence: 3 expected.
        let r = relationship(
            &store,
            p,
            maya,
            eli,
            60,
            &[(E::Introduce, 50), (E::ConfirmAgreement, 42)],
        )
        .await;
        meeting(&store, r, eli, 45, MeetingStatus::Held).await; // before activation
        meeting(&store, r, eli, 40, MeetingStatus::Held).await;
        meeting(&store, r, eli, 20, MeetingStatus::Cancelled).await;
        meeting(&store, r, eli, -2, MeetingStatus::Scheduled).await;
        // Active 14 days, two meetings: ahead of its one expected meeting.
        let ahead = relationship(
            &store,
            p,
            maya,
            noa,
            30,
            &[(E::Introduce, 20), (E::ConfirmAgreement, 14)],
        )
        .await;
        meeting(&store, ahead, noa, 10, MeetingStatus::Held).await;
        meeting(&store, ahead, noa, 3, MeetingStatus::Held).await;

        let (counts, behind) = store.health_cadence(p, NOW, 10).await.unwrap();
        assert_eq!(Cadence::Fortnightly.expected_meetings(42), 3);
        assert_eq!(
            (
                counts.pairs,
                counts.meetings_expected,
                counts.meetings_held,
                counts.meetings_held_within_cadence,
                counts.pairs_behind
            ),
            (2, 4, 3, 2, 1)
        );
        assert_eq!(behind.len(), 1);
        let b = &behind[0];
        assert_eq!(
            (
                b.relationship_id,
                b.mentee_name.as_str(),
                b.expected,
                b.held
            ),
            (r, "Eli", 3, 1)
        );
        assert_eq!(
            (b.cadence, b.active_since, b.last_meeting_at),
            (Cadence::Fortnightly, ago(42), Some(ago(40)))
        );
        let (_, none) = store.health_cadence(p, NOW, 0).await.unwrap();
        assert!(none.is_empty(), "a limit of 0 lists nobody");
    }
);

store_story!(
    matching_counts_matches_choices_and_whole_days_waited,
    |store: Store| async move {
        let p = programme(&store, "Matching").await;
        let maya = person(&store, "M1", "Maya").await;
        let omar = person(&store, "M2", "Omar").await;
        let mut mentors = Vec::new();
        for m in [maya, omar] {
            let e = store
                .create_enrolment(p, m, ParticipantRole::Mentor, ago(100))
                .await
                .unwrap();
            store
                .decide_mentor_application(e, true, "", m, ago(99))
                .await
                .unwrap();
            mentors.push(e);
        }
        let mut mentees = Vec::new();
        for (code, enrolled) in [("E1", 50), ("E2", 40), ("E3", 30), ("E4", 20)] {
            let who = person(&store, code, code).await;
            let e = store
                .create_enrolment(p, who, ParticipantRole::Mentee, ago(enrolled))
                .await
                .unwrap();
            mentees.push((who, e));
        }
        let withdrawn = person(&store, "E5", "Gone").await;
        let gone = store
            .create_enrolment(p, withdrawn, ParticipantRole::Mentee, ago(50))
            .await
            .unwrap();
        store.withdraw_enrolment(gone, ago(45)).await.unwrap();
        // E1 asked Maya then Omar and got Maya; E2 asked Maya then Omar and got Omar;
        // E3 asked nobody; E4's only proposal was declined.
        store
            .set_preferences(mentees[0].1, &[(mentors[0], 1), (mentors[1], 2)], ago(49))
            .await
            .unwrap();
        store
            .set_preferences(mentees[1].1, &[(mentors[0], 1), (mentors[1], 2)], ago(39))
            .await
            .unwrap();
        let r1 = relationship(&store, p, maya, mentees[0].0, 40, &[(E::Introduce, 39)]).await;
        relationship(&store, p, omar, mentees[1].0, 37, &[]).await;
        relationship(&store, p, omar, mentees[2].0, 28, &[]).await;
        relationship(&store, p, maya, mentees[3].0, 15, &[(E::Decline, 14)]).await;
        meeting(&store, r1, mentees[0].0, 33, MeetingStatus::Held).await;

        let m = store.health_matching(p).await.unwrap();
        assert_eq!(
            (
                m.mentees,
                m.matched,
                m.matched_with_preferences,
                m.first_choice,
                m.second_choice
            ),
            (4, 3, 2, 1, 1)
        );
        let mut waits = m.days_to_match.clone();
        waits.sort_by_key(|d| d.days);
        assert_eq!(
            waits,
            vec![
                DayCount {
                    days: None,
                    count: 1
                },
                DayCount {
                    days: Some(2),
                    count: 1
                },
                DayCount {
                    days: Some(3),
                    count: 1
                },
                DayCount {
                    days: Some(10),
                    count: 1
                },
            ]
        );
        let mut first = m.days_to_first_meeting.clone();
        first.sort_by_key(|d| d.days);
        assert_eq!(
            first,
            vec![
                DayCount {
                    days: None,
                    count: 2
                },
                DayCount {
                    days: Some(7),
                    count: 1
                }
            ],
            "the declined proposal is not a match"
        );
    }
);

store_story!(
    relationships_pool_and_dormancy_are_counted_per_programme,
    |store: Store| async move {
        let p = pair(&store).await; // proposed, created at NOW
        let other = programme(&store, "Elsewhere").await;
        let quiet = person(&store, "E2", "Quiet").await;
        let late = person(&store, "E3", "Late").await;
        // Introduced 80 days ago with no contact: inside the 14 warning days of 90.
        relationship(
            &store,
            p.programme,
            p.mentor,
            quiet,
            85,
            &[(E::Introduce, 80)],
        )
        .await;
        relationship(
            &store,
            p.programme,
            p.mentor,
            late,
            130,
            &[(E::Introduce, 120), (E::DeclareDormant, 30)],
        )
        .await;
        relationship(&store, other, p.mentor, late, 10, &[(E::Introduce, 85)]).await;

        let c = store.health_relationships(p.programme, NOW).await.unwrap();
        let mut by_state = c.by_state.clone();
        by_state.sort();
        assert_eq!(
            by_state,
            vec![
                (RelationshipState::Proposed, 1),
                (RelationshipState::Introduced, 1),
                (RelationshipState::Dormant, 1)
            ]
        );
        assert_eq!((c.introduced, c.dormant, c.approaching), (2, 1, 1));
        let near = store
            .health_pairs_near_dormancy(p.programme, NOW, 10)
            .await
            .unwrap();
        assert_eq!(near.len(), 1);
        assert_eq!(
            (near[0].mentee_name.as_str(), near[0].introduced_at),
            ("Quiet", ago(80))
        );

        // The mentor (capacity 2, approved, with a profile) has two open
        // relationships here and one elsewhere: no place left. Three mentees wait.
        let e = enrol(&store, p.programme, p.mentor, ParticipantRole::Mentor).await;
        let profile = mentorhub_domain::profile::MentorProfile {
            enrolment_id: e,
            bio: "Finance".into(),
            expertise: vec![mentorhub_domain::profile::Expertise::new("Strategy", 3).unwrap()],
            leadership_style: mentorhub_domain::profile::LeadershipStyle::Decisive,
            personal_style: vec![],
            track_record: String::new(),
            capacity: 4,
            availability: String::new(),
            meeting_modes: vec![MeetingMode::Video],
        };
        store
            .save_mentor_profile(&profile, None, NOW)
            .await
            .unwrap();
        store
            .decide_mentor_application(e, true, "", p.mentor, NOW)
            .await
            .unwrap();
        for who in [p.mentee, quiet, late] {
            let m = enrol(&store, p.programme, who, ParticipantRole::Mentee).await;
            store
                .set_mentee_enrolment_status(m, EnrolmentStatus::Approved, NOW)
                .await
                .unwrap();
        }
        let pool = store.health_mentor_pool(p.programme).await.unwrap();
        assert_eq!(
            (
                pool.qualified_mentors,
                pool.places,
                pool.places_left,
                pool.mentees_waiting
            ),
            (1, 4, 1, 1),
            "3 open relationships of 4 places; only Late waits (dormant)"
        );
    }
);

store_story!(
    checkins_goals_and_timeline_are_counted_without_reading_any_text,
    |store: Store| async move {
        let p = pair(&store).await;
        let r = p.relationship;
        store
            .apply_relationship_event(r, E::Introduce, Actor::System, ago(0), "", true, None)
            .await
            .unwrap();
        store.create_due_checkins(r, 30, NOW).await.unwrap();
        let rows = store.list_checkins(r).await.unwrap();
        let mentor_row = rows.iter().find(|c| c.person_id == p.mentor).unwrap();
        let answer = CheckInAnswer::new(true, 4, "never shown", NOW).unwrap();
        store
            .answer_checkin(mentor_row.id, p.mentor, &answer)
            .await
            .unwrap();
        let c = store.health_checkins(p.programme).await.unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (
                c[0].due_day,
                c[0].due,
                c[0].answered,
                c[0].in_regular_contact,
                c[0].working
            ),
            (30, 2, 1, 1, [0, 0, 0, 1, 0])
        );

        let timeline = store.health_timeline(p.programme).await.unwrap();
        let today = NOW.0 / 86_400_000;
        assert_eq!(timeline.len(), 1);
        assert_eq!(
            (timeline[0].kind, timeline[0].day, timeline[0].count),
            (TimelineKind::Started, today, 1)
        );

        let g = store.health_goals(p.programme).await.unwrap();
        assert_eq!((g.goals, g.mentees, g.progress_sum), (0, 0, 0));
        let t = store.health_training(p.programme).await.unwrap();
        assert_eq!(
            t.iter()
                .map(|t| (t.role, t.participants))
                .collect::<Vec<_>>(),
            vec![(ParticipantRole::Mentor, 0), (ParticipantRole::Mentee, 0)]
        );
    }
);
