//! A person's enrolment in a programme, in one role, and its status.

use crate::{DomainError, EnrolmentId, PersonId, ProgrammeId};
use serde::{Deserialize, Serialize};

/// The two sides of a mentoring relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    Mentor,
    Mentee,
}

impl ParticipantRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantRole::Mentor => "mentor",
            ParticipantRole::Mentee => "mentee",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "mentor" => Ok(Self::Mentor),
            "mentee" => Ok(Self::Mentee),
            _ => Err(DomainError::invalid(
                "role",
                format!("unknown role {s:?}; use mentor or mentee"),
            )),
        }
    }
    pub fn other(self) -> Self {
        match self {
            ParticipantRole::Mentor => ParticipantRole::Mentee,
            ParticipantRole::Mentee => ParticipantRole::Mentor,
        }
    }
}

/// Where an enrolment stands. Mentors apply and are qualified (`002_…` §2: volunteering
/// is not enough); mentees enrol and assess themselves before they can be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// A mentor's application waiting for the admin's assessment.
    Applied,
    /// A mentee who has not finished the self-assessment yet.
    Enrolled,
    /// Mentor approved by the admin, or mentee whose self-assessment is complete.
    Approved,
    /// A mentor application the admin declined (with a reason given to the applicant).
    Declined,
    /// The person left the programme.
    Withdrawn,
}

impl EnrolmentStatus {
    pub const ALL: [EnrolmentStatus; 5] = [
        EnrolmentStatus::Applied,
        EnrolmentStatus::Enrolled,
        EnrolmentStatus::Approved,
        EnrolmentStatus::Declined,
        EnrolmentStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentStatus::Applied => "applied",
            EnrolmentStatus::Enrolled => "enrolled",
            EnrolmentStatus::Approved => "approved",
            EnrolmentStatus::Declined => "declined",
            EnrolmentStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                DomainError::invalid("status", format!("unknown enrolment status {s:?}"))
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub id: EnrolmentId,
    pub programme_id: ProgrammeId,
    pub person_id: PersonId,
    pub role: ParticipantRole,
    pub status: EnrolmentStatus,
    /// The reason given when a mentor application is declined; shown to the applicant.
    pub decision_reason: Option<String>,
}

impl Enrolment {
    /// The state after an admin's decision on a mentor application.
    pub fn decide(&self, approve: bool, reason: &str) -> Result<EnrolmentStatus, DomainError> {
        if self.role != ParticipantRole::Mentor {
            return Err(DomainError::NotAllowed(
                "only mentor applications are approved or declined".into(),
            ));
        }
        if !matches!(
            self.status,
            EnrolmentStatus::Applied | EnrolmentStatus::Approved | EnrolmentStatus::Declined
        ) {
            return Err(DomainError::NotAllowed(format!(
                "the application is {} and can no longer be decided",
                self.status.as_str()
            )));
        }
        if !approve && reason.trim().is_empty() {
            return Err(DomainError::invalid(
                "reason",
                "a declined applicant is told why: give a reason",
            ));
        }
        Ok(if approve {
            EnrolmentStatus::Approved
        } else {
            EnrolmentStatus::Declined
        })
    }
}

/// Whether a mentor may be listed in the directory and matched: approved, and
/// trained when the programme requires it (`002_…` §2, §5).
pub fn mentor_is_matchable(
    status: EnrolmentStatus,
    training_required: bool,
    training_complete: bool,
) -> bool {
    status == EnrolmentStatus::Approved && (!training_required || training_complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn application(role: ParticipantRole, status: EnrolmentStatus) -> Enrolment {
        Enrolment {
            id: EnrolmentId(1),
            programme_id: ProgrammeId(1),
            person_id: PersonId(1),
            role,
            status,
            decision_reason: None,
        }
    }

    #[test]
    fn declining_a_mentor_needs_a_reason() {
        let e = application(ParticipantRole::Mentor, EnrolmentStatus::Applied);
        assert_eq!(e.decide(true, "").unwrap(), EnrolmentStatus::Approved);
        assert!(e
            .decide(false, " ")
            .unwrap_err()
            .to_string()
            .contains("give a reason"));
        assert_eq!(
            e.decide(false, "Not enough coaching experience yet")
                .unwrap(),
            EnrolmentStatus::Declined
        );
    }

    #[test]
    fn only_mentor_applications_are_decided() {
        let e = application(ParticipantRole::Mentee, EnrolmentStatus::Enrolled);
        assert!(e.decide(true, "").is_err());
        let w = application(ParticipantRole::Mentor, EnrolmentStatus::Withdrawn);
        assert!(w.decide(true, "").is_err());
    }

    #[test]
    fn only_approved_and_trained_mentors_are_matchable() {
        assert!(mentor_is_matchable(EnrolmentStatus::Approved, false, false));
        assert!(mentor_is_matchable(EnrolmentStatus::Approved, true, true));
        assert!(!mentor_is_matchable(EnrolmentStatus::Approved, true, false));
        assert!(!mentor_is_matchable(EnrolmentStatus::Applied, false, true));
    }
}
