//! Programme setup through HTTP: only administrators create and edit; edits
//! carry versions; every bad value is named next to its field.

mod common;

use common::*;
use mentorhub_web::app_story;

fn setup_fields(name: &str, duration: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_string()),
        ("description", "Grow the next finance leaders".into()),
        ("objective", "succession_pipeline".into()),
        (
            "focus_skills",
            "Strategic decisions, Developing talent".into(),
        ),
        ("at_risk_functions", "Finance".into()),
        ("mentee_min_level", "4".into()),
        ("mentee_max_level", "8".into()),
        ("mode", "hybrid".into()),
        ("formality", "formal".into()),
        ("status", "open".into()),
        ("w_skills", "30".into()),
        ("w_leadership_style", "15".into()),
        ("w_personal_style", "10".into()),
        ("w_career_gap", "15".into()),
        ("w_location", "10".into()),
        ("w_function", "10".into()),
        ("w_text", "10".into()),
        ("management_line", "exclude".into()),
        ("min_level_gap", "2".into()),
        ("function_rule", "cross".into()),
        ("cadence", "weekly".into()),
        ("meeting_mode", "video".into()),
        ("duration_months", duration.to_string()),
        ("checkin_days", "30, 90".into()),
        ("dormancy_days", "90".into()),
        ("dormancy_warn_days", "14".into()),
        ("mentor_training_required", "on".into()),
    ]
}

fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

app_story!(
    admins_create_and_edit_programmes_and_others_cannot,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let bo = app.person("E1", "Bo Member", None, 5).await;
        let bo = app.sign_in_as(bo).await;

        // A bad duration is named beside its field, and what was typed is kept.
        let bad = setup_fields("Finance leaders 2027", "3");
        let r = post_form(&app, &ada, "/programmes", &refs(&bad)).await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("must be from 6 to 24 months"), "{}", r.text);
        assert!(r.text.contains("value=\"Finance leaders 2027\""));

        let good = setup_fields("Finance leaders 2027", "12");
        let r = post_form(&app, &ada, "/programmes", &refs(&good)).await;
        assert_eq!(r.status, 303, "{}", r.text);
        let page = get(&app, &ada, &r.location).await;
        assert!(page.text.contains("Finance leaders 2027"));
        assert!(
            page.text.contains("Strengthen the succession pipeline")
                || page.text.contains("Succession pipeline")
        );
        assert!(page.text.contains("The programme was created"));
        // The programme's own pages are one click away.
        let base = r.location.split('?').next().unwrap();
        for (href, label) in [
            ("matching", "Matching"),
            ("checkins", "Check-ins"),
            ("health", "Health"),
        ] {
            let link = format!("<a href=\"{base}/{href}\">{label}</a>");
            assert!(page.text.contains(&link), "no link {link}");
        }
        let id: i64 = r
            .location
            .trim_start_matches("/programmes/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let stored = app.store.get_programme(ProgrammeId(id)).await.unwrap();
        assert_eq!(stored.rules.management_line, ManagementLineRule::Exclude);
        assert_eq!(stored.target_pool.mentee_max_level, Some(8));
        assert!(stored.mentor_training_required);

        // Someone who is not an administrator can neither open the form nor post it.
        assert_eq!(get(&app, &bo, "/programmes/new").await.status, 403);
        assert_eq!(
            post_form(&app, &bo, "/programmes", &refs(&good))
                .await
                .status,
            403
        );
        assert_eq!(
            get(&app, &bo, &format!("/programmes/{id}/edit"))
                .await
                .status,
            403
        );
        let api = send_json(
            &app,
            &bo,
            reqwest::Method::POST,
            "/api/v1/programmes",
            json!({"name": "Mine", "objective": "leadership_depth", "mode": "self_match"}),
            None,
        )
        .await;
        assert_eq!(api.status, 403);

        // An edit from a stale form shows the newer version and says so.
        let mut edit = setup_fields("Finance leaders 2028", "12");
        edit.push(("version", "1".into()));
        assert_eq!(
            post_form(&app, &ada, &format!("/programmes/{id}/edit"), &refs(&edit))
                .await
                .status,
            303
        );
        let mut stale = setup_fields("Renamed by a stale tab", "12");
        stale.push(("version", "1".into()));
        let r = post_form(&app, &ada, &format!("/programmes/{id}/edit"), &refs(&stale)).await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("Someone else changed this programme"));
        assert!(r.text.contains("value=\"Finance leaders 2028\""));
        assert_eq!(
            app.store.get_programme(ProgrammeId(id)).await.unwrap().name,
            "Finance leaders 2028"
        );

        // The API: If-Match is required, stale versions get 412, the ETag moves on.
        let path = format!("/api/v1/programmes/{id}");
        let current = get(&app, &ada, &path).await.json();
        let mut body = current.clone();
        body["name"] = json!("Finance leaders (API)");
        let no_version =
            send_json(&app, &ada, reqwest::Method::PUT, &path, body.clone(), None).await;
        assert_eq!(no_version.status, 400);
        let stale = send_json(
            &app,
            &ada,
            reqwest::Method::PUT,
            &path,
            body.clone(),
            Some("\"1\""),
        )
        .await;
        assert_eq!(stale.status, 412);
        assert!(stale.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changed by someone else"));
        let v = current["version"].as_i64().unwrap();
        let ok = send_json(
            &app,
            &ada,
            reqwest::Method::PUT,
            &path,
            body.clone(),
            Some(&format!("\"{v}\"")),
        )
        .await;
        assert_eq!(ok.status, 200, "{}", ok.text);
        assert_eq!(ok.json()["version"].as_i64(), Some(v + 1));
        let forbidden = send_json(
            &app,
            &bo,
            reqwest::Method::PUT,
            &path,
            body,
            Some(&format!("\"{}\"", v + 1)),
        )
        .await;
        assert_eq!(forbidden.status, 403);
        let invalid = send_json(
            &app,
            &ada,
            reqwest::Method::POST,
            "/api/v1/programmes",
            json!({"name": "X", "objective": "custom", "mode": "hybrid"}),
            None,
        )
        .await;
        assert_eq!(invalid.status, 422);
        assert_eq!(invalid.json()["error"]["field"], "objective_text");
    }
);

app_story!(
    participants_see_open_programmes_they_can_join_and_admins_see_all,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let mut finance = open_programme("Finance leaders");
        finance.target_pool.mentee_functions = vec!["Finance".into()];
        finance.target_pool.mentor_min_level = Some(10);
        store_programme(&app, finance).await;
        let mut draft = open_programme("Secret draft");
        draft.status = ProgrammeStatus::Draft;
        store_programme(&app, draft).await;
        let cy = app.person("E2", "Cy Finance", None, 5).await;
        let cy = app.sign_in_as(cy).await;

        let admin_list = get(&app, &ada, "/programmes").await;
        assert!(
            admin_list.text.contains("Finance leaders") && admin_list.text.contains("Secret draft")
        );
        let mine = get(&app, &cy, "/programmes").await;
        assert!(mine.text.contains("Finance leaders"));
        assert!(!mine.text.contains("Secret draft"));
        let api = get(&app, &cy, "/api/v1/programmes").await.json();
        assert_eq!(api.as_array().unwrap().len(), 1);
    }
);
