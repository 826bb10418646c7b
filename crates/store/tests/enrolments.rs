//! Enrolments, mentor qualification, profiles, preferences and matching runs.

mod common;

use common::*;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::profile::{
    Expertise, LeadershipStyle, MentorAssessment, MentorProfile, PersonalTrait, SelfAssessment,
    StylePreference,
};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::EnrolmentId;
use mentorhub_store::{store_story, OverrideKind, Store, StoreError};

fn profile(enrolment: EnrolmentId) -> MentorProfile {
    MentorProfile {
        enrolment_id: enrolment,
        bio: "Twenty years in finance".into(),
        expertise: vec![Expertise::new("Strategy", 4).unwrap()],
        leadership_style: LeadershipStyle::Decisive,
        personal_style: vec![PersonalTrait::Warm],
        track_record: String::new(),
        capacity: 2,
        availability: "Tuesdays".into(),
        meeting_modes: vec![MeetingMode::Video, MeetingMode::InPerson],
    }
}

fn self_assessment(enrolment: EnrolmentId) -> SelfAssessment {
    SelfAssessment {
        enrolment_id: enrolment,
        focus_skills: vec!["Quick, decisive strategic decisions".into()],
        leadership_style: LeadershipStyle::Collaborative,
        style_preference: StylePreference::Different,
        personal_preference: vec![PersonalTrait::Warm, PersonalTrait::Thinker],
        goals_this_year: "Lead the Q3 planning".into(),
        three_year_view: "Head of finance operations".into(),
    }
}

store_story!(
    enrolling_twice_in_one_role_is_refused_with_a_message,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let p = person(&store, "P1", "Pat").await;
        enrol(&store, g, p, ParticipantRole::Mentee).await;
        let err = store
            .create_enrolment(g, p, ParticipantRole::Mentee, NOW)
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict { field, message } => {
                assert_eq!(field, "role");
                assert!(message.contains("already enrolled as mentee"), "{message}");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        // The other role in the same programme is a different enrolment.
        let mentor = store
            .create_enrolment(g, p, ParticipantRole::Mentor, NOW)
            .await
            .unwrap();
        assert_eq!(
            store.get_enrolment(mentor).await.unwrap().status,
            EnrolmentStatus::Applied
        );
    }
);

store_story!(
    a_declined_applicant_is_told_why,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let admin = person(&store, "A1", "Ada Admin").await;
        let p = person(&store, "P1", "Pat").await;
        let e = enrol(&store, g, p, ParticipantRole::Mentor).await;
        let err = store
            .decide_mentor_application(e, false, "  ", admin, NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("give a reason"), "{err}");
        assert_eq!(
            store.get_enrolment(e).await.unwrap().status,
            EnrolmentStatus::Applied,
            "nothing changed"
        );

        let status = store
            .decide_mentor_application(e, false, "More coaching experience first", admin, NOW)
            .await
            .unwrap();
        assert_eq!(status, EnrolmentStatus::Declined);
        let listed = store
            .list_enrolments(g, Some(ParticipantRole::Mentor), None)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, "Pat");
        assert_eq!(
            listed[0].enrolment.decision_reason.as_deref(),
            Some("More coaching experience first")
        );
        assert_eq!(
            (listed[0].decided_by, listed[0].decided_at),
            (Some(admin), Some(NOW))
        );
        let mine = store.list_enrolments_of_person(p).await.unwrap();
        assert_eq!(mine[0].programme_name, "Leadership 2027");
    }
);

store_story!(
    enrolments_filter_by_role_and_status,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let admin = person(&store, "A1", "Ada Admin").await;
        let (m1, m2, e1) = (
            person(&store, "M1", "Maya").await,
            person(&store, "M2", "Milo").await,
            person(&store, "E1", "Eli").await,
        );
        let a = enrol(&store, g, m1, ParticipantRole::Mentor).await;
        enrol(&store, g, m2, ParticipantRole::Mentor).await;
        let mentee = enrol(&store, g, e1, ParticipantRole::Mentee).await;
        store
            .decide_mentor_application(a, true, "", admin, NOW)
            .await
            .unwrap();
        let approved = store
            .list_enrolments(
                g,
                Some(ParticipantRole::Mentor),
                Some(EnrolmentStatus::Approved),
            )
            .await
            .unwrap();
        assert_eq!(
            approved.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["Maya"]
        );
        assert_eq!(store.list_enrolments(g, None, None).await.unwrap().len(), 3);
        store.withdraw_enrolment(mentee, NOW).await.unwrap();
        let withdrawn = store
            .list_enrolments(g, None, Some(EnrolmentStatus::Withdrawn))
            .await
            .unwrap();
        assert_eq!(withdrawn[0].name, "Eli");
        assert!(
            store
                .decide_mentor_application(mentee, true, "", admin, NOW)
                .await
                .is_err(),
            "mentees are not decided"
        );
    }
);

store_story!(stale_profile_edit_is_refused, |store: Store| async move {
    let g = programme(&store, "Leadership 2027").await;
    let p = person(&store, "M1", "Maya").await;
    let e = enrol(&store, g, p, ParticipantRole::Mentor).await;
    assert!(store.get_mentor_profile(e).await.unwrap().is_none());
    assert_eq!(
        store
            .save_mentor_profile(&profile(e), None, NOW)
            .await
            .unwrap(),
        1
    );
    assert!(
        matches!(
            store.save_mentor_profile(&profile(e), None, NOW).await,
            Err(StoreError::StaleVersion(_))
        ),
        "created twice"
    );

    let mut edited = profile(e);
    edited.capacity = 3;
    assert_eq!(
        store
            .save_mentor_profile(&edited, Some(1), NOW)
            .await
            .unwrap(),
        2
    );
    edited.bio = "An old copy".into();
    assert!(matches!(
        store.save_mentor_profile(&edited, Some(1), NOW).await,
        Err(StoreError::StaleVersion(_))
    ));
    let saved = store.get_mentor_profile(e).await.unwrap().unwrap();
    assert_eq!(
        (
            saved.value.capacity,
            saved.value.bio.as_str(),
            saved.version
        ),
        (3, "Twenty years in finance", 2)
    );
    assert_eq!(
        saved.value.meeting_modes,
        [MeetingMode::Video, MeetingMode::InPerson]
    );
    assert_eq!(store.list_mentor_profiles(g).await.unwrap().len(), 1);

    let mut bad = profile(e);
    bad.capacity = 0;
    assert!(store
        .save_mentor_profile(&bad, Some(2), NOW)
        .await
        .unwrap_err()
        .to_string()
        .starts_with("capacity"));
});

store_story!(
    assessments_and_self_assessments_are_kept,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let admin = person(&store, "A1", "Ada Admin").await;
        let m = enrol(
            &store,
            g,
            person(&store, "M1", "Maya").await,
            ParticipantRole::Mentor,
        )
        .await;
        let e = enrol(
            &store,
            g,
            person(&store, "E1", "Eli").await,
            ParticipantRole::Mentee,
        )
        .await;
        let a = MentorAssessment {
            enrolment_id: m,
            assessor_id: admin,
            expertise_score: 4,
            communication_score: 5,
            notes: "Strong".into(),
        };
        assert_eq!(
            store.save_mentor_assessment(&a, None, NOW).await.unwrap(),
            1
        );
        // A second "first" assessment (another admin at the same time) is stale.
        assert!(matches!(
            store.save_mentor_assessment(&a, None, NOW).await,
            Err(StoreError::StaleVersion("assessment"))
        ));
        let again = MentorAssessment {
            communication_score: 3,
            ..a.clone()
        };
        assert_eq!(
            store
                .save_mentor_assessment(&again, Some(1), NOW)
                .await
                .unwrap(),
            2
        );
        // An edit based on version 1 would overwrite version 2: refused.
        assert!(matches!(
            store.save_mentor_assessment(&a, Some(1), NOW).await,
            Err(StoreError::StaleVersion("assessment"))
        ));
        let saved = store.get_mentor_assessment(m).await.unwrap().unwrap();
        assert_eq!((saved.assessment, saved.version), (again, 2));

        assert_eq!(
            store
                .save_self_assessment(&self_assessment(e), None, NOW)
                .await
                .unwrap(),
            1
        );
        let mut edited = self_assessment(e);
        edited
            .focus_skills
            .push("Recognising and developing talent".into());
        assert_eq!(
            store
                .save_self_assessment(&edited, Some(1), NOW)
                .await
                .unwrap(),
            2
        );
        assert!(matches!(
            store.save_self_assessment(&edited, Some(1), NOW).await,
            Err(StoreError::StaleVersion(_))
        ));
        let stored = store.get_self_assessment(e).await.unwrap().unwrap();
        assert_eq!(stored.value, edited);
        assert_eq!(store.list_self_assessments(g).await.unwrap().len(), 1);
        store
            .set_mentee_enrolment_status(e, EnrolmentStatus::Approved, NOW)
            .await
            .unwrap();
        assert_eq!(
            store.get_enrolment(e).await.unwrap().status,
            EnrolmentStatus::Approved
        );
    }
);

store_story!(
    preferences_are_replaced_whole_and_stay_within_the_programme,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let other = programme(&store, "Elsewhere").await;
        let admin = person(&store, "A1", "Ada Admin").await;
        let mut mentors = Vec::new();
        for (i, name) in ["Maya", "Milo", "Mina"].iter().enumerate() {
            let p = person(&store, &format!("M{i}"), name).await;
            let e = enrol(&store, g, p, ParticipantRole::Mentor).await;
            store
                .decide_mentor_application(e, true, "", admin, NOW)
                .await
                .unwrap();
            mentors.push(e);
        }
        let eli = person(&store, "E1", "Eli").await;
        let mentee = enrol(&store, g, eli, ParticipantRole::Mentee).await;
        store
            .set_preferences(mentee, &[(mentors[0], 1), (mentors[1], 2)], NOW)
            .await
            .unwrap();
        store
            .set_preferences(mentee, &[(mentors[2], 1)], NOW)
            .await
            .unwrap();
        let mine = store.get_preferences(mentee).await.unwrap();
        assert_eq!(
            mine.iter()
                .map(|p| (p.mentor_enrolment, p.rank))
                .collect::<Vec<_>>(),
            [(mentors[2], 1)]
        );

        assert!(store
            .set_preferences(mentee, &[(mentors[0], 1), (mentors[0], 2)], NOW)
            .await
            .is_err());
        let stranger = enrol(&store, other, admin, ParticipantRole::Mentor).await;
        let err = store
            .set_preferences(mentee, &[(stranger, 1)], NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("approved mentors"), "{err}");
        assert_eq!(
            store.get_preferences(mentee).await.unwrap().len(),
            1,
            "a refused change keeps the old choices"
        );
        assert_eq!(store.list_programme_preferences(g).await.unwrap().len(), 1);
    }
);

store_story!(
    pins_forbids_and_runs_are_kept_for_the_admin,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let (m, e) = (
            person(&store, "M1", "Maya").await,
            person(&store, "E1", "Eli").await,
        );
        store
            .set_match_override(g, e, m, OverrideKind::Pin, NOW)
            .await
            .unwrap();
        store
            .set_match_override(g, e, m, OverrideKind::Forbid, NOW)
            .await
            .unwrap();
        let overrides = store.list_match_overrides(g).await.unwrap();
        assert_eq!(overrides.len(), 1);
        assert_eq!(overrides[0].kind, OverrideKind::Forbid);
        assert!(store.remove_match_override(g, e, m).await.unwrap());
        assert!(!store.remove_match_override(g, e, m).await.unwrap());

        assert!(store.latest_match_run(g).await.unwrap().is_none());
        store
            .save_match_run(g, Some(m), &serde_json::json!({"pairs": []}), NOW)
            .await
            .unwrap();
        let run = store
            .save_match_run(g, None, &serde_json::json!({"pairs": [[1, 2]]}), NOW)
            .await
            .unwrap();
        let latest = store.latest_match_run(g).await.unwrap().unwrap();
        assert_eq!(
            (latest.id, latest.result["pairs"][0][1].as_i64()),
            (run, Some(2))
        );
        assert!(store.mark_match_run_published(run, NOW).await.unwrap());
        assert!(
            !store.mark_match_run_published(run, NOW).await.unwrap(),
            "published once"
        );
        assert_eq!(
            store
                .latest_match_run(g)
                .await
                .unwrap()
                .unwrap()
                .published_at,
            Some(NOW)
        );
    }
);
