//! The mentee's request forms on the directory page.

use crate::pool::Directory;
use crate::requests::{answer, make_request, Decline};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mentorhub_domain::mentor_request::RequestDecision;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::check_csrf;
use mentorhub_web::{AppState, PageUser};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct RequestForm {
    pub csrf: String,
    pub mentor: i64,
    #[serde(default)]
    pub message: String,
}

pub async fn create_request_form(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<RequestForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    make_request(
        &state,
        &directory,
        &user,
        ProgrammeId(id),
        PersonId(form.mentor),
        &form.message,
    )
    .await?;
    Ok(Redirect::to(&format!("/programmes/{id}/directory?done=requested")).into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn update_request_withdraw_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, request)): Path<(i64, i64)>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let d = Decline::default();
    answer(&state, &user, request, RequestDecision::Withdraw, &d, None).await?;
    Ok(Redirect::to(&format!("/programmes/{id}/directory?done=withdrawn")).into_response())
}
