//! A person downloads everything the product holds about them: their own words
//! are in the file, a partner's private note and any secret are not, and nobody
//! else can fetch it.

mod fixture;

use fixture::*;
use mentorhub_web::testing::TestApp;
use serde_json::Value;

fn app_api() -> axum::Router<mentorhub_web::AppState> {
    mentorhub_privacy::api().split_for_parts().0
}

mentorhub_web::app_story!(
    a_person_downloads_their_data_with_their_own_note_but_not_their_partners,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        let ana = app.sign_in_as(w.ana).await.client;

        let res = ana.get(app.url("/api/v1/me/export")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["format"], "mentorhub.personal-data/1");
        assert_eq!(doc["person"]["name"], ANA_NAME);
        assert_eq!(doc["person"]["email"], ANA_EMAIL);
        assert_eq!(doc["manager"]["name"], "Mo Manager");
        assert_eq!(doc["direct_reports"][0]["name"], "Rita Report");

        // Her own words, wherever she wrote them.
        for marker in [
            ANA_NOTE,
            "ANA-GOALS-THIS-YEAR",
            "ANA-BIO-as-mentor",
            "ANA-SHORTLIST-NOTES",
            "ANA-OFFER-DECLINE-REASON",
            "ANA-OFFER-QUESTION",
            "ANA-REQUEST-MESSAGE",
            "ANA-MENTEE-CONCERNS",
            "ANA-GOAL-TITLE",
            "ANA-MEETING-AGENDA",
            "ANA-CHECKIN-HELP",
            "ANA-REFLECTION",
            "ANA-EMAIL-BODY",
        ] {
            assert!(text.contains(marker), "the export holds {marker}");
        }
        assert_eq!(doc["relationships"][0]["mentor_name"], "Maya Mentor");
        assert_eq!(doc["relationships"][0]["state"], "active");
        assert_eq!(doc["enrolments"].as_array().unwrap().len(), 2);
        assert_eq!(doc["preferences"][0]["mentor_name"], "Maya Mentor");
        assert_eq!(doc["training"][0]["title"], "Mentee training");
        assert_eq!(
            doc["checkins"].as_array().unwrap().len(),
            1,
            "only her own check-in answers"
        );
        assert_eq!(doc["account"]["has_password"], 0);
        assert!(!doc["sessions"].as_array().unwrap().is_empty());
        assert!(!doc["invitations"].as_array().unwrap().is_empty());
        assert!(doc["audit"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "person.view"));

        // What SPEC §9 keeps from her, and secrets.
        for kept_out in [
            MAYA_NOTE,
            "ANA-ASSESSOR-NOTE",
            "Ben likes her",
            "Ben's note",
            "is your new mentee",
            "invitation-token-hash-ana",
            "token_hash",
            "password_hash",
            "csrf",
        ] {
            assert!(!text.contains(kept_out), "the export leaves out {kept_out}");
        }

        // The page offers the same file as a download.
        let page = ana.get(app.url("/me/data")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Download my data"));
        assert!(html.contains("Meeting notes"));
        let file = ana
            .get(app.url("/me/data/export.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), 200);
        assert!(file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;"));
        let body = file.text().await.unwrap();
        assert!(body.contains(ANA_NOTE) && !body.contains(MAYA_NOTE));

        // Her partner's export holds Maya's own note, not Anastasia's.
        let maya = app.sign_in_as(w.maya).await.client;
        let theirs = maya
            .get(app.url("/api/v1/me/export"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(theirs.contains(MAYA_NOTE));
        assert!(!theirs.contains(ANA_NOTE));
        assert!(
            !theirs.contains("ANA-CHECKIN-HELP"),
            "check-in answers stay private"
        );
        assert!(
            !theirs.contains("ANA-OFFER-DECLINE-REASON"),
            "an unshared reason stays private"
        );
        assert!(!theirs.contains("ANA-SHORTLIST-NOTES"));

        // Every download is in the audit log, with no data.
        let log = app.store.list_audit(50, 0).await.unwrap();
        let exports: Vec<_> = log.iter().filter(|e| e.action == "data.export").collect();
        assert_eq!(exports.len(), 3);
        assert!(exports
            .iter()
            .any(|e| e.actor_id == Some(w.ana) && e.subject == format!("person:{}", w.ana.0)));
    }
);

mentorhub_web::app_story!(
    nobody_else_gets_a_persons_export_or_erases_them,
    app_api(),
    mentorhub_privacy::router(),
    |app: TestApp| async move {
        let w = world(&app).await;
        let ana_export = format!("/api/v1/people/{}/export", w.ana.0);
        let own = app.sign_in_as(w.ana).await.client;
        assert_eq!(
            own.get(app.url(&ana_export)).send().await.unwrap().status(),
            200
        );
        let erase_api = format!("/api/v1/people/{}/erase", w.ana.0);
        let erase_page = format!("/people/{}/erase", w.ana.0);
        for (who, person) in [
            ("her mentor", w.maya),
            ("her manager", w.manager),
            ("another mentee", w.ben),
            ("an admin", w.admin),
        ] {
            let s = app.sign_in_as(person).await;
            let res = s.client.get(app.url(&ana_export)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{who} asking for her export");
            assert!(!res.text().await.unwrap().contains(ANA_NOTE));
            if person == w.admin {
                continue;
            }
            let res = s
                .client
                .post(app.url(&erase_api))
                .json(&serde_json::json!({ "confirm": ANA_NAME }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{who} erasing her through the API");
            let res = s.client.get(app.url(&erase_page)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{who} opening the erase page");
            let res = s
                .client
                .post(app.url(&erase_page))
                .form(&[("csrf", s.csrf.as_str()), ("confirm", ANA_NAME)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{who} posting the erase form");
        }
        let anonymous = app.anonymous();
        assert_eq!(
            anonymous
                .get(app.url("/api/v1/me/export"))
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
        assert_eq!(
            anonymous
                .get(app.url("/me/data"))
                .send()
                .await
                .unwrap()
                .status(),
            303
        );
        // Nothing was erased.
        assert_eq!(app.store.get_person(w.ana).await.unwrap().name, ANA_NAME);
        assert!(app.store.erased_at(w.ana).await.unwrap().is_none());
    }
);
