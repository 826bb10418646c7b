//! The admin's outbox page and API: recipients, subjects, states and attempts,
//! never the bodies; for administrators only.

use mentorhub_domain::notification::NotificationKind;
use mentorhub_store::NewNotification;
use mentorhub_web::app_story;
use mentorhub_web::testing::{TestApp, TODAY};

async fn queue_two(app: &TestApp) {
    for (to, subject, body) in [
        (
            "eli@example.org",
            "How is it going with Maya? A one-month check-in",
            "Private: Eli's answers",
        ),
        (
            "maya@example.org",
            "Have you and Eli met yet?",
            "Private: nobody logged a meeting",
        ),
    ] {
        let n = NewNotification {
            kind: NotificationKind::CheckInDue,
            recipient_person_id: None,
            recipient_email: to.into(),
            subject: subject.into(),
            body_text: body.into(),
            body_html: format!("<p>{body}</p>"),
            dedupe_key: to.into(),
        };
        app.store.enqueue_notification(&n, TODAY).await.unwrap();
    }
    let claimed = app
        .store
        .claim_notifications("w", 1, 60_000, TODAY)
        .await
        .unwrap();
    app.store
        .mark_notification_failed(claimed[0].id, "w", "550 mailbox unknown", 1, TODAY)
        .await
        .unwrap();
}

app_story!(
    an_admin_sees_what_went_out_and_what_failed_but_never_the_bodies,
    mentorhub_mail::api().into(),
    mentorhub_mail::router(),
    |app: TestApp| async move {
        queue_two(&app).await;
        let admin = app.person("A1", "Ada Admin", None, 7).await;
        app.make_admin(admin).await;
        let ada = app.sign_in_as(admin).await;

        let body: serde_json::Value = ada
            .client
            .get(app.url("/api/v1/admin/outbox"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            body["counts"],
            serde_json::json!({"pending": 1, "sent": 0, "failed": 1})
        );
        let messages = body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2);
        let failed = messages.iter().find(|m| m["status"] == "failed").unwrap();
        assert_eq!(failed["recipient"], "eli@example.org");
        assert_eq!(failed["attempts"], 1);
        assert_eq!(failed["last_error"], "550 mailbox unknown");
        assert!(!body.to_string().contains("Private"), "no bodies: {body}");

        let only_failed: serde_json::Value = ada
            .client
            .get(app.url("/api/v1/admin/outbox?status=failed"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(only_failed["messages"].as_array().unwrap().len(), 1);
        let bad = ada
            .client
            .get(app.url("/api/v1/admin/outbox?status=lost"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 400);

        let page = ada
            .client
            .get(app.url("/admin/outbox"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Have you and Eli met yet?"));
        assert!(html.contains("550 mailbox unknown"));
        assert!(html.contains("Failed (1)"));
        assert!(!html.contains("Private"));
    }
);

app_story!(
    people_who_are_not_administrators_cannot_read_the_outbox,
    mentorhub_mail::api().into(),
    mentorhub_mail::router(),
    |app: TestApp| async move {
        queue_two(&app).await;
        let eli = app.person("E1", "Eli Brandt", None, 3).await;
        let eli = app.sign_in_as(eli).await;
        let api = eli
            .client
            .get(app.url("/api/v1/admin/outbox"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 403);
        let page = eli
            .client
            .get(app.url("/admin/outbox"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 403);
        assert!(!page.text().await.unwrap().contains("Eli met yet"));
        let anonymous = app
            .anonymous()
            .get(app.url("/api/v1/admin/outbox"))
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);
    }
);
