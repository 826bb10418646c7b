//! `/resources`: participants read the resources for their roles and mark them
//! done; admins add resources and see training completion per programme and role.

use crate::programme_form::{choices, Choice};
use crate::resources::{ensure_builtins, resources_for, visible_resource, ResourceInput};
use crate::support::{render_status, FieldErrors};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::training::Resource;
use mentorhub_domain::ResourceId;
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

pub const KINDS: &[(&str, &str)] = &[
    ("training", "Training"),
    ("questionnaire", "Questionnaire"),
    ("self_assessment", "Self-assessment"),
    ("agenda_template", "Agenda template"),
    ("agreement_template", "Agreement template"),
    ("article", "Best-practice article"),
];
pub const AUDIENCES: &[(&str, &str)] = &[
    ("everyone", "Everyone"),
    ("mentor", "Mentors"),
    ("mentee", "Mentees"),
];

pub struct ResourceRow {
    pub r: Resource,
    pub kind: &'static str,
    pub programme: String,
    pub done: bool,
    pub completions: i64,
}

/// Training completion of one programme's participants in one role.
pub struct CompletionRow {
    pub programme: String,
    pub role: &'static str,
    pub participants: usize,
    pub complete: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub csrf: String,
    pub title: String,
    pub kind: String,
    pub audience: String,
    pub programme: String,
    pub body: String,
    pub link: String,
    pub required: String,
}

pub struct ProgrammeChoice {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "resources.html")]
pub struct ResourcesPage {
    pub layout: Layout,
    pub is_admin: bool,
    pub rows: Vec<ResourceRow>,
    pub completion: Vec<CompletionRow>,
    pub form: ResourceForm,
    pub kinds: Vec<Choice>,
    pub audiences: Vec<Choice>,
    pub programmes: Vec<ProgrammeChoice>,
    pub errors: FieldErrors,
    pub done: bool,
}

fn kind_label(r: &Resource) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == r.kind.as_str())
        .map(|(_, l)| *l)
        .unwrap_or("")
}

#[derive(Deserialize, Default)]
pub struct ResourcesQuery {
    #[serde(default)]
    pub done: String,
}

async fn resources_page(
    state: &AppState,
    user: &CurrentUser,
    form: ResourceForm,
    errors: FieldErrors,
) -> AppResult<ResourcesPage> {
    let store = state.store();
    ensure_builtins(store, state.now()).await?;
    let programmes = store.list_programmes().await?;
    let names: HashMap<i64, String> = programmes
        .iter()
        .map(|s| (s.programme.id.0, s.programme.name.clone()))
        .collect();
    let resources = if user.is_admin {
        store.list_every_resource().await?
    } else {
        resources_for(store, user).await?
    };
    let mine: HashSet<ResourceId> = store
        .list_completions(user.person_id)
        .await?
        .into_iter()
        .map(|c| c.resource_id)
        .collect();
    let counts = if user.is_admin {
        store.resource_completion_counts().await?
    } else {
        HashMap::new()
    };
    let rows = resources
        .into_iter()
        .map(|r| ResourceRow {
            kind: kind_label(&r),
            programme: r
                .programme_id
                .and_then(|p| names.get(&p.0).cloned())
                .unwrap_or_else(|| "Built-in".into()),
            done: mine.contains(&r.id),
            completions: counts.get(&r.id).copied().unwrap_or(0),
            r,
        })
        .collect();
    let mut completion = Vec::new();
    if user.is_admin {
        for s in &programmes {
            let progress = store.training_progress(s.programme.id).await?;
            for role in [ParticipantRole::Mentor, ParticipantRole::Mentee] {
                let of_role: Vec<_> = progress.iter().filter(|t| t.role == role).collect();
                if !of_role.is_empty() {
                    completion.push(CompletionRow {
                        programme: s.programme.name.clone(),
                        role: role.as_str(),
                        participants: of_role.len(),
                        complete: of_role.iter().filter(|t| t.complete()).count(),
                    });
                }
            }
        }
    }
    Ok(ResourcesPage {
        layout: Layout::new("Resources", Some(user), "resources"),
        is_admin: user.is_admin,
        rows,
        completion,
        kinds: choices(KINDS, &form.kind),
        audiences: choices(AUDIENCES, &form.audience),
        programmes: programmes
            .iter()
            .map(|s| ProgrammeChoice {
                id: s.programme.id.0.to_string(),
                name: s.programme.name.clone(),
                selected: form.programme == s.programme.id.0.to_string(),
            })
            .collect(),
        form,
        errors,
        done: false,
    })
}

pub async fn list_resources(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<ResourcesQuery>,
) -> AppResult<Response> {
    let mut page = resources_page(
        &state,
        &user,
        ResourceForm::default(),
        FieldErrors::default(),
    )
    .await?;
    page.done = q.done == "added";
    Ok(render(&page))
}

pub async fn create_resource(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let input = ResourceInput {
        title: form.title.clone(),
        kind: form.kind.clone(),
        audience: form.audience.clone(),
        body: form.body.clone(),
        link: Some(form.link.clone()),
        required: !form.required.is_empty(),
        programme_id: form.programme.trim().parse().ok(),
    };
    let mut errors = FieldErrors::default();
    match input.to_resource() {
        Ok(r) => {
            if let Some(p) = r.programme_id {
                state.store().get_programme(p).await?;
            }
            match state.store().create_resource(&r, state.now()).await {
                Ok(_) => return Ok(Redirect::to("/resources?done=added").into_response()),
                Err(e) => errors.absorb(e, "title")?,
            }
        }
        Err(e) => errors.extend(e),
    }
    let page = resources_page(&state, &user, form, errors).await?;
    Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
}

#[derive(Template)]
#[template(path = "resource.html")]
pub struct ResourcePage {
    pub layout: Layout,
    pub r: Resource,
    pub done: bool,
}

pub async fn get_resource(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let store = state.store();
    let r = visible_resource(store, &user, ResourceId(id)).await?;
    let done = store
        .list_completions(user.person_id)
        .await?
        .iter()
        .any(|c| c.resource_id == r.id);
    Ok(render(&ResourcePage {
        layout: Layout::new(r.title.clone(), Some(&user), "resources"),
        r,
        done,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompletionForm {
    pub csrf: String,
    pub back: String,
}

fn back_to(back: &str, id: i64) -> String {
    if back == "list" {
        "/resources".into()
    } else {
        format!("/resources/{id}")
    }
}

pub async fn create_completion(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CompletionForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let r = visible_resource(state.store(), &user, ResourceId(id)).await?;
    state
        .store()
        .mark_resource_complete(r.id, user.person_id, state.now())
        .await?;
    Ok(Redirect::to(&back_to(&form.back, id)).into_response())
}

pub async fn delete_completion(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CompletionForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let r = visible_resource(state.store(), &user, ResourceId(id)).await?;
    state
        .store()
        .mark_resource_incomplete(r.id, user.person_id)
        .await?;
    Ok(Redirect::to(&back_to(&form.back, id)).into_response())
}
