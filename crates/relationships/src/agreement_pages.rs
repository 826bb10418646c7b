//! The agreement page: propose or change the terms (prefilled from the
//! programme's defaults and the built-in wording), and confirm them. A stale
//! form shows the newer version and keeps what was typed.

use crate::access::{relationship_for, FieldErrors};
use crate::agreement::{confirm, require_workable, save, AgreementInput, Saved};
use crate::view::RelationshipView;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use mentorhub_domain::agreement::{default_confidentiality, default_raising_concerns};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::Relationship;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/relationships/{id}/agreement",
            get(get_agreement_page).post(update_agreement_page),
        )
        .route(
            "/relationships/{id}/agreement/confirm",
            post(update_agreement_confirmation_page),
        )
}

#[derive(Template)]
#[template(path = "agreement_form.html")]
pub struct AgreementPage {
    pub layout: Layout,
    pub v: RelationshipView,
    pub proposing: bool,
    pub values: AgreementInput,
    pub version: String,
    pub errors: FieldErrors,
    /// Someone else changed it: what this person typed, shown beside the newer text.
    pub stale_notice: Option<String>,
    pub yours: Option<AgreementInput>,
    pub cadences: Vec<(&'static str, &'static str)>,
    pub modes: Vec<(&'static str, &'static str)>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
) -> AppResult<AgreementPage> {
    let v = crate::view::build(state.store(), user, rel, standing).await?;
    let current = state.store().get_agreement(rel.id).await?;
    let (values, version) = match &current {
        Some(a) => (AgreementInput::of(&a.terms), a.version.to_string()),
        None => {
            let d = state
                .store()
                .get_programme(rel.programme_id)
                .await?
                .agreement_defaults;
            (
                AgreementInput {
                    cadence: d.cadence.as_str().into(),
                    mode: d.mode.as_str().into(),
                    duration_months: d.duration_months.to_string(),
                    confidentiality: default_confidentiality(),
                    raising_concerns: default_raising_concerns(),
                    ..Default::default()
                },
                String::new(),
            )
        }
    };
    Ok(AgreementPage {
        layout: Layout::new("The mentoring agreement", Some(user), "relationships"),
        v,
        proposing: current.is_none(),
        values,
        version,
        errors: FieldErrors::default(),
        stale_notice: None,
        yours: None,
        cadences: Cadence::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        modes: MeetingMode::ALL
            .iter()
            .map(|m| (m.as_str(), m.label()))
            .collect(),
    })
}

pub async fn get_agreement_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    Ok(render(&page(&state, &user, &rel, standing).await?))
}

#[derive(Debug, Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub input: AgreementInput,
}

const STALE_NOTICE: &str = "Someone else changed this agreement since you opened it, so your changes were not saved. The newer version is shown below; what you typed is kept underneath for you to compare and apply again.";

pub async fn update_agreement_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<AgreementForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    let expected = form.version.trim().parse::<i64>().ok();
    match save(&state, &user, &rel, &form.input, expected).await {
        Ok(Saved::Ok(_)) => {
            Ok(Redirect::to(&format!("/relationships/{id}#agreement-heading")).into_response())
        }
        Ok(Saved::Stale(_)) => {
            let mut p = page(&state, &user, &rel, standing).await?;
            p.stale_notice = Some(STALE_NOTICE.into());
            p.yours = Some(form.input);
            Ok((StatusCode::CONFLICT, render(&p)).into_response())
        }
        Err(e) => {
            let errors = FieldErrors::from_error(e)?;
            let mut p = page(&state, &user, &rel, standing).await?;
            p.values = form.input;
            p.version = form.version;
            p.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
}

pub async fn update_agreement_confirmation_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    let seen = form
        .version
        .trim()
        .parse::<i64>()
        .map_err(|_| mentorhub_web::error::bad_request("reload the page and confirm again"))?;
    match confirm(&state, &user, &rel, seen).await? {
        Saved::Ok(_) => {
            Ok(Redirect::to(&format!("/relationships/{id}#agreement-heading")).into_response())
        }
        Saved::Stale(_) => {
            let mut p = page(&state, &user, &rel, standing).await?;
            p.stale_notice = Some("The agreement was changed since you read it, so it was not confirmed. Read the newer version below, then confirm it from the relationship page.".into());
            Ok((StatusCode::CONFLICT, render(&p)).into_response())
        }
    }
}
