//! The mentee's self-assessment: required before matching, theirs and the
//! admins' only.

mod common;

use common::*;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_web::app_story;

const MARKER: &str = "MARKER-PRIVATE-GOAL-5521";

app_story!(
    a_mentee_s_self_assessment_is_theirs_and_the_admins_only,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let other = store_programme(&app, open_programme("Sales leaders")).await;
        let eli = app.person("E1", "Eli Mentee", None, 5).await;
        let eli_client = app.sign_in_as(eli).await;
        let kim = app.person("E2", "Kim Peer", None, 5).await;
        let kim_client = app.sign_in_as(kim).await;
        let zed = app.person("E3", "Zed Elsewhere", None, 5).await;
        let zed_client = app.sign_in_as(zed).await;
        let e = app
            .store
            .create_enrolment(id, eli, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();
        app.store
            .create_enrolment(id, kim, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();
        app.store
            .create_enrolment(other, zed, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();

        let path = format!("/programmes/{id}/self-assessment");
        let r = post_form(
            &app,
            &eli_client,
            &path,
            &[
                ("leadership_style", "consensus"),
                ("style_preference", "different"),
                ("goals_this_year", MARKER),
            ],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r
            .text
            .contains("name one or two specific skills to improve"));
        assert!(r.text.contains(MARKER), "typed goals are kept");
        let fields = [
            ("focus_skill_1", "Quick, decisive strategic decisions"),
            ("leadership_style", "consensus"),
            ("style_preference", "different"),
            ("style_warmth", "warm"),
            ("goals_this_year", MARKER),
            ("version", ""),
        ];
        let r = post_form(&app, &eli_client, &path, &fields).await;
        assert_eq!(r.status, 303, "{}", r.text);
        let enrolment = app.store.get_enrolment(e).await.unwrap();
        assert_eq!(enrolment.status, EnrolmentStatus::Approved);

        // A form from before the save is refused and shows the latest version.
        let stale = [
            ("focus_skill_1", "Something else"),
            ("leadership_style", "decisive"),
            ("style_preference", "mirror"),
            ("goals_this_year", "Overwritten"),
            ("version", "0"),
        ];
        let r = post_form(&app, &eli_client, &path, &stale).await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("changed elsewhere") && r.text.contains(MARKER));

        // The admin reads it; a peer in the same programme and someone elsewhere cannot.
        let admin_view = get(&app, &ada, &format!("/programmes/{id}/mentees/{e}")).await;
        assert!(admin_view.text.contains(MARKER));
        let api = format!("/api/v1/enrolments/{e}/self-assessment");
        assert!(get(&app, &ada, &api).await.text.contains(MARKER));
        for client in [&kim_client, &zed_client] {
            let r = get(&app, client, &api).await;
            assert_eq!(r.status, 404);
            assert!(!r.text.contains(MARKER));
            let page = get(&app, client, &format!("/programmes/{id}/mentees/{e}")).await;
            assert_eq!(page.status, 403);
            assert!(!page.text.contains(MARKER));
        }
        assert!(!get(&app, &kim_client, &path).await.text.contains(MARKER));
        assert_eq!(get(&app, &zed_client, &path).await.status, 404);

        // The API keeps versions too.
        let mine = get(
            &app,
            &eli_client,
            &format!("/api/v1/programmes/{id}/self-assessment"),
        )
        .await;
        let v = mine.json()["version"].as_i64().unwrap();
        let mut body = mine.json();
        body["three_year_view"] = json!("Leading a finance team");
        let stale = send_json(
            &app,
            &eli_client,
            reqwest::Method::PUT,
            &format!("/api/v1/programmes/{id}/self-assessment"),
            body.clone(),
            Some("\"0\""),
        )
        .await;
        assert_eq!(stale.status, 412);
        let ok = send_json(
            &app,
            &eli_client,
            reqwest::Method::PUT,
            &format!("/api/v1/programmes/{id}/self-assessment"),
            body,
            Some(&format!("\"{v}\"")),
        )
        .await;
        assert_eq!(ok.status, 200);
        assert_eq!(ok.json()["three_year_view"], "Leading a finance team");

        // Once there is a self-assessment, a save without If-Match is refused
        // (it says to send one) and changes nothing; a stale one gets 412
        // naming the current version, which is also the ETag.
        let api = format!("/api/v1/programmes/{id}/self-assessment");
        let current = get(&app, &eli_client, &api).await;
        let v = current.json()["version"].as_i64().unwrap();
        assert_eq!(current.etag, Some(format!("\"{v}\"")));
        let mut blind = current.json();
        blind["three_year_view"] = json!("Blind overwrite");
        let put = reqwest::Method::PUT;
        let r = send_json(&app, &eli_client, put.clone(), &api, blind.clone(), None).await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert!(r.text.contains("If-Match"), "{}", r.text);
        let old = Some(format!("\"{}\"", v - 1));
        let r = send_json(&app, &eli_client, put.clone(), &api, blind, old.as_deref()).await;
        assert_eq!(r.status, 412);
        assert_eq!(r.etag, Some(format!("\"{v}\"")));
        assert!(r.text.contains(&format!("version {v}")), "{}", r.text);
        let unchanged = get(&app, &eli_client, &api).await.json();
        assert_eq!(
            (unchanged["version"].as_i64(), &unchanged["three_year_view"]),
            (Some(v), &json!("Leading a finance team"))
        );

        // A page opened before the first save (no version) cannot overwrite it
        // either: the page says so and shows the newer one, with its version.
        let r = post_form(&app, &eli_client, &path, &fields).await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("changed elsewhere"));
        assert!(r.text.contains("Leading a finance team"));
        assert!(r.text.contains(&format!("name=\"version\" value=\"{v}\"")));

        // The first save needs no version; a version sent for nothing is stale.
        let body = json!({"focus_skills": ["Negotiation"], "leadership_style": "decisive",
            "style_preference": "mirror", "goals_this_year": "Close the big deal"});
        let r = send_json(
            &app,
            &kim_client,
            put.clone(),
            &api,
            body.clone(),
            Some("\"1\""),
        )
        .await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("without If-Match"), "{}", r.text);
        let r = send_json(&app, &kim_client, put, &api, body, None).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.etag.as_deref(), Some("\"1\""));
    }
);
