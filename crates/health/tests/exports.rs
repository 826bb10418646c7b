//! The CSV exports: what each holds, cells a spreadsheet would run defused, and
//! no private word — meeting notes, agendas, check-in comments, goals, reasons —
//! in any health output at all.

mod fixture;

use fixture::{day, northwind, PRIVATE};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_web::testing::TestApp;

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

async fn csv(app: &TestApp, client: &reqwest::Client, programme: i64, kind: &str) -> Vec<String> {
    let path = format!("/programmes/{programme}/health/exports/{kind}.csv");
    let res = client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"programme-{programme}-{kind}.csv\"").as_str()
    );
    let body = res.text().await.unwrap();
    assert!(body.ends_with("\r\n"));
    body.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

mentorhub_web::app_story!(
    each_export_holds_what_its_name_says,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let admin = app.sign_in_as(n.admin).await.client;
        let p = n.programme.0;

        let people = csv(&app, &admin, p, "participants").await;
        assert_eq!(people[0], "employee_id,name,role,status,enrolled_on,required_training_complete,open_relationships");
        assert_eq!(people.len(), 1 + 8 + 11);
        assert!(
            people.contains(&"ANA,Ana Archer,mentee,approved,2026-05-07,yes,1".to_string()),
            "{people:?}"
        );
        assert!(
            people.contains(&"MAYA,Maya Mentor,mentor,approved,2026-03-18,yes,2".to_string()),
            "{people:?}"
        );
        assert!(people.contains(&"ROSA,Rosa Rossi,mentor,approved,2026-03-18,no,0".to_string()));

        let meetings = csv(&app, &admin, p, "meetings").await;
        assert_eq!(
            meetings[0],
            "relationship_id,mentor,mentee,starts_at_utc,duration_minutes,mode,status"
        );
        assert_eq!(meetings.len(), 1 + 11 + 5 + 6 + 2);
        assert!(meetings
            .iter()
            .any(|m| m.ends_with(",Noor Nasser,Ben Brook,2026-09-24 12:00,45,video,cancelled")));

        let history = csv(&app, &admin, p, "relationships").await;
        assert_eq!(
            history[0],
            "relationship_id,mentor,mentee,origin,current_state,at_utc,from_state,to_state,event"
        );
        let kim: Vec<&String> = history.iter().filter(|l| l.contains("Kim Kent")).collect();
        let steps: Vec<&str> = kim.iter().map(|l| l.rsplit(',').next().unwrap()).collect();
        assert_eq!(
            steps,
            vec![
                "created",
                "introduce",
                "confirm_agreement",
                "reassessment_falls",
                "complete"
            ]
        );
        assert!(
            kim[4].contains(",completed,2026-08-15 12:00,reassessment_due,completed,complete"),
            "{}",
            kim[4]
        );

        let checkins = csv(&app, &admin, p, "checkins").await;
        assert_eq!(checkins[1], "After 1 month,30,10,8,80.0,6,75.0,1,1,1,3,2");
        assert_eq!(
            checkins[2], "After 3 months,90,6,3,50.0,,,,,,,",
            "three answers are not broken down"
        );

        let pairs = csv(&app, &admin, p, "pairs").await;
        assert_eq!(pairs[0], "relationship_id,mentor,mentee,state,introduced_on,active_since,cadence,meetings_expected,meetings_held,meetings_behind,last_contact_on,days_to_dormancy");
        assert_eq!(pairs.len(), 1 + 5, "the five open pairs");
        assert!(
            pairs.iter().any(|l| l.ends_with(
                ",Quinn Quayle,Finn Ford,active,2026-09-04,2026-09-05,fortnightly,5,0,5,,10"
            )),
            "{pairs:?}"
        );
        assert!(
            pairs
                .iter()
                .any(|l| l
                    .ends_with(",Maya Mentor,Eve Evans,introduced,2026-08-16,,fortnightly,,0,,,0")),
            "{pairs:?}"
        );
        assert!(
            pairs.iter().any(|l| l.ends_with(
                ",Omar Osei,Cleo Cole,active,2026-06-16,2026-09-24,weekly,8,6,2,2026-11-01,"
            )),
            "{pairs:?}"
        );

        let api = admin
            .get(app.url(&format!("/api/v1/programmes/{p}/health/exports/checkins")))
            .send()
            .await
            .unwrap();
        assert_eq!(api.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            api.text().await.unwrap().split("\r\n").nth(1),
            Some(checkins[1].as_str())
        );
    }
);

mentorhub_web::app_story!(
    cells_a_spreadsheet_would_run_are_escaped,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        for (code, name) in [
            ("X1", "=HYPERLINK(\"http://evil.example\",\"Click\")"),
            ("X2", "+44 Plus"),
            ("X3", "-Minus Sign"),
            ("X4", "@SUM(A1:A9)"),
        ] {
            let person = app.person(code, name, None, 5).await;
            app.store
                .create_enrolment(n.programme, person, ParticipantRole::Mentee, day(10))
                .await
                .unwrap();
        }
        let admin = app.sign_in_as(n.admin).await.client;
        let people = csv(&app, &admin, n.programme.0, "participants").await;
        for line in [
            "X1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",mentee,enrolled,2026-11-13,no,0",
            "X2,\"'+44 Plus\",mentee,enrolled,2026-11-13,no,0",
            "X3,\"'-Minus Sign\",mentee,enrolled,2026-11-13,no,0",
            "X4,\"'@SUM(A1:A9)\",mentee,enrolled,2026-11-13,no,0",
        ] {
            assert!(people.iter().any(|l| l == line), "{line} in {people:?}");
        }
    }
);

mentorhub_web::app_story!(
    no_note_comment_goal_or_reason_appears_in_any_health_output,
    mentorhub_health::api().split_for_parts().0,
    mentorhub_health::router(),
    |app: TestApp| async move {
        let n = northwind(&app).await;
        let admin = app.sign_in_as(n.admin).await.client;
        let p = n.programme.0;
        let mut outputs = vec![
            get(&admin, &app, "/health").await,
            get(&admin, &app, "/api/v1/health").await,
            get(&admin, &app, &format!("/programmes/{p}/health")).await,
            get(&admin, &app, &format!("/api/v1/programmes/{p}/health")).await,
        ];
        for kind in mentorhub_health::ExportKind::ALL {
            let csv = mentorhub_health::export_csv(&app.store, n.programme, kind, app.clock_now())
                .await
                .unwrap();
            assert!(csv.lines().count() > 1, "{kind:?} has rows");
            outputs.push(csv);
        }
        for output in &outputs {
            for private in PRIVATE {
                assert!(
                    !output.contains(private),
                    "{private} leaked into {}",
                    &output[..output.len().min(200)]
                );
            }
        }
        // The private words are in the database, so a leak would be seen.
        let checkins = app
            .store
            .list_programme_checkins(n.programme)
            .await
            .unwrap();
        assert!(checkins.iter().any(|c| c
            .checkin
            .answer
            .as_ref()
            .is_some_and(|a| a.what_would_help == fixture::HELP)));
        let ana = app
            .store
            .list_relationships_as_mentee(n.mentee)
            .await
            .unwrap();
        let meetings = app
            .store
            .list_meetings(ana[0].relationship.id)
            .await
            .unwrap();
        assert_eq!(meetings[0].agenda, fixture::AGENDA);
        let notes = app
            .store
            .list_meeting_notes_for(meetings[0].id, n.mentor)
            .await
            .unwrap();
        assert_eq!(notes[0].note.body, fixture::NOTE);
    }
);
