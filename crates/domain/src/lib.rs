//! Mentorhub's domain: the words of the seeds as types, and the rules between them.
//!
//! Nothing here performs I/O or needs an async runtime, so every rule — "a mentor in
//! the mentee's management line needs the manager's approval", "no contact logged in
//! 90 days ⇒ dormant" — is tested as a plain function on plain values.

pub mod account;
pub mod agreement;
pub mod checkin;
pub mod closing;
pub mod enrolment;
pub mod error;
pub mod goal;
pub mod ids;
pub mod import;
pub mod management;
pub mod meeting;
pub mod mentor_request;
pub mod notification;
pub mod outreach;
pub mod participation;
pub mod person;
pub mod profile;
pub mod programme;
pub mod relationship;
pub mod time_util;
pub mod training;

pub use error::DomainError;
pub use ids::*;
