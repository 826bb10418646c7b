//! People: the HR import.

use crate::people_import::{
    import_people, ImportError, ImportOptions, ImportReport, MAX_IMPORT_BYTES,
};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_web::error::{AppError, AppResult, ErrorBody, ErrorDetail};
use mentorhub_web::ApiUser;
use mentorhub_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_people_csv))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// Commit the valid rows even when some are refused.
    #[serde(default)]
    pub skip_invalid: bool,
    /// Only add and update; do not deactivate people missing from the file.
    #[serde(default)]
    pub partial: bool,
}

/// A refused import: nothing was written; every bad row is listed (no report when
/// the file as a whole could not be read, e.g. a header without the columns).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRefused {
    pub error: ErrorDetail,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportReport>,
}

/// Import people from the HR export (CSV, header
/// `employee_id,name,email,title,manager_employee_id,location,function,career_level`;
/// column order free, extra columns ignored). Re-importing updates by employee id;
/// people missing from a full import are deactivated and signed out.
#[utoipa::path(post, path = "/api/v1/people/import", tag = "people", params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The HR export, UTF-8, at most 20 MB"),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 413, description = "File larger than 20 MB"),
        (status = 415, description = "Not sent as text/csv", body = ErrorBody),
        (status = 422, description = "Rows refused; nothing written", body = ImportRefused),
    ))]
pub async fn import_people_csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    user.require_admin()?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !(content_type.starts_with("text/csv") || content_type.starts_with("text/plain")) {
        let mut r = mentorhub_web::error::bad_request("send the file as text/csv").into_response();
        *r.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return Ok(r);
    }
    let options = ImportOptions {
        skip_invalid: q.skip_invalid,
        partial: q.partial,
    };
    let report = match import_people(state.store(), &body, options, state.now(), &|_| {}).await {
        Ok(r) => r,
        Err(ImportError::File(message)) => {
            return Err(AppError::Invalid {
                field: "file".into(),
                message,
            })
        }
        Err(ImportError::Store(e)) => return Err(e.into()),
    };
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, created = report.created, updated = report.updated,
        deactivated = report.deactivated, refused = report.refused, committed = report.committed, "people import");
    if report.committed {
        Ok(Json(report).into_response())
    } else {
        let message = format!(
            "{} line(s) refused; nothing was imported. Fix them, or import the valid rows only.",
            report.refused
        );
        let body = ImportRefused {
            error: ErrorDetail {
                code: "invalid",
                message,
                field: Some("file".into()),
                request_id: mentorhub_web::http::current_request_id(),
            },
            report: Some(report),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
    }
}
