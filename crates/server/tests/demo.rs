//! The demo organisation as a newcomer meets it: each demo account signs in and
//! sees something real on the home page.

mod common;

use common::TestApp;
use serde_json::{json, Value};

app_story!(
    each_demo_account_signs_in_and_sees_their_world,
    demo = true,
    |app: TestApp| async move {
        let login_page = reqwest::get(app.url("/login"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for (email, _) in mentorhub_demo::DEMO_ACCOUNTS {
            assert!(login_page.contains(email), "sign-in page shows {email}");
        }
        assert!(login_page.contains(mentorhub_demo::DEMO_PASSWORD));

        let expectations = [
            ("admin@demo.mentorhub.test", "admin", "Programmes"),
            ("mentee@demo.mentorhub.test", "mentee", "Your goals"),
            ("mentor@demo.mentorhub.test", "mentor", "Your mentees"),
            (
                "manager@demo.mentorhub.test",
                "manager",
                "Your team&#x27;s mentoring",
            ),
        ];
        for (email, role, section) in expectations {
            let client = app.signed_in(email, mentorhub_demo::DEMO_PASSWORD).await;
            let me: Value = client
                .get(app.url("/api/v1/me"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert!(
                me["roles"].as_array().unwrap().contains(&json!(role)),
                "{email} holds {role}: {me}"
            );
            let home = client.get(app.url("/")).send().await.unwrap();
            assert_eq!(home.status(), 200);
            let html = home.text().await.unwrap();
            let section_plain = section.replace("&#x27;", "'");
            assert!(
                html.contains(section) || html.contains(&section_plain),
                "{email}'s home shows {section}"
            );
        }

        // The admin sees both demo programmes; the mentee sees an active relationship.
        let admin = app
            .signed_in("admin@demo.mentorhub.test", mentorhub_demo::DEMO_PASSWORD)
            .await;
        let html = admin
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.matches("<th scope=\"row\">").count() >= 2,
            "two programmes listed"
        );
        let mentee = app
            .signed_in("mentee@demo.mentorhub.test", mentorhub_demo::DEMO_PASSWORD)
            .await;
        let html = mentee
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("state-active"),
            "the demo mentee's relationship is active"
        );
    }
);

app_story!(
    demo_data_is_loaded_once,
    demo = true,
    |app: TestApp| async move {
        let hash = mentorhub_server::auth::password::hash_password("x".repeat(12))
            .await
            .unwrap();
        let again = mentorhub_demo::load_if_empty(&app.store, common::TODAY, &hash)
            .await
            .unwrap();
        assert!(again.is_none(), "a database with people is left alone");
    }
);
