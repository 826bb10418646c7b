//! Finding a mentor in a programme: the directory and recommendations, preferences,
//! self-match requests, admin matching and publishing, manager approval.

mod access;
mod capacity;
pub mod directory;
pub mod engine;
mod inbox;
pub mod matching;
mod matching_api;
mod matching_page;
mod pool;
mod preferences;
pub mod reasons;
mod request_forms;
mod requests;
mod team;

use axum::routing::{get, post};
use axum::{Extension, Router};
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use pool::Directory;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/find-a-mentor", get(directory::get_find_page))
        .route(
            "/programmes/{id}/directory",
            get(directory::get_directory_page),
        )
        .route(
            "/programmes/{id}/preferences",
            post(preferences::create_preference_form),
        )
        .route(
            "/programmes/{id}/preferences/clear",
            post(preferences::delete_preferences_form),
        )
        .route(
            "/programmes/{id}/requests",
            post(request_forms::create_request_form),
        )
        .route(
            "/programmes/{id}/requests/{request}/withdraw",
            post(request_forms::update_request_withdraw_form),
        )
        .route("/mentoring/requests", get(inbox::get_inbox_page))
        .route(
            "/mentoring/requests/{id}/accept",
            post(inbox::update_request_accept_form),
        )
        .route(
            "/mentoring/requests/{id}/decline",
            post(inbox::update_request_decline_form),
        )
        .route(
            "/mentoring/proposals/{id}/accept",
            post(inbox::update_proposal_accept_form),
        )
        .route(
            "/mentoring/proposals/{id}/decline",
            post(inbox::update_proposal_decline_form),
        )
        .route(
            "/programmes/{id}/matching",
            get(matching_page::get_matching_page),
        )
        .route(
            "/programmes/{id}/matching/run",
            post(matching_page::create_run_form),
        )
        .route(
            "/programmes/{id}/matching/overrides",
            post(matching_page::create_override_form),
        )
        .route(
            "/programmes/{id}/matching/overrides/remove",
            post(matching_page::delete_override_form),
        )
        .route(
            "/programmes/{id}/matching/publish",
            post(matching_page::create_publication_form),
        )
        .route("/team", get(team::get_team_page))
        .route("/team/{id}/approve", post(team::update_team_approve_form))
        .route("/team/{id}/decline", post(team::update_team_decline_form))
        .layer(Extension(Directory::default()))
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(directory::list_mentors))
        .routes(routes!(
            preferences::get_preferences,
            preferences::update_preferences
        ))
        .routes(routes!(requests::create_request, requests::list_requests))
        .routes(routes!(requests::update_request_accept))
        .routes(routes!(requests::update_request_decline))
        .routes(routes!(requests::update_request_withdraw))
        .routes(routes!(inbox::list_inbox))
        .routes(routes!(inbox::update_proposal_accept))
        .routes(routes!(inbox::update_proposal_decline))
        .routes(routes!(matching_api::get_matching))
        .routes(routes!(matching_api::create_run))
        .routes(routes!(matching_api::create_override))
        .routes(routes!(matching_api::delete_override))
        .routes(routes!(matching_api::create_publication))
        .routes(routes!(team::list_team))
        .routes(routes!(team::update_team_approve))
        .routes(routes!(team::update_team_decline))
        .layer(Extension(Directory::default()))
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = r#"
.mh-mentor h3 { margin-bottom: 0; }
.mh-skills { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap; gap: .35rem .9rem; }
.mh-actions { border-top: 1px solid var(--line); margin-top: .75rem; padding-top: .75rem; display: grid; gap: .5rem; }
.mh-actions .button { margin: 0 .35rem .35rem 0; }
.mh-request textarea { margin-bottom: .5rem; }
.mh-me { margin-bottom: 1.5rem; }
.mh-recs .table { font-size: .85rem; margin-top: .5rem; }
.mh-reasons caption { text-align: left; font-size: .8rem; }
.mh-reason-list { margin: .25rem 0; padding-left: 1.1rem; font-size: .9rem; }
.mh-filters { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); align-items: end; }
.mh-check { display: flex; align-items: center; gap: .5rem; }
.mh-check label { margin: 0; font-weight: 400; }
.mh-check input { width: auto; }
.mh-pager { display: flex; gap: 1rem; margin-top: 1rem; }
.mh-objective { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 0 0 1rem; }
.mh-objective div { background: var(--bg); border-radius: 6px; padding: .5rem .75rem; }
.mh-objective dt { font-size: .8rem; color: var(--muted); }
.mh-objective dd { margin: 0; font-size: 1.2rem; font-weight: 700; }
.mh-decline { margin-top: .5rem; }
"#;
