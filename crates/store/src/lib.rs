//! Mentorhub's persistence: one query layer over SQLite (embedded default) and
//! PostgreSQL (several app instances on one database).
//!
//! SQL is written once with `$1` placeholders through sqlx's `Any` driver; values
//! are kept to integers, floats and text (instants as integer milliseconds, JSON as
//! text, flags as 0/1) so both databases read them the same way. Code that differs
//! per backend is marked where it lives (e.g. claiming jobs).

mod accounts;
mod backup;
mod dashboard;
mod error;
mod fast_read;
mod invitations;
mod row;
pub mod test_support;
mod throttle;
mod tokens;

// The query layer, one module per concept.
mod agreements;
mod audit;
mod checkins;
mod enrolments;
mod goals;
mod health_queries;
mod jobs;
mod mail_queries;
mod match_runs;
mod matchmaking_queries;
mod meetings;
mod outbox;
mod outreach;
mod outreach_queries;
mod people;
mod people_sync;
mod preferences;
pub mod privacy_queries;
mod profiles;
mod programmes;
mod programmes_queries;
mod relationships;
mod relationships_queries;
mod resources;
mod util;

pub use accounts::{AccountRecord, SessionRecord};
pub use dashboard::{GoalCard, ProgrammeOverview, RelationshipCard, ReportRelationship};
pub use error::{StoreError, StoreResult};
pub use fast_read::Reader;
pub use row::RowExt;
pub use tokens::{hash_token, new_token};

pub use audit::AuditEntry;
pub use checkins::Reflection;
pub use enrolments::EnrolmentListing;
pub use health_queries::{
    CadenceCounts, CheckInCounts, DayCount, EnrolmentCount, GoalCounts, MatchingCounts,
    MeetingExportRow, MentorPoolCounts, OpenPairRow, PairBehind, PairNearDormancy,
    ParticipantExportRow, RelationshipCounts, TimelineEvent, TimelineKind, TrainingCounts,
    TransitionExportRow,
};
pub use jobs::{Job, JobStatus};
pub use mail_queries::{OutboxCounts, ScheduledRelationship};
pub use match_runs::{MatchOverride, MatchRun, OverrideKind};
pub use matchmaking_queries::{MentorLock, PoolMentee, PoolMentor};
pub use meetings::MeetingNoteRecord;
pub use outbox::{enqueue_notification_in, NewNotification, OutboxMessage};
pub use outreach::{OfferRecord, ShortlistListing, ShortlistNotes};
pub use outreach_queries::{OfferAnswer, OfferMessage, ShortlistAsk};
pub use people::{ImportSummary, PeopleFilter, MAX_CHAIN_DEPTH};
pub use people_sync::{StoredEmployee, SyncSummary, LOCAL_EMPLOYEE_PREFIX};
pub use profiles::MentorAssessmentRecord;
pub use programmes::ProgrammeSummary;
pub use programmes_queries::{QualifiedMentor, SeedResource, TrainingProgress};
pub use relationships::{NewRelationship, RelationshipSummary, TransitionRecord};
pub use relationships_queries::ProgrammeCheckIn;
pub use resources::Completion;
pub use util::Versioned;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    pub fn from_url(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL {:?}: use sqlite://FILE or postgres://…",
                redact_url(url)
            )))
        }
    }
}

/// The database, shared by every request and job of one app instance.
///
/// On SQLite, writes go through a one-connection pool so that writers queue in the
/// application instead of failing with "database is locked"; reads use a pool of
/// their own and never wait for writers (WAL). On PostgreSQL both are one pool.
#[derive(Clone, Debug)]
pub struct Store {
    read: Reader,
    write: AnyPool,
    backend: Backend,
}

/// Tuning for [`Store::connect_with`].
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

impl Store {
    /// Opens (creating if absent) the SQLite database file at `path`.
    pub async fn open_sqlite(path: &Path) -> StoreResult<Store> {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        Store::connect(&url).await
    }

    /// Connects with the default pool, or `MENTORHUB_DATABASE_CONNECTIONS`
    /// connections for reads when that is set (a whole number from 2 to 256).
    pub async fn connect(url: &str) -> StoreResult<Store> {
        let mut settings = PoolSettings::default();
        if let Ok(v) = std::env::var("MENTORHUB_DATABASE_CONNECTIONS") {
            settings.max_connections = v
                .trim()
                .parse()
                .ok()
                .filter(|n| (2..=256).contains(n))
                .ok_or_else(|| {
                    StoreError::Config(format!(
                        "MENTORHUB_DATABASE_CONNECTIONS={v:?}: give a whole number from 2 to 256"
                    ))
                })?;
        }
        Store::connect_with(url, &settings).await
    }

    pub async fn connect_with(url: &str, settings: &PoolSettings) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let options = AnyConnectOptions::from_str(url)
            .map_err(|e| {
                StoreError::Config(format!("bad database URL {:?}: {e}", redact_url(url)))
            })?
            .disable_statement_logging();
        let pool = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(settings.acquire_timeout)
                .after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            // WAL lets readers run beside the writer; NORMAL sync is
                            // durable against process crashes in WAL mode. Reads go
                            // through a memory map of the file shared by every
                            // connection (the OS page cache) instead of copying pages
                            // into each connection's small private cache.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA mmap_size = 1073741824;",
                            )
                            .await?;
                        }
                        Ok(())
                    })
                })
        };
        let connect_err = |e: sqlx::Error| {
            StoreError::Unavailable(format!("cannot open the database {}: {e}", redact_url(url)))
        };
        let store = match backend {
            Backend::Sqlite => {
                let write = pool(1)
                    .connect_with(options.clone())
                    .await
                    .map_err(connect_err)?;
                let read = pool(settings.max_connections.max(2))
                    .connect_with(options)
                    .await
                    .map_err(connect_err)?;
                Store {
                    read: Reader::sqlite(read, url),
                    write,
                    backend,
                }
            }
            Backend::Postgres => {
                let p = pool(settings.max_connections)
                    .connect_with(options)
                    .await
                    .map_err(connect_err)?;
                Store {
                    read: Reader::pooled(p.clone()),
                    write: p,
                    backend,
                }
            }
        };
        Ok(store)
    }

    /// Brings the schema up to date. Migrations only move forward; each runs in a
    /// transaction.
    pub async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.write)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Where to read: an sqlx executor (on SQLite the read runs on the
    /// calling thread, see [`Reader`]); `reader().pool()` for a transaction
    /// or a read that scans a whole programme.
    pub fn reader(&self) -> &Reader {
        &self.read
    }

    /// Pool for writes (one connection on SQLite).
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(self.write.begin().await?)
    }

    /// A cheap round trip to the database, for health checks.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(self.read.pool()).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// A database URL with any password removed, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_in_messages() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/mh"),
            "postgres://app:***@db:5432/mh"
        );
        assert_eq!(redact_url("postgres://app@db/mh"), "postgres://app@db/mh");
        assert_eq!(
            redact_url("sqlite://data/mentorhub.db"),
            "sqlite://data/mentorhub.db"
        );
    }

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("postgresql://h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
    }
}
