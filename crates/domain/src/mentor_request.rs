//! Self-match requests (SPEC §2, `001_…` step 3): a mentee asks an approved mentor
//! directly; the mentor accepts (the relationship starts) or declines. A decline
//! moves the mentee on to their next choice, so one request is open at a time.

use crate::{DomainError, PersonId, ProgrammeId};
use serde::{Deserialize, Serialize};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Open,
    Accepted,
    Declined,
    /// The mentee took it back before the mentor answered.
    Withdrawn,
}

impl RequestState {
    pub const ALL: [RequestState; 4] = [
        RequestState::Open,
        RequestState::Accepted,
        RequestState::Declined,
        RequestState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::Accepted => "accepted",
            RequestState::Declined => "declined",
            RequestState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestState::Open => "Waiting for an answer",
            RequestState::Accepted => "Accepted",
            RequestState::Declined => "Declined",
            RequestState::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| DomainError::invalid("state", format!("unknown request state {s:?}")))
    }
}

/// What happens to an open request, and who may make it happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestDecision {
    /// The mentor says yes.
    Accept,
    /// The mentor says no, with a reason.
    Decline,
    /// The mentee takes the request back.
    Withdraw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorRequest {
    pub id: i64,
    pub programme_id: ProgrammeId,
    pub mentee_id: PersonId,
    pub mentor_id: PersonId,
    pub message: String,
    pub state: RequestState,
    /// The mentor's reason for declining.
    pub reason: String,
    /// Whether the mentor chose to let the mentee read the reason.
    pub reason_shared: bool,
    pub version: i64,
}

impl MentorRequest {
    /// The state after `decision` by `actor`. Only the mentor answers, only the
    /// mentee withdraws, only open requests change; a decline needs a reason.
    pub fn decide(
        &self,
        decision: RequestDecision,
        actor: PersonId,
        reason: &str,
    ) -> Result<RequestState, DomainError> {
        let (who, to) = match decision {
            RequestDecision::Accept => (self.mentor_id, RequestState::Accepted),
            RequestDecision::Decline => (self.mentor_id, RequestState::Declined),
            RequestDecision::Withdraw => (self.mentee_id, RequestState::Withdrawn),
        };
        if actor != who {
            return Err(DomainError::NotAllowed(match decision {
                RequestDecision::Withdraw => "only the mentee can withdraw their request".into(),
                _ => "only the requested mentor can answer this request".into(),
            }));
        }
        if self.state != RequestState::Open {
            return Err(DomainError::IllegalTransition {
                action: match decision {
                    RequestDecision::Accept => "accept",
                    RequestDecision::Decline => "decline",
                    RequestDecision::Withdraw => "withdraw",
                }
                .into(),
                state: self.state.label().to_lowercase(),
            });
        }
        if decision == RequestDecision::Decline && reason.trim().is_empty() {
            return Err(DomainError::invalid(
                "reason",
                "say why, briefly; you choose whether the mentee may read it",
            ));
        }
        Ok(to)
    }

    /// The decline reason as the mentee may read it: only when shared.
    pub fn reason_for_mentee(&self) -> Option<&str> {
        (self.state == RequestState::Declined && self.reason_shared && !self.reason.is_empty())
            .then_some(self.reason.as_str())
    }
}

/// Places a mentor has left: their capacity less their open relationships.
pub fn capacity_left(capacity: u8, open_relationships: i64) -> i64 {
    (i64::from(capacity) - open_relationships).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(state: RequestState) -> MentorRequest {
        MentorRequest {
            id: 1,
            programme_id: ProgrammeId(1),
            mentee_id: PersonId(10),
            mentor_id: PersonId(20),
            message: "Would you mentor me on strategy?".into(),
            state,
            reason: String::new(),
            reason_shared: false,
            version: 1,
        }
    }

    #[test]
    fn only_the_mentor_answers_and_only_the_mentee_withdraws() {
        let r = request(RequestState::Open);
        assert_eq!(
            r.decide(RequestDecision::Accept, PersonId(20), "").unwrap(),
            RequestState::Accepted
        );
        assert!(matches!(
            r.decide(RequestDecision::Accept, PersonId(10), ""),
            Err(DomainError::NotAllowed(_))
        ));
        assert_eq!(
            r.decide(RequestDecision::Withdraw, PersonId(10), "")
                .unwrap(),
            RequestState::Withdrawn
        );
        assert!(r
            .decide(RequestDecision::Withdraw, PersonId(20), "")
            .is_err());
    }

    #[test]
    fn declining_needs_a_reason() {
        let r = request(RequestState::Open);
        let err = r
            .decide(RequestDecision::Decline, PersonId(20), "  ")
            .unwrap_err();
        assert!(err.to_string().starts_with("reason:"), "{err}");
        assert_eq!(
            r.decide(RequestDecision::Decline, PersonId(20), "Full this year")
                .unwrap(),
            RequestState::Declined
        );
    }

    #[test]
    fn answered_requests_cannot_be_answered_again() {
        let r = request(RequestState::Accepted);
        let err = r
            .decide(RequestDecision::Decline, PersonId(20), "changed my mind")
            .unwrap_err();
        assert!(
            matches!(&err, DomainError::IllegalTransition { action, state } if action == "decline" && state == "accepted"),
            "{err:?}"
        );
    }

    #[test]
    fn the_mentee_reads_a_decline_reason_only_when_shared() {
        let mut r = request(RequestState::Declined);
        r.reason = "I mentor two people already".into();
        assert_eq!(r.reason_for_mentee(), None);
        r.reason_shared = true;
        assert_eq!(r.reason_for_mentee(), Some("I mentor two people already"));
    }

    #[test]
    fn capacity_left_never_goes_below_zero() {
        assert_eq!(capacity_left(3, 1), 2);
        assert_eq!(capacity_left(2, 2), 0);
        assert_eq!(capacity_left(1, 4), 0);
    }
}
