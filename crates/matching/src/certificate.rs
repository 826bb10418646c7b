//! Checking a result, independently of how it was found: every constraint,
//! the dual certificate of optimality, and the blocking pairs.
//!
//! The certificate is a potential `u[i] >= 0` per free mentee and `p[j] >= 0`
//! per mentor with, for every eligible pair, `u[i] + p[j] >= w(i, j)` (the
//! tiered weight), equality on matched pairs, `u[i] = 0` for unmatched mentees
//! and `p[j] = 0` for mentors with a place left. By LP duality no matching of
//! the free mentees weighs more, so the result is the lexicographic optimum.

use crate::compat::Compat;
use crate::explain::CertificateReport;
use crate::instance::Instance;
use crate::score::{Scratch, UNSCORED};
use crate::solver::Free;
use crate::tiers::Tiers;
use rayon::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub tiers: Tiers,
    /// Per mentee in instance order (pinned mentees: 0, unused).
    pub mentee_potential: Vec<i128>,
    pub mentor_potential: Vec<i128>,
}

/// Checks that `mentor_of` (per mentee in instance order) respects every rule
/// and that `cert` proves it optimal.
pub fn verify_certificate(
    inst: &Instance,
    mentor_of: &[Option<u32>],
    cert: &Certificate,
) -> CertificateReport {
    let compat = Compat::new(inst);
    audit(&compat, mentor_of, Some(cert))
        .1
        .expect("a certificate was given")
}

/// Counts blocking pairs (for every mode) and checks the certificate if given,
/// in one pass over all pairs.
pub(crate) fn audit(
    compat: &Compat,
    mentor_of: &[Option<u32>],
    cert: Option<&Certificate>,
) -> (u64, Option<CertificateReport>) {
    let inst = compat.inst;
    let free = Free::new(compat);
    let (n, m) = (inst.mentees.len(), inst.mentors.len());
    let mut problems: Vec<String> = Vec::new();

    // Constraints.
    let mut free_load = vec![0u32; m];
    let mut worst: Vec<Option<(i32, u32)>> = vec![None; m]; // (−score, mentee): larger is worse
    let mut matched_score: Vec<i32> = vec![0; n];
    for i in 0..n {
        if let Some(pin) = inst.pinned[i] {
            if mentor_of[i] != Some(pin) {
                problems.push(format!(
                    "mentee {:?} is not with the mentor it is pinned to",
                    inst.mentees[i].id
                ));
            }
            continue;
        }
        let Some(j) = mentor_of[i] else { continue };
        let j = j as usize;
        match compat.explain(i, j) {
            Some((s, _)) => matched_score[i] = s,
            None => problems.push(format!(
                "pair {:?}–{:?} is not eligible",
                inst.mentees[i].id, inst.mentors[j].id
            )),
        }
        free_load[j] += 1;
        let key = (-matched_score[i], i as u32);
        if worst[j].is_none_or(|w| key > w) {
            worst[j] = Some(key);
        }
    }
    for ((load, cap), mentor) in free_load.iter().zip(&free.capacity).zip(&inst.mentors) {
        if load > cap {
            problems.push(format!("mentor {:?} is over capacity", mentor.id));
        }
    }

    // Potentials: signs, complementary slackness, and the tiers they refer to.
    if let Some(c) = cert {
        if c.tiers != free.tiers {
            problems.push("certificate tiers do not match the instance".to_string());
        }
        if c.mentee_potential.len() != n || c.mentor_potential.len() != m {
            problems.push("certificate has the wrong number of potentials".to_string());
            return (0, Some(report(0, problems)));
        }
        for &i in &free.rows {
            let u = c.mentee_potential[i as usize];
            if u < 0 || (mentor_of[i as usize].is_none() && u != 0) {
                problems.push(format!(
                    "mentee {:?} has potential {u}",
                    inst.mentees[i as usize].id
                ));
            }
        }
        for (j, &p) in c.mentor_potential.iter().enumerate() {
            if p < 0 || (p > 0 && free_load[j] < free.capacity[j]) {
                problems.push(format!(
                    "mentor {:?} has potential {p} with a place left",
                    inst.mentors[j].id
                ));
            }
        }
    }

    // Every pair: reduced costs, and blocking pairs. The reduced cost of
    // (i, j) is `u[i] + p[j] - MATCHED - bonus(i, j) - score(i, j)`: the
    // bonus only concerns a mentee's (at most two) preferences, so the row is
    // checked for `u[i] - MATCHED + p[j] - score >= 0` in one flat loop (in
    // i64 when every potential fits, as it does on any realistic instance)
    // and the preferred and matched pairs are then checked exactly.
    let tiers = free.tiers;
    let cert_i64: Option<(Vec<i64>, Vec<i64>)> = cert.and_then(|c| {
        let small = |v: i128| i64::try_from(v).ok().filter(|v| v.unsigned_abs() < 1 << 61);
        let ps: Option<Vec<i64>> = c
            .mentor_potential
            .iter()
            .zip(&free.capacity)
            // A mentor without places is never checked: a potential no pair can undercut.
            .map(|(&p, &cap)| if cap == 0 { Some(1 << 61) } else { small(p) })
            .collect();
        let us: Option<Vec<i64>> = c
            .mentee_potential
            .iter()
            .map(|&u| small(u - tiers.matched))
            .collect();
        Some((us?, ps?))
    });
    // Prices capped for the byte rows' comparison; `CLOSED` marks a mentor
    // without places.
    let ps32: Vec<i32> = match (cert, &cert_i64) {
        (Some(c), Some(_)) => c
            .mentor_potential
            .iter()
            .zip(&free.capacity)
            .map(|(&p, &cap)| {
                if cap == 0 {
                    CLOSED
                } else {
                    p.clamp(0, 1 << 30) as i32
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    // Per mentor, who it would take: a mentee with a score above
    // `take_above[j]`, or equal to it with an index below `tie_below[j]`.
    let (take_above, tie_below): (Vec<i32>, Vec<u32>) = (0..m)
        .map(|j| {
            if free.capacity[j] == 0 {
                (i32::MAX, 0)
            } else if free_load[j] < free.capacity[j] {
                (-1, 0)
            } else {
                worst[j].map_or((i32::MAX, 0), |(neg, e)| (-neg, e))
            }
        })
        .unzip();
    let per_row = |(buf, scratch): &mut (Vec<i32>, Scratch),
                   &i: &u32|
     -> (u64, u64, u64, Option<String>) {
        let i = i as usize;
        // A cached row is read as bytes where the checks below can (the
        // flat loops); `buf` is only filled when one of them needs `i32`s.
        let row8 = compat.cached_row(i);
        let byte_cert = matches!((&cert_i64, row8), (Some((us, _)), Some(_)) if us[i] >= -SMALL);
        let lazy = row8.is_some() && (cert.is_none() || byte_cert);
        if !lazy {
            buf.resize(m, 0);
            compat.fill_row(i, buf, scratch);
        }
        let buf: &[i32] = buf;
        let score_of = |j: usize| -> i32 {
            match row8 {
                Some(row) if lazy => match row[j] {
                    UNSCORED => -1,
                    s => i32::from(s),
                },
                _ => buf[j],
            }
        };
        let cur = mentor_of[i].map(|j| j as usize);
        let class = |j: usize| inst.preference_rank(i, j).map_or(2, |r| r as u8 - 1);
        let (mut blocking, mut checked, mut violations, mut first) = (0u64, 0u64, 0u64, None);
        if let Some(c) = cert {
            let slack = |j: usize| {
                c.mentee_potential[i] + c.mentor_potential[j]
                    - tiers.weight(inst.preference_rank(i, j), score_of(j))
            };
            let bad = |j: usize, slack: i128, first: &mut Option<String>| {
                first.get_or_insert_with(|| {
                    format!(
                        "pair {:?}–{:?} has reduced cost {slack}",
                        inst.mentees[i].id, inst.mentors[j].id
                    )
                });
            };
            // Pairs that need an exact look: preferences and the match.
            let mut special: [Option<usize>; 3] = [None; 3];
            for (slot, pref) in inst.preferences[i].iter().enumerate() {
                special[slot] = pref.map(|j| j as usize);
            }
            special[2] = cur.filter(|j| !special[..2].contains(&Some(*j)));
            let plain_violates = |j: usize| -> bool {
                c.mentee_potential[i] - tiers.matched + c.mentor_potential[j]
                    < i128::from(score_of(j))
            };
            match (&cert_i64, row8) {
                (Some((us, _)), Some(row8)) if us[i] >= -SMALL => {
                    // Scores are bytes, potentials not far below `MATCHED`:
                    // compare in `i32` against the capped prices (exact: a
                    // capped price beats any score, and so does a potential
                    // capped at `SMALL`, as prices are never negative).
                    let base = us[i].min(SMALL) as i32;
                    let (n_ok, n_bad) = byte_row_counts(row8, &ps32, base);
                    checked += u64::from(n_ok);
                    violations += u64::from(n_bad);
                }
                (Some((us, ps)), _) => {
                    let base = us[i];
                    let (mut n_ok, mut n_bad) = (0u64, 0u64);
                    for ((&s, &p), &cap) in buf.iter().zip(ps).zip(&free.capacity) {
                        let eligible = s >= 0 && cap > 0;
                        n_ok += u64::from(eligible);
                        n_bad += u64::from(eligible & (base + p < i64::from(s)));
                    }
                    checked += n_ok;
                    violations += n_bad;
                }
                (None, _) => {
                    for (j, &s) in buf.iter().enumerate() {
                        if s >= 0 && free.capacity[j] > 0 {
                            checked += 1;
                            violations += u64::from(plain_violates(j));
                        }
                    }
                }
            }
            if violations > 0 {
                // Name the first plain violation.
                if let Some(j) = (0..m).find(|&j| {
                    score_of(j) >= 0
                        && free.capacity[j] > 0
                        && !special.contains(&Some(j))
                        && plain_violates(j)
                }) {
                    bad(j, slack(j), &mut first);
                }
            }
            for j in special.into_iter().flatten() {
                if score_of(j) < 0 || free.capacity[j] == 0 {
                    continue;
                }
                // Replace the flat loop's verdict by the exact one.
                violations -= u64::from(plain_violates(j));
                let sl = slack(j);
                if sl < 0 || (cur == Some(j) && sl != 0) {
                    violations += 1;
                    bad(j, sl, &mut first);
                }
            }
        }
        // Blocking pairs: mentors `i` prefers to its match that would take it.
        let cur_key = cur.map(|c| (class(c), -score_of(c), c));
        let accepts = |j: usize, s: i32| {
            free_load[j] < free.capacity[j] || worst[j].is_some_and(|w| (-s, i as u32) < w)
        };
        let mut extra = 0u64;
        let mut consider = |j: usize| {
            let s = score_of(j);
            if s >= 0
                && free.capacity[j] > 0
                && cur != Some(j)
                && cur_key.is_none_or(|k| (class(j), -s, j) < k)
            {
                blocking += u64::from(accepts(j, s));
            }
        };
        match cur_key {
            // A first choice is never bettered.
            Some((0, _, _)) => {}
            // Only the first choice betters a second choice.
            Some((1, _, _)) => {
                if let Some(j) = inst.preferences[i][0] {
                    consider(j as usize);
                }
            }
            // Otherwise a preference, or a higher score (ties by mentor).
            _ => {
                let floor = cur.map_or(0, &score_of);
                let prefs = inst.preferences[i];
                match compat.cached_row(i) {
                    Some(row8) => {
                        // One branch-free count over the row, then the
                        // preferences and the match put right exactly.
                        let better = |j: usize, s: i32| {
                            s >= 0
                                && cur.is_none_or(|c| s > floor || (s == floor && j < c))
                                && (s > take_above[j]
                                    || (s == take_above[j] && (i as u32) < tie_below[j]))
                        };
                        extra = count_blocking(row8, cur, floor, i as u32, &take_above, &tie_below);
                        for j in prefs.iter().flatten().map(|&j| j as usize).chain(cur) {
                            extra -= u64::from(better(j, score_of(j)));
                        }
                        for j in prefs.iter().flatten() {
                            consider(*j as usize);
                        }
                    }
                    None => {
                        for (j, &s) in buf.iter().enumerate() {
                            if s >= floor || prefs.contains(&Some(j as u32)) {
                                consider(j);
                            }
                        }
                    }
                }
            }
        }
        (blocking + extra, checked, violations, first)
    };
    let (blocking, checked, violations, first) = free
        .rows
        .par_iter()
        .map_init(|| (Vec::new(), Scratch::default()), per_row)
        .reduce(
            || (0, 0, 0, None),
            |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3.or(b.3)),
        );
    let report = cert.map(|_| {
        let mut r = report(checked, problems);
        r.violations += violations;
        if r.first_violation.is_none() {
            r.first_violation = first;
        }
        r.verified = r.violations == 0;
        r
    });
    (blocking, report)
}

/// Pairs of row `i` (its scores as bytes) that block: a mentor with a
/// higher score than the match `cur` (`floor`; equal and a lower index also
/// counts) that would take `i`. Preferences and the match itself are counted
/// like any mentor; the caller puts them right.
fn count_blocking(
    row: &[u8],
    cur: Option<usize>,
    floor: i32,
    i: u32,
    take_above: &[i32],
    tie_below: &[u32],
) -> u64 {
    #[inline(always)]
    fn count(row: &[u8], c: u32, floor: i32, i: u32, above: &[i32], below: &[u32]) -> u32 {
        let mut n = 0u32;
        for (j, ((&s, &a), &b)) in row.iter().zip(above).zip(below).enumerate() {
            let s = if s == UNSCORED { -1 } else { i32::from(s) };
            let better = (s > floor) | ((s == floor) & ((j as u32) < c));
            let taken = (s > a) | ((s == a) & (i < b));
            n += u32::from((s >= 0) & better & taken);
        }
        n
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn count_avx2(
        row: &[u8],
        c: u32,
        floor: i32,
        i: u32,
        above: &[i32],
        below: &[u32],
    ) -> u32 {
        count(row, c, floor, i, above, below)
    }
    // Without a match every eligible mentor is better (floor 0, no tie).
    let (c, floor) = match cur {
        Some(c) => (c as u32, floor),
        None => (0, 0),
    };
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn count_avx512(
        row: &[u8],
        c: u32,
        floor: i32,
        i: u32,
        above: &[i32],
        below: &[u32],
    ) -> u32 {
        count(row, c, floor, i, above, below)
    }
    #[cfg(target_arch = "x86_64")]
    {
        if crate::cpu::avx512bw() {
            // SAFETY: the CPU has the features the function is compiled for.
            return u64::from(unsafe { count_avx512(row, c, floor, i, take_above, tie_below) });
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has the feature the function is compiled for.
            return u64::from(unsafe { count_avx2(row, c, floor, i, take_above, tie_below) });
        }
    }
    u64::from(count(row, c, floor, i, take_above, tie_below))
}

/// A byte row's eligible pairs (scored, mentor not `CLOSED`) and those of
/// them with `base + p[j] < score`, on the widest vectors the CPU has.
fn byte_row_counts(row: &[u8], ps32: &[i32], base: i32) -> (u32, u32) {
    #[inline(always)]
    fn counts(row: &[u8], ps32: &[i32], base: i32) -> (u32, u32) {
        let (mut n_ok, mut n_bad) = (0u32, 0u32);
        for (&s, &p) in row.iter().zip(ps32) {
            let eligible = s != UNSCORED && p != CLOSED;
            n_ok += u32::from(eligible);
            n_bad += u32::from(eligible & (base + p < i32::from(s)));
        }
        (n_ok, n_bad)
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn counts_avx512(row: &[u8], ps32: &[i32], base: i32) -> (u32, u32) {
        counts(row, ps32, base)
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn counts_avx2(row: &[u8], ps32: &[i32], base: i32) -> (u32, u32) {
        counts(row, ps32, base)
    }
    #[cfg(target_arch = "x86_64")]
    {
        if crate::cpu::avx512bw() {
            // SAFETY: the CPU has the features the function is compiled for.
            return unsafe { counts_avx512(row, ps32, base) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has the feature the function is compiled for.
            return unsafe { counts_avx2(row, ps32, base) };
        }
    }
    counts(row, ps32, base)
}

/// Row potentials (less `MATCHED`) down to minus this use the `i32` comparison.
const SMALL: i64 = 1 << 29;
/// A mentor without places in the capped price array (never checked).
const CLOSED: i32 = (1 << 30) + 1;

fn report(checked: u64, problems: Vec<String>) -> CertificateReport {
    CertificateReport {
        verified: problems.is_empty(),
        pairs_checked: checked,
        violations: problems.len() as u64,
        first_violation: problems.into_iter().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::tests::instance;
    use crate::{solve, SolveOptions};

    /// A mentee potential far above the matched tier takes the audit's byte
    /// comparison with the potential capped; the verdict is still exact: on
    /// a certificate whose only fault is that potential (its matched pair no
    /// longer tight), exactly that one pair is reported.
    #[test]
    fn a_potential_far_above_the_matched_tier_is_audited_exactly() {
        let inst = instance(5, 60, 80);
        let compat = Compat::new(&inst).cached();
        let solution = solve(&inst, &SolveOptions::default());
        let cert = solution
            .certificate
            .clone()
            .expect("an optimal solve has one");
        let (_, report) = audit(&compat, &solution.mentor_of, Some(&cert));
        let report = report.expect("a certificate was given");
        assert!(report.verified && report.violations == 0, "{report:?}");
        let checked = report.pairs_checked;

        let i = (0..inst.mentees().len())
            .find(|&i| solution.mentor_of[i].is_some() && inst.pinned_mentor(i).is_none())
            .expect("a matched mentee");
        let mut raised = cert.clone();
        // Its low 32 bits read as a negative `i32`: a wrong narrowing would
        // report many pairs.
        raised.mentee_potential[i] += (1 << 40) + (3 << 30);
        assert!(raised.mentee_potential[i] - cert.tiers.matched >= i128::from(SMALL));
        let (_, report) = audit(&compat, &solution.mentor_of, Some(&raised));
        let report = report.expect("a certificate was given");
        assert!(!report.verified);
        assert_eq!(report.violations, 1, "{report:?}");
        let first = report.first_violation.expect("the pair is named");
        assert!(first.contains(&inst.mentees()[i].id), "{first}");
        assert_eq!(report.pairs_checked, checked);
    }
}
