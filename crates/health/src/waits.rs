//! How long something took, from counts per whole day: the median and a few
//! ranges a person can compare at a glance.

use crate::share::{may_break_down, Breakdown, Part};
use mentorhub_store::DayCount;
use serde::Serialize;
use utoipa::ToSchema;

/// The ranges waits are shown in: (key, label, last day included).
const RANGES: [(&str, &str, i64); 6] = [
    ("week", "Within a week", 7),
    ("fortnight", "8–14 days", 14),
    ("month", "15–30 days", 30),
    ("two_months", "31–60 days", 60),
    ("three_months", "61–90 days", 90),
    ("longer", "Over 90 days", i64::MAX),
];

/// How long a wait took, over the people or pairs it is about.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Waits {
    /// How many waited and got there.
    pub measured: i64,
    /// How many are still waiting (e.g. pairs with no meeting yet).
    pub still_waiting: i64,
    /// The median wait in whole days; absent when fewer than 5 people are behind it.
    pub median_days: Option<i64>,
    /// The waits by range.
    pub ranges: Breakdown,
}

impl Waits {
    /// Waits from counts per day; `people_per_wait` is 1 for mentees, 2 for pairs.
    pub fn from_days(days: &[DayCount], people_per_wait: i64) -> Waits {
        let mut measured: Vec<(i64, i64)> = days
            .iter()
            .filter_map(|d| d.days.map(|n| (n, d.count)))
            .collect();
        measured.sort_unstable();
        let total: i64 = measured.iter().map(|(_, n)| n).sum();
        let still_waiting = days
            .iter()
            .filter(|d| d.days.is_none())
            .map(|d| d.count)
            .sum();
        let people = total * people_per_wait;
        let median_days = may_break_down(people)
            .then(|| median(&measured, total))
            .flatten();
        let mut from = i64::MIN;
        let parts = RANGES
            .iter()
            .map(|(key, label, last)| {
                let count = measured
                    .iter()
                    .filter(|(d, _)| *d > from && d <= last)
                    .map(|(_, n)| n)
                    .sum();
                from = *last;
                Part::new(*key, *label, count)
            })
            .collect();
        Waits {
            measured: total,
            still_waiting,
            median_days,
            ranges: Breakdown::new(parts, people),
        }
    }
}

/// The median of sorted (value, count) pairs holding `total` values: the lower
/// middle value when `total` is even.
fn median(sorted: &[(i64, i64)], total: i64) -> Option<i64> {
    if total == 0 {
        return None;
    }
    let middle = (total - 1) / 2;
    let mut seen = 0;
    for (value, count) in sorted {
        seen += count;
        if seen > middle {
            return Some(*value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(list: &[(Option<i64>, i64)]) -> Vec<DayCount> {
        list.iter()
            .map(|(days, count)| DayCount {
                days: *days,
                count: *count,
            })
            .collect()
    }

    #[test]
    fn the_median_is_the_middle_wait() {
        let w = Waits::from_days(
            &days(&[(Some(3), 2), (Some(10), 1), (Some(40), 2), (None, 4)]),
            1,
        );
        assert_eq!(
            (w.measured, w.still_waiting, w.median_days),
            (5, 4, Some(10))
        );
        let parts = w.ranges.parts.unwrap();
        let counts: Vec<i64> = parts.iter().map(|p| p.count).collect();
        assert_eq!(counts, vec![2, 1, 0, 2, 0, 0]);
        let six = Waits::from_days(&days(&[(Some(1), 3), (Some(9), 3)]), 1);
        assert_eq!(
            six.median_days,
            Some(1),
            "the lower middle of an even count"
        );
    }

    #[test]
    fn a_wait_of_fewer_than_five_people_has_no_median() {
        let w = Waits::from_days(&days(&[(Some(3), 4)]), 1);
        assert_eq!((w.median_days, w.ranges.parts.is_none()), (None, true));
        let pairs = Waits::from_days(&days(&[(Some(3), 3)]), 2);
        assert_eq!(pairs.median_days, Some(3), "three pairs are six people");
    }
}
