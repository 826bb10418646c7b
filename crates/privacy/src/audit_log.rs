//! The audit log for administrators: `/admin/audit` and `GET /api/v1/audit`,
//! newest first, paginated, filtered by action and by person (what they did or
//! what was done about them). Anyone else gets 404.
//!
//! Entries say who did what to whom and when, never note text: e.g.
//! `person.view` (an admin opened a person's page), `participant.view`,
//! `health.export`, `data.export`, `person.erase`, `role.change`,
//! `relationship.view` (someone not of the pair read a relationship),
//! `admin.create` (`mentorhub create-admin`).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use mentorhub_domain::PersonId;
use mentorhub_store::privacy_queries::AuditFilter;
use mentorhub_store::AuditEntry;
use mentorhub_web::error::{bad_request, not_found, AppResult, ErrorBody};
use mentorhub_web::pages::{format_datetime, render, url_encode, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const PAGE_SIZE: i64 = 50;

fn admins_only(user: &CurrentUser) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(not_found("page"))
    }
}

/// The person a filter names: an id, or an email address of someone stored.
async fn person_filter(state: &AppState, raw: &str) -> AppResult<Option<Option<PersonId>>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Some(None));
    }
    if let Ok(id) = raw.parse::<i64>() {
        return Ok(Some(Some(PersonId(id))));
    }
    Ok(state
        .store()
        .get_person_by_email(&raw.to_lowercase())
        .await?
        .map(|p| Some(p.id)))
}

// ---- pages ----

pub fn pages() -> Router<AppState> {
    Router::new().route("/admin/audit", get(list_audit))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    /// A person's id or email address.
    pub person: String,
    pub page: i64,
}

impl AuditQuery {
    fn link(&self, page: i64) -> String {
        format!(
            "/admin/audit?action={}&person={}&page={page}",
            url_encode(&self.action),
            url_encode(&self.person)
        )
    }
}

/// One row as the page shows it.
pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    /// The person the entry is about, when it is about one.
    pub subject_person: Option<i64>,
    pub detail: String,
}

impl AuditRow {
    fn of(e: &AuditEntry) -> Self {
        AuditRow {
            when: format_datetime(e.at),
            actor: match (&e.actor_name, e.actor_id) {
                (Some(name), _) => name.clone(),
                (None, Some(id)) => format!("person #{}", id.0),
                (None, None) => "the system".into(),
            },
            actor_id: e.actor_id.map(|p| p.0),
            action: e.action.clone(),
            subject_person: e
                .subject
                .strip_prefix("person:")
                .and_then(|s| s.parse().ok()),
            subject: e.subject.clone(),
            detail: e.detail.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub query: AuditQuery,
    pub actions: Vec<String>,
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub first: i64,
    pub last: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub person_error: Option<String>,
}

/// `GET /admin/audit`
pub async fn list_audit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(query): Query<AuditQuery>,
) -> AppResult<Response> {
    admins_only(&user)?;
    let store = state.store();
    let page = query.page.clamp(0, 1_000_000);
    let mut person_error = None;
    let person = match person_filter(&state, &query.person).await? {
        Some(p) => p,
        None => {
            person_error =
                Some("Nobody has that email address; give an email or a person's id.".into());
            None
        }
    };
    let filter = AuditFilter {
        action: Some(query.action.trim().to_string()).filter(|a| !a.is_empty()),
        person,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
    };
    let (entries, total) = if person_error.is_some() {
        (Vec::new(), 0)
    } else {
        (
            store.list_audit_filtered(&filter).await?,
            store.count_audit_filtered(&filter).await?,
        )
    };
    let first = filter.offset + 1;
    let last = filter.offset + entries.len() as i64;
    Ok(render(&AuditPage {
        layout: Layout::new("Audit log", Some(&user), "audit"),
        actions: store.audit_actions().await?,
        rows: entries.iter().map(AuditRow::of).collect(),
        prev: (page > 0).then(|| query.link(page - 1)),
        next: (last < total).then(|| query.link(page + 1)),
        query,
        total,
        first,
        last,
        person_error,
    }))
}

// ---- API ----

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit_entries))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct AuditParams {
    /// Only entries of this action, e.g. `person.erase`.
    pub action: Option<String>,
    /// Only entries done by or about this person (their id).
    pub person: Option<i64>,
    /// The page, from 0.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub page: Option<i64>,
    /// Entries a page, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<i64>,
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryBody {
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who did it; none for the system.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    /// What it was done to, e.g. `person:12` or `programme:3`.
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditListBody {
    pub entries: Vec<AuditEntryBody>,
    /// Entries matching the filters, all pages together.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The audit log, newest first (administrators only; anyone else gets 404).
#[utoipa::path(get, path = "/api/v1/audit", tag = "privacy", params(AuditParams),
    responses(
        (status = 200, body = AuditListBody),
        (status = 400, body = ErrorBody, description = "A query parameter is not a number, or out of its range"),
        (status = 401, body = ErrorBody, description = "Not signed in"),
        (status = 404, body = ErrorBody, description = "Not an administrator"),
    ))]
pub async fn list_audit_entries(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(params): Query<AuditParams>,
) -> AppResult<Json<AuditListBody>> {
    admins_only(&user)?;
    let store = state.store();
    let page = params.page.unwrap_or(0);
    if !(0..=1_000_000).contains(&page) {
        return Err(bad_request("page must be from 0 to 1000000"));
    }
    let per_page = params.per_page.unwrap_or(PAGE_SIZE);
    if !(1..=500).contains(&per_page) {
        return Err(bad_request("per_page must be from 1 to 500"));
    }
    let filter = AuditFilter {
        action: params.action.filter(|a| !a.trim().is_empty()),
        person: params.person.map(PersonId),
        limit: per_page,
        offset: page * per_page,
    };
    let entries = store.list_audit_filtered(&filter).await?;
    Ok(Json(AuditListBody {
        entries: entries
            .iter()
            .map(|e| AuditEntryBody {
                id: e.id,
                at: e.at.to_rfc3339(),
                actor_id: e.actor_id.map(|p| p.0),
                actor_name: e.actor_name.clone(),
                action: e.action.clone(),
                subject: e.subject.clone(),
                detail: e.detail.clone(),
            })
            .collect(),
        total: store.count_audit_filtered(&filter).await?,
        page,
        per_page,
    }))
}
