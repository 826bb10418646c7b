//! `/healthz`: is this instance able to serve, and on which database.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use mentorhub_web::AppState;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database cannot be reached.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_health))
}

/// Health check for load balancers and monitoring.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses(
        (status = 200, description = "Serving", body = Health),
        (status = 503, description = "The database cannot be reached", body = Health),
    ))]
pub async fn get_health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = state.store().backend().as_str();
    match tokio::time::timeout(std::time::Duration::from_secs(3), state.store().ping()).await {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database,
            }),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                database,
            }),
        ),
    }
}
