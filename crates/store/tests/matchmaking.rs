//! The matchmaking queries: the mentor pool and assessed mentees, the pool's
//! fingerprint, and self-match requests.

mod common;

use common::*;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::mentor_request::RequestState;
use mentorhub_domain::profile::{Expertise, LeadershipStyle, MentorProfile};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_store::{store_story, Store, StoreError};

store_story!(
    the_pool_lists_approved_mentors_with_open_counts_and_its_fingerprint_moves,
    |store: Store| async move {
        let p = pair(&store).await;
        let e = enrol(&store, p.programme, p.mentor, ParticipantRole::Mentor).await;
        let mut profile = MentorProfile {
            enrolment_id: e,
            bio: "Finance strategy".into(),
            expertise: vec![Expertise::new("Strategy", 4).unwrap()],
            leadership_style: LeadershipStyle::Decisive,
            personal_style: vec![],
            track_record: String::new(),
            capacity: 2,
            availability: String::new(),
            meeting_modes: vec![MeetingMode::Video],
        };
        store
            .save_mentor_profile(&profile, None, NOW)
            .await
            .unwrap();
        assert!(
            store.pool_mentors(p.programme).await.unwrap().is_empty(),
            "applied, not approved"
        );
        store
            .decide_mentor_application(e, true, "", p.mentor, NOW)
            .await
            .unwrap();
        let pool = store.pool_mentors(p.programme).await.unwrap();
        assert_eq!(pool.len(), 1);
        assert_eq!((pool[0].open_mentees, pool[0].training_complete), (1, true));

        let before = store.pool_fingerprint(p.programme).await.unwrap();
        assert_eq!(
            before,
            store.pool_fingerprint(p.programme).await.unwrap(),
            "stable while nothing changes"
        );
        profile.bio = "Finance strategy and coaching".into();
        store
            .save_mentor_profile(&profile, Some(1), NOW)
            .await
            .unwrap();
        assert_ne!(
            before,
            store.pool_fingerprint(p.programme).await.unwrap(),
            "a profile edit at the same instant still shows"
        );
    }
);

store_story!(
    a_mentee_has_one_open_request_per_programme,
    |store: Store| async move {
        let p = pair(&store).await;
        let other = person(&store, "M2", "Mo Mentor").await;
        let id = store
            .create_mentor_request(p.programme, p.mentee, p.mentor, "Please", NOW)
            .await
            .unwrap();
        let err = store
            .create_mentor_request(p.programme, p.mentee, other, "", NOW)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
        assert!(store
            .close_mentor_request(id, 1, RequestState::Declined, "On leave", false, None, NOW)
            .await
            .unwrap());
        assert!(
            !store
                .close_mentor_request(id, 2, RequestState::Accepted, "", false, None, NOW)
                .await
                .unwrap(),
            "answered once"
        );
        let r = store.get_mentor_request(id).await.unwrap();
        assert_eq!(
            (r.state, r.reason.as_str(), r.reason_shared),
            (RequestState::Declined, "On leave", false)
        );
        store
            .create_mentor_request(p.programme, p.mentee, other, "", NOW)
            .await
            .unwrap();
        assert_eq!(
            store.list_requests_of(p.programme, p.mentee).await.unwrap()[0].state,
            RequestState::Open
        );
        assert_eq!(store.list_requests_to(p.mentor).await.unwrap().len(), 1);
    }
);
