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
