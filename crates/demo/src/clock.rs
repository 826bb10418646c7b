//! Dates relative to the demo's "today": working days at office hours, so that the
//! calendar looks like a real one (no meetings on Sundays at 3 a.m.).

use mentorhub_domain::time_util::{Timestamp, MILLIS_PER_DAY};

const HOUR: i64 = 3_600_000;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub today: Timestamp,
}

impl Clock {
    fn day_start(self) -> i64 {
        self.today.0.div_euclid(MILLIS_PER_DAY)
    }

    /// `days_ago` days before today at `hour`:00 UTC, moved back to the Friday when it
    /// falls on a weekend, and never later than today itself.
    pub fn at(self, days_ago: i64, hour: i64) -> Timestamp {
        let mut day = self.day_start() - days_ago;
        // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
        match (day + 3).rem_euclid(7) {
            5 => day -= 1,
            6 => day -= 2,
            _ => {}
        }
        Timestamp((day * MILLIS_PER_DAY + hour * HOUR).min(self.today.0))
    }

    /// `days` days after today at `hour`:00 UTC, moved on to the Monday when it falls
    /// on a weekend.
    pub fn ahead(self, days: i64, hour: i64) -> Timestamp {
        let mut day = self.day_start() + days.max(1);
        match (day + 3).rem_euclid(7) {
            5 => day += 2,
            6 => day += 1,
            _ => {}
        }
        Timestamp(day * MILLIS_PER_DAY + hour * HOUR)
    }

    /// Whole days from `t` to today.
    pub fn days_ago(self, t: Timestamp) -> i64 {
        t.days_until(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_fall_on_working_days_and_never_after_today() {
        let clock = Clock {
            today: Timestamp(1_795_000_000_000),
        };
        for ago in 0..30 {
            let t = clock.at(ago, 10);
            assert!(t <= clock.today);
            let weekday = (t.0.div_euclid(MILLIS_PER_DAY) + 3).rem_euclid(7);
            assert!(weekday < 5, "{ago} days ago fell on day {weekday}");
            let f = clock.ahead(ago, 10);
            assert!(f > clock.today);
            assert!((f.0.div_euclid(MILLIS_PER_DAY) + 3).rem_euclid(7) < 5);
        }
    }
}
