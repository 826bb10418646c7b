//! The mentee's goals (`004_…` step 6, `003_…`), each with progress. The mentee
//! sets them and decides which their manager may see; the mentor reads them; a
//! manager reads only the shared ones; admins see aggregates on the relationship.

use crate::access::{
    audit_read, if_match, relationship_for, require_mentee, stale, with_etag, FieldErrors,
    StaleBody,
};
use crate::view::GoalView;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use mentorhub_domain::goal::{Goal, GoalInput, GoalStatus};
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::GoalId;
use mentorhub_store::StoreError;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/relationships/{id}/goals/new", get(get_new_goal_page))
        .route(
            "/relationships/{id}/goals",
            axum::routing::post(create_goal_page),
        )
        .route(
            "/relationships/{id}/goals/{gid}",
            get(get_goal_page).post(update_goal_page),
        )
        .route(
            "/relationships/{id}/goals/{gid}/delete",
            get(get_delete_goal_page).post(delete_goal_page),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_goals, create_goal))
        .routes(routes!(update_goal, delete_goal))
}

/// A goal as sent by a form or the API.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GoalFields {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Percent done, 0–100.
    #[schema(value_type = i64, example = 40)]
    #[serde(default, deserialize_with = "crate::forms::number_text")]
    pub progress: String,
    /// not_started, in_progress, achieved or dropped.
    #[serde(default)]
    pub status: String,
    /// Let the mentee's manager see this goal.
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub shared_with_manager: bool,
}

impl GoalFields {
    fn blank() -> Self {
        GoalFields {
            title: String::new(),
            description: String::new(),
            progress: "0".into(),
            status: GoalStatus::NotStarted.as_str().into(),
            shared_with_manager: false,
        }
    }

    fn of(g: &Goal) -> Self {
        GoalFields {
            title: g.title.clone(),
            description: g.description.clone(),
            progress: g.progress.to_string(),
            status: g.status.as_str().into(),
            shared_with_manager: g.shared_with_manager,
        }
    }

    fn input(&self) -> AppResult<GoalInput> {
        let progress = match self.progress.trim() {
            "" => 0,
            p => p.parse().map_err(|_| AppError::Invalid {
                field: "progress".into(),
                message: "give a percentage from 0 to 100".into(),
            })?,
        };
        let status = match self.status.trim() {
            "" => GoalStatus::NotStarted,
            s => GoalStatus::parse(s)?,
        };
        Ok(GoalInput {
            title: self.title.clone(),
            description: self.description.clone(),
            progress,
            status,
            shared_with_manager: self.shared_with_manager,
        })
    }
}

/// The goal, if it belongs to this relationship (anything else is not found).
async fn goal_of(state: &AppState, rel: &Relationship, gid: i64) -> AppResult<Goal> {
    match state.store().get_goal(GoalId(gid)).await {
        Ok(g) if g.relationship_id == rel.id => Ok(g),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::NotFound("goal".into())),
        Err(e) => Err(e.into()),
    }
}

fn require_open(rel: &Relationship) -> AppResult<()> {
    if rel.state.is_open() {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "goals cannot be changed once the relationship is {}",
            rel.state.label().to_lowercase()
        )))
    }
}

// ---- API ----

/// The mentee's goals: all for the pair, only the shared ones for the mentee's manager.
#[utoipa::path(get, path = "/api/v1/relationships/{id}/goals", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "Goals you may see", body = Vec<GoalView>),
        (status = 403, description = "Admins see aggregate progress only", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
    ))]
pub async fn list_goals(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<GoalView>>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let goals = state.store().list_goals(rel.id).await?;
    let visible: Vec<GoalView> =
        match standing {
            Standing::Mentor | Standing::Mentee => goals.iter().map(GoalView::of).collect(),
            Standing::Manager => goals
                .iter()
                .filter(|g| g.shared_with_manager)
                .map(GoalView::of)
                .collect(),
            Standing::Admin => return Err(mentorhub_web::error::forbidden(
                "goals one by one stay with the pair; the relationship shows aggregate progress",
            )),
        };
    audit_read(&state, &user, &rel, standing, "api goals").await?;
    Ok(Json(visible))
}

/// Add a goal (the mentee).
#[utoipa::path(post, path = "/api/v1/relationships/{id}/goals", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = GoalFields,
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 201, description = "Added", body = GoalView, headers(("ETag" = String, description = "The version"))),
        (status = 403, description = "Only the mentee sets goals", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    ))]
pub async fn create_goal(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<GoalFields>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "setting goals")?;
    require_open(&rel)?;
    let g = state
        .store()
        .create_goal(rel.id, fields.input()?, state.now())
        .await?;
    Ok(with_etag(StatusCode::CREATED, g.version, GoalView::of(&g)))
}

/// Change a goal (the mentee), at the version you read (`If-Match`).
#[utoipa::path(put, path = "/api/v1/relationships/{id}/goals/{gid}", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("gid" = i64, Path, description = "Goal id"),
           ("If-Match" = String, Header, description = "The version you read")),
    request_body = GoalFields,
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 200, description = "Saved", body = GoalView, headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "No If-Match", body = ErrorBody),
        (status = 403, description = "Only the mentee changes goals", body = ErrorBody),
        (status = 404, description = "No such goal", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = StaleBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    ))]
pub async fn update_goal(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, gid)): Path<(i64, i64)>,
    headers: HeaderMap,
    Json(fields): Json<GoalFields>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "changing goals")?;
    require_open(&rel)?;
    let expected = if_match(&headers)?;
    let goal = goal_of(&state, &rel, gid).await?;
    match state
        .store()
        .update_goal(goal.id, fields.input()?, expected, state.now())
        .await
    {
        Ok(g) => Ok(with_etag(StatusCode::OK, g.version, GoalView::of(&g))),
        Err(StoreError::StaleVersion(_)) => {
            let now = goal_of(&state, &rel, gid).await?;
            Ok(stale("goal", now.version))
        }
        Err(e) => Err(e.into()),
    }
}

/// Remove a goal (the mentee).
#[utoipa::path(delete, path = "/api/v1/relationships/{id}/goals/{gid}", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("gid" = i64, Path, description = "Goal id")),
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 204, description = "Removed"),
        (status = 403, description = "Only the mentee removes goals", body = ErrorBody),
        (status = 404, description = "No such goal", body = ErrorBody),
    ))]
pub async fn delete_goal(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, gid)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "removing goals")?;
    require_open(&rel)?;
    let goal = goal_of(&state, &rel, gid).await?;
    state.store().delete_goal(goal.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- Pages ----

#[derive(Template)]
#[template(path = "goal_form.html")]
pub struct GoalPage {
    pub layout: Layout,
    pub relationship_id: i64,
    pub mentor_name: String,
    pub goal_id: Option<i64>,
    pub values: GoalFields,
    pub version: String,
    pub errors: FieldErrors,
    pub stale_notice: Option<String>,
    pub statuses: Vec<(&'static str, &'static str)>,
}

async fn goal_page(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    goal: Option<&Goal>,
) -> AppResult<GoalPage> {
    let mentor = state.store().get_person(rel.mentor_id).await?;
    Ok(GoalPage {
        layout: Layout::new(
            if goal.is_some() {
                "Your goal"
            } else {
                "Add a goal"
            },
            Some(user),
            "relationships",
        ),
        relationship_id: rel.id.0,
        mentor_name: mentor.name,
        goal_id: goal.map(|g| g.id.0),
        values: goal.map(GoalFields::of).unwrap_or_else(GoalFields::blank),
        version: goal.map(|g| g.version.to_string()).unwrap_or_default(),
        errors: FieldErrors::default(),
        stale_notice: None,
        statuses: GoalStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub fields: GoalFields,
}

pub async fn get_new_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "setting goals")?;
    require_open(&rel)?;
    Ok(render(&goal_page(&state, &user, &rel, None).await?))
}

pub async fn create_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "setting goals")?;
    require_open(&rel)?;
    let saved = match form.fields.input() {
        Ok(input) => state
            .store()
            .create_goal(rel.id, input, state.now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/relationships/{id}#goals-heading")).into_response()),
        Err(e) => {
            let mut p = goal_page(&state, &user, &rel, None).await?;
            p.errors = FieldErrors::from_error(e)?;
            p.values = form.fields;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

pub async fn get_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, gid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "changing goals")?;
    let goal = goal_of(&state, &rel, gid).await?;
    Ok(render(&goal_page(&state, &user, &rel, Some(&goal)).await?))
}

pub async fn update_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, gid)): Path<(i64, i64)>,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "changing goals")?;
    require_open(&rel)?;
    let goal = goal_of(&state, &rel, gid).await?;
    let expected = form.version.trim().parse::<i64>().unwrap_or(-1);
    let saved = match form.fields.input() {
        Ok(input) => state
            .store()
            .update_goal(goal.id, input, expected, state.now())
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/relationships/{id}#goals-heading")).into_response()),
        Err(AppError::Stale(_)) => {
            let newer = goal_of(&state, &rel, gid).await?;
            let mut p = goal_page(&state, &user, &rel, Some(&newer)).await?;
            p.stale_notice = Some(format!(
                "This goal was changed elsewhere since you opened it, so your changes were not saved. The newer version is shown; you had typed the title \"{}\" and progress {}%.",
                form.fields.title, form.fields.progress
            ));
            Ok((StatusCode::CONFLICT, render(&p)).into_response())
        }
        Err(e) => {
            let mut p = goal_page(&state, &user, &rel, Some(&goal)).await?;
            p.errors = FieldErrors::from_error(e)?;
            p.values = form.fields;
            p.version = form.version;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "goal_delete.html")]
pub struct DeleteGoalPage {
    pub layout: Layout,
    pub relationship_id: i64,
    pub goal_id: i64,
    pub title: String,
}

pub async fn get_delete_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, gid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "removing goals")?;
    let goal = goal_of(&state, &rel, gid).await?;
    Ok(render(&DeleteGoalPage {
        layout: Layout::new("Remove a goal", Some(&user), "relationships"),
        relationship_id: rel.id.0,
        goal_id: goal.id.0,
        title: goal.title,
    }))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn delete_goal_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, gid)): Path<(i64, i64)>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_mentee(standing, "removing goals")?;
    require_open(&rel)?;
    let goal = goal_of(&state, &rel, gid).await?;
    state.store().delete_goal(goal.id).await?;
    Ok(Redirect::to(&format!("/relationships/{id}#goals-heading")).into_response())
}
