//! Check-ins (`004_…` step 7, `001_…` step 6, `003_…`): at 1 and 3 months both
//! answer — are you in regular contact, is it working, what would help — privately.

use crate::person::bounded_text;
use crate::time_util::Timestamp;
use crate::{CheckInId, DomainError, PersonId, RelationshipId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub id: CheckInId,
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    /// Which check-in: days after activation (30, 90, …).
    pub due_day: u32,
    pub due_at: Timestamp,
    pub answer: Option<CheckInAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInAnswer {
    pub in_regular_contact: bool,
    /// Is it working, 1 (not at all) to 5 (very well).
    pub working: u8,
    pub what_would_help: String,
    pub answered_at: Timestamp,
}

impl CheckInAnswer {
    pub fn new(
        in_regular_contact: bool,
        working: i64,
        what_would_help: &str,
        at: Timestamp,
    ) -> Result<Self, DomainError> {
        if !(1..=5).contains(&working) {
            return Err(DomainError::invalid(
                "working",
                "answer from 1 (not at all) to 5 (very well)",
            ));
        }
        Ok(CheckInAnswer {
            in_regular_contact,
            working: working as u8,
            what_would_help: bounded_text("what_would_help", what_would_help, 4000)?,
            answered_at: at,
        })
    }
}

/// The check-ins that have fallen due by `now` for a relationship activated at
/// `activated_at`, as days after activation.
pub fn due_checkins(activated_at: Timestamp, schedule: &[u32], now: Timestamp) -> Vec<u32> {
    schedule
        .iter()
        .copied()
        .filter(|d| activated_at.plus_days(*d as i64) <= now)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_is_one_to_five() {
        assert!(CheckInAnswer::new(true, 0, "", Timestamp(0)).is_err());
        assert!(CheckInAnswer::new(true, 6, "", Timestamp(0)).is_err());
        assert_eq!(
            CheckInAnswer::new(false, 3, " more structure ", Timestamp(0))
                .unwrap()
                .what_would_help,
            "more structure"
        );
    }

    #[test]
    fn checkins_fall_due_on_their_day() {
        let start = Timestamp(0);
        assert!(due_checkins(start, &[30, 90], start.plus_days(29)).is_empty());
        assert_eq!(
            due_checkins(start, &[30, 90], start.plus_days(30)),
            vec![30]
        );
        assert_eq!(
            due_checkins(start, &[30, 90], start.plus_days(200)),
            vec![30, 90]
        );
    }
}
