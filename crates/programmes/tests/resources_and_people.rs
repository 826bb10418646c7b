//! Resources for each role with completion, and the admin-only people pages.

mod common;

use common::*;
use mentorhub_web::app_story;

app_story!(
    participants_see_resources_for_their_roles_and_mark_them_done,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        let id = store_programme(&app, open_programme("Finance leaders")).await;
        let eli = app.person("E1", "Eli Mentee", None, 5).await;
        let mo = app.person("M1", "Mo Mentor", None, 13).await;
        app.store
            .create_enrolment(id, eli, ParticipantRole::Mentee, app.clock_now())
            .await
            .unwrap();
        app.store
            .create_enrolment(id, mo, ParticipantRole::Mentor, app.clock_now())
            .await
            .unwrap();
        let eli_client = app.sign_in_as(eli).await;
        let mo_client = app.sign_in_as(mo).await;

        // A fresh install ships the questionnaire and the two templates.
        let list = get(&app, &eli_client, "/resources").await;
        assert!(list.text.contains("the self-assessment questions"));
        assert!(list.text.contains("Your first meeting: an agenda template"));
        assert!(list.text.contains("a mentoring agreement template"));
        assert!(!get(&app, &mo_client, "/resources")
            .await
            .text
            .contains("the self-assessment questions"));

        // Only an admin adds resources; a bad link is refused beside the field.
        let fields = [
            ("title", "Coaching, not managing"),
            ("kind", "training"),
            ("audience", "mentor"),
            ("programme", &id.0.to_string()),
            ("body", "Ask questions; never do the work."),
            ("required", "on"),
        ];
        assert_eq!(
            post_form(&app, &mo_client, "/resources", &fields)
                .await
                .status,
            403
        );
        let bad = [
            ("title", "Coaching"),
            ("kind", "training"),
            ("audience", "mentor"),
            ("link", "javascript:alert(1)"),
        ];
        let r = post_form(&app, &ada, "/resources", &bad).await;
        assert_eq!(r.status, 422);
        assert!(r.text.contains("must start with https://"));
        assert_eq!(
            post_form(&app, &ada, "/resources", &fields).await.status,
            303
        );
        let training = get(&app, &ada, "/api/v1/resources")
            .await
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"] == "Coaching, not managing")
            .unwrap()["id"]
            .as_i64()
            .unwrap();

        // The mentor sees it and marks it done; the mentee does not see it at all.
        assert!(get(&app, &mo_client, "/resources")
            .await
            .text
            .contains("Coaching, not managing"));
        assert!(!get(&app, &eli_client, "/resources")
            .await
            .text
            .contains("Coaching, not managing"));
        assert_eq!(
            get(&app, &eli_client, &format!("/resources/{training}"))
                .await
                .status,
            404
        );
        assert_eq!(
            post_form(
                &app,
                &eli_client,
                &format!("/resources/{training}/complete"),
                &[]
            )
            .await
            .status,
            404
        );
        let r = post_form(
            &app,
            &mo_client,
            &format!("/resources/{training}/complete"),
            &[],
        )
        .await;
        assert_eq!(r.status, 303);
        assert!(get(&app, &mo_client, &format!("/resources/{training}"))
            .await
            .text
            .contains("Mark not done"));

        // The admin sees completion per programme and role.
        let admin_list = get(&app, &ada, "/resources").await.text;
        assert!(admin_list.contains("Required training by programme and role"));
        let overview = get(&app, &ada, &format!("/programmes/{id}")).await.text;
        assert!(overview.contains("1 of 1"), "{overview}");
    }
);

app_story!(
    the_people_directory_and_the_import_are_for_admins_only,
    mentorhub_programmes::api().split_for_parts().0,
    mentorhub_programmes::router(),
    |app: TestApp| async move {
        let ada = admin(&app).await;
        app.person("B1", "Bea Boss", None, 12).await;
        let eli = app.person("E1", "Eli Report", Some("B1"), 5).await;
        let eli_client = app.sign_in_as(eli).await;

        let list = get(&app, &ada, "/people?q=eli").await;
        assert!(list.text.contains("Eli Report") && !list.text.contains("Bea Boss"));
        let api = get(&app, &ada, "/api/v1/people?q=bea").await.json();
        assert_eq!(api["total"], 1);
        let person = get(&app, &ada, &format!("/people/{eli}")).await;
        assert!(person.text.contains("Management line") && person.text.contains("Bea Boss"));
        for path in [
            "/people",
            "/people/import",
            &format!("/people/{eli}"),
            "/api/v1/people",
            &format!("/api/v1/people/{eli}"),
        ] {
            assert_eq!(get(&app, &eli_client, path).await.status, 403, "{path}");
        }

        // The import page reports each bad line and writes nothing unless asked.
        let csv =
            "employee_id,name,email,title,manager_employee_id,location,function,career_level\n\
                   N1,Nia New,nia@example.org,Analyst,B1,Leeds,Finance,4\n\
                   N2,Nat Bad,not-an-email,Analyst,B1,Leeds,Finance,4\n";
        let send = |client: &SignedIn, skip: bool| {
            let b = "----mhTestBoundary";
            let mut body = String::new();
            let mut field = |name: &str, extra: &str, value: &str| {
                body.push_str(&format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"{extra}\r\n\r\n{value}\r\n"));
            };
            field("csrf", "", &client.csrf);
            field("file", "; filename=\"hr.csv\"", csv);
            field("csv_text", "", "");
            field("partial", "", "on");
            if skip {
                field("skip_invalid", "", "on");
            }
            body.push_str(&format!("--{b}--\r\n"));
            client
                .client
                .post(app.url("/people/import"))
                .header("content-type", format!("multipart/form-data; boundary={b}"))
                .body(body)
                .send()
        };
        let r = send(&ada, false).await.unwrap();
        assert_eq!(r.status(), 422);
        let text = r.text().await.unwrap();
        assert!(
            text.contains("Nothing was imported")
                && text.contains("<td class=\"num\">3</td><td>email</td>"),
            "{text}"
        );
        assert!(app
            .store
            .get_person_by_employee_id("N1")
            .await
            .unwrap()
            .is_none());
        let r = send(&ada, true).await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("<strong>1</strong> added"));
        assert!(app
            .store
            .get_person_by_employee_id("N1")
            .await
            .unwrap()
            .is_some());
        assert_eq!(send(&eli_client, true).await.unwrap().status(), 403);
    }
);
