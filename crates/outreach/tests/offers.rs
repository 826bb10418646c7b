//! A mentor's offer (`003_…`): what they noticed and the assurance, time to think,
//! questions by email, a yes that starts the relationship, a kind no whose reason
//! stays private unless shared, and nobody else seeing any of it.

mod common;

use common::*;
use mentorhub_domain::outreach::OFFER_ASSURANCE;
use mentorhub_domain::relationship::{Origin, RelationshipState};
use mentorhub_web::testing::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

mentorhub_web::app_story!(
    a_protege_takes_their_time_asks_a_question_and_accepts,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        informal_programme(&app, "Find your mentor").await;
        let boss = app.person("B1", "Bea Boss", None, 12).await;
        let eli = app.person("E1", "Eli Brown", Some("B1"), 4).await;
        let maya = app.person("M1", "Maya Stone", None, 9).await;
        let mentor = app.sign_in_as(maya).await;

        let (_, html) = page(&app, &mentor, &format!("/offers/new?to={}", eli.0)).await;
        assert!(html.contains("Offer mentoring to Eli Brown"));
        assert!(html.contains(&askama_escaped(OFFER_ASSURANCE)), "{html}");
        let (status, html, _) = submit(
            &app,
            &mentor,
            "/offers",
            &[("protege_id", &eli.0.to_string()), ("noticed", "  ")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("noticed-error"), "{html}");
        let (status, html, _) = submit(
            &app,
            &mentor,
            "/offers",
            &[("protege_id", &maya.0.to_string()), ("noticed", "Me")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("you cannot offer mentoring to yourself"));
        let (status, _, location) = submit(
            &app,
            &mentor,
            "/offers",
            &[
                ("protege_id", &eli.0.to_string()),
                ("noticed", "You ran the audit retro with real calm"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let offer_path = location.unwrap();

        let mail = emails_to(&app, eli).await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].0, "Maya Stone would like to offer you mentoring");
        assert!(mail[0].1.contains("You ran the audit retro with real calm"));
        assert!(mail[0].1.contains(OFFER_ASSURANCE));

        let protege = app.sign_in_as(eli).await;
        let (_, html) = page(&app, &protege, "/offers").await;
        assert!(html.contains("Maya Stone offers to mentor you"));
        let (_, html) = page(&app, &protege, &offer_path).await;
        assert!(html.contains("There is no hurry"));
        assert!(html.contains("Ask Maya Stone a question"));
        let (_, html, _) = submit(
            &app,
            &protege,
            &format!("{offer_path}/messages"),
            &[("body", "How often would we meet?")],
        )
        .await;
        assert!(html.contains("How often would we meet?"));
        let to_maya = emails_to(&app, maya).await;
        assert!(
            to_maya
                .iter()
                .any(|(s, t)| s == "Eli Brown has a question about your offer"
                    && t.contains("How often would we meet?")),
            "{to_maya:?}"
        );
        let (_, html, _) = submit(
            &app,
            &mentor,
            &format!("{offer_path}/messages"),
            &[("body", "Monthly, over lunch")],
        )
        .await;
        assert!(html.contains("Monthly, over lunch"));
        assert!(emails_to(&app, eli)
            .await
            .iter()
            .any(|(_, t)| t.contains("Monthly, over lunch")));

        let (status, html, _) = submit(
            &app,
            &protege,
            &format!("{offer_path}/accept"),
            &[("version", "0")],
        )
        .await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert!(html.contains("changed since you opened the page"));
        let (status, html, _) = submit(
            &app,
            &protege,
            &format!("{offer_path}/accept"),
            &[("version", "1")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("You accepted."));
        assert!(html.contains("Open the mentoring relationship"));
        let rel = &app.store.list_relationships_as_mentee(eli).await.unwrap()[0].relationship;
        assert_eq!(
            (rel.origin, rel.state, rel.mentor_id),
            (Origin::Offer, RelationshipState::Introduced, maya)
        );
        assert!(emails_to(&app, boss)
            .await
            .iter()
            .any(|(s, _)| s.contains("Eli Brown is starting a mentoring relationship")));
        let (status, _, _) = submit(
            &app,
            &protege,
            &format!("{offer_path}/decline"),
            &[("version", "2")],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "already accepted: a conflict with its state, not a refusal of who asks"
        );
    }
);

/// How askama writes text into HTML.
fn askama_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
}

mentorhub_web::app_story!(
    a_decline_reason_reaches_the_mentor_only_when_shared_and_others_never_see_offers,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        let boss = app.person("B1", "Bea Boss", None, 12).await;
        let eli = app.person("E1", "Eli Brown", Some("B1"), 4).await;
        let maya = app.person("M1", "Maya Stone", None, 9).await;
        let gone = app.person("G1", "Gil Gone", None, 4).await;
        let admin = app.person("A1", "Ada Admin", None, 8).await;
        app.make_admin(admin).await;
        app.store
            .set_person_active(gone, false, app.clock_now())
            .await
            .unwrap();
        let mentor = app.sign_in_as(maya).await;
        let protege = app.sign_in_as(eli).await;

        let (status, body) = call(
            &app,
            &mentor,
            Method::POST,
            "/api/v1/offers",
            Some(json!({"protege_id": gone.0, "noticed": "Sharp"})),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.to_string().contains("no longer active"));
        let make = |noticed: &'static str| {
            let app = app.clone();
            let mentor = &mentor;
            async move {
                let (status, body) = call(
                    &app,
                    mentor,
                    Method::POST,
                    "/api/v1/offers",
                    Some(json!({"protege_id": eli.0, "noticed": noticed})),
                    None,
                )
                .await;
                assert_eq!(status, StatusCode::CREATED, "{body}");
                body["id"].as_i64().unwrap()
            }
        };
        let private = make("OFFER-MARKER kept reason").await;
        let (status, body) = call(
            &app,
            &protege,
            Method::POST,
            &format!("/api/v1/offers/{private}/decline"),
            Some(json!({"reason": "REASON-PRIVATE", "share_reason": false})),
            Some(1),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["decline_reason"], "REASON-PRIVATE",
            "the protégé sees their own reason"
        );
        let (_, seen) = call(
            &app,
            &mentor,
            Method::GET,
            &format!("/api/v1/offers/{private}"),
            None,
            None,
        )
        .await;
        assert_eq!(seen["state"], "declined");
        assert!(seen["decline_reason"].is_null());
        let (_, html) = page(&app, &mentor, &format!("/offers/{private}")).await;
        assert!(html.contains("declined without sharing a reason"));
        assert!(!html.contains("REASON-PRIVATE"));
        let to_maya = emails_to(&app, maya).await;
        assert!(
            to_maya.iter().all(|(_, t)| !t.contains("REASON-PRIVATE")),
            "{to_maya:?}"
        );

        let shared = make("OFFER-MARKER shared reason").await;
        let (_, html, _) = submit(
            &app,
            &protege,
            &format!("/offers/{shared}/decline"),
            &[
                ("version", "1"),
                ("reason", "REASON-SHARED"),
                ("share_reason", "yes"),
            ],
        )
        .await;
        assert!(html.contains("You declined the offer"), "{html}");
        let (_, html) = page(&app, &mentor, &format!("/offers/{shared}")).await;
        assert!(html.contains("REASON-SHARED"));
        assert!(emails_to(&app, maya)
            .await
            .iter()
            .any(|(_, t)| t.contains("They chose to share their reason: REASON-SHARED")));

        let open = make("OFFER-MARKER still open").await;
        for other in [boss, admin] {
            let them = app.sign_in_as(other).await;
            for path in [
                format!("/offers/{open}"),
                format!("/api/v1/offers/{open}"),
                format!("/offers/{private}"),
            ] {
                let (status, body) = page(&app, &them, &path).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
                assert!(!body.contains("MARKER"));
            }
            for path in ["/offers", "/api/v1/offers"] {
                let (_, body) = page(&app, &them, path).await;
                assert!(
                    !body.contains("MARKER") && !body.contains("REASON"),
                    "{path}: {body}"
                );
            }
            let (status, _) = call(
                &app,
                &them,
                Method::POST,
                &format!("/api/v1/offers/{open}/acceptance"),
                Some(json!({})),
                Some(1),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _, _) = submit(
                &app,
                &them,
                &format!("/offers/{open}/messages"),
                &[("body", "Hi")],
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (status, body) = call(
            &app,
            &protege,
            Method::POST,
            &format!("/api/v1/offers/{open}/acceptance"),
            Some(json!({})),
            Some(1),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "no informal programme exists"
        );
        assert!(body
            .to_string()
            .contains("ask your programme administrator"));
        let (status, html, _) = submit(
            &app,
            &mentor,
            &format!("/offers/{open}/withdraw"),
            &[("version", "1")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("tick the box to confirm"), "{html}");
        let (status, body) = call(
            &app,
            &mentor,
            Method::POST,
            &format!("/api/v1/offers/{open}/withdrawal"),
            None,
            Some(1),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "withdrawn");
        assert!(emails_to(&app, eli)
            .await
            .iter()
            .any(|(s, _)| s == "Maya Stone withdrew their offer of mentoring"));
    }
);
