//! The informal outreach pipeline (`000_…` steps 5–8, `001_…` steps 2–3, `003_…`):
//! a mentee's private shortlist, each candidate moved from first contact to an
//! answer, and a mentor's offer to a potential protégé.

use crate::person::bounded_text;
use crate::{DomainError, OfferId, PersonId, ShortlistEntryId};
use serde::{Deserialize, Serialize};

/// Where a shortlisted candidate stands. The order is the pipeline's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutreachStage {
    Shortlisted,
    /// Asked by phone or email for about 30 minutes on the mentee's goals.
    Contacted,
    /// At least one conversation held; the product encourages three before asking.
    ConversationHeld,
    /// The mentee asked them to be their mentor.
    Asked,
    Accepted,
    Declined,
    /// The mentee decided not to ask (still thanked).
    RuledOut,
}

impl OutreachStage {
    pub const ALL: [OutreachStage; 7] = [
        OutreachStage::Shortlisted,
        OutreachStage::Contacted,
        OutreachStage::ConversationHeld,
        OutreachStage::Asked,
        OutreachStage::Accepted,
        OutreachStage::Declined,
        OutreachStage::RuledOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutreachStage::Shortlisted => "shortlisted",
            OutreachStage::Contacted => "contacted",
            OutreachStage::ConversationHeld => "conversation_held",
            OutreachStage::Asked => "asked",
            OutreachStage::Accepted => "accepted",
            OutreachStage::Declined => "declined",
            OutreachStage::RuledOut => "ruled_out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OutreachStage::Shortlisted => "Shortlisted",
            OutreachStage::Contacted => "Contacted",
            OutreachStage::ConversationHeld => "Conversation held",
            OutreachStage::Asked => "Asked",
            OutreachStage::Accepted => "Accepted",
            OutreachStage::Declined => "Declined",
            OutreachStage::RuledOut => "Ruled out",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| DomainError::invalid("stage", format!("unknown outreach stage {s:?}")))
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            OutreachStage::Accepted | OutreachStage::Declined | OutreachStage::RuledOut
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Phone,
    Email,
    InPerson,
}

impl ContactMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactMethod::Phone => "phone",
            ContactMethod::Email => "email",
            ContactMethod::InPerson => "in_person",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "phone" => Ok(Self::Phone),
            "email" => Ok(Self::Email),
            "in_person" => Ok(Self::InPerson),
            _ => Err(DomainError::invalid(
                "method",
                format!("unknown contact method {s:?}"),
            )),
        }
    }
}

/// How many conversations the seeds advise before asking (`000_…` step 6).
pub const ADVISED_CONVERSATIONS: u32 = 3;

/// A candidate on a mentee's private shortlist. Nobody but the mentee sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortlistEntry {
    pub id: ShortlistEntryId,
    pub mentee_id: PersonId,
    pub candidate_id: PersonId,
    /// Order of preference on the list; a decline moves on to the next one.
    pub position: i32,
    pub positives: String,
    pub constraints: String,
    /// Colleagues' recommendations (`000_…` step 5).
    pub recommendations: String,
    pub stage: OutreachStage,
    pub contact_method: Option<ContactMethod>,
    pub conversations: u32,
    pub follow_up_welcome: Option<bool>,
    pub thanked: bool,
    pub notes: String,
}

/// An action on a shortlist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum OutreachAction {
    Contact {
        method: ContactMethod,
    },
    LogConversation {
        notes: String,
        follow_up_welcome: bool,
    },
    SendThanks,
    Ask,
    RecordAnswer {
        accepted: bool,
    },
    RuleOut,
}

impl ShortlistEntry {
    /// Applies an outreach action, returning what the product should remind the
    /// mentee of (e.g. fewer than three conversations before asking).
    pub fn apply(&mut self, action: &OutreachAction) -> Result<Vec<String>, DomainError> {
        use OutreachStage as S;
        let mut advice = Vec::new();
        let refuse = |what: &str, stage: S| {
            Err(DomainError::NotAllowed(format!(
                "cannot {what}: this candidate is {}",
                stage.label().to_lowercase()
            )))
        };
        match action {
            OutreachAction::Contact { method } => {
                if self.stage != S::Shortlisted {
                    return refuse("record first contact", self.stage);
                }
                self.contact_method = Some(*method);
                self.stage = S::Contacted;
            }
            OutreachAction::LogConversation {
                notes,
                follow_up_welcome,
            } => {
                if !matches!(self.stage, S::Contacted | S::ConversationHeld) {
                    return refuse("log a conversation", self.stage);
                }
                let notes = bounded_text("notes", notes, 4000)?;
                self.conversations += 1;
                self.follow_up_welcome = Some(*follow_up_welcome);
                if !notes.is_empty() {
                    if !self.notes.is_empty() {
                        self.notes.push_str("\n\n");
                    }
                    self.notes.push_str(&notes);
                }
                self.stage = S::ConversationHeld;
                if !self.thanked {
                    advice.push("Send a thank-you note for the time they gave you.".into());
                }
            }
            OutreachAction::SendThanks => {
                if self.stage == S::Shortlisted {
                    return refuse("send thanks", self.stage);
                }
                self.thanked = true;
            }
            OutreachAction::Ask => {
                if self.stage != S::ConversationHeld {
                    return refuse("ask", self.stage);
                }
                if self.follow_up_welcome == Some(false) {
                    return Err(DomainError::NotAllowed(
                        "they said a follow-up was not welcome: thank them and move on to the next name".into(),
                    ));
                }
                if self.conversations < ADVISED_CONVERSATIONS {
                    advice.push(format!(
                        "You have had {} conversation(s); at least {ADVISED_CONVERSATIONS} are advised before asking.",
                        self.conversations
                    ));
                }
                self.stage = S::Asked;
            }
            OutreachAction::RecordAnswer { accepted } => {
                if self.stage != S::Asked {
                    return refuse("record an answer", self.stage);
                }
                self.stage = if *accepted { S::Accepted } else { S::Declined };
                if !*accepted {
                    advice.push("A decline is common and no judgement: the next name on your list is ready.".into());
                }
            }
            OutreachAction::RuleOut => {
                if self.stage.is_final() {
                    return refuse("rule out", self.stage);
                }
                self.stage = S::RuledOut;
                if !self.thanked && self.stage != S::Shortlisted {
                    advice.push("Thank them even so: they gave you their time.".into());
                }
            }
        }
        Ok(advice)
    }
}

/// The next candidate to approach after a decline: the first open entry in order.
pub fn next_candidate(entries: &[ShortlistEntry]) -> Option<&ShortlistEntry> {
    entries
        .iter()
        .filter(|e| !e.stage.is_final())
        .min_by_key(|e| (e.position, e.id))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    Open,
    Accepted,
    Declined,
    Withdrawn,
}

impl OfferState {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferState::Open => "open",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
            OfferState::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "open" => Ok(Self::Open),
            "accepted" => Ok(Self::Accepted),
            "declined" => Ok(Self::Declined),
            "withdrawn" => Ok(Self::Withdrawn),
            _ => Err(DomainError::invalid(
                "state",
                format!("unknown offer state {s:?}"),
            )),
        }
    }
}

/// A mentor's offer of mentoring to a potential protégé (`003_…`): what they
/// noticed, and the assurance that the offer implies no deficiency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: OfferId,
    pub mentor_id: PersonId,
    pub protege_id: PersonId,
    pub noticed: String,
    pub state: OfferState,
}

/// Written into every offer, so that the protégé reads it as the compliment it is.
pub const OFFER_ASSURANCE: &str = "This offer says nothing is lacking: mentoring is offered to people whose growth a mentor believes in. Take the time you need, ask anything, and feel free to say no.";

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, position: i32) -> ShortlistEntry {
        ShortlistEntry {
            id: ShortlistEntryId(id),
            mentee_id: PersonId(1),
            candidate_id: PersonId(100 + id),
            position,
            positives: "Turned round the Leeds office".into(),
            constraints: "Travels a lot".into(),
            recommendations: String::new(),
            stage: OutreachStage::Shortlisted,
            contact_method: None,
            conversations: 0,
            follow_up_welcome: None,
            thanked: false,
            notes: String::new(),
        }
    }

    fn converse(e: &mut ShortlistEntry, welcome: bool) -> Vec<String> {
        e.apply(&OutreachAction::LogConversation {
            notes: "talked goals".into(),
            follow_up_welcome: welcome,
        })
        .unwrap()
    }

    #[test]
    fn a_candidate_moves_from_contact_to_acceptance() {
        let mut e = entry(1, 1);
        e.apply(&OutreachAction::Contact {
            method: ContactMethod::Email,
        })
        .unwrap();
        for _ in 0..3 {
            converse(&mut e, true);
        }
        e.apply(&OutreachAction::SendThanks).unwrap();
        let advice = e.apply(&OutreachAction::Ask).unwrap();
        assert!(advice.is_empty(), "three conversations: no nudge");
        e.apply(&OutreachAction::RecordAnswer { accepted: true })
            .unwrap();
        assert_eq!(e.stage, OutreachStage::Accepted);
        assert_eq!(e.conversations, 3);
        assert!(e.thanked);
    }

    #[test]
    fn asking_after_one_conversation_is_allowed_with_advice() {
        let mut e = entry(1, 1);
        e.apply(&OutreachAction::Contact {
            method: ContactMethod::Phone,
        })
        .unwrap();
        converse(&mut e, true);
        let advice = e.apply(&OutreachAction::Ask).unwrap();
        assert!(advice[0].contains("at least 3"), "{advice:?}");
    }

    #[test]
    fn no_follow_up_welcome_means_no_asking() {
        let mut e = entry(1, 1);
        e.apply(&OutreachAction::Contact {
            method: ContactMethod::Phone,
        })
        .unwrap();
        converse(&mut e, false);
        assert!(e
            .apply(&OutreachAction::Ask)
            .unwrap_err()
            .to_string()
            .contains("not welcome"));
    }

    #[test]
    fn steps_cannot_be_skipped() {
        let mut e = entry(1, 1);
        assert!(e.apply(&OutreachAction::Ask).is_err());
        assert!(converse_err(&mut e));
        assert!(e
            .apply(&OutreachAction::RecordAnswer { accepted: true })
            .is_err());
        assert_eq!(e.stage, OutreachStage::Shortlisted);
    }

    fn converse_err(e: &mut ShortlistEntry) -> bool {
        e.apply(&OutreachAction::LogConversation {
            notes: String::new(),
            follow_up_welcome: true,
        })
        .is_err()
    }

    #[test]
    fn a_decline_offers_the_next_name_on_the_list() {
        let mut list = vec![entry(1, 1), entry(2, 2), entry(3, 3)];
        let first = &mut list[0];
        first
            .apply(&OutreachAction::Contact {
                method: ContactMethod::Email,
            })
            .unwrap();
        converse(first, true);
        first.apply(&OutreachAction::Ask).unwrap();
        let advice = first
            .apply(&OutreachAction::RecordAnswer { accepted: false })
            .unwrap();
        assert!(advice[0].contains("next name"));
        assert_eq!(
            next_candidate(&list).map(|e| e.id),
            Some(ShortlistEntryId(2))
        );
        list[1].apply(&OutreachAction::RuleOut).unwrap();
        assert_eq!(
            next_candidate(&list).map(|e| e.id),
            Some(ShortlistEntryId(3))
        );
    }
}
