//! Starting the real application on port 0 for tests, on SQLite or PostgreSQL.

#![allow(dead_code)]

use mentorhub_domain::person::Email;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_server::clock::ManualClock;
use mentorhub_server::config::{Config, DatabaseConfig};
use mentorhub_server::Application;
use mentorhub_store::test_support::TestDb;
use mentorhub_store::Backend;
use std::sync::Arc;

/// What a test talks to: the running app's address, its clock and its store.
/// Cheap to clone, so a test body can own one.
#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub clock: Arc<ManualClock>,
    pub store: mentorhub_store::Store,
}

/// The running app and what it takes to stop it and drop its database.
pub struct RunningApp {
    pub app: TestApp,
    db: Option<TestDb>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

/// 2026-11-23T12:00:00Z, a fixed "today" for tests.
pub const TODAY: Timestamp = Timestamp(1_795_435_200_000);

impl RunningApp {
    /// Starts the app on a fresh database of `backend`; `None` when that backend
    /// is not available and not required (the reason is printed).
    pub async fn spawn(backend: Backend, demo: bool) -> Option<RunningApp> {
        let db = TestDb::for_backend(backend).await?;
        let mut config = Config::new(
            "127.0.0.1:0",
            DatabaseConfig {
                data_dir: std::env::temp_dir(),
                database_url: Some(db.url.clone()),
            },
        );
        config.demo = demo;
        // Tests drive the schedule themselves with a manual clock.
        config.background_jobs = false;
        let clock = Arc::new(ManualClock::new(TODAY));
        let app = Application::build_with(config, db.store.clone(), clock.clone())
            .await
            .expect("build app");
        let base = format!("http://127.0.0.1:{}", app.port());
        let (tx, rx) = tokio::sync::oneshot::channel();
        let handle = tokio::spawn(async move {
            app.run_until(async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        let store = db.store.clone();
        Some(RunningApp {
            app: TestApp { base, clock, store },
            db: Some(db),
            shutdown: Some(tx),
            handle: Some(handle),
        })
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            let _ = h.await;
        }
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client with its own cookie jar, like a separate browser.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub async fn create_admin(&self, email: &str, password: &str) {
        let hash = mentorhub_server::auth::password::hash_password(password.to_string())
            .await
            .unwrap();
        self.store
            .create_admin(&Email::parse(email).unwrap(), "Test Admin", &hash, TODAY)
            .await
            .unwrap();
    }

    /// Signs in through the JSON API and returns the client holding the session.
    pub async fn signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = self.client();
        let r = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            200,
            "sign-in as {email}: {}",
            r.text().await.unwrap_or_default()
        );
        client
    }
}

/// Declares one HTTP test that runs against SQLite and PostgreSQL.
#[macro_export]
macro_rules! app_story {
    ($name:ident, demo = $demo:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let running =
                    $crate::common::RunningApp::spawn(mentorhub_store::Backend::Sqlite, $demo)
                        .await
                        .expect("sqlite app");
                ($body)(running.app.clone()).await;
                running.stop().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(running) =
                    $crate::common::RunningApp::spawn(mentorhub_store::Backend::Postgres, $demo)
                        .await
                else {
                    return;
                };
                ($body)(running.app.clone()).await;
                running.stop().await;
            }
        }
    };
}
