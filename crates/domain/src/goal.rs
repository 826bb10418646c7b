//! The mentee's goals (`004_…` step 6, `003_…`), each with progress; the mentee
//! decides which their manager may see.

use crate::person::{bounded_text, required_text};
use crate::{DomainError, GoalId, RelationshipId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    NotStarted,
    InProgress,
    Achieved,
    Dropped,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 4] = [
        GoalStatus::NotStarted,
        GoalStatus::InProgress,
        GoalStatus::Achieved,
        GoalStatus::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not_started",
            GoalStatus::InProgress => "in_progress",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "Not started",
            GoalStatus::InProgress => "In progress",
            GoalStatus::Achieved => "Achieved",
            GoalStatus::Dropped => "Dropped",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| DomainError::invalid("status", format!("unknown goal status {s:?}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    pub relationship_id: RelationshipId,
    pub title: String,
    pub description: String,
    /// Percent, 0–100.
    pub progress: u8,
    pub status: GoalStatus,
    pub shared_with_manager: bool,
    pub version: i64,
}

/// The fields a mentee sets on a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalInput {
    pub title: String,
    pub description: String,
    pub progress: i64,
    pub status: GoalStatus,
    pub shared_with_manager: bool,
}

impl GoalInput {
    /// Validates and normalises: an achieved goal is at 100 %, progress moves a
    /// not-started goal to in progress.
    pub fn validate(mut self) -> Result<Self, DomainError> {
        self.title = required_text("title", &self.title, 200)?;
        self.description = bounded_text("description", &self.description, 4000)?;
        if !(0..=100).contains(&self.progress) {
            return Err(DomainError::invalid(
                "progress",
                "must be a percentage from 0 to 100",
            ));
        }
        if self.status == GoalStatus::Achieved {
            self.progress = 100;
        } else if self.status == GoalStatus::NotStarted && self.progress > 0 {
            self.status = GoalStatus::InProgress;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(progress: i64, status: GoalStatus) -> GoalInput {
        GoalInput {
            title: "Chair the quarterly review".into(),
            description: String::new(),
            progress,
            status,
            shared_with_manager: false,
        }
    }

    #[test]
    fn progress_is_a_percentage() {
        assert!(input(101, GoalStatus::InProgress)
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("progress"));
        assert!(input(-1, GoalStatus::InProgress).validate().is_err());
    }

    #[test]
    fn status_and_progress_stay_consistent() {
        assert_eq!(
            input(40, GoalStatus::Achieved).validate().unwrap().progress,
            100
        );
        assert_eq!(
            input(10, GoalStatus::NotStarted).validate().unwrap().status,
            GoalStatus::InProgress
        );
    }

    #[test]
    fn a_goal_needs_a_title() {
        let mut g = input(0, GoalStatus::NotStarted);
        g.title = " ".into();
        assert!(g.validate().unwrap_err().to_string().starts_with("title"));
    }
}
