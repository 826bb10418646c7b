//! Preferences are the mentee's and the admins' only: a mentor's pages, API
//! answers and emails never say who ranked them (SPEC §9).

mod common;

use common::*;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_web::testing::TestApp;
use serde_json::json;

mentorhub_web::app_story!(
    a_mentee_ranks_two_mentors_and_no_mentor_learns_who_ranked_them,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let bo = person_at(&app, "B1", "Bo Diddley", None, 9, "Leeds", "Sales").await;
        // The marker: this name must never reach Ada or Bo.
        let quentin = person_at(
            &app,
            "Q1",
            "Quentin Rankmarker",
            None,
            5,
            "London",
            "Finance",
        )
        .await;
        let newbie = person_at(&app, "N1", "Nia Unassessed", None, 5, "London", "Finance").await;
        let hana = person_at(&app, "H1", "Hana Admin", None, 10, "London", "HR").await;
        let ada_e = make_mentor(
            &app,
            g,
            ada,
            "Finance strategy",
            &[("Strategy", 5)],
            "decisive",
            2,
        )
        .await;
        let bo_e = make_mentor(
            &app,
            g,
            bo,
            "Sales teams",
            &[("Coaching", 4)],
            "collaborative",
            2,
        )
        .await;
        make_mentee(&app, g, quentin, "Strategy", "Grow").await;
        app.store
            .create_enrolment(
                g,
                newbie,
                mentorhub_domain::enrolment::ParticipantRole::Mentee,
                mentorhub_web::testing::TODAY,
            )
            .await
            .unwrap();
        app.make_admin(hana).await;
        let q = app.sign_in_as(quentin).await;
        let path = format!("/api/v1/programmes/{}/preferences", g.0);

        // From the directory: Bo first, then Ada second.
        let (s, to) = post_form(
            &q,
            &app,
            &format!("/programmes/{}/preferences", g.0),
            &[("mentor", &bo_e.0.to_string()), ("rank", "1")],
        )
        .await;
        assert_eq!(
            (s, to),
            (303, format!("/programmes/{}/directory?done=ranked", g.0))
        );
        // Ranking from a filtered directory comes back to the same filters.
        let (s, to) = post_form(
            &q,
            &app,
            &format!("/programmes/{}/preferences", g.0),
            &[
                ("mentor", &ada_e.0.to_string()),
                ("rank", "2"),
                (
                    "back",
                    "skill=&location=Leeds&function=&style=&with_room=on&page=1",
                ),
            ],
        )
        .await;
        assert_eq!(
            (s, to),
            (
                303,
                format!(
                    "/programmes/{}/directory?location=Leeds&with_room=on&done=ranked",
                    g.0
                )
            )
        );
        let (_, html) = get_text(
            &q,
            &app,
            &format!("/programmes/{}/directory?done=ranked", g.0),
        )
        .await;
        assert!(
            html.contains("Only you and the programme&#39;s admins see them")
                || html.contains("Only you and the programme's admins see them"),
            "{html}"
        );
        assert!(html.contains("Your first choice") && html.contains("Your second choice"));
        let (s, mine) = get_json(&q, &app, &path).await;
        assert_eq!(s, 200);
        assert_eq!(
            (mine[0]["mentor_name"].as_str(), mine[0]["rank"].as_u64()),
            (Some("Bo Diddley"), Some(1))
        );
        // The API replaces them whole.
        let (s, mine) = post_put(
            &q,
            &app,
            &path,
            json!({"choices": [{"mentor_enrolment_id": ada_e.0, "rank": 1}]}),
        )
        .await;
        assert_eq!((s, mine.as_array().unwrap().len()), (200, 1));
        let (s, bad) = post_put(
            &q,
            &app,
            &path,
            json!({"choices": [{"mentor_enrolment_id": ada_e.0, "rank": 3}]}),
        )
        .await;
        assert_eq!(s, 422, "{bad}");
        post_put(&q, &app, &path, json!({"choices": [{"mentor_enrolment_id": bo_e.0, "rank": 1}, {"mentor_enrolment_id": ada_e.0, "rank": 2}]})).await;

        // A mentee who has not assessed themselves is told what to do first.
        let (s, body) = post_put(
            &app.sign_in_as(newbie).await,
            &app,
            &path,
            json!({"choices": [{"mentor_enrolment_id": ada_e.0, "rank": 1}]}),
        )
        .await;
        assert_eq!(s, 422);
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("complete your self-assessment"));

        // The admin sees every mentee's choices.
        let (s, all) = get_json(&app.sign_in_as(hana).await, &app, &path).await;
        assert_eq!(s, 200);
        assert!(all
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["mentee_name"] == "Quentin Rankmarker" && p["rank"] == 1));

        // Mentors: no preferences API, and nothing they can read names Quentin.
        for mentor in [ada, bo] {
            let c = app.sign_in_as(mentor).await;
            assert_eq!(
                get_json(&c, &app, &path).await.0,
                404,
                "a mentor cannot read preferences"
            );
            for page in [
                format!("/programmes/{}/directory", g.0),
                "/mentoring/requests".into(),
                "/find-a-mentor".into(),
            ] {
                let (s, html) = get_text(&c, &app, &page).await;
                assert_eq!(s, 200, "{page}");
                assert!(!html.contains("Rankmarker"), "{page} names who ranked them");
            }
            for api in [
                format!("/api/v1/programmes/{}/mentors", g.0),
                "/api/v1/mentoring/requests".into(),
            ] {
                let (_, body) = get_json(&c, &app, &api).await;
                assert!(!body.to_string().contains("Rankmarker"), "{api}");
            }
        }
        for (to, text) in emails(&app).await {
            if to != "q1@example.org" {
                assert!(!text.contains("Rankmarker"), "email to {to}: {text}");
            }
        }
        // Preferences are for hybrid and self-match programmes.
        let admin_run = programme(&app, "Admin matched", ProgrammeMode::AdminMatch).await;
        make_mentee(&app, admin_run, quentin, "Strategy", "Grow").await;
        let (s, _) = post_put(
            &q,
            &app,
            &format!("/api/v1/programmes/{}/preferences", admin_run.0),
            json!({"choices": []}),
        )
        .await;
        assert_eq!(s, 409);
    }
);

async fn post_put(
    who: &mentorhub_web::testing::SignedIn,
    app: &TestApp,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = who
        .client
        .put(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}
