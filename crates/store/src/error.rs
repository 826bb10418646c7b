use mentorhub_domain::DomainError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule was broken; the message names the field for a person.
    #[error("{field}: {message}")]
    Conflict { field: String, message: String },
    /// The row changed since the caller read it (optimistic concurrency).
    #[error("{0} was changed by someone else since you loaded it")]
    StaleVersion(&'static str),
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error("database configuration: {0}")]
    Config(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound("row"),
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            other => StoreError::Database(other),
        }
    }
}

impl StoreError {
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Whether the error is a unique-constraint violation (both backends).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(d)) if d.is_unique_violation())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
