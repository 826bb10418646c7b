//! The email outbox and the jobs queue: enqueued once, claimed by one worker at
//! a time, retried with backoff, on both databases.

mod common;

use common::*;
use mentorhub_domain::notification::{retry_backoff_ms, DeliveryStatus, NotificationKind};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{store_story, JobStatus, NewNotification, Store};
use std::collections::HashSet;

const LEASE: i64 = 60_000;

fn message(key: &str) -> NewNotification {
    NewNotification {
        kind: NotificationKind::Introduction,
        recipient_person_id: None,
        recipient_email: "eli@example.org".into(),
        subject: "Meet your mentor".into(),
        body_text: "Hello".into(),
        body_html: "<p>Hello</p>".into(),
        dedupe_key: key.into(),
    }
}

store_story!(enqueueing_twice_is_one_message, |store: Store| async move {
    assert!(store
        .enqueue_notification(&message("intro:1"), NOW)
        .await
        .unwrap());
    assert!(!store
        .enqueue_notification(&message("intro:1"), NOW)
        .await
        .unwrap());
    assert_eq!(
        store.list_notifications(None, 50, 0).await.unwrap().len(),
        1
    );
});

store_story!(
    outbox_claims_each_message_once_across_workers,
    |store: Store| async move {
        for i in 0..120 {
            store
                .enqueue_notification(&message(&format!("m:{i}")), NOW)
                .await
                .unwrap();
        }
        let mut workers = Vec::new();
        for w in 0..4 {
            let store = store.clone();
            workers.push(tokio::spawn(async move {
                let name = format!("worker-{w}");
                let mut mine = Vec::new();
                loop {
                    let batch = store
                        .claim_notifications(&name, 7, LEASE, NOW)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        break;
                    }
                    for m in batch {
                        assert!(store
                            .mark_notification_sent(m.id, &name, NOW)
                            .await
                            .unwrap());
                        mine.push(m.id);
                    }
                }
                mine
            }));
        }
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.unwrap());
        }
        let distinct: HashSet<_> = all.iter().collect();
        assert_eq!(all.len(), 120, "every message claimed");
        assert_eq!(distinct.len(), 120, "and none twice");
        assert_eq!(
            store
                .list_notifications(Some(DeliveryStatus::Sent), 500, 0)
                .await
                .unwrap()
                .len(),
            120
        );
    }
);

store_story!(
    a_lapsed_lease_is_claimed_again_and_a_released_one_at_once,
    |store: Store| async move {
        store
            .enqueue_notification(&message("a"), NOW)
            .await
            .unwrap();
        let first = store
            .claim_notifications("w1", 10, LEASE, NOW)
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        assert!(
            store
                .claim_notifications("w2", 10, LEASE, NOW)
                .await
                .unwrap()
                .is_empty(),
            "held by w1"
        );
        let later = Timestamp(NOW.0 + LEASE);
        let again = store
            .claim_notifications("w2", 10, LEASE, later)
            .await
            .unwrap();
        assert_eq!(again[0].id, first[0].id, "w1 crashed: w2 takes over");
        assert!(
            !store
                .mark_notification_sent(first[0].id, "w1", later)
                .await
                .unwrap(),
            "w1 lost it"
        );
        assert_eq!(store.release_notification_leases("w2").await.unwrap(), 1);
        assert_eq!(
            store
                .claim_notifications("w3", 10, LEASE, later)
                .await
                .unwrap()
                .len(),
            1
        );
    }
);

store_story!(
    a_failing_message_backs_off_then_gives_up,
    |store: Store| async move {
        store
            .enqueue_notification(&message("f"), NOW)
            .await
            .unwrap();
        let m = store
            .claim_notifications("w", 1, LEASE, NOW)
            .await
            .unwrap()
            .remove(0);
        let status = store
            .mark_notification_failed(m.id, "w", "SMTP 451", 3, NOW)
            .await
            .unwrap();
        assert_eq!(status, Some(DeliveryStatus::Pending));
        assert!(
            store
                .claim_notifications("w", 1, LEASE, NOW)
                .await
                .unwrap()
                .is_empty(),
            "not before the backoff"
        );
        let retry_at = Timestamp(NOW.0 + retry_backoff_ms(0));
        let m = store
            .claim_notifications("w", 1, LEASE, retry_at)
            .await
            .unwrap()
            .remove(0);
        assert_eq!((m.attempts, m.last_error.as_deref()), (1, Some("SMTP 451")));
        store
            .mark_notification_failed(m.id, "w", "SMTP 451", 3, retry_at)
            .await
            .unwrap();
        let retry_at = Timestamp(retry_at.0 + retry_backoff_ms(1));
        let m = store
            .claim_notifications("w", 1, LEASE, retry_at)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            store
                .mark_notification_failed(m.id, "w", "SMTP 550", 3, retry_at)
                .await
                .unwrap(),
            Some(DeliveryStatus::Failed)
        );
        assert!(store
            .claim_notifications("w", 1, LEASE, Timestamp(retry_at.0 + 10 * DAY))
            .await
            .unwrap()
            .is_empty());
        let stored = store.get_notification(m.id).await.unwrap();
        assert_eq!(
            (stored.status, stored.attempts),
            (DeliveryStatus::Failed, 3)
        );
        assert_eq!(
            store
                .mark_notification_failed(m.id, "w", "late", 3, retry_at)
                .await
                .unwrap(),
            None
        );
    }
);

store_story!(
    jobs_run_once_each_and_only_when_due,
    |store: Store| async move {
        let tomorrow = Timestamp(NOW.0 + DAY);
        assert!(store
            .enqueue_job(
                "dormancy_sweep",
                &serde_json::json!({}),
                "sweep:2027-01-15",
                NOW,
                NOW
            )
            .await
            .unwrap());
        assert!(!store
            .enqueue_job(
                "dormancy_sweep",
                &serde_json::json!({}),
                "sweep:2027-01-15",
                NOW,
                NOW
            )
            .await
            .unwrap());
        store
            .enqueue_job(
                "checkins_due",
                &serde_json::json!({"programme": 1}),
                "checkins:2027-01-16",
                tomorrow,
                NOW,
            )
            .await
            .unwrap();
        for i in 0..40 {
            store
                .enqueue_job(
                    "send",
                    &serde_json::json!({ "n": i }),
                    &format!("send:{i}"),
                    NOW,
                    NOW,
                )
                .await
                .unwrap();
        }

        let (a, b, c) = (store.clone(), store.clone(), store.clone());
        let claimers = [a, b, c].into_iter().enumerate().map(|(w, s)| {
            tokio::spawn(async move {
                let name = format!("instance-{w}");
                let mut ran = Vec::new();
                while let Some(job) = s.claim_jobs(&name, 1, LEASE, NOW).await.unwrap().pop() {
                    assert!(s.complete_job(job.id, &name, NOW).await.unwrap());
                    ran.push(job.dedupe_key);
                }
                ran
            })
        });
        let mut ran = Vec::new();
        for c in claimers.collect::<Vec<_>>() {
            ran.extend(c.await.unwrap());
        }
        assert_eq!(ran.len(), 41, "today's 41 jobs, not tomorrow's");
        assert_eq!(ran.iter().collect::<HashSet<_>>().len(), 41, "each once");

        let job = store
            .claim_jobs("w", 5, LEASE, tomorrow)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            (job.kind.as_str(), job.payload["programme"].as_i64()),
            ("checkins_due", Some(1))
        );
        assert_eq!(
            store
                .fail_job(job.id, "w", "db down", 2, tomorrow)
                .await
                .unwrap(),
            Some(JobStatus::Queued)
        );
        let again_at = Timestamp(tomorrow.0 + retry_backoff_ms(0));
        let job = store
            .claim_jobs("w", 5, LEASE, again_at)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            store
                .fail_job(job.id, "w", "db down", 2, again_at)
                .await
                .unwrap(),
            Some(JobStatus::Failed)
        );
        let stored = store.get_job(job.id).await.unwrap();
        assert_eq!(
            (stored.status, stored.attempts, stored.finished_at),
            (JobStatus::Failed, 2, Some(again_at))
        );

        store
            .enqueue_job("x", &serde_json::json!(null), "x", NOW, NOW)
            .await
            .unwrap();
        store
            .claim_jobs("leaving", 5, LEASE, again_at)
            .await
            .unwrap();
        assert_eq!(store.release_job_leases("leaving").await.unwrap(), 1);
        assert_eq!(
            store
                .claim_jobs("staying", 5, LEASE, again_at)
                .await
                .unwrap()
                .len(),
            1
        );
    }
);
