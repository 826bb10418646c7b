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
