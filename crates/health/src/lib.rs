//! Programme health for admins (SPEC §10): each figure as a number, charts drawn
//! on the server as SVG, the same figures in the JSON API, and CSV exports.
//!
//! Every figure keeps to SPEC §9: only counts, dates and states are read — never a
//! meeting note, a goal's text or what anyone wrote in a check-in — and a group
//! of fewer than five people is never broken down ([`share::MIN_GROUP`]).

use axum::routing::get;
use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod api;
pub mod cache;
pub mod charts;
pub mod csv;
pub mod exports;
pub mod figures;
pub mod overview;
pub mod pages;
pub mod share;
pub mod timeline;
pub mod waits;

pub use cache::{current_health, HealthCache};
pub use exports::{export_csv, ExportKind};
pub use figures::{programme_health, ProgrammeHealth};
pub use overview::{health_overview, HealthOverview};

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(pages::list_health))
        .route("/programmes/{id}/health", get(pages::get_programme_health))
        .route(
            "/programmes/{id}/health/exports/{file}",
            get(pages::get_health_export),
        )
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    api::router()
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = include_str!("../static/health.css");
