//! Who sees what (SPEC §9), through HTTP: marker strings planted in notes,
//! check-in answers, goals and a private end reason never reach a role that may
//! not read them, in any page or API response.

mod common;

use common::*;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::{TestApp, TODAY};
use reqwest::StatusCode;
use serde_json::json;

async fn put_json(
    who: &mentorhub_web::testing::SignedIn,
    url: &str,
    body: serde_json::Value,
) -> StatusCode {
    who.client
        .put(url)
        .json(&body)
        .send()
        .await
        .expect("put")
        .status()
}

async fn post_json(
    who: &mentorhub_web::testing::SignedIn,
    url: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let r = who.client.post(url).json(&body).send().await.expect("post");
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// Plants one marker of each kind and returns nothing: the markers are fixed strings.
async fn plant(w: &World) {
    let held = (TODAY.0 - 3 * 86_400_000) / 1000;
    let when = |secs: i64| mentorhub_domain::time_util::Timestamp(secs * 1000).to_rfc3339();
    let (s, first) = post_json(&w.mentee, &w.api("/meetings"), json!({
        "starts_at": when(held), "duration_minutes": 45, "mode": "video", "status": "held",
        "agenda": "MARKER-AGENDA first steps", "question_for_next": "What decision did you delay?"
    })).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    let (s, second) = post_json(&w.mentor, &w.api("/meetings"), json!({
        "starts_at": when(held + 86_400), "duration_minutes": 30, "mode": "phone", "status": "held"
    })).await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    let m1 = first["id"].as_i64().unwrap();
    let m2 = second["id"].as_i64().unwrap();
    for (who, meeting, body, shared) in [
        (&w.mentee, m1, "MARKER-MENTEE-PRIVATE-NOTE", false),
        (&w.mentor, m1, "MARKER-MENTOR-PRIVATE-NOTE", false),
        (&w.mentor, m2, "MARKER-MENTOR-SHARED-NOTE", true),
    ] {
        let url = w.api(&format!("/meetings/{meeting}/note"));
        assert_eq!(
            put_json(who, &url, json!({"body": body, "shared": shared})).await,
            StatusCode::OK
        );
    }
    w.app
        .store
        .create_due_checkins(w.relationship, 30, TODAY)
        .await
        .unwrap();
    for (who, text) in [
        (&w.mentee, "MARKER-MENTEE-ANSWER"),
        (&w.mentor, "MARKER-MENTOR-ANSWER"),
    ] {
        let mine = w
            .app
            .store
            .list_checkins_of_person(who.person, true)
            .await
            .unwrap();
        let url = w.api(&format!("/checkins/{}", mine[0].id.0));
        let body = json!({"in_regular_contact": true, "working": 4, "what_would_help": text});
        assert_eq!(put_json(who, &url, body).await, StatusCode::OK);
    }
    for (title, shared) in [("MARKER-GOAL-SHARED", true), ("MARKER-GOAL-PRIVATE", false)] {
        let (s, g) = post_json(&w.mentee, &w.api("/goals"), json!({
            "title": title, "progress": 20, "status": "in_progress", "shared_with_manager": shared
        })).await;
        assert_eq!(s, StatusCode::CREATED, "{g}");
    }
}

fn sees(all: &str, marker: &str) -> bool {
    all.contains(marker)
}

mentorhub_web::app_story!(
    each_role_sees_only_what_the_confidentiality_table_allows,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        plant(&w).await;

        let mentor = everything_seen_by(&w, &w.mentor).await;
        assert!(
            sees(&mentor, "MARKER-MENTOR-PRIVATE-NOTE")
                && sees(&mentor, "MARKER-MENTOR-SHARED-NOTE")
        );
        assert!(
            !sees(&mentor, "MARKER-MENTEE-PRIVATE-NOTE"),
            "a partner's private note stays private"
        );
        assert!(sees(&mentor, "MARKER-MENTOR-ANSWER"));
        assert!(
            !sees(&mentor, "MARKER-MENTEE-ANSWER"),
            "a partner never sees the other's check-in answers"
        );
        assert!(
            sees(&mentor, "MARKER-GOAL-PRIVATE"),
            "the mentor reads all the mentee's goals"
        );

        let mentee = everything_seen_by(&w, &w.mentee).await;
        assert!(
            sees(&mentee, "MARKER-MENTEE-PRIVATE-NOTE")
                && sees(&mentee, "MARKER-MENTOR-SHARED-NOTE")
        );
        assert!(!sees(&mentee, "MARKER-MENTOR-PRIVATE-NOTE"));
        assert!(sees(&mentee, "MARKER-MENTEE-ANSWER") && !sees(&mentee, "MARKER-MENTOR-ANSWER"));

        let manager = everything_seen_by(&w, &w.manager).await;
        assert!(
            sees(&manager, "Eli Mentee"),
            "the manager sees the relationship exists"
        );
        for hidden in ["NOTE", "ANSWER", "MARKER-GOAL-PRIVATE", "MARKER-AGENDA"] {
            assert!(!sees(&manager, hidden), "the manager must not see {hidden}");
        }
        assert!(
            sees(&manager, "MARKER-GOAL-SHARED"),
            "the manager sees the goals the mentee shared"
        );

        let admin = everything_seen_by(&w, &w.admin).await;
        assert!(!sees(&admin, "NOTE"), "an admin never sees meeting notes");
        assert!(
            sees(&admin, "MARKER-MENTEE-ANSWER") && sees(&admin, "MARKER-MENTOR-ANSWER"),
            "admins read check-in answers"
        );
        assert!(
            !sees(&admin, "MARKER-GOAL"),
            "admins see aggregate progress only"
        );
        assert!(sees(&admin, "2 goal(s)"));

        let stranger = everything_seen_by(&w, &w.stranger).await;
        assert!(
            !sees(&stranger, "MARKER"),
            "a person of another programme sees nothing"
        );
        assert_eq!(page(&w.stranger, &w.rel("")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(page(&w.stranger, &w.api("")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            page(&w.stranger, &w.api("/meetings")).await.0,
            StatusCode::NOT_FOUND
        );
        let theirs = w.url(&format!("/relationships/{}", w.other_relationship.0));
        assert_eq!(
            page(&w.mentor, &theirs).await.0,
            StatusCode::NOT_FOUND,
            "a mentor cannot open another pair's relationship"
        );
        assert_eq!(
            page(&w.admin, &theirs).await.0,
            StatusCode::OK,
            "admins see every relationship"
        );
    }
);

mentorhub_web::app_story!(
    a_private_end_reason_stays_with_its_author_and_the_admins,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        let (status, _, body) = post_form(&w.mentee, &w.rel("/end"), &[("text", "  ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("say why, briefly"),
            "the reason is asked for next to the field"
        );

        let (status, location, _) = post_form(
            &w.mentee,
            &w.rel("/end"),
            &[("text", "MARKER-PRIVATE-REASON new role")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, format!("/relationships/{}", w.relationship.0));

        let (_, mentee_page) = page(&w.mentee, &w.rel("")).await;
        assert!(
            mentee_page.contains("Ended early") && mentee_page.contains("MARKER-PRIVATE-REASON")
        );
        assert!(mentee_page.contains("kept from the partner"));
        for who in [&w.mentor, &w.manager] {
            let all = everything_seen_by(&w, who).await;
            assert!(all.contains("Ended early"), "the state change is visible");
            assert!(
                !all.contains("MARKER-PRIVATE-REASON"),
                "the reason is kept from them"
            );
        }
        assert!(everything_seen_by(&w, &w.admin)
            .await
            .contains("MARKER-PRIVATE-REASON"));
        let mail = w.app.store.list_notifications(None, 50, 0).await.unwrap();
        let to_mentor: Vec<_> = mail
            .iter()
            .filter(|m| m.recipient_person_id == Some(w.mentor.person))
            .collect();
        assert_eq!(to_mentor.len(), 1, "the partner is told");
        assert!(to_mentor[0].body_text.contains("Eli Mentee has ended"));
        assert!(!to_mentor[0].body_text.contains("MARKER-PRIVATE-REASON"));
    }
);
