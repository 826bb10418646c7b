//! Programme health for admins: figures, SVG charts drawn on the server, and CSV
//! exports.

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = "";
