//! Instants in the API as RFC 3339 text, and as typed in page forms.

use mentorhub_domain::time_util::Timestamp;
use serde::Serializer;
use time::macros::format_description;
use time::PrimitiveDateTime;

pub fn rfc3339<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339())
}

pub fn opt_rfc3339<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339()),
        None => s.serialize_none(),
    }
}

/// A `datetime-local` form value (`2026-11-30T14:00`), read as UTC; pages say so.
pub fn parse_local(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    let with_seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let without = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(raw, without)
        .or_else(|_| PrimitiveDateTime::parse(raw, with_seconds))
        .ok()
        .map(|dt| Timestamp::from_datetime(dt.assume_utc()))
        .or_else(|| Timestamp::parse_rfc3339(raw))
}

/// The value a `datetime-local` input shows for `t` (UTC).
pub fn to_local(t: Timestamp) -> String {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    t.to_datetime().format(fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_times_round_trip_in_utc() {
        let t = parse_local("2026-11-30T14:05").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-30T14:05:00Z");
        assert_eq!(to_local(t), "2026-11-30T14:05");
        assert!(parse_local("30/11/2026").is_none());
        assert_eq!(
            parse_local("2026-11-30T14:05:00Z"),
            Some(t),
            "API clients may send RFC 3339"
        );
    }
}
