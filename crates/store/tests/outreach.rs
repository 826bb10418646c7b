//! The informal outreach pipeline: a private shortlist and mentors' offers.

mod common;

use common::*;
use mentorhub_domain::outreach::{ContactMethod, OfferState, OutreachAction, OutreachStage};
use mentorhub_store::{store_story, ShortlistNotes, Store, StoreError};

fn notes(positives: &str) -> ShortlistNotes {
    ShortlistNotes {
        positives: positives.into(),
        constraints: "Travels a lot".into(),
        recommendations: String::new(),
    }
}

store_story!(
    a_candidate_moves_through_the_pipeline_with_advice,
    |store: Store| async move {
        let eli = person(&store, "E1", "Eli").await;
        let maya = person(&store, "M1", "Maya").await;
        let id = store
            .add_shortlist_entry(
                eli,
                maya,
                None,
                &notes("Turned round the Leeds office"),
                NOW,
            )
            .await
            .unwrap();
        let err = store
            .add_shortlist_entry(eli, maya, None, &notes("again"), NOW)
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("already on your shortlist"),
            "{err}"
        );
        assert!(store
            .add_shortlist_entry(eli, eli, None, &notes("me"), NOW)
            .await
            .is_err());

        let (e, _) = store
            .apply_outreach_action(
                id,
                eli,
                &OutreachAction::Contact {
                    method: ContactMethod::Email,
                },
                1,
                NOW,
            )
            .await
            .unwrap();
        let talk = OutreachAction::LogConversation {
            notes: "Talked about goals".into(),
            follow_up_welcome: true,
        };
        let (e, advice) = store
            .apply_outreach_action(id, eli, &talk, e.version, NOW)
            .await
            .unwrap();
        assert!(advice[0].contains("thank-you"), "{advice:?}");
        let (e, advice) = store
            .apply_outreach_action(id, eli, &OutreachAction::Ask, e.version, NOW)
            .await
            .unwrap();
        assert!(advice[0].contains("at least 3"), "{advice:?}");
        assert_eq!(e.value.stage, OutreachStage::Asked);

        let err = store
            .apply_outreach_action(id, eli, &OutreachAction::SendThanks, 2, NOW)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion(_)));
        let err = store
            .apply_outreach_action(id, eli, &OutreachAction::Ask, e.version, NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("cannot ask"), "{err}");

        let stored = store.get_shortlist_entry(id, eli).await.unwrap();
        assert_eq!(
            (
                stored.value.conversations,
                stored.value.notes.as_str(),
                stored.version
            ),
            (1, "Talked about goals", 4)
        );
        assert_eq!(stored.value.contact_method, Some(ContactMethod::Email));
        assert_eq!(stored.value.follow_up_welcome, Some(true));
        assert!(
            matches!(
                store.get_shortlist_entry(id, maya).await,
                Err(StoreError::NotFound(_))
            ),
            "nobody else sees it"
        );
    }
);

store_story!(
    the_shortlist_keeps_the_mentees_order,
    |store: Store| async move {
        let eli = person(&store, "E1", "Eli").await;
        let mut ids = Vec::new();
        for (i, name) in ["Maya", "Milo", "Mina"].iter().enumerate() {
            let c = person(&store, &format!("M{i}"), name).await;
            ids.push(
                store
                    .add_shortlist_entry(eli, c, None, &notes(""), NOW)
                    .await
                    .unwrap(),
            );
        }
        let names = |l: Vec<mentorhub_store::ShortlistListing>| {
            l.into_iter().map(|e| e.candidate_name).collect::<Vec<_>>()
        };
        assert_eq!(
            names(store.list_shortlist(eli).await.unwrap()),
            ["Maya", "Milo", "Mina"]
        );
        store
            .reorder_shortlist(eli, &[ids[2], ids[0], ids[1]], NOW)
            .await
            .unwrap();
        assert_eq!(
            names(store.list_shortlist(eli).await.unwrap()),
            ["Mina", "Maya", "Milo"]
        );
        assert!(store
            .reorder_shortlist(eli, &[ids[2], ids[0]], NOW)
            .await
            .unwrap_err()
            .to_string()
            .contains("exactly once"));

        let v = store
            .update_shortlist_notes(ids[1], eli, &notes("Recommended by Sam"), 1, NOW)
            .await
            .unwrap();
        assert_eq!(v, 2);
        assert!(matches!(
            store
                .update_shortlist_notes(ids[1], eli, &notes("old"), 1, NOW)
                .await,
            Err(StoreError::StaleVersion(_))
        ));
        store.remove_shortlist_entry(ids[0], eli).await.unwrap();
        assert_eq!(
            names(store.list_shortlist(eli).await.unwrap()),
            ["Mina", "Milo"]
        );
    }
);

store_story!(
    an_offer_is_answered_once_by_the_protege,
    |store: Store| async move {
        let maya = person(&store, "M1", "Maya").await;
        let eli = person(&store, "E1", "Eli").await;
        let id = store
            .create_offer(maya, eli, None, "You handled the audit calmly", NOW)
            .await
            .unwrap();
        assert!(matches!(
            store.create_offer(maya, eli, None, "again", NOW).await,
            Err(StoreError::Conflict { .. })
        ));
        let err = store
            .create_offer(maya, person(&store, "E2", "Eve").await, None, " ", NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("noticed"), "{err}");

        assert!(
            matches!(
                store
                    .decide_offer(id, maya, OfferState::Accepted, NOW)
                    .await,
                Err(StoreError::NotFound(_))
            ),
            "only the protégé answers"
        );
        store
            .decide_offer(id, eli, OfferState::Accepted, NOW)
            .await
            .unwrap();
        let err = store
            .decide_offer(id, eli, OfferState::Declined, NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("already accepted"), "{err}");

        let received = store.list_offers_for_protege(eli).await.unwrap();
        assert_eq!(
            (
                received[0].mentor_name.as_str(),
                received[0].offer.state,
                received[0].decided_at
            ),
            ("Maya", OfferState::Accepted, Some(NOW))
        );
        assert_eq!(
            store.list_offers_by_mentor(maya).await.unwrap()[0].protege_name,
            "Eli"
        );

        let second = store
            .create_offer(maya, eli, None, "Still keen", NOW)
            .await
            .unwrap();
        store
            .decide_offer(second, maya, OfferState::Withdrawn, NOW)
            .await
            .unwrap();
        assert_eq!(
            store.get_offer(second).await.unwrap().offer.state,
            OfferState::Withdrawn
        );
    }
);
