//! Mentorhub's web kit: what every area of the product (programmes, directory,
//! relationships, health…) builds its pages and API on — the shared state and
//! clock, the error type, the signed-in person, the page frame and middleware.
//!
//! Each area is a crate exposing `router()` (pages) and `api()` (JSON API with its
//! OpenAPI paths); `mentorhub-server` assembles them.

pub mod auth;
pub mod authz;
pub mod clock;
pub mod config;
pub mod error;
pub mod http;
pub mod local_time;
pub mod notify;
pub mod pages;
pub mod start;
pub mod state;
#[cfg(feature = "testing")]
pub mod testing;

pub use auth::{ApiUser, CurrentUser, MaybeUser, PageUser};
pub use error::{AppError, AppResult, ErrorBody};
pub use state::AppState;
