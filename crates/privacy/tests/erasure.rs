//! An administrator erases a person: afterwards none of their name, address or
//! words is anywhere in the database, programme health reads the same, and the
//! audit log holds the erasure.

mod fixture;

use fixture::*;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::ProgrammeId;
use mentorhub_store::privacy_queries::ErasureRefusal;
use mentorhub_store::Store;
use mentorhub_web::testing::{TestApp, TODAY};
use serde_json::{json, Value};

fn app_api() -> axum::Router<mentorhub_web::AppState> {
    mentorhub_privacy::api().split_for_parts().0
}

/// Every programme health figure, as text to compare.
async fn health(store: &Store, p: ProgrammeId) -> Vec<String> {
    vec![
        format!("{:?}", store.health_enrolments(p).await.unwrap()),
        format!("{:?}", store.health_mentor_pool(p).await.unwrap()),
        format!("{:?}", store.health_matching(p).await.unwrap()),
        format!("{:?}", store.health_checkins(p).await.unwrap()),
        format!("{:?}", store.health_goals(p).await.unwrap()),
        format!("{:?}", store.health_training(p).await.unwrap()),
        format!("{:?}", store.health_cadence(p, TODAY, 10).await.unwrap().0),
        format!("{:?}", store.health_relationships(p, TODAY).await.unwrap()),
        format!("{:?}", store.health_timeline(p).await.unwrap()),
    ]
}

mentorhub_web::app_story!(
    an_erased_person_leaves_no_trace_while_the_programme_figures_stay,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        let before = health(&app.store, w.programme).await;
        let ana = app.sign_in_as(w.ana).await.client;
        let mut needles = vec![ANA_NAME, ANA_EMAIL];
        needles.extend_from_slice(ANA_MARKERS);
        for needle in &needles {
            assert!(
                !app.store
                    .find_text_everywhere(needle)
                    .await
                    .unwrap()
                    .is_empty(),
                "the fixture holds {needle} before"
            );
        }

        let admin = app.sign_in_as(w.admin).await;
        let path = format!("/people/{}/erase", w.ana.0);
        let page = admin.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Erase Anastasia Archer?"));
        assert!(html.contains("cannot be undone"));

        // A wrong confirmation is refused next to the field, the typed text kept.
        let wrong = admin
            .client
            .post(app.url(&path))
            .form(&[("csrf", admin.csrf.as_str()), ("confirm", "Anastasia")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 422);
        let html = wrong.text().await.unwrap();
        assert!(html.contains("field-error"));
        assert!(html.contains("value=\"Anastasia\""));
        assert!(app.store.erased_at(w.ana).await.unwrap().is_none());

        // Without the form's token, nothing happens.
        let forged = admin
            .client
            .post(app.url(&path))
            .form(&[("csrf", "nope"), ("confirm", ANA_NAME)])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        assert!(app.store.erased_at(w.ana).await.unwrap().is_none());

        let done = admin
            .client
            .post(app.url(&path))
            .form(&[("csrf", admin.csrf.as_str()), ("confirm", ANA_EMAIL)])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
        let html = done.text().await.unwrap();
        assert!(html.contains("Person erased"));
        assert!(html.contains(&format!("Erased person #{}", w.ana.0)));

        // Nothing of hers is left in any text column of any table.
        for needle in needles {
            let found = app.store.find_text_everywhere(needle).await.unwrap();
            assert!(found.is_empty(), "{needle} is still in {found:?}");
        }
        // Her partner's own private note is Maya's, and stays.
        assert!(!app
            .store
            .find_text_everywhere(MAYA_NOTE)
            .await
            .unwrap()
            .is_empty());

        // The programme's figures, relationships and states are as they were.
        assert_eq!(health(&app.store, w.programme).await, before);
        let rel = app.store.get_relationship(w.relationship).await.unwrap();
        assert_eq!(rel.mentee_id, w.ana);
        assert_eq!(rel.state.as_str(), "active");

        // She is shown under a placeholder, cannot sign in, and is signed out.
        let person = app.store.get_person(w.ana).await.unwrap();
        assert_eq!(person.name, format!("Erased person #{}", w.ana.0));
        assert_eq!(
            person.email.as_str(),
            format!("erased-{}@erased.invalid", w.ana.0)
        );
        assert!(!person.active);
        let account = app
            .store
            .find_account_by_person(w.ana)
            .await
            .unwrap()
            .unwrap();
        assert!(!account.active && account.password_hash.is_none());
        assert_eq!(
            ana.get(app.url("/api/v1/me/export"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );

        // The erasure is in the audit log: who, when, which person, no data.
        let log = app.store.list_audit(50, 0).await.unwrap();
        let entry = log.iter().find(|e| e.action == "person.erase").unwrap();
        assert_eq!(entry.actor_id, Some(w.admin));
        assert_eq!(entry.subject, format!("person:{}", w.ana.0));
        assert_eq!(entry.detail, "");
        assert_eq!(entry.at, app.clock_now());

        // Nothing more is written to her.
        let queued = mentorhub_web::notify::queue(
            &app.store,
            &mentorhub_web::notify::Message {
                kind: mentorhub_domain::notification::NotificationKind::Introduction,
                to: w.ana,
                subject: "A reminder".into(),
                text: "Your check-in is due".into(),
                dedupe_key: "after-erasure".into(),
            },
            TODAY,
        )
        .await
        .unwrap();
        assert!(!queued);
        assert!(app
            .store
            .find_text_everywhere("after-erasure")
            .await
            .unwrap()
            .is_empty());

        // A second erasure is refused.
        let again = admin
            .client
            .post(app.url(&format!("/api/v1/people/{}/erase", w.ana.0)))
            .json(&json!({ "confirm": format!("Erased person #{}", w.ana.0) }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409);
    }
);

mentorhub_web::app_story!(
    the_api_erases_on_confirmation_and_refuses_yourself_and_the_last_admin,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        let admin = app.sign_in_as(w.admin).await.client;
        let url = |id: i64| app.url(&format!("/api/v1/people/{id}/erase"));

        let res = admin
            .post(url(w.admin.0))
            .json(&json!({ "confirm": "Ada Admin" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot erase yourself"));
        let page = admin
            .get(app.url(&format!("/people/{}/erase", w.admin.0)))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("cannot erase yourself"));
        assert!(!page.contains("Erase this person</button>"));

        let res = admin
            .post(url(w.ben.0))
            .json(&json!({ "confirm": "Someone else" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(
            admin
                .post(url(99_999))
                .json(&json!({ "confirm": "x" }))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        let res = admin
            .post(url(w.ben.0))
            .json(&json!({ "confirm": "ben brook" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["person_id"], w.ben.0);
        assert_eq!(body["name"], format!("Erased person #{}", w.ben.0));
        assert!(body["audit_id"].as_i64().unwrap() > 0);
        assert!(app
            .store
            .find_text_everywhere("Ben Brook")
            .await
            .unwrap()
            .is_empty());

        // The store refuses to erase the only active administrator, whoever asks.
        let refused = app
            .store
            .erase_person(w.admin, w.maya, TODAY)
            .await
            .unwrap();
        assert_eq!(refused, Err(ErasureRefusal::LastAdmin));
        assert_eq!(
            app.store.get_person(w.admin).await.unwrap().name,
            "Ada Admin"
        );
        // With a second administrator, the first can be erased by them.
        app.make_admin(w.manager).await;
        let manager = app.sign_in_as(w.manager).await.client;
        let res = manager
            .post(url(w.admin.0))
            .json(&json!({ "confirm": "adm@example.org" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
);

mentorhub_web::app_story!(
    an_hr_reimport_of_an_erased_employee_makes_a_new_person_and_revives_nothing,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        app.store
            .erase_person(w.ana, w.admin, TODAY)
            .await
            .unwrap()
            .unwrap();
        let row = NewPerson {
            employee_id: "ANA".into(),
            name: ANA_NAME.into(),
            email: Email::parse(ANA_EMAIL).unwrap(),
            title: "Analyst".into(),
            manager_employee_id: None,
            location: "London".into(),
            function: "Finance".into(),
            career_level: CareerLevel::new(5).unwrap(),
        };
        let summary = app.store.import_people(&[row], TODAY).await.unwrap();
        assert_eq!((summary.created, summary.updated), (1, 0));
        let new = app
            .store
            .get_person_by_employee_id("ANA")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(new.id, w.ana, "a new, unrelated record");
        let old = app.store.get_person(w.ana).await.unwrap();
        assert_eq!(old.name, format!("Erased person #{}", w.ana.0));
        assert!(!old.active);
        // The new record has none of the erased history.
        let data = app.store.personal_data(new.id).await.unwrap();
        for section in ["enrolments", "relationships", "meeting_notes", "emails"] {
            assert!(data.section(section).is_empty(), "{section} is empty");
        }
    }
);

mentorhub_web::app_story!(
    an_erasure_that_fails_half_way_changes_nothing,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        // Make the last steps of the erasure fail inside the database.
        let statements: &[&str] = match app.store.backend() {
            mentorhub_store::Backend::Sqlite => &[
                "CREATE TRIGGER refuse_reflection_delete BEFORE DELETE ON reflections BEGIN SELECT RAISE(ABORT, 'refused'); END",
            ],
            mentorhub_store::Backend::Postgres => &[
                "CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_reflection_delete BEFORE DELETE ON reflections FOR EACH ROW EXECUTE FUNCTION refuse_delete()",
            ],
        };
        for sql in statements {
            exec(&app, sql, &[]).await;
        }
        let ana = app.sign_in_as(w.ana).await.client;
        let admin = app.sign_in_as(w.admin).await.client;
        let res = admin
            .post(app.url(&format!("/api/v1/people/{}/erase", w.ana.0)))
            .json(&json!({ "confirm": ANA_NAME }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 500);
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("refused") && !body.contains("reflections"),
            "no internals: {body}"
        );

        // Everything is as it was: her name, her words, her session, no audit entry.
        assert_eq!(app.store.get_person(w.ana).await.unwrap().name, ANA_NAME);
        for needle in ANA_MARKERS {
            assert!(
                !app.store
                    .find_text_everywhere(needle)
                    .await
                    .unwrap()
                    .is_empty(),
                "{needle} is still there"
            );
        }
        assert_eq!(
            ana.get(app.url("/api/v1/me/export"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let log = app.store.list_audit(100, 0).await.unwrap();
        assert!(log.iter().all(|e| e.action != "person.erase"));
    }
);
