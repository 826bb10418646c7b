//! What a new password must be: 8 to 128 characters, no composition rules, and
//! not one of the 10,000 most common passwords (shipped with the product).

use crate::error::AppError;
use mentorhub_domain::account::NewPassword;
use std::collections::HashSet;
use std::sync::OnceLock;

const COMMON: &str = include_str!("../../data/common-passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Checks a new password for the person with this email.
pub fn check_new_password(raw: &str, email: &str) -> Result<NewPassword, AppError> {
    let password = NewPassword::parse(raw)?;
    let lower = raw.to_lowercase();
    if common().contains(lower.as_str()) || common().contains(raw) {
        return Err(AppError::Invalid {
            field: "password".into(),
            message: "is one of the most common passwords; choose something less guessable (a few unrelated words work well)".into(),
        });
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if lower == email.to_lowercase() || (!local.is_empty() && lower == local) {
        return Err(AppError::Invalid {
            field: "password".into(),
            message: "must not be your email address".into(),
        });
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_ten_thousand_entries() {
        assert_eq!(common().len(), 10_000);
    }

    #[test]
    fn common_and_short_passwords_are_refused_long_ones_allowed() {
        assert!(check_new_password("password1", "a@b.org").is_err());
        assert!(
            check_new_password("PASSWORD1", "a@b.org").is_err(),
            "case does not help"
        );
        assert!(check_new_password("iloveyou", "a@b.org").is_err());
        assert!(check_new_password("short", "a@b.org").is_err());
        assert!(check_new_password("ada.lovelace", "ada.lovelace@example.org").is_err());
        assert!(check_new_password("correct horse battery staple", "a@b.org").is_ok());
        assert!(
            check_new_password(&"x".repeat(64), "a@b.org").is_ok(),
            "64 characters are allowed"
        );
        assert!(check_new_password(&"y".repeat(129), "a@b.org").is_err());
    }
}
