//! Compatibility of every eligible pair, whichever form it comes in: computed
//! from profiles, a dense `score_matrix`, or sparse `scores`. Hard rules and
//! `forbidden` are applied in every form.

use crate::eligibility::{blocker, Attributes};
use crate::explain::Explanation;
use crate::instance::{ExplicitScores, Instance};
use crate::score::{ProfileModel, Scratch, UNSCORED};
use rayon::prelude::*;

/// Computed scores are kept in memory, one byte per pair, when there are at
/// most this many pairs (2.5 GB; 100,000 × 20,000 is 2 GB): the solve reads
/// every row several times (candidates, pricing rounds, the certificate), and
/// recomputing the text fit each time costs far more than a copy.
const MAX_CACHED_PAIRS: usize = 2_500_000_000;

pub(crate) struct Compat<'a> {
    pub inst: &'a Instance,
    pub attrs: Attributes,
    profile: Option<ProfileModel>,
    /// Every row of computed scores, row-major, one byte per pair
    /// (`UNSCORED` where ineligible), when small enough.
    cache: Option<Vec<u8>>,
}

impl<'a> Compat<'a> {
    pub fn new(inst: &'a Instance) -> Compat<'a> {
        let attrs = Attributes::new(inst);
        let profile = inst
            .explicit
            .is_none()
            .then(|| ProfileModel::new(inst, &attrs));
        Compat {
            inst,
            attrs,
            profile,
            cache: None,
        }
    }

    /// Computes every row of profile scores once (in parallel) if they fit
    /// in `MAX_CACHED_PAIRS`; later `fill_row` calls copy.
    pub fn cached(mut self) -> Self {
        let (n, m) = (self.inst.mentees.len(), self.n_mentors());
        if let Some(p) = &self.profile {
            if n > 0 && m > 0 && n.saturating_mul(m) <= MAX_CACHED_PAIRS {
                let mut data = vec![0u8; n * m];
                p.fill_cache(self.inst, &self.attrs, &mut data, m);
                data.par_chunks_mut(m).enumerate().for_each(|(i, row)| {
                    self.attrs
                        .exclude_listed(self.inst, i, |j| row[j as usize] = UNSCORED)
                });
                self.cache = Some(data);
            }
        }
        self
    }

    /// Mentee `i`'s cached row of scores (`UNSCORED` where ineligible), if cached.
    pub fn cached_row(&self, i: usize) -> Option<&[u8]> {
        let m = self.n_mentors();
        self.cache.as_ref().map(|c| &c[i * m..(i + 1) * m])
    }

    pub fn n_mentors(&self) -> usize {
        self.inst.mentors.len()
    }

    /// Writes mentee `i`'s score with every mentor into `row`, `-1` where ineligible.
    pub fn fill_row(&self, i: usize, row: &mut [i32], scratch: &mut Scratch) {
        if let Some(cached) = self.cached_row(i) {
            for (out, &s) in row.iter_mut().zip(cached) {
                *out = if s == UNSCORED { -1 } else { i32::from(s) };
            }
            return;
        }
        match (&self.profile, &self.inst.explicit) {
            (Some(p), _) => {
                let t = p.tables(self.inst, &self.attrs, i);
                p.fill_row(&t, i, row, scratch);
                self.attrs.apply_sparse_exclusions(self.inst, i, row);
            }
            (None, Some(ExplicitScores::Dense(d))) => {
                let m = row.len();
                row.copy_from_slice(&d[i * m..(i + 1) * m]);
                self.attrs.apply_rules(self.inst, i, row);
            }
            (None, Some(ExplicitScores::Sparse(rows))) => {
                row.fill(-1);
                for &(j, s) in &rows[i] {
                    row[j as usize] = s;
                }
                self.attrs.apply_rules(self.inst, i, row);
            }
            (None, None) => unreachable!("an instance has computed or explicit scores"),
        }
    }

    /// The largest score any pair can have.
    pub fn max_score(&self) -> i64 {
        match &self.inst.explicit {
            None => 100,
            Some(ExplicitScores::Dense(d)) => d.iter().copied().max().unwrap_or(0).max(0).into(),
            Some(ExplicitScores::Sparse(rows)) => rows
                .iter()
                .flatten()
                .map(|&(_, s)| s)
                .max()
                .unwrap_or(0)
                .into(),
        }
    }

    /// Eligible mentors of mentee `i` if scores are sparse (no row scan needed).
    pub fn sparse_row(&self, i: usize) -> Option<&[(u32, i32)]> {
        match &self.inst.explicit {
            Some(ExplicitScores::Sparse(rows)) => Some(&rows[i]),
            _ => None,
        }
    }

    /// The score of one pair and its breakdown, or `None` if ineligible.
    pub fn explain(&self, i: usize, j: usize) -> Option<(i32, Explanation)> {
        if blocker(self.inst, i, j).is_some() {
            return None;
        }
        match (&self.profile, &self.inst.explicit) {
            (Some(p), _) => {
                let t = p.tables(self.inst, &self.attrs, i);
                let parts = p.parts(&t, i, j)?;
                Some((parts.iter().sum(), Explanation::Criteria(parts)))
            }
            (None, Some(ExplicitScores::Dense(d))) => {
                let s = d[i * self.n_mentors() + j];
                Some((s, Explanation::Given(s)))
            }
            (None, Some(ExplicitScores::Sparse(rows))) => {
                let k = rows[i]
                    .binary_search_by_key(&(j as u32), |&(j, _)| j)
                    .ok()?;
                let s = rows[i][k].1;
                Some((s, Explanation::Given(s)))
            }
            (None, None) => unreachable!("an instance has computed or explicit scores"),
        }
    }
}
