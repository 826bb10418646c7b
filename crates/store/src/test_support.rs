//! Fresh databases for tests: a temporary SQLite file always, and a PostgreSQL
//! database of its own when `MENTORHUB_TEST_POSTGRES` names a server.
//!
//! With `MENTORHUB_REQUIRE_POSTGRES=1` (set by CI) a missing or unreachable
//! PostgreSQL fails the test instead of skipping it, so nothing is skipped silently.

use crate::{Backend, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A database made for one test, removed by [`TestDb::cleanup`].
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDb { admin_url: String, name: String },
}

fn unique_suffix() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), n, nanos)
}

/// Whether PostgreSQL tests must run (CI) rather than be skipped.
pub fn postgres_required() -> bool {
    std::env::var("MENTORHUB_REQUIRE_POSTGRES").is_ok_and(|v| v == "1" || v == "true")
}

/// The PostgreSQL server URL for tests, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("MENTORHUB_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

impl TestDb {
    /// A migrated SQLite database in a fresh temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("mentorhub-test-{}", unique_suffix()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let path = dir.join("mentorhub.db");
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let store = Store::connect(&url).await.expect("open sqlite");
        store.migrate().await.expect("migrate sqlite");
        TestDb {
            store,
            url,
            cleanup: Cleanup::SqliteDir(dir),
        }
    }

    /// A migrated PostgreSQL database of its own, or `None` (with the reason
    /// printed) when no server is configured and none is required.
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin_url) = postgres_url() else {
            if postgres_required() {
                panic!("MENTORHUB_REQUIRE_POSTGRES is set but MENTORHUB_TEST_POSTGRES is not: PostgreSQL tests cannot be skipped");
            }
            eprintln!(
                "skipped: PostgreSQL test (set MENTORHUB_TEST_POSTGRES=postgres://… to run it)"
            );
            return None;
        };
        let name = format!("mentorhub_test_{}", unique_suffix());
        let admin = match Store::connect(&admin_url).await {
            Ok(s) => s,
            Err(e) if !postgres_required() => {
                eprintln!("skipped: PostgreSQL test, server unreachable: {e}");
                return None;
            }
            Err(e) => panic!("PostgreSQL required but unreachable: {e}"),
        };
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.writer())
            .await
            .expect("create test database");
        admin.close().await;
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&url)
            .await
            .expect("connect to test database");
        store.migrate().await.expect("migrate postgres");
        Some(TestDb {
            store,
            url,
            cleanup: Cleanup::PostgresDb { admin_url, name },
        })
    }

    /// The database for `backend` (see [`TestDb::postgres`] for when it is `None`).
    pub async fn for_backend(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(TestDb::sqlite().await),
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    /// Closes the store and removes the database.
    pub async fn cleanup(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDb { admin_url, name } => {
                if let Ok(admin) = Store::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(admin.writer())
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// Declares one async store test that runs against SQLite and PostgreSQL:
/// `store_story!(name, |store| async move { ... });` makes `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! store_story {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::test_support::TestDb::sqlite().await;
                let store = db.store.clone();
                ($body)(store).await;
                db.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::test_support::TestDb::postgres().await else {
                    return;
                };
                let store = db.store.clone();
                ($body)(store).await;
                db.cleanup().await;
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "t2"),
            "postgres://u@h/t2?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "t3"), "postgres://u@h/t3");
    }
}
