//! Small helpers every page and API handler of this area uses: field errors kept
//! beside a form, versions carried in `If-Match`/ETag, and who may see a programme.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use mentorhub_domain::enrolment::Enrolment;
use mentorhub_domain::participation::programme_visible_to;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{DomainError, ProgrammeId};
use mentorhub_store::{Store, StoreError};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::CurrentUser;

/// Errors of a submitted form, each next to its field.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    /// The first message for `field`, shown beside it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// The same errors under other field names (the API's names → a form's).
    pub fn renamed(self, f: impl Fn(&str) -> String) -> Self {
        FieldErrors(self.0.into_iter().map(|(k, m)| (f(&k), m)).collect())
    }

    pub fn extend(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Keeps the value, or records the domain's complaint under its field
    /// (`fallback` when the error names none).
    pub fn take<T>(&mut self, r: Result<T, DomainError>, fallback: &str) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add_domain(e, fallback);
                None
            }
        }
    }

    /// Like [`FieldErrors::take`], always under `field`.
    pub fn take_as<T>(&mut self, r: Result<T, DomainError>, field: &str) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Invalid { message, .. }) => {
                self.add(field, message);
                None
            }
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    pub fn add_domain(&mut self, e: DomainError, fallback: &str) {
        match e {
            DomainError::Invalid { field, message } => self.add(field, message),
            other => self.add(fallback, other.to_string()),
        }
    }

    /// The first error as an API error (422 naming the field).
    pub fn into_app_error(self) -> AppError {
        match self.0.into_iter().next() {
            Some((field, message)) => AppError::Invalid { field, message },
            None => AppError::BadRequest("the request is not valid".into()),
        }
    }

    /// Adds a store error that a person can act on; returns others.
    pub fn absorb(&mut self, e: StoreError, fallback: &str) -> Result<(), AppError> {
        match e {
            StoreError::Invalid(d) => {
                self.add_domain(d, fallback);
                Ok(())
            }
            StoreError::Conflict { field, message } => {
                self.add(field, message);
                Ok(())
            }
            other => Err(other.into()),
        }
    }
}

/// The version an API update is based on, from `If-Match: "<version>"`.
pub fn if_match(headers: &HeaderMap) -> AppResult<i64> {
    let raw = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            AppError::BadRequest(
                "send If-Match with the version (the ETag) you are updating".into(),
            )
        })?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map_err(|_| AppError::BadRequest(format!("If-Match {raw:?} is not a version")))
}

/// An optional `If-Match` (absent when creating).
pub fn optional_if_match(headers: &HeaderMap) -> AppResult<Option<i64>> {
    if headers.contains_key(header::IF_MATCH) {
        if_match(headers).map(Some)
    } else {
        Ok(None)
    }
}

/// `If-Match` on an object its first save creates (an assessment, a
/// self-assessment): optional while there is none (nothing to conflict with),
/// required once there is one (`existing` is its version).
pub fn if_match_once_saved(
    headers: &HeaderMap,
    existing: Option<i64>,
    what: &str,
) -> AppResult<Option<i64>> {
    match (optional_if_match(headers)?, existing) {
        (Some(v), _) => Ok(Some(v)),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(AppError::BadRequest(format!(
            "this {what} was saved before: send If-Match with the version you read (its ETag), so that nobody's change is overwritten"
        ))),
    }
}

/// 412: the update was based on another version than the one stored. Says so,
/// names the current version and sends it as the `ETag` (none when there is
/// nothing stored yet).
pub fn stale(what: &str, current: Option<i64>) -> Response {
    let message = match current {
        Some(v) => format!(
            "this {what} was changed by someone else since you read it; it is now at version {v}: read it again before changing it"
        ),
        None => format!(
            "there is no {what} yet, so no version to match: send the first one without If-Match"
        ),
    };
    let r = AppError::Stale(message).into_response();
    match current {
        Some(v) => with_etag(v, r),
        None => r,
    }
}

/// Adds `ETag: "<version>"` to a response.
pub fn with_etag(version: i64, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// A programme the signed-in person may see, with their enrolments in it.
/// Admins see every programme; others the ones they are enrolled in or could
/// join. Anyone else gets 404, as if it did not exist.
pub async fn visible_programme(
    store: &Store,
    user: &CurrentUser,
    id: ProgrammeId,
) -> AppResult<(Programme, Vec<Enrolment>)> {
    let programme = store
        .get_programme(id)
        .await
        .map_err(|_| AppError::NotFound("programme".into()))?;
    let mine: Vec<Enrolment> = store
        .list_enrolments_of_person(user.person_id)
        .await?
        .into_iter()
        .map(|l| l.enrolment)
        .filter(|e| e.programme_id == id)
        .collect();
    if user.is_admin {
        return Ok((programme, mine));
    }
    let person = store.get_person(user.person_id).await?;
    if programme_visible_to(&programme, &person, !mine.is_empty()) {
        Ok((programme, mine))
    } else {
        Err(AppError::NotFound("programme".into()))
    }
}

/// A page rendered with a status other than 200 (422 with errors, 412 stale).
pub fn render_status(page: &impl askama::Template, status: axum::http::StatusCode) -> Response {
    let mut r = mentorhub_web::pages::render(page);
    *r.status_mut() = status;
    r
}
