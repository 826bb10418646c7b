//! How a relationship closes well (SPEC §8): at reassessment both choose to
//! continue for a new period or to complete; an early ending's reason stays with
//! its author unless they share it.

use crate::relationship::RelationshipEvent;
use crate::{DomainError, PersonId};
use serde::{Deserialize, Serialize};

/// What one of the pair chooses when the agreed period has run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReassessmentChoice {
    /// Go on for a new period.
    Continue,
    /// Close the relationship, with a reflection.
    Complete,
}

impl ReassessmentChoice {
    pub const ALL: [ReassessmentChoice; 2] =
        [ReassessmentChoice::Continue, ReassessmentChoice::Complete];

    pub fn as_str(self) -> &'static str {
        match self {
            ReassessmentChoice::Continue => "continue",
            ReassessmentChoice::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReassessmentChoice::Continue => "Continue for a new period",
            ReassessmentChoice::Complete => "Complete the relationship",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| DomainError::invalid("choice", "choose continue or complete"))
    }
}

/// What the relationship does once both have chosen: it continues only when both
/// want to go on — nobody is held in a mentoring relationship they want to close —
/// and nothing happens until both have spoken.
pub fn reassessment_outcome(
    mentor: Option<ReassessmentChoice>,
    mentee: Option<ReassessmentChoice>,
) -> Option<RelationshipEvent> {
    match (mentor?, mentee?) {
        (ReassessmentChoice::Continue, ReassessmentChoice::Continue) => {
            Some(RelationshipEvent::Continue)
        }
        _ => Some(RelationshipEvent::Complete),
    }
}

/// Whether `viewer` may read the reason recorded with a change of state. A reason
/// its author kept private is read by the author and by programme administrators
/// (who learn from it to improve the programme), never by the partner or a manager.
pub fn reason_visible(
    author: Option<PersonId>,
    shared: bool,
    viewer: PersonId,
    viewer_is_admin: bool,
) -> bool {
    shared || author == Some(viewer) || viewer_is_admin
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReassessmentChoice::{Complete, Continue};

    #[test]
    fn nothing_happens_until_both_have_chosen() {
        assert_eq!(reassessment_outcome(None, None), None);
        assert_eq!(reassessment_outcome(Some(Continue), None), None);
        assert_eq!(reassessment_outcome(None, Some(Complete)), None);
    }

    #[test]
    fn the_pair_continues_only_when_both_want_to() {
        assert_eq!(
            reassessment_outcome(Some(Continue), Some(Continue)),
            Some(RelationshipEvent::Continue)
        );
        assert_eq!(
            reassessment_outcome(Some(Continue), Some(Complete)),
            Some(RelationshipEvent::Complete)
        );
        assert_eq!(
            reassessment_outcome(Some(Complete), Some(Continue)),
            Some(RelationshipEvent::Complete)
        );
    }

    #[test]
    fn choices_parse_from_their_names_only() {
        assert_eq!(ReassessmentChoice::parse("continue").unwrap(), Continue);
        assert!(ReassessmentChoice::parse("maybe")
            .unwrap_err()
            .to_string()
            .starts_with("choice:"));
    }

    #[test]
    fn a_private_reason_is_kept_from_the_partner() {
        let author = Some(PersonId(1));
        assert!(reason_visible(author, false, PersonId(1), false));
        assert!(!reason_visible(author, false, PersonId(2), false));
        assert!(
            reason_visible(author, false, PersonId(9), true),
            "admins learn from it"
        );
        assert!(reason_visible(author, true, PersonId(2), false));
        assert!(!reason_visible(None, false, PersonId(2), false));
    }
}
