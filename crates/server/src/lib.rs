//! Mentorhub's web server: server-rendered pages, the JSON API under `/api/v1`
//! with its OpenAPI document, sign-in and sessions.
//!
//! `Application::build` opens the database and binds the listener (port 0 in
//! tests), so a test starts the real app and talks to it over HTTP.

pub mod account;
pub mod health;
pub mod pages;
pub mod session_api;

pub use mentorhub_programmes::people_import;
pub use mentorhub_web::{auth, clock, config};

use anyhow::Context;
use axum::routing::get;
use axum::{Json, Router};
use mentorhub_store::Store;
use mentorhub_web::clock::{Clock, SystemClock};
use mentorhub_web::config::Config;
use mentorhub_web::{http, AppState};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(title = "Mentorhub API", description = "Every operation the Mentorhub pages offer, as JSON. Sign in with POST /api/v1/session; the session cookie authenticates later calls."),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "health", description = "Service health"),
        (name = "people", description = "People of the organisation, the HR import and invitations"),
        (name = "programmes", description = "Programme setup, enrolment and announcements"),
        (name = "applications", description = "Mentor applications and qualification"),
        (name = "resources", description = "Training and resources"),
        (name = "self-assessment", description = "Mentees' self-assessments"),
        (name = "matchmaking", description = "The mentor directory, recommendations, preferences, matching and approvals"),
        (name = "outreach", description = "Informal mentoring: shortlist, outreach pipeline and offers"),
        (name = "relationships", description = "Agreements, goals, meetings, check-ins, reassessment and history"),
        (name = "programme-health", description = "Programme health figures and exports"),
        (name = "mail", description = "The email outbox, for admins"),
    )
)]
struct ApiDoc;

/// The OpenAPI document and the router that serves its operations.
pub fn api_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(session_api::router())
        .merge(account::api())
        .merge(mentorhub_programmes::api())
        .merge(mentorhub_matchmaking::api())
        .merge(mentorhub_relationships::api())
        .merge(mentorhub_mail::api())
        .merge(mentorhub_outreach::api())
        .merge(mentorhub_health::api())
        .split_for_parts();
    (router, doc)
}

/// The whole HTTP surface of one instance.
pub fn router(state: AppState) -> Router {
    let (api_router, doc) = api_routes();
    let doc = Arc::new(doc);
    let api = api_router.route(
        "/api/openapi.json",
        get(move || async move { Json(doc.as_ref().clone()) }),
    );
    let pages = pages::router()
        .merge(account::pages())
        .merge(mentorhub_programmes::router())
        .merge(mentorhub_matchmaking::router())
        .merge(mentorhub_relationships::router())
        .merge(mentorhub_mail::router())
        .merge(mentorhub_outreach::router())
        .merge(mentorhub_health::router());
    http::assemble(api, pages, state)
}

/// A built, not yet running, instance.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// What the demo loader reported, when it filled an empty database.
    pub demo_summary: Option<String>,
}

impl Application {
    /// Opens and migrates the configured database, fills it with demo data when
    /// asked, and binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let store = config.database.open_and_migrate().await?;
        Application::build_with(config, store, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`] with a given store and clock (tests).
    pub async fn build_with(
        config: Config,
        store: Store,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        let dummy_hash = auth::password::hash_password(mentorhub_store::new_token()).await?;
        let mut demo_summary = None;
        if config.demo {
            let hash =
                auth::password::hash_password(mentorhub_demo::DEMO_PASSWORD.to_string()).await?;
            demo_summary = mentorhub_demo::load_if_empty(&store, clock.now(), &hash)
                .await
                .context("loading the demo organisation")?
                .map(|s| s.to_string());
        }
        let listener = TcpListener::bind(&config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let state = AppState::new(store, clock, config, dummy_hash);
        Ok(Application {
            listener,
            state,
            demo_summary,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight,
    /// stops the background runner (which gives back its leases) and closes the
    /// database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let app = router(self.state.clone());
        let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
        let runner = if self.state.config().background_jobs {
            let config = mentorhub_mail::MailConfig::from_config(self.state.config());
            let stopped = async move {
                let _ = stop_rx.wait_for(|stop| *stop).await;
            };
            Some(mentorhub_mail::spawn_runner(
                self.state.store().clone(),
                self.state.clock().clone(),
                config,
                stopped,
            )?)
        } else {
            None
        };
        let served = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop_tx.send(true);
        if let Some(runner) = runner {
            let _ = runner.await;
        }
        self.state.store().close().await;
        Ok(served?)
    }
}
