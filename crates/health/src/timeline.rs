//! The month-by-month life of a programme's relationships, added up in one pass
//! over the store's per-day counts.

use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::{Timestamp, MILLIS_PER_DAY};
use mentorhub_store::{TimelineEvent, TimelineKind};
use serde::Serialize;
use utoipa::ToSchema;

/// The most recent months shown.
pub const MONTHS_SHOWN: usize = 24;

/// One calendar month (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// E.g. "Mar 2026".
    pub label: String,
    /// Relationships started (proposed, requested, offered) in the month.
    pub started: i64,
    /// Relationships active (agreement confirmed, not closed) at the month's end,
    /// or now for the current month.
    pub active: i64,
    pub completed: i64,
    pub dormant: i64,
}

/// A month as a number: year × 12 + month − 1.
fn month_of_day(day: i64) -> i64 {
    let date = Timestamp(day * MILLIS_PER_DAY).to_datetime().date();
    date.year() as i64 * 12 + (date.month() as i64 - 1)
}

fn month_key(m: i64) -> (String, String) {
    let (year, month) = (m.div_euclid(12), m.rem_euclid(12) as usize);
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    (
        format!("{year:04}-{:02}", month + 1),
        format!("{} {year}", NAMES[month]),
    )
}

/// The months from the first event to `now`'s month, the last [`MONTHS_SHOWN`]
/// of them; empty when nothing happened yet.
pub fn months(events: &[TimelineEvent], now: Timestamp) -> Vec<MonthFigures> {
    let Some(first_day) = events.iter().map(|e| e.day).min() else {
        return Vec::new();
    };
    let first = month_of_day(first_day);
    let last = month_of_day(now.0.div_euclid(MILLIS_PER_DAY)).max(first);
    let span = (last - first + 1) as usize;
    // Per month: started, activated, closed after being active, completed, dormant.
    let mut sums = vec![[0i64; 5]; span];
    for e in events {
        let ix = (month_of_day(e.day) - first).clamp(0, span as i64 - 1) as usize;
        let s = &mut sums[ix];
        match e.kind {
            TimelineKind::Started => s[0] += e.count,
            TimelineKind::Activated => s[1] += e.count,
            TimelineKind::Closed { state, was_active } => {
                if was_active {
                    s[2] += e.count;
                }
                match state {
                    RelationshipState::Completed => s[3] += e.count,
                    RelationshipState::Dormant => s[4] += e.count,
                    _ => {}
                }
            }
        }
    }
    let mut active = 0;
    let mut out = Vec::with_capacity(span);
    for (i, s) in sums.iter().enumerate() {
        active += s[1] - s[2];
        let (month, label) = month_key(first + i as i64);
        out.push(MonthFigures {
            month,
            label,
            started: s[0],
            active,
            completed: s[3],
            dormant: s[4],
        });
    }
    let skip = out.len().saturating_sub(MONTHS_SHOWN);
    out.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(rfc3339: &str) -> i64 {
        Timestamp::parse_rfc3339(rfc3339).unwrap().0 / MILLIS_PER_DAY
    }

    fn event(kind: TimelineKind, at: &str, count: i64) -> TimelineEvent {
        TimelineEvent {
            kind,
            day: day(at),
            count,
        }
    }

    #[test]
    fn months_count_starts_active_pairs_and_endings() {
        let closed = |state, was_active| TimelineKind::Closed { state, was_active };
        let events = vec![
            event(TimelineKind::Started, "2026-01-05T00:00:00Z", 4),
            event(TimelineKind::Activated, "2026-01-20T00:00:00Z", 3),
            event(
                closed(RelationshipState::Dormant, false),
                "2026-03-02T00:00:00Z",
                1,
            ),
            event(
                closed(RelationshipState::Completed, true),
                "2026-03-31T00:00:00Z",
                2,
            ),
        ];
        let now = Timestamp::parse_rfc3339("2026-04-10T09:00:00Z").unwrap();
        let m = months(&events, now);
        let read: Vec<(&str, i64, i64, i64, i64)> = m
            .iter()
            .map(|x| {
                (
                    x.label.as_str(),
                    x.started,
                    x.active,
                    x.completed,
                    x.dormant,
                )
            })
            .collect();
        assert_eq!(
            read,
            vec![
                ("Jan 2026", 4, 3, 0, 0),
                ("Feb 2026", 0, 3, 0, 0),
                ("Mar 2026", 0, 1, 2, 1),
                ("Apr 2026", 0, 1, 0, 0),
            ]
        );
        assert_eq!(m[2].month, "2026-03");
    }

    #[test]
    fn only_the_last_two_years_are_shown_but_earlier_pairs_stay_active() {
        let events = vec![event(TimelineKind::Activated, "2020-01-01T00:00:00Z", 2)];
        let now = Timestamp::parse_rfc3339("2026-04-10T09:00:00Z").unwrap();
        let m = months(&events, now);
        assert_eq!(m.len(), MONTHS_SHOWN);
        assert_eq!(m[0].label, "May 2024");
        assert!(m.iter().all(|x| x.active == 2));
        assert!(months(&[], now).is_empty());
    }
}
