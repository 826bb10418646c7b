//! The agreement: proposed from the programme's defaults, confirmed by both to
//! make the relationship active, and never silently overwritten.

mod common;

use common::*;
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::TestApp;
use reqwest::StatusCode;
use serde_json::json;

fn terms(cadence: &str, concerns: &str) -> serde_json::Value {
    json!({"cadence": cadence, "mode": "video", "duration_months": 9,
           "confidentiality": "Between us.", "raising_concerns": "Say it in the next meeting.",
           "mentee_concerns": concerns})
}

mentorhub_web::app_story!(
    both_confirming_the_agreement_makes_the_relationship_active_and_tells_both,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Introduced).await;
        let (_, form) = page(&w.mentee, &w.rel("/agreement")).await;
        assert!(form.contains("Propose your mentoring agreement"));
        assert!(
            form.contains("What we discuss stays between us"),
            "prefilled with the built-in wording"
        );
        assert!(
            form.contains("value=\"fortnightly\" selected"),
            "prefilled with the programme's cadence"
        );

        let (status, _, body) = post_form(
            &w.mentee,
            &w.rel("/agreement"),
            &[
                ("version", ""),
                ("cadence", "weekly"),
                ("mode", "video"),
                ("duration_months", "2"),
                ("confidentiality", "Between us."),
                ("raising_concerns", "Say so."),
                ("mentee_concerns", "Time"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("must be from 6 to 24 months"),
            "the error sits next to the field"
        );
        assert!(body.contains("value=\"2\""), "what was typed is kept");

        let (status, _, _) = post_form(
            &w.mentee,
            &w.rel("/agreement"),
            &[
                ("version", ""),
                ("cadence", "weekly"),
                ("mode", "video"),
                ("duration_months", "9"),
                ("confidentiality", "Between us."),
                ("raising_concerns", "Say so."),
                ("mentee_concerns", "Time"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let a = w
            .app
            .store
            .get_agreement(w.relationship)
            .await
            .unwrap()
            .unwrap();
        for who in [&w.mentee, &w.mentor] {
            let (status, _, _) = post_form(
                who,
                &w.rel("/agreement/confirm"),
                &[("version", &a.version.to_string())],
            )
            .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (_, body) = page(&w.mentor, &w.rel("")).await;
        assert!(body.contains("Agreed by both"));
        assert!(body.contains("state-active"));
        let rel = w.app.store.get_relationship(w.relationship).await.unwrap();
        assert_eq!(rel.state, RelationshipState::Active);
        let mail = w.app.store.list_notifications(None, 50, 0).await.unwrap();
        let told: Vec<_> = mail
            .iter()
            .filter(|m| m.kind == NotificationKind::AgreementConfirmed)
            .collect();
        assert_eq!(told.len(), 2, "both are told by email");
        assert!(told.iter().all(|m| m.body_text.contains("every week")));
    }
);

mentorhub_web::app_story!(
    concurrent_agreement_edits_never_overwrite_each_other,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Introduced).await;
        let r = w
            .mentor
            .client
            .post(w.api("/agreement"))
            .json(&terms("monthly", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.headers()["etag"], "\"1\"");
        // The mentee confirms; then the mentor edits: the confirmation is withdrawn.
        let r = w
            .mentee
            .client
            .post(w.api("/agreement/confirm"))
            .header("If-Match", "\"1\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let r = w
            .mentor
            .client
            .put(w.api("/agreement"))
            .header("If-Match", "\"1\"")
            .json(&terms("weekly", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body["mentee_confirmed"], false,
            "an edit withdraws both confirmations"
        );
        // The mentee's copy (version 1) is stale now: the API says so with the current version.
        let r = w
            .mentee
            .client
            .put(w.api("/agreement"))
            .header("If-Match", "\"1\"")
            .json(&terms("monthly", "MINE"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["current_version"], 2);
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changed by someone else"));
        let r = w
            .mentee
            .client
            .put(w.api("/agreement"))
            .json(&terms("monthly", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "If-Match is required");
        // The same through the page: the newer version is shown and what was typed kept.
        let (status, _, body) = post_form(
            &w.mentee,
            &w.rel("/agreement"),
            &[
                ("version", "1"),
                ("cadence", "monthly"),
                ("mode", "phone"),
                ("duration_months", "9"),
                ("confidentiality", "Between us."),
                ("raising_concerns", "Say so."),
                ("mentee_concerns", "MY-STALE-TEXT"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("Someone else changed this agreement"));
        assert!(
            body.contains("value=\"weekly\" selected"),
            "the newer version is in the form"
        );
        assert!(
            body.contains("MY-STALE-TEXT"),
            "what was typed is shown, not lost"
        );
        let a = w
            .app
            .store
            .get_agreement(w.relationship)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (a.terms.cadence.as_str(), a.version),
            ("weekly", 2),
            "nothing was overwritten"
        );
        // Confirming a version that has since changed is refused as well.
        let r = w
            .mentee
            .client
            .post(w.api("/agreement/confirm"))
            .header("If-Match", "\"1\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(
            w.app
                .store
                .get_relationship(w.relationship)
                .await
                .unwrap()
                .state,
            RelationshipState::Introduced
        );
        // A manager does not read the agreement.
        assert_eq!(
            page(&w.manager, &w.api("/agreement")).await.0,
            StatusCode::FORBIDDEN
        );
    }
);
