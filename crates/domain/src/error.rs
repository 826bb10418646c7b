use thiserror::Error;

/// An input or a transition the domain refuses, with a message meant for a person.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A value failed validation; `field` names where it came from.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A state transition that the relationship state machine does not allow.
    #[error("cannot {action} a relationship that is {state}")]
    IllegalTransition { action: String, state: String },
    /// The actor is not allowed to perform this transition.
    #[error("{0}")]
    NotAllowed(String),
    /// Allowed for this person, but not in the object's current state (409).
    #[error("{0}")]
    Conflict(String),
}

impl DomainError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
