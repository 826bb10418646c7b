//! Self-match mode (SPEC §2): a mentee asks an approved mentor directly; the
//! mentor accepts (the pair is introduced) or declines with a reason that the
//! mentee reads only if the mentor shares it. One request is open at a time:
//! after a decline the mentee moves on to their next choice (`001_…` step 3).

use crate::access::{if_match, participation};
use crate::capacity::start_within_capacity;
use crate::pool::{places_left, Directory};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use mentorhub_domain::mentor_request::{MentorRequest, RequestDecision, RequestState};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_domain::relationship::{Actor, Origin};
use mentorhub_domain::{DomainError, PersonId, ProgrammeId, RelationshipId};
use mentorhub_web::error::{not_found, AppError, AppResult, ErrorBody};
use mentorhub_web::notify::{queue, Message};
use mentorhub_web::start::Start;
use mentorhub_web::{ApiUser, AppState, CurrentUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRequest {
    /// The mentor's person id (as listed by the directory).
    pub mentor_person_id: i64,
    /// Why this mentor, in the mentee's words (optional).
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Decline {
    pub reason: String,
    /// Let the mentee read the reason (kept from them otherwise).
    #[serde(default)]
    pub share_reason: bool,
}

/// A request as its mentee or its mentor sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestView {
    pub id: i64,
    pub programme_id: i64,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub message: String,
    /// open, accepted, declined or withdrawn.
    pub state: String,
    /// The decline reason: always for the mentor, for the mentee only if shared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship_id: Option<i64>,
}

pub async fn view(
    state: &AppState,
    r: &MentorRequest,
    viewer: PersonId,
    relationship: Option<RelationshipId>,
) -> AppResult<RequestView> {
    let store = state.store();
    let reason = if viewer == r.mentor_id {
        (!r.reason.is_empty()).then(|| r.reason.clone())
    } else {
        r.reason_for_mentee().map(str::to_string)
    };
    Ok(RequestView {
        id: r.id,
        programme_id: r.programme_id.0,
        mentee_id: r.mentee_id.0,
        mentee_name: store.get_person(r.mentee_id).await?.name,
        mentor_id: r.mentor_id.0,
        mentor_name: store.get_person(r.mentor_id).await?.name,
        message: r.message.clone(),
        state: r.state.as_str().to_string(),
        reason,
        version: r.version,
        relationship_id: relationship.map(|x| x.0),
    })
}

/// The request's checks and record; shared by the API and the page form.
pub async fn make_request(
    state: &AppState,
    directory: &Directory,
    user: &CurrentUser,
    programme: ProgrammeId,
    mentor: PersonId,
    message: &str,
) -> AppResult<MentorRequest> {
    let store = state.store();
    let p = participation(store, user, programme).await?;
    p.mentee()?;
    if p.programme.mode != ProgrammeMode::SelfMatch {
        return Err(AppError::Conflict(
            "in this programme mentees do not ask mentors directly".into(),
        ));
    }
    let pool = directory.pool(store, &p.programme).await?;
    if !pool.mentees.contains_key(&user.person_id) {
        return Err(invalid(
            "mentor",
            "complete your self-assessment before asking a mentor",
        ));
    }
    let Some(m) = pool.mentor(mentor).filter(|_| mentor != user.person_id) else {
        return Err(invalid(
            "mentor",
            "choose from the mentors this programme lists",
        ));
    };
    if places_left(m) == 0 {
        return Err(AppError::Conflict(format!(
            "{} has no place left; choose another mentor",
            m.person.name
        )));
    }
    if store
        .has_open_relationship_in(programme, user.person_id)
        .await?
    {
        return Err(AppError::Conflict(
            "you already have a mentoring relationship in this programme".into(),
        ));
    }
    if store.pair_was_dormant(mentor, user.person_id).await? {
        return Err(invalid(
            "mentor",
            "you were paired before and it went quiet; try someone new",
        ));
    }
    if message.chars().count() > 2000 {
        return Err(invalid("message", "is longer than 2000 characters"));
    }
    let id = store
        .create_mentor_request(programme, user.person_id, mentor, message, state.now())
        .await?;
    let text = format!(
        "{} asks whether you would be their mentor in \"{}\".{}\n\nOpen Mentorhub to accept or decline. If you decline, you choose whether they may read your reason.",
        user.name,
        p.programme.name,
        if message.trim().is_empty() {
            String::new()
        } else {
            format!("\n\nIn their words: {}", message.trim())
        }
    );
    queue(
        store,
        &Message {
            kind: NotificationKind::MatchRequest,
            to: mentor,
            subject: format!("{} asks you to be their mentor", user.name),
            text,
            dedupe_key: format!("mentor-request:{id}:asked"),
        },
        state.now(),
    )
    .await?;
    Ok(store.get_mentor_request(id).await?)
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Loads a request for one of its two people; anyone else gets 404.
async fn request_for(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<MentorRequest> {
    let r = state
        .store()
        .get_mentor_request(id)
        .await
        .map_err(|_| not_found("request"))?;
    if r.mentee_id != user.person_id && r.mentor_id != user.person_id {
        return Err(not_found("request"));
    }
    Ok(r)
}

fn decision_error(e: DomainError) -> AppError {
    match e {
        DomainError::IllegalTransition { state, .. } => {
            AppError::Conflict(format!("this request is already {state}"))
        }
        other => other.into(),
    }
}

/// Accepts, declines or withdraws a request. Accepting starts the relationship
/// within the mentor's capacity and introduces the pair.
pub async fn answer(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    decision: RequestDecision,
    decline: &Decline,
    expected_version: Option<i64>,
) -> AppResult<RequestView> {
    let store = state.store();
    let r = request_for(state, user, id).await?;
    if expected_version.is_some_and(|v| v != r.version) {
        return Err(AppError::Stale(
            "this request changed since you opened it; the latest version is shown".into(),
        ));
    }
    let to = r
        .decide(decision, user.person_id, &decline.reason)
        .map_err(decision_error)?;
    let now = state.now();
    let (reason, shared) = match decision {
        RequestDecision::Decline => (decline.reason.as_str(), decline.share_reason),
        _ => ("", false),
    };
    // The answer is taken first, so that an answer arriving at the same time
    // (the mentee withdrawing while the mentor accepts) finds it taken and
    // nothing else happens; an accepted request then starts its relationship,
    // or opens again when the mentor has no place left.
    if !store
        .close_mentor_request(r.id, r.version, to, reason, shared, None, now)
        .await?
    {
        return Err(AppError::Conflict(
            "this request was answered meanwhile".into(),
        ));
    }
    let mut relationship = None;
    if decision == RequestDecision::Accept {
        let start = Start {
            programme: r.programme_id,
            mentor: r.mentor_id,
            mentee: r.mentee_id,
            origin: Origin::Requested,
            actor: Actor::Person(user.person_id),
            introduce_now: true,
        };
        match start_within_capacity(store, start, now).await {
            Ok(started) => {
                store.link_request_relationship(r.id, started.id).await?;
                relationship = Some(started.id);
            }
            Err(e) => {
                store.reopen_mentor_request(r.id).await?;
                return Err(e);
            }
        }
    }
    if decision == RequestDecision::Decline {
        let mentor = store.get_person(r.mentor_id).await?;
        let why = if shared {
            format!("\n\nTheir reason: {}", decline.reason.trim())
        } else {
            String::new()
        };
        let text = format!(
            "{} cannot be your mentor this time.{why}\n\nThis happens often and says nothing against you: ask your next choice from the directory.",
            mentor.name
        );
        queue(
            store,
            &Message {
                kind: NotificationKind::MatchRequest,
                to: r.mentee_id,
                subject: format!("{} cannot be your mentor this time", mentor.name),
                text,
                dedupe_key: format!("mentor-request:{}:declined", r.id),
            },
            now,
        )
        .await?;
    }
    let r = store.get_mentor_request(r.id).await?;
    view(state, &r, user.person_id, relationship).await
}

/// Ask a mentor directly (programmes in self-match mode). One open request at a time.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/requests", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    request_body = NewRequest,
    responses(
        (status = 201, description = "Sent; the mentor is told by email", body = RequestView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not a mentee of this programme", body = ErrorBody),
        (status = 409, description = "Not a self-match programme, mentor full, already matched", body = ErrorBody),
        (status = 422, description = "Not assessed, mentor not listed, or a request is already open", body = ErrorBody),
    ))]
pub async fn create_request(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<NewRequest>,
) -> AppResult<(StatusCode, Json<RequestView>)> {
    let r = make_request(
        &state,
        &directory,
        &user,
        ProgrammeId(id),
        PersonId(body.mentor_person_id),
        &body.message,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(view(&state, &r, user.person_id, None).await?),
    ))
}

/// The signed-in mentee's requests in a programme, open first.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/requests", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, description = "Their requests", body = [RequestView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not a mentee of this programme", body = ErrorBody),
    ))]
pub async fn list_requests(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<RequestView>>> {
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    p.mentee()?;
    let mut out = Vec::new();
    for r in state
        .store()
        .list_requests_of(ProgrammeId(id), user.person_id)
        .await?
    {
        out.push(view(&state, &r, user.person_id, None).await?);
    }
    Ok(Json(out))
}

/// The requested mentor accepts: the relationship starts within their capacity
/// and both are introduced (or the mentee's manager is asked first).
#[utoipa::path(post, path = "/api/v1/requests/{id}/accept", tag = "matchmaking",
    params(("id" = i64, Path, description = "Request id"),
           ("If-Match" = Option<String>, Header, description = "The request's version")),
    responses(
        (status = 200, description = "Accepted", body = RequestView),
        (status = 403, description = "Only the requested mentor answers", body = ErrorBody),
        (status = 404, description = "No such request of yours", body = ErrorBody),
        (status = 409, description = "Already answered, or no place left", body = ErrorBody),
        (status = 412, description = "The request changed since it was read", body = ErrorBody),
    ))]
pub async fn update_request_accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Json<RequestView>> {
    let v = if_match(&headers)?;
    let d = Decline::default();
    Ok(Json(
        answer(&state, &user, id, RequestDecision::Accept, &d, v).await?,
    ))
}

/// The requested mentor declines, with a reason the mentee reads only if shared.
#[utoipa::path(post, path = "/api/v1/requests/{id}/decline", tag = "matchmaking",
    params(("id" = i64, Path, description = "Request id"),
           ("If-Match" = Option<String>, Header, description = "The request's version")),
    request_body = Decline,
    responses(
        (status = 200, description = "Declined; the mentee is told", body = RequestView),
        (status = 403, description = "Only the requested mentor answers", body = ErrorBody),
        (status = 404, description = "No such request of yours", body = ErrorBody),
        (status = 409, description = "Already answered", body = ErrorBody),
        (status = 412, description = "The request changed since it was read", body = ErrorBody),
        (status = 422, description = "No reason given", body = ErrorBody),
    ))]
pub async fn update_request_decline(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<Decline>,
) -> AppResult<Json<RequestView>> {
    let v = if_match(&headers)?;
    Ok(Json(
        answer(&state, &user, id, RequestDecision::Decline, &body, v).await?,
    ))
}

/// The mentee takes back a request the mentor has not answered.
#[utoipa::path(post, path = "/api/v1/requests/{id}/withdraw", tag = "matchmaking",
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "Withdrawn", body = RequestView),
        (status = 403, description = "Only the mentee withdraws", body = ErrorBody),
        (status = 404, description = "No such request of yours", body = ErrorBody),
        (status = 409, description = "Already answered", body = ErrorBody),
    ))]
pub async fn update_request_withdraw(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<RequestView>> {
    let d = Decline::default();
    Ok(Json(
        answer(&state, &user, id, RequestDecision::Withdraw, &d, None).await?,
    ))
}

/// Open requests waiting for `mentor`.
pub async fn open_requests_to(state: &AppState, mentor: PersonId) -> AppResult<Vec<RequestView>> {
    let mut out = Vec::new();
    for r in state.store().list_requests_to(mentor).await? {
        if r.state == RequestState::Open {
            out.push(view(state, &r, mentor, None).await?);
        }
    }
    Ok(out)
}
