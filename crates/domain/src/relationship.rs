//! The mentoring relationship and its state machine (SPEC §8).
//!
//! proposed → (awaiting manager approval) → introduced → active (agreement agreed)
//! → reassessment due → continued (active again) or completed; from any open state:
//! declined, dormant, or ended early. Every transition is recorded with who, when
//! and why.

use crate::time_util::Timestamp;
use crate::{DomainError, PersonId, ProgrammeId, RelationshipId};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipState {
    Proposed,
    AwaitingManagerApproval,
    Introduced,
    Active,
    ReassessmentDue,
    Completed,
    Declined,
    Dormant,
    EndedEarly,
}

impl RelationshipState {
    pub const ALL: [RelationshipState; 9] = [
        RelationshipState::Proposed,
        RelationshipState::AwaitingManagerApproval,
        RelationshipState::Introduced,
        RelationshipState::Active,
        RelationshipState::ReassessmentDue,
        RelationshipState::Completed,
        RelationshipState::Declined,
        RelationshipState::Dormant,
        RelationshipState::EndedEarly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipState::Proposed => "proposed",
            RelationshipState::AwaitingManagerApproval => "awaiting_manager_approval",
            RelationshipState::Introduced => "introduced",
            RelationshipState::Active => "active",
            RelationshipState::ReassessmentDue => "reassessment_due",
            RelationshipState::Completed => "completed",
            RelationshipState::Declined => "declined",
            RelationshipState::Dormant => "dormant",
            RelationshipState::EndedEarly => "ended_early",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RelationshipState::Proposed => "Proposed",
            RelationshipState::AwaitingManagerApproval => "Awaiting manager approval",
            RelationshipState::Introduced => "Introduced",
            RelationshipState::Active => "Active",
            RelationshipState::ReassessmentDue => "Reassessment due",
            RelationshipState::Completed => "Completed",
            RelationshipState::Declined => "Declined",
            RelationshipState::Dormant => "Dormant",
            RelationshipState::EndedEarly => "Ended early",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                DomainError::invalid("state", format!("unknown relationship state {s:?}"))
            })
    }

    /// Open relationships are still going somewhere; they count against a mentor's
    /// capacity and block a second relationship between the same two people.
    pub fn is_open(self) -> bool {
        !self.is_closed()
    }

    pub fn is_closed(self) -> bool {
        matches!(
            self,
            RelationshipState::Completed
                | RelationshipState::Declined
                | RelationshipState::Dormant
                | RelationshipState::EndedEarly
        )
    }
}

impl fmt::Display for RelationshipState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What happens to a relationship. Each event is legal from some states only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipEvent {
    /// The mentor is in the mentee's management line: the manager must approve first.
    RequestManagerApproval,
    /// The manager approved; the pair is introduced.
    ManagerApprove,
    /// Both are introduced to each other (`004_…` step 5).
    Introduce,
    /// Both confirmed the mentoring agreement (`000_…` step 7).
    ConfirmAgreement,
    /// The agreed duration has run out (`000_…` step 7).
    ReassessmentFalls,
    /// Both chose to go on for a new period.
    Continue,
    /// The relationship reached its end well, with closing reflections.
    Complete,
    /// Declined by the mentor, the mentee or the manager before it got going.
    Decline,
    /// No contact logged within the dormancy window (`004_…` step 8).
    DeclareDormant,
    /// Either ended it early, with a reason.
    EndEarly,
}

impl RelationshipEvent {
    pub const ALL: [RelationshipEvent; 10] = [
        RelationshipEvent::RequestManagerApproval,
        RelationshipEvent::ManagerApprove,
        RelationshipEvent::Introduce,
        RelationshipEvent::ConfirmAgreement,
        RelationshipEvent::ReassessmentFalls,
        RelationshipEvent::Continue,
        RelationshipEvent::Complete,
        RelationshipEvent::Decline,
        RelationshipEvent::DeclareDormant,
        RelationshipEvent::EndEarly,
    ];

    pub fn verb(self) -> &'static str {
        match self {
            RelationshipEvent::RequestManagerApproval => "ask the manager to approve",
            RelationshipEvent::ManagerApprove => "approve",
            RelationshipEvent::Introduce => "introduce",
            RelationshipEvent::ConfirmAgreement => "confirm the agreement of",
            RelationshipEvent::ReassessmentFalls => "start the reassessment of",
            RelationshipEvent::Continue => "continue",
            RelationshipEvent::Complete => "complete",
            RelationshipEvent::Decline => "decline",
            RelationshipEvent::DeclareDormant => "declare dormant",
            RelationshipEvent::EndEarly => "end early",
        }
    }
}

/// The state machine's table: the state an event leads to from a state, if legal.
pub fn next_state(from: RelationshipState, event: RelationshipEvent) -> Option<RelationshipState> {
    use RelationshipEvent as E;
    use RelationshipState as S;
    match (from, event) {
        (S::Proposed, E::RequestManagerApproval) => Some(S::AwaitingManagerApproval),
        (S::AwaitingManagerApproval, E::ManagerApprove) => Some(S::Introduced),
        (S::Proposed, E::Introduce) => Some(S::Introduced),
        (S::Introduced, E::ConfirmAgreement) => Some(S::Active),
        (S::Active, E::ReassessmentFalls) => Some(S::ReassessmentDue),
        (S::ReassessmentDue, E::Continue) => Some(S::Active),
        (S::ReassessmentDue, E::Complete) => Some(S::Completed),
        (from, E::Decline) if from.is_open() => Some(S::Declined),
        (from, E::DeclareDormant) if from.is_open() => Some(S::Dormant),
        (from, E::EndEarly) if from.is_open() => Some(S::EndedEarly),
        _ => None,
    }
}

/// Who made a transition happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "person_id", rename_all = "snake_case")]
pub enum Actor {
    Person(PersonId),
    /// The scheduler (dormancy sweep, reassessment due).
    System,
}

impl Actor {
    pub fn person(self) -> Option<PersonId> {
        match self {
            Actor::Person(p) => Some(p),
            Actor::System => None,
        }
    }
}

/// One recorded change of state: who, when, from, to and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub from: RelationshipState,
    pub to: RelationshipState,
    pub event: RelationshipEvent,
    pub actor: Actor,
    pub at: Timestamp,
    pub reason: String,
}

/// How a relationship came to be (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Published from an admin's matching run.
    Matched,
    /// A mentee's request accepted by the mentor (self-match mode).
    Requested,
    /// An informal outreach ending in "yes".
    Outreach,
    /// A mentor's offer accepted by the protégé (`003_…`).
    Offer,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Matched => "matched",
            Origin::Requested => "requested",
            Origin::Outreach => "outreach",
            Origin::Offer => "offer",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "matched" => Ok(Self::Matched),
            "requested" => Ok(Self::Requested),
            "outreach" => Ok(Self::Outreach),
            "offer" => Ok(Self::Offer),
            _ => Err(DomainError::invalid(
                "origin",
                format!("unknown origin {s:?}"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: RelationshipId,
    pub programme_id: ProgrammeId,
    pub mentor_id: PersonId,
    pub mentee_id: PersonId,
    pub state: RelationshipState,
    pub origin: Origin,
    pub created_at: Timestamp,
    pub introduced_at: Option<Timestamp>,
    pub activated_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Start of the current agreed period (reset when both choose to continue).
    pub period_started_at: Option<Timestamp>,
    pub version: i64,
}

impl Relationship {
    pub fn is_party(&self, person: PersonId) -> bool {
        self.mentor_id == person || self.mentee_id == person
    }

    /// The other member of the pair, for a party.
    pub fn partner_of(&self, person: PersonId) -> Option<PersonId> {
        if person == self.mentor_id {
            Some(self.mentee_id)
        } else if person == self.mentee_id {
            Some(self.mentor_id)
        } else {
            None
        }
    }

    /// Applies `event`, returning the transition to record. The relationship is
    /// changed only when the transition is legal and permitted for the actor.
    pub fn apply(
        &mut self,
        event: RelationshipEvent,
        actor: Actor,
        at: Timestamp,
        reason: &str,
    ) -> Result<Transition, DomainError> {
        let to = next_state(self.state, event).ok_or_else(|| DomainError::IllegalTransition {
            action: event.verb().to_string(),
            state: self.state.label().to_lowercase(),
        })?;
        self.check_actor(event, actor)?;
        if matches!(
            event,
            RelationshipEvent::EndEarly | RelationshipEvent::Decline
        ) && reason.trim().is_empty()
        {
            return Err(DomainError::invalid(
                "reason",
                "say why, briefly: it helps the programme improve",
            ));
        }
        let transition = Transition {
            from: self.state,
            to,
            event,
            actor,
            at,
            reason: reason.trim().to_string(),
        };
        self.state = to;
        match to {
            RelationshipState::Introduced => self.introduced_at = Some(at),
            RelationshipState::Active => {
                if self.activated_at.is_none() {
                    self.activated_at = Some(at);
                }
                self.period_started_at = Some(at);
            }
            s if s.is_closed() => self.closed_at = Some(at),
            _ => {}
        }
        Ok(transition)
    }

    /// Who may cause which event. The manager's approval is the manager's alone;
    /// ending or confirming is for the pair; the scheduler only does what time does.
    /// Admin rights are checked by the caller, which acts as `Actor::System` for
    /// programme-level operations such as publishing.
    fn check_actor(&self, event: RelationshipEvent, actor: Actor) -> Result<(), DomainError> {
        use RelationshipEvent as E;
        let party = actor.person().is_some_and(|p| self.is_party(p));
        let ok = match event {
            E::RequestManagerApproval | E::Introduce | E::ReassessmentFalls | E::DeclareDormant => {
                true
            }
            // The manager is not part of the pair; the caller checks they are the
            // mentee's manager before acting for them.
            E::ManagerApprove => !party,
            E::ConfirmAgreement | E::Continue | E::Complete | E::EndEarly => {
                party || actor == Actor::System
            }
            E::Decline => true,
        };
        if ok {
            Ok(())
        } else {
            Err(DomainError::NotAllowed(format!(
                "only the mentee's manager can {} this relationship",
                event.verb()
            )))
        }
    }
}

/// Dormancy (`004_…` step 8): a relationship that was introduced and has had no
/// contact logged within `window_days` of the introduction is dormant.
pub fn is_dormant(
    state: RelationshipState,
    introduced_at: Option<Timestamp>,
    last_contact: Option<Timestamp>,
    now: Timestamp,
    window_days: u32,
) -> bool {
    if !matches!(
        state,
        RelationshipState::Introduced | RelationshipState::Active
    ) {
        return false;
    }
    let Some(intro) = introduced_at else {
        return false;
    };
    last_contact.is_none() && intro.days_until(now) >= window_days as i64
}

/// Whether the dormancy warning is due: `warn_days_before` the dormancy day, still
/// without contact.
pub fn dormancy_warning_due(
    state: RelationshipState,
    introduced_at: Option<Timestamp>,
    last_contact: Option<Timestamp>,
    now: Timestamp,
    window_days: u32,
    warn_days_before: u32,
) -> bool {
    let warn_at = window_days.saturating_sub(warn_days_before);
    is_dormant(state, introduced_at, last_contact, now, warn_at)
        && !is_dormant(state, introduced_at, last_contact, now, window_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RelationshipEvent as E;
    use RelationshipState as S;

    const MENTOR: PersonId = PersonId(1);
    const MENTEE: PersonId = PersonId(2);
    const MANAGER: PersonId = PersonId(3);

    fn rel(state: S) -> Relationship {
        Relationship {
            id: RelationshipId(1),
            programme_id: ProgrammeId(1),
            mentor_id: MENTOR,
            mentee_id: MENTEE,
            state,
            origin: Origin::Matched,
            created_at: Timestamp(0),
            introduced_at: None,
            activated_at: None,
            closed_at: None,
            period_started_at: None,
            version: 1,
        }
    }

    #[test]
    fn every_legal_transition_leads_where_the_spec_says() {
        let legal = [
            (
                S::Proposed,
                E::RequestManagerApproval,
                S::AwaitingManagerApproval,
            ),
            (S::AwaitingManagerApproval, E::ManagerApprove, S::Introduced),
            (S::Proposed, E::Introduce, S::Introduced),
            (S::Introduced, E::ConfirmAgreement, S::Active),
            (S::Active, E::ReassessmentFalls, S::ReassessmentDue),
            (S::ReassessmentDue, E::Continue, S::Active),
            (S::ReassessmentDue, E::Complete, S::Completed),
        ];
        for (from, event, to) in legal {
            assert_eq!(next_state(from, event), Some(to), "{from:?} --{event:?}-->");
        }
        for from in S::ALL.into_iter().filter(|s| s.is_open()) {
            assert_eq!(next_state(from, E::Decline), Some(S::Declined));
            assert_eq!(next_state(from, E::DeclareDormant), Some(S::Dormant));
            assert_eq!(next_state(from, E::EndEarly), Some(S::EndedEarly));
        }
    }

    #[test]
    fn closed_relationships_accept_no_event() {
        for from in S::ALL.into_iter().filter(|s| s.is_closed()) {
            for event in E::ALL {
                assert_eq!(next_state(from, event), None, "{from:?} --{event:?}");
            }
        }
    }

    #[test]
    fn the_table_has_exactly_the_documented_transitions() {
        let count = S::ALL
            .iter()
            .flat_map(|s| E::ALL.iter().map(move |e| (*s, *e)))
            .filter(|(s, e)| next_state(*s, *e).is_some())
            .count();
        // 7 forward transitions + 3 exits from each of the 5 open states.
        assert_eq!(count, 7 + 3 * 5);
    }

    #[test]
    fn illegal_transitions_say_what_and_from_where() {
        let mut r = rel(S::Proposed);
        let err = r
            .apply(E::ConfirmAgreement, Actor::Person(MENTEE), Timestamp(5), "")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot confirm the agreement of a relationship that is proposed"
        );
        assert_eq!(r.state, S::Proposed, "a refused transition changes nothing");

        let mut done = rel(S::Completed);
        let err = done
            .apply(E::EndEarly, Actor::Person(MENTOR), Timestamp(5), "x")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot end early a relationship that is completed"
        );

        let mut active = rel(S::Active);
        assert!(active
            .apply(E::Introduce, Actor::System, Timestamp(5), "")
            .is_err());
        assert!(active
            .apply(E::Continue, Actor::Person(MENTEE), Timestamp(5), "")
            .is_err());
    }

    #[test]
    fn a_full_life_is_recorded_with_who_when_and_why() {
        let mut r = rel(S::Proposed);
        let t1 = r
            .apply(
                E::RequestManagerApproval,
                Actor::System,
                Timestamp(10),
                "mentor is in the management line",
            )
            .unwrap();
        let t2 = r
            .apply(E::ManagerApprove, Actor::Person(MANAGER), Timestamp(20), "")
            .unwrap();
        assert_eq!(r.introduced_at, Some(Timestamp(20)));
        let t3 = r
            .apply(
                E::ConfirmAgreement,
                Actor::Person(MENTEE),
                Timestamp(30),
                "",
            )
            .unwrap();
        assert_eq!(
            (r.activated_at, r.period_started_at),
            (Some(Timestamp(30)), Some(Timestamp(30)))
        );
        r.apply(E::ReassessmentFalls, Actor::System, Timestamp(40), "")
            .unwrap();
        r.apply(
            E::Continue,
            Actor::Person(MENTOR),
            Timestamp(50),
            "another six months",
        )
        .unwrap();
        assert_eq!(
            r.activated_at,
            Some(Timestamp(30)),
            "first activation is kept"
        );
        assert_eq!(
            r.period_started_at,
            Some(Timestamp(50)),
            "a new period starts"
        );
        r.apply(E::ReassessmentFalls, Actor::System, Timestamp(60), "")
            .unwrap();
        let last = r
            .apply(E::Complete, Actor::Person(MENTEE), Timestamp(70), "")
            .unwrap();
        assert_eq!(r.state, S::Completed);
        assert_eq!(r.closed_at, Some(Timestamp(70)));
        assert_eq!(
            (t1.from, t1.to, t1.reason.as_str()),
            (
                S::Proposed,
                S::AwaitingManagerApproval,
                "mentor is in the management line"
            )
        );
        assert_eq!((t2.actor, t2.at), (Actor::Person(MANAGER), Timestamp(20)));
        assert_eq!(t3.to, S::Active);
        assert_eq!(last.from, S::ReassessmentDue);
    }

    #[test]
    fn ending_early_or_declining_needs_a_reason() {
        let mut r = rel(S::Active);
        let err = r
            .apply(E::EndEarly, Actor::Person(MENTEE), Timestamp(1), "  ")
            .unwrap_err();
        assert!(err.to_string().starts_with("reason:"), "{err}");
        assert_eq!(r.state, S::Active);
        r.apply(
            E::EndEarly,
            Actor::Person(MENTEE),
            Timestamp(1),
            "new role abroad",
        )
        .unwrap();
        assert_eq!(r.state, S::EndedEarly);
    }

    #[test]
    fn only_the_pair_confirms_and_a_party_cannot_approve_as_manager() {
        let mut r = rel(S::Introduced);
        assert!(matches!(
            r.apply(
                E::ConfirmAgreement,
                Actor::Person(PersonId(99)),
                Timestamp(1),
                ""
            ),
            Err(DomainError::NotAllowed(_))
        ));
        let mut w = rel(S::AwaitingManagerApproval);
        assert!(w
            .apply(E::ManagerApprove, Actor::Person(MENTEE), Timestamp(1), "")
            .is_err());
        assert!(w
            .apply(E::ManagerApprove, Actor::Person(MANAGER), Timestamp(1), "")
            .is_ok());
    }

    #[test]
    fn partner_of_names_the_other_side() {
        let r = rel(S::Active);
        assert_eq!(r.partner_of(MENTOR), Some(MENTEE));
        assert_eq!(r.partner_of(MENTEE), Some(MENTOR));
        assert_eq!(r.partner_of(MANAGER), None);
    }

    #[test]
    fn no_contact_in_the_window_means_dormant() {
        let intro = Timestamp(0);
        let day = |d| intro.plus_days(d);
        assert!(!is_dormant(S::Introduced, Some(intro), None, day(89), 90));
        assert!(is_dormant(S::Introduced, Some(intro), None, day(90), 90));
        assert!(is_dormant(S::Active, Some(intro), None, day(120), 90));
        assert!(
            !is_dormant(S::Active, Some(intro), Some(day(10)), day(120), 90),
            "contact was logged"
        );
        assert!(!is_dormant(S::Completed, Some(intro), None, day(120), 90));
        assert!(
            !is_dormant(S::Proposed, None, None, day(120), 90),
            "not introduced yet"
        );
    }

    #[test]
    fn dormancy_warning_comes_fourteen_days_before() {
        let intro = Timestamp(0);
        let warn =
            |d| dormancy_warning_due(S::Introduced, Some(intro), None, intro.plus_days(d), 90, 14);
        assert!(!warn(75));
        assert!(warn(76));
        assert!(warn(89));
        assert!(!warn(90), "on the day itself it is dormant, not a warning");
    }
}
