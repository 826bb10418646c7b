//! Managers: told about their reports' relationships, and asked first when the
//! mentor is in the report's own management line (`001_…` step 3, `003_…`).

mod common;

use common::*;
use mentorhub_domain::programme::{ManagementLineRule, ProgrammeMode};
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::{TestApp, TODAY};
use serde_json::json;

mentorhub_web::app_story!(
    a_manager_approves_only_their_own_reports_pairing_with_someone_in_their_line,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let mut value = programme_value("Finance leaders", ProgrammeMode::SelfMatch);
        value.rules.management_line = ManagementLineRule::RequireApproval;
        let g = app.store.create_programme(&value, TODAY).await.unwrap();
        // Vera heads the line: Vera → Mo (manager) → Eve. Vera mentors.
        let vera = person_at(&app, "V1", "Vera Director", None, 12, "London", "Finance").await;
        let mo = person_at(&app, "M1", "Mo Manager", Some("V1"), 9, "London", "Finance").await;
        let eve = person_at(&app, "E1", "Eve Report", Some("M1"), 5, "London", "Finance").await;
        let other_mgr = person_at(&app, "M2", "Olga Othermanager", None, 9, "Leeds", "Sales").await;
        person_at(&app, "R2", "Ron Report", Some("M2"), 4, "Leeds", "Sales").await;
        make_mentor(
            &app,
            g,
            vera,
            "Runs finance",
            &[("Strategy", 5)],
            "decisive",
            2,
        )
        .await;
        make_mentee(&app, g, eve, "Strategy", "Grow").await;

        let me = app.sign_in_as(eve).await;
        let (_, r) = post_json(
            &me,
            &app,
            &format!("/api/v1/programmes/{}/requests", g.0),
            json!({"mentor_person_id": vera.0}),
        )
        .await;
        let rid = r["id"].as_i64().unwrap();
        let (s, _) = post_json(
            &app.sign_in_as(vera).await,
            &app,
            &format!("/api/v1/requests/{rid}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(s, 200);
        let rel = &app.store.list_relationships_as_mentee(eve).await.unwrap()[0].relationship;
        assert_eq!(rel.state, RelationshipState::AwaitingManagerApproval);
        assert!(emails(&app)
            .await
            .iter()
            .any(|(to, t)| to == "m1@example.org" && t.contains("Your approval is asked")));

        // Another manager sees nothing of it and cannot approve it.
        let olga = app.sign_in_as(other_mgr).await;
        let (_, team) = get_json(&olga, &app, "/api/v1/team").await;
        assert_eq!(team.as_array().unwrap().len(), 0);
        let (s, _) = post_json(
            &olga,
            &app,
            &format!("/api/v1/team/{}/approve", rel.id.0),
            json!({}),
        )
        .await;
        assert_eq!(s, 404, "only the mentee's own manager approves");
        // Eve herself cannot approve.
        let (s, _) = post_json(
            &me,
            &app,
            &format!("/api/v1/team/{}/approve", rel.id.0),
            json!({}),
        )
        .await;
        assert_eq!(s, 404);

        let manager = app.sign_in_as(mo).await;
        let (s, html) = get_text(&manager, &app, "/team").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("Eve Report")
                && html.contains("Awaiting manager approval")
                && html.contains("Approve")
        );
        let (s, html) = post_form(
            &manager,
            &app,
            &format!("/team/{}/decline", rel.id.0),
            &[("version", &rel.version.to_string()), ("reason", "")],
        )
        .await;
        assert_eq!(s, 422, "a decline needs a reason, said next to the field");
        assert!(html.contains("say why"));
        let (s, to) = post_form(
            &manager,
            &app,
            &format!("/team/{}/approve", rel.id.0),
            &[("version", &rel.version.to_string())],
        )
        .await;
        assert_eq!((s, to.as_str()), (303, "/team?done=approved"));
        let rel = app.store.get_relationship(rel.id).await.unwrap();
        assert_eq!(rel.state, RelationshipState::Introduced);
        let (_, team) = get_json(&manager, &app, "/api/v1/team").await;
        assert_eq!(team[0]["state"], "introduced");
        assert_eq!(team[0]["awaiting_your_approval"], false);
        let (s, _) = post_json(
            &manager,
            &app,
            &format!("/api/v1/team/{}/approve", rel.id.0),
            json!({}),
        )
        .await;
        assert_eq!(s, 409, "nothing left to approve");
    }
);
