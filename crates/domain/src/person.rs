//! People of the organisation, as the HR system knows them.

use crate::{DomainError, PersonId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An e-mail address, checked once at the edge and trusted inside.
///
/// The check is deliberately modest (one `@`, a non-empty local part, a dotted domain,
/// no spaces): HR systems hold real addresses, and the outbox reports delivery failures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        let invalid = |m: &str| DomainError::invalid("email", format!("{m}: {s:?}"));
        if s.is_empty() {
            return Err(DomainError::invalid("email", "is required"));
        }
        if s.len() > 254 {
            return Err(invalid("is longer than 254 characters"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("contains a space"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(invalid("has no @"));
        };
        if local.is_empty() || domain.contains('@') {
            return Err(invalid("is not a single address"));
        }
        if !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
        {
            return Err(invalid("has no valid domain"));
        }
        // Addresses compare case-insensitively in practice; keep one canonical form.
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Career level as HR grades it, 1 (entry) to 15 (most senior).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct CareerLevel(u8);

impl CareerLevel {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 15;

    pub fn new(level: i64) -> Result<Self, DomainError> {
        if (Self::MIN as i64..=Self::MAX as i64).contains(&level) {
            Ok(CareerLevel(level as u8))
        } else {
            Err(DomainError::invalid(
                "career_level",
                format!("must be a number from 1 to 15, got {level}"),
            ))
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim();
        match s.parse::<i64>() {
            Ok(n) => Self::new(n),
            Err(_) => Err(DomainError::invalid(
                "career_level",
                format!("must be a number from 1 to 15, got {s:?}"),
            )),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for CareerLevel {
    type Error = DomainError;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        CareerLevel::new(v)
    }
}

impl From<CareerLevel> for i64 {
    fn from(c: CareerLevel) -> i64 {
        c.0 as i64
    }
}

/// A person as imported from HR. `employee_id` is the HR system's key: re-imports
/// update by it and never duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub employee_id: String,
    pub name: String,
    pub email: Email,
    pub title: String,
    /// The manager's person id, resolved from the HR file's manager employee id.
    pub manager_id: Option<PersonId>,
    pub location: String,
    pub function: String,
    pub career_level: CareerLevel,
    /// People who leave the HR export are deactivated, never deleted.
    pub active: bool,
}

/// A person not yet stored: the fields an import row or a form provides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub employee_id: String,
    pub name: String,
    pub email: Email,
    pub title: String,
    pub manager_employee_id: Option<String>,
    pub location: String,
    pub function: String,
    pub career_level: CareerLevel,
}

/// A required free-text field: trimmed, non-empty, bounded.
pub fn required_text(field: &str, raw: &str, max_chars: usize) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::invalid(field, "is required"));
    }
    bounded_text(field, s, max_chars)
}

/// An optional free-text field: trimmed and bounded; may be empty.
pub fn bounded_text(field: &str, raw: &str, max_chars: usize) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.chars().count() > max_chars {
        return Err(DomainError::invalid(
            field,
            format!("is longer than {max_chars} characters"),
        ));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            Email::parse("  Ada.Lovelace@Example.ORG ")
                .unwrap()
                .as_str(),
            "ada.lovelace@example.org"
        );
    }

    #[test]
    fn malformed_emails_are_refused_with_the_reason() {
        for (raw, why) in [
            ("", "is required"),
            ("ada", "has no @"),
            ("@example.org", "is not a single address"),
            ("a@b@example.org", "is not a single address"),
            ("ada@example", "has no valid domain"),
            ("ada@.example.org", "has no valid domain"),
            ("ada lovelace@example.org", "contains a space"),
        ] {
            let err = Email::parse(raw).unwrap_err().to_string();
            assert!(err.contains(why), "{raw:?}: {err}");
            assert!(err.starts_with("email: "), "{err}");
        }
    }

    #[test]
    fn career_level_accepts_one_to_fifteen_only() {
        assert_eq!(CareerLevel::parse(" 7 ").unwrap().get(), 7);
        assert!(CareerLevel::new(1).is_ok());
        assert!(CareerLevel::new(15).is_ok());
        for bad in ["0", "16", "-3", "seven", "", "7.5"] {
            let err = CareerLevel::parse(bad).unwrap_err().to_string();
            assert!(err.contains("from 1 to 15"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn required_text_refuses_blank_and_overlong() {
        assert_eq!(required_text("name", "  Ada ", 10).unwrap(), "Ada");
        assert!(required_text("name", "   ", 10).is_err());
        assert!(required_text("name", "abcdefghijk", 10)
            .unwrap_err()
            .to_string()
            .contains("longer than 10"));
    }
}
