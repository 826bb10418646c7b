//! The informal path's remaining queries: the ask, the relationship a "yes"
//! started, enrolling a pair without an admin, and answering an offer.

mod common;

use common::*;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::outreach::OfferState;
use mentorhub_store::{store_story, ShortlistNotes, Store, StoreError};

store_story!(
    the_ask_is_kept_with_the_entry_and_only_for_its_mentee,
    |store: Store| async move {
        let p = pair(&store).await;
        let id = store
            .add_shortlist_entry(p.mentee, p.mentor, None, &ShortlistNotes::default(), NOW)
            .await
            .unwrap();
        let empty = store.get_shortlist_ask(id, p.mentee).await.unwrap();
        assert_eq!(empty.looking_for, "");
        assert_eq!(empty.relationship_id, None);

        let err = store
            .save_shortlist_ask(id, p.mentee, "  ", "Monthly coffee", NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("looking_for"), "{err}");
        store
            .save_shortlist_ask(id, p.mentee, " Decisive calls ", "Monthly coffee", NOW)
            .await
            .unwrap();
        store
            .link_shortlist_relationship(id, p.mentee, p.relationship)
            .await
            .unwrap();
        let ask = store.get_shortlist_ask(id, p.mentee).await.unwrap();
        assert_eq!(ask.looking_for, "Decisive calls");
        assert_eq!(ask.how, "Monthly coffee");
        assert_eq!(ask.relationship_id, Some(p.relationship));

        let other = store.get_shortlist_ask(id, p.mentor).await.unwrap_err();
        assert!(matches!(other, StoreError::NotFound(_)));
        assert!(store
            .save_shortlist_ask(id, p.mentor, "x", "y", NOW)
            .await
            .is_err());
    }
);

store_story!(
    informal_enrolment_approves_a_mentor_without_an_admin_but_respects_a_decline,
    |store: Store| async move {
        let prog = programme(&store, "Informal").await;
        let maya = person(&store, "M1", "Maya").await;
        let eli = person(&store, "E1", "Eli").await;
        let status = store
            .ensure_informal_enrolment(prog, maya, ParticipantRole::Mentor, NOW)
            .await
            .unwrap();
        assert_eq!(status, EnrolmentStatus::Approved);
        let again = store
            .ensure_informal_enrolment(prog, maya, ParticipantRole::Mentor, NOW)
            .await
            .unwrap();
        assert_eq!(again, EnrolmentStatus::Approved);
        let mentee = store
            .ensure_informal_enrolment(prog, eli, ParticipantRole::Mentee, NOW)
            .await
            .unwrap();
        assert_eq!(mentee, EnrolmentStatus::Enrolled);

        let applicant = person(&store, "M2", "Ada").await;
        let e = enrol(&store, prog, applicant, ParticipantRole::Mentor).await;
        store
            .ensure_informal_enrolment(prog, applicant, ParticipantRole::Mentor, NOW)
            .await
            .unwrap();
        assert_eq!(
            store.get_enrolment(e).await.unwrap().status,
            EnrolmentStatus::Approved
        );

        let declined = person(&store, "M3", "Dan").await;
        let d = enrol(&store, prog, declined, ParticipantRole::Mentor).await;
        store
            .decide_mentor_application(d, false, "Not yet", maya, NOW)
            .await
            .unwrap();
        let err = store
            .ensure_informal_enrolment(prog, declined, ParticipantRole::Mentor, NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("declined"), "{err}");
        assert_eq!(
            store.get_enrolment(d).await.unwrap().status,
            EnrolmentStatus::Declined
        );
    }
);

store_story!(
    a_declined_offer_keeps_its_reason_private_unless_shared,
    |store: Store| async move {
        let maya = person(&store, "M1", "Maya").await;
        let eli = person(&store, "E1", "Eli").await;
        let first = store
            .create_offer(maya, eli, None, "You calmed the audit", NOW)
            .await
            .unwrap();
        let fresh = store.get_offer_answer(first).await.unwrap();
        assert_eq!(fresh.version, 1);

        let stale = store
            .close_offer(first, eli, OfferState::Declined, "Busy", false, 7, NOW)
            .await
            .unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion(_)));
        let not_theirs = store
            .close_offer(first, maya, OfferState::Accepted, "", false, 1, NOW)
            .await
            .unwrap_err();
        assert!(matches!(not_theirs, StoreError::NotFound(_)));

        let v = store
            .close_offer(first, eli, OfferState::Declined, "Busy year", false, 1, NOW)
            .await
            .unwrap();
        assert_eq!(v, 2);
        let answer = store.get_offer_answer(first).await.unwrap();
        assert_eq!(answer.decline_reason, "Busy year");
        assert!(!answer.reason_shared);
        let again = store
            .close_offer(first, eli, OfferState::Accepted, "", false, 2, NOW)
            .await
            .unwrap_err();
        assert!(again.to_string().contains("already declined"), "{again}");

        let second = store
            .create_offer(maya, eli, None, "Still keen", NOW)
            .await
            .unwrap();
        store
            .close_offer(second, eli, OfferState::Declined, "New role", true, 1, NOW)
            .await
            .unwrap();
        assert!(store.get_offer_answer(second).await.unwrap().reason_shared);
        let third = store
            .create_offer(maya, eli, None, "Third time", NOW)
            .await
            .unwrap();
        store
            .close_offer(third, eli, OfferState::Declined, "", true, 1, NOW)
            .await
            .unwrap();
        assert!(
            !store.get_offer_answer(third).await.unwrap().reason_shared,
            "nothing to share"
        );
    }
);

store_story!(
    an_offer_keeps_its_questions_in_order,
    |store: Store| async move {
        let p = pair(&store).await;
        let offer = store
            .create_offer(p.mentor, p.mentee, None, "Great facilitation", NOW)
            .await
            .unwrap();
        store
            .add_offer_message(offer, p.mentee, "How often would we meet?", NOW)
            .await
            .unwrap();
        store
            .add_offer_message(
                offer,
                p.mentor,
                "Monthly, over lunch",
                mentorhub_domain::time_util::Timestamp(NOW.0 + DAY),
            )
            .await
            .unwrap();
        assert!(store
            .add_offer_message(offer, p.mentee, "   ", NOW)
            .await
            .is_err());
        let messages = store.list_offer_messages(offer).await.unwrap();
        let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["How often would we meet?", "Monthly, over lunch"]);
        assert_eq!(messages[1].author_name, "Maya Mentor");

        store
            .close_offer(offer, p.mentee, OfferState::Accepted, "", false, 1, NOW)
            .await
            .unwrap();
        store
            .link_offer_relationship(offer, p.relationship)
            .await
            .unwrap();
        let answer = store.get_offer_answer(offer).await.unwrap();
        assert_eq!(answer.relationship_id, Some(p.relationship));
        assert_eq!(
            store.get_offer(offer).await.unwrap().offer.state,
            OfferState::Accepted
        );
    }
);
