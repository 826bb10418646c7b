//! What the mail area's scheduler and outbox page ask of the store, on both
//! databases.

mod common;

use common::*;
use mentorhub_domain::agreement::AgreementTerms;
use mentorhub_domain::notification::{DeliveryStatus, NotificationKind};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{Actor, RelationshipEvent, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{store_story, NewNotification, OutboxCounts, Store};

store_story!(
    the_scheduler_sees_open_relationships_with_their_schedule_and_agreed_duration,
    |store: Store| async move {
        let p = pair(&store).await;
        let closed = {
            let other = person(&store, "E2", "Ola Mentee").await;
            let id = store
                .create_relationship(
                    mentorhub_store::NewRelationship {
                        programme_id: p.programme,
                        mentor_id: p.mentor,
                        mentee_id: other,
                        state: RelationshipState::Active,
                        origin: mentorhub_domain::relationship::Origin::Matched,
                    },
                    Actor::System,
                    "",
                    NOW,
                )
                .await
                .unwrap();
            store
                .apply_relationship_event(
                    id,
                    RelationshipEvent::EndEarly,
                    Actor::Person(other),
                    NOW,
                    "moved abroad",
                    true,
                    None,
                )
                .await
                .unwrap();
            id
        };
        // Proposed: nothing to schedule yet.
        assert!(store.scheduled_relationships().await.unwrap().is_empty());

        store
            .apply_relationship_event(
                p.relationship,
                RelationshipEvent::Introduce,
                Actor::System,
                NOW,
                "",
                true,
                None,
            )
            .await
            .unwrap();
        let seen = store.scheduled_relationships().await.unwrap();
        assert_eq!(
            seen.len(),
            1,
            "the ended relationship {closed:?} is not looked at"
        );
        let s = &seen[0];
        assert_eq!(s.relationship.state, RelationshipState::Introduced);
        assert_eq!(
            (
                s.checkins.days.clone(),
                s.dormancy.days,
                s.dormancy.warn_days_before
            ),
            (vec![30, 90], 90, 14)
        );
        assert_eq!(
            s.duration_months, 9,
            "the programme's default without an agreement"
        );
        assert_eq!((s.last_contact_at, s.checkin_days_created.len()), (None, 0));

        let terms = AgreementTerms {
            cadence: Cadence::Monthly,
            mode: MeetingMode::Video,
            confidentiality: "Between us.".into(),
            raising_concerns: "Say so.".into(),
            duration_months: 12,
            mentor_concerns: String::new(),
            mentee_concerns: String::new(),
        };
        store
            .create_agreement(p.relationship, Some(terms), Some(p.mentee), NOW)
            .await
            .unwrap();
        store
            .record_contact(p.relationship, Timestamp(NOW.0 + 5 * DAY))
            .await
            .unwrap();
        store
            .create_due_checkins(p.relationship, 30, Timestamp(NOW.0 + 30 * DAY))
            .await
            .unwrap();
        let s = store.scheduled_relationships().await.unwrap().remove(0);
        assert_eq!(s.duration_months, 12, "the agreed duration wins");
        assert_eq!(s.last_contact_at, Some(Timestamp(NOW.0 + 5 * DAY)));
        assert_eq!(
            s.checkin_days_created.into_iter().collect::<Vec<_>>(),
            vec![30]
        );
    }
);

store_story!(
    the_outbox_is_counted_by_delivery_state,
    |store: Store| async move {
        assert_eq!(
            store.count_notifications().await.unwrap(),
            OutboxCounts::default()
        );
        for i in 0..4 {
            let n = NewNotification {
                kind: NotificationKind::Announcement,
                recipient_person_id: None,
                recipient_email: format!("p{i}@example.org"),
                subject: "News".into(),
                body_text: "Hello".into(),
                body_html: "<p>Hello</p>".into(),
                dedupe_key: format!("news:{i}"),
            };
            store.enqueue_notification(&n, NOW).await.unwrap();
        }
        let claimed = store
            .claim_notifications("w", 2, 60_000, NOW)
            .await
            .unwrap();
        store
            .mark_notification_sent(claimed[0].id, "w", NOW)
            .await
            .unwrap();
        let status = store
            .mark_notification_failed(claimed[1].id, "w", "550 no such user", 1, NOW)
            .await
            .unwrap();
        assert_eq!(status, Some(DeliveryStatus::Failed));
        assert_eq!(
            store.count_notifications().await.unwrap(),
            OutboxCounts {
                pending: 2,
                sent: 1,
                failed: 1
            }
        );
    }
);

store_story!(
    old_finished_jobs_of_a_kind_are_deleted_and_nothing_else,
    |store: Store| async move {
        let day = |d: i64| Timestamp(NOW.0 + d * DAY);
        for (key, kind) in [
            ("sweep:1", "sweep"),
            ("sweep:2", "sweep"),
            ("checkin:1:30", "checkin_due"),
        ] {
            store
                .enqueue_job(kind, &serde_json::json!({}), key, NOW, NOW)
                .await
                .unwrap();
        }
        let jobs = store.claim_jobs("w", 10, 60_000, NOW).await.unwrap();
        for job in &jobs {
            if job.dedupe_key != "sweep:2" {
                store.complete_job(job.id, "w", NOW).await.unwrap();
            }
        }
        store.release_job_leases("w").await.unwrap();
        assert_eq!(
            store.delete_finished_jobs("sweep", NOW).await.unwrap(),
            0,
            "not older than the cut-off"
        );
        assert_eq!(
            store.delete_finished_jobs("sweep", day(8)).await.unwrap(),
            1
        );
        let left: Vec<String> = store
            .claim_jobs("w", 10, 60_000, day(8))
            .await
            .unwrap()
            .into_iter()
            .map(|j| j.dedupe_key)
            .collect();
        assert_eq!(left, vec!["sweep:2"], "the queued sweep stays");
        assert!(
            !store
                .enqueue_job(
                    "checkin_due",
                    &serde_json::json!({}),
                    "checkin:1:30",
                    day(8),
                    day(8)
                )
                .await
                .unwrap(),
            "finished check-in jobs are kept"
        );
    }
);
