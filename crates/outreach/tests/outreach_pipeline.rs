//! A candidate's way from a drafted request to an answer, and what a "yes" or
//! a "no" leads to.

mod common;

use common::*;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::relationship::{Origin, RelationshipState};
use mentorhub_web::testing::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;

mentorhub_web::app_story!(
    a_candidate_goes_from_a_drafted_request_to_yes_and_the_relationship_starts,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        let programme = informal_programme(&app, "Find your mentor").await;
        app.person("B1", "Bea Boss", None, 12).await;
        let eli = app.person("E1", "Eli Brown", Some("B1"), 4).await;
        let maya = app.person("M1", "Maya Stone", None, 9).await;
        self_assessment(
            &app,
            programme,
            eli,
            "Quick, decisive decisions",
            "Lead the Leeds integration",
        )
        .await;
        let me = app.sign_in_as(eli).await;
        let (_, body) = call(
            &app,
            &me,
            Method::POST,
            "/api/v1/shortlist",
            Some(json!({"candidate_id": maya.0, "positives": "Decisive"})),
            None,
        )
        .await;
        let id = body["id"].as_i64().unwrap();
        let path = format!("/shortlist/{id}");
        let steps = format!("/shortlist/{id}/steps");

        let (_, html) = page(&app, &me, &path).await;
        assert!(html.contains("Dear Maya,"), "{html}");
        assert!(html.contains("30 minutes"));
        assert!(html.contains("in particular quick, decisive decisions"));
        assert!(html.contains("This year my goal is: Lead the Leeds integration"));
        assert!(html.contains("Mentorhub does not send it"));

        let (status, html, _) =
            submit(&app, &me, &steps, &[("version", "1"), ("step", "contact")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("say how you contacted them"));
        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[("version", "1"), ("step", "contact"), ("method", "email")],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Record a conversation"));
        assert!(html.contains("Yes, by email"));

        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[
                ("version", "2"),
                ("step", "conversation"),
                ("notes", "Lunch at the canteen"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("say whether they welcomed follow-up questions"));
        assert!(html.contains("Lunch at the canteen"), "typed notes kept");
        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[
                ("version", "2"),
                ("step", "conversation"),
                ("notes", "Lunch at the canteen"),
                ("follow_up_welcome", "yes"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Send a thank-you note for the time they gave you."),
            "{html}"
        );
        assert!(html.contains("Thank you for the time you gave me and for our conversation"));

        let (status, html, _) =
            submit(&app, &me, &steps, &[("version", "2"), ("step", "thanks")]).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert!(html.contains("changed since you opened the page"), "{html}");
        let (_, html, _) = submit(&app, &me, &steps, &[("version", "3"), ("step", "thanks")]).await;
        assert!(html.contains("Sent"));

        let (_, html, _) = submit(
            &app,
            &me,
            &format!("/shortlist/{id}/ask-draft"),
            &[
                ("step", "ask"),
                ("looking_for", "Decisive calls under pressure"),
                ("how", "Monthly lunch"),
            ],
        )
        .await;
        assert!(
            html.contains("What I am looking for: Decisive calls under pressure"),
            "{html}"
        );
        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[
                ("version", "4"),
                ("step", "ask"),
                ("looking_for", " "),
                ("how", "Monthly lunch"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("looking-error"),
            "error next to the field: {html}"
        );
        assert!(html.contains("Monthly lunch"));
        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[
                ("version", "4"),
                ("step", "ask"),
                ("looking_for", "Decisive calls under pressure"),
                ("how", "Monthly lunch"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("You have had 1 conversation(s); at least 3 are advised before asking.")
        );
        assert!(html.contains("You have talked with 1 of the people on your list"));
        assert!(html.contains("A yes is recorded in “Find your mentor”"));

        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[("version", "5"), ("step", "answer"), ("answer", "yes")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("Maya Stone is your mentor"));
        assert!(html.contains("Your manager has been told"));

        let rels = app.store.list_relationships_as_mentee(eli).await.unwrap();
        assert_eq!(rels.len(), 1);
        let rel = app
            .store
            .get_relationship(rels[0].relationship.id)
            .await
            .unwrap();
        assert_eq!(
            (rel.origin, rel.state, rel.mentor_id),
            (Origin::Outreach, RelationshipState::Introduced, maya)
        );
        assert!(html.contains(&format!("/relationships/{}", rel.id.0)));
        let mentor = app
            .store
            .find_enrolment(programme, maya, ParticipantRole::Mentor)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(mentor.status, EnrolmentStatus::Approved, "no admin needed");
        let boss = app
            .store
            .get_person_by_employee_id("B1")
            .await
            .unwrap()
            .unwrap();
        let to_boss = emails_to(&app, boss.id).await;
        assert!(
            to_boss
                .iter()
                .any(|(s, _)| s.contains("Eli Brown is starting a mentoring relationship")),
            "{to_boss:?}"
        );
        assert!(emails_to(&app, maya)
            .await
            .iter()
            .any(|(s, _)| s.starts_with("Introducing")));
    }
);

mentorhub_web::app_story!(
    a_decline_brings_the_next_name_and_a_mentor_in_the_line_waits_for_the_manager,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        let first = informal_programme(&app, "Find your mentor").await;
        informal_programme(&app, "Leaders' circle").await;
        let chief = app.person("C1", "Chris Chief", None, 14).await;
        let boss = app.person("B1", "Bea Boss", Some("C1"), 12).await;
        let eli = app.person("E1", "Eli Brown", Some("B1"), 4).await;
        let omar = app.person("M2", "Omar Said", None, 10).await;
        let ken = app.person("M3", "Ken Lowe", None, 10).await;
        let me = app.sign_in_as(eli).await;
        let mut ids = Vec::new();
        for who in [omar, ken, chief] {
            let (_, b) = call(
                &app,
                &me,
                Method::POST,
                "/api/v1/shortlist",
                Some(json!({"candidate_id": who.0})),
                None,
            )
            .await;
            ids.push(b["id"].as_i64().unwrap());
        }
        let step = |id: i64, body: serde_json::Value, version: i64| {
            let app = app.clone();
            let me = &me;
            async move {
                call(
                    &app,
                    me,
                    Method::POST,
                    &format!("/api/v1/shortlist/{id}/steps"),
                    Some(body),
                    Some(version),
                )
                .await
            }
        };
        let (status, _) = call(
            &app,
            &me,
            Method::POST,
            &format!("/api/v1/shortlist/{}/steps", ids[0]),
            Some(json!({"step": "contact", "method": "phone"})),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "If-Match is required");
        step(ids[0], json!({"step": "contact", "method": "phone"}), 1).await;
        let (status, body) = step(ids[0], json!({"step": "thanks"}), 1).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
        step(
            ids[0],
            json!({"step": "conversation", "follow_up_welcome": true}),
            2,
        )
        .await;
        step(
            ids[0],
            json!({"step": "ask", "looking_for": "Strategy", "how": "Monthly"}),
            3,
        )
        .await;
        let (status, body) = step(ids[0], json!({"step": "answer", "accepted": false}), 4).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["advice"][0]
            .as_str()
            .unwrap()
            .contains("the next name on your list is ready"));
        assert_eq!(body["next_candidate"]["candidate"]["name"], "Ken Lowe");
        let (_, html) = page(&app, &me, "/shortlist").await;
        assert!(
            html.contains("Next on your list: <a href=\"/shortlist/"),
            "{html}"
        );

        step(ids[1], json!({"step": "contact", "method": "email"}), 1).await;
        step(
            ids[1],
            json!({"step": "conversation", "notes": "Busy", "follow_up_welcome": false}),
            2,
        )
        .await;
        let (status, body) = step(
            ids[1],
            json!({"step": "ask", "looking_for": "x", "how": "y"}),
            3,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.to_string().contains("not welcome"));
        let (_, body) = step(ids[1], json!({"step": "rule_out"}), 3).await;
        assert!(
            body["advice"][0]
                .as_str()
                .unwrap()
                .contains("Thank them even so"),
            "{body}"
        );
        let (_, detail) = call(
            &app,
            &me,
            Method::GET,
            &format!("/api/v1/shortlist/{}", ids[1]),
            None,
            None,
        )
        .await;
        assert!(detail["drafts"]["thank_you"]
            .as_str()
            .unwrap()
            .contains("Dear Ken,"));

        step(ids[2], json!({"step": "contact", "method": "in_person"}), 1).await;
        step(
            ids[2],
            json!({"step": "conversation", "follow_up_welcome": true}),
            2,
        )
        .await;
        step(
            ids[2],
            json!({"step": "ask", "looking_for": "Strategy", "how": "Monthly"}),
            3,
        )
        .await;
        let (_, detail) = call(
            &app,
            &me,
            Method::GET,
            &format!("/api/v1/shortlist/{}", ids[2]),
            None,
            None,
        )
        .await;
        assert_eq!(detail["programme_choices"].as_array().unwrap().len(), 2);
        let (status, body) = step(ids[2], json!({"step": "answer", "accepted": true}), 4).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["field"], "programme_id");
        let (_, still) = call(
            &app,
            &me,
            Method::GET,
            &format!("/api/v1/shortlist/{}", ids[2]),
            None,
            None,
        )
        .await;
        assert_eq!(
            still["entry"]["stage"], "asked",
            "a refused choice changes nothing"
        );
        let (status, body) = step(
            ids[2],
            json!({"step": "answer", "accepted": true, "programme_id": first.0}),
            4,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["relationship"]["state"], "awaiting_manager_approval");
        assert!(body["advice"]
            .to_string()
            .contains("your manager has been asked to approve"));
        let to_boss = emails_to(&app, boss).await;
        assert!(
            to_boss
                .iter()
                .any(|(s, _)| s.starts_with("Your approval is asked")),
            "{to_boss:?}"
        );
        assert!(
            !emails_to(&app, eli)
                .await
                .iter()
                .any(|(s, _)| s.starts_with("Introducing")),
            "not before approval"
        );
    }
);

mentorhub_web::app_story!(
    a_decline_recorded_on_the_page_is_told_once_with_the_next_name,
    mentorhub_outreach::api().split_for_parts().0,
    mentorhub_outreach::router(),
    |app: TestApp| async move {
        informal_programme(&app, "Find your mentor").await;
        let eli = app.person("E1", "Eli Brown", None, 4).await;
        let omar = app.person("M2", "Omar Said", None, 10).await;
        let ken = app.person("M3", "Ken Lowe", None, 10).await;
        let me = app.sign_in_as(eli).await;
        let mut ids = Vec::new();
        for who in [omar, ken] {
            let (_, b) = call(
                &app,
                &me,
                Method::POST,
                "/api/v1/shortlist",
                Some(json!({"candidate_id": who.0})),
                None,
            )
            .await;
            ids.push(b["id"].as_i64().unwrap());
        }
        let steps = format!("/shortlist/{}/steps", ids[0]);
        for (version, fields) in [
            ("1", vec![("step", "contact"), ("method", "phone")]),
            (
                "2",
                vec![("step", "conversation"), ("follow_up_welcome", "yes")],
            ),
            (
                "3",
                vec![
                    ("step", "ask"),
                    ("looking_for", "Strategy"),
                    ("how", "Monthly"),
                ],
            ),
        ] {
            let mut form = vec![("version", version)];
            form.extend(fields);
            let (status, html, _) = submit(&app, &me, &steps, &form).await;
            assert_eq!(status, StatusCode::OK, "{html}");
        }
        let (status, html, _) = submit(
            &app,
            &me,
            &steps,
            &[("version", "4"), ("step", "answer"), ("answer", "no")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert_eq!(
            html.matches("A decline is common").count(),
            1,
            "the decline is told once: {html}"
        );
        assert!(html.contains("Next on your list: <a href=\"/shortlist/"));
        assert!(html.contains("Ken Lowe"));
    }
);
