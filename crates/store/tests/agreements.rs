//! The mentoring agreement and the mentee's goals.

mod common;

use common::*;
use mentorhub_domain::agreement::{default_confidentiality, Confirmation};
use mentorhub_domain::goal::{GoalInput, GoalStatus};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_store::{store_story, Store, StoreError};

store_story!(
    an_agreement_starts_from_the_programme_defaults,
    |store: Store| async move {
        let p = pair(&store).await;
        assert!(store.get_agreement(p.relationship).await.unwrap().is_none());
        let a = store
            .create_agreement(p.relationship, None, Some(p.mentee), NOW)
            .await
            .unwrap();
        assert_eq!(
            (a.terms.cadence, a.terms.mode, a.terms.duration_months),
            (Cadence::Fortnightly, MeetingMode::Mixed, 9)
        );
        assert_eq!(a.terms.confidentiality, default_confidentiality());
        assert!(!a.mentor_confirmed && !a.mentee_confirmed);
        // Creating again returns the one that exists.
        let again = store
            .create_agreement(p.relationship, None, None, NOW)
            .await
            .unwrap();
        assert_eq!(again, a);
    }
);

store_story!(
    both_must_confirm_the_text_they_saw,
    |store: Store| async move {
        let p = pair(&store).await;
        let a = store
            .create_agreement(p.relationship, None, None, NOW)
            .await
            .unwrap();
        assert_eq!(
            store
                .confirm_agreement(p.relationship, p.mentor, a.version, NOW)
                .await
                .unwrap(),
            Confirmation::Waiting
        );
        let outsider = person(&store, "X1", "Xavi").await;
        assert!(store
            .confirm_agreement(p.relationship, outsider, a.version, NOW)
            .await
            .is_err());
        // The mentee's page was loaded before the mentor confirmed: still valid.
        assert_eq!(
            store
                .confirm_agreement(p.relationship, p.mentee, a.version, NOW)
                .await
                .unwrap(),
            Confirmation::Agreed
        );
        let stored = store.get_agreement(p.relationship).await.unwrap().unwrap();
        assert!(stored.mentor_confirmed && stored.mentee_confirmed);
    }
);

store_story!(stale_agreement_edit_is_refused, |store: Store| async move {
    let p = pair(&store).await;
    let loaded = store
        .create_agreement(p.relationship, None, None, NOW)
        .await
        .unwrap();
    store
        .confirm_agreement(p.relationship, p.mentor, loaded.version, NOW)
        .await
        .unwrap();

    let mut weekly = loaded.terms.clone();
    weekly.cadence = Cadence::Weekly;
    let edited = store
        .update_agreement_terms(p.relationship, weekly, p.mentee, loaded.version, NOW)
        .await
        .unwrap();
    assert_eq!(edited.version, loaded.version + 1);
    assert!(
        !edited.mentor_confirmed,
        "an edit withdraws the mentor's confirmation"
    );

    let mut monthly = loaded.terms.clone();
    monthly.cadence = Cadence::Monthly;
    let err = store
        .update_agreement_terms(p.relationship, monthly, p.mentor, loaded.version, NOW)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::StaleVersion("agreement")));
    assert_eq!(
        err.to_string(),
        "agreement was changed by someone else since you loaded it"
    );
    // Confirming the old text is refused too: nobody is held to text they did not see.
    assert!(matches!(
        store
            .confirm_agreement(p.relationship, p.mentee, loaded.version, NOW)
            .await,
        Err(StoreError::StaleVersion(_))
    ));
    assert_eq!(
        store
            .get_agreement(p.relationship)
            .await
            .unwrap()
            .unwrap()
            .terms
            .cadence,
        Cadence::Weekly
    );

    let mut too_short = edited.terms.clone();
    too_short.duration_months = 3;
    let err = store
        .update_agreement_terms(p.relationship, too_short, p.mentor, edited.version, NOW)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("duration_months"), "{err}");
});

fn goal(title: &str, progress: i64, status: GoalStatus, shared: bool) -> GoalInput {
    GoalInput {
        title: title.into(),
        description: String::new(),
        progress,
        status,
        shared_with_manager: shared,
    }
}

store_story!(
    goals_keep_progress_and_refuse_stale_edits,
    |store: Store| async move {
        let p = pair(&store).await;
        let g = store
            .create_goal(
                p.relationship,
                goal(
                    "Chair the quarterly review",
                    10,
                    GoalStatus::NotStarted,
                    false,
                ),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            (g.status, g.version),
            (GoalStatus::InProgress, 1),
            "progress starts a goal"
        );
        store
            .create_goal(
                p.relationship,
                goal("Delegate the budget", 0, GoalStatus::NotStarted, true),
                NOW,
            )
            .await
            .unwrap();

        let done = store
            .update_goal(
                g.id,
                goal("Chair the quarterly review", 60, GoalStatus::Achieved, true),
                1,
                NOW,
            )
            .await
            .unwrap();
        assert_eq!((done.progress, done.version), (100, 2));
        let err = store
            .update_goal(
                g.id,
                goal("Old copy", 20, GoalStatus::InProgress, false),
                1,
                NOW,
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion("goal")));
        assert!(store
            .create_goal(
                p.relationship,
                goal(" ", 0, GoalStatus::NotStarted, false),
                NOW
            )
            .await
            .unwrap_err()
            .to_string()
            .starts_with("title"));

        let goals = store.list_goals(p.relationship).await.unwrap();
        assert_eq!(
            goals.iter().map(|g| g.title.as_str()).collect::<Vec<_>>(),
            ["Chair the quarterly review", "Delegate the budget"]
        );
        assert_eq!(goals.iter().filter(|g| g.shared_with_manager).count(), 2);
        store.delete_goal(g.id).await.unwrap();
        assert!(matches!(
            store.delete_goal(g.id).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.list_goals(p.relationship).await.unwrap().len(), 1);
    }
);
