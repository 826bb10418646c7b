//! The admin's matching: a run honouring first choices, reasons for every pair
//! and every unmatched mentee, pins and forbidden pairs, publishing once, and
//! the mentor's answer to a proposal.

mod common;

use common::*;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::TestApp;
use serde_json::{json, Value};

fn pairs(run: &Value) -> Vec<(String, String)> {
    run["proposal"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["mentee_name"].as_str().unwrap().to_string(),
                p["mentor_name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

mentorhub_web::app_story!(
    an_admin_runs_adjusts_and_publishes_the_matching_once,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let bo = person_at(&app, "B1", "Bo Diddley", None, 9, "Leeds", "Sales").await;
        let eve = person_at(&app, "E1", "Eve Mentee", None, 5, "London", "Finance").await;
        let fay = person_at(&app, "F1", "Fay Mentee", None, 5, "London", "Finance").await;
        let gus = person_at(&app, "G1", "Gus Mentee", None, 5, "London", "Finance").await;
        let hana = person_at(&app, "H1", "Hana Admin", None, 10, "London", "HR").await;
        make_mentor(
            &app,
            g,
            ada,
            "Finance strategy",
            &[("Strategy", 5)],
            "decisive",
            1,
        )
        .await;
        let bo_e = make_mentor(
            &app,
            g,
            bo,
            "Sales teams",
            &[("Coaching", 4)],
            "collaborative",
            1,
        )
        .await;
        let eve_e = make_mentee(&app, g, eve, "Strategy", "Grow").await;
        make_mentee(&app, g, fay, "Strategy", "Grow").await;
        make_mentee(&app, g, gus, "Coaching", "Grow").await;
        // Eve's first choice is Bo, though Ada scores higher for her.
        app.store
            .set_preferences(eve_e, &[(bo_e, 1)], mentorhub_web::testing::TODAY)
            .await
            .unwrap();
        app.make_admin(hana).await;
        let admin = app.sign_in_as(hana).await;
        let base = format!("/api/v1/programmes/{}/matching", g.0);

        let (s, run) = post_json(&admin, &app, &format!("{base}/runs"), json!({})).await;
        assert_eq!(s, 201, "{run}");
        let got = pairs(&run);
        assert!(
            got.contains(&("Eve Mentee".into(), "Bo Diddley".into())),
            "first choice honoured: {got:?}"
        );
        assert!(
            got.contains(&("Fay Mentee".into(), "Ada Lovelace".into())),
            "{got:?}"
        );
        let o = &run["proposal"]["objective"];
        assert_eq!(
            (o["matched"].as_u64(), o["first_choices"].as_u64()),
            (Some(2), Some(1))
        );
        let unmatched = &run["proposal"]["unmatched"][0];
        assert_eq!(unmatched["mentee_name"], "Gus Mentee");
        assert!(
            unmatched["reason"]
                .as_str()
                .unwrap()
                .contains("at capacity (Ada Lovelace, Bo Diddley)"),
            "{unmatched}"
        );
        let eve_pair = run["proposal"]["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["mentee_name"] == "Eve Mentee")
            .unwrap()
            .clone();
        assert_eq!(eve_pair["preference_rank"], 1);
        assert!(eve_pair["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["words"] == "Strategy: not among their expertise"));

        // Forbid Eve–Bo and pin Gus to Bo: the next run follows.
        let (s, _) = post_json(
            &admin,
            &app,
            &format!("{base}/overrides"),
            json!({"mentee_id": eve.0, "mentor_id": bo.0, "kind": "forbid"}),
        )
        .await;
        assert_eq!(s, 200);
        let (s, _) = post_json(
            &admin,
            &app,
            &format!("{base}/overrides"),
            json!({"mentee_id": gus.0, "mentor_id": bo.0, "kind": "pin"}),
        )
        .await;
        assert_eq!(s, 200);
        let (_, run) = post_json(&admin, &app, &format!("{base}/runs"), json!({})).await;
        let got = pairs(&run);
        assert!(
            got.contains(&("Gus Mentee".into(), "Bo Diddley".into())),
            "{got:?}"
        );
        assert!(
            !got.contains(&("Eve Mentee".into(), "Bo Diddley".into())),
            "{got:?}"
        );

        let (_, html) = get_text(&admin, &app, &format!("/programmes/{}/matching", g.0)).await;
        for seen in [
            "Blocking pairs",
            "Gus Mentee",
            "pinned",
            "forbidden",
            "Not matched",
        ] {
            assert!(html.contains(seen), "the page shows {seen:?}");
        }
        // Publishing asks for confirmation on the page.
        let run_id = run["id"].as_i64().unwrap().to_string();
        let (s, html) = post_form(
            &admin,
            &app,
            &format!("/programmes/{}/matching/publish", g.0),
            &[("run_id", &run_id)],
        )
        .await;
        assert_eq!(s, 422);
        assert!(html.contains("Tick the box to confirm"));
        let (s, html) = post_form(
            &admin,
            &app,
            &format!("/programmes/{}/matching/publish", g.0),
            &[("run_id", &run_id), ("confirm", "yes")],
        )
        .await;
        assert_eq!(s, 200, "{html}");
        assert!(html.contains("Published: 2 relationship(s) proposed"));
        let (s, body) = post_json(
            &admin,
            &app,
            &format!("{base}/publish"),
            json!({"run_id": run["id"]}),
        )
        .await;
        assert_eq!(s, 409, "{body}");
        let rels = app.store.list_programme_relationships(g).await.unwrap();
        assert_eq!(rels.len(), 2, "publishing twice makes no duplicates");
        assert!(rels
            .iter()
            .all(|r| r.relationship.state == RelationshipState::Proposed));

        // Ada accepts hers; Bo cannot answer Ada's; Bo declines his own.
        let (ada_c, bo_c) = (app.sign_in_as(ada).await, app.sign_in_as(bo).await);
        let (_, inbox) = get_json(&ada_c, &app, "/api/v1/mentoring/requests").await;
        let ada_rel = inbox["proposals"][0]["relationship_id"].as_i64().unwrap();
        let (s, _) = post_json(
            &bo_c,
            &app,
            &format!("/api/v1/proposals/{ada_rel}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(s, 404, "a mentor accepts only proposals made to them");
        let r = ada_c
            .client
            .post(app.url(&format!("/api/v1/proposals/{ada_rel}/accept")))
            .header("If-Match", "\"7\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 412, "a stale version is refused");
        let (s, done) = post_json(
            &ada_c,
            &app,
            &format!("/api/v1/proposals/{ada_rel}/accept"),
            json!({}),
        )
        .await;
        assert_eq!((s, done["state"].as_str()), (200, Some("introduced")));
        let (_, inbox) = get_json(&bo_c, &app, "/api/v1/mentoring/requests").await;
        let bo_rel = inbox["proposals"][0]["relationship_id"].as_i64().unwrap();
        let (s, done) = post_json(
            &bo_c,
            &app,
            &format!("/api/v1/proposals/{bo_rel}/decline"),
            json!({"reason": "Too busy this quarter"}),
        )
        .await;
        assert_eq!((s, done["state"].as_str()), (200, Some("declined")));
    }
);

mentorhub_web::app_story!(
    matching_pages_exist_for_admins_only,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let eve = person_at(&app, "E1", "Eve Mentee", None, 5, "London", "Finance").await;
        let hana = person_at(&app, "H1", "Hana Admin", None, 10, "London", "HR").await;
        make_mentor(
            &app,
            g,
            ada,
            "Finance strategy",
            &[("Strategy", 5)],
            "decisive",
            1,
        )
        .await;
        make_mentee(&app, g, eve, "Strategy", "Grow").await;
        app.make_admin(hana).await;
        let path = format!("/programmes/{}/matching", g.0);
        let (s, html) = get_text(&app.sign_in_as(hana).await, &app, &path).await;
        assert_eq!(s, 200);
        assert!(html.contains("Run the matching"));
        for who in [ada, eve] {
            let c = app.sign_in_as(who).await;
            assert_eq!(get_text(&c, &app, &path).await.0, 404);
            assert_eq!(get_json(&c, &app, &format!("/api/v1{path}")).await.0, 404);
            let (s, _) = post_json(&c, &app, &format!("/api/v1{path}/runs"), json!({})).await;
            assert_eq!(s, 404);
        }
    }
);
