//! Several `mentorhub serve` processes on one PostgreSQL, behind no proxy,
//! each taking requests: a session made on one works on the others (and a
//! sign-out on one ends it everywhere), the sign-in rate limit counts failures
//! on every instance together, and with 1,000 due emails in the outbox and one
//! instance killed (SIGKILL) mid-way, every email reaches a real SMTP server
//! on loopback once: none missed, none twice except at most the one in flight
//! at the kill.
//!
//! PostgreSQL only (`MENTORHUB_TEST_POSTGRES`; skipped with a reason when unset
//! unless `MENTORHUB_REQUIRE_POSTGRES=1`). Knobs: `MENTORHUB_INSTANCES_EMAILS`
//! (1000), `MENTORHUB_INSTANCES_KILL_AT` (300 emails arrived).

mod support;

use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{Backend, NewNotification};
use serde_json::json;
use std::time::{Duration, Instant};
use support::smtp::SmtpSink;
use support::*;

/// A client whose connections come from `ip` (any 127.x address is loopback).
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn start_instances(db: &Database, n: usize, options: &ServeOptions) -> Vec<Server> {
    let mut servers = Vec::new();
    for i in 0..n {
        let mut o = options.clone();
        // The first instance loads the demo; the others find it there.
        o.demo = options.demo && i == 0;
        servers.push(Server::start(db, free_port(), &o).await);
    }
    servers
}

async fn sessions_and_rate_limit(n: usize) {
    let Some(db) = Database::fresh(Backend::Postgres).await else {
        return;
    };
    let options = ServeOptions {
        demo: true,
        background_jobs: true,
        ..Default::default()
    };
    let servers = start_instances(&db, n, &options).await;

    // A session made on the first instance works on every one.
    let browser = signed_in(&servers[0].base, MENTEE, DEMO_PASSWORD).await;
    for s in &servers {
        let r = browser.get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 200, "session works on instance {}", s.port);
        let me: serde_json::Value = r.json().await.unwrap();
        assert_eq!(me["email"], MENTEE, "{me}");
    }
    // Signed out on the last: signed out on all.
    let r = browser
        .delete(servers[n - 1].url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "sign-out: {}", r.status());
    for s in &servers {
        let r = browser.get(s.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 401, "signed out on instance {}", s.port);
    }

    // Failed sign-ins spread over the instances count together: the 11th is
    // refused, whichever instance it reaches, even with the right password.
    // (Each phase comes from its own loopback address, since failures are also
    // counted per address.)
    let c = client_from("127.0.0.2");
    let mut statuses = Vec::new();
    for i in 0..10 {
        let r = c
            .post(servers[i % n].url("/api/v1/session"))
            .json(&json!({"email": MENTOR, "password": "wrong password"}))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    for s in &servers {
        let r = c
            .post(s.url("/api/v1/session"))
            .json(&json!({"email": MENTOR, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429, "instance {} refuses the 11th", s.port);
    }

    // A burst of concurrent failures for another account, spread over the
    // instances: at most 10 are looked at, the rest refused.
    let mut tasks = Vec::new();
    for i in 0..(10 * n + 20) {
        let url = servers[i % n].url("/api/v1/session");
        tasks.push(tokio::spawn(async move {
            client_from("127.0.0.3")
                .post(url)
                .json(&json!({"email": ADMIN, "password": "wrong password"}))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut checked = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            401 => checked += 1,
            429 => refused += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    println!(
        "RESULT {n} instances: sessions shared; sequential: 10 failures then 429; \
         concurrent burst: {checked} checked, {refused} refused"
    );
    assert!(
        checked <= 10,
        "{checked} concurrent attempts were checked; the limit is 10"
    );
    drop(servers);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_and_the_rate_limit() {
    sessions_and_rate_limit(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_instances_share_sessions_and_the_rate_limit() {
    sessions_and_rate_limit(4).await;
}

async fn every_email_once(n: usize) {
    let Some(db) = Database::fresh(Backend::Postgres).await else {
        return;
    };
    let emails = env_usize("MENTORHUB_INSTANCES_EMAILS", 1000);
    let kill_at = env_usize("MENTORHUB_INSTANCES_KILL_AT", emails * 3 / 10);
    let lease_secs = 3;
    // 1,000 due check-in reminders and dormancy warnings, queued in the outbox.
    let store = db.store().await;
    let now = Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    for i in 0..emails {
        let kind = if i % 2 == 0 {
            NotificationKind::CheckInDue
        } else {
            NotificationKind::DormancyWarning
        };
        let n = NewNotification {
            kind,
            recipient_person_id: None,
            recipient_email: format!("p{i}@example.org"),
            subject: format!("A one-month check-in ({i})"),
            body_text: "How is it going?".into(),
            body_html: "<p>How is it going?</p>".into(),
            dedupe_key: format!("holding-up:{i}"),
        };
        store.enqueue_notification(&n, now).await.unwrap();
    }

    let sink = SmtpSink::start().await;
    let options = ServeOptions {
        demo: false,
        background_jobs: true,
        smtp_url: Some(sink.url.clone()),
        extra_env: vec![
            ("MENTORHUB_MAIL_LEASE_SECS".into(), lease_secs.to_string()),
            ("MENTORHUB_MAIL_TICK_MS".into(), "200".into()),
        ],
    };
    let mut servers = start_instances(&db, n, &options).await;

    // Kill the first instance once a share of the emails has arrived.
    let started = Instant::now();
    while sink.count() < kill_at {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "only {} emails arrived in 2 minutes",
            sink.count()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    servers[0].kill();
    let at_kill = sink.count();

    // The others finish, including what the dead one held once its lease ends.
    let started = Instant::now();
    loop {
        let unique = sink.arrivals().len();
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE status <> 'sent' AND dedupe_key LIKE 'holding-up:%'",
        )
        .fetch_one(store.reader())
        .await
        .unwrap();
        if unique >= emails && pending == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "after the kill: {unique} of {emails} arrived, {pending} not marked sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A moment longer, to see any late second copy.
    tokio::time::sleep(Duration::from_millis(lease_secs * 1000 + 500)).await;

    let arrivals = sink.arrivals();
    let twice: Vec<_> = arrivals.iter().filter(|(_, n)| **n > 1).collect();
    let extra: usize = twice.iter().map(|(_, n)| **n - 1).sum();
    println!(
        "RESULT {n} instances: {emails} emails due, one instance killed after {at_kill} arrived; \
         {} distinct arrived, missed {}, sent twice {} (extra copies {extra})",
        arrivals.len(),
        emails.saturating_sub(arrivals.len()),
        twice.len()
    );
    assert_eq!(arrivals.len(), emails, "every email arrived");
    assert!(
        extra <= 1,
        "only the one in flight at the kill may arrive twice: {twice:?}"
    );
    store.close().await;
    drop(servers);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_send_every_email_once_when_one_is_killed() {
    every_email_once(2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_instances_send_every_email_once_when_one_is_killed() {
    every_email_once(4).await;
}
