//! The relationship pages' queries: the manager's support, reassessment choices
//! and a programme's check-in answers.

mod common;

use common::*;
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::closing::ReassessmentChoice;
use mentorhub_store::{store_story, Store, StoreError};

store_story!(
    the_managers_support_note_is_saved_trimmed_and_read_back,
    |store: Store| async move {
        let p = pair(&store).await;
        assert_eq!(
            store
                .get_manager_support_note(p.relationship)
                .await
                .unwrap(),
            ""
        );
        let saved = store
            .set_manager_support_note(p.relationship, "  An hour a fortnight, protected.  ")
            .await
            .unwrap();
        assert_eq!(saved, "An hour a fortnight, protected.");
        assert_eq!(
            store
                .get_manager_support_note(p.relationship)
                .await
                .unwrap(),
            "An hour a fortnight, protected."
        );
        let too_long = "x".repeat(2001);
        let err = store
            .set_manager_support_note(p.relationship, &too_long)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("note:"), "{err}");
        let missing = mentorhub_domain::RelationshipId(9_999);
        assert!(matches!(
            store.set_manager_support_note(missing, "x").await,
            Err(StoreError::NotFound("relationship"))
        ));
    }
);

store_story!(
    each_persons_reassessment_choice_is_kept_per_period,
    |store: Store| async move {
        let p = pair(&store).await;
        let first = store
            .record_reassessment_choice(
                p.relationship,
                p.mentor,
                NOW,
                ReassessmentChoice::Complete,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(first, vec![(p.mentor, ReassessmentChoice::Complete)]);
        // A change of mind replaces the choice instead of adding one.
        store
            .record_reassessment_choice(
                p.relationship,
                p.mentor,
                NOW,
                ReassessmentChoice::Continue,
                NOW,
            )
            .await
            .unwrap();
        let both = store
            .record_reassessment_choice(
                p.relationship,
                p.mentee,
                NOW,
                ReassessmentChoice::Continue,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(both.len(), 2);
        assert!(both.contains(&(p.mentor, ReassessmentChoice::Continue)));
        // A new period starts with no choices.
        let later = mentorhub_domain::time_util::Timestamp(NOW.0 + 200 * DAY);
        assert!(store
            .list_reassessment_choices(p.relationship, later)
            .await
            .unwrap()
            .is_empty());
    }
);

store_story!(
    a_programmes_checkins_list_both_peoples_answers_by_relationship,
    |store: Store| async move {
        let p = pair(&store).await;
        let due = mentorhub_domain::time_util::Timestamp(NOW.0 + 30 * DAY);
        assert_eq!(
            store
                .create_due_checkins(p.relationship, 30, due)
                .await
                .unwrap(),
            2
        );
        let mine = store.list_checkins_of_person(p.mentee, true).await.unwrap();
        let answer = CheckInAnswer::new(true, 4, "more time on strategy", due).unwrap();
        store
            .answer_checkin(mine[0].id, p.mentee, &answer)
            .await
            .unwrap();
        let other = programme(&store, "Another programme").await;
        assert!(store
            .list_programme_checkins(other)
            .await
            .unwrap()
            .is_empty());
        let rows = store.list_programme_checkins(p.programme).await.unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].role, rows[0].person_name.as_str()),
            ("mentor", "Maya Mentor")
        );
        assert!(rows[0].checkin.answer.is_none());
        assert_eq!(rows[1].role, "mentee");
        assert_eq!(rows[1].mentee_name, "Eli Mentee");
        let a = rows[1].checkin.answer.as_ref().unwrap();
        assert_eq!(
            (a.in_regular_contact, a.working, a.what_would_help.as_str()),
            (true, 4, "more time on strategy")
        );
    }
);
