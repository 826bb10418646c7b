//! Backups taken while the product writes are consistent and restore whole.

use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::test_support::TestDb;
use mentorhub_store::Store;

fn person(i: usize) -> NewPerson {
    NewPerson {
        employee_id: format!("E{i:05}"),
        name: format!("Person {i}"),
        email: Email::parse(&format!("p{i}@example.org")).unwrap(),
        title: String::new(),
        manager_employee_id: None,
        location: "Leeds".into(),
        function: "Finance".into(),
        career_level: CareerLevel::new(5).unwrap(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_consistently() {
    let db = TestDb::sqlite().await;
    let store = db.store.clone();
    store
        .create_people(&(0..500).map(person).collect::<Vec<_>>(), Timestamp(1))
        .await
        .unwrap();

    // Writers keep adding people while the backup runs.
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 500..900 {
                store.create_person(&person(i), Timestamp(2)).await.unwrap();
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let dir = std::env::temp_dir().join(format!("mentorhub-backup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let backup = dir.join("backup.db");
    let _ = std::fs::remove_file(&backup);
    store.backup_to(&backup).await.unwrap();
    writer.await.unwrap();
    assert!(
        store.backup_to(&backup).await.is_err(),
        "an existing file is never overwritten"
    );

    let restored = Store::open_sqlite(&backup).await.unwrap();
    assert!(restored.integrity_problems().await.unwrap().is_empty());
    let n = restored.count_people(&Default::default()).await.unwrap();
    assert!(
        (500..=900).contains(&n),
        "a consistent point in time: {n} people"
    );
    // Every restored person is whole (no half-written rows).
    for p in restored
        .list_people(&mentorhub_store::PeopleFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
    {
        let i: usize = p.employee_id[1..].parse().unwrap();
        assert_eq!(p.email.as_str(), format!("p{i}@example.org"));
    }
    restored.migrate().await.unwrap();
    restored.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_backups_point_to_pg_dump() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let err = db
        .store
        .backup_to(std::path::Path::new("/tmp/never.db"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("pg_dump"));
    db.cleanup().await;
}
