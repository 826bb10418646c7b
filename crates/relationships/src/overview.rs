//! The signed-in person's relationships, and one relationship's page.

use crate::access::{audit_read, relationship_for};
use crate::view::{self, RelationshipView};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use mentorhub_domain::account::Role;
use mentorhub_store::RelationshipSummary;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::pages::{format_date, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/relationships", get(list_relationships_page))
        .route("/relationships/{id}", get(get_relationship_page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_relationships))
        .routes(routes!(get_relationship))
}

/// One line of the list: a relationship seen from one side.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipListItem {
    pub id: i64,
    pub programme_name: String,
    /// The viewer's side: mentor, mentee, or manager (of the mentee).
    pub as_role: &'static str,
    /// The other person (for a manager: their report, the mentee).
    pub partner_name: String,
    pub mentor_name: String,
    #[schema(value_type = String, example = "active")]
    pub state: &'static str,
    pub state_label: &'static str,
    pub open: bool,
    pub since: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipList {
    pub as_mentee: Vec<RelationshipListItem>,
    pub as_mentor: Vec<RelationshipListItem>,
    /// Relationships of the people you manage, as mentees.
    pub of_reports: Vec<RelationshipListItem>,
}

fn item(s: &RelationshipSummary, as_role: &'static str) -> RelationshipListItem {
    let r = &s.relationship;
    RelationshipListItem {
        id: r.id.0,
        programme_name: s.programme_name.clone(),
        as_role,
        partner_name: if as_role == "mentor" {
            s.mentee_name.clone()
        } else if as_role == "mentee" {
            s.mentor_name.clone()
        } else {
            s.mentee_name.clone()
        },
        mentor_name: s.mentor_name.clone(),
        state: r.state.as_str(),
        state_label: r.state.label(),
        open: r.state.is_open(),
        since: format_date(r.activated_at.unwrap_or(r.created_at)),
    }
}

async fn load_list(state: &AppState, user: &CurrentUser) -> AppResult<RelationshipList> {
    let store = state.store();
    let as_mentee = store
        .list_relationships_as_mentee(user.person_id)
        .await?
        .iter()
        .map(|s| item(s, "mentee"))
        .collect();
    let as_mentor = store
        .list_relationships_as_mentor(user.person_id)
        .await?
        .iter()
        .map(|s| item(s, "mentor"))
        .collect();
    let mut of_reports = Vec::new();
    if user.has(Role::Manager) {
        for s in store.list_relationships_of_reports(user.person_id).await? {
            // A manager stands to their report's relationships as mentee only.
            let mentee = store.get_person(s.relationship.mentee_id).await?;
            if mentee.manager_id == Some(user.person_id) && !s.relationship.is_party(user.person_id)
            {
                of_reports.push(item(&s, "manager"));
            }
        }
    }
    Ok(RelationshipList {
        as_mentee,
        as_mentor,
        of_reports,
    })
}

/// Your relationships: as mentee, as mentor, and your reports' as their manager.
#[utoipa::path(get, path = "/api/v1/relationships", tag = "relationships",
    responses(
        (status = 200, description = "Your relationships", body = RelationshipList),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list_relationships(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<RelationshipList>> {
    Ok(Json(load_list(&state, &user).await?))
}

/// One relationship as you may see it: in full for the pair (never the partner's
/// private notes or check-in answers); state, shared goals and history for the
/// mentee's manager; rhythm, aggregates and check-in answers for admins.
#[utoipa::path(get, path = "/api/v1/relationships/{id}", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "The relationship", body = RelationshipView),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such relationship, or not yours to see", body = ErrorBody),
    ))]
pub async fn get_relationship(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<RelationshipView>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let v = view::build(state.store(), &user, &rel, standing).await?;
    audit_read(&state, &user, &rel, standing, "api").await?;
    Ok(Json(v))
}

#[derive(Template)]
#[template(path = "relationships.html")]
pub struct RelationshipsPage {
    pub layout: Layout,
    pub list: RelationshipList,
}

pub async fn list_relationships_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let list = load_list(&state, &user).await?;
    Ok(render(&RelationshipsPage {
        layout: Layout::new("Your relationships", Some(&user), "relationships"),
        list,
    }))
}

#[derive(Template)]
#[template(path = "relationship.html")]
pub struct RelationshipPage {
    pub layout: Layout,
    pub v: RelationshipView,
}

pub async fn get_relationship_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let v = view::build(state.store(), &user, &rel, standing).await?;
    audit_read(&state, &user, &rel, standing, "page").await?;
    let title = format!("{} and {}", v.mentee.name, v.mentor.name);
    Ok(render(&RelationshipPage {
        layout: Layout::new(title, Some(&user), "relationships"),
        v,
    }))
}
