//! The change counts the directory's pool and the health figures are cached
//! against: they move with every committed write to what those read, not with
//! a rolled-back one, and concurrent writers neither deadlock on them nor lose
//! a count (on PostgreSQL they are striped and bumped at commit).

mod common;

use common::*;
use mentorhub_domain::PersonId;
use mentorhub_store::{store_story, Backend, Store};

async fn counts(store: &Store, programme: mentorhub_domain::ProgrammeId) -> (i64, i64) {
    let directory = store.pool_fingerprint(programme).await.unwrap()[1];
    let health = store.health_fingerprint().await.unwrap();
    (directory, health)
}

async fn touch(store: &Store, a: PersonId, b: PersonId) {
    // Two rows in one transaction, the lower id first (so the writes
    // themselves cannot deadlock; only a badly placed counter could).
    let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
    let mut tx = store.begin().await.unwrap();
    for p in [first, second] {
        sqlx::query("UPDATE people SET version = version + 1 WHERE id = $1")
            .bind(p.0)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

store_story!(
    counts_move_with_committed_writes_only,
    |store: Store| async move {
        let pair = pair(&store).await;
        let p = pair.programme;
        let start = counts(&store, p).await;

        person(&store, "E7", "Ada Lane").await;
        let after_person = counts(&store, p).await;
        assert!(
            after_person.0 > start.0,
            "a new person changes the directory"
        );
        assert!(after_person.1 > start.1, "and the health figures");

        let mut tx = store.begin().await.unwrap();
        sqlx::query("UPDATE people SET version = version + 1")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(
            counts(&store, p).await,
            after_person,
            "a rolled-back write counts nothing"
        );

        // Goals feed the health figures, not the directory.
        let before_goal = counts(&store, p).await;
        store
            .create_goal(
                pair.relationship,
                mentorhub_domain::goal::GoalInput {
                    title: "Lead the budget round".into(),
                    description: String::new(),
                    progress: 0,
                    status: mentorhub_domain::goal::GoalStatus::InProgress,
                    shared_with_manager: false,
                },
                NOW,
            )
            .await
            .unwrap();
        let after_goal = counts(&store, p).await;
        assert_eq!(
            after_goal.0, before_goal.0,
            "a goal is not in the directory"
        );
        assert!(
            after_goal.1 > before_goal.1,
            "a goal is in the health figures"
        );
    }
);

store_story!(
    concurrent_writers_neither_deadlock_nor_lose_a_count,
    |store: Store| async move {
        let p = programme(&store, "Finance leaders").await;
        let mut people = Vec::new();
        for i in 0..12 {
            people.push(person(&store, &format!("E{i}"), &format!("Person {i}")).await);
        }
        let start = counts(&store, p).await;
        const WRITERS: usize = 8;
        const ROUNDS: usize = 40;
        let mut tasks = Vec::new();
        for w in 0..WRITERS {
            let store = store.clone();
            let people = people.clone();
            tasks.push(tokio::spawn(async move {
                for r in 0..ROUNDS {
                    let a = people[(w * 7 + r * 5) % people.len()];
                    let b = people[(w * 3 + r * 11 + 1) % people.len()];
                    if a != b {
                        touch(&store, a, b).await;
                    } else {
                        touch(&store, a, people[(r + 2) % people.len()]).await;
                    }
                }
            }));
        }
        for t in tasks {
            t.await.expect("every transaction commits");
        }
        let end = counts(&store, p).await;
        let transactions = (WRITERS * ROUNDS) as i64;
        match store.backend() {
            // Bumped once per transaction, whatever it wrote.
            Backend::Postgres => {
                assert_eq!(end.0 - start.0, transactions);
                assert_eq!(end.1 - start.1, transactions);
            }
            // A trigger per row: two rows a transaction.
            Backend::Sqlite => {
                assert_eq!(end.0 - start.0, 2 * transactions);
                assert_eq!(end.1 - start.1, 2 * transactions);
            }
        }
    }
);
