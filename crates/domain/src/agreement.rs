//! The mentoring agreement (`000_…` step 7, `003_…`): proposed by either, edited
//! until both confirm. An edit withdraws both confirmations, so nobody is held to
//! text they did not see.

use crate::person::bounded_text;
use crate::programme::{validate_duration_months, Cadence, Formality, MeetingMode};
use crate::{DomainError, PersonId, RelationshipId};
use serde::{Deserialize, Serialize};

/// The terms the pair edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementTerms {
    pub cadence: Cadence,
    pub mode: MeetingMode,
    /// How confidential matters are handled.
    pub confidentiality: String,
    /// How either says that something isn't working.
    pub raising_concerns: String,
    pub duration_months: u32,
    pub mentor_concerns: String,
    pub mentee_concerns: String,
}

impl AgreementTerms {
    pub fn validate(&self, formality: Formality) -> Result<(), DomainError> {
        validate_duration_months(self.duration_months, formality)?;
        bounded_text("confidentiality", &self.confidentiality, 4000)?;
        bounded_text("raising_concerns", &self.raising_concerns, 4000)?;
        bounded_text("mentor_concerns", &self.mentor_concerns, 4000)?;
        bounded_text("mentee_concerns", &self.mentee_concerns, 4000)?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub relationship_id: RelationshipId,
    pub terms: AgreementTerms,
    pub mentor_confirmed: bool,
    pub mentee_confirmed: bool,
    pub version: i64,
}

/// What a confirmation led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// One side confirmed; waiting for the other.
    Waiting,
    /// Both confirmed: the relationship becomes active.
    Agreed,
}

impl Agreement {
    /// Replaces the terms. Any confirmation is withdrawn: the other side must see
    /// and confirm the new text.
    pub fn edit(&mut self, terms: AgreementTerms, formality: Formality) -> Result<(), DomainError> {
        terms.validate(formality)?;
        if terms != self.terms {
            self.terms = terms;
            self.mentor_confirmed = false;
            self.mentee_confirmed = false;
        }
        Ok(())
    }

    pub fn confirm(
        &mut self,
        by: PersonId,
        mentor: PersonId,
        mentee: PersonId,
    ) -> Result<Confirmation, DomainError> {
        if by == mentor {
            self.mentor_confirmed = true;
        } else if by == mentee {
            self.mentee_confirmed = true;
        } else {
            return Err(DomainError::NotAllowed(
                "only the mentor and the mentee confirm their agreement".into(),
            ));
        }
        Ok(if self.mentor_confirmed && self.mentee_confirmed {
            Confirmation::Agreed
        } else {
            Confirmation::Waiting
        })
    }
}

/// The text both start from, written for this product.
pub fn default_confidentiality() -> String {
    "What we discuss stays between us unless we both agree to share it. Meeting notes are private to their author unless shared. Neither of us reports on the other to managers.".into()
}

pub fn default_raising_concerns() -> String {
    "Either of us can say \"this isn't working\" at any time, in our next meeting or by message, without needing a reason. We then decide together to adjust or to end kindly.".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> AgreementTerms {
        AgreementTerms {
            cadence: Cadence::Weekly,
            mode: MeetingMode::Video,
            confidentiality: default_confidentiality(),
            raising_concerns: default_raising_concerns(),
            duration_months: 9,
            mentor_concerns: String::new(),
            mentee_concerns: String::new(),
        }
    }

    fn agreement() -> Agreement {
        Agreement {
            relationship_id: RelationshipId(1),
            terms: terms(),
            mentor_confirmed: false,
            mentee_confirmed: false,
            version: 1,
        }
    }

    #[test]
    fn both_must_confirm() {
        let mut a = agreement();
        assert_eq!(
            a.confirm(PersonId(1), PersonId(1), PersonId(2)).unwrap(),
            Confirmation::Waiting
        );
        assert_eq!(
            a.confirm(PersonId(2), PersonId(1), PersonId(2)).unwrap(),
            Confirmation::Agreed
        );
        assert!(a.confirm(PersonId(3), PersonId(1), PersonId(2)).is_err());
    }

    #[test]
    fn an_edit_withdraws_both_confirmations() {
        let mut a = agreement();
        a.confirm(PersonId(1), PersonId(1), PersonId(2)).unwrap();
        let mut t = terms();
        t.cadence = Cadence::Monthly;
        a.edit(t, Formality::Formal).unwrap();
        assert!(!a.mentor_confirmed && !a.mentee_confirmed);
        // Saving the same text again keeps confirmations.
        a.confirm(PersonId(1), PersonId(1), PersonId(2)).unwrap();
        a.edit(a.terms.clone(), Formality::Formal).unwrap();
        assert!(a.mentor_confirmed);
    }

    #[test]
    fn informal_agreements_run_at_least_four_months() {
        let mut a = agreement();
        let mut t = terms();
        t.duration_months = 3;
        assert!(a
            .edit(t, Formality::Informal)
            .unwrap_err()
            .to_string()
            .contains("from 4 to 24"));
    }
}
