//! The sign-in page and sign-out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_web::auth::session::{
    authenticate, clear_cookie, start_session, ClientAddr, MaybeUser,
};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{render, safe_next, Layout};
use mentorhub_web::AppState;
use mentorhub_web::PageUser;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
    pub demo_accounts: Vec<(&'static str, &'static str)>,
    pub demo_password: &'static str,
}

#[derive(Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignOutForm {
    pub csrf: String,
}

fn page(state: &AppState, email: String, next: String, error: Option<String>) -> SignInPage {
    let demo = state.config().demo;
    SignInPage {
        layout: Layout::new("Sign in", None, "login"),
        email,
        next,
        error,
        demo_accounts: if demo {
            mentorhub_demo::DEMO_ACCOUNTS.to_vec()
        } else {
            Vec::new()
        },
        demo_password: mentorhub_demo::DEMO_PASSWORD,
    }
}

pub async fn show_sign_in(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Query(q): Query<NextQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    if user.is_some() {
        return Redirect::to(&next).into_response();
    }
    render(&page(&state, String::new(), next, None))
}

pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match authenticate(&state, &form.email, &form.password, client).await {
        Ok(account) => {
            let cookie = start_session(&state, &account).await?;
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
        }
        Err(e @ (AppError::BadCredentials | AppError::TooManyRequests)) => {
            let status = e.status();
            let mut response = render(&page(&state, form.email, next, Some(e.to_string())));
            *response.status_mut() = status;
            Ok(response)
        }
        Err(e) => Err(e),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<SignOutForm>,
) -> AppResult<Response> {
    if form.csrf != user.csrf_token {
        return Err(mentorhub_web::error::forbidden(
            "the form has expired; reload the page and try again",
        ));
    }
    state.store().delete_session(user.token_hash()).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, clear_cookie(&state)),
            (header::LOCATION, "/login".to_string()),
        ],
    )
        .into_response())
}
