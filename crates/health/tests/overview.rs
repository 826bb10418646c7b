//! The overview of every programme: the headline figures side by side, a small
//! programme's rates withheld.

mod fixture;

use fixture::{day, northwind, programme_value};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_web::testing::TestApp;
use serde_json::{json, Value};

mentorhub_web::app_story!(
    the_overview_puts_each_programmes_headline_figures_side_by_side,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        // A pilot with three mentees, newer than Northwind: too few to break down.
        let pilot = app
            .store
            .create_programme(&programme_value("Pilot for engineers"), day(20))
            .await
            .unwrap();
        for code in ["P1", "P2", "P3"] {
            let person = app.person(code, &format!("Pilot {code}"), None, 4).await;
            app.store
                .create_enrolment(pilot, person, ParticipantRole::Mentee, day(10))
                .await
                .unwrap();
        }
        let admin = app.sign_in_as(n.admin).await.client;
        let o: Value = admin
            .get(app.url("/api/v1/health"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let list = o["programmes"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["name"], "Pilot for engineers", "newest first");
        assert_eq!(list[0]["mentees"], 3);
        assert_eq!(list[0]["mentees_waiting"], 3);
        assert_eq!(
            list[0]["matched"],
            json!({"count": null, "of": 3, "percent": null, "withheld": true})
        );
        let nw = &list[1];
        assert_eq!(nw["programme_id"], n.programme.0);
        assert_eq!(
            (
                nw["mentees"].as_i64(),
                nw["qualified_mentors"].as_i64(),
                nw["places_left"].as_i64(),
                nw["mentees_waiting"].as_i64()
            ),
            (Some(10), Some(5), Some(3), Some(5))
        );
        assert_eq!(nw["matched"]["percent"], 70.0);
        assert_eq!(
            (nw["pairs_meeting"].as_i64(), nw["pairs_behind"].as_i64()),
            (Some(4), Some(3))
        );
        assert_eq!(nw["cadence_kept"]["percent"], 61.3);
        assert_eq!(nw["dormant"]["percent"], 14.3);
        assert_eq!(nw["approaching_dormancy"], 2);
        // 8 of 10 check-ins answered at one month, 3 of 6 at three months.
        assert_eq!(
            nw["checkins_answered"],
            json!({"count": 11, "of": 16, "percent": 68.8, "withheld": false})
        );

        let html = admin
            .get(app.url("/health"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!(
            "<a href=\"/programmes/{}/health\">Northwind finance leaders</a>",
            n.programme.0
        )));
        assert!(html.contains("<td class=\"num\">70%</td>"));
        assert!(
            html.contains("<td class=\"num\">69%</td>"),
            "check-ins answered"
        );
        assert!(
            html.contains("<td class=\"num\">withheld</td>"),
            "the pilot's match rate"
        );
        assert!(
            html.contains("<a href=\"/health\" aria-current=\"page\">Health</a>"),
            "the navigation marks the page"
        );
    }
);

mentorhub_web::app_story!(
    an_organisation_without_programmes_is_told_what_to_do_next,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let admin = app.person("ADM", "Ada Admin", None, 12).await;
        app.make_admin(admin).await;
        let client = app.sign_in_as(admin).await.client;
        let html = client
            .get(app.url("/health"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("No programmes yet"));
        assert!(html.contains("Create a programme and enrol its mentors and mentees"));
    }
);
