//! Sign-in accounts and the roles a person holds.

use crate::{AccountId, DomainError, PersonId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a person may do. One person can hold several roles at once: a mid-level
/// leader is a mentee in one programme and a mentor in another, and manages a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Mentor,
    Mentee,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Mentor, Role::Mentee];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Mentor => "mentor",
            Role::Mentee => "mentee",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| DomainError::invalid("role", format!("unknown role {s:?}")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sign-in account. Mentor, mentee and manager roles follow from the data
/// (enrolments, reports); admin is granted explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub person_id: PersonId,
    pub is_admin: bool,
    pub active: bool,
}

/// A password as typed, checked against the product's rules before hashing.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    /// Length rules only: no composition rules (they make passwords worse, not
    /// better). The common-password check needs the shipped list and lives beside it.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(DomainError::invalid(
                "password",
                format!("must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(DomainError::invalid(
                "password",
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("superuser").is_err());
    }

    #[test]
    fn passwords_need_eight_characters_and_no_composition() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("all lowercase words").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-pass").unwrap()),
            "NewPassword(…)"
        );
    }
}
