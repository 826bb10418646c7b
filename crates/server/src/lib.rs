//! Mentorhub's web server: server-rendered pages, the JSON API under `/api/v1`
//! with its OpenAPI document, sign-in and sessions.
//!
//! `Application::build` opens the database and binds the listener (port 0 in
//! tests), so a test starts the real app and talks to it over HTTP.

pub mod account;
pub mod account_settings;
pub mod health;
pub mod pages;
pub mod session_api;

pub use mentorhub_programmes::people_import;
pub use mentorhub_web::{auth, clock, config, local_time};

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
    components(schemas(mentorhub_health::ExportKind, mentorhub_web::error::ErrorBody)),
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
        (name = "privacy", description = "Your data export, erasure of a person, and the audit log"),
    )
)]
struct ApiDoc;

/// The OpenAPI document and the router that serves its operations.
pub fn api_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(session_api::router())
        .merge(account::api())
        .merge(account_settings::api())
        .merge(mentorhub_programmes::api())
        .merge(mentorhub_matchmaking::api())
        .merge(mentorhub_relationships::api())
        .merge(mentorhub_mail::api())
        .merge(mentorhub_outreach::api())
        .merge(mentorhub_health::api())
        .merge(mentorhub_privacy::api())
        .split_for_parts();
    (router, with_common_errors(doc))
}

/// Adds to every operation the errors any request can meet before its handler
/// runs, each with the API's error body: 400 (an address or body that does not
/// parse), and for operations with a body 413 (too large), 415 (not JSON) and
/// 422 (fields missing or of the wrong type).
///
/// Also declares how the API authenticates (the session cookie) and which
/// operations need it, so a client or a fuzzer knows a missing session means 401.
fn with_common_errors(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                mentorhub_web::auth::session::COOKIE,
                "Set by POST /api/v1/session",
            ))),
        );
    // Anybody may call these; every other operation needs a session.
    let public = |path: &str, method: &str| {
        (path == "/api/v1/session" && method == "post") || path == "/healthz"
    };
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("patch", &mut item.patch),
        ] {
            let Some(op) = op.as_mut() else { continue };
            if !public(path, method) {
                op.security = Some(vec![SecurityRequirement::new(
                    "session",
                    Vec::<String>::new(),
                )]);
                op.responses
                    .responses
                    .entry("401".into())
                    .or_insert_with(|| error("Not signed in, or the session has ended").into());
            }
            let has_body = op.request_body.is_some();
            let responses = &mut op.responses.responses;
            responses
                .entry("400".into())
                .or_insert_with(|| error("The address or the request could not be read").into());
            if has_body {
                for (code, what) in [
                    ("413", "The body is larger than this operation takes"),
                    (
                        "415",
                        "The body is not JSON (Content-Type: application/json)",
                    ),
                    ("422", "A field is missing or not valid"),
                ] {
                    responses
                        .entry(code.into())
                        .or_insert_with(|| error(what).into());
                }
            }
        }
    }
    doc
}

/// The whole HTTP surface of one instance.
pub fn router(state: AppState) -> Router {
    let (api, pages) = surface();
    http::assemble(api, pages, state)
}

/// The JSON API (with the OpenAPI document) and the pages, before the shared
/// middleware is put around them.
fn surface() -> (Router<AppState>, Router<AppState>) {
    let (api_router, doc) = api_routes();
    let doc = Arc::new(doc);
    let api = api_router.route(
        "/api/openapi.json",
        get(move || async move { Json(doc.as_ref().clone()) }),
    );
    let pages = pages::router()
        .merge(account::pages())
        .merge(account_settings::pages())
        .merge(mentorhub_programmes::router())
        .merge(mentorhub_matchmaking::router())
        .merge(mentorhub_relationships::router())
        .merge(mentorhub_mail::router())
        .merge(mentorhub_outreach::router())
        .merge(mentorhub_health::router())
        .merge(mentorhub_privacy::router());
    (api, pages)
}

/// One route the instance answers: a path template and its methods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteEntry {
    /// e.g. `/relationships/{id}/goals/new`.
    pub path: String,
    /// e.g. `["GET", "HEAD", "POST"]`.
    pub methods: Vec<String>,
}

/// Every route of the pages and the API, read from the assembled routers
/// themselves (not from a list kept by hand), sorted by path. The permission
/// matrix test walks it, so a new route without an expectation fails there.
pub fn route_table() -> Vec<RouteEntry> {
    let (api, pages) = surface();
    let mut out = routes_of(&format!("{api:?}"));
    out.extend(routes_of(&format!("{pages:?}")));
    out.sort();
    out
}

/// Reads the routes from a router's `Debug` form: its path table maps route
/// ids to paths, and each route's method router carries its `Allow` header.
fn routes_of(debug: &str) -> Vec<RouteEntry> {
    use std::collections::BTreeMap;
    let mut paths: BTreeMap<u32, String> = BTreeMap::new();
    let mut methods: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    // Only the path router: the fallback router numbers its routes afresh.
    let mut rest = debug.split("fallback_router:").next().unwrap_or(debug);
    while let Some(at) = rest.find("RouteId(") {
        rest = &rest[at + "RouteId(".len()..];
        let Some(close) = rest.find(')') else { break };
        let Ok(id) = rest[..close].parse::<u32>() else {
            continue;
        };
        rest = &rest[close + 1..];
        if let Some(path) = rest.strip_prefix(": \"") {
            if let Some(end) = path.find('"') {
                paths.insert(id, path[..end].to_string());
            }
        } else if rest.starts_with(": MethodRouter(") {
            // The next `allow_header` belongs to this route's method router.
            if let Some(a) = rest.find("allow_header: Bytes(b\"") {
                let header = &rest[a + "allow_header: Bytes(b\"".len()..];
                if let Some(end) = header.find('"') {
                    methods.insert(
                        id,
                        header[..end]
                            .split(',')
                            .map(|m| m.trim().to_string())
                            .filter(|m| !m.is_empty())
                            .collect(),
                    );
                }
            }
        }
    }
    paths
        .into_iter()
        .map(|(id, path)| RouteEntry {
            path,
            methods: methods.remove(&id).unwrap_or_default(),
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_route_table_is_read_from_the_routers() {
        let table = route_table();
        for r in &table {
            println!("{} {}", r.methods.join(","), r.path);
        }
        let find = |p: &str| table.iter().find(|r| r.path == p).cloned();
        let rel = find("/relationships/{id}").expect("a page route");
        assert!(rel.methods.contains(&"GET".to_string()), "{rel:?}");
        let login = find("/login").expect("sign-in page");
        assert!(login.methods.contains(&"POST".to_string()), "{login:?}");
        assert!(find("/api/v1/session").is_some());
        assert!(
            table.iter().all(|r| !r.methods.is_empty()),
            "every route has methods"
        );
    }
}
