//! A manager's view (`001_…` step 3, `003_…`): the mentoring relationships of
//! their direct reports — that they exist and their state, nothing more — and
//! the approvals asked of them when a mentor is in the report's own line.

use crate::access::if_match;
use crate::requests::Decline;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use mentorhub_domain::relationship::{Actor, RelationshipEvent, RelationshipState};
use mentorhub_domain::RelationshipId;
use mentorhub_web::error::{not_found, AppError, AppResult, ErrorBody};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::start::introduce;
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamRelationship {
    pub relationship_id: i64,
    pub programme_name: String,
    pub mentee_name: String,
    pub mentor_name: String,
    /// Which of the two reports to you: `mentee` or `mentor`.
    pub report_is: String,
    pub state: String,
    pub state_label: String,
    /// Waiting for your approval (the mentor is in your report's management line).
    pub awaiting_your_approval: bool,
    pub version: i64,
}

async fn team(state: &AppState, user: &CurrentUser) -> AppResult<Vec<TeamRelationship>> {
    let store = state.store();
    let mut out = Vec::new();
    for s in store.list_relationships_of_reports(user.person_id).await? {
        let rel = &s.relationship;
        let mentee = store.get_person(rel.mentee_id).await?;
        let mentee_reports = mentee.manager_id == Some(user.person_id);
        out.push(TeamRelationship {
            relationship_id: rel.id.0,
            programme_name: s.programme_name.clone(),
            mentee_name: s.mentee_name.clone(),
            mentor_name: s.mentor_name.clone(),
            report_is: if mentee_reports { "mentee" } else { "mentor" }.into(),
            state: rel.state.as_str().into(),
            state_label: rel.state.label().into(),
            awaiting_your_approval: mentee_reports
                && rel.state == RelationshipState::AwaitingManagerApproval,
            version: rel.version,
        });
    }
    Ok(out)
}

/// Approves or declines for the mentee's own manager; anyone else gets 404.
async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    approve: bool,
    decline: &Decline,
    expected_version: Option<i64>,
) -> AppResult<String> {
    let store = state.store();
    let rel = store
        .get_relationship(RelationshipId(id))
        .await
        .map_err(|_| not_found("relationship"))?;
    let mentee = store.get_person(rel.mentee_id).await?;
    if mentee.manager_id != Some(user.person_id) {
        return Err(not_found("relationship"));
    }
    if expected_version.is_some_and(|v| v != rel.version) {
        return Err(AppError::Stale(
            "this relationship changed since you opened it; its current state is shown".into(),
        ));
    }
    if rel.state != RelationshipState::AwaitingManagerApproval {
        return Err(AppError::Conflict(format!(
            "this relationship is {} and waits for no approval",
            rel.state.label().to_lowercase()
        )));
    }
    let now = state.now();
    let to = if approve {
        introduce(store, rel.id, Actor::Person(user.person_id), now).await?
    } else {
        store
            .apply_relationship_event(
                rel.id,
                RelationshipEvent::Decline,
                Actor::Person(user.person_id),
                now,
                &decline.reason,
                decline.share_reason,
                Some(rel.version),
            )
            .await?
            .0
            .state
    };
    Ok(to.as_str().to_string())
}

/// The mentoring relationships of the signed-in manager's direct reports.
#[utoipa::path(get, path = "/api/v1/team", tag = "matchmaking",
    responses(
        (status = 200, description = "Existence and state only", body = [TeamRelationship]),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list_team(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<Vec<TeamRelationship>>> {
    Ok(Json(team(&state, &user).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalAnswer {
    pub relationship_id: i64,
    /// introduced (approved) or declined.
    pub state: String,
}

/// The mentee's manager approves: the pair is introduced.
#[utoipa::path(post, path = "/api/v1/team/{id}/approve", tag = "matchmaking",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = Option<String>, Header, description = "The relationship's version")),
    responses(
        (status = 200, description = "Approved and introduced", body = ApprovalAnswer),
        (status = 404, description = "Not a relationship of your report", body = ErrorBody),
        (status = 409, description = "Not waiting for approval", body = ErrorBody),
        (status = 412, description = "Changed since it was read", body = ErrorBody),
    ))]
pub async fn update_team_approve(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Json<ApprovalAnswer>> {
    let v = if_match(&headers)?;
    let s = decide(&state, &user, id, true, &Decline::default(), v).await?;
    Ok(Json(ApprovalAnswer {
        relationship_id: id,
        state: s,
    }))
}

/// The mentee's manager declines, with a reason.
#[utoipa::path(post, path = "/api/v1/team/{id}/decline", tag = "matchmaking",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = Option<String>, Header, description = "The relationship's version")),
    request_body = Decline,
    responses(
        (status = 200, description = "Declined", body = ApprovalAnswer),
        (status = 404, description = "Not a relationship of your report", body = ErrorBody),
        (status = 409, description = "Not waiting for approval", body = ErrorBody),
        (status = 412, description = "Changed since it was read", body = ErrorBody),
        (status = 422, description = "No reason given", body = ErrorBody),
    ))]
pub async fn update_team_decline(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<Decline>,
) -> AppResult<Json<ApprovalAnswer>> {
    let v = if_match(&headers)?;
    let s = decide(&state, &user, id, false, &body, v).await?;
    Ok(Json(ApprovalAnswer {
        relationship_id: id,
        state: s,
    }))
}

#[derive(Template)]
#[template(path = "team.html")]
pub struct TeamPage {
    pub layout: Layout,
    pub team: Vec<TeamRelationship>,
    pub notice: Option<String>,
    pub alert: Option<String>,
    /// A refused decline: (relationship id, message, typed reason).
    pub error: Option<(i64, String, String)>,
}

impl TeamPage {
    pub fn error_for(&self, id: &i64) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(i, _, _)| i == id)
            .map(|(_, m, _)| m.as_str())
    }
    pub fn typed_for(&self, id: &i64) -> &str {
        self.error
            .as_ref()
            .filter(|(i, _, _)| i == id)
            .map(|(_, _, t)| t.as_str())
            .unwrap_or("")
    }
    pub fn awaiting(&self) -> usize {
        self.team
            .iter()
            .filter(|t| t.awaiting_your_approval)
            .count()
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<String>,
    alert: Option<String>,
    error: Option<(i64, String, String)>,
) -> AppResult<Response> {
    let p = TeamPage {
        layout: Layout::new("Your team's mentoring", Some(user), "team"),
        team: team(state, user).await?,
        notice,
        alert,
        error,
    };
    Ok(render(&p))
}

pub async fn get_team_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<crate::directory::NoticeQuery>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("approved") => Some("Approved. Both are introduced by email.".to_string()),
        Some("declined") => Some("Declined. Both are told.".to_string()),
        _ => None,
    };
    page(&state, &user, notice, None, None).await
}

#[derive(Deserialize)]
pub struct TeamForm {
    pub csrf: String,
    pub version: i64,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub share_reason: Option<String>,
}

async fn decide_form(
    state: AppState,
    user: CurrentUser,
    id: i64,
    approve: bool,
    form: TeamForm,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let d = Decline {
        reason: form.reason.clone(),
        share_reason: form.share_reason.is_some(),
    };
    match decide(&state, &user, id, approve, &d, Some(form.version)).await {
        Ok(_) => {
            let done = if approve { "approved" } else { "declined" };
            Ok(Redirect::to(&format!("/team?done={done}")).into_response())
        }
        Err(AppError::Invalid { message, .. }) => {
            let mut r = page(&state, &user, None, None, Some((id, message, form.reason))).await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e @ (AppError::Stale(_) | AppError::Conflict(_))) => {
            let status = e.status();
            let mut r = page(&state, &user, None, Some(e.to_string()), None).await?;
            *r.status_mut() = status;
            Ok(r)
        }
        Err(e) => Err(e),
    }
}

pub async fn update_team_approve_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<TeamForm>,
) -> AppResult<Response> {
    decide_form(state, user, id, true, form).await
}

pub async fn update_team_decline_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<TeamForm>,
) -> AppResult<Response> {
    decide_form(state, user, id, false, form).await
}
