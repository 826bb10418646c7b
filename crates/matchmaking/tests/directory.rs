//! The mentor directory: qualified mentors only, capacity left, filters, the
//! mentee's recommendations with reasons, and who may look.

mod common;

use common::*;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_store::NewRelationship;
use mentorhub_web::testing::{TestApp, TODAY};

mentorhub_web::app_story!(
    a_mentee_browses_qualified_mentors_with_places_left_and_recommendations,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let bo = person_at(&app, "B1", "Bo Diddley", None, 9, "Leeds", "Sales").await;
        let cy = person_at(&app, "C1", "Cy Applicant", None, 9, "London", "Finance").await;
        let eve = person_at(&app, "E1", "Eve Mentee", None, 5, "London", "Finance").await;
        let other = person_at(&app, "E2", "Otto Other", None, 4, "Leeds", "Sales").await;
        make_mentor(
            &app,
            g,
            ada,
            "Twenty years of finance strategy",
            &[("Strategy", 5)],
            "decisive",
            2,
        )
        .await;
        make_mentor(
            &app,
            g,
            bo,
            "Built three sales teams",
            &[("Coaching", 4)],
            "collaborative",
            1,
        )
        .await;
        // Cy applied but was never approved: not listed.
        app.store
            .create_enrolment(g, cy, ParticipantRole::Mentor, TODAY)
            .await
            .unwrap();
        make_mentee(&app, g, eve, "Strategy", "Lead the finance strategy review").await;
        make_mentee(&app, g, other, "Coaching", "Coach my team").await;
        // Bo's one place is taken.
        app.store
            .create_relationship(
                NewRelationship {
                    programme_id: g,
                    mentor_id: bo,
                    mentee_id: other,
                    state: RelationshipState::Active,
                    origin: Origin::Matched,
                },
                Actor::System,
                "",
                TODAY,
            )
            .await
            .unwrap();

        let me = app.sign_in_as(eve).await;
        let (status, page) =
            get_json(&me, &app, &format!("/api/v1/programmes/{}/mentors", g.0)).await;
        assert_eq!(status, 200, "{page}");
        let names: Vec<&str> = page["mentors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            vec!["Ada Lovelace", "Bo Diddley"],
            "approved mentors only, by name"
        );
        assert_eq!(page["mentors"][0]["places_left"], 2);
        assert_eq!(page["mentors"][1]["full"], true);
        assert_eq!(page["mentors"][1]["places_left"], 0);

        for (filter, expected) in [
            ("skill=strategy", "Ada Lovelace"),
            ("location=Leeds", "Bo Diddley"),
            ("function=sales", "Bo Diddley"),
            ("style=collaborative", "Bo Diddley"),
            ("with_room=true", "Ada Lovelace"),
        ] {
            let (_, p) = get_json(
                &me,
                &app,
                &format!("/api/v1/programmes/{}/mentors?{filter}", g.0),
            )
            .await;
            assert_eq!(p["total"], 1, "{filter}");
            assert_eq!(p["mentors"][0]["name"], expected, "{filter}");
        }
        // Filters combine; case and surrounding spaces do not count; a value
        // no mentor has matches nobody.
        for (filter, total) in [
            ("location=%20LEEDS%20&function=Sales", 1),
            ("location=Leeds&skill=strategy", 0),
            ("skill=Juggling", 0),
            ("location=Atlantis&with_room=true", 0),
            ("skill=&location=&function=&style=", 2),
        ] {
            let (_, p) = get_json(
                &me,
                &app,
                &format!("/api/v1/programmes/{}/mentors?{filter}", g.0),
            )
            .await;
            assert_eq!(p["total"], total, "{filter}");
        }

        // Recommendations: the engine's score, full mentors left out, reasons in words.
        let recs = page["recommendations"].as_array().unwrap();
        assert_eq!(recs.len(), 1, "Bo is full: {recs:?}");
        assert_eq!(recs[0]["mentor"]["name"], "Ada Lovelace");
        assert!(recs[0]["score"].as_i64().unwrap() > 50, "{}", recs[0]);
        let skills = &recs[0]["reasons"][0];
        assert_eq!(skills["criterion"], "Skills");
        assert_eq!(skills["words"], "Strategy: level 5 of 5");
        assert_eq!(skills["points"], 30);

        let (status, html) = get_text(&me, &app, &format!("/programmes/{}/directory", g.0)).await;
        assert_eq!(status, 200);
        for seen in [
            "Recommended for you",
            "Strategy: level 5 of 5",
            "Twenty years of finance strategy",
            "Full",
            "2 of 2 places left",
            "Make first choice",
        ] {
            assert!(html.contains(seen), "the page shows {seen:?}");
        }
        assert!(!html.contains("Cy Applicant"));

        // A profile change shows at once (the cached pool notices).
        let e = app
            .store
            .find_enrolment(g, ada, ParticipantRole::Mentor)
            .await
            .unwrap()
            .unwrap();
        let mut prof = app.store.get_mentor_profile(e.id).await.unwrap().unwrap();
        prof.value.bio = "Now also a board advisor".into();
        app.store
            .save_mentor_profile(&prof.value, Some(prof.version), TODAY)
            .await
            .unwrap();
        let (_, html) = get_text(
            &me,
            &app,
            &format!("/programmes/{}/directory?skill=Strategy", g.0),
        )
        .await;
        assert!(html.contains("Now also a board advisor"));
    }
);

mentorhub_web::app_story!(
    only_participants_and_admins_see_a_programmes_directory,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let elsewhere = programme(&app, "Sales leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let eve = person_at(&app, "E1", "Eve Mentee", None, 5, "London", "Finance").await;
        let stranger = person_at(&app, "S1", "Sam Elsewhere", None, 5, "London", "Sales").await;
        let admin = person_at(&app, "H1", "Hana Admin", None, 10, "London", "HR").await;
        make_mentor(
            &app,
            g,
            ada,
            "Finance strategy",
            &[("Strategy", 5)],
            "decisive",
            2,
        )
        .await;
        make_mentee(&app, g, eve, "Strategy", "Grow").await;
        make_mentee(&app, elsewhere, stranger, "Strategy", "Grow").await;
        app.make_admin(admin).await;
        let path = format!("/api/v1/programmes/{}/mentors", g.0);

        let (s, _) = get_json(&app.sign_in_as(eve).await, &app, &path).await;
        assert_eq!(s, 200, "a mentee of the programme");
        let (s, body) = get_json(&app.sign_in_as(ada).await, &app, &path).await;
        assert_eq!(s, 200, "a mentor of the programme");
        assert_eq!(
            body["recommendations"].as_array().unwrap().len(),
            0,
            "recommendations are for mentees"
        );
        let (s, _) = get_json(&app.sign_in_as(admin).await, &app, &path).await;
        assert_eq!(s, 200, "an admin");

        let other = app.sign_in_as(stranger).await;
        let (s, body) = get_json(&other, &app, &path).await;
        assert_eq!(s, 404, "a person of another programme: {body}");
        let (s, html) = get_text(&other, &app, &format!("/programmes/{}/directory", g.0)).await;
        assert_eq!(s, 404);
        assert!(!html.contains("Ada Lovelace"));
        let r = app.anonymous().get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 401);
    }
);

mentorhub_web::app_story!(
    a_mentee_not_yet_assessed_is_sent_to_the_self_assessment,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Finance leaders", ProgrammeMode::Hybrid).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let eve = person_at(&app, "E1", "Eve Mentee", None, 5, "London", "Finance").await;
        make_mentor(
            &app,
            g,
            ada,
            "Finance strategy",
            &[("Strategy", 5)],
            "decisive",
            2,
        )
        .await;
        app.store
            .create_enrolment(g, eve, ParticipantRole::Mentee, TODAY)
            .await
            .unwrap();

        let (s, html) = get_text(
            &app.sign_in_as(eve).await,
            &app,
            &format!("/programmes/{}/directory", g.0),
        )
        .await;
        assert_eq!(s, 200);
        let link = format!(
            "<a href=\"/programmes/{}/self-assessment\">Complete your self-assessment</a> first",
            g.0
        );
        assert!(html.contains(&link), "{html}");
        assert!(
            !html.contains("Make first choice"),
            "ranking waits for the self-assessment"
        );
    }
);
