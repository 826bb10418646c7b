//! The admin's matching as JSON: the latest run, pins and forbidden pairs,
//! re-runs and publishing. Admins only; to anyone else it does not exist (404).

use crate::access::admin_programme;
use crate::matching::{publish, run, Proposal, PublishReport};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_store::{MatchRun, OverrideKind};
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunView {
    pub id: i64,
    /// RFC 3339.
    pub created_at: String,
    pub published_at: Option<String>,
    pub proposal: Proposal,
}

impl RunView {
    pub fn of(run: MatchRun) -> AppResult<Self> {
        Ok(RunView {
            id: run.id,
            created_at: run.created_at.to_rfc3339(),
            published_at: run.published_at.map(|t| t.to_rfc3339()),
            proposal: serde_json::from_value(run.result)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("stored run unreadable: {e}")))?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OverrideView {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    /// `pin` (must be in the result) or `forbid` (must not be).
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatchingState {
    pub run: Option<RunView>,
    pub overrides: Vec<OverrideView>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewOverride {
    pub mentee_id: i64,
    pub mentor_id: i64,
    /// `pin` or `forbid`.
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PublishBody {
    /// The run previewed; publishing a run that is no longer the latest is refused.
    pub run_id: i64,
}

pub fn parse_kind(s: &str) -> AppResult<OverrideKind> {
    match s {
        "pin" => Ok(OverrideKind::Pin),
        "forbid" => Ok(OverrideKind::Forbid),
        _ => Err(AppError::Invalid {
            field: "kind".into(),
            message: "choose pin or forbid".into(),
        }),
    }
}

pub async fn overrides(state: &AppState, programme: ProgrammeId) -> AppResult<Vec<OverrideView>> {
    let mut out = Vec::new();
    for o in state.store().list_match_overrides(programme).await? {
        out.push(OverrideView {
            mentee_id: o.mentee_id.0,
            mentee_name: state.store().get_person(o.mentee_id).await?.name,
            mentor_id: o.mentor_id.0,
            mentor_name: state.store().get_person(o.mentor_id).await?.name,
            kind: match o.kind {
                OverrideKind::Pin => "pin",
                OverrideKind::Forbid => "forbid",
            }
            .into(),
        });
    }
    Ok(out)
}

/// Stores a pin or a forbidden pair after checking both are in the programme.
pub async fn save_override(
    state: &AppState,
    programme: ProgrammeId,
    body: &NewOverride,
) -> AppResult<()> {
    use mentorhub_domain::enrolment::ParticipantRole as R;
    let kind = parse_kind(&body.kind)?;
    let store = state.store();
    let (mentee, mentor) = (PersonId(body.mentee_id), PersonId(body.mentor_id));
    if store
        .find_enrolment(programme, mentee, R::Mentee)
        .await?
        .is_none()
    {
        return Err(AppError::Invalid {
            field: "mentee_id".into(),
            message: "not a mentee of this programme".into(),
        });
    }
    if store
        .find_enrolment(programme, mentor, R::Mentor)
        .await?
        .is_none()
    {
        return Err(AppError::Invalid {
            field: "mentor_id".into(),
            message: "not a mentor of this programme".into(),
        });
    }
    store
        .set_match_override(programme, mentee, mentor, kind, state.now())
        .await?;
    Ok(())
}

/// The latest run and the admin's pins and forbidden pairs.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/matching", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The matching state", body = MatchingState),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such programme, or not an admin", body = ErrorBody),
    ))]
pub async fn get_matching(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MatchingState>> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    let run = state.store().latest_match_run(g.id).await?;
    Ok(Json(MatchingState {
        run: run.map(RunView::of).transpose()?,
        overrides: overrides(&state, g.id).await?,
    }))
}

/// Runs the engine now (pins and forbidden pairs applied) and saves the run for preview.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/matching/runs", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 201, description = "The new run", body = RunView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such programme, or not an admin", body = ErrorBody),
    ))]
pub async fn create_run(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<(StatusCode, Json<RunView>)> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    run(&state, &g, &user).await?;
    let latest = state
        .store()
        .latest_match_run(g.id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("saved run missing")))?;
    Ok((StatusCode::CREATED, Json(RunView::of(latest)?)))
}

/// Pins a pair into the next run, or forbids it (replacing what was said before).
#[utoipa::path(post, path = "/api/v1/programmes/{id}/matching/overrides", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    request_body = NewOverride,
    responses(
        (status = 200, description = "Every pin and forbidden pair", body = [OverrideView]),
        (status = 404, description = "No such programme, or not an admin", body = ErrorBody),
        (status = 422, description = "Not a mentee and a mentor of the programme, or an unknown kind", body = ErrorBody),
    ))]
pub async fn create_override(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<NewOverride>,
) -> AppResult<Json<Vec<OverrideView>>> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    save_override(&state, g.id, &body).await?;
    Ok(Json(overrides(&state, g.id).await?))
}

/// Forgets a pin or a forbidden pair.
#[utoipa::path(delete, path = "/api/v1/programmes/{id}/matching/overrides/{mentee_id}/{mentor_id}", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id"), ("mentee_id" = i64, Path), ("mentor_id" = i64, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such pin or forbidden pair, or not an admin", body = ErrorBody),
    ))]
pub async fn delete_override(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, mentee, mentor)): Path<(i64, i64, i64)>,
) -> AppResult<StatusCode> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    if state
        .store()
        .remove_match_override(g.id, PersonId(mentee), PersonId(mentor))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(mentorhub_web::error::not_found("override"))
    }
}

/// Publishes a run: each pair becomes a proposed relationship (or one awaiting
/// the mentee's manager). Publishing the same run again is refused and creates nothing.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/matching/publish", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    request_body = PublishBody,
    responses(
        (status = 200, description = "What was started and what was skipped", body = PublishReport),
        (status = 404, description = "No such programme, or not an admin", body = ErrorBody),
        (status = 409, description = "Already published, or no run yet", body = ErrorBody),
        (status = 412, description = "A newer run exists", body = ErrorBody),
    ))]
pub async fn create_publication(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<PublishBody>,
) -> AppResult<Json<PublishReport>> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    Ok(Json(publish(&state, &g, &user, body.run_id).await?))
}
