//! The pages of the front door: sign-in and each person's home page, and the
//! stylesheet (the web kit's base plus each area's additions).

pub mod home;
pub mod login;

use axum::routing::{get, post};
use axum::Router;
use mentorhub_web::http::static_asset;
use mentorhub_web::AppState;
use std::sync::OnceLock;

/// The one stylesheet: the web kit's base, then each area's additions.
fn stylesheet() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        [
            mentorhub_web::pages::STYLESHEET,
            mentorhub_programmes::STYLES,
            mentorhub_matchmaking::STYLES,
            mentorhub_relationships::STYLES,
            mentorhub_mail::STYLES,
            mentorhub_outreach::STYLES,
            mentorhub_health::STYLES,
            mentorhub_privacy::STYLES,
        ]
        .join("\n")
    })
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show_home))
        .route("/login", get(login::show_sign_in).post(login::sign_in))
        .route("/logout", post(login::sign_out))
        .route(
            "/static/style.css",
            get(|| async { static_asset("text/css; charset=utf-8", stylesheet()) }),
        )
}
