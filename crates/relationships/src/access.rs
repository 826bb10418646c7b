//! What every handler of this area does first: find the relationship, the
//! viewer's standing to it (anyone else gets 404), and — for shared objects —
//! the version the client last saw.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::RelationshipId;
use mentorhub_web::authz::{self, Standing};
use mentorhub_web::error::{AppError, AppResult, ErrorDetail};
use mentorhub_web::{AppState, CurrentUser};
use serde::Serialize;
use utoipa::ToSchema;

/// The relationship and how the signed-in person stands to it.
pub async fn relationship_for(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Relationship, Standing)> {
    authz::relationship_for(state.store(), user, RelationshipId(id)).await
}

/// Records in the audit log (`relationship.view`, `relationship:<id>`) that someone
/// who is not one of the pair — the mentee's manager or an administrator — read
/// the relationship or part of it. The pair's own reads are not recorded. `what`
/// says which read, e.g. `page` or `api history`; the detail adds the standing.
pub async fn audit_read(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    what: &str,
) -> AppResult<()> {
    if standing.is_party() {
        return Ok(());
    }
    state
        .store()
        .record_audit(
            Some(user.person_id),
            "relationship.view",
            &format!("relationship:{}", rel.id.0),
            &format!("{what}, as {}", standing_name(standing)),
            state.now(),
        )
        .await?;
    Ok(())
}

/// Refuses anyone but the mentor and the mentee (who already know it exists).
pub fn require_party(standing: Standing, what: &str) -> AppResult<()> {
    authz::require(standing, &[Standing::Mentor, Standing::Mentee], what)
}

/// The mentee alone: their goals, their agenda.
pub fn require_mentee(standing: Standing, what: &str) -> AppResult<()> {
    if standing == Standing::Mentee {
        Ok(())
    } else {
        Err(mentorhub_web::error::forbidden(format!(
            "{what} is the mentee's to do: the mentee drives the relationship"
        )))
    }
}

pub fn standing_name(standing: Standing) -> &'static str {
    match standing {
        Standing::Mentor => "mentor",
        Standing::Mentee => "mentee",
        Standing::Manager => "manager",
        Standing::Admin => "admin",
    }
}

/// The version in an `If-Match` header (`"3"`, `W/"3"` or `3`).
pub fn if_match(headers: &HeaderMap) -> AppResult<i64> {
    let raw = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            mentorhub_web::error::bad_request(
                "send If-Match with the version you read (its ETag), so that nobody's change is overwritten",
            )
        })?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map_err(|_| mentorhub_web::error::bad_request("If-Match must be a version such as \"3\""))
}

pub fn etag(version: i64) -> (header::HeaderName, HeaderValue) {
    let value = HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    (header::ETAG, value)
}

/// A JSON body with the object's version as its ETag.
pub fn with_etag<T: Serialize>(status: StatusCode, version: i64, body: T) -> Response {
    (status, [etag(version)], Json(body)).into_response()
}

/// 412: the client's copy is stale. Says so, and carries the current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleBody {
    pub error: ErrorDetail,
    /// The version now stored: read it again, then retry with this version.
    pub current_version: i64,
}

pub fn stale(what: &str, current_version: i64) -> Response {
    let body = StaleBody {
        error: ErrorDetail {
            code: "stale",
            message: format!(
                "this {what} was changed by someone else since you read it; it is now at version {current_version}: read it again before changing it"
            ),
            field: None,
            request_id: mentorhub_web::http::current_request_id(),
        },
        current_version,
    };
    (
        StatusCode::PRECONDITION_FAILED,
        [etag(current_version)],
        Json(body),
    )
        .into_response()
}

/// Field errors of a page form, shown next to their fields.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_string(), message.into()));
    }

    /// Records a validation error (anything else is not a field's).
    pub fn note(&mut self, e: AppError) {
        match e {
            AppError::Invalid { field, message } => self.add(&field, message),
            other => self.add("", other.to_string()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first field's error, for the API (whose error names one field).
    pub fn into_first(self) -> AppError {
        match self.0.into_iter().next() {
            Some((field, message)) => AppError::Invalid { field, message },
            None => AppError::BadRequest("the form could not be read".into()),
        }
    }

    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// A validation error becomes a field error; anything else is passed on.
    pub fn from_error(e: AppError) -> AppResult<FieldErrors> {
        match e {
            AppError::Invalid { field, message } => {
                let mut errors = FieldErrors::default();
                errors.add(&field, message);
                Ok(errors)
            }
            other => Err(other),
        }
    }
}
