//! The closing pages: continue or complete, the closing reflection, ending
//! early (a confirmation page first), and the manager's note of support.

use crate::access::{audit_read, relationship_for, require_party, FieldErrors};
use crate::closing::{choose, end_early, reflect, support, EndingFields, ReassessmentFields};
use crate::view::RelationshipView;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use mentorhub_domain::relationship::Relationship;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/relationships/{id}/reassessment",
            get(get_reassessment_page).post(create_reassessment_choice_page),
        )
        .route(
            "/relationships/{id}/reflection",
            post(update_reflection_page),
        )
        .route(
            "/relationships/{id}/end",
            get(get_end_page).post(create_ending_page),
        )
        .route(
            "/relationships/{id}/support",
            get(get_support_page).post(update_support_page),
        )
}

#[derive(Template)]
#[template(path = "closing_form.html")]
pub struct ClosingPage {
    pub layout: Layout,
    pub v: RelationshipView,
    /// reassessment, end or support.
    pub form: &'static str,
    pub choice: String,
    pub text: String,
    pub share_reason: bool,
    pub errors: FieldErrors,
}

async fn closing_page(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    form: &'static str,
) -> AppResult<ClosingPage> {
    let v = crate::view::build(state.store(), user, rel, standing).await?;
    let title = match form {
        "end" => "End the relationship early",
        "support" => "Your support",
        _ => "Continue or complete",
    };
    Ok(ClosingPage {
        layout: Layout::new(title, Some(user), "relationships"),
        text: if form == "support" {
            v.manager_support_note.clone()
        } else {
            String::new()
        },
        choice: v
            .reassessment
            .as_ref()
            .and_then(|r| r.my_choice)
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        v,
        form,
        share_reason: false,
        errors: FieldErrors::default(),
    })
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/relationships/{id}")).into_response()
}

async fn refused(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    form: &'static str,
    e: AppError,
    fill: impl FnOnce(&mut ClosingPage),
) -> AppResult<Response> {
    let errors = FieldErrors::from_error(e)?;
    let mut p = closing_page(state, user, rel, standing, form).await?;
    p.errors = errors;
    fill(&mut p);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
}

pub async fn get_reassessment_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "the reassessment")?;
    Ok(render(
        &closing_page(&state, &user, &rel, standing, "reassessment").await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ClosingForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub choice: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub share_reason: bool,
}

pub async fn create_reassessment_choice_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ClosingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let fields = ReassessmentFields {
        choice: form.choice.clone(),
        reflection: form.text.clone(),
    };
    match choose(&state, &user, &rel, standing, &fields).await {
        Ok(_) => Ok(back(id)),
        Err(e) => {
            refused(&state, &user, &rel, standing, "reassessment", e, |p| {
                p.choice = form.choice;
                p.text = form.text;
            })
            .await
        }
    }
}

pub async fn update_reflection_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ClosingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    match reflect(&state, &user, &rel, standing, &form.text).await {
        Ok(()) => Ok(back(id)),
        Err(e) => {
            refused(&state, &user, &rel, standing, "reassessment", e, |p| {
                p.text = form.text
            })
            .await
        }
    }
}

pub async fn get_end_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "ending the relationship")?;
    Ok(render(
        &closing_page(&state, &user, &rel, standing, "end").await?,
    ))
}

pub async fn create_ending_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ClosingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let fields = EndingFields {
        reason: form.text.clone(),
        share_reason: form.share_reason,
    };
    match end_early(&state, &user, &rel, standing, &fields).await {
        Ok(_) => Ok(back(id)),
        Err(e) => {
            refused(&state, &user, &rel, standing, "end", e, |p| {
                p.text = form.text;
                p.share_reason = form.share_reason;
            })
            .await
        }
    }
}

pub async fn get_support_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    support_allowed(standing)?;
    let page = closing_page(&state, &user, &rel, standing, "support").await?;
    audit_read(&state, &user, &rel, standing, "support page").await?;
    Ok(render(&page))
}

fn support_allowed(standing: Standing) -> AppResult<()> {
    if standing == Standing::Manager {
        Ok(())
    } else {
        Err(mentorhub_web::error::forbidden(
            "the note of support is the mentee's manager's to write",
        ))
    }
}

pub async fn update_support_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ClosingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    match support(&state, &rel, standing, &form.text).await {
        Ok(_) => Ok(back(id)),
        Err(e) => {
            let e = match e {
                AppError::Invalid { message, .. } => AppError::Invalid {
                    field: "text".into(),
                    message,
                },
                other => other,
            };
            refused(&state, &user, &rel, standing, "support", e, |p| {
                p.text = form.text
            })
            .await
        }
    }
}
