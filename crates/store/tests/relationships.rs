//! Relationships: the state machine as stored, its history, and what matching
//! asks of it.

mod common;

use common::*;
use mentorhub_domain::person::NewPerson;
use mentorhub_domain::relationship::{
    Actor, Origin, RelationshipEvent as E, RelationshipState as S,
};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::DomainError;
use mentorhub_store::{store_story, NewRelationship, Store, StoreError};

fn at(days: i64) -> Timestamp {
    Timestamp(NOW.0 + days * DAY)
}

store_story!(one_open_relationship_per_pair, |store: Store| async move {
    let p = pair(&store).await;
    let again = NewRelationship {
        programme_id: p.programme,
        mentor_id: p.mentor,
        mentee_id: p.mentee,
        state: S::Proposed,
        origin: Origin::Requested,
    };
    let err = store
        .create_relationship(again, Actor::Person(p.mentee), "", NOW)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict { field, .. } if field == "mentor"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("already have an open relationship"),
        "{err}"
    );

    // Once the first one is closed, the two may start again.
    store
        .apply_relationship_event(
            p.relationship,
            E::Decline,
            Actor::Person(p.mentor),
            NOW,
            "no time this quarter",
            true,
            Some(1),
        )
        .await
        .unwrap();
    store
        .create_relationship(again, Actor::Person(p.mentee), "", NOW)
        .await
        .unwrap();

    let me = NewRelationship {
        mentee_id: p.mentor,
        ..again
    };
    let err = store
        .create_relationship(me, Actor::System, "", NOW)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("own mentor"), "{err}");
});

store_story!(
    a_relationship_life_is_recorded_with_who_when_and_why,
    |store: Store| async move {
        let p = pair(&store).await;
        let manager = person(&store, "B1", "Bea Boss").await;
        let steps = [
            (
                E::RequestManagerApproval,
                Actor::System,
                1,
                "mentor is in the management line",
            ),
            (E::ManagerApprove, Actor::Person(manager), 2, ""),
            (E::ConfirmAgreement, Actor::Person(p.mentee), 10, ""),
            (E::ReassessmentFalls, Actor::System, 270, ""),
            (
                E::Continue,
                Actor::Person(p.mentor),
                275,
                "another six months",
            ),
        ];
        let mut version = 1;
        for (event, actor, day, why) in steps {
            let (rel, t) = store
                .apply_relationship_event(
                    p.relationship,
                    event,
                    actor,
                    at(day),
                    why,
                    true,
                    Some(version),
                )
                .await
                .unwrap();
            version = rel.version;
            assert_eq!(t.event, event);
        }
        let rel = store.get_relationship(p.relationship).await.unwrap();
        assert_eq!(rel.state, S::Active);
        assert_eq!(
            (rel.introduced_at, rel.activated_at, rel.period_started_at),
            (Some(at(2)), Some(at(10)), Some(at(275)))
        );
        assert_eq!(rel.version, 6);

        let history = store
            .list_relationship_transitions(p.relationship)
            .await
            .unwrap();
        assert_eq!(history.len(), 6, "creation plus five events");
        assert_eq!(
            (history[0].from, history[0].to, history[0].event),
            (None, S::Proposed, None)
        );
        assert_eq!(history[0].reason, "published from the matching run");
        assert_eq!(
            (history[2].event, history[2].actor, history[2].at),
            (Some(E::ManagerApprove), Some(manager), at(2))
        );
        assert_eq!(
            (history[5].from, history[5].to, history[5].reason.as_str()),
            (Some(S::ReassessmentDue), S::Active, "another six months")
        );
        assert_eq!(history[1].actor, None, "the system acted");
    }
);

store_story!(
    an_illegal_event_is_refused_and_changes_nothing,
    |store: Store| async move {
        let p = pair(&store).await;
        let err = store
            .apply_relationship_event(
                p.relationship,
                E::ConfirmAgreement,
                Actor::Person(p.mentee),
                NOW,
                "",
                true,
                None,
            )
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            StoreError::Invalid(DomainError::IllegalTransition { .. })
        ));
        assert_eq!(
            err.to_string(),
            "cannot confirm the agreement of a relationship that is proposed"
        );
        let err = store
            .apply_relationship_event(
                p.relationship,
                E::EndEarly,
                Actor::Person(p.mentee),
                NOW,
                " ",
                true,
                None,
            )
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("reason:"), "{err}");
        let rel = store.get_relationship(p.relationship).await.unwrap();
        assert_eq!((rel.state, rel.version), (S::Proposed, 1));
        assert_eq!(
            store
                .list_relationship_transitions(p.relationship)
                .await
                .unwrap()
                .len(),
            1
        );
    }
);

store_story!(
    stale_relationship_change_is_refused,
    |store: Store| async move {
        let p = pair(&store).await;
        store
            .apply_relationship_event(
                p.relationship,
                E::Introduce,
                Actor::System,
                NOW,
                "",
                true,
                Some(1),
            )
            .await
            .unwrap();
        let err = store
            .apply_relationship_event(
                p.relationship,
                E::EndEarly,
                Actor::Person(p.mentee),
                NOW,
                "moving abroad",
                false,
                Some(1),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion("relationship")));
        assert_eq!(
            store.get_relationship(p.relationship).await.unwrap().state,
            S::Introduced
        );
    }
);

store_story!(
    two_people_ending_at_once_record_one_ending,
    |store: Store| async move {
        let p = pair(&store).await;
        store
            .apply_relationship_event(
                p.relationship,
                E::Introduce,
                Actor::System,
                NOW,
                "",
                true,
                None,
            )
            .await
            .unwrap();
        let (a, b) = (store.clone(), store.clone());
        let r = p.relationship;
        let mentor = tokio::spawn(async move {
            a.apply_relationship_event(
                r,
                E::EndEarly,
                Actor::Person(p.mentor),
                NOW,
                "new role",
                true,
                Some(2),
            )
            .await
        });
        let mentee = tokio::spawn(async move {
            b.apply_relationship_event(
                r,
                E::Decline,
                Actor::Person(p.mentee),
                NOW,
                "not now",
                false,
                Some(2),
            )
            .await
        });
        let results = [mentor.await.unwrap(), mentee.await.unwrap()];
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        assert!(results
            .iter()
            .any(|r| matches!(r, Err(StoreError::StaleVersion(_)))));
        let history = store.list_relationship_transitions(r).await.unwrap();
        assert_eq!(history.len(), 3, "created, introduced, and one ending");
        let last = history.last().unwrap();
        assert!(last.to.is_closed());
        assert_eq!(
            last.reason_shared,
            last.to == S::EndedEarly,
            "a private reason stays marked private"
        );
    }
);

store_story!(
    lists_show_names_for_each_side_and_for_managers,
    |store: Store| async move {
        let g = programme(&store, "Leadership 2027").await;
        let people: Vec<NewPerson> = vec![
            new_person("B1", "Bea Boss", None, 12),
            new_person("E1", "Eli Mentee", Some("B1"), 4),
            new_person("M1", "Maya Mentor", None, 10),
            new_person("M2", "Milo Mentor", None, 10),
        ];
        let ids = store.create_people(&people, NOW).await.unwrap();
        let (boss, eli, maya, milo) = (ids[0], ids[1], ids[2], ids[3]);
        let new = |mentor| NewRelationship {
            programme_id: g,
            mentor_id: mentor,
            mentee_id: eli,
            state: S::Active,
            origin: Origin::Matched,
        };
        let first = store
            .create_relationship(new(maya), Actor::System, "", NOW)
            .await
            .unwrap();
        store
            .apply_relationship_event(
                first,
                E::EndEarly,
                Actor::Person(eli),
                at(1),
                "different goals",
                true,
                None,
            )
            .await
            .unwrap();
        let second = store
            .create_relationship(new(milo), Actor::System, "", at(2))
            .await
            .unwrap();

        let as_mentee = store.list_relationships_as_mentee(eli).await.unwrap();
        assert_eq!(
            as_mentee
                .iter()
                .map(|s| s.relationship.id)
                .collect::<Vec<_>>(),
            [second, first],
            "open first"
        );
        assert_eq!(
            (
                as_mentee[0].mentor_name.as_str(),
                as_mentee[0].programme_name.as_str()
            ),
            ("Milo Mentor", "Leadership 2027")
        );
        let created_active = &as_mentee[0].relationship;
        assert_eq!(
            (created_active.introduced_at, created_active.activated_at),
            (Some(at(2)), Some(at(2)))
        );
        assert_eq!(
            store.list_relationships_as_mentor(maya).await.unwrap()[0].mentee_name,
            "Eli Mentee"
        );
        assert_eq!(
            store
                .list_relationships_of_reports(boss)
                .await
                .unwrap()
                .len(),
            2
        );
        assert!(store
            .list_relationships_of_reports(maya)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            store.list_programme_relationships(g).await.unwrap().len(),
            2
        );

        assert_eq!(store.count_open_mentees(milo).await.unwrap(), 1);
        assert_eq!(
            store.count_open_mentees(maya).await.unwrap(),
            0,
            "a closed relationship frees capacity"
        );
        let counts = store.open_mentee_counts().await.unwrap();
        assert_eq!((counts.get(&milo), counts.get(&maya)), (Some(&1), None));
    }
);

store_story!(
    a_pair_declared_dormant_is_remembered_for_matching,
    |store: Store| async move {
        let p = pair(&store).await;
        let eli_enrolment = enrol(
            &store,
            p.programme,
            p.mentee,
            mentorhub_domain::enrolment::ParticipantRole::Mentee,
        )
        .await;
        assert!(eli_enrolment.0 > 0);
        assert!(!store.pair_was_dormant(p.mentor, p.mentee).await.unwrap());
        store
            .apply_relationship_event(
                p.relationship,
                E::Introduce,
                Actor::System,
                NOW,
                "",
                true,
                None,
            )
            .await
            .unwrap();
        store
            .apply_relationship_event(
                p.relationship,
                E::DeclareDormant,
                Actor::System,
                at(90),
                "no contact in 90 days",
                true,
                None,
            )
            .await
            .unwrap();
        assert!(store.pair_was_dormant(p.mentor, p.mentee).await.unwrap());
        assert!(
            !store.pair_was_dormant(p.mentee, p.mentor).await.unwrap(),
            "the pair has a direction"
        );
        assert_eq!(
            store.dormant_pairs(p.programme).await.unwrap(),
            [(p.mentor, p.mentee)]
        );
        assert_eq!(
            store.count_open_mentees(p.mentor).await.unwrap(),
            0,
            "both are free to try again"
        );
    }
);

store_story!(contact_keeps_the_latest_date, |store: Store| async move {
    let p = pair(&store).await;
    store.record_contact(p.relationship, at(5)).await.unwrap();
    store.record_contact(p.relationship, at(3)).await.unwrap();
    assert_eq!(
        store
            .get_relationship_summary(p.relationship)
            .await
            .unwrap()
            .last_contact_at,
        Some(at(5))
    );
    assert!(matches!(
        store
            .record_contact(mentorhub_domain::RelationshipId(9999), NOW)
            .await,
        Err(StoreError::NotFound(_))
    ));
});
