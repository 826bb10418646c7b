//! Two `mentorhub serve` instances on one database share the scheduled work and
//! the outbox without doing anything twice; an instance killed in the middle of
//! sending leaves its claims to the other once their lease runs out, and only
//! the message it was sending at that moment can arrive twice.

mod common;

use common::smtp_sink::{SinkOptions, SmtpSink};
use common::*;
use mentorhub_domain::notification::{DeliveryStatus, NotificationKind};
use mentorhub_mail::{Mailer, TickReport};
use mentorhub_store::{NewNotification, Store};
use std::collections::HashMap;
use std::sync::Arc;

const PAIRS: usize = 120;

/// How many times each Message-ID arrived.
fn arrivals(sink: &SmtpSink) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for email in sink.received() {
        *seen.entry(email.message_id).or_insert(0) += 1;
    }
    seen
}

/// Ticks until all `expected` emails have arrived and a tick finds nothing left.
async fn keep_ticking(mailer: Arc<Mailer>, sink: Arc<SmtpSink>, expected: usize) -> TickReport {
    let mut total = TickReport::default();
    for _ in 0..500 {
        let r = mailer.tick().await.expect("tick");
        total = add(total, r);
        if r.is_idle() && sink.received().len() >= expected {
            return total;
        }
        tokio::task::yield_now().await;
    }
    panic!("the work was never finished");
}

mail_story!(
    two_instances_run_every_job_and_send_every_email_exactly_once,
    |db: Db| async move {
        let store = db.store;
        let prog = programme(&store, "Finance Leaders 2027").await;
        for i in 0..PAIRS {
            let mentor = person(&store, &format!("M{i}"), &format!("Mentor {i}")).await;
            let mentee = person(&store, &format!("E{i}"), &format!("Mentee {i}")).await;
            let rel = active_relationship(&store, prog, mentor, mentee, DAY0).await;
            store.record_contact(rel, day(2)).await.unwrap();
        }
        let sink = Arc::new(SmtpSink::start().await);
        let clock = clock();
        clock.set(day(30));
        // Two instances: each its own connection pool to the same database.
        let other_store = Store::connect(&db.url).await.unwrap();
        let a = Arc::new(mailer(
            &store,
            &clock,
            config(Some(&sink.url), "instance-a"),
        ));
        let b = Arc::new(mailer(
            &other_store,
            &clock,
            config(Some(&sink.url), "instance-b"),
        ));

        let expected = 2 * PAIRS;
        let (ra, rb) = tokio::join!(
            tokio::spawn(keep_ticking(a, sink.clone(), expected)),
            tokio::spawn(keep_ticking(b, sink.clone(), expected)),
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        println!("instance a: {ra:?}\ninstance b: {rb:?}");
        let both = add(ra, rb);
        assert_eq!(both.sweeps, 1, "one sweep for the period, whoever ran it");
        assert_eq!(both.jobs_queued, PAIRS);
        assert_eq!(
            both.jobs_done,
            PAIRS + 1,
            "every check-in job ran once, and the sweep"
        );
        assert_eq!(both.sent, expected);

        let seen = arrivals(&sink);
        assert_eq!(seen.len(), expected, "every check-in email arrived");
        assert!(seen.values().all(|n| *n == 1), "and none twice");
        for i in [0, PAIRS / 2, PAIRS - 1] {
            let got = sink.received_by(&format!("e{i}@example.org"));
            assert_eq!(
                subjects(&got),
                vec![format!(
                    "How is it going with Mentor {i}? A one-month check-in"
                )]
            );
        }
        let mut rows = 0;
        for r in store.list_programme_relationships(prog).await.unwrap() {
            rows += store.list_checkins(r.relationship.id).await.unwrap().len();
        }
        assert_eq!(rows, 2 * PAIRS, "a one-month check-in for each of the pair");
        other_store.close().await;
    }
);

mail_story!(
    an_instance_killed_mid_send_leaves_its_emails_to_the_other_after_the_lease,
    |db: Db| async move {
        let store = db.store;
        const MESSAGES: usize = 60;
        for i in 0..MESSAGES {
            let n = NewNotification {
                kind: NotificationKind::Announcement,
                recipient_person_id: None,
                recipient_email: format!("p{i}@example.org"),
                subject: format!("Finance Leaders starts on Monday ({i})"),
                body_text: "See you there.".into(),
                body_html: "<p>See you there.</p>".into(),
                dedupe_key: format!("announcement:{i}"),
            };
            store.enqueue_notification(&n, DAY0).await.unwrap();
        }
        // The fifth email reaches the server, but the instance dies before it
        // hears back, so it never records the email as sent.
        let sink = SmtpSink::start_with(SinkOptions {
            hang_at: Some(5),
            ..Default::default()
        })
        .await;
        let clock = clock();
        let other_store = Store::connect(&db.url).await.unwrap();
        let a = mailer(&store, &clock, config(Some(&sink.url), "instance-a"));
        let b = mailer(&other_store, &clock, config(Some(&sink.url), "instance-b"));
        let lease = a.config().lease;
        let batch = a.config().batch as usize;

        let dying = tokio::spawn(async move { a.tick().await });
        sink.wait_for(5).await;
        dying.abort();
        assert!(dying.await.unwrap_err().is_cancelled());
        let in_flight = sink.received()[4].message_id.clone();

        // The other instance sends everything except what the dead one holds.
        let report = b.tick().await.unwrap();
        assert_eq!(report.sent, MESSAGES - batch);
        let held: Vec<_> = store
            .list_notifications(Some(DeliveryStatus::Pending), 100, 0)
            .await
            .unwrap();
        assert_eq!(
            held.len(),
            batch - 4,
            "claimed by the dead instance, not yet sent"
        );
        assert!(held
            .iter()
            .all(|m| m.locked_by.as_deref() == Some("instance-a")));

        // Its lease runs out: the other instance sends them.
        clock.advance_ms(lease.as_millis() as i64 + 1_000);
        assert_eq!(b.tick().await.unwrap().sent, batch - 4);

        let seen = arrivals(&sink);
        assert_eq!(seen.len(), MESSAGES, "every email arrived");
        let twice: Vec<&String> = seen
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            twice,
            vec![&in_flight],
            "only the one in flight at the kill arrived twice"
        );
        assert_eq!(sink.received().len(), MESSAGES + 1);
        let sent = store
            .list_notifications(Some(DeliveryStatus::Sent), 100, 0)
            .await
            .unwrap();
        assert_eq!(sent.len(), MESSAGES);
        other_store.close().await;
    }
);
