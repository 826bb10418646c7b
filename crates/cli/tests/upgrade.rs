//! Upgrades: a database made by the first release's schema (only
//! `20261123000001_initial` applied) with people, a programme, an active
//! relationship, its agreement, a goal, a meeting, a shortlist entry, a resource
//! and an email in it is brought up to date by `mentorhub migrate`; everything
//! is still there, and the app serves and saves it. Every migration runs in a
//! transaction (none is marked `-- no-transaction`), and they only move forward.

mod support;

use mentorhub_domain::goal::{GoalInput, GoalStatus};
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    MeetingMode, Objective, Programme, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::{Backend, NewRelationship, Store};
use serde_json::{json, Value};
use sqlx::migrate::Migrator;
use sqlx::Row;
use std::borrow::Cow;
use std::path::PathBuf;
use support::*;

const FIRST: i64 = 20261123000001;

fn migrations_dir(backend: Backend) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../store/migrations")
        .join(backend.as_str())
}

/// An empty database of `backend` that nothing has migrated yet, and how to
/// remove it.
async fn empty_database(
    backend: Backend,
    dir: &std::path::Path,
) -> Option<(String, Option<String>)> {
    match backend {
        Backend::Sqlite => Some((
            format!("sqlite://{}?mode=rwc", dir.join("mentorhub.db").display()),
            None,
        )),
        Backend::Postgres => {
            let Some(admin_url) = mentorhub_store::test_support::postgres_url() else {
                if mentorhub_store::test_support::postgres_required() {
                    panic!("MENTORHUB_REQUIRE_POSTGRES is set but MENTORHUB_TEST_POSTGRES is not");
                }
                eprintln!(
                    "skipped: PostgreSQL upgrade test (set MENTORHUB_TEST_POSTGRES to run it)"
                );
                return None;
            };
            let name = format!("mentorhub_upgrade_{}", std::process::id());
            let admin = Store::connect(&admin_url).await.expect("postgres");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(admin.writer())
                .await
                .unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin.writer())
                .await
                .unwrap();
            admin.close().await;
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("postgres URL with a database");
            Some((format!("{base}/{name}"), Some(name)))
        }
    }
}

async fn drop_database(name: Option<String>) {
    if let (Some(name), Some(admin_url)) = (name, mentorhub_store::test_support::postgres_url()) {
        let admin = Store::connect(&admin_url).await.expect("postgres");
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(admin.writer())
            .await;
        admin.close().await;
    }
}

fn programme_value() -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: "Finance Leaders 2026".into(),
        description: "Grow leaders in finance".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec!["Finance".into()],
        mode: ProgrammeMode::Hybrid,
        formality: Formality::Formal,
        status: ProgrammeStatus::Open,
        target_pool: TargetPool::default(),
        weights: CriteriaWeights::default(),
        rules: HardRules::default(),
        agreement_defaults: AgreementDefaults::formal(),
        checkins: CheckInSchedule::default(),
        dormancy: DormancyRule::default(),
        mentor_training_required: false,
        mentee_training_required: false,
        version: 0,
    }
}

fn new_person(id: &str, name: &str) -> NewPerson {
    NewPerson {
        employee_id: id.into(),
        name: name.into(),
        email: Email::parse(&format!("{}@example.org", id.to_lowercase())).unwrap(),
        title: "Finance lead".into(),
        manager_employee_id: None,
        location: "Leeds".into(),
        function: "Finance".into(),
        career_level: CareerLevel::new(5).unwrap(),
    }
}

fn now() -> Timestamp {
    Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

async fn upgrade(backend: Backend) {
    let dir = std::env::temp_dir().join(format!(
        "mentorhub-upgrade-{}-{}",
        backend.as_str(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let Some((url, pg_name)) = empty_database(backend, &dir).await else {
        return;
    };

    // Every migration is transactional and they are in order.
    let all = Migrator::new(migrations_dir(backend))
        .await
        .expect("migrations");
    assert!(all.migrations.len() > 1);
    assert_eq!(all.migrations[0].version, FIRST);
    for m in all.migrations.iter() {
        assert!(
            !m.no_tx,
            "migration {} must run in a transaction",
            m.version
        );
    }

    // The first release's schema, and data written by the store into it.
    let store = Store::connect(&url).await.unwrap();
    let mut first = Migrator::new(migrations_dir(backend)).await.unwrap();
    first.migrations = Cow::Owned(first.migrations[..1].to_vec());
    first.run(store.writer()).await.expect("first migration");
    let t = now();
    let prog = store.create_programme(&programme_value(), t).await.unwrap();
    let mentor = store
        .create_person(&new_person("M1", "Ada Mentor"), t)
        .await
        .unwrap();
    let mentee = store
        .create_person(&new_person("E1", "Eve Mentee"), t)
        .await
        .unwrap();
    let hash = mentorhub_server::auth::password::hash_password("an old password 123".into())
        .await
        .unwrap();
    store
        .create_admin(
            &Email::parse("e1@example.org").unwrap(),
            "Eve Mentee",
            &hash,
            t,
        )
        .await
        .unwrap();
    let rel = store
        .create_relationship(
            NewRelationship {
                programme_id: prog,
                mentor_id: mentor,
                mentee_id: mentee,
                state: RelationshipState::Active,
                origin: Origin::Matched,
            },
            Actor::System,
            "published from the matching run",
            t,
        )
        .await
        .unwrap();
    store
        .create_agreement(rel, None, Some(mentee), t)
        .await
        .unwrap();
    let goal = store
        .create_goal(
            rel,
            GoalInput {
                title: "Lead the quarterly review".into(),
                description: "From the first release".into(),
                progress: 20,
                status: GoalStatus::InProgress,
                shared_with_manager: false,
            },
            t,
        )
        .await
        .unwrap();
    store
        .create_meeting(
            rel,
            MeetingInput {
                starts_at: t.plus_days(7),
                duration_minutes: 60,
                mode: MeetingMode::Video,
                status: MeetingStatus::Scheduled,
                agenda: "Agenda from the first release".into(),
                next_meeting_at: None,
                question_for_next: String::new(),
            },
            mentee,
            t,
        )
        .await
        .unwrap();
    // Tables later migrations change, written with the first schema's columns.
    sqlx::query("INSERT INTO shortlist_entries (mentee_id, candidate_id, position, notes, created_at, updated_at) VALUES ($1, $2, 1, 'met at the offsite', $3, $3)")
        .bind(mentee.0).bind(mentor.0).bind(t.0)
        .execute(store.writer()).await.unwrap();
    sqlx::query("INSERT INTO resources (title, kind, audience, body, created_at) VALUES ('Old guide', 'guide', 'all', 'Read me', $1)")
        .bind(t.0)
        .execute(store.writer()).await.unwrap();
    store.close().await;

    // The new release migrates it (twice: the second run changes nothing).
    for _ in 0..2 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mentorhub"))
            .args(["migrate", "--database-url", &url, "--data-dir"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "migrate failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::connect(&url).await.unwrap();
    let applied: Vec<i64> =
        sqlx::query("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(store.reader())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<i64, _>(0))
            .collect();
    let expected: Vec<i64> = all.migrations.iter().map(|m| m.version).collect();
    assert_eq!(applied, expected, "every migration applied once, in order");
    let row = sqlx::query("SELECT notes, ask_looking_for, relationship_id FROM shortlist_entries")
        .fetch_one(store.reader())
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>(0), "met at the offsite");
    assert_eq!(row.get::<String, _>(1), "", "new column, default value");
    assert_eq!(row.get::<Option<i64>, _>(2), None);
    let title: String = sqlx::query("SELECT title FROM resources WHERE seed_key IS NULL")
        .fetch_one(store.reader())
        .await
        .unwrap()
        .get(0);
    assert_eq!(title, "Old guide");
    assert!(store.integrity_problems().await.unwrap().is_empty());
    store.close().await;

    // The app serves the old data and saves changes to it.
    let db = Database::existing(backend, &url, &dir);
    let server = Server::start(&db, free_port(), &ServeOptions::default()).await;
    let c = signed_in(&server.base, "e1@example.org", "an old password 123").await;
    let list: Value = c
        .get(server.url("/api/v1/relationships"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["as_mentee"][0]["id"], rel.0, "{list}");
    assert_eq!(list["as_mentee"][0]["partner_name"], "Ada Mentor");
    let goals: Value = c
        .get(server.url(&format!("/api/v1/relationships/{}/goals", rel.0)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(goals[0]["title"], "Lead the quarterly review");
    let meetings: Value = c
        .get(server.url(&format!("/api/v1/relationships/{}/meetings", rel.0)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(meetings[0]["agenda"], "Agenda from the first release");
    let r = c
        .put(server.url(&format!("/api/v1/relationships/{}/goals/{}", rel.0, goal.id.0)))
        .header("If-Match", format!("\"{}\"", goal.version))
        .json(&json!({"title": "Lead the quarterly review", "description": "Updated after the upgrade",
                      "progress": 60, "status": "in_progress", "shared_with_manager": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = c
        .get(server.url(&format!("/relationships/{}", rel.0)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Lead the quarterly review"));
    drop(server);
    drop_database(pg_name).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_release_sqlite_database_is_migrated_with_its_data() {
    upgrade(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_release_postgres_database_is_migrated_with_its_data() {
    upgrade(Backend::Postgres).await;
}
