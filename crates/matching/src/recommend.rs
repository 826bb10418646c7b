//! A mentee's top mentors for the directory, with the same scoring and rules
//! as matching. Build a `Recommender` once; each query is one row of scores.

use crate::compat::Compat;
use crate::explain::Explanation;
use crate::instance::Instance;
use crate::score::Scratch;
use serde::Serialize;
use std::cmp::Reverse;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub mentor: String,
    pub score: i32,
    pub preference_rank: Option<u8>,
    pub explanation: Explanation,
}

pub struct Recommender<'a> {
    compat: Compat<'a>,
}

impl<'a> Recommender<'a> {
    pub fn new(inst: &'a Instance) -> Recommender<'a> {
        Recommender {
            compat: Compat::new(inst),
        }
    }

    /// The `k` eligible mentors with the highest score for mentee `i`
    /// (instance order), best first, ties by mentor id.
    pub fn top(&self, i: usize, k: usize) -> Vec<Recommendation> {
        let inst = self.compat.inst;
        let mut row = vec![0i32; self.compat.n_mentors()];
        self.compat.fill_row(i, &mut row, &mut Scratch::default());
        let mut best: Vec<(Reverse<i32>, u32)> = row
            .iter()
            .enumerate()
            .filter(|&(_, &s)| s >= 0)
            .map(|(j, &s)| (Reverse(s), j as u32))
            .collect();
        if best.len() > k && k > 0 {
            best.select_nth_unstable(k - 1);
        }
        best.truncate(k);
        best.sort_unstable();
        best.into_iter()
            .map(|(_, j)| {
                let j = j as usize;
                let (score, explanation) = self
                    .compat
                    .explain(i, j)
                    .expect("eligible in the row, so eligible");
                Recommendation {
                    mentor: inst.mentors[j].id.clone(),
                    score,
                    preference_rank: inst.preference_rank(i, j).map(|r| r as u8),
                    explanation,
                }
            })
            .collect()
    }
}

/// One-off convenience: builds the scoring model and answers one query.
pub fn recommend(inst: &Instance, mentee: usize, k: usize) -> Vec<Recommendation> {
    Recommender::new(inst).top(mentee, k)
}
