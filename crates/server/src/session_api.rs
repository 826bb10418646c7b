//! `/api/v1/session` and `/api/v1/me`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use mentorhub_domain::account::Role;
use mentorhub_web::auth::session::{authenticate, clear_cookie, start_session, ClientAddr};
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::local_time::TimePrefs;
use mentorhub_web::ApiUser;
use mentorhub_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    #[schema(example = "mentee@demo.mentorhub.test")]
    pub email: String,
    #[schema(example = "mentorhub-demo")]
    pub password: String,
}

/// The signed-in person and the roles they hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub person_id: i64,
    pub name: String,
    pub email: String,
    #[schema(value_type = Vec<String>, example = json!(["mentee"]))]
    pub roles: Vec<Role>,
    /// The time zone pages show times in (IANA name): theirs, else the
    /// organisation's. Change it with `PUT /api/v1/me/settings`.
    #[schema(example = "Europe/London")]
    pub time_zone: String,
    /// How pages write dates: `en-GB`, `en-US` or `iso`.
    #[schema(example = "en-GB")]
    pub date_style: String,
}

impl Me {
    pub(crate) fn of(user: &mentorhub_web::CurrentUser) -> Me {
        Me {
            person_id: user.person_id.0,
            name: user.name.clone(),
            email: user.email.clone(),
            roles: user.roles.clone(),
            time_zone: user.time.zone.name().to_string(),
            date_style: user.time.style.as_str().to_string(),
        }
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_session, delete_session))
        .routes(routes!(get_me))
}

/// Sign in. Sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = Me),
        (status = 401, description = "Wrong email or password (which one is not said)", body = ErrorBody),
        (status = 422, description = "Malformed body", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this account or address; try again later", body = ErrorBody),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(body): Json<SignIn>,
) -> AppResult<impl IntoResponse> {
    let account = authenticate(&state, &body.email, &body.password, client).await?;
    let cookie = start_session(&state, &account).await?;
    let roles = state
        .store()
        .roles_of(account.person_id, account.is_admin)
        .await?;
    let time = TimePrefs::resolve(
        account.time_zone.as_deref(),
        account.date_style.as_deref(),
        state.config().organisation_time(),
    );
    let me = Me {
        person_id: account.person_id.0,
        name: account.name,
        email: account.email,
        roles,
        time_zone: time.zone.name().to_string(),
        date_style: time.style.as_str().to_string(),
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(me)))
}

/// Sign out: the session ends on the server.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn delete_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<impl IntoResponse> {
    state.store().delete_session(user.token_hash()).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie(&state))],
    ))
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn get_me(ApiUser(user): ApiUser) -> AppResult<Json<Me>> {
    Ok(Json(Me::of(&user)))
}
