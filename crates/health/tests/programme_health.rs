//! A programme's health, on the hand-built programme of `fixture` whose right
//! answers are worked out there: through the JSON API and as the page reads.

mod fixture;

use fixture::northwind;
use mentorhub_web::testing::TestApp;
use serde_json::{json, Value};

async fn figures(app: &TestApp, admin: mentorhub_domain::PersonId, programme: i64) -> Value {
    let client = app.sign_in_as(admin).await.client;
    let res = client
        .get(app.url(&format!("/api/v1/programmes/{programme}/health")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The parts of a breakdown as (key, count), zeros left out.
fn parts(v: &Value) -> Vec<(String, i64)> {
    v["parts"]
        .as_array()
        .expect("broken down")
        .iter()
        .filter(|p| p["count"].as_i64() != Some(0))
        .map(|p| {
            (
                p["key"].as_str().unwrap().to_string(),
                p["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn owned(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

mentorhub_web::app_story!(
    participants_pool_and_matching_add_up_as_worked_out_by_hand,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let h = figures(&app, n.admin, n.programme.0).await;
        let p = &h["participants"];
        assert_eq!(p["mentors"]["total"], 8);
        assert_eq!(
            parts(&p["mentors"]),
            owned(&[("applied", 1), ("approved", 6), ("declined", 1)])
        );
        assert_eq!(
            parts(&p["mentees"]),
            owned(&[("enrolled", 1), ("approved", 9), ("withdrawn", 1)])
        );
        assert_eq!(
            parts(&p["relationships"]),
            owned(&[
                ("introduced", 1),
                ("active", 4),
                ("completed", 1),
                ("declined", 1),
                ("dormant", 1)
            ])
        );
        // Rosa is approved but untrained: 5 qualified mentors, 8 places, 3 left;
        // Dev (dormant), Gus (declined), Hana, Ivy and Kim (completed) wait.
        assert_eq!(
            h["mentor_pool"],
            json!({"qualified_mentors": 5, "places": 8, "places_left": 3, "mentees_waiting": 5, "balance": -2})
        );
        let m = &h["matching"];
        assert_eq!(m["mentees"], 10);
        assert_eq!(
            m["matched"],
            json!({"count": 7, "of": 10, "percent": 70.0, "withheld": false})
        );
        assert_eq!(
            m["first_choice"],
            json!({"count": 2, "of": 5, "percent": 40.0, "withheld": false})
        );
        assert_eq!(m["second_choice"]["count"], 2);
        // Waits 10, 20, 30, 40, 50, 100, 115 days; Gus, Hana and Ivy unmatched.
        let w = &m["enrolment_to_match"];
        assert_eq!(
            (
                w["measured"].as_i64(),
                w["median_days"].as_i64(),
                w["still_waiting"].as_i64()
            ),
            (Some(7), Some(40), Some(3))
        );
        assert_eq!(
            parts(&w["ranges"]),
            owned(&[
                ("fortnight", 1),
                ("month", 2),
                ("two_months", 2),
                ("longer", 2)
            ])
        );
        // First meetings 31, 52, 102 and 12 days after the match; three pairs have none.
        let f = &m["match_to_first_meeting"];
        assert_eq!(
            (
                f["measured"].as_i64(),
                f["median_days"].as_i64(),
                f["still_waiting"].as_i64()
            ),
            (Some(4), Some(31), Some(3))
        );
        let t = &h["training"];
        assert_eq!(
            (
                t[0]["role"].as_str(),
                t[0]["trained"]["count"].as_i64(),
                t[0]["trained"]["of"].as_i64()
            ),
            (Some("mentor"), Some(5), Some(7))
        );
        assert_eq!(
            (
                t[1]["role"].as_str(),
                t[1]["trained"]["count"].as_i64(),
                t[1]["trained"]["of"].as_i64()
            ),
            (Some("mentee"), Some(6), Some(10))
        );
        assert_eq!(t[1]["required_items"], 1);
    }
);

mentorhub_web::app_story!(
    cadence_checkins_dormancy_goals_and_timeline_add_up_as_worked_out_by_hand,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let h = figures(&app, n.admin, n.programme.0).await;
        let c = &h["cadence"];
        // Expected 10 + 8 + 8 (weekly) + 5; held 11 + 3 + 6 + 0, of which 19 within cadence.
        assert_eq!(
            (
                c["pairs"].as_i64(),
                c["meetings_expected"].as_i64(),
                c["meetings_held"].as_i64()
            ),
            (Some(4), Some(31), Some(20))
        );
        assert_eq!(
            c["kept"],
            json!({"count": 19, "of": 31, "percent": 61.3, "withheld": false})
        );
        assert_eq!(c["behind"]["count"], 3);
        let behind: Vec<(&str, &str, i64, i64, i64)> = c["pairs_behind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["mentee_name"].as_str().unwrap(),
                    p["cadence"].as_str().unwrap(),
                    p["meetings_expected"].as_i64().unwrap(),
                    p["meetings_held"].as_i64().unwrap(),
                    p["meetings_behind"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            behind,
            vec![
                ("Ben Brook", "fortnightly", 8, 3, 5),
                ("Finn Ford", "fortnightly", 5, 0, 5),
                ("Cleo Cole", "weekly", 8, 6, 2),
            ]
        );
        assert_eq!(c["pairs_behind"][0]["last_meeting"], "4 Sep 2026");

        let one = &h["checkins"][0];
        assert_eq!(
            (one["due_day"].as_i64(), one["label"].as_str()),
            (Some(30), Some("After 1 month"))
        );
        assert_eq!(
            one["answered"],
            json!({"count": 8, "of": 10, "percent": 80.0, "withheld": false})
        );
        assert_eq!(one["in_regular_contact"]["percent"], 75.0);
        let working: Vec<i64> = one["working"]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["count"].as_i64().unwrap())
            .collect();
        assert_eq!(working, vec![1, 1, 1, 3, 2]);
        // Three people answered at 3 months: their answers are not broken down.
        let three = &h["checkins"][1];
        assert_eq!(three["answered"]["percent"], 50.0);
        assert_eq!(
            three["in_regular_contact"],
            json!({"count": null, "of": 3, "percent": null, "withheld": true})
        );
        assert_eq!(three["working"], json!({"total": 3, "parts": null}));

        let d = &h["dormancy"];
        assert_eq!(d["dormant"]["count"], 1);
        assert_eq!(d["dormant"]["of"], 7);
        assert_eq!(d["approaching"], 2);
        let near: Vec<(&str, &str, i64)> = d["pairs_approaching"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["mentee_name"].as_str().unwrap(),
                    p["mentor_name"].as_str().unwrap(),
                    p["days_left"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            near,
            vec![
                ("Eve Evans", "Maya Mentor", -9),
                ("Finn Ford", "Quinn Quayle", 10)
            ]
        );

        let g = &h["goals"];
        assert_eq!(
            (
                g["goals"].as_i64(),
                g["mentees_with_goals"].as_i64(),
                g["average_progress"].as_i64()
            ),
            (Some(6), Some(5), Some(54))
        );
        assert_eq!(
            parts(&g["by_status"]),
            owned(&[
                ("not_started", 1),
                ("in_progress", 2),
                ("achieved", 2),
                ("dropped", 1)
            ])
        );

        let months = h["timeline"]["months"].as_array().unwrap();
        let read: Vec<(&str, i64, i64, i64, i64)> = months
            .iter()
            .map(|m| {
                (
                    m["month"].as_str().unwrap(),
                    m["started"].as_i64().unwrap(),
                    m["active"].as_i64().unwrap(),
                    m["completed"].as_i64().unwrap(),
                    m["dormant"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(read.len(), 14, "Oct 2025 to Nov 2026");
        assert_eq!(read[0], ("2025-10", 1, 0, 0, 0));
        assert_eq!(read[1], ("2025-11", 0, 1, 0, 0));
        assert_eq!(read[7], ("2026-05", 1, 1, 0, 0));
        assert_eq!(read[8], ("2026-06", 3, 2, 0, 0));
        assert_eq!(read[9], ("2026-07", 0, 3, 0, 0));
        assert_eq!(read[10], ("2026-08", 3, 2, 1, 0));
        assert_eq!(read[11], ("2026-09", 0, 4, 0, 1));
        assert_eq!(read[13], ("2026-11", 0, 4, 0, 0));
    }
);

mentorhub_web::app_story!(
    the_page_shows_each_figure_with_its_chart_and_table,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let admin = app.sign_in_as(n.admin).await.client;
        let res = admin
            .get(app.url(&format!("/programmes/{}/health", n.programme.0)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("style-src 'self'"));
        let html = res.text().await.unwrap();
        for figure in [
            "<h1>Health: Northwind finance leaders</h1>",
            "7 of 10 mentees",
            ">70%<",
            "2 of 5 matched mentees who named preferences",
            "<span class=\"stat\">40 days</span> median",
            "<span class=\"stat\">31 days</span> median",
            "3 pairs without a meeting yet",
            "19 of 31 meetings expected",
            "Cadence kept: <strong>61%</strong>",
            "Pairs behind: <strong>75%</strong>",
            "2 more mentees waiting than places",
            "8 of 10 due",
            "6 of 8 answers",
            "3 answers: fewer than 5 people, not broken down",
            "1 of 7 relationships introduced",
            "Ended 9 days ago",
            "10 days left",
            "Average progress <strong>54%</strong>",
            "5 of 7 mentors",
            "6 of 10 mentees",
        ] {
            assert!(html.contains(figure), "the page should show {figure:?}");
        }
        let ben = html
            .find("<th scope=\"row\">Ben Brook</th>")
            .expect("Ben is behind");
        let finn = html
            .find("<th scope=\"row\">Finn Ford</th>")
            .expect("Finn is behind");
        let cleo = html
            .find("<th scope=\"row\">Cleo Cole</th>")
            .expect("Cleo is behind");
        assert!(ben < finn && finn < cleo, "the furthest behind come first");
        // Charts are images with a title and a text alternative, drawn without
        // inline styles or scripts.
        let charts = html.matches("<svg class=\"chart\"").count();
        assert!(charts >= 10, "{charts} charts");
        assert_eq!(html.matches("role=\"img\"").count(), charts);
        assert!(html.contains("<desc id=\"chart-pool-desc\">Places with qualified mentors: 8; Places left: 3; Mentees waiting for a mentor: 5</desc>"));
        assert!(!html.contains("style="), "the CSP forbids inline styles");
        assert!(!html.contains("<script"));
        assert!(html.contains(&format!(
            "href=\"/programmes/{}/health/exports/meetings.csv\"",
            n.programme.0
        )));
    }
);

mentorhub_web::app_story!(
    figures_shown_again_follow_every_write_at_once,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        // The figures are kept between requests (on both databases); a write to
        // anything they read must show on the very next request.
        let n = northwind(&app).await;
        let before = figures(&app, n.admin, n.programme.0).await;
        assert_eq!(figures(&app, n.admin, n.programme.0).await, before);
        let goals = before["goals"]["goals"].as_i64().unwrap();

        let rel = app
            .store
            .list_relationships_as_mentee(n.mentee)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.relationship.state.is_open())
            .expect("Ana's open relationship")
            .relationship
            .id;
        app.store
            .create_goal(
                rel,
                mentorhub_domain::goal::GoalInput {
                    title: "Run the quarterly forecast".into(),
                    description: String::new(),
                    progress: 10,
                    status: mentorhub_domain::goal::GoalStatus::InProgress,
                    shared_with_manager: false,
                },
                app.clock_now(),
            )
            .await
            .unwrap();
        let after = figures(&app, n.admin, n.programme.0).await;
        assert_eq!(after["goals"]["goals"].as_i64(), Some(goals + 1));
        assert_eq!(figures(&app, n.admin, n.programme.0).await, after);
    }
);
