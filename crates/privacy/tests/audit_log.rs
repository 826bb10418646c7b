//! The audit log is for administrators: newest first, a page at a time,
//! filtered by action and by person. Everyone else is told it does not exist.

mod fixture;

use fixture::*;
use mentorhub_web::testing::TestApp;
use serde_json::Value;

fn app_api() -> axum::Router<mentorhub_web::AppState> {
    mentorhub_privacy::api().split_for_parts().0
}

mentorhub_web::app_story!(
    only_administrators_read_the_audit_log,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        for (who, person) in [
            ("a mentee", w.ana),
            ("a mentor", w.maya),
            ("a manager", w.manager),
        ] {
            let client = app.sign_in_as(person).await.client;
            for path in [
                "/admin/audit",
                "/api/v1/audit",
                "/api/v1/audit?action=person.view",
            ] {
                let res = client.get(app.url(path)).send().await.unwrap();
                assert_eq!(res.status(), 404, "{who} asking for {path}");
                assert!(!res.text().await.unwrap().contains("person.view"));
            }
        }
        let anonymous = app.anonymous();
        assert_eq!(
            anonymous
                .get(app.url("/api/v1/audit"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
        assert_eq!(
            anonymous
                .get(app.url("/admin/audit"))
                .send()
                .await
                .unwrap()
                .status(),
            303
        );
        let admin = app.sign_in_as(w.admin).await.client;
        let page = admin.get(app.url("/admin/audit")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Audit log"));
        assert!(html.contains("person.view"));
        assert!(html.contains("Ada Admin"));
    }
);

mentorhub_web::app_story!(
    the_audit_log_pages_newest_first_and_filters_by_action_and_person,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        // The fixture recorded one view of Anastasia; add 60 exports by Ben.
        for i in 0..60 {
            app.store
                .record_audit(
                    Some(w.ben),
                    "data.export",
                    &format!("person:{}", w.ben.0),
                    "api",
                    mentorhub_domain::time_util::Timestamp(day(2).0 + i),
                )
                .await
                .unwrap();
        }
        let admin = app.sign_in_as(w.admin).await.client;
        let get = |path: String| {
            let admin = admin.clone();
            let url = app.url(&path);
            async move {
                let res = admin.get(url).send().await.unwrap();
                assert_eq!(res.status(), 200, "{path}");
                res.json::<Value>().await.unwrap()
            }
        };
        let first = get("/api/v1/audit".into()).await;
        assert_eq!(first["total"], 61);
        assert_eq!(first["entries"].as_array().unwrap().len(), 50);
        // Newest first: the exports (two days ago) before the view (three days ago).
        assert_eq!(first["entries"][0]["action"], "data.export");
        let second = get("/api/v1/audit?page=1".into()).await;
        let rest = second["entries"].as_array().unwrap();
        assert_eq!(rest.len(), 11);
        assert_eq!(rest.last().unwrap()["action"], "person.view");
        assert_eq!(rest.last().unwrap()["actor_name"], "Ada Admin");

        let views = get("/api/v1/audit?action=person.view".into()).await;
        assert_eq!(views["total"], 1);
        assert_eq!(
            views["entries"][0]["subject"],
            format!("person:{}", w.ana.0)
        );
        let about_ana = get(format!("/api/v1/audit?person={}", w.ana.0)).await;
        assert_eq!(about_ana["total"], 1);
        let by_ben = get(format!("/api/v1/audit?person={}&per_page=5", w.ben.0)).await;
        assert_eq!(by_ben["total"], 60);
        assert_eq!(by_ben["entries"].as_array().unwrap().len(), 5);

        // The page filters the same way, by id or by email.
        let html = admin
            .get(app.url("/admin/audit?action=person.view"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("1–1 of 1"));
        let html = admin
            .get(app.url("/admin/audit?person=ben@example.org"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("1–50 of 60"));
        assert!(html.contains("Older →"));
        let html = admin
            .get(app.url("/admin/audit?person=nobody@example.org"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Nobody has that email address"));
    }
);
