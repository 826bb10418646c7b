//! The HR import through HTTP, as an admin would use it.

mod common;

use common::TestApp;
use serde_json::Value;

const HEADER: &str =
    "employee_id,name,email,title,manager_employee_id,location,function,career_level\n";

async fn post_csv(
    app: &TestApp,
    client: &reqwest::Client,
    body: String,
    query: &str,
) -> (u16, Value) {
    let r = client
        .post(app.url(&format!("/api/v1/people/import{query}")))
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn org() -> String {
    format!(
        "{HEADER}E1,Ann Ode,ann@example.org,Chief Executive,,London,Operations,15\n\
         E2,Bo Li,bo@example.org,Finance Director,E1,Leeds,Finance,12\n\
         E3,Cy Ng,cy@example.org,Analyst,E2,Leeds,Finance,5\n"
    )
}

app_story!(
    import_creates_then_updates_without_duplicates,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("admin@example.org", "a long passphrase")
            .await;
        let admin = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;

        let (status, report) = post_csv(&app, &admin, org(), "").await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(
            (
                report["created"].as_u64(),
                report["updated"].as_u64(),
                report["deactivated"].as_u64()
            ),
            (Some(3), Some(0), Some(0))
        );

        // Re-import with a changed title: updated, never duplicated.
        let changed = org().replace("Analyst", "Senior Analyst");
        let (status, report) = post_csv(&app, &admin, changed, "").await;
        assert_eq!(status, 200);
        assert_eq!(
            (report["created"].as_u64(), report["updated"].as_u64()),
            (Some(0), Some(3))
        );
        let cy = app
            .store
            .get_person_by_employee_id("E3")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cy.title, "Senior Analyst");
        let bo = app
            .store
            .get_person_by_employee_id("E2")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            cy.manager_id,
            Some(bo.id),
            "the management line is derived from manager ids"
        );
        let everyone = app
            .store
            .count_people(&mentorhub_store::PeopleFilter {
                active: None,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(everyone, 4, "three employees and the admin");
    }
);

app_story!(
    a_file_with_bad_rows_commits_nothing_and_says_where,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("admin@example.org", "a long passphrase")
            .await;
        let admin = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;
        let body = format!(
        "{}E4,Di,not-an-email,,E1,Leeds,Finance,4\nE5,Ed,ed@example.org,,E404,Leeds,Finance,4\nE6,Fa,fa@example.org,,E1,Leeds,Finance,20\n",
        org()
    );
        let (status, refused) = post_csv(&app, &admin, body.clone(), "").await;
        assert_eq!(status, 422);
        let errors = refused["report"]["errors"].as_array().unwrap();
        let places: Vec<(u64, &str)> = errors
            .iter()
            .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_str().unwrap()))
            .collect();
        assert_eq!(
            places,
            vec![
                (5, "email"),
                (6, "manager_employee_id"),
                (7, "career_level")
            ]
        );
        assert!(refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing was imported"));
        assert!(
            app.store
                .get_person_by_employee_id("E1")
                .await
                .unwrap()
                .is_none(),
            "no partial commit"
        );

        // Asked to, it commits exactly the valid rows.
        let (status, report) = post_csv(&app, &admin, body, "?skip_invalid=true").await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(
            (report["created"].as_u64(), report["refused"].as_u64()),
            (Some(3), Some(3))
        );
        assert!(app
            .store
            .get_person_by_employee_id("E5")
            .await
            .unwrap()
            .is_none());
    }
);

app_story!(
    leavers_are_deactivated_and_signed_out,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("admin@example.org", "a long passphrase")
            .await;
        let admin = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;
        post_csv(&app, &admin, org(), "").await;

        // Cy can sign in.
        let cy = app
            .store
            .get_person_by_employee_id("E3")
            .await
            .unwrap()
            .unwrap();
        let account = app
            .store
            .ensure_account(cy.id, common::TODAY)
            .await
            .unwrap();
        let hash = mentorhub_server::auth::password::hash_password("cy's passphrase".into())
            .await
            .unwrap();
        app.store
            .set_password(account, &hash, common::TODAY)
            .await
            .unwrap();
        let cy_client = app.signed_in("cy@example.org", "cy's passphrase").await;

        // Cy leaves the HR export.
        let without_cy = org()
            .lines()
            .filter(|l| !l.starts_with("E3"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        let (status, report) = post_csv(&app, &admin, without_cy, "").await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(
            report["deactivated"].as_u64(),
            Some(1),
            "only Cy; the locally created admin stays"
        );
        let cy = app
            .store
            .get_person_by_employee_id("E3")
            .await
            .unwrap()
            .unwrap();
        assert!(!cy.active, "deactivated, not deleted");
        let r = cy_client.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 401, "their session ended");
        let r = app
            .client()
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({"email": "cy@example.org", "password": "cy's passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "and they cannot sign in again");
    }
);

app_story!(
    only_admins_import_and_big_files_are_refused,
    demo = false,
    |app: TestApp| async move {
        app.create_admin("admin@example.org", "a long passphrase")
            .await;
        let admin = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;
        post_csv(&app, &admin, org(), "").await;
        let cy = app
            .store
            .get_person_by_employee_id("E3")
            .await
            .unwrap()
            .unwrap();
        let account = app
            .store
            .ensure_account(cy.id, common::TODAY)
            .await
            .unwrap();
        let hash = mentorhub_server::auth::password::hash_password("cy's passphrase".into())
            .await
            .unwrap();
        app.store
            .set_password(account, &hash, common::TODAY)
            .await
            .unwrap();
        let cy_client = app.signed_in("cy@example.org", "cy's passphrase").await;

        let (status, _) = post_csv(&app, &cy_client, org(), "").await;
        assert_eq!(status, 403, "a mentee cannot import");
        let (status, _) = post_csv(&app, &app.client(), org(), "").await;
        assert_eq!(status, 401);

        // The refused upload goes on a client of its own: the server does not
        // read a body refused for its size, so the connection it came on is
        // not one to send the next request on.
        let uploader = app
            .signed_in("admin@example.org", "a long passphrase")
            .await;
        let huge = format!("{HEADER}{}", "x".repeat(21 * 1024 * 1024));
        let (status, _) = post_csv(&app, &uploader, huge, "").await;
        assert_eq!(status, 413);
        drop(uploader);

        let r = admin
            .post(app.url("/api/v1/people/import"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415);

        let (status, body) = post_csv(&app, &admin, "id,name\n1,x\n".to_string(), "").await;
        assert_eq!(status, 422);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("lacks column"),
            "{body}"
        );
    }
);
