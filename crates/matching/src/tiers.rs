//! "First choices first" as one integer weight per pair.
//!
//! A pair is worth `MATCHED + FIRST·[first choice] + SECOND·[second choice] + score`,
//! each tier larger than the most the tiers below it can add up to over a
//! whole matching, so the largest total weight is exactly the lexicographic
//! optimum of SPEC §6: most mentees matched, then most first choices, then
//! most second choices, then the highest total score.

use crate::instance::Rank;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tiers {
    pub matched: i128,
    pub first: i128,
    pub second: i128,
}

impl Tiers {
    /// Tiers for `mentees` free mentees, at most `firsts`/`seconds` of them
    /// with a first/second choice, scores at most `max_score`.
    pub fn new(mentees: usize, firsts: usize, seconds: usize, max_score: i64) -> Tiers {
        let score_total = mentees as i128 * i128::from(max_score.max(0));
        let second = score_total + 1;
        let first = seconds as i128 * second + score_total + 1;
        let matched = firsts as i128 * first + seconds as i128 * second + score_total + 1;
        Tiers {
            matched,
            first,
            second,
        }
    }

    pub fn weight(&self, rank: Option<Rank>, score: i32) -> i128 {
        self.matched
            + match rank {
                Some(Rank::First) => self.first,
                Some(Rank::Second) => self.second,
                None => 0,
            }
            + i128::from(score)
    }

    /// The largest weight a pair can have.
    pub fn max_weight(&self, max_score: i64) -> i128 {
        self.matched + self.first + i128::from(max_score)
    }
}
