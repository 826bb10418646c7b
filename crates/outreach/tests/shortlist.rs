//! The mentee's private shortlist: adding names found by search, reordering,
//! removing after a confirmation, and nobody else ever seeing it.

mod common;

use common::*;
use mentorhub_web::testing::TestApp;
use reqwest::{Method, StatusCode};

mentorhub_web::app_story!(
    a_mentee_builds_a_shortlist_from_people_search,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        let eli = app.person("E1", "Eli Brown", None, 4).await;
        let maya = app.person("M1", "Maya Stone", None, 9).await;
        let omar = app.person("M2", "Omar Said", None, 10).await;
        let gone = app.person("M3", "Maya Left", None, 9).await;
        app.store
            .set_person_active(gone, false, app.clock_now())
            .await
            .unwrap();
        let me = app.sign_in_as(eli).await;

        let (status, html) = page(&app, &me, "/shortlist").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Your shortlist is empty"), "{html}");
        assert!(html.contains("Search for them by name below"));

        let (_, html) = page(&app, &me, "/shortlist?q=maya").await;
        assert!(html.contains("Maya Stone"));
        assert!(
            !html.contains("Maya Left"),
            "deactivated people are not offered"
        );
        let (_, html) = page(&app, &me, "/shortlist?q=eli").await;
        assert!(html.contains("No active colleague matches"), "not yourself");

        let (status, html, _) = submit(
            &app,
            &me,
            "/shortlist",
            &[("candidate_id", &eli.0.to_string()), ("positives", "Me")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("you cannot shortlist yourself"), "{html}");
        let (status, html, _) = submit(
            &app,
            &me,
            "/shortlist",
            &[("candidate_id", &gone.0.to_string()), ("positives", "Calm")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("no longer active"), "{html}");

        let long = "x".repeat(4001);
        let (status, html, _) = submit(
            &app,
            &me,
            "/shortlist",
            &[
                ("candidate_id", &maya.0.to_string()),
                ("positives", "Turned round the Leeds office"),
                ("constraints", &long),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("is longer than 4000 characters"), "{html}");
        assert!(
            html.contains("Turned round the Leeds office"),
            "typed values kept"
        );

        let (status, _, location) = submit(
            &app,
            &me,
            "/shortlist",
            &[
                ("candidate_id", &maya.0.to_string()),
                ("positives", "Turned round the Leeds office"),
                ("constraints", "Travels a lot"),
                ("recommendations", "Priya says she listens"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.unwrap().starts_with("/shortlist/"));
        let (status, body) = call(
            &app,
            &me,
            Method::POST,
            "/api/v1/shortlist",
            Some(serde_json::json!({"candidate_id": omar.0, "positives": "Built the graduate scheme"})),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = call(
            &app,
            &me,
            Method::POST,
            "/api/v1/shortlist",
            Some(serde_json::json!({"candidate_id": maya.0})),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.to_string().contains("already on your shortlist"));

        let (_, html) = page(&app, &me, "/shortlist").await;
        assert!(html.find("Maya Stone").unwrap() < html.find("Omar Said").unwrap());
        assert!(html.contains("Only you can see this list"));
        let omar_entry = body_id(&app, &me, 1).await;
        let (status, _, _) = submit(
            &app,
            &me,
            &format!("/shortlist/{omar_entry}/move"),
            &[("direction", "up")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &me, "/shortlist").await;
        assert!(html.find("Omar Said").unwrap() < html.find("Maya Stone").unwrap());

        let (_, html) = page(&app, &me, &format!("/shortlist/{omar_entry}/remove")).await;
        assert!(html.contains("Remove Omar Said?"));
        assert!(html.contains("cannot be undone"));
        let (_, html) = page(&app, &me, "/shortlist").await;
        assert!(html.contains("Omar Said"), "asking does not remove");
        let (status, _, _) =
            submit(&app, &me, &format!("/shortlist/{omar_entry}/remove"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, body) = call(&app, &me, Method::GET, "/api/v1/shortlist", None, None).await;
        let names: Vec<&str> = body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["candidate"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Maya Stone"]);
    }
);

/// The id of the entry at `index` of the signed-in person's list.
async fn body_id(app: &TestApp, who: &mentorhub_web::testing::SignedIn, index: usize) -> i64 {
    let (_, body) = call(app, who, Method::GET, "/api/v1/shortlist", None, None).await;
    body["entries"][index]["id"].as_i64().unwrap()
}

mentorhub_web::app_story!(
    nobody_but_the_mentee_sees_the_shortlist_or_the_outreach_log,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        let boss = app.person("B1", "Bea Boss", None, 12).await;
        let eli = app.person("E1", "Eli Brown", Some("B1"), 4).await;
        let maya = app.person("M1", "Maya Stone", None, 9).await;
        let admin = app.person("A1", "Ada Admin", None, 8).await;
        app.make_admin(admin).await;
        let me = app.sign_in_as(eli).await;
        let (status, body) = call(
            &app,
            &me,
            Method::POST,
            "/api/v1/shortlist",
            Some(serde_json::json!({
                "candidate_id": maya.0,
                "positives": "MARKER-POSITIVE",
                "constraints": "MARKER-CONSTRAINT",
                "recommendations": "MARKER-RECOMMENDATION"
            })),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let id = body["id"].as_i64().unwrap();
        let (status, _) = call(
            &app,
            &me,
            Method::POST,
            &format!("/api/v1/shortlist/{id}/steps"),
            Some(serde_json::json!({"step": "contact", "method": "email"})),
            Some(1),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = call(
            &app,
            &me,
            Method::POST,
            &format!("/api/v1/shortlist/{id}/steps"),
            Some(serde_json::json!({"step": "conversation", "notes": "MARKER-CONVERSATION", "follow_up_welcome": true})),
            Some(2),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (_, own) = page(&app, &me, &format!("/shortlist/{id}")).await;
        assert!(own.contains("MARKER-CONVERSATION") && own.contains("MARKER-POSITIVE"));

        for other in [maya, boss, admin] {
            let them = app.sign_in_as(other).await;
            for path in [
                format!("/shortlist/{id}"),
                format!("/shortlist/{id}/remove"),
                format!("/api/v1/shortlist/{id}"),
            ] {
                let (status, body) = page(&app, &them, &path).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{path} for {other:?}");
                assert!(!body.contains("MARKER"), "{path}: {body}");
            }
            for path in [
                "/shortlist",
                "/api/v1/shortlist",
                "/offers",
                "/api/v1/offers",
            ] {
                let (status, body) = page(&app, &them, path).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                assert!(!body.contains("MARKER"), "{path} for {other:?}: {body}");
                assert!(!body.contains("Maya Stone") || other == maya, "{path}");
            }
            let (status, _) = call(
                &app,
                &them,
                Method::PATCH,
                &format!("/api/v1/shortlist/{id}"),
                Some(
                    serde_json::json!({"positives": "x", "constraints": "", "recommendations": ""}),
                ),
                Some(3),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _) = call(
                &app,
                &them,
                Method::POST,
                &format!("/api/v1/shortlist/{id}/steps"),
                Some(serde_json::json!({"step": "thanks"})),
                Some(3),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _, _) = submit(&app, &them, &format!("/shortlist/{id}/remove"), &[]).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _) = call(
                &app,
                &them,
                Method::DELETE,
                &format!("/api/v1/shortlist/{id}"),
                None,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (_, own) = call(&app, &me, Method::GET, "/api/v1/shortlist", None, None).await;
        assert_eq!(own["entries"].as_array().unwrap().len(), 1, "still there");
        assert!(
            emails_to(&app, maya).await.is_empty(),
            "nothing is sent to the candidate"
        );
        assert!(emails_to(&app, boss).await.is_empty(), "nor to the manager");
    }
);
