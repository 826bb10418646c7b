//! The mentee's self-assessment in the API: theirs, and readable by admins.

use crate::self_assessment::{save, SelfAssessmentInput};
use crate::support::{if_match_once_saved, stale, visible_programme, with_etag};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use mentorhub_domain::enrolment::{Enrolment, EnrolmentStatus, ParticipantRole};
use mentorhub_domain::{EnrolmentId, ProgrammeId};
use mentorhub_store::Store;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState, CurrentUser};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_my_self_assessment, update_my_self_assessment))
        .routes(routes!(get_self_assessment))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SelfAssessmentBody {
    pub enrolment_id: i64,
    /// The mentee's enrolment status: `approved` once this is complete.
    pub status: String,
    pub version: i64,
    #[serde(flatten)]
    pub answers: SelfAssessmentInput,
}

async fn my_enrolment(store: &Store, user: &CurrentUser, id: ProgrammeId) -> AppResult<Enrolment> {
    let (_, mine) = visible_programme(store, user, id).await?;
    mine.into_iter()
        .find(|e| e.role == ParticipantRole::Mentee && e.status != EnrolmentStatus::Withdrawn)
        .ok_or_else(|| AppError::NotFound("self-assessment".into()))
}

async fn body(store: &Store, e: &Enrolment) -> AppResult<Response> {
    let saved = store
        .get_self_assessment(e.id)
        .await?
        .ok_or_else(|| AppError::NotFound("self-assessment".into()))?;
    let status = store.get_enrolment(e.id).await?.status;
    Ok(with_etag(
        saved.version,
        Json(SelfAssessmentBody {
            enrolment_id: e.id.0,
            status: status.as_str().into(),
            version: saved.version,
            answers: SelfAssessmentInput::of(&saved.value),
        }),
    ))
}

/// Your self-assessment in a programme where you are a mentee.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/self-assessment", tag = "self-assessment", params(("id" = i64, Path)),
    responses((status = 200, body = SelfAssessmentBody, headers(("ETag" = String))), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "Not a mentee here, or not done yet")))]
pub async fn get_my_self_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = my_enrolment(state.store(), &user, ProgrammeId(id)).await?;
    body(state.store(), &e).await
}

/// Save your self-assessment: without `If-Match` the first time, then with
/// `If-Match: "<version>"` of the one you are updating (required once there is
/// one). Completing it approves your enrolment for matching.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/self-assessment", tag = "self-assessment",
    params(("id" = i64, Path), ("If-Match" = Option<String>, Header, description = "The self-assessment's version; required once there is one")),
    request_body = SelfAssessmentInput,
    responses((status = 200, body = SelfAssessmentBody, headers(("ETag" = String))),
        (status = 400, body = ErrorBody, description = "No If-Match, though the self-assessment was saved before"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody, headers(("ETag" = String, description = "The current version")),
            description = "Changed elsewhere since that version (the current one is named and sent as the ETag)"),
        (status = 422, body = ErrorBody)))]
pub async fn update_my_self_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<SelfAssessmentInput>,
) -> AppResult<Response> {
    let store = state.store();
    let e = my_enrolment(store, &user, ProgrammeId(id)).await?;
    let current = store.get_self_assessment(e.id).await?.map(|v| v.version);
    let version = if_match_once_saved(&headers, current, "self-assessment")?;
    if version.is_some() && current.is_none() {
        return Ok(stale("self-assessment", None));
    }
    let a = input.to_assessment(e.id).map_err(|x| x.into_app_error())?;
    match save(store, &e, &a, version, state.now()).await {
        Ok(_) => body(store, &e).await,
        Err(AppError::Stale(_)) => {
            let now = store.get_self_assessment(e.id).await?.map(|v| v.version);
            Ok(stale("self-assessment", now))
        }
        Err(err) => Err(err),
    }
}

/// A mentee's self-assessment, for an administrator (or the mentee).
#[utoipa::path(get, path = "/api/v1/enrolments/{id}/self-assessment", tag = "self-assessment", params(("id" = i64, Path)),
    responses((status = 200, body = SelfAssessmentBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_self_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let store = state.store();
    let e = store
        .get_enrolment(EnrolmentId(id))
        .await
        .map_err(|_| AppError::NotFound("self-assessment".into()))?;
    if e.role != ParticipantRole::Mentee || !(user.is_admin || e.person_id == user.person_id) {
        return Err(AppError::NotFound("self-assessment".into()));
    }
    if e.person_id != user.person_id {
        store
            .record_audit(
                Some(user.person_id),
                "participant.view",
                &format!("person:{}", e.person_id.0),
                &format!("self-assessment of enrolment {id}"),
                state.now(),
            )
            .await?;
    }
    body(store, &e).await
}
