//! A person's own account: setting a password from an invitation link, and
//! changing it. Invitations are sent by admins to imported people.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::person::Person;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::{hash_token, new_token};
use mentorhub_web::auth::password::{hash_password, verify_password};
use mentorhub_web::auth::policy::check_new_password;
use mentorhub_web::auth::session::start_session;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::notify::{queue, Message};
use mentorhub_web::pages::{check_csrf, format_datetime, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/invitations/{token}",
            get(show_invitation).post(accept_invitation),
        )
        .route(
            "/account/password",
            get(show_password).post(change_password_form),
        )
        .route("/people/{id}/invitation", post(create_invitation_page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_invitation))
        .routes(routes!(update_password))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationSent {
    /// The address the link was sent to.
    pub sent_to: String,
    /// RFC 3339; the link stops working then, or once used.
    pub expires_at: String,
}

/// Invite a person to set their password: a random, single-use link valid for
/// 7 days, sent by email. Earlier links of the person stop working.
#[utoipa::path(post, path = "/api/v1/people/{id}/invitation", tag = "people",
    params(("id" = i64, Path, description = "The person's id")),
    responses(
        (status = 200, description = "Invitation queued", body = InvitationSent),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "The person is deactivated", body = ErrorBody),
    ))]
pub async fn create_invitation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<InvitationSent>> {
    let (person, expires) = send_invitation(&state, &user, id).await?;
    Ok(Json(InvitationSent {
        sent_to: person.email.to_string(),
        expires_at: expires.to_rfc3339(),
    }))
}

/// Queues an invitation email to person `id` with a new link; returns the
/// person and when the link stops working.
async fn send_invitation(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Person, Timestamp)> {
    user.require_admin()?;
    let store = state.store();
    let person = store
        .get_person(PersonId(id))
        .await
        .map_err(|_| AppError::NotFound("person".into()))?;
    if !person.active {
        return Err(AppError::Conflict(
            "this person is deactivated; reactivate them through the HR import first".into(),
        ));
    }
    let now = state.now();
    let account = store.ensure_account(person.id, now).await?;
    let token = new_token();
    let expires = now.plus_days(INVITATION_DAYS);
    store
        .create_invitation(account, &hash_token(&token), now, expires)
        .await?;
    let link = format!(
        "{}/invitations/{token}",
        state
            .config()
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/')
    );
    // The recipient's own settings are not known yet: the organisation's zone,
    // named by its abbreviation.
    let text = format!(
        "You have been invited to Mentorhub, where your organisation runs its mentoring programmes.\n\nSet your password here (the link works once, until {}):\n{link}\n\nYour sign-in is {}.",
        state.config().organisation_time().datetime(expires),
        person.email
    );
    let message = Message {
        kind: NotificationKind::Invitation,
        to: person.id,
        subject: "Your invitation to Mentorhub".into(),
        text,
        // One message per link, however many are sent in the same instant.
        dedupe_key: format!("invitation:{}:{}", person.id.0, &hash_token(&token)[..16]),
    };
    queue(store, &message, now).await?;
    tracing::info!(target: "mentorhub::audit", admin = %user.person_id, person = %person.id, "invitation sent");
    Ok((person, expires))
}

#[derive(Template)]
#[template(path = "invitation_sent.html")]
pub struct InvitationSentPage {
    pub layout: Layout,
    pub person_id: i64,
    pub name: String,
    pub email: String,
    pub expires: String,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// The person page's "Send an invitation" button.
pub async fn create_invitation_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (person, expires) = send_invitation(&state, &user, id).await?;
    Ok(render(&InvitationSentPage {
        layout: Layout::new("Invitation sent", Some(&user), "people"),
        person_id: person.id.0,
        name: person.name,
        email: person.email.to_string(),
        expires: format_datetime(expires),
    }))
}

#[derive(Template)]
#[template(path = "invitation.html")]
pub struct InvitationPage {
    pub layout: Layout,
    pub valid: bool,
    /// What is wrong, next to its field (`password` or `confirm`).
    pub error: Option<(&'static str, String)>,
}

impl InvitationPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn invitation_page(valid: bool, error: Option<(&'static str, String)>) -> InvitationPage {
    InvitationPage {
        layout: Layout::new("Set your password", None, ""),
        valid,
        error,
    }
}

pub async fn show_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let valid = state
        .store()
        .peek_invitation(&hash_token(&token), state.now())
        .await?
        .is_some();
    let mut r = render(&invitation_page(valid, None));
    if !valid {
        *r.status_mut() = StatusCode::NOT_FOUND;
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    pub password: String,
    pub confirm: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<SetPasswordForm>,
) -> AppResult<Response> {
    let store = state.store();
    let now = state.now();
    let Some(account_id) = store.peek_invitation(&hash_token(&token), now).await? else {
        let mut r = render(&invitation_page(false, None));
        *r.status_mut() = StatusCode::NOT_FOUND;
        return Ok(r);
    };
    let account = store_account(&state, account_id).await?;
    let problem = match check_new_password(&form.password, &account.email) {
        Err(AppError::Invalid { message, .. }) => {
            Some(("password", format!("This password {message}.")))
        }
        Err(e) => return Err(e),
        Ok(_) if form.password != form.confirm => Some((
            "confirm",
            "The two passwords differ: type the same password twice.".to_string(),
        )),
        Ok(_) => None,
    };
    if let Some(message) = problem {
        let mut r = render(&invitation_page(true, Some(message)));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    let hash = hash_password(form.password).await?;
    if store
        .redeem_invitation(&hash_token(&token), &hash, now)
        .await?
        .is_none()
    {
        let mut r = render(&invitation_page(false, None));
        *r.status_mut() = StatusCode::NOT_FOUND;
        return Ok(r);
    }
    let account = store_account(&state, account_id).await?;
    let cookie = start_session(&state, &account).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

async fn store_account(
    state: &AppState,
    id: mentorhub_domain::AccountId,
) -> AppResult<mentorhub_store::AccountRecord> {
    state
        .store()
        .find_account_by_id(id)
        .await?
        .ok_or_else(|| AppError::NotFound("account".into()))
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub layout: Layout,
    pub error: Option<String>,
    pub done: bool,
}

pub async fn show_password(PageUser(user): PageUser) -> Response {
    render(&PasswordPage {
        layout: Layout::new("Change your password", Some(&user), ""),
        error: None,
        done: false,
    })
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    pub csrf: String,
    pub current_password: String,
    pub new_password: String,
    pub confirm: String,
}

/// Checks and sets a new password; every session of the person ends, and a new
/// one is started for the caller. Returns the Set-Cookie value.
async fn change_password(
    state: &AppState,
    user: &mentorhub_web::CurrentUser,
    current: &str,
    new: &str,
) -> AppResult<String> {
    let account = state
        .store()
        .find_account_by_id(user.account_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let ok = match account.password_hash.clone() {
        Some(h) => verify_password(current.to_string(), h).await?,
        None => false,
    };
    if !ok {
        return Err(AppError::Invalid {
            field: "current_password".into(),
            message: "is not right".into(),
        });
    }
    let password = check_new_password(new, &account.email)?;
    let hash = hash_password(password.expose().to_string()).await?;
    state
        .store()
        .set_password(account.id, &hash, state.now())
        .await?;
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, "password changed; all sessions ended");
    start_session(state, &account).await
}

pub async fn change_password_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let page = |error: Option<String>, done: bool| PasswordPage {
        layout: Layout::new("Change your password", Some(&user), ""),
        error,
        done,
    };
    if form.new_password != form.confirm {
        let mut r = render(&page(
            Some("new_password: the two new passwords differ".into()),
            false,
        ));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(r);
    }
    match change_password(&state, &user, &form.current_password, &form.new_password).await {
        Ok(cookie) => {
            let mut r = render(&page(None, true));
            r.headers_mut().insert(
                header::SET_COOKIE,
                cookie
                    .parse()
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?,
            );
            Ok(r)
        }
        Err(e @ AppError::Invalid { .. }) => {
            let mut r = render(&page(Some(e.to_string()), false));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e),
    }
}

/// Change your password. Every other session of yours ends.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "session", request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; a new session cookie is set"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Current password wrong, or the new one too short, too long or too common", body = ErrorBody),
    ))]
pub async fn update_password(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<PasswordChange>,
) -> AppResult<Response> {
    let cookie = change_password(&state, &user, &body.current_password, &body.new_password).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}
