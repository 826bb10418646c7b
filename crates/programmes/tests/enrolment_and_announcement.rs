//! Enrolment in the target pool, and the announcement to every stakeholder.

mod common;

use common::*;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_web::app_story;

app_story!(
    people_in_the_pool_enrol_and_people_outside_cannot,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let mut p = open_programme("Finance leaders");
        p.target_pool.mentee_max_level = Some(8);
        let id = store_programme(&app, p).await;
        let cy = app.person("E2", "Cy Junior", None, 5).await;
        let cy_client = app.sign_in_as(cy).await;
        let sam = app.person("E3", "Sam Senior", None, 11).await;
        let sam_client = app.sign_in_as(sam).await;
        let dee = app.person("E4", "Dee Junior", None, 4).await;

        // In the pool: enrols from the programme page and is told what comes next.
        let page = get(&app, &cy_client, &format!("/programmes/{id}")).await;
        assert!(page.text.contains("Enrol as a mentee"));
        let r = post_form(&app, &cy_client, &format!("/programmes/{id}/enrol"), &[]).await;
        assert_eq!(r.status, 303);
        let page = get(&app, &cy_client, &r.location).await;
        assert!(page.text.contains("complete your self-assessment"));
        let e = app
            .store
            .find_enrolment(id, cy, ParticipantRole::Mentee)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.status, EnrolmentStatus::Enrolled);
        let again = post_form(&app, &cy_client, &format!("/programmes/{id}/enrol"), &[]).await;
        assert_eq!(again.status, 422);
        assert!(again.text.contains("already a mentee here"));

        // Outside the mentee pool (too senior): the page says why, enrolling is refused.
        let page = get(&app, &sam_client, &format!("/programmes/{id}")).await;
        assert!(
            page.text
                .contains("not in this programme&#39;s target pool for mentees"),
            "{}",
            page.text
        );
        let r = post_form(&app, &sam_client, &format!("/programmes/{id}/enrol"), &[]).await;
        assert_eq!(r.status, 422);
        let api = send_json(
            &app,
            &sam_client,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/enrolments"),
            json!({}),
            None,
        )
        .await;
        assert_eq!(api.status, 422);
        assert!(api.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("target pool"));
        assert!(app
            .store
            .find_enrolment(id, sam, ParticipantRole::Mentee)
            .await
            .unwrap()
            .is_none());

        // Only an admin enrols someone else; the pool holds for them too.
        let api = send_json(
            &app,
            &cy_client,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/enrolments"),
            json!({"person_id": dee.0}),
            None,
        )
        .await;
        assert_eq!(api.status, 403);
        let r = post_form(
            &app,
            &ada,
            &format!("/programmes/{id}/enrolments"),
            &[("person", "e3@example.org")],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("Sam Senior is not in this programme"));
        assert!(r.text.contains("value=\"e3@example.org\""));
        let r = post_form(
            &app,
            &ada,
            &format!("/programmes/{id}/enrolments"),
            &[("person", "E4")],
        )
        .await;
        assert_eq!(r.status, 303);
        assert!(app
            .store
            .find_enrolment(id, dee, ParticipantRole::Mentee)
            .await
            .unwrap()
            .is_some());

        // A person of another programme's pool does not even see this draft.
        let mut draft = open_programme("Draft");
        draft.status = ProgrammeStatus::Draft;
        let draft = store_programme(&app, draft).await;
        assert_eq!(
            get(&app, &cy_client, &format!("/programmes/{}", draft.0))
                .await
                .status,
            404
        );
        assert_eq!(
            post_form(
                &app,
                &cy_client,
                &format!("/programmes/{}/enrol", draft.0),
                &[]
            )
            .await
            .status,
            404
        );
    }
);

app_story!(
    the_announcement_tells_each_stakeholder_once_what_is_expected_of_them,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let boss = app.person("B1", "Bea Boss", None, 12).await;
        let mentee = app.person("E1", "Eli Mentee", Some("B1"), 5).await;
        let mentor = app.person("M1", "Mo Mentor", None, 13).await;
        let outsider = app.person("X1", "Xan Outsider", None, 5).await;
        app.store
            .create_enrolment(id, mentee, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();
        app.store
            .create_enrolment(id, mentor, ParticipantRole::Mentor, app.clock_now())
            .await
            .unwrap();

        let page = get(&app, &ada, &format!("/programmes/{id}")).await;
        assert!(page.text.contains("Not announced yet"));
        let outsider_client = app.sign_in_as(outsider).await;
        assert_eq!(
            post_form(
                &app,
                &outsider_client,
                &format!("/programmes/{id}/announce"),
                &[]
            )
            .await
            .status,
            403
        );

        let r = post_form(&app, &ada, &format!("/programmes/{id}/announce"), &[]).await;
        assert_eq!(r.status, 303);
        let again = send_json(
            &app,
            &ada,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/announcement"),
            json!({}),
            None,
        )
        .await
        .json();
        assert_eq!(again["newly_queued"], 0);
        assert_eq!(again["recipients"], 4);
        let page = get(&app, &ada, &format!("/programmes/{id}")).await;
        assert!(
            page.text.contains("to <strong>4</strong> people"),
            "{}",
            page.text
        );

        let to_boss = mail_to(&app, boss).await;
        assert_eq!(to_boss.len(), 1);
        assert!(to_boss[0].1.contains("As the manager"));
        assert!(!to_boss[0].1.contains("As a mentor"));
        let to_mentee = mail_to(&app, mentee).await;
        assert_eq!(to_mentee.len(), 1);
        assert!(to_mentee[0]
            .1
            .contains("As a mentee you drive the relationship"));
        assert!(to_mentee[0].1.contains("succession pipeline"));
        assert_eq!(mail_to(&app, mentor).await.len(), 1);
        assert!(mail_to(&app, outsider).await.is_empty());
        let admin_mail = mail_to(&app, ada.person).await;
        assert!(admin_mail[0].1.contains("As an administrator"));

        // A newcomer is told when the admin announces again; nobody else twice.
        let late = app.person("E9", "Lee Late", None, 5).await;
        app.store
            .create_enrolment(id, late, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();
        let again = send_json(
            &app,
            &ada,
            reqwest::Method::POST,
            &format!("/api/v1/programmes/{id}/announcement"),
            json!({}),
            None,
        )
        .await
        .json();
        assert_eq!(again["newly_queued"], 1);
        assert_eq!(mail_to(&app, boss).await.len(), 1);
    }
);
