//! What the mail stories share: a fresh database of each kind, a clock the test
//! moves, people and relationships made with the store's API, runners pointed
//! at an SMTP sink or a folder.
#![allow(dead_code)]

pub mod email;
pub mod smtp_sink;

use mentorhub_domain::person::{CareerLevel, Email as Address, NewPerson};
use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    Objective, Programme, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use mentorhub_mail::{MailConfig, Mailer, TickReport};
use mentorhub_store::{NewRelationship, Store};
use mentorhub_web::clock::{Clock, ManualClock};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Day 0 of every story: 2026-11-23T12:00:00Z.
pub const DAY0: Timestamp = Timestamp(1_795_435_200_000);

pub fn day(n: i64) -> Timestamp {
    DAY0.plus_days(n)
}

/// A fresh, migrated database and its URL (for a second connection).
pub struct Db {
    pub store: Store,
    pub url: String,
}

/// Runs `$body(Db)` on SQLite and on PostgreSQL (skipped with a printed reason
/// when PostgreSQL is not configured and not required).
#[macro_export]
macro_rules! mail_story {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = mentorhub_store::test_support::TestDb::sqlite().await;
                let handle = $crate::common::Db {
                    store: db.store.clone(),
                    url: db.url.clone(),
                };
                ($body)(handle).await;
                db.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = mentorhub_store::test_support::TestDb::postgres().await else {
                    return;
                };
                let handle = $crate::common::Db {
                    store: db.store.clone(),
                    url: db.url.clone(),
                };
                ($body)(handle).await;
                db.cleanup().await;
            }
        }
    };
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(DAY0))
}

/// A fresh folder for `.eml` files.
pub fn outbox_dir() -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mentorhub-mail-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A runner's configuration: SMTP at `smtp` (else files in a fresh folder),
/// named `worker`, with the product at https://mentoring.example.org.
pub fn config(smtp: Option<&str>, worker: &str) -> MailConfig {
    let mut c = MailConfig::new(
        smtp.map(str::to_string),
        outbox_dir(),
        Some("https://mentoring.example.org".into()),
    );
    c.worker_id = worker.into();
    c.smtp_timeout = Duration::from_secs(10);
    c
}

pub fn mailer(store: &Store, clock: &Arc<ManualClock>, config: MailConfig) -> Mailer {
    let clock: Arc<dyn Clock> = clock.clone();
    Mailer::new(store.clone(), clock, config).expect("mailer")
}

/// Ticks until a tick finds nothing to do; returns the sum of what was done.
pub async fn tick_until_idle(mailer: &Mailer) -> TickReport {
    let mut total = TickReport::default();
    for _ in 0..20 {
        let r = mailer.tick().await.expect("tick");
        if r.is_idle() {
            return total;
        }
        total = add(total, r);
    }
    panic!("the runner never ran out of work");
}

pub fn add(a: TickReport, b: TickReport) -> TickReport {
    TickReport {
        sweeps: a.sweeps + b.sweeps,
        jobs_queued: a.jobs_queued + b.jobs_queued,
        jobs_done: a.jobs_done + b.jobs_done,
        jobs_failed: a.jobs_failed + b.jobs_failed,
        sent: a.sent + b.sent,
        deferred: a.deferred + b.deferred,
        failed: a.failed + b.failed,
    }
}

pub fn programme_value(name: &str) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
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

/// A formal programme with the defaults: check-ins at 30 and 90 days, dormant
/// after 90 days without contact (warned 14 days before), nine months.
pub async fn programme(store: &Store, name: &str) -> ProgrammeId {
    store
        .create_programme(&programme_value(name), DAY0)
        .await
        .expect("programme")
}

/// A person whose address is `<employee id>@example.org`, lower case.
pub async fn person(store: &Store, employee_id: &str, name: &str) -> PersonId {
    let p = NewPerson {
        employee_id: employee_id.into(),
        name: name.into(),
        email: Address::parse(&format!("{}@example.org", employee_id.to_lowercase()))
            .expect("email"),
        title: "Finance lead".into(),
        manager_employee_id: None,
        location: "Leeds".into(),
        function: "Finance".into(),
        career_level: CareerLevel::new(5).expect("level"),
    };
    store.create_person(&p, DAY0).await.expect("person")
}

/// A relationship that became active (introduced, agreement confirmed) at `at`.
pub async fn active_relationship(
    store: &Store,
    programme: ProgrammeId,
    mentor: PersonId,
    mentee: PersonId,
    at: Timestamp,
) -> RelationshipId {
    store
        .create_relationship(
            NewRelationship {
                programme_id: programme,
                mentor_id: mentor,
                mentee_id: mentee,
                state: RelationshipState::Active,
                origin: Origin::Matched,
            },
            Actor::System,
            "published from the matching run",
            at,
        )
        .await
        .expect("relationship")
}

/// The subjects of `emails`, sorted, to compare as a set.
pub fn subjects(emails: &[email::Email]) -> Vec<String> {
    let mut s: Vec<String> = emails.iter().map(|e| e.subject.clone()).collect();
    s.sort();
    s
}
