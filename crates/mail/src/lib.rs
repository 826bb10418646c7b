//! Email delivery from the durable outbox (SMTP or .eml files) and the scheduled
//! work: check-ins due, dormancy warnings and declarations, reassessment.
//!
//! [`Mailer::tick`] does one round of everything, at the time its clock says;
//! [`spawn_runner`] ticks every few seconds in production. Tests move a
//! `ManualClock` and call `tick` directly.

mod admin_outbox;
mod config;
mod jobs;
pub mod letters;
mod runner;
pub mod schedule;
pub mod transport;

pub use config::MailConfig;
pub use runner::{spawn_runner, Mailer, TickReport};

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

/// This area's pages: the admin's outbox.
pub fn router() -> Router<AppState> {
    admin_outbox::router()
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    admin_outbox::api()
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = "";
