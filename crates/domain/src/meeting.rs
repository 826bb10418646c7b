//! Meetings (`001_…` step 5, `003_…`): the mentee drives the agenda; each meeting
//! has a date, a mode, notes private to their author unless shared, the date of the
//! next meeting and a question posed for it.

use crate::person::bounded_text;
use crate::programme::MeetingMode;
use crate::time_util::Timestamp;
use crate::{DomainError, MeetingId, PersonId, RelationshipId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    Held,
    Cancelled,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "scheduled" => Ok(Self::Scheduled),
            "held" => Ok(Self::Held),
            "cancelled" => Ok(Self::Cancelled),
            _ => Err(DomainError::invalid(
                "status",
                format!("unknown meeting status {s:?}"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub relationship_id: RelationshipId,
    pub starts_at: Timestamp,
    pub duration_minutes: u32,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
    pub agenda: String,
    pub next_meeting_at: Option<Timestamp>,
    /// A question posed to prepare for the next meeting (`003_…`: the first two or
    /// three meetings are structured around it).
    pub question_for_next: String,
    pub created_by: PersonId,
    pub version: i64,
}

/// The fields of a meeting as scheduled or logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingInput {
    pub starts_at: Timestamp,
    pub duration_minutes: i64,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
    pub agenda: String,
    pub next_meeting_at: Option<Timestamp>,
    pub question_for_next: String,
}

impl MeetingInput {
    pub fn validate(mut self, now: Timestamp) -> Result<Self, DomainError> {
        if !(5..=480).contains(&self.duration_minutes) {
            return Err(DomainError::invalid(
                "duration_minutes",
                "must be from 5 to 480 minutes",
            ));
        }
        self.agenda = bounded_text("agenda", &self.agenda, 4000)?;
        self.question_for_next = bounded_text("question_for_next", &self.question_for_next, 1000)?;
        if self.status == MeetingStatus::Held && self.starts_at > now.plus_days(1) {
            return Err(DomainError::invalid(
                "starts_at",
                "a meeting logged as held cannot be in the future",
            ));
        }
        if let Some(next) = self.next_meeting_at {
            if next <= self.starts_at {
                return Err(DomainError::invalid(
                    "next_meeting_at",
                    "must be after this meeting",
                ));
            }
        }
        Ok(self)
    }
}

/// A note on a meeting, private to its author unless shared with the partner.
/// Admins and managers never see notes (SPEC §9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingNote {
    pub meeting_id: MeetingId,
    pub author_id: PersonId,
    pub body: String,
    pub shared: bool,
}

impl MeetingNote {
    pub fn visible_to(&self, viewer: PersonId, partner_of_author: PersonId) -> bool {
        viewer == self.author_id || (self.shared && viewer == partner_of_author)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MeetingInput {
        MeetingInput {
            starts_at: Timestamp(1_000_000),
            duration_minutes: 45,
            mode: MeetingMode::Video,
            status: MeetingStatus::Held,
            agenda: "Goals for the quarter".into(),
            next_meeting_at: Some(Timestamp(2_000_000)),
            question_for_next: "What decision did you delay this month, and why?".into(),
        }
    }

    #[test]
    fn the_next_meeting_comes_after_this_one() {
        let mut m = input();
        m.next_meeting_at = Some(Timestamp(5));
        assert!(m
            .validate(Timestamp(1_000_000))
            .unwrap_err()
            .to_string()
            .starts_with("next_meeting_at"));
    }

    #[test]
    fn held_meetings_are_not_in_the_future() {
        let mut m = input();
        m.starts_at = Timestamp(0).plus_days(10);
        m.next_meeting_at = None;
        assert!(m.clone().validate(Timestamp(0)).is_err());
        m.status = MeetingStatus::Scheduled;
        assert!(m.validate(Timestamp(0)).is_ok());
    }

    #[test]
    fn duration_is_bounded() {
        let mut m = input();
        m.duration_minutes = 0;
        assert!(m.validate(Timestamp(1_000_000)).is_err());
    }

    #[test]
    fn notes_are_private_unless_shared() {
        let note = MeetingNote {
            meeting_id: MeetingId(1),
            author_id: PersonId(1),
            body: "x".into(),
            shared: false,
        };
        assert!(note.visible_to(PersonId(1), PersonId(2)));
        assert!(!note.visible_to(PersonId(2), PersonId(2)));
        let shared = MeetingNote {
            shared: true,
            ..note
        };
        assert!(shared.visible_to(PersonId(2), PersonId(2)));
        assert!(
            !shared.visible_to(PersonId(3), PersonId(2)),
            "nobody outside the pair"
        );
    }
}
