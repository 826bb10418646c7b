//! Privacy rights in the assembled product, on the demo organisation: sensitive
//! reads, exports and erasures land in the audit log, and an erased demo
//! mentee's name and address are nowhere in the database afterwards.

mod common;

use common::TestApp;
use serde_json::{json, Value};

const PASSWORD: &str = mentorhub_demo::DEMO_PASSWORD;

app_story!(
    sensitive_reads_exports_and_erasures_are_audited_and_erasure_leaves_no_trace,
    demo = true,
    |app: TestApp| async move {
        let now = {
            use mentorhub_server::clock::Clock;
            app.clock.now()
        };
        let admin = app.signed_in("admin@demo.mentorhub.test", PASSWORD).await;
        let mentee_email = "mentee@demo.mentorhub.test";
        let mentee = app
            .store
            .get_person_by_email(mentee_email)
            .await
            .unwrap()
            .unwrap();

        // An admin opens the mentee's page and record, and exports health CSV.
        for path in [
            format!("/people/{}", mentee.id.0),
            format!("/api/v1/people/{}", mentee.id.0),
        ] {
            let res = admin.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
        }
        let programmes: Value = admin
            .get(app.url("/api/v1/programmes"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let programme = programmes
            .as_array()
            .or_else(|| programmes["programmes"].as_array())
            .expect("a list of programmes")[0]["id"]
            .as_i64()
            .unwrap();
        let csv = admin
            .get(app.url(&format!(
                "/programmes/{programme}/health/exports/participants.csv"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 200);

        // The mentee downloads their data.
        let own = app.signed_in(mentee_email, PASSWORD).await;
        let export = own.get(app.url("/api/v1/me/export")).send().await.unwrap();
        assert_eq!(export.status(), 200);
        assert_eq!(
            own.get(app.url("/api/v1/audit"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        let log: Value = admin
            .get(app.url("/api/v1/audit?per_page=100"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let subject = format!("person:{}", mentee.id.0);
        let has = |action: &str, subject: &str| {
            log["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == action && e["subject"] == subject)
        };
        assert!(has("person.view", &subject), "{log}");
        assert!(has("data.export", &subject), "{log}");
        assert!(
            has("health.export", &format!("programme:{programme}")),
            "{log}"
        );

        // Erase the mentee; nothing with their name or address remains.
        let before = app
            .store
            .health_relationships(mentorhub_domain::ProgrammeId(programme), now);
        let before = format!("{:?}", before.await.unwrap());
        let res = admin
            .post(app.url(&format!("/api/v1/people/{}/erase", mentee.id.0)))
            .json(&json!({ "confirm": mentee_email }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        for needle in [mentee.name.as_str(), mentee_email] {
            let found = app.store.find_text_everywhere(needle).await.unwrap();
            assert!(found.is_empty(), "{needle} is still in {found:?}");
        }
        let after = app
            .store
            .health_relationships(mentorhub_domain::ProgrammeId(programme), now)
            .await
            .unwrap();
        assert_eq!(format!("{after:?}"), before);
        let erasures: Value = admin
            .get(app.url(&format!(
                "/api/v1/audit?action=person.erase&person={}",
                mentee.id.0
            )))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(erasures["total"], 1);
    }
);

app_story!(
    reading_a_relationship_one_is_not_a_party_of_is_audited_the_pairs_own_reads_are_not,
    demo = true,
    |app: TestApp| async move {
        let admin = app.signed_in("admin@demo.mentorhub.test", PASSWORD).await;
        let mentee = app.signed_in("mentee@demo.mentorhub.test", PASSWORD).await;
        let manager = app.signed_in("manager@demo.mentorhub.test", PASSWORD).await;
        let mine: Value = mentee
            .get(app.url("/api/v1/relationships"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = mine["as_mentee"][0]["id"]
            .as_i64()
            .expect("the demo mentee has a relationship");
        let views = || async {
            let log: Value = admin
                .get(app.url("/api/v1/audit?action=relationship.view"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            log
        };

        // The mentee reads their own relationship, page and API: nothing recorded.
        for path in [
            format!("/relationships/{id}"),
            format!("/api/v1/relationships/{id}"),
            format!("/api/v1/relationships/{id}/goals"),
            format!("/api/v1/relationships/{id}/history"),
        ] {
            let res = mentee.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
        }
        assert_eq!(views().await["total"], 0);

        // An administrator opens it through the API: one entry, naming who and what.
        let res = admin
            .get(app.url(&format!("/api/v1/relationships/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let log = views().await;
        assert_eq!(log["total"], 1, "{log}");
        let entry = &log["entries"][0];
        assert_eq!(entry["subject"], format!("relationship:{id}"));
        let admin_id = app
            .store
            .get_person_by_email("admin@demo.mentorhub.test")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(entry["actor_id"], admin_id.0, "{entry}");
        assert_eq!(entry["detail"], "api, as admin");

        // The page and the check-ins as admin, the history as the mentee's manager.
        for (client, path) in [
            (&admin, format!("/relationships/{id}")),
            (&admin, format!("/api/v1/relationships/{id}/checkins")),
            (&manager, format!("/api/v1/relationships/{id}/history")),
        ] {
            let res = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
        }
        let log = views().await;
        assert_eq!(log["total"], 4, "{log}");
        let details: Vec<&str> = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["detail"].as_str().unwrap())
            .collect();
        assert_eq!(
            details,
            [
                "api history, as manager",
                "api check-ins, as admin",
                "page, as admin",
                "api, as admin"
            ]
        );

        // A refused read is not a read: the admin may not list goals one by one.
        let res = admin
            .get(app.url(&format!("/api/v1/relationships/{id}/goals")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(views().await["total"], 4);
    }
);
