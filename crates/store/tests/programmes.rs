//! Programmes: setup, the admin's list with counts, and edits that must not
//! overwrite someone else's.

mod common;

use common::*;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::programme::{Cadence, Objective, ProgrammeStatus};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::{store_story, NewRelationship, Store, StoreError};

store_story!(
    a_programme_reads_back_as_it_was_set_up,
    |store: Store| async move {
        let mut value = programme_value("Finance leaders");
        value.objective = Objective::Custom("Grow women engineers into staff roles".into());
        value.checkins.days = vec![14, 45, 120];
        value.mentor_training_required = true;
        value.rules.min_level_gap = 3;
        let id = store.create_programme(&value, NOW).await.unwrap();
        let stored = store.get_programme(id).await.unwrap();
        assert_eq!(
            stored,
            mentorhub_domain::programme::Programme {
                id,
                version: 1,
                ..value
            }
        );
        assert!(matches!(
            store.get_programme(ProgrammeId(424242)).await,
            Err(StoreError::NotFound(_))
        ));
    }
);

store_story!(
    an_invalid_programme_is_refused_with_the_field,
    |store: Store| async move {
        let mut value = programme_value("Too short");
        value.agreement_defaults.duration_months = 2;
        let err = store.create_programme(&value, NOW).await.unwrap_err();
        assert!(err.to_string().starts_with("duration_months"), "{err}");
    }
);

store_story!(stale_programme_edit_is_refused, |store: Store| async move {
    let id = programme(&store, "Leadership 2027").await;
    let loaded_by_ann = store.get_programme(id).await.unwrap();
    let loaded_by_bob = loaded_by_ann.clone();

    let mut ann = loaded_by_ann;
    ann.agreement_defaults.cadence = Cadence::Weekly;
    assert_eq!(store.update_programme(&ann, NOW).await.unwrap(), 2);

    let mut bob = loaded_by_bob;
    bob.name = "Leadership 2028".into();
    assert!(matches!(
        store.update_programme(&bob, NOW).await,
        Err(StoreError::StaleVersion("programme"))
    ));
    let now = store.get_programme(id).await.unwrap();
    assert_eq!(
        (
            now.name.as_str(),
            now.agreement_defaults.cadence,
            now.version
        ),
        ("Leadership 2027", Cadence::Weekly, 2)
    );
});

store_story!(
    the_programme_list_counts_participants_and_open_relationships,
    |store: Store| async move {
        let id = programme(&store, "Leadership 2027").await;
        let other = programme(&store, "Graduate circle").await;
        let admin = person(&store, "A1", "Ada Admin").await;
        let approved = person(&store, "M1", "Maya").await;
        let applied = person(&store, "M2", "Milo").await;
        let mentee = person(&store, "E1", "Eli").await;
        let e = enrol(&store, id, approved, ParticipantRole::Mentor).await;
        store
            .decide_mentor_application(e, true, "", admin, NOW)
            .await
            .unwrap();
        enrol(&store, id, applied, ParticipantRole::Mentor).await;
        enrol(&store, id, mentee, ParticipantRole::Mentee).await;
        let new = NewRelationship {
            programme_id: id,
            mentor_id: approved,
            mentee_id: mentee,
            state: RelationshipState::Proposed,
            origin: Origin::Matched,
        };
        store
            .create_relationship(new, Actor::System, "", NOW)
            .await
            .unwrap();

        let list = store.list_programmes().await.unwrap();
        assert_eq!(list.len(), 2);
        let s = list.iter().find(|s| s.programme.id == id).unwrap();
        assert_eq!(
            (
                s.mentors_approved,
                s.mentors_applied,
                s.mentors_declined,
                s.mentees,
                s.open_relationships
            ),
            (1, 1, 0, 1, 1)
        );
        let o = list.iter().find(|s| s.programme.id == other).unwrap();
        assert_eq!(
            (o.mentors_approved, o.mentees, o.open_relationships),
            (0, 0, 0)
        );
    }
);

store_story!(a_programme_is_announced_once, |store: Store| async move {
    let id = programme(&store, "Leadership 2027").await;
    assert_eq!(store.programme_announced_at(id).await.unwrap(), None);
    assert!(store.mark_programme_announced(id, NOW).await.unwrap());
    assert!(
        !store
            .mark_programme_announced(id, Timestamp(NOW.0 + DAY))
            .await
            .unwrap(),
        "the second press sends nothing"
    );
    assert_eq!(store.programme_announced_at(id).await.unwrap(), Some(NOW));
    let mut closed = store.get_programme(id).await.unwrap();
    closed.status = ProgrammeStatus::Closed;
    store.update_programme(&closed, NOW).await.unwrap();
    assert_eq!(
        store.get_programme(id).await.unwrap().status,
        ProgrammeStatus::Closed
    );
});
