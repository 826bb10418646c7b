//! Programme setup, people and the HR import, mentor applications and qualification, training and resources, mentee self-assessment.

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod people_api;
pub mod people_import;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(people_api::router())
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = "";
