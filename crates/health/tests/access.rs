//! Programme health is for administrators only: mentors, mentees and managers
//! are refused every page, API call and export, and an admin cannot open a
//! programme that does not exist.

mod fixture;

use fixture::northwind;
use mentorhub_web::testing::TestApp;

mentorhub_web::app_story!(
    mentors_mentees_and_managers_are_refused_every_health_output,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let p = n.programme.0;
        let paths = [
            "/health".to_string(),
            format!("/programmes/{p}/health"),
            format!("/programmes/{p}/health/exports/checkins.csv"),
            "/api/v1/health".to_string(),
            format!("/api/v1/programmes/{p}/health"),
            format!("/api/v1/programmes/{p}/health/exports/participants"),
        ];
        for (who, person) in [
            ("mentor", n.mentor),
            ("mentee", n.mentee),
            ("manager", n.manager),
        ] {
            let client = app.sign_in_as(person).await.client;
            for path in &paths {
                let res = client.get(app.url(path)).send().await.unwrap();
                assert_eq!(res.status(), 403, "{who} asking for {path}");
                let body = res.text().await.unwrap();
                assert!(
                    !body.contains("Maya Mentor"),
                    "{who} sees no figure or name at {path}"
                );
            }
        }
        let admin = app.sign_in_as(n.admin).await.client;
        for path in &paths {
            assert_eq!(
                admin.get(app.url(path)).send().await.unwrap().status(),
                200,
                "admin: {path}"
            );
        }
    }
);

mentorhub_web::app_story!(
    strangers_are_sent_to_sign_in_and_unknown_programmes_are_not_found,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let anonymous = app.anonymous();
        let page = anonymous.get(app.url("/health")).send().await.unwrap();
        assert_eq!(page.status(), 303);
        assert_eq!(page.headers()["location"], "/login?next=/health");
        let api = anonymous
            .get(app.url("/api/v1/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 401);

        let admin = app.sign_in_as(n.admin).await.client;
        for path in [
            "/programmes/99999/health",
            "/api/v1/programmes/99999/health",
            "/api/v1/programmes/99999/health/exports/meetings",
        ] {
            assert_eq!(
                admin.get(app.url(path)).send().await.unwrap().status(),
                404,
                "{path}"
            );
        }
        let unknown_kind = format!("/programmes/{}/health/exports/notes.csv", n.programme.0);
        assert_eq!(
            admin
                .get(app.url(&unknown_kind))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
);
