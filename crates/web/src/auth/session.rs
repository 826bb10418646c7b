//! Session cookies and the signed-in person.

use crate::error::AppError;
use crate::local_time::TimePrefs;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use mentorhub_domain::account::Role;
use mentorhub_domain::{AccountId, PersonId};
use mentorhub_store::{hash_token, new_token, AccountRecord};
use std::net::{IpAddr, SocketAddr};

pub const COOKIE: &str = "mh_session";

/// The person behind a request's session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account_id: AccountId,
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub roles: Vec<Role>,
    /// The per-session token page forms carry (CSRF).
    pub csrf_token: String,
    /// How they read times: their time zone and date style (else the organisation's).
    pub time: TimePrefs,
    token_hash: String,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn token_hash(&self) -> &str {
        &self.token_hash
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin {
            Ok(())
        } else {
            Err(crate::error::forbidden(
                "only programme administrators can do this",
            ))
        }
    }
}

/// The value of cookie `name` in a request's Cookie headers.
pub fn cookie_value<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

async fn current_user(parts: &Parts, state: &AppState) -> Result<CurrentUser, AppError> {
    let token = cookie_value(parts, COOKIE).ok_or(AppError::Unauthenticated)?;
    let token_hash = hash_token(token);
    let idle_ms = state.config().session_idle.as_millis() as i64;
    let session = state
        .store()
        .find_session(&token_hash, state.now(), idle_ms)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let account = session.account;
    let roles = session.roles;
    let time = TimePrefs::resolve(
        account.time_zone.as_deref(),
        account.date_style.as_deref(),
        state.config().organisation_time(),
    );
    // Pages this request renders show times as this person reads them.
    crate::local_time::set_viewer(time);
    Ok(CurrentUser {
        time,
        account_id: account.id,
        person_id: account.person_id,
        name: account.name,
        email: account.email,
        is_admin: account.is_admin,
        roles,
        csrf_token: session.csrf_token,
        token_hash,
    })
}

/// The signed-in person, for JSON API handlers: 401 JSON when not signed in.
pub struct ApiUser(pub CurrentUser);

/// The signed-in person, for page handlers: a redirect to the sign-in page when
/// not signed in (done by `http::page_errors`).
pub struct PageUser(pub CurrentUser);

/// The signed-in person if there is one, for pages anyone may see.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        current_user(parts, state).await.map(ApiUser)
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        current_user(parts, state).await.map(PageUser)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match current_user(parts, state).await {
            Ok(u) => Ok(MaybeUser(Some(u))),
            Err(AppError::Unauthenticated) => Ok(MaybeUser(None)),
            Err(e) => Err(e),
        }
    }
}

/// Failed sign-ins allowed per account and per client address within
/// [`THROTTLE_WINDOW_MS`]; further attempts get 429 until the window passes.
pub const MAX_FAILURES: i64 = 10;
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The client's address, when the server knows it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Checks an email and password. Unknown emails take as long as known ones and
/// get the same answer, so the response says nothing about which part was wrong.
/// Failures are counted per account and per address in the database (shared by
/// every instance); past [`MAX_FAILURES`] in the window, attempts are refused
/// without checking the password.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
    client: ClientAddr,
) -> Result<AccountRecord, AppError> {
    let now = state.now();
    let window_start = mentorhub_domain::time_util::Timestamp(now.0 - THROTTLE_WINDOW_MS);
    let account_key = format!("account:{}", email.trim().to_lowercase());
    let address_key = client.0.map(|ip| format!("address:{ip}"));
    let keys: Vec<&str> = std::iter::once(account_key.as_str())
        .chain(address_key.as_deref())
        .collect();
    if state.store().throttle_failures(&keys, window_start).await? >= MAX_FAILURES {
        tracing::warn!(target: "mentorhub::audit", address = ?client.0, "sign-in refused: too many failures");
        return Err(AppError::TooManyRequests);
    }
    // Counted before the password is checked, atomically, so that attempts
    // arriving at once (on any instance) cannot all slip under the limit.
    let counted = state
        .store()
        .record_throttle_failure(&keys, now, window_start)
        .await?;
    if counted > MAX_FAILURES {
        tracing::warn!(target: "mentorhub::audit", address = ?client.0, "sign-in refused: too many failures");
        return Err(AppError::TooManyRequests);
    }
    let result = check_credentials(state, email, password).await;
    match &result {
        Err(AppError::BadCredentials) => {}
        Ok(_) => {
            state.store().clear_throttle(&account_key).await?;
            state.store().refund_throttle_attempt(&keys[1..]).await?;
        }
        Err(_) => state.store().refund_throttle_attempt(&keys).await?,
    }
    result
}

async fn check_credentials(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<AccountRecord, AppError> {
    let account = state.store().find_account_by_email(email).await?;
    let hash = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| state.dummy_hash().to_string());
    let ok = crate::auth::password::verify_password(password.to_string(), hash).await?;
    match account {
        Some(a) if ok && a.active && a.password_hash.is_some() => Ok(a),
        _ => {
            tracing::info!(target: "mentorhub::audit", "sign-in failed");
            Err(AppError::BadCredentials)
        }
    }
}

/// Starts a session for `account` and returns the Set-Cookie header value. A new
/// random id every time: a session id is never carried over a sign-in.
pub async fn start_session(state: &AppState, account: &AccountRecord) -> Result<String, AppError> {
    let token = new_token();
    let csrf = new_token();
    let now = state.now();
    let expires = mentorhub_domain::time_util::Timestamp(
        now.0 + state.config().session_absolute.as_millis() as i64,
    );
    state
        .store()
        .create_session(account.id, &hash_token(&token), &csrf, now, expires)
        .await?;
    tracing::info!(target: "mentorhub::audit", person = %account.person_id, "signed in");
    Ok(session_cookie(
        state,
        &token,
        state.config().session_absolute.as_secs(),
    ))
}

pub fn session_cookie(state: &AppState, token: &str, max_age_secs: u64) -> String {
    let secure = if state.config().https() {
        "; Secure"
    } else {
        ""
    };
    format!("{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}")
}

pub fn clear_cookie(state: &AppState) -> String {
    session_cookie(state, "", 0)
}
