//! Sign-in: argon2id password hashes, server-side sessions in the database, and the
//! signed-in person as an extractor.

pub mod password;
pub mod policy;
pub mod session;

pub use session::{ApiUser, CurrentUser, MaybeUser, PageUser};
