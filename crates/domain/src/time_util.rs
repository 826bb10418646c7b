//! Instants as integer milliseconds since the Unix epoch: the one form both databases
//! store without a driver-specific type, and cheap to compare.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

pub const MILLIS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    pub fn from_datetime(dt: OffsetDateTime) -> Self {
        Timestamp((dt.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(self.0 as i128 * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    pub fn plus_days(self, days: i64) -> Self {
        Timestamp(self.0 + days * MILLIS_PER_DAY)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(MILLIS_PER_DAY)
    }

    /// RFC 3339 in UTC, e.g. `2026-11-23T18:31:51Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_datetime()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .ok()
            .map(Self::from_datetime)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_to_the_millisecond() {
        let t = Timestamp(1_795_000_000_123);
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
    }

    #[test]
    fn days_until_counts_whole_days() {
        let t = Timestamp(0);
        assert_eq!(t.days_until(t.plus_days(30)), 30);
        assert_eq!(t.days_until(Timestamp(MILLIS_PER_DAY - 1)), 0);
        assert_eq!(t.plus_days(1).days_until(t), -1);
    }
}
