//! Goals, check-ins, the manager's support, reassessment and completion.

mod common;

use common::*;
use mentorhub_domain::relationship::{Actor, RelationshipEvent, RelationshipState};
use mentorhub_web::testing::{TestApp, TODAY};
use reqwest::StatusCode;

mentorhub_web::app_story!(
    the_pair_continues_only_when_both_choose_to_and_completes_with_reflections,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        let store = w.app.store.clone();
        let fall = |s: mentorhub_store::Store, id| async move {
            s.apply_relationship_event(
                id,
                RelationshipEvent::ReassessmentFalls,
                Actor::System,
                TODAY,
                "",
                true,
                None,
            )
            .await
            .unwrap();
        };
        w.app.clock.advance_ms(60_000);
        fall(store.clone(), w.relationship).await;
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(body.contains("Your agreed period has run out"));

        let (status, _, body) =
            post_form(&w.mentee, &w.rel("/reassessment"), &[("choice", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("choose continue or complete"));
        for who in [&w.mentee, &w.mentor] {
            let (status, _, _) =
                post_form(who, &w.rel("/reassessment"), &[("choice", "continue")]).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            if who.person == w.mentee.person {
                let (_, body) = page(&w.mentee, &w.rel("")).await;
                assert!(
                    body.contains("Waiting for Maya Mentor to choose"),
                    "nothing happens until both chose"
                );
            }
        }
        assert_eq!(
            store.get_relationship(w.relationship).await.unwrap().state,
            RelationshipState::Active,
            "a new period"
        );

        w.app.clock.advance_ms(60_000);
        fall(store.clone(), w.relationship).await;
        let (status, _, _) = post_form(
            &w.mentor,
            &w.rel("/reassessment"),
            &[("choice", "continue")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = post_form(
            &w.mentee,
            &w.rel("/reassessment"),
            &[("choice", "complete"), ("text", "I learned to delegate.")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            store.get_relationship(w.relationship).await.unwrap().state,
            RelationshipState::Completed,
            "one wish to close is enough"
        );
        let (_, body) = page(&w.mentor, &w.rel("")).await;
        assert!(
            body.contains("I learned to delegate."),
            "the partner reads the reflection"
        );
        assert!(body.contains("Write your closing reflection"));
        let (status, _, _) = post_form(
            &w.mentor,
            &w.rel("/reflection"),
            &[("text", "Patience pays.")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(body.contains("Patience pays."));
        let (_, body) = page(&w.manager, &w.rel("")).await;
        assert!(
            body.contains("Completed") && !body.contains("I learned to delegate."),
            "reflections stay with the pair"
        );
        let mail = store.list_notifications(None, 50, 0).await.unwrap();
        assert_eq!(
            mail.iter()
                .filter(|m| m.subject.contains("is complete"))
                .count(),
            2
        );
    }
);

mentorhub_web::app_story!(
    goals_checkins_and_the_managers_support_each_reach_the_right_people,
    mentorhub_relationships::api().split_for_parts().0,
    mentorhub_relationships::router(),
    |app: TestApp| async move {
        let w = world(app, RelationshipState::Active).await;
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(
            body.contains("Share your goals with Maya Mentor"),
            "what to do next"
        );
        assert!(body.contains("coach"), "the mentor is framed as a coach");

        let (status, _, body) = post_form(
            &w.mentee,
            &w.rel("/goals"),
            &[("title", "Chair the review"), ("progress", "140")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("must be a percentage from 0 to 100")
                && body.contains("Chair the review")
        );
        let (status, _, _) = post_form(
            &w.mentee,
            &w.rel("/goals"),
            &[
                ("title", "Chair the review"),
                ("progress", "40"),
                ("status", "in_progress"),
                ("shared_with_manager", "on"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            post_form(&w.mentor, &w.rel("/goals"), &[("title", "Mentor's goal")])
                .await
                .0,
            StatusCode::FORBIDDEN,
            "the mentor views goals only"
        );
        let goal = w
            .app
            .store
            .list_goals(w.relationship)
            .await
            .unwrap()
            .remove(0);
        let stale = post_form(
            &w.mentee,
            &w.rel(&format!("/goals/{}", goal.id.0)),
            &[
                ("version", "99"),
                ("title", "Renamed"),
                ("progress", "50"),
                ("status", "in_progress"),
            ],
        )
        .await;
        assert_eq!(stale.0, StatusCode::CONFLICT);
        assert!(stale.2.contains("changed elsewhere"));
        let (_, confirm) = page(&w.mentee, &w.rel(&format!("/goals/{}/delete", goal.id.0))).await;
        assert!(
            confirm.contains("Remove “Chair the review”?"),
            "a removal is confirmed first"
        );

        let (_, body) = page(&w.manager, &w.rel("")).await;
        assert!(body.contains("Chair the review"));
        let (status, _, _) = post_form(
            &w.manager,
            &w.rel("/support"),
            &[("text", "Friday afternoons are protected.")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            post_form(&w.mentor, &w.rel("/support"), &[("text", "x")])
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(
            body.contains("Friday afternoons are protected."),
            "the pair sees the manager's support"
        );

        w.app
            .store
            .create_due_checkins(w.relationship, 30, TODAY)
            .await
            .unwrap();
        let mine = w
            .app
            .store
            .list_checkins_of_person(w.mentee.person, true)
            .await
            .unwrap();
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(body.contains("Answer your 30-day check-in"));
        let url = w.rel(&format!("/checkins/{}", mine[0].id.0));
        let (status, _, body) = post_form(
            &w.mentee,
            &url,
            &[("working", "4"), ("what_would_help", "More structure")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("say whether you are in regular contact")
                && body.contains("More structure")
        );
        let (status, _, _) = post_form(
            &w.mentee,
            &url,
            &[
                ("in_regular_contact", "no"),
                ("working", "2"),
                ("what_would_help", "More structure"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, body) = page(&w.mentee, &w.rel("")).await;
        assert!(
            body.contains(&format!(
                "href=\"/relationships/{}/checkins/{}\">Change<span class=\"visually-hidden\"> your 30-day answers",
                w.relationship.0, mine[0].id.0
            )),
            "an answered check-in can be changed from the relationship page"
        );
        assert_eq!(
            page(&w.mentor, &url).await.0,
            StatusCode::NOT_FOUND,
            "a partner cannot open the other's check-in"
        );

        let admin_page = w.url(&format!("/programmes/{}/checkins", w.programme.0));
        let (status, body) = page(&w.admin, &admin_page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("More structure") && body.contains("Eli Mentee with Maya Mentor"));
        assert!(
            body.contains("Not answered yet"),
            "the mentor's open check-in is listed"
        );
        assert_eq!(page(&w.mentor, &admin_page).await.0, StatusCode::NOT_FOUND);
    }
);
