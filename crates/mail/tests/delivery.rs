//! Delivery from the outbox: over real SMTP to a server on loopback, or as
//! `.eml` files a person can open when no SMTP server is configured; refusals
//! retried with backoff or given up; nothing lost when the server is away.

mod common;

use common::email::Email;
use common::smtp_sink::{SinkOptions, SmtpSink};
use common::*;
use mentorhub_domain::notification::{DeliveryStatus, NotificationKind};
use mentorhub_mail::transport::Transport;
use mentorhub_mail::MailConfig;
use mentorhub_store::{NewNotification, Store};
use mentorhub_web::notify::{queue, Message};

fn note(to: &str, subject: &str, key: &str) -> NewNotification {
    NewNotification {
        kind: NotificationKind::Announcement,
        recipient_person_id: None,
        recipient_email: to.into(),
        subject: subject.into(),
        body_text: "The programme starts on Monday.".into(),
        body_html: "<p>The programme starts on Monday.</p>".into(),
        dedupe_key: key.into(),
    }
}

async fn statuses(store: &Store) -> Vec<(String, DeliveryStatus, i64)> {
    let mut all: Vec<_> = store
        .list_notifications(None, 100, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.recipient_email, m.status, m.attempts))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn eml_files(config: &MailConfig) -> Vec<(String, Email)> {
    let mut files: Vec<(String, Email)> = std::fs::read_dir(&config.outbox_dir)
        .map(|dir| {
            dir.map(|e| e.unwrap().path())
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().to_string();
                    (
                        name,
                        Email::parse(&std::fs::read_to_string(&p).unwrap(), vec![]),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

mail_story!(
    emails_arrive_over_smtp_with_their_subject_recipient_and_both_parts,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start().await;
        let clock = clock();
        let mailer = mailer(&store, &clock, config(Some(&sink.url), "runner-a"));
        let zoe = person(&store, "Z1", "Zoë Laurent").await;
        let message = Message {
            kind: NotificationKind::Introduction,
            to: zoe,
            subject: "Introducing Zoë Laurent and Maya Okafor".into(),
            text: "Meet Maya, your mentor.\n\nPlease share your goals <before> the first meeting."
                .into(),
            dedupe_key: "introduction:1:mentee".into(),
        };
        queue(&store, &message, DAY0).await.unwrap();
        queue(&store, &message, DAY0).await.unwrap();

        let report = tick_until_idle(&mailer).await;
        assert_eq!(report.sent, 1, "queued twice with one key: one email");
        let got = sink.received();
        assert_eq!(got.len(), 1);
        let email = &got[0];
        assert_eq!(email.envelope_to, vec!["z1@example.org".to_string()]);
        assert_eq!(email.subject, "Introducing Zoë Laurent and Maya Okafor");
        assert_eq!(email.from, "Mentorhub <mentorhub@mentoring.example.org>");
        assert!(
            email.content_type.starts_with("multipart/alternative"),
            "{}",
            email.content_type
        );
        assert!(
            email
                .text
                .starts_with("Dear Zoë,\n\nMeet Maya, your mentor."),
            "{}",
            email.text
        );
        assert!(
            email
                .html
                .contains("share your goals &lt;before&gt; the first meeting"),
            "{}",
            email.html
        );
        assert!(email.raw.contains("Auto-Submitted: auto-generated"));
        assert_eq!(
            statuses(&store).await,
            vec![("z1@example.org".into(), DeliveryStatus::Sent, 0)]
        );
    }
);

mail_story!(
    without_smtp_each_email_is_an_eml_file_a_person_can_open,
    |db: Db| async move {
        let store = db.store;
        let clock = clock();
        let files_config = config(None, "runner-a");
        let mailer = mailer(&store, &clock, files_config.clone());
        for (i, to) in ["ada@example.org", "bo@example.org", "cy@example.org"]
            .iter()
            .enumerate()
        {
            store
                .enqueue_notification(
                    &note(
                        to,
                        &format!("Welcome to Finance Leaders, part {i}"),
                        &format!("welcome:{i}"),
                    ),
                    DAY0,
                )
                .await
                .unwrap();
        }
        assert_eq!(tick_until_idle(&mailer).await.sent, 3);

        let files = eml_files(&files_config);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(
            names
                .iter()
                .all(|n| n.starts_with("20261123T120000Z-") && n.ends_with("-announcement.eml")),
            "{names:?}"
        );
        let (_, first) = &files[0];
        assert_eq!(first.to, "ada@example.org");
        assert_eq!(first.subject, "Welcome to Finance Leaders, part 0");
        assert_eq!(first.text, "The programme starts on Monday.");
        assert_eq!(first.html, "<p>The programme starts on Monday.</p>");

        // Writing a message again (a retry after a crash) changes nothing.
        let transport = Transport::from_config(&files_config).unwrap();
        let sent = store.list_notifications(None, 10, 0).await.unwrap();
        transport
            .send(&sent[0], &files_config, day(1))
            .await
            .unwrap();
        assert_eq!(
            eml_files(&files_config).len(),
            3,
            "one file per message, no temporary files left"
        );
        assert_eq!(tick_until_idle(&mailer).await, Default::default());
        let _ = std::fs::remove_dir_all(&files_config.outbox_dir);
    }
);

mail_story!(
    a_busy_mailbox_is_retried_with_backoff_and_an_unknown_one_given_up_at_once,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start_with(SinkOptions {
            refuse: vec![
                ("busy@example.org".into(), 450),
                ("nobody@example.org".into(), 550),
            ],
            hang_at: None,
        })
        .await;
        let clock = clock();
        let mut c = config(Some(&sink.url), "runner-a");
        c.max_attempts = 3;
        let mailer = mailer(&store, &clock, c);
        for to in ["busy@example.org", "nobody@example.org", "ok@example.org"] {
            store
                .enqueue_notification(&note(to, "Programme news", to), DAY0)
                .await
                .unwrap();
        }

        let first = mailer.tick().await.unwrap();
        assert_eq!((first.sent, first.deferred, first.failed), (1, 1, 1));
        assert_eq!(
            statuses(&store).await,
            vec![
                ("busy@example.org".into(), DeliveryStatus::Pending, 1),
                ("nobody@example.org".into(), DeliveryStatus::Failed, 1),
                ("ok@example.org".into(), DeliveryStatus::Sent, 0),
            ]
        );
        let refused = store
            .list_notifications(Some(DeliveryStatus::Failed), 10, 0)
            .await
            .unwrap();
        assert!(
            refused[0]
                .last_error
                .as_deref()
                .unwrap_or("")
                .contains("550"),
            "{:?}",
            refused[0].last_error
        );

        // Backoff: 30 s after the first failure, 60 s after the second.
        clock.advance_ms(29_000);
        assert!(mailer.tick().await.unwrap().is_idle(), "not due again yet");
        clock.advance_ms(1_000);
        assert_eq!(mailer.tick().await.unwrap().deferred, 1);
        clock.advance_ms(60_000);
        assert_eq!(
            mailer.tick().await.unwrap().failed,
            1,
            "third failure: given up"
        );
        assert_eq!(
            statuses(&store).await[0],
            ("busy@example.org".into(), DeliveryStatus::Failed, 3)
        );
        assert_eq!(sink.received().len(), 1);
    }
);

mail_story!(
    when_the_smtp_server_is_away_nothing_is_lost,
    |db: Db| async move {
        let store = db.store;
        let clock = clock();
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("smtp://{}", l.local_addr().unwrap())
        };
        let away = mailer(&store, &clock, config(Some(&closed), "runner-a"));
        for i in 0..3 {
            store
                .enqueue_notification(
                    &note(&format!("p{i}@example.org"), "News", &format!("n:{i}")),
                    DAY0,
                )
                .await
                .unwrap();
        }
        let report = away.tick().await.unwrap();
        assert_eq!(
            (report.sent, report.deferred),
            (0, 1),
            "one attempt, then the round stops"
        );
        let pending = store
            .list_notifications(Some(DeliveryStatus::Pending), 10, 0)
            .await
            .unwrap();
        assert_eq!(pending.len(), 3);
        assert!(
            pending.iter().all(|m| m.locked_by.is_none()),
            "the rest are given back at once"
        );

        clock.advance_ms(60_000);
        let sink = SmtpSink::start().await;
        let back = mailer(&store, &clock, config(Some(&sink.url), "runner-a"));
        assert_eq!(tick_until_idle(&back).await.sent, 3);
        assert_eq!(sink.received().len(), 3);
    }
);

#[tokio::test]
async fn an_smtp_url_that_cannot_be_used_is_refused_at_start_with_the_reason() {
    let mut c = MailConfig::new(
        Some("smtps://app:s3cret@mail.example.org:465".into()),
        "/tmp/x".into(),
        None,
    );
    let err = Transport::from_config(&c)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("only smtp://host:port is supported"), "{err}");
    assert!(!err.contains("s3cret"), "the password is not shown: {err}");
    c.smtp_url = Some("smtp://".into());
    assert!(Transport::from_config(&c).is_err());
    c.smtp_url = Some("smtp://user%40corp:p%3Ass@127.0.0.1:2525".into());
    assert!(Transport::from_config(&c).is_ok());
    c.from = "Mentorhub at nowhere".into();
    let err = Transport::from_config(&c)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("the sender address \"Mentorhub at nowhere\" is not valid"),
        "{err}"
    );
}

mail_story!(
    the_runner_delivers_until_shut_down_then_gives_back_its_claims,
    |db: Db| async move {
        let store = db.store;
        let sink = SmtpSink::start().await;
        let clock = clock();
        let mut c = config(Some(&sink.url), "runner-a");
        c.tick_every = std::time::Duration::from_millis(20);
        for i in 0..5 {
            store
                .enqueue_notification(
                    &note(&format!("p{i}@example.org"), "News", &format!("n:{i}")),
                    DAY0,
                )
                .await
                .unwrap();
        }
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = mentorhub_mail::spawn_runner(store.clone(), clock.clone(), c, async {
            let _ = stopped.await;
        })
        .unwrap();
        sink.wait_for(5).await;
        stop.send(()).unwrap();
        handle.await.unwrap();
        let all = store.list_notifications(None, 10, 0).await.unwrap();
        assert!(all
            .iter()
            .all(|m| m.status == DeliveryStatus::Sent && m.locked_by.is_none()));
    }
);
