//! A mentor's answers: requests from mentees (self-match) and proposals from
//! the programme's matching, each accepted (the pair is introduced) or
//! declined with a reason the mentee reads only if shared. Nothing here says
//! who ranked whom: preferences never reach a mentor.

use crate::access::if_match;
use crate::requests::{answer, open_requests_to, Decline, RequestView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use mentorhub_domain::mentor_request::RequestDecision;
use mentorhub_domain::relationship::{Actor, RelationshipEvent, RelationshipState};
use mentorhub_domain::RelationshipId;
use mentorhub_web::error::{not_found, AppError, AppResult, ErrorBody};
use mentorhub_web::pages::{check_csrf, format_date, render, Layout};
use mentorhub_web::start::introduce;
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A proposal from the programme's matching, as its mentor sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalView {
    pub relationship_id: i64,
    pub programme_id: i64,
    pub programme_name: String,
    pub mentee_id: i64,
    pub mentee_name: String,
    /// proposed (waiting for the mentor) or awaiting_manager_approval.
    pub state: String,
    pub proposed_on: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Inbox {
    pub requests: Vec<RequestView>,
    pub proposals: Vec<ProposalView>,
}

async fn inbox(state: &AppState, user: &CurrentUser) -> AppResult<Inbox> {
    let proposals = state
        .store()
        .list_relationships_as_mentor(user.person_id)
        .await?
        .into_iter()
        .filter(|s| s.relationship.state == RelationshipState::Proposed)
        .map(|s| ProposalView {
            relationship_id: s.relationship.id.0,
            programme_id: s.relationship.programme_id.0,
            programme_name: s.programme_name,
            mentee_id: s.relationship.mentee_id.0,
            mentee_name: s.mentee_name,
            state: s.relationship.state.as_str().to_string(),
            proposed_on: format_date(s.relationship.created_at),
            version: s.relationship.version,
        })
        .collect();
    Ok(Inbox {
        requests: open_requests_to(state, user.person_id).await?,
        proposals,
    })
}

/// Accepts or declines a proposal made to the signed-in mentor.
async fn answer_proposal(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    accept: bool,
    decline: &Decline,
    expected_version: Option<i64>,
) -> AppResult<String> {
    let store = state.store();
    let rel = store
        .get_relationship(RelationshipId(id))
        .await
        .map_err(|_| not_found("proposal"))?;
    if rel.mentor_id != user.person_id {
        return Err(not_found("proposal"));
    }
    if expected_version.is_some_and(|v| v != rel.version) {
        return Err(AppError::Stale(
            "this proposal changed since you opened it; the latest state is shown".into(),
        ));
    }
    if rel.state != RelationshipState::Proposed {
        return Err(AppError::Conflict(format!(
            "this proposal is {} and can no longer be answered",
            rel.state.label().to_lowercase()
        )));
    }
    let now = state.now();
    let to = if accept {
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

/// Requests and proposals waiting for the signed-in mentor.
#[utoipa::path(get, path = "/api/v1/mentoring/requests", tag = "matchmaking",
    responses(
        (status = 200, description = "What waits for an answer", body = Inbox),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list_inbox(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<Inbox>> {
    Ok(Json(inbox(&state, &user).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalAnswer {
    pub relationship_id: i64,
    /// The relationship's state now: introduced, or declined.
    pub state: String,
}

/// The proposed mentor accepts: both are introduced.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/accept", tag = "matchmaking",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = Option<String>, Header, description = "The relationship's version")),
    responses(
        (status = 200, description = "Accepted and introduced", body = ProposalAnswer),
        (status = 404, description = "No proposal made to you", body = ErrorBody),
        (status = 409, description = "No longer waiting for an answer", body = ErrorBody),
        (status = 412, description = "Changed since it was read", body = ErrorBody),
    ))]
pub async fn update_proposal_accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Json<ProposalAnswer>> {
    let v = if_match(&headers)?;
    let s = answer_proposal(&state, &user, id, true, &Decline::default(), v).await?;
    Ok(Json(ProposalAnswer {
        relationship_id: id,
        state: s,
    }))
}

/// The proposed mentor declines, with a reason kept from the mentee unless shared.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/decline", tag = "matchmaking",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = Option<String>, Header, description = "The relationship's version")),
    request_body = Decline,
    responses(
        (status = 200, description = "Declined", body = ProposalAnswer),
        (status = 404, description = "No proposal made to you", body = ErrorBody),
        (status = 409, description = "No longer waiting for an answer", body = ErrorBody),
        (status = 412, description = "Changed since it was read", body = ErrorBody),
        (status = 422, description = "No reason given", body = ErrorBody),
    ))]
pub async fn update_proposal_decline(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<Decline>,
) -> AppResult<Json<ProposalAnswer>> {
    let v = if_match(&headers)?;
    let s = answer_proposal(&state, &user, id, false, &body, v).await?;
    Ok(Json(ProposalAnswer {
        relationship_id: id,
        state: s,
    }))
}

// ---- the page ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub layout: Layout,
    pub inbox: Inbox,
    pub notice: Option<String>,
    pub alert: Option<String>,
    /// A refused decline: (kind "request"/"proposal", id, message, typed reason).
    pub error: Option<(String, i64, String, String)>,
}

impl InboxPage {
    pub fn error_for(&self, kind: &str, id: &i64) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(k, i, _, _)| k == kind && i == id)
            .map(|(_, _, m, _)| m.as_str())
    }
    pub fn typed_for(&self, kind: &str, id: &i64) -> &str {
        self.error
            .as_ref()
            .filter(|(k, i, _, _)| k == kind && i == id)
            .map(|(_, _, _, t)| t.as_str())
            .unwrap_or("")
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<String>,
    alert: Option<String>,
    error: Option<(String, i64, String, String)>,
) -> AppResult<Response> {
    let p = InboxPage {
        layout: Layout::new("Mentee requests", Some(user), "mentee-requests"),
        inbox: inbox(state, user).await?,
        notice,
        alert,
        error,
    };
    Ok(render(&p))
}

pub async fn get_inbox_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    axum::extract::Query(q): axum::extract::Query<crate::directory::NoticeQuery>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("accepted") => Some("Accepted. You are both introduced by email.".to_string()),
        Some("declined") => Some("Declined. Thank you for answering.".to_string()),
        _ => None,
    };
    page(&state, &user, notice, None, None).await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    pub csrf: String,
    pub version: i64,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub share_reason: Option<String>,
}

/// Runs an answer from a page form; a refusal re-renders the page with the
/// message next to the form and the typed reason kept.
async fn answer_form(
    state: AppState,
    user: CurrentUser,
    kind: &str,
    id: i64,
    accept: bool,
    form: AnswerForm,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let decline = Decline {
        reason: form.reason.clone(),
        share_reason: form.share_reason.is_some(),
    };
    let result = if kind == "request" {
        let d = if accept {
            RequestDecision::Accept
        } else {
            RequestDecision::Decline
        };
        answer(&state, &user, id, d, &decline, Some(form.version))
            .await
            .map(|_| ())
    } else {
        answer_proposal(&state, &user, id, accept, &decline, Some(form.version))
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => {
            let done = if accept { "accepted" } else { "declined" };
            Ok(Redirect::to(&format!("/mentoring/requests?done={done}")).into_response())
        }
        Err(AppError::Invalid { message, .. }) => {
            let e = (kind.to_string(), id, message, form.reason);
            let mut r = page(&state, &user, None, None, Some(e)).await?;
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

pub async fn update_request_accept_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    answer_form(state, user, "request", id, true, form).await
}

pub async fn update_request_decline_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    answer_form(state, user, "request", id, false, form).await
}

pub async fn update_proposal_accept_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    answer_form(state, user, "proposal", id, true, form).await
}

pub async fn update_proposal_decline_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    answer_form(state, user, "proposal", id, false, form).await
}
