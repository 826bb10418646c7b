//! The one error type of the matching crate: a bad instance.

use thiserror::Error;

/// Why an instance was rejected. The message is one line that names the field
/// and the item, e.g. `preferences[3].mentor: unknown mentor id "m9"`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {message}")]
pub struct InputError {
    /// Where in the file, e.g. `mentors[2].capacity` or `score_matrix[4]`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl InputError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}
