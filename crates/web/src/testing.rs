//! HTTP test kit: the real middleware and an area's routes on port 0, over a
//! fresh SQLite or PostgreSQL database, with a clock the test moves and clients
//! signed in as any person. Enabled by the `testing` feature.

use crate::clock::ManualClock;
use crate::config::{Config, DatabaseConfig};
use crate::state::AppState;
use axum::Router;
use mentorhub_domain::person::Email;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::test_support::TestDb;
use mentorhub_store::{hash_token, new_token, Backend, Store};
use std::sync::Arc;

/// 2026-11-23T12:00:00Z, "today" in tests.
pub const TODAY: Timestamp = Timestamp(1_795_435_200_000);

/// What a test talks to. Cheap to clone, so a test body can own one.
#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub clock: Arc<ManualClock>,
    pub store: Store,
}

/// A running app; `stop` shuts it down and drops its database.
pub struct RunningApp {
    pub app: TestApp,
    db: Option<TestDb>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

impl RunningApp {
    /// Serves `api` and `pages` (with the same middleware as production) on a
    /// fresh database of `backend`; `None` when that backend is not available and
    /// not required (the reason is printed).
    pub async fn spawn(
        backend: Backend,
        api: Router<AppState>,
        pages: Router<AppState>,
    ) -> Option<RunningApp> {
        let db = TestDb::for_backend(backend).await?;
        let config = Config::new(
            "127.0.0.1:0",
            DatabaseConfig {
                data_dir: std::env::temp_dir(),
                database_url: Some(db.url.clone()),
            },
        );
        let clock = Arc::new(ManualClock::new(TODAY));
        let dummy = crate::auth::password::hash_password("not-a-real-password".into())
            .await
            .expect("hash");
        let state = AppState::new(db.store.clone(), clock.clone(), config, dummy);
        let router = crate::http::assemble(api, pages, state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
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

    /// An anonymous client that does not follow redirects.
    pub fn anonymous(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// A client signed in as `person` (an account is created if needed; the
    /// session is written straight to the store, so no password is involved).
    /// Page forms need the session's CSRF token: see [`SignedIn::csrf`].
    pub async fn sign_in_as(&self, person: PersonId) -> SignedIn {
        let account = self
            .store
            .ensure_account(person, TODAY)
            .await
            .expect("account");
        let token = new_token();
        let csrf = new_token();
        let expires = Timestamp(self.clock_now().0 + 7 * 86_400_000);
        self.store
            .create_session(
                account,
                &hash_token(&token),
                &csrf,
                self.clock_now(),
                expires,
            )
            .await
            .expect("session");
        let mut headers = reqwest::header::HeaderMap::new();
        let cookie = format!("{}={token}", crate::auth::session::COOKIE);
        headers.insert(
            reqwest::header::COOKIE,
            cookie.parse().expect("cookie header"),
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        SignedIn {
            client,
            csrf,
            person,
        }
    }

    /// Makes `person` an administrator.
    pub async fn make_admin(&self, person: PersonId) {
        let account = self
            .store
            .ensure_account(person, TODAY)
            .await
            .expect("account");
        self.store.set_admin(account, true).await.expect("admin");
    }

    /// Adds a person with the given employee id (also used to make the email).
    pub async fn person(
        &self,
        employee_id: &str,
        name: &str,
        manager: Option<&str>,
        level: i64,
    ) -> PersonId {
        let p = mentorhub_domain::person::NewPerson {
            employee_id: employee_id.into(),
            name: name.into(),
            email: Email::parse(&format!("{}@example.org", employee_id.to_lowercase()))
                .expect("email"),
            title: "Colleague".into(),
            manager_employee_id: manager.map(str::to_string),
            location: "London".into(),
            function: "Finance".into(),
            career_level: mentorhub_domain::person::CareerLevel::new(level).expect("level"),
        };
        self.store.create_person(&p, TODAY).await.expect("person")
    }

    pub fn clock_now(&self) -> Timestamp {
        use crate::clock::Clock;
        self.clock.now()
    }
}

/// A signed-in client, its person and the CSRF token its page forms must carry.
pub struct SignedIn {
    pub client: reqwest::Client,
    pub csrf: String,
    pub person: PersonId,
}

/// Declares one HTTP test run against SQLite and PostgreSQL:
/// `app_story!(name, api_router_expr, pages_router_expr, |app: TestApp| async move { … });`
#[macro_export]
macro_rules! app_story {
    ($name:ident, $api:expr, $pages:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let running = $crate::testing::RunningApp::spawn(
                    mentorhub_store::Backend::Sqlite,
                    $api,
                    $pages,
                )
                .await
                .expect("sqlite app");
                ($body)(running.app.clone()).await;
                running.stop().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(running) = $crate::testing::RunningApp::spawn(
                    mentorhub_store::Backend::Postgres,
                    $api,
                    $pages,
                )
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
