//! The life of a mentoring relationship: introduction, agreement, goals, meetings
//! and calendar invites, check-ins, reassessment and ending, history, and the
//! manager's view. Every handler finds the viewer's standing first
//! (`mentorhub_web::authz`) and shows only what SPEC §9 lets that role see.

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

mod access;
mod agreement;
mod agreement_pages;
mod checkins;
mod closing;
mod closing_pages;
mod forms;
mod goals;
mod ics;
mod meeting_pages;
mod meetings;
mod next_step;
mod overview;
mod timefmt;
pub mod view;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(overview::pages())
        .merge(agreement_pages::pages())
        .merge(goals::pages())
        .merge(meetings::pages())
        .merge(checkins::pages())
        .merge(closing_pages::pages())
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(overview::api())
        .merge(agreement::api())
        .merge(goals::api())
        .merge(meetings::api())
        .merge(checkins::api())
        .merge(closing::api())
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = include_str!("styles.css");
