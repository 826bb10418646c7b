//! Resources in the API: the caller's list with completion, admins adding, and
//! marking a resource done or not done.

use crate::resources::{ensure_builtins, resources_for, visible_resource, ResourceInput};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::training::Resource;
use mentorhub_domain::ResourceId;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_resources, create_resource))
        .routes(routes!(get_resource))
        .routes(routes!(create_completion, delete_completion))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceBody {
    pub id: i64,
    /// None: built-in, offered in every programme.
    pub programme_id: Option<i64>,
    pub title: String,
    pub kind: String,
    pub audience: String,
    pub body: String,
    pub link: Option<String>,
    pub required: bool,
    /// Whether the caller marked it done.
    pub completed: bool,
}

fn of(r: Resource, completed: bool) -> ResourceBody {
    ResourceBody {
        id: r.id.0,
        programme_id: r.programme_id.map(|p| p.0),
        title: r.title,
        kind: r.kind.as_str().into(),
        audience: r.audience.as_str().into(),
        body: r.body,
        link: r.link,
        required: r.required,
        completed,
    }
}

/// The resources for the caller's roles (administrators: all), with completion.
#[utoipa::path(get, path = "/api/v1/resources", tag = "resources",
    responses((status = 200, body = Vec<ResourceBody>), (status = 401, body = ErrorBody)))]
pub async fn list_resources(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<Vec<ResourceBody>>> {
    let store = state.store();
    ensure_builtins(store, state.now()).await?;
    let list = if user.is_admin {
        store.list_every_resource().await?
    } else {
        resources_for(store, &user).await?
    };
    let done = store.list_completions(user.person_id).await?;
    Ok(Json(
        list.into_iter()
            .map(|r| {
                let c = done.iter().any(|d| d.resource_id == r.id);
                of(r, c)
            })
            .collect(),
    ))
}

/// Add a resource (administrators).
#[utoipa::path(post, path = "/api/v1/resources", tag = "resources", request_body = ResourceInput,
    responses((status = 201, body = ResourceBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_resource(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ResourceInput>,
) -> AppResult<Response> {
    user.require_admin()?;
    let r = input.to_resource().map_err(|e| e.into_app_error())?;
    if let Some(p) = r.programme_id {
        state.store().get_programme(p).await?;
    }
    let id = state.store().create_resource(&r, state.now()).await?;
    let r = state.store().get_resource(id).await?;
    Ok((StatusCode::CREATED, Json(of(r, false))).into_response())
}

/// One resource the caller may read.
#[utoipa::path(get, path = "/api/v1/resources/{id}", tag = "resources", params(("id" = i64, Path)),
    responses((status = 200, body = ResourceBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_resource(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ResourceBody>> {
    let r = visible_resource(state.store(), &user, ResourceId(id)).await?;
    let done = state
        .store()
        .list_completions(user.person_id)
        .await?
        .iter()
        .any(|c| c.resource_id == r.id);
    Ok(Json(of(r, done)))
}

/// Mark a resource done.
#[utoipa::path(put, path = "/api/v1/resources/{id}/completion", tag = "resources", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_completion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let r = visible_resource(state.store(), &user, ResourceId(id)).await?;
    state
        .store()
        .mark_resource_complete(r.id, user.person_id, state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark a resource not done.
#[utoipa::path(delete, path = "/api/v1/resources/{id}/completion", tag = "resources", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_completion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    let r = visible_resource(state.store(), &user, ResourceId(id)).await?;
    state
        .store()
        .mark_resource_incomplete(r.id, user.person_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
