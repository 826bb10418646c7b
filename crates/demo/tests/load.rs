//! Loading the demo into SQLite and PostgreSQL: what the database holds afterwards
//! is what the summary says, and a second start leaves it alone.

mod common;

use common::{org, TODAY};
use mentorhub_demo::{load, load_if_empty, DemoSummary, DEMO_ACCOUNTS};
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_store::{store_story, RowExt, Store};

async fn count(store: &Store, sql: &str) -> usize {
    let row = sqlx::query(sql).fetch_one(store.reader()).await.expect(sql);
    row.int("n").expect("count") as usize
}

async fn assert_database_matches(store: &Store, s: &DemoSummary) {
    let checks: Vec<(&str, usize)> = vec![
        ("SELECT COUNT(*) AS n FROM people", s.people),
        ("SELECT COUNT(DISTINCT manager_id) AS n FROM people WHERE manager_id IS NOT NULL", s.managers),
        ("SELECT COUNT(*) AS n FROM programmes", s.programmes),
        ("SELECT COUNT(*) AS n FROM enrolments WHERE role = 'mentor' AND status = 'approved'", s.mentors_approved),
        ("SELECT COUNT(*) AS n FROM enrolments WHERE role = 'mentor' AND status = 'applied'", s.mentor_applications_pending),
        ("SELECT COUNT(*) AS n FROM enrolments WHERE role = 'mentor' AND status = 'declined' AND decision_reason IS NOT NULL", s.mentor_applications_declined),
        ("SELECT COUNT(*) AS n FROM mentor_assessments", s.mentor_assessments),
        ("SELECT COUNT(*) AS n FROM mentor_profiles", s.mentors_approved + s.mentor_applications_pending + s.mentor_applications_declined),
        ("SELECT COUNT(*) AS n FROM enrolments WHERE role = 'mentee' AND status = 'approved'", s.mentees),
        ("SELECT COUNT(*) AS n FROM self_assessments", s.self_assessments),
        ("SELECT COUNT(*) AS n FROM preferences", s.preferences),
        ("SELECT COUNT(*) AS n FROM relationships", s.relationships),
        ("SELECT COUNT(*) AS n FROM relationship_transitions", s.transitions),
        ("SELECT COUNT(*) AS n FROM agreements", s.agreements),
        ("SELECT COUNT(*) AS n FROM goals", s.goals),
        ("SELECT COUNT(*) AS n FROM meetings", s.meetings),
        ("SELECT COUNT(*) AS n FROM meeting_notes", s.meeting_notes),
        ("SELECT COUNT(*) AS n FROM checkins", s.checkins),
        ("SELECT COUNT(*) AS n FROM checkins WHERE answered_at IS NOT NULL", s.checkins_answered),
        ("SELECT COUNT(*) AS n FROM reflections", s.reflections),
        ("SELECT COUNT(*) AS n FROM resources", s.resources),
        ("SELECT COUNT(*) AS n FROM resource_completions", s.resource_completions),
        ("SELECT COUNT(*) AS n FROM shortlist_entries", s.shortlist_entries),
        ("SELECT COUNT(*) AS n FROM offers", s.offers),
        ("SELECT COUNT(*) AS n FROM accounts WHERE password_hash IS NOT NULL", s.accounts),
    ];
    for (sql, expected) in checks {
        assert_eq!(count(store, sql).await, expected, "{sql}");
    }
    for state in RelationshipState::ALL {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM relationships WHERE state = '{}'",
            state.as_str()
        );
        assert_eq!(count(store, &sql).await, s.in_state(state), "{sql}");
    }
}

store_story!(
    the_demo_loads_and_the_database_matches_its_summary,
    |store: Store| async move {
        let org = org();
        let started = std::time::Instant::now();
        let summary = load(&store, &org, "argon2-hash-for-tests")
            .await
            .expect("demo loads");
        eprintln!(
            "loaded on {} in {:?}: {summary}",
            store.backend().as_str(),
            started.elapsed()
        );
        assert_eq!(summary, org.summary());
        assert_database_matches(&store, &summary).await;

        // The four demo sign-ins exist, with the password, and only the admin is an admin.
        for (email, _) in DEMO_ACCOUNTS {
            let account = store
                .find_account_by_email(email)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{email} has an account"));
            assert_eq!(
                account.password_hash.as_deref(),
                Some("argon2-hash-for-tests")
            );
            assert_eq!(account.is_admin, email.starts_with("admin@"), "{email}");
        }

        // The demo mentee sees an active relationship with the demo mentor, with goals,
        // meetings and a check-in still to answer.
        let mentee = store
            .find_account_by_email("mentee@demo.mentorhub.test")
            .await
            .unwrap()
            .unwrap()
            .person_id;
        let mentor = store
            .find_account_by_email("mentor@demo.mentorhub.test")
            .await
            .unwrap()
            .unwrap()
            .person_id;
        let manager = store
            .find_account_by_email("manager@demo.mentorhub.test")
            .await
            .unwrap()
            .unwrap()
            .person_id;
        let rels = store.list_relationships_as_mentee(mentee).await.unwrap();
        let active = rels
            .iter()
            .find(|r| r.relationship.state == RelationshipState::Active)
            .expect("an active relationship");
        assert_eq!(active.relationship.mentor_id, mentor);
        assert!(active.last_contact_at.is_some());
        assert!(!store
            .list_goals(active.relationship.id)
            .await
            .unwrap()
            .is_empty());
        assert!(
            store
                .list_meetings(active.relationship.id)
                .await
                .unwrap()
                .len()
                >= 5
        );
        assert!(!store
            .list_checkins_of_person(mentee, true)
            .await
            .unwrap()
            .is_empty());
        assert!(store
            .get_agreement(active.relationship.id)
            .await
            .unwrap()
            .is_some_and(|a| a.mentor_confirmed && a.mentee_confirmed));
        let history = store
            .list_relationship_transitions(active.relationship.id)
            .await
            .unwrap();
        assert_eq!(
            history.last().map(|t| t.to),
            Some(RelationshipState::Active)
        );

        // The mentor has one or two other mentees; the manager has a report awaiting approval.
        let mentoring = store.list_relationships_as_mentor(mentor).await.unwrap();
        assert!((2..=3).contains(
            &mentoring
                .iter()
                .filter(|r| r.relationship.state.is_open())
                .count()
        ));
        let reports = store.list_relationships_of_reports(manager).await.unwrap();
        assert!(reports
            .iter()
            .any(|r| r.relationship.state == RelationshipState::AwaitingManagerApproval));
        assert!(store.direct_reports(manager).await.unwrap().len() >= 5);

        // Starting again with the demo flag finds people and leaves everything alone.
        assert_eq!(
            load_if_empty(&store, TODAY, "other-hash").await.unwrap(),
            None
        );
        assert_database_matches(&store, &summary).await;
    }
);

store_story!(
    an_empty_database_gets_the_demo_once,
    |store: Store| async move {
        let first = load_if_empty(&store, TODAY, "h")
            .await
            .unwrap()
            .expect("an empty database gets the demo");
        assert!(first.people >= 300);
        assert_eq!(load_if_empty(&store, TODAY, "h").await.unwrap(), None);
        assert_database_matches(&store, &first).await;
    }
);
