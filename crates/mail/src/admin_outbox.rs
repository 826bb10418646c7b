//! The admin's view of the outbox (`/admin/outbox`, `GET /api/v1/admin/outbox`):
//! who each message is for, its subject, whether it went out, how often it was
//! tried and why it failed. Never the bodies: they may quote private things.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use mentorhub_domain::notification::DeliveryStatus;
use mentorhub_store::{OutboxCounts, OutboxMessage};
use mentorhub_web::error::{bad_request, AppResult, ErrorBody};
use mentorhub_web::pages::{format_datetime, render, Layout};
use mentorhub_web::{ApiUser, AppState, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const PAGE_SIZE: i64 = 100;

#[derive(Debug, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `failed`; all when absent.
    pub status: Option<String>,
    /// Messages to skip, newest first; 0 or more (default 0).
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// One message, without its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// RFC 3339.
    pub queued_at: String,
    pub sent_at: Option<String>,
    /// When a pending message is tried next.
    pub next_attempt_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxCountsBody {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxListing {
    pub counts: OutboxCountsBody,
    /// Newest first, at most 100.
    pub messages: Vec<OutboxEntry>,
}

impl OutboxEntry {
    fn of(m: OutboxMessage) -> Self {
        let pending = m.status == DeliveryStatus::Pending;
        OutboxEntry {
            id: m.id.0,
            kind: m.kind.as_str().into(),
            recipient: m.recipient_email,
            subject: m.subject,
            status: m.status.as_str().into(),
            attempts: m.attempts,
            last_error: m.last_error,
            queued_at: m.created_at.to_rfc3339(),
            sent_at: m.sent_at.map(|t| t.to_rfc3339()),
            next_attempt_at: pending.then(|| m.next_attempt_at.to_rfc3339()),
        }
    }
}

async fn load(
    state: &AppState,
    query: &OutboxQuery,
) -> AppResult<(Option<DeliveryStatus>, OutboxCounts, Vec<OutboxMessage>)> {
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            DeliveryStatus::parse(s)
                .map_err(|_| bad_request("status must be pending, sent or failed"))?,
        ),
    };
    let offset = query.offset.unwrap_or(0);
    if offset < 0 {
        return Err(bad_request("offset must be 0 or more"));
    }
    let store = state.store();
    let counts = store.count_notifications().await?;
    let messages = store.list_notifications(status, PAGE_SIZE, offset).await?;
    Ok((status, counts, messages))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_outbox))
}

/// The outbox: counts by state and the latest messages, without their bodies.
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "mail", params(OutboxQuery),
    responses(
        (status = 200, description = "The outbox", body = OutboxListing),
        (status = 400, description = "Unknown status, or a negative offset", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list_outbox(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<OutboxQuery>,
) -> AppResult<Json<OutboxListing>> {
    user.require_admin()?;
    let (_, counts, messages) = load(&state, &query).await?;
    Ok(Json(OutboxListing {
        counts: OutboxCountsBody {
            pending: counts.pending,
            sent: counts.sent,
            failed: counts.failed,
        },
        messages: messages.into_iter().map(OutboxEntry::of).collect(),
    }))
}

/// A row of the page's table.
pub struct Row {
    pub recipient: String,
    pub subject: String,
    pub status: &'static str,
    pub attempts: i64,
    pub when: String,
    pub last_error: String,
}

#[derive(Template)]
#[template(path = "admin_outbox.html")]
pub struct OutboxPage {
    pub layout: Layout,
    pub counts: OutboxCounts,
    pub filter: &'static str,
    pub rows: Vec<Row>,
}

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/outbox", get(get_outbox_page))
}

pub async fn get_outbox_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(query): Query<OutboxQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let (status, counts, messages) = load(&state, &query).await?;
    let rows = messages
        .into_iter()
        .map(|m| Row {
            when: match (m.status, m.sent_at) {
                (DeliveryStatus::Sent, Some(at)) => format!("sent {}", format_datetime(at)),
                (DeliveryStatus::Pending, _) if m.attempts > 0 => {
                    format!("next try {}", format_datetime(m.next_attempt_at))
                }
                _ => format!("queued {}", format_datetime(m.created_at)),
            },
            recipient: m.recipient_email,
            subject: m.subject,
            status: m.status.as_str(),
            attempts: m.attempts,
            last_error: m.last_error.unwrap_or_default(),
        })
        .collect();
    Ok(render(&OutboxPage {
        layout: Layout::new("Outbox", Some(&user), "outbox"),
        counts,
        filter: status.map(|s| s.as_str()).unwrap_or(""),
        rows,
    }))
}
