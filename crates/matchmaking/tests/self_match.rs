//! Self-match mode: a mentee asks a mentor; the mentor accepts (introduced) or
//! declines (the reason kept from the mentee unless shared); capacity holds
//! even when many accepts arrive at once.

mod common;

use common::*;
use mentorhub_domain::mentor_request::RequestState;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_web::testing::{TestApp, TODAY};
use serde_json::json;

mentorhub_web::app_story!(
    a_mentor_answers_requests_and_a_declined_mentee_reads_only_a_shared_reason,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        let g = programme(&app, "Open mentoring", ProgrammeMode::SelfMatch).await;
        let ada = person_at(&app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
        let bo = person_at(&app, "B1", "Bo Diddley", None, 9, "Leeds", "Sales").await;
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
        make_mentor(
            &app,
            g,
            bo,
            "Sales teams",
            &[("Coaching", 4)],
            "collaborative",
            2,
        )
        .await;
        make_mentee(&app, g, eve, "Strategy", "Grow").await;
        let (me, ada_c, bo_c) = (
            app.sign_in_as(eve).await,
            app.sign_in_as(ada).await,
            app.sign_in_as(bo).await,
        );

        // From the directory page form.
        let (s, to) = post_form(
            &me,
            &app,
            &format!("/programmes/{}/requests", g.0),
            &[
                ("mentor", &ada.0.to_string()),
                ("message", "Your strategy work inspires me"),
            ],
        )
        .await;
        assert_eq!(
            (s, to.as_str()),
            (
                303,
                format!("/programmes/{}/directory?done=requested", g.0).as_str()
            )
        );
        let (_, html) = get_text(&me, &app, &format!("/programmes/{}/directory", g.0)).await;
        assert!(html.contains("Your request to <strong>Ada Lovelace</strong> is waiting"));
        // One request at a time.
        let (s, body) = post_json(
            &me,
            &app,
            &format!("/api/v1/programmes/{}/requests", g.0),
            json!({"mentor_person_id": bo.0}),
        )
        .await;
        assert_eq!(s, 422, "{body}");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("withdraw it first"));
        assert!(emails(&app)
            .await
            .iter()
            .any(|(to, text)| to == "a1@example.org"
                && text.contains("Eve Mentee asks whether you would be their mentor")));

        // Ada's inbox; Bo cannot answer Ada's request.
        let (_, inbox) = get_json(&ada_c, &app, "/api/v1/mentoring/requests").await;
        let rid = inbox["requests"][0]["id"].as_i64().unwrap();
        assert_eq!(
            inbox["requests"][0]["message"],
            "Your strategy work inspires me"
        );
        let (s, _) = post_json(
            &bo_c,
            &app,
            &format!("/api/v1/requests/{rid}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(s, 404, "a mentor accepts only requests made to them");

        // Declining needs a reason, shown next to the field with the typed text kept.
        let (s, html) = post_form(
            &ada_c,
            &app,
            &format!("/mentoring/requests/{rid}/decline"),
            &[("version", "1"), ("reason", "  ")],
        )
        .await;
        assert_eq!(s, 422);
        assert!(html.contains("say why, briefly"));
        let (s, _) = post_form(
            &ada_c,
            &app,
            &format!("/mentoring/requests/{rid}/decline"),
            &[("version", "1"), ("reason", "I am on leave until spring")],
        )
        .await;
        assert_eq!(s, 303);
        let (_, mine) = get_json(&me, &app, &format!("/api/v1/programmes/{}/requests", g.0)).await;
        assert_eq!(mine[0]["state"], "declined");
        assert!(mine[0].get("reason").is_none(), "not shared: {mine}");
        let to_eve: Vec<_> = emails(&app)
            .await
            .into_iter()
            .filter(|(to, _)| to == "e1@example.org")
            .collect();
        assert!(to_eve
            .iter()
            .any(|(_, t)| t.contains("cannot be your mentor this time")));
        assert!(
            !to_eve.iter().any(|(_, t)| t.contains("on leave")),
            "the reason stays with Ada"
        );

        // Next choice: Bo declines sharing the reason, then a new request to Ada is accepted.
        let (_, r) = post_json(
            &me,
            &app,
            &format!("/api/v1/programmes/{}/requests", g.0),
            json!({"mentor_person_id": bo.0}),
        )
        .await;
        let rid = r["id"].as_i64().unwrap();
        let (s, _) = post_json(
            &bo_c,
            &app,
            &format!("/api/v1/requests/{rid}/decline"),
            json!({"reason": "Strategy is not my field", "share_reason": true}),
        )
        .await;
        assert_eq!(s, 200);
        let (_, mine) = get_json(&me, &app, &format!("/api/v1/programmes/{}/requests", g.0)).await;
        assert!(mine
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reason"] == "Strategy is not my field"));
        let (_, r) = post_json(
            &me,
            &app,
            &format!("/api/v1/programmes/{}/requests", g.0),
            json!({"mentor_person_id": ada.0}),
        )
        .await;
        let rid = r["id"].as_i64().unwrap();
        let (s, done) = post_json(
            &ada_c,
            &app,
            &format!("/api/v1/requests/{rid}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(s, 200, "{done}");
        let rel = app.store.list_relationships_as_mentee(eve).await.unwrap();
        assert_eq!(rel[0].relationship.state, RelationshipState::Introduced);
        assert!(emails(&app)
            .await
            .iter()
            .any(|(to, t)| to == "e1@example.org" && t.contains("Meet Ada Lovelace")));
        let (s, _) = post_json(
            &ada_c,
            &app,
            &format!("/api/v1/requests/{rid}/accept"),
            json!({}),
        )
        .await;
        assert_eq!(s, 409, "answered once");
    }
);

mentorhub_web::app_story!(
    capacity_holds_when_fifty_accepts_arrive_at_once,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        const CAPACITY: u8 = 3;
        let (_, ada, asked) = mentor_asked_by(&app, CAPACITY, 50).await;
        let requests: Vec<i64> = asked.iter().map(|(_, r)| *r).collect();
        let mentor = app.sign_in_as(ada).await;
        let calls = requests.iter().map(|rid| {
            let (client, url) = (
                mentor.client.clone(),
                app.url(&format!("/api/v1/requests/{rid}/accept")),
            );
            async move { client.post(url).send().await.unwrap().status().as_u16() }
        });
        let statuses = futures_join_all(calls).await;
        let accepted = statuses.iter().filter(|s| **s == 200).count();
        let full = statuses.iter().filter(|s| **s == 409).count();
        assert_eq!(
            (accepted, full),
            (CAPACITY as usize, 50 - CAPACITY as usize),
            "{statuses:?}"
        );
        assert_eq!(
            app.store.count_open_mentees(ada).await.unwrap(),
            i64::from(CAPACITY)
        );
    }
);

/// A self-match programme, a mentor (Ada) with `capacity` places, and
/// `mentees` assessed mentees who have each asked her: (programme, Ada,
/// [(mentee, request id)]).
async fn mentor_asked_by(
    app: &TestApp,
    capacity: u8,
    mentees: usize,
) -> (
    mentorhub_domain::ProgrammeId,
    mentorhub_domain::PersonId,
    Vec<(mentorhub_domain::PersonId, i64)>,
) {
    let g = programme(app, "Open mentoring", ProgrammeMode::SelfMatch).await;
    let ada = person_at(app, "A1", "Ada Lovelace", None, 8, "London", "Finance").await;
    make_mentor(
        app,
        g,
        ada,
        "Finance strategy",
        &[("Strategy", 5)],
        "decisive",
        capacity,
    )
    .await;
    let mut asked = Vec::new();
    for i in 0..mentees {
        let e = person_at(
            app,
            &format!("E{i}"),
            &format!("Mentee {i}"),
            None,
            4,
            "London",
            "Finance",
        )
        .await;
        make_mentee(app, g, e, "Strategy", "Grow").await;
        let rid = app
            .store
            .create_mentor_request(g, e, ada, "", TODAY)
            .await
            .unwrap();
        asked.push((e, rid));
    }
    (g, ada, asked)
}

/// Runs the futures at once on the test's runtime.
async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

mentorhub_web::app_story!(
    an_accept_racing_a_withdrawal_either_starts_the_relationship_or_nothing,
    mentorhub_matchmaking::api().split_for_parts().0,
    mentorhub_matchmaking::router(),
    |app: TestApp| async move {
        // Room for everyone: only the race between the two answers decides.
        const MENTEES: usize = 10;
        let (g, ada, asked) = mentor_asked_by(&app, MENTEES as u8, MENTEES).await;
        let mentor = app.sign_in_as(ada).await;
        let mut rounds = Vec::new();
        for (e, rid) in asked {
            let mentee = app.sign_in_as(e).await;
            let accept = {
                let (c, u) = (
                    mentor.client.clone(),
                    app.url(&format!("/api/v1/requests/{rid}/accept")),
                );
                tokio::spawn(async move { c.post(u).send().await.unwrap().status().as_u16() })
            };
            let withdraw = {
                let (c, u) = (
                    mentee.client.clone(),
                    app.url(&format!("/api/v1/requests/{rid}/withdraw")),
                );
                tokio::spawn(async move { c.post(u).send().await.unwrap().status().as_u16() })
            };
            rounds.push((e, rid, accept, withdraw));
        }
        let mut accepted: i64 = 0;
        for (e, rid, accept, withdraw) in rounds {
            let (a, w) = (accept.await.unwrap(), withdraw.await.unwrap());
            let started = app.store.has_open_relationship_in(g, e).await.unwrap();
            let request = app.store.get_mentor_request(rid).await.unwrap();
            match (a, w) {
                (200, 409) => {
                    accepted += 1;
                    assert!(started, "accepted: the relationship started");
                    assert_eq!(request.state, RequestState::Accepted);
                }
                (409, 200) => {
                    assert!(!started, "withdrawn: no relationship");
                    assert_eq!(request.state, RequestState::Withdrawn);
                }
                other => panic!("exactly one answer wins, got {other:?}"),
            }
        }
        assert_eq!(
            app.store.count_open_mentees(ada).await.unwrap(),
            accepted,
            "a relationship for each accept that won, and no other"
        );
    }
);
