//! Small helpers shared by the query modules.

use crate::{StoreError, StoreResult};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A stored value with its optimistic-concurrency version: pass the version back
/// to an update so that an edit based on a stale copy is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned<T> {
    pub value: T,
    pub version: i64,
}

/// The snake_case name serde gives a unit enum variant (for enums whose domain
/// type has no `as_str`).
pub(crate) fn enum_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("not a unit enum variant: {other:?}"),
    }
}

/// The enum variant named `s`, or a `Corrupt` error naming the column.
pub(crate) fn parse_enum<T: DeserializeOwned>(col: &str, s: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| StoreError::Corrupt(format!("column {col}: unknown value {s:?}")))
}

/// Values read from the database were written by this code; one that no longer
/// parses is corrupt data, not bad input.
pub(crate) fn stored<T>(col: &str, r: Result<T, mentorhub_domain::DomainError>) -> StoreResult<T> {
    r.map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

/// JSON text for a list or record column.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

/// Turns a unique-constraint violation into a `Conflict` with a message for a
/// person; other errors pass through.
pub(crate) fn on_unique<T>(
    r: Result<T, sqlx::Error>,
    field: &str,
    message: &str,
) -> StoreResult<T> {
    r.map_err(|e| {
        let e = StoreError::from(e);
        if e.is_unique_violation() {
            StoreError::conflict(field, message)
        } else {
            e
        }
    })
}

/// A `LIKE` pattern matching `needle` anywhere, with `%`, `_` and `\` escaped
/// (use with `ESCAPE '\'`), lowercased for a case-insensitive match.
pub(crate) fn contains_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in needle.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Paging bounds: at most 500 rows a page, never negative.
pub(crate) fn page_bounds(limit: i64, offset: i64) -> (i64, i64) {
    (limit.clamp(1, 500), offset.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern(" Ada_100% "), "%ada\\_100\\%%");
    }

    #[test]
    fn enum_names_round_trip() {
        use mentorhub_domain::programme::Formality;
        assert_eq!(enum_name(&Formality::Informal), "informal");
        assert_eq!(
            parse_enum::<Formality>("formality", "formal").unwrap(),
            Formality::Formal
        );
        assert!(parse_enum::<Formality>("formality", "casual").is_err());
    }
}
