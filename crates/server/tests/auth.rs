//! Signing in and out through the API and the pages, as a person would.

mod common;

use common::TestApp;
use serde_json::{json, Value};

app_story!(
    health_reports_the_database,
    demo = false,
    |app: TestApp| async move {
        let r = reqwest::get(app.url("/healthz")).await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        let expected = match app.store.backend() {
            mentorhub_store::Backend::Sqlite => "sqlite",
            mentorhub_store::Backend::Postgres => "postgres",
        };
        assert_eq!(body["database"], expected);
    }
);

app_story!(
    api_sign_in_me_and_sign_out,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let client = app.client();

        let r = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 401, "not signed in yet");

        let r = client
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "ada@example.org", "password": "a long passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let me: Value = r.json().await.unwrap();
        assert_eq!(me["email"], "ada@example.org");
        assert_eq!(me["roles"], json!(["admin"]));

        let me: Value = client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["name"], "Test Admin");

        let r = client
            .delete(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let r = client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 401, "the session ended on the server");
    }
);

app_story!(
    wrong_credentials_do_not_say_which_part_was_wrong,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let client = app.client();
        let wrong_password = client
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "ada@example.org", "password": "nope nope"}))
            .send()
            .await
            .unwrap();
        let unknown_email = client
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "bob@example.org", "password": "a long passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong_password.status(), 401);
        assert_eq!(unknown_email.status(), 401);
        let a: Value = wrong_password.json().await.unwrap();
        let b: Value = unknown_email.json().await.unwrap();
        assert_eq!(a["error"]["message"], b["error"]["message"]);
        assert_eq!(a["error"]["code"], "bad_credentials");
    }
);

app_story!(
    a_stolen_cookie_stops_working_after_sign_out,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let r = app
            .client()
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "ada@example.org", "password": "a long passphrase"}))
            .send()
            .await
            .unwrap();
        let cookie = r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let raw = reqwest::Client::new();
        let me = raw
            .get(app.url("/api/v1/me"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200);
        raw.delete(app.url("/api/v1/session"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        let me = raw
            .get(app.url("/api/v1/me"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 401);
    }
);

app_story!(
    sign_in_page_works_without_javascript,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let client = app.client();

        // Home sends an anonymous visitor to sign in, and back afterwards.
        let r = client.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/login?next=/");

        let page = client
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("<form method=\"post\" action=\"/login\""));
        assert!(page.contains("<label for=\"email\">"));
        assert!(
            !page.contains("Demo accounts"),
            "no demo accounts without --demo"
        );

        let bad = client
            .post(app.url("/login"))
            .form(&[
                ("email", "ada@example.org"),
                ("password", "wrong one"),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 401);
        let bad_page = bad.text().await.unwrap();
        assert!(
            bad_page.contains("The email address or password is not right")
                || bad_page.contains("the email address or password is not right")
        );
        assert!(
            bad_page.contains("value=\"ada@example.org\""),
            "the typed email is kept"
        );

        let ok = client
            .post(app.url("/login"))
            .form(&[
                ("email", "ada@example.org"),
                ("password", "a long passphrase"),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 303);
        let home = client.get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), 200);
        let html = home.text().await.unwrap();
        assert!(html.contains("Hello, Test"));
        assert!(
            html.contains("No programmes yet"),
            "an admin with no programmes is told what to do"
        );
    }
);

app_story!(
    cross_site_form_posts_are_refused,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let r = app
            .client()
            .post(app.url("/login"))
            .header("origin", "https://evil.example")
            .form(&[
                ("email", "ada@example.org"),
                ("password", "a long passphrase"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
);

app_story!(
    every_response_carries_security_headers,
    demo = false,
    |app: TestApp| async move {
        let r = reqwest::get(app.url("/login")).await.unwrap();
        let h = r.headers();
        assert!(h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "no-store");
        assert!(h.contains_key("x-request-id"));
        let css = reqwest::get(app.url("/static/style.css")).await.unwrap();
        assert!(css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age"));
    }
);

app_story!(
    openapi_document_lists_the_operations,
    demo = false,
    |app: TestApp| async move {
        let doc: Value = reqwest::get(app.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in ["/api/v1/session", "/api/v1/me", "/healthz"] {
            assert!(
                doc["paths"][path].is_object(),
                "{path} missing from the OpenAPI document"
            );
        }
    }
);

app_story!(
    health_is_503_when_the_database_is_gone,
    demo = false,
    |app: TestApp| async move {
        app.store.close().await;
        let r = reqwest::get(app.url("/healthz")).await.unwrap();
        assert_eq!(r.status(), 503);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], "unavailable");
    }
);

app_story!(
    brute_force_is_throttled_and_the_owner_gets_back_in_later,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let client = app.client();
        let attempt = |password: &'static str| {
            let client = client.clone();
            let url = app.url("/api/v1/session");
            async move {
                client
                    .post(url)
                    .json(&json!({"email": "ada@example.org", "password": password}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        for _ in 0..10 {
            assert_eq!(attempt("guess guess").await, 401);
        }
        assert_eq!(
            attempt("guess guess").await,
            429,
            "the 11th attempt in 15 minutes is refused"
        );
        assert_eq!(
            attempt("a long passphrase").await,
            429,
            "even the right password waits for the window"
        );
        app.clock.advance_ms(15 * 60 * 1000 + 1);
        assert_eq!(
            attempt("a long passphrase").await,
            200,
            "after the window the owner signs in"
        );
        assert_eq!(
            attempt("guess guess").await,
            401,
            "and a success resets the count"
        );
    }
);

app_story!(
    an_invited_person_sets_a_password_once,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("admin@example.org", "a long passphrase")
            .await;
        let admin = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;
        let csv = "employee_id,name,email,title,manager_employee_id,location,function,career_level\nE1,Ann Ode,ann@example.org,Director,,London,Finance,11\n";
        let r = admin
            .post(app.url("/api/v1/people/import"))
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let ann = app
            .store
            .get_person_by_employee_id("E1")
            .await
            .unwrap()
            .unwrap();

        let r = admin
            .post(app.url(&format!("/api/v1/people/{}/invitation", ann.id.0)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let sent: Value = r.json().await.unwrap();
        assert_eq!(sent["sent_to"], "ann@example.org");
        let mail = app.store.list_notifications(None, 10, 0).await.unwrap();
        let body = &mail
            .iter()
            .find(|m| m.recipient_email == "ann@example.org")
            .expect("invitation queued")
            .body_text;
        let link = body
            .split_whitespace()
            .find(|w| w.contains("/invitations/"))
            .expect("link in the email");
        let path = &link[link.find("/invitations/").unwrap()..];

        let ann_browser = app.client();
        let page = ann_browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let weak = ann_browser
            .post(app.url(path))
            .form(&[("password", "password1"), ("confirm", "password1")])
            .send()
            .await
            .unwrap();
        assert_eq!(weak.status(), 422);
        assert!(weak.text().await.unwrap().contains("most common passwords"));
        let ok = ann_browser
            .post(app.url(path))
            .form(&[
                ("password", "ann's own long phrase"),
                ("confirm", "ann's own long phrase"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 303, "set and signed in");
        let me: Value = ann_browser
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["email"], "ann@example.org");

        let again = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(again.status(), 404, "a link works once");
        assert!(again
            .text()
            .await
            .unwrap()
            .contains("expired or has been used"));

        // A second invitation expires after seven days.
        admin
            .post(app.url(&format!("/api/v1/people/{}/invitation", ann.id.0)))
            .send()
            .await
            .unwrap();
        let mail = app.store.list_notifications(None, 10, 0).await.unwrap();
        let newest = mail
            .iter()
            .filter(|m| m.recipient_email == "ann@example.org")
            .map(|m| m.body_text.clone())
            .find(|b| !b.contains(path))
            .unwrap();
        let link = newest
            .split_whitespace()
            .find(|w| w.contains("/invitations/"))
            .unwrap()
            .to_string();
        let path2 = &link[link.find("/invitations/").unwrap()..];
        app.clock.advance_days(8);
        assert_eq!(
            app.client()
                .get(app.url(path2))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        // Only admins invite (Ann's session idled out over the eight days).
        assert_eq!(
            ann_browser
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
        let ann_browser = app
            .signed_in("ann@example.org", "ann's own long phrase")
            .await;
        let r = ann_browser
            .post(app.url(&format!("/api/v1/people/{}/invitation", ann.id.0)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
);

app_story!(
    changing_the_password_signs_out_everywhere_else,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("ada@example.org", "a long passphrase")
            .await;
        let laptop = app.signed_in("ada@example.org", "a long passphrase").await;
        let phone = app.signed_in("ada@example.org", "a long passphrase").await;
        let r = laptop
            .put(app.url("/api/v1/me/password"))
            .json(&json!({"current_password": "wrong", "new_password": "a new long passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let r = laptop
        .put(app.url("/api/v1/me/password"))
        .json(&json!({"current_password": "a long passphrase", "new_password": "a new long passphrase"}))
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(
            laptop
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            200,
            "the changer stays signed in"
        );
        assert_eq!(
            phone
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .status(),
            401,
            "every other session ended"
        );
        let old = app
            .client()
            .post(app.url("/api/v1/session"))
            .json(&json!({"email": "ada@example.org", "password": "a long passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(old.status(), 401);
    }
);
