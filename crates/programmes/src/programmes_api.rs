//! `/api/v1/programmes`: setup, announcement and enrolment, as the pages offer them.

use crate::announcement::announce;
use crate::enrolment::enrol_mentee;
use crate::programme_input::ProgrammeInput;
use crate::support::{if_match, visible_programme, with_etag};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::enrolment::Enrolment;
use mentorhub_domain::participation::programme_visible_to;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_store::Store;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_programmes, create_programme))
        .routes(routes!(get_programme, update_programme))
        .routes(routes!(create_announcement))
        .routes(routes!(list_enrolments, create_enrolment))
        .routes(routes!(list_qualified_mentors))
}

/// A person's enrolment in a programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentBody {
    pub id: i64,
    pub programme_id: i64,
    pub person_id: i64,
    /// `mentor` or `mentee`.
    pub role: String,
    /// `applied`, `enrolled`, `approved`, `declined` or `withdrawn`.
    pub status: String,
    /// Why a mentor application was declined (told to the applicant).
    pub decision_reason: Option<String>,
}

impl EnrolmentBody {
    pub fn of(e: &Enrolment) -> Self {
        EnrolmentBody {
            id: e.id.0,
            programme_id: e.programme_id.0,
            person_id: e.person_id.0,
            role: e.role.as_str().into(),
            status: e.status.as_str().into(),
            decision_reason: e.decision_reason.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeBody {
    pub id: i64,
    /// Send it back in `If-Match` to update.
    pub version: i64,
    /// RFC 3339, when first announced.
    pub announced_at: Option<String>,
    /// Announcement emails queued so far.
    pub announced_to: i64,
    #[serde(flatten)]
    pub settings: ProgrammeInput,
    /// The caller's own enrolments in the programme.
    pub my_enrolments: Vec<EnrolmentBody>,
}

async fn body(store: &Store, p: &Programme, mine: &[Enrolment]) -> AppResult<ProgrammeBody> {
    Ok(ProgrammeBody {
        id: p.id.0,
        version: p.version,
        announced_at: store
            .programme_announced_at(p.id)
            .await?
            .map(|t| t.to_rfc3339()),
        announced_to: store.count_announcement_messages(p.id).await?,
        settings: ProgrammeInput::of(p),
        my_enrolments: mine.iter().map(EnrolmentBody::of).collect(),
    })
}

/// Programmes the caller can take part in (administrators: all).
#[utoipa::path(get, path = "/api/v1/programmes", tag = "programmes",
    responses((status = 200, body = Vec<ProgrammeBody>), (status = 401, body = ErrorBody)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<Vec<ProgrammeBody>>> {
    let store = state.store();
    let mine: Vec<Enrolment> = store
        .list_enrolments_of_person(user.person_id)
        .await?
        .into_iter()
        .map(|l| l.enrolment)
        .collect();
    let me = store.get_person(user.person_id).await?;
    let mut out = Vec::new();
    for s in store.list_programmes().await? {
        let p = &s.programme;
        let my: Vec<Enrolment> = mine
            .iter()
            .filter(|e| e.programme_id == p.id)
            .cloned()
            .collect();
        if user.is_admin || programme_visible_to(p, &me, !my.is_empty()) {
            out.push(body(store, p, &my).await?);
        }
    }
    Ok(Json(out))
}

/// Create a programme (administrators).
#[utoipa::path(post, path = "/api/v1/programmes", tag = "programmes", request_body = ProgrammeInput,
    responses((status = 201, body = ProgrammeBody, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ProgrammeInput>,
) -> AppResult<Response> {
    user.require_admin()?;
    let p = input
        .to_programme(ProgrammeId(0), 0)
        .map_err(|e| e.into_app_error())?;
    let id = state.store().create_programme(&p, state.now()).await?;
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, programme = %id, "programme created");
    let p = state.store().get_programme(id).await?;
    let b = body(state.store(), &p, &[]).await?;
    Ok(with_etag(p.version, (StatusCode::CREATED, Json(b))))
}

/// One programme (404 when the caller may not take part in it).
#[utoipa::path(get, path = "/api/v1/programmes/{id}", tag = "programmes", params(("id" = i64, Path)),
    responses((status = 200, body = ProgrammeBody, headers(("ETag" = String))),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (p, mine) = visible_programme(state.store(), &user, ProgrammeId(id)).await?;
    Ok(with_etag(
        p.version,
        Json(body(state.store(), &p, &mine).await?),
    ))
}

/// Update a programme's settings (administrators), with `If-Match: "<version>"`.
#[utoipa::path(put, path = "/api/v1/programmes/{id}", tag = "programmes", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The version being updated, e.g. \"3\"")),
    request_body = ProgrammeInput,
    responses((status = 200, body = ProgrammeBody, headers(("ETag" = String))),
        (status = 400, body = ErrorBody, description = "If-Match missing"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody, description = "Changed by someone else since that version"),
        (status = 422, body = ErrorBody)))]
pub async fn update_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<ProgrammeInput>,
) -> AppResult<Response> {
    user.require_admin()?;
    let version = if_match(&headers)?;
    let store = state.store();
    store.get_programme(ProgrammeId(id)).await?;
    let p = input
        .to_programme(ProgrammeId(id), version)
        .map_err(|e| e.into_app_error())?;
    store.update_programme(&p, state.now()).await?;
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, programme = %id, "programme updated");
    let p = store.get_programme(ProgrammeId(id)).await?;
    Ok(with_etag(p.version, Json(body(store, &p, &[]).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnouncementBody {
    /// RFC 3339, when first announced.
    pub announced_at: Option<String>,
    /// Everyone the announcement is for now.
    pub recipients: usize,
    /// Messages queued by this call (nobody is told twice).
    pub newly_queued: usize,
    /// Announcement emails queued in all.
    pub announced_to: i64,
}

/// Announce the programme to every stakeholder (administrators): one email each.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/announcement", tag = "programmes", params(("id" = i64, Path)),
    responses((status = 200, body = AnnouncementBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_announcement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<AnnouncementBody>> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let outcome = announce(store, &p, state.now()).await?;
    Ok(Json(AnnouncementBody {
        announced_at: store
            .programme_announced_at(p.id)
            .await?
            .map(|t| t.to_rfc3339()),
        recipients: outcome.recipients,
        newly_queued: outcome.newly_queued,
        announced_to: store.count_announcement_messages(p.id).await?,
    }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct EnrolInput {
    /// Whom to enrol as mentee; omit for yourself. Others: administrators only.
    #[serde(default)]
    pub person_id: Option<i64>,
}

/// Enrol as a mentee (yourself, or anyone for an administrator). The target
/// pool and the programme's status decide who may.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/enrolments", tag = "programmes", params(("id" = i64, Path)),
    request_body = EnrolInput,
    responses((status = 201, body = EnrolmentBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Outside the target pool, not open, or already enrolled")))]
pub async fn create_enrolment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<EnrolInput>,
) -> AppResult<Response> {
    let store = state.store();
    let who = PersonId(input.person_id.unwrap_or(user.person_id.0));
    if who != user.person_id {
        user.require_admin()?;
    }
    let (p, _) = visible_programme(store, &user, ProgrammeId(id)).await?;
    let person = store.get_person(who).await?;
    let eid = enrol_mentee(store, &p, &person, state.now()).await?;
    if who != user.person_id {
        store
            .record_audit(
                Some(user.person_id),
                "role.change",
                &format!("person:{}", who.0),
                &format!("enrolled as mentee in programme {id} (enrolment {})", eid.0),
                state.now(),
            )
            .await?;
    }
    let e = store.get_enrolment(eid).await?;
    Ok((StatusCode::CREATED, Json(EnrolmentBody::of(&e))).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantBody {
    #[serde(flatten)]
    pub enrolment: EnrolmentBody,
    pub name: String,
    /// Required resources for the role, and how many are done.
    pub required_training: i64,
    pub required_training_done: i64,
}

/// A programme's participants with their required training (administrators).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/enrolments", tag = "programmes", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ParticipantBody>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_enrolments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ParticipantBody>>> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let mut out = Vec::new();
    for t in store.training_progress(p.id).await? {
        let e = store.get_enrolment(t.enrolment_id).await?;
        out.push(ParticipantBody {
            enrolment: EnrolmentBody::of(&e),
            name: t.name,
            required_training: t.required_total,
            required_training_done: t.required_done,
        });
    }
    Ok(Json(out))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QualifiedMentorBody {
    pub enrolment_id: i64,
    pub person_id: i64,
}

/// Approved mentors who completed any required training (administrators).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/qualified-mentors", tag = "programmes", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<QualifiedMentorBody>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_qualified_mentors(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<QualifiedMentorBody>>> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    Ok(Json(
        store
            .qualified_mentors(p.id)
            .await?
            .into_iter()
            .map(|m| QualifiedMentorBody {
                enrolment_id: m.enrolment_id.0,
                person_id: m.person_id.0,
            })
            .collect(),
    ))
}
