//! Mentor applications in the API. The applicant sees their decision and reason;
//! only administrators see assessments.

use crate::applications::{apply, decide, MentorProfileInput};
use crate::programmes_api::EnrolmentBody;
use crate::support::{if_match, if_match_once_saved, stale, visible_programme, with_etag};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::enrolment::{Enrolment, ParticipantRole};
use mentorhub_domain::profile::MentorAssessment;
use mentorhub_domain::{EnrolmentId, ProgrammeId};
use mentorhub_store::{Store, StoreError};
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState, CurrentUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_applications, create_application))
        .routes(routes!(get_application))
        .routes(routes!(update_profile))
        .routes(routes!(get_assessment, update_assessment))
        .routes(routes!(create_decision))
}

/// The admin's assessment (never shown to the applicant).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentBody {
    /// Targeted expertise, 1–5.
    pub expertise_score: u8,
    /// Mentoring and communication skills, 1–5.
    pub communication_score: u8,
    #[serde(default)]
    pub notes: String,
}

/// The admin's assessment as stored, with its version for `If-Match`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    pub expertise_score: u8,
    pub communication_score: u8,
    pub notes: String,
    /// Send it as `If-Match: "<version>"` to change this assessment.
    pub version: i64,
}

impl AssessmentView {
    fn of(a: mentorhub_store::MentorAssessmentRecord) -> Self {
        AssessmentView {
            expertise_score: a.assessment.expertise_score,
            communication_score: a.assessment.communication_score,
            notes: a.assessment.notes,
            version: a.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationBody {
    #[serde(flatten)]
    pub enrolment: EnrolmentBody,
    pub name: String,
    pub profile: Option<MentorProfileInput>,
    /// The profile's version, for `If-Match` when editing it.
    pub profile_version: Option<i64>,
    /// Administrators only; absent for the applicant and before anyone assessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentView>,
    pub qualified: bool,
}

/// A mentor application the caller may see: their own, or any for an admin.
async fn application_for(
    store: &Store,
    user: &CurrentUser,
    id: EnrolmentId,
) -> AppResult<Enrolment> {
    let e = store
        .get_enrolment(id)
        .await
        .map_err(|_| AppError::NotFound("application".into()))?;
    if e.role != ParticipantRole::Mentor || !(user.is_admin || e.person_id == user.person_id) {
        return Err(AppError::NotFound("application".into()));
    }
    Ok(e)
}

async fn body(store: &Store, user: &CurrentUser, e: &Enrolment) -> AppResult<ApplicationBody> {
    let profile = store.get_mentor_profile(e.id).await?;
    let assessment = if user.is_admin {
        store
            .get_mentor_assessment(e.id)
            .await?
            .map(AssessmentView::of)
    } else {
        None
    };
    Ok(ApplicationBody {
        enrolment: EnrolmentBody::of(e),
        name: store.get_person(e.person_id).await?.name,
        profile_version: profile.as_ref().map(|v| v.version),
        profile: profile.map(|v| MentorProfileInput::of(&v.value)),
        assessment,
        qualified: store
            .is_qualified_mentor(e.programme_id, e.person_id)
            .await?,
    })
}

/// Apply to mentor in a programme, with your profile.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/applications", tag = "applications", params(("id" = i64, Path)),
    request_body = MentorProfileInput,
    responses((status = 201, body = ApplicationBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_application(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<MentorProfileInput>,
) -> AppResult<Response> {
    let store = state.store();
    let (p, _) = visible_programme(store, &user, ProgrammeId(id)).await?;
    let me = store.get_person(user.person_id).await?;
    let eid = apply(store, &p, &me, &input, state.now()).await?;
    let e = store.get_enrolment(eid).await?;
    Ok((StatusCode::CREATED, Json(body(store, &user, &e).await?)).into_response())
}

/// A programme's mentor applications (administrators).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/applications", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ApplicationBody>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_applications(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ApplicationBody>>> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let mut out = Vec::new();
    for l in store
        .list_enrolments(p.id, Some(ParticipantRole::Mentor), None)
        .await?
    {
        out.push(body(store, &user, &l.enrolment).await?);
    }
    Ok(Json(out))
}

/// One application: the applicant's own (decision and reason, no assessment),
/// or any for an administrator.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, body = ApplicationBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_application(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ApplicationBody>> {
    let e = application_for(state.store(), &user, EnrolmentId(id)).await?;
    if e.person_id != user.person_id {
        state
            .store()
            .record_audit(
                Some(user.person_id),
                "participant.view",
                &format!("person:{}", e.person_id.0),
                &format!("mentor application {id}"),
                state.now(),
            )
            .await?;
    }
    Ok(Json(body(state.store(), &user, &e).await?))
}

/// Edit your mentor profile, with `If-Match: "<profile_version>"`.
#[utoipa::path(put, path = "/api/v1/applications/{id}/profile", tag = "applications",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = MentorProfileInput,
    responses((status = 200, body = ApplicationBody, headers(("ETag" = String))), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_profile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<MentorProfileInput>,
) -> AppResult<Response> {
    let store = state.store();
    let e = application_for(store, &user, EnrolmentId(id)).await?;
    if e.person_id != user.person_id {
        return Err(AppError::Forbidden(
            "only the mentor edits their profile".into(),
        ));
    }
    let version = if_match(&headers)?;
    let profile = input.to_profile(e.id).map_err(|x| x.into_app_error())?;
    let v = store
        .save_mentor_profile(&profile, Some(version), state.now())
        .await?;
    Ok(with_etag(v, Json(body(store, &user, &e).await?)))
}

/// The assessment of an applicant (administrators only), with its version as
/// the `ETag`; `null` while nobody has assessed them (the first save then goes
/// without `If-Match`).
#[utoipa::path(get, path = "/api/v1/applications/{id}/assessment", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, body = Option<AssessmentView>, headers(("ETag" = String, description = "The assessment's version, when there is one"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    let store = state.store();
    let e = application_for(store, &user, EnrolmentId(id)).await?;
    Ok(match store.get_mentor_assessment(e.id).await? {
        Some(a) => with_etag(a.version, Json(Some(AssessmentView::of(a)))),
        None => Json(None::<AssessmentView>).into_response(),
    })
}

/// Record the assessment of an applicant (administrators only; never shown to
/// them). The first assessment goes without `If-Match`; every later one with
/// `If-Match: "<version>"` of the assessment it changes, so that two
/// administrators assessing at once do not overwrite each other.
#[utoipa::path(put, path = "/api/v1/applications/{id}/assessment", tag = "applications",
    params(("id" = i64, Path), ("If-Match" = Option<String>, Header, description = "The assessment's version; required once there is one")),
    request_body = AssessmentBody,
    responses((status = 200, body = ApplicationBody, headers(("ETag" = String, description = "The assessment's new version"))),
        (status = 400, body = ErrorBody, description = "No If-Match, though the applicant was assessed before"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody, headers(("ETag" = String, description = "The current version")),
            description = "Changed by someone else since that version (the current one is named and sent as the ETag)"),
        (status = 422, body = ErrorBody)))]
pub async fn update_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<AssessmentBody>,
) -> AppResult<Response> {
    user.require_admin()?;
    let store = state.store();
    let e = application_for(store, &user, EnrolmentId(id)).await?;
    let current = store.get_mentor_assessment(e.id).await?.map(|a| a.version);
    let version = if_match_once_saved(&headers, current, "assessment")?;
    let a = MentorAssessment {
        enrolment_id: e.id,
        assessor_id: user.person_id,
        expertise_score: input.expertise_score,
        communication_score: input.communication_score,
        notes: input.notes,
    };
    match store.save_mentor_assessment(&a, version, state.now()).await {
        Ok(v) => Ok(with_etag(v, Json(body(store, &user, &e).await?))),
        Err(StoreError::StaleVersion(_)) => {
            let now = store.get_mentor_assessment(e.id).await?.map(|a| a.version);
            Ok(stale("assessment", now))
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    pub approve: bool,
    /// Told to the applicant; required to decline.
    #[serde(default)]
    pub reason: String,
}

/// Approve or decline an application (administrators); the applicant is emailed.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "applications", params(("id" = i64, Path)),
    request_body = DecisionInput,
    responses((status = 200, body = ApplicationBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Declining without a reason")))]
pub async fn create_decision(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<DecisionInput>,
) -> AppResult<Json<ApplicationBody>> {
    user.require_admin()?;
    let store = state.store();
    let e = application_for(store, &user, EnrolmentId(id)).await?;
    let p = store.get_programme(e.programme_id).await?;
    decide(
        store,
        &p,
        e.id,
        input.approve,
        &input.reason,
        user.person_id,
        state.now(),
    )
    .await?;
    store
        .record_audit(
            Some(user.person_id),
            "role.change",
            &format!("person:{}", e.person_id.0),
            &format!(
                "mentor application {id} {}",
                if input.approve {
                    "approved"
                } else {
                    "declined"
                }
            ),
            state.now(),
        )
        .await?;
    let e = store.get_enrolment(e.id).await?;
    Ok(Json(body(store, &user, &e).await?))
}
