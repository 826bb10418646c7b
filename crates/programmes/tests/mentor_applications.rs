//! Mentor applications: the admin assesses and decides; the applicant sees the
//! decision and reason, never the assessment; only approved, trained mentors
//! are qualified.

mod common;

use common::*;
use mentorhub_domain::training::{Audience, Resource, ResourceKind};
use mentorhub_domain::ResourceId;
use mentorhub_web::app_story;

const MARKER: &str = "MARKER-ASSESSMENT-NOTE-7731";

app_story!(
    applicants_see_the_decision_and_reason_never_the_assessment,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let mo = app.person("M1", "Mo Mentor", None, 13).await;
        let mo_client = app.sign_in_as(mo).await;
        let other = app.person("M2", "Oli Other", None, 13).await;
        let other_client = app.sign_in_as(other).await;

        // A capacity of 11 is refused beside the field, with the text kept.
        let mut fields = application_fields();
        fields.retain(|(k, _)| *k != "capacity");
        fields.push(("capacity", "11"));
        let r = post_form(
            &app,
            &mo_client,
            &format!("/programmes/{id}/apply"),
            &fields,
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("must be from 1 to 10 mentees"));
        assert!(r.text.contains("Twenty years in finance"));
        let r = post_form(
            &app,
            &mo_client,
            &format!("/programmes/{id}/apply"),
            &application_fields(),
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.text);
        let e = app
            .store
            .find_enrolment(id, mo, ParticipantRole::Mentor)
            .await
            .unwrap()
            .unwrap();

        // Only administrators see applications.
        assert_eq!(
            get(&app, &mo_client, &format!("/programmes/{id}/applications"))
                .await
                .status,
            403
        );
        assert_eq!(
            get(
                &app,
                &mo_client,
                &format!("/programmes/{id}/applications/{}", e.id)
            )
            .await
            .status,
            403
        );
        assert_eq!(
            get(
                &app,
                &mo_client,
                &format!("/api/v1/programmes/{id}/applications")
            )
            .await
            .status,
            403
        );
        let list = get(&app, &ada, &format!("/programmes/{id}/applications")).await;
        assert!(list.text.contains("Mo Mentor"));

        // The admin's assessment and decision; declining needs a reason.
        let path = format!("/programmes/{id}/applications/{}", e.id);
        let r = post_form(
            &app,
            &ada,
            &format!("{path}/assessment"),
            &[
                ("expertise_score", "4"),
                ("communication_score", "9"),
                ("notes", MARKER),
            ],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("must be from 1 to 5"));
        let r = post_form(
            &app,
            &ada,
            &format!("{path}/assessment"),
            &[
                ("expertise_score", "4"),
                ("communication_score", "2"),
                ("notes", MARKER),
            ],
        )
        .await;
        assert_eq!(r.status, 303);
        assert!(get(&app, &ada, &path).await.text.contains(MARKER));
        assert_eq!(
            post_form(
                &app,
                &mo_client,
                &format!("{path}/decision"),
                &[("decision", "approve")]
            )
            .await
            .status,
            403
        );
        let r = post_form(
            &app,
            &ada,
            &format!("{path}/decision"),
            &[("decision", "decline"), ("reason", " ")],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("give a reason"));
        let r = post_form(
            &app,
            &ada,
            &format!("{path}/decision"),
            &[
                ("decision", "decline"),
                ("reason", "More coaching practice first, please"),
            ],
        )
        .await;
        assert_eq!(r.status, 303);

        // The applicant sees the decision and reason, by page, API and email — never the notes.
        let mine = get(&app, &mo_client, &format!("/programmes/{id}/apply")).await;
        assert!(
            mine.text.contains("declined")
                && mine.text.contains("More coaching practice first, please")
        );
        assert!(!mine.text.contains(MARKER));
        let api = get(&app, &mo_client, &format!("/api/v1/applications/{}", e.id)).await;
        assert_eq!(api.status, 200);
        assert_eq!(api.json()["status"], "declined");
        assert!(api.json().get("assessment").is_none());
        assert!(!api.text.contains(MARKER));
        let mail = mail_to(&app, mo).await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].1.contains("More coaching practice first, please"));
        assert!(!mail[0].1.contains(MARKER));
        let admin_view = get(&app, &ada, &format!("/api/v1/applications/{}", e.id))
            .await
            .json();
        assert_eq!(admin_view["assessment"]["notes"], MARKER);

        // Someone else's application does not exist for another person.
        assert_eq!(
            get(
                &app,
                &other_client,
                &format!("/api/v1/applications/{}", e.id)
            )
            .await
            .status,
            404
        );
        let their_page = get(&app, &other_client, &format!("/programmes/{id}/apply")).await;
        assert!(!their_page.text.contains("More coaching practice"));
    }
);

app_story!(
    only_approved_mentors_who_completed_required_training_are_qualified,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let mut p = open_programme("Finance leaders");
        p.mentor_training_required = true;
        let id = store_programme(&app, p).await;
        let mo = app.person("M1", "Mo Mentor", None, 13).await;
        let mo_client = app.sign_in_as(mo).await;
        let input = json!({"bio": "Led finance for a decade", "expertise": [{"skill": "Strategy", "level": 5}],
            "leadership_style": "collaborative", "capacity": 2, "meeting_modes": ["video"]});
        let r = send_json(
            &app,
            &mo_client,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/applications"),
            input,
            None,
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let eid = r.json()["id"].as_i64().unwrap();
        let training = app
            .store
            .create_resource(
                &Resource {
                    id: ResourceId(0),
                    programme_id: Some(id),
                    title: "Mentoring essentials".into(),
                    kind: ResourceKind::Training,
                    audience: Audience::Mentor,
                    body: "Coach, do not manage".into(),
                    link: None,
                    required: true,
                },
                app.clock_now(),
            )
            .await
            .unwrap();

        let decision = send_json(
            &app,
            &ada,
            reqwest::Method::POST,
            &format!("/api/v1/applications/{eid}/decision"),
            json!({"approve": true}),
            None,
        )
        .await;
        assert_eq!(decision.status, 200);
        assert_eq!(decision.json()["qualified"], false);
        let qualified = get(
            &app,
            &ada,
            &format!("/api/v1/programmes/{id}/qualified-mentors"),
        )
        .await
        .json();
        assert_eq!(qualified.as_array().unwrap().len(), 0);
        assert!(mail_to(&app, mo).await[0]
            .1
            .contains("complete the required mentor training"));

        let done = send_json(
            &app,
            &mo_client,
            reqwest::Method::PUT,
            &format!("/api/v1/resources/{}/completion", training.0),
            json!({}),
            None,
        )
        .await;
        assert_eq!(done.status, 204);
        let qualified = get(
            &app,
            &ada,
            &format!("/api/v1/programmes/{id}/qualified-mentors"),
        )
        .await
        .json();
        assert_eq!(qualified[0]["person_id"], mo.0);
        assert_eq!(
            get(
                &app,
                &mo_client,
                &format!("/api/v1/programmes/{id}/qualified-mentors")
            )
            .await
            .status,
            403
        );
    }
);

/// The value of the form's hidden `version` field.
fn form_version(html: &str) -> String {
    let at = html
        .find("name=\"version\" value=\"")
        .expect("a hidden version field")
        + "name=\"version\" value=\"".len();
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

app_story!(
    two_administrators_assessing_one_applicant_never_overwrite_each_other,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let bea_id = app.person("ADM2", "Bea Admin", None, 12).await;
        app.make_admin(bea_id).await;
        let bea = app.sign_in_as(bea_id).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let mo = app.person("M1", "Mo Mentor", None, 13).await;
        let mo_client = app.sign_in_as(mo).await;
        let r = post_form(
            &app,
            &mo_client,
            &format!("/programmes/{id}/apply"),
            &application_fields(),
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.text);
        let e = app
            .store
            .find_enrolment(id, mo, ParticipantRole::Mentor)
            .await
            .unwrap()
            .unwrap()
            .id;
        let page = format!("/programmes/{id}/applications/{e}");
        let form = format!("{page}/assessment");

        // Both open the page before anyone assessed: no version yet.
        let ada_opened = form_version(&get(&app, &ada, &page).await.text);
        let bea_opened = form_version(&get(&app, &bea, &page).await.text);
        assert_eq!((ada_opened.as_str(), bea_opened.as_str()), ("", ""));
        let r = post_form(
            &app,
            &ada,
            &form,
            &[
                ("version", &ada_opened),
                ("expertise_score", "4"),
                ("communication_score", "3"),
                ("notes", "ADA-NOTE-Strong on strategy"),
            ],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.text);

        // Bea's save comes second: refused, and her page says why, shows Ada's
        // assessment in the form with its version, and keeps what Bea typed.
        let r = post_form(
            &app,
            &bea,
            &form,
            &[
                ("version", &bea_opened),
                ("expertise_score", "2"),
                ("communication_score", "2"),
                ("notes", "BEA-NOTE-Not ready yet"),
            ],
        )
        .await;
        assert_eq!(r.status, 412, "{}", r.text);
        assert!(r
            .text
            .contains("Another administrator saved an assessment of this applicant"));
        assert!(
            r.text.contains("ADA-NOTE-Strong on strategy"),
            "the newer one"
        );
        assert!(r.text.contains("Your assessment (not saved)"));
        assert!(r.text.contains("BEA-NOTE-Not ready yet"), "what Bea typed");
        assert_eq!(form_version(&r.text), "1");
        let kept = app.store.get_mentor_assessment(e).await.unwrap().unwrap();
        assert_eq!(
            (kept.assessment.notes.as_str(), kept.version),
            ("ADA-NOTE-Strong on strategy", 1)
        );

        // Having read Ada's, Bea saves on top of it (version 1 → 2); Ada's old
        // page (version 1) is now the stale one.
        let r = post_form(
            &app,
            &bea,
            &form,
            &[
                ("version", "1"),
                ("expertise_score", "3"),
                ("communication_score", "3"),
                ("notes", "BEA-NOTE-Agreed with Ada, one point less"),
            ],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.text);
        let r = post_form(
            &app,
            &ada,
            &form,
            &[
                ("version", "1"),
                ("expertise_score", "5"),
                ("communication_score", "5"),
                ("notes", "ADA-NOTE-Overwrite"),
            ],
        )
        .await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("BEA-NOTE-Agreed with Ada"));
        assert_eq!(form_version(&r.text), "2");

        // The API: GET gives the version as the ETag; a PUT needs If-Match
        // now that there is an assessment; a stale one gets 412 naming the
        // current version; the right one is saved.
        let api = format!("/api/v1/applications/{e}/assessment");
        let got = get(&app, &ada, &api).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.etag.as_deref(), Some("\"2\""));
        assert_eq!(got.json()["version"], 2);
        assert_eq!(
            get(&app, &ada, &format!("/api/v1/applications/{e}"))
                .await
                .json()["assessment"]["version"],
            2
        );
        let change = json!({"expertise_score": 1, "communication_score": 1, "notes": "API-NOTE"});
        let put = reqwest::Method::PUT;
        let r = send_json(&app, &ada, put.clone(), &api, change.clone(), None).await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert!(r.text.contains("If-Match"), "{}", r.text);
        let r = send_json(&app, &ada, put.clone(), &api, change.clone(), Some("\"1\"")).await;
        assert_eq!(r.status, 412);
        assert_eq!(r.etag.as_deref(), Some("\"2\""), "the current version");
        assert!(r.text.contains("version 2"), "{}", r.text);
        assert_eq!(
            app.store
                .get_mentor_assessment(e)
                .await
                .unwrap()
                .unwrap()
                .version,
            2,
            "refused writes change nothing"
        );
        let r = send_json(&app, &bea, put, &api, change, Some("\"2\"")).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.etag.as_deref(), Some("\"3\""));
        assert_eq!(r.json()["assessment"]["notes"], "API-NOTE");

        // Eight administrators' writes based on version 3 at the same moment:
        // exactly one is saved, seven are told it changed.
        let mut admins = vec![ada, bea];
        for i in 3..=8 {
            let p = app
                .person(&format!("ADM{i}"), &format!("Admin {i}"), None, 12)
                .await;
            app.make_admin(p).await;
            admins.push(app.sign_in_as(p).await);
        }
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(admins.len()));
        let calls: Vec<_> = admins
            .iter()
            .enumerate()
            .map(|(i, who)| {
                let req = who
                    .client
                    .put(app.url(&api))
                    .header("if-match", "\"3\"")
                    .json(&json!({"expertise_score": 3, "communication_score": 4, "notes": format!("RACE-{i}")}));
                let start = start.clone();
                tokio::spawn(async move {
                    start.wait().await;
                    req.send().await.unwrap().status().as_u16()
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for c in calls {
            statuses.push(c.await.unwrap());
        }
        let winner = statuses.iter().position(|s| *s == 200);
        statuses.sort();
        assert_eq!(statuses, vec![200, 412, 412, 412, 412, 412, 412, 412]);
        let last = app.store.get_mentor_assessment(e).await.unwrap().unwrap();
        assert_eq!(last.version, 4);
        assert_eq!(last.assessment.notes, format!("RACE-{}", winner.unwrap()));

        // The applicant never reads the assessment, nor its version.
        let own = get(&app, &mo_client, &format!("/api/v1/applications/{e}")).await;
        assert!(own.json().get("assessment").is_none());
        assert_eq!(get(&app, &mo_client, &api).await.status, 403);
    }
);

app_story!(
    the_first_assessment_goes_without_a_version_and_only_once,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let bea_id = app.person("ADM2", "Bea Admin", None, 12).await;
        app.make_admin(bea_id).await;
        let bea = app.sign_in_as(bea_id).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let mo = app.person("M1", "Mo Mentor", None, 13).await;
        let mo_client = app.sign_in_as(mo).await;
        let input = json!({"bio": "Led finance for a decade", "expertise": [{"skill": "Strategy", "level": 5}],
            "leadership_style": "collaborative", "capacity": 2, "meeting_modes": ["video"]});
        let r = send_json(
            &app,
            &mo_client,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/applications"),
            input,
            None,
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let api = format!("/api/v1/applications/{}/assessment", r.json()["id"]);

        // Nobody assessed yet: null, no ETag; a version to match does not exist.
        let got = get(&app, &ada, &api).await;
        assert_eq!((got.status, got.json(), got.etag), (200, Value::Null, None));
        let body = json!({"expertise_score": 4, "communication_score": 4});
        let r = send_json(
            &app,
            &ada,
            reqwest::Method::PUT,
            &api,
            body.clone(),
            Some("\"1\""),
        )
        .await;
        assert_eq!(r.status, 412);
        assert!(r.text.contains("without If-Match"), "{}", r.text);

        // Two first assessments at once: one is saved, the other refused
        // (412 when both found none, 400 when the second already saw the first).
        let (a, b) = tokio::join!(
            send_json(&app, &ada, reqwest::Method::PUT, &api, body.clone(), None),
            send_json(&app, &bea, reqwest::Method::PUT, &api, body.clone(), None),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert!(
            statuses == [200, 400] || statuses == [200, 412],
            "{statuses:?}: {} / {}",
            a.text,
            b.text
        );
        let saved = if a.status == 200 { &a } else { &b };
        assert_eq!(saved.etag.as_deref(), Some("\"1\""));
        assert_eq!(get(&app, &ada, &api).await.json()["version"], 1);
    }
);
