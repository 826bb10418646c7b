//! Shares of a group, and the one confidentiality rule every figure obeys
//! (SPEC §9): a group of fewer than five people is never broken down, so that no
//! figure can be traced back to one person's answer.

use serde::Serialize;
use utoipa::ToSchema;

/// The smallest group of people a figure may break down.
pub const MIN_GROUP: i64 = 5;

/// Whether a group of `people` is large enough to break down.
pub fn may_break_down(people: i64) -> bool {
    people >= MIN_GROUP
}

/// Part of a group: `count` of `of`, with the percentage.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Share {
    /// How many; absent when the group is too small to break down.
    pub count: Option<i64>,
    /// Out of how many.
    pub of: i64,
    /// `count` of `of` in percent, to one decimal; absent when `of` is 0 or the
    /// group is too small.
    pub percent: Option<f64>,
    /// True when the figure is withheld because fewer than 5 people are behind it.
    pub withheld: bool,
}

impl Share {
    /// `count` of `of`, where `people` is how many people the figure is about
    /// (e.g. two per pair).
    pub fn new(count: i64, of: i64, people: i64) -> Share {
        if of > 0 && !may_break_down(people) {
            return Share {
                count: None,
                of,
                percent: None,
                withheld: true,
            };
        }
        Share {
            count: Some(count),
            of,
            percent: (of > 0).then(|| tenths_of_percent(count, of) as f64 / 10.0),
            withheld: false,
        }
    }

    /// A share of a group of people (`of` people).
    pub fn of_people(count: i64, of: i64) -> Share {
        Share::new(count, of, of)
    }

    /// A share of pairs: two people each.
    pub fn of_pairs(count: i64, pairs: i64) -> Share {
        Share::new(count, pairs, pairs * 2)
    }

    /// As a person reads it: "63%", "–" for an empty group, "withheld" for a small one.
    pub fn display(&self) -> String {
        match (self.count, self.withheld) {
            (_, true) => "withheld".to_string(),
            (Some(count), false) if self.of > 0 => format!("{}%", whole_percent(count, self.of)),
            _ => "–".to_string(),
        }
    }

    /// The counts behind the percentage: "5 of 8 mentees".
    pub fn detail(&self, noun: &str) -> String {
        match self.count {
            _ if self.withheld => {
                format!("{} {noun}: fewer than 5 people, not broken down", self.of)
            }
            _ if self.of == 0 => format!("no {noun} yet"),
            Some(count) => format!("{count} of {} {noun}", self.of),
            None => String::new(),
        }
    }

    /// The whole percentage, for drawing (0 when unknown).
    pub fn whole(&self) -> i64 {
        match self.count {
            Some(c) if self.of > 0 => whole_percent(c, self.of),
            _ => 0,
        }
    }
}

/// A group split into parts (by status, by answer…); the parts are absent when
/// the group is too small to break down.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Breakdown {
    pub total: i64,
    pub parts: Option<Vec<Part>>,
}

/// One part of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Part {
    /// Stable key, e.g. `approved`, `working_4`.
    pub key: String,
    pub label: String,
    pub count: i64,
}

impl Breakdown {
    /// `parts` of a group of `people` (the total is the parts' sum).
    pub fn new(parts: Vec<Part>, people: i64) -> Breakdown {
        let total = parts.iter().map(|p| p.count).sum();
        Breakdown {
            total,
            parts: may_break_down(people).then_some(parts),
        }
    }

    pub fn withheld(&self) -> bool {
        self.total > 0 && self.parts.is_none()
    }
}

impl Part {
    pub fn new(key: impl Into<String>, label: impl Into<String>, count: i64) -> Part {
        Part {
            key: key.into(),
            label: label.into(),
            count,
        }
    }
}

/// `count` of `of` in whole percent, rounded half up (`of` > 0).
pub fn whole_percent(count: i64, of: i64) -> i64 {
    (count * 200 + of) / (2 * of)
}

/// `count` of `of` in tenths of a percent, rounded half up (`of` > 0).
fn tenths_of_percent(count: i64, of: i64) -> i64 {
    (count * 2000 + of) / (2 * of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(whole_percent(5, 8), 63, "62.5% reads 63%");
        assert_eq!(whole_percent(1, 3), 33);
        assert_eq!(Share::of_people(5, 8).percent, Some(62.5));
        assert_eq!(Share::of_people(2, 3 * 3).percent, Some(22.2));
    }

    #[test]
    fn groups_of_fewer_than_five_people_are_not_broken_down() {
        let small = Share::of_people(3, 4);
        assert_eq!(
            (small.count, small.percent, small.withheld),
            (None, None, true)
        );
        assert_eq!(small.display(), "withheld");
        let five = Share::of_people(3, 5);
        assert_eq!(five.display(), "60%");
        assert_eq!(five.detail("mentees"), "3 of 5 mentees");
        assert_eq!(
            small.detail("mentees"),
            "4 mentees: fewer than 5 people, not broken down"
        );
        // Two pairs are four people; three pairs are six.
        assert!(Share::of_pairs(1, 2).withheld);
        assert!(!Share::of_pairs(1, 3).withheld);
    }

    #[test]
    fn an_empty_group_has_no_percentage_and_is_not_withheld() {
        let none = Share::of_people(0, 0);
        assert_eq!(
            (none.count, none.percent, none.withheld),
            (Some(0), None, false)
        );
        assert_eq!(none.display(), "–");
    }

    #[test]
    fn a_small_breakdown_keeps_its_total_only() {
        let parts = vec![Part::new("a", "A", 2), Part::new("b", "B", 2)];
        let b = Breakdown::new(parts.clone(), 4);
        assert_eq!((b.total, b.parts.is_none(), b.withheld()), (4, true, true));
        let big = Breakdown::new(parts, 8);
        assert_eq!(big.parts.map(|p| p.len()), Some(2));
    }
}
