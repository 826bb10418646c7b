//! One error type for the web layer. A 4xx carries a message meant for a person
//! (and the form field it concerns); a 5xx is logged with its cause and shown as
//! "something went wrong" with the request id, never with internals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::DomainError;
use mentorhub_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("the email address or password is not right")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Stale(String),
    #[error("too many attempts; try again in a few minutes")]
    TooManyRequests,
    #[error("the service is unavailable: {0}")]
    Unavailable(String),
    #[error("something went wrong")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

pub fn bad_request(msg: impl Into<String>) -> AppError {
    AppError::BadRequest(msg.into())
}

pub fn forbidden(msg: impl Into<String>) -> AppError {
    AppError::Forbidden(msg.into())
}

pub fn not_found(what: impl Into<String>) -> AppError {
    AppError::NotFound(what.into())
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `invalid`, `unauthenticated`.
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
    /// The form or JSON field concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Quote this when reporting a problem.
    pub request_id: String,
}

/// Attached to error responses so the page layer can render them as HTML.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
    pub field: Option<String>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Stale(_) => StatusCode::PRECONDITION_FAILED,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid { .. } => "invalid",
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Stale(_) => "stale",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid { field, message } => AppError::Invalid { field, message },
            DomainError::IllegalTransition { .. } => AppError::Conflict(e.to_string()),
            DomainError::NotAllowed(m) => AppError::Forbidden(m),
            DomainError::Conflict(m) => AppError::Conflict(m),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what.to_string()),
            StoreError::Conflict { field, message } => AppError::Invalid { field, message },
            StoreError::StaleVersion(what) => AppError::Stale(format!(
                "this {what} was changed by someone else since you opened it; the latest version is shown"
            )),
            StoreError::Invalid(d) => d.into(),
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let request_id = crate::http::current_request_id();
        let (message, field) = match &self {
            AppError::Internal(e) => {
                tracing::error!(request_id = %request_id, error = ?e, "request failed");
                (
                    "something went wrong; quote the request id if you report it".to_string(),
                    None,
                )
            }
            AppError::Unavailable(m) => {
                tracing::error!(request_id = %request_id, "unavailable: {m}");
                (
                    "the service is unavailable right now; try again shortly".to_string(),
                    None,
                )
            }
            AppError::Invalid { field, message } => {
                (format!("{field}: {message}"), Some(field.clone()))
            }
            other => (other.to_string(), None),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: message.clone(),
                field: field.clone(),
                request_id,
            },
        };
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(ErrorInfo {
            status,
            message,
            field,
        });
        response
    }
}
