//! The health figures as JSON, and the CSV exports, under `/api/v1`. Admins only.

use crate::cache::current_health;
use crate::exports::{export_csv, ExportKind};
use crate::figures::ProgrammeHealth;
use crate::overview::{health_overview, HealthOverview};
use crate::pages::csv_response;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use mentorhub_domain::ProgrammeId;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_health))
        .routes(routes!(get_programme_health))
        .routes(routes!(get_health_export))
}

/// Every programme's headline figures: match rate, cadence kept, dormancy,
/// check-ins answered.
#[utoipa::path(get, path = "/api/v1/health", tag = "programme-health",
    responses(
        (status = 200, description = "The overview", body = HealthOverview),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list_health(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<HealthOverview>> {
    user.require_admin()?;
    Ok(Json(health_overview(state.store(), state.now()).await?))
}

/// One programme's health: participants, mentor pool and demand, matching,
/// cadence, check-ins, dormancy, goals, training and the monthly timeline.
/// Figures about fewer than 5 people are withheld (`withheld: true`).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/health", tag = "programme-health",
    params(("id" = i64, Path, description = "The programme")),
    responses(
        (status = 200, description = "The programme's figures", body = ProgrammeHealth),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
    ))]
pub async fn get_programme_health(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ProgrammeHealth>> {
    user.require_admin()?;
    let programme = state.store().get_programme(ProgrammeId(id)).await?;
    let health = current_health(&state, &programme).await?;
    Ok(Json(ProgrammeHealth::clone(&health)))
}

/// One of the programme's CSV exports: `participants`, `relationships` (with
/// their state history), `meetings` (dates and modes, never notes), `checkins`
/// (rates) or `pairs` (cadence and dormancy of every open pair).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/health/exports/{kind}", tag = "programme-health",
    params(
        ("id" = i64, Path, description = "The programme"),
        ("kind" = ExportKind, Path, description = "Which export"),
    ),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such programme or export", body = ErrorBody),
    ))]
pub async fn get_health_export(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, kind)): Path<(i64, String)>,
) -> AppResult<Response> {
    user.require_admin()?;
    let kind = ExportKind::parse(&kind).ok_or_else(|| mentorhub_web::error::not_found("export"))?;
    let programme = ProgrammeId(id);
    let csv = export_csv(state.store(), programme, kind, state.now()).await?;
    state
        .store()
        .record_audit(
            Some(user.person_id),
            "health.export",
            &format!("programme:{id}"),
            kind.as_str(),
            state.now(),
        )
        .await?;
    Ok(csv_response(&kind.file_name(programme), csv))
}
