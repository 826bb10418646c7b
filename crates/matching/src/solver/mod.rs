//! The optimal mode: candidate lists, an exact solve on them, and pricing of
//! every other pair against the solution's potentials.
//!
//! Each mentee keeps its `k` best arcs (by tiered weight, ties by mentor id).
//! The restricted problem is solved exactly; then every left-out pair is
//! priced: if some `w(i, j) > u[i] + p[j]` the pair could improve the
//! solution, so the most attractive such pairs join the candidates and the
//! problem is solved again. When no pair prices out, the potentials prove the
//! matching optimal over *all* pairs — the dense matrix is never stored.

pub mod auction;
pub mod scaling;
pub mod ssp;
pub mod weight;

use crate::compat::Compat;
use crate::score::Scratch;
use crate::tiers::Tiers;
use rayon::prelude::*;
use ssp::{Graph, NONE};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use weight::Weight;

/// Bids the auction may make per mentee before the exact phase takes over.
const AUCTION_BIDS_PER_ROW: usize = 200;

/// How the optimal mode searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Candidate arcs kept per mentee before pricing.
    pub candidates: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { candidates: 48 }
    }
}

/// An optimal assignment of the free (unpinned) mentees with its potentials.
#[derive(Debug, Clone)]
pub struct Optimum {
    /// Per mentee (instance order): its mentor, pinned ones included.
    pub mentor_of: Vec<Option<u32>>,
    /// Dual potentials per mentee (0 for pinned ones) and per mentor.
    pub mentee_potential: Vec<i128>,
    pub mentor_potential: Vec<i128>,
    pub tiers: Tiers,
    /// Arcs in the final restricted problem, and how many rounds of pricing it took.
    pub candidate_arcs: usize,
    pub pricing_rounds: usize,
}

/// The free side of the problem: who is left to match, and where.
pub(crate) struct Free {
    /// Free mentee rows (instance mentee indices).
    pub rows: Vec<u32>,
    /// Each mentor's capacity left after pins.
    pub capacity: Vec<u32>,
    pub tiers: Tiers,
}

impl Free {
    pub fn new(compat: &Compat) -> Free {
        let inst = compat.inst;
        let mut capacity: Vec<u32> = inst.mentors.iter().map(|m| m.capacity).collect();
        for j in inst.pinned.iter().flatten() {
            capacity[*j as usize] -= 1;
        }
        let rows: Vec<u32> = (0..inst.mentees.len() as u32)
            .filter(|&i| inst.pinned[i as usize].is_none())
            .collect();
        let firsts = rows
            .iter()
            .filter(|&&i| inst.preferences[i as usize][0].is_some())
            .count();
        let seconds = rows
            .iter()
            .filter(|&&i| inst.preferences[i as usize][1].is_some())
            .count();
        let tiers = Tiers::new(rows.len(), firsts, seconds, compat.max_score());
        Free {
            rows,
            capacity,
            tiers,
        }
    }

    /// Scores of free row `i` against every mentor with a place left; `-1` where ineligible.
    fn scores(&self, compat: &Compat, i: usize, scores: &mut Vec<i32>, scratch: &mut Scratch) {
        scores.resize(compat.n_mentors(), 0);
        compat.fill_row(i, scores, scratch);
        for (s, &c) in scores.iter_mut().zip(&self.capacity) {
            if c == 0 {
                *s = -1;
            }
        }
    }
}

/// One row's candidates: arcs kept, and the largest weight left out.
pub(crate) struct RowCandidates<W> {
    arcs: Vec<(u32, W)>,
    left_out_max: Option<W>,
}

/// Candidate lists in the integer width the instance needs.
pub(crate) enum Candidates {
    Narrow(Vec<RowCandidates<i64>>),
    Wide(Vec<RowCandidates<i128>>),
}

impl Candidates {
    /// The scoring pass: every free mentee's best `k` mentors.
    pub fn new(compat: &Compat, free: &Free, opts: &SearchOptions) -> Candidates {
        let max_weight = free.tiers.max_weight(compat.max_score());
        if weight::fits_i64(max_weight) {
            Candidates::Narrow(generate(compat, free, opts.candidates.max(1)))
        } else {
            Candidates::Wide(generate(compat, free, opts.candidates.max(1)))
        }
    }

    pub fn solve(self, compat: &Compat, free: &Free, opts: &SearchOptions) -> Optimum {
        match self {
            Candidates::Narrow(rows) => solve_with(compat, free, rows, opts.candidates.max(1)),
            Candidates::Wide(rows) => solve_with(compat, free, rows, opts.candidates.max(1)),
        }
    }
}

/// Each mentor's best mentees also become candidates, `COLUMN_CANDIDATES_PER_PLACE`
/// per place: top-k lists alone crowd onto popular mentors and leave the rest
/// of the capacity unreachable, which only pricing would then discover.
const COLUMN_CANDIDATES_PER_PLACE: usize = 4;

/// A mentor's best mentees so far as (weight, Reverse(row)); the top is the worst kept.
type ColumnTop<W> = BinaryHeap<Reverse<(W, Reverse<u32>)>>;

/// Per-thread state of the scoring pass.
struct Pass<W> {
    rows: Vec<(u32, RowCandidates<W>)>,
    tops: Vec<ColumnTop<W>>,
    /// Per mentor: the score a mentee outside its preferences must reach to
    /// enter `tops` (the worst kept weight less `MATCHED` once the heap is
    /// full, else 0; `i32::MAX` without quota), read without touching the heap.
    entry: Vec<i32>,
    buf: Vec<i32>,
    hist: Vec<u32>,
    scratch: Scratch,
}

fn generate<W: Weight>(compat: &Compat, free: &Free, k: usize) -> Vec<RowCandidates<W>> {
    let m = compat.n_mentors();
    let quota: Vec<usize> = free
        .capacity
        .iter()
        .map(|&c| {
            (c as usize)
                .saturating_mul(COLUMN_CANDIDATES_PER_PLACE)
                .min(free.rows.len())
        })
        .collect();
    let max_score = compat.max_score().max(0) as usize;
    let new_pass = || Pass {
        rows: Vec::new(),
        tops: (0..m).map(|_| BinaryHeap::new()).collect(),
        entry: quota
            .iter()
            .map(|&q| if q == 0 { i32::MAX } else { 0 })
            .collect(),
        buf: Vec::new(),
        hist: vec![0; max_score + 2],
        scratch: Scratch::default(),
    };
    // Each fold keeps a heap per mentor: bound the number of folds (a few per
    // thread) or the heaps alone take gigabytes on 100k × 20k.
    let min_len = free.rows.len() / (4 * rayon::current_num_threads()).max(1);
    let pass = (0..free.rows.len() as u32)
        .into_par_iter()
        .with_min_len(min_len.max(1))
        .fold(new_pass, |mut pass, r| {
            let i = free.rows[r as usize] as usize;
            let cands = candidates_for::<W>(
                compat,
                free,
                i,
                k,
                &mut pass.buf,
                &mut pass.hist,
                &mut pass.scratch,
            );
            // `buf` still holds the row's scores.
            if cands.left_out_max.is_some() {
                let rw = RowWeights::<W>::new(compat, &free.tiers, i);
                let (tops, entry, buf) = (&mut pass.tops, &mut pass.entry, &pass.buf);
                let mut enter = |entry: &mut [i32], j: usize, s: i32| {
                    let key = (rw.weight(j as u32, s), Reverse(r));
                    let top = &mut tops[j];
                    offer(top, quota[j], key);
                    if top.len() == quota[j] {
                        let worst = top.peek().expect("full").0 .0 - rw.base;
                        entry[j] = worst.to_i128().min(i128::from(i32::MAX)) as i32;
                    }
                };
                // Outside the preferences a weight is `base + score`: a plain
                // score comparison filters (ties go to the exact comparison).
                for (j, &s) in buf.iter().enumerate() {
                    // `entry` is never negative, so this also skips the ineligible.
                    if s >= entry[j] && !rw.is_pref(j as u32) {
                        enter(entry, j, s);
                    }
                }
                for (j, _) in rw.prefs {
                    if j != NONE && buf[j as usize] >= 0 && quota[j as usize] > 0 {
                        enter(entry, j as usize, buf[j as usize]);
                    }
                }
            }
            pass.rows.push((r, cands));
            pass
        })
        .reduce(new_pass, |mut a, b| {
            a.rows.extend(b.rows);
            for (j, heap) in b.tops.into_iter().enumerate() {
                for Reverse(key) in heap {
                    offer(&mut a.tops[j], quota[j], key);
                }
            }
            a
        });
    let mut rows = pass.rows;
    rows.sort_unstable_by_key(|r| r.0);
    let mut rows: Vec<RowCandidates<W>> = rows.into_iter().map(|r| r.1).collect();
    for (j, heap) in pass.tops.into_iter().enumerate() {
        for Reverse((w, Reverse(r))) in heap {
            let arcs = &mut rows[r as usize].arcs;
            if let Err(at) = arcs.binary_search_by_key(&(j as u32), |a| a.0) {
                arcs.insert(at, (j as u32, w));
            }
        }
    }
    rows
}

fn offer<W: Weight>(heap: &mut ColumnTop<W>, quota: usize, key: (W, Reverse<u32>)) {
    if heap.len() < quota {
        heap.push(Reverse(key));
    } else if heap.peek().is_some_and(|worst| key > worst.0) {
        heap.pop();
        heap.push(Reverse(key));
    }
}

fn pair_weight<W: Weight>(compat: &Compat, tiers: &Tiers, i: usize, j: usize, score: i32) -> W {
    W::from_i128(tiers.weight(compat.inst.preference_rank(i, j), score))
}

/// Turns a row of scores into tiered weights in place of a per-pair lookup:
/// `weights[j]` is `None` where ineligible.
struct RowWeights<W> {
    base: W,
    prefs: [(u32, W); 2],
}

impl<W: Weight> RowWeights<W> {
    fn new(compat: &Compat, tiers: &Tiers, i: usize) -> Self {
        let base = W::from_i128(tiers.matched);
        let pref = |slot: usize, bonus: i128| {
            compat.inst.preferences[i][slot].map_or((NONE, W::ZERO), |j| (j, W::from_i128(bonus)))
        };
        RowWeights {
            base,
            prefs: [pref(0, tiers.first), pref(1, tiers.second)],
        }
    }

    #[inline]
    fn is_pref(&self, j: u32) -> bool {
        self.prefs[0].0 == j || self.prefs[1].0 == j
    }

    #[inline]
    fn weight(&self, j: u32, score: i32) -> W {
        let mut w = self.base + W::from_i32(score);
        for &(p, bonus) in &self.prefs {
            if p == j {
                w += bonus;
            }
        }
        w
    }
}

fn candidates_for<W: Weight>(
    compat: &Compat,
    free: &Free,
    i: usize,
    k: usize,
    buf: &mut Vec<i32>,
    hist: &mut [u32],
    scratch: &mut Scratch,
) -> RowCandidates<W> {
    if let Some(sparse) = compat.sparse_row(i) {
        if sparse.len() <= k.max(64) {
            // Few explicit scores: take them all after the rules.
            free.scores(compat, i, buf, scratch);
            let arcs = sparse
                .iter()
                .filter(|&&(j, _)| buf[j as usize] >= 0)
                .map(|&(j, s)| (j, pair_weight(compat, &free.tiers, i, j as usize, s)))
                .collect();
            return RowCandidates {
                arcs,
                left_out_max: None,
            };
        }
    }
    free.scores(compat, i, buf, scratch);
    let rw = RowWeights::<W>::new(compat, &free.tiers, i);
    top_k(buf, &rw, k, hist)
}

/// The row's best `k` arcs by (weight, then lower mentor id), sorted by
/// mentor, and the largest weight left out.
///
/// A preference's bonus exceeds any score, so the eligible preferences come
/// first; the other mentors differ only by score, so one count per score value
/// finds the cut-off score (`hist` has a zeroed slot per score value and one
/// for the ineligible, and is left zeroed) and one pass in mentor order takes
/// them, ties to the lower id — the same arcs as sorting by (weight, id).
fn top_k<W: Weight>(
    scores: &[i32],
    rw: &RowWeights<W>,
    k: usize,
    hist: &mut [u32],
) -> RowCandidates<W> {
    let mut prefs: Vec<(W, u32)> = rw
        .prefs
        .iter()
        .filter(|&&(j, _)| j != NONE && scores[j as usize] >= 0)
        .map(|&(j, _)| (rw.weight(j, scores[j as usize]), j))
        .collect();
    prefs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let taken = prefs.len().min(k);
    let mut left_out_max = prefs[taken..].iter().map(|a| a.0).max();
    let need = (k - taken) as u32;
    // `hist[s + 1]` counts score `s`; slot 0 the ineligible (no branch per mentor).
    for &s in scores {
        hist[(s.max(-1) + 1) as usize] += 1;
    }
    for &(_, j) in &prefs {
        hist[scores[j as usize] as usize + 1] -= 1;
    }
    let eligible = scores.len() as u32 - hist[0] - prefs.len() as u32;
    let hist_of = |s: usize| hist[s + 1];
    let mut arcs: Vec<(u32, W)> = Vec::with_capacity(taken + need.min(eligible) as usize);
    arcs.extend(prefs[..taken].iter().map(|&(w, j)| (j, w)));
    // The cut-off: every score above `cut` is taken, and `at_cut` at `cut`.
    let (mut cut, mut at_cut, mut above) = (0usize, 0u32, 0u32);
    if eligible > need {
        let mut s = hist.len() - 1;
        while s > 0 {
            s -= 1;
            if above + hist_of(s) >= need {
                (cut, at_cut) = (s, need - above);
                break;
            }
            above += hist_of(s);
        }
        // The best left-out score: at the cut if some stay there, else the next lower one.
        let left = if hist_of(cut) > at_cut {
            Some(cut)
        } else {
            (0..cut).rev().find(|&s| hist_of(s) > 0)
        };
        left_out_max = left_out_max.max(left.map(|s| rw.base + W::from_i32(s as i32)));
    } else {
        cut = 0;
        at_cut = u32::MAX;
    }
    let cut_score = cut as i32;
    for (j, &s) in scores.iter().enumerate() {
        // Rarely true: only the row's best scores reach the cut.
        if s >= cut_score && (s > cut_score || at_cut > 0) && !rw.is_pref(j as u32) {
            if s == cut_score {
                at_cut -= 1;
            }
            arcs.push((j as u32, rw.base + W::from_i32(s)));
        }
    }
    for &s in scores {
        hist[(s.max(-1) + 1) as usize] = 0;
    }
    arcs.sort_unstable_by_key(|a| a.0);
    RowCandidates { arcs, left_out_max }
}

fn solve_with<W: Weight>(
    compat: &Compat,
    free: &Free,
    mut rows: Vec<RowCandidates<W>>,
    k: usize,
) -> Optimum {
    let mut rounds = 0;
    let mut previous: Option<ssp::Solution<W>> = None;
    let margin = W::from_i128(i128::from(compat.max_score()) + 1);
    let (sol, arcs) = loop {
        rounds += 1;
        let graph = build_graph(&rows, &free.capacity);
        // Warm start from the previous round: its potentials stay feasible on
        // the old arcs, and only rows with a violating new arc search again.
        let warm = previous.take().and_then(|prev| {
            ssp::solve(
                &graph,
                ssp::Start {
                    row_col: prev.row_col,
                    p: prev.p,
                },
            )
        });
        let sol = warm
            .or_else(|| cold(&graph, free.rows.len()))
            .unwrap_or_else(|| {
                ssp::solve(&graph, ssp::Start::empty(&graph))
                    .expect("an empty start leaves no mentor short")
            });
        let violations = price(compat, free, &mut rows, &sol, k, margin);
        if violations == 0 {
            break (sol, graph.col.len());
        }
        previous = Some(sol);
    };

    let inst = compat.inst;
    let mut mentor_of: Vec<Option<u32>> = inst.pinned.clone();
    let mut mentee_potential = vec![0i128; inst.mentees.len()];
    for (r, &i) in free.rows.iter().enumerate() {
        let c = sol.row_col[r];
        mentor_of[i as usize] = (c != NONE).then_some(c);
        mentee_potential[i as usize] = sol.u[r].to_i128();
    }
    Optimum {
        mentor_of,
        mentee_potential,
        mentor_potential: sol.p.iter().map(|p| p.to_i128()).collect(),
        tiers: free.tiers,
        candidate_arcs: arcs,
        pricing_rounds: rounds,
    }
}

/// A cold solve. The zero-increment auction settles most rows when scores
/// leave clear winners (random scores: all but 3%), and the shortest-path
/// phases finish the rest; when it stalls on ties and near ties (realistic
/// preferences: 40% left), the ε-scaling auction does the whole job instead.
fn cold<W: Weight>(graph: &Graph<W>, rows: usize) -> Option<ssp::Solution<W>> {
    let bids = AUCTION_BIDS_PER_ROW * graph.capacity.len().max(rows);
    let start = auction::run(graph, bids);
    // Rows the auction left that would still gain from a mentor.
    let left = (0..start.row_col.len())
        .filter(|&r| {
            start.row_col[r] == NONE
                && (graph.row_start[r]..graph.row_start[r + 1])
                    .any(|k| graph.w[k] > start.p[graph.col[k] as usize])
        })
        .count();
    if left * ZERO_AUCTION_LEFT_MAX > rows {
        if let Some(sol) = scaling::solve(graph) {
            return Some(sol);
        }
    }
    ssp::solve(graph, start)
}

/// The zero-increment auction's start is kept when at most 1/this of the rows are left.
const ZERO_AUCTION_LEFT_MAX: usize = 16;

fn build_graph<W: Weight>(rows: &[RowCandidates<W>], capacity: &[u32]) -> Graph<W> {
    let total: usize = rows.iter().map(|r| r.arcs.len()).sum();
    let mut g = Graph {
        row_start: Vec::with_capacity(rows.len() + 1),
        col: Vec::with_capacity(total),
        w: Vec::with_capacity(total),
        capacity: capacity.to_vec(),
    };
    g.row_start.push(0);
    for r in rows {
        for &(j, w) in &r.arcs {
            g.col.push(j);
            g.w.push(w);
        }
        g.row_start.push(g.col.len());
    }
    g
}

/// Prices every left-out pair. Pairs that beat `u[i] + p[j]` violate the
/// certificate; pairs within `margin` of it are likely to after the next solve,
/// so if any pair violates, up to `k` of the most attractive of both join each
/// row's candidates. Returns how many pairs violated.
fn price<W: Weight>(
    compat: &Compat,
    free: &Free,
    rows: &mut [RowCandidates<W>],
    sol: &ssp::Solution<W>,
    k: usize,
    margin: W,
) -> usize {
    let m = compat.n_mentors();
    // Per row: violations, and the arcs to add with the new left-out bound.
    type Added<W> = Option<(Vec<(u32, W)>, Option<W>)>;
    let priced: Vec<(usize, Added<W>)> = rows
        .par_iter()
        .enumerate()
        .map_init(
            || (Vec::new(), Scratch::default(), vec![false; m], Vec::new()),
            |(buf, scratch, kept, near), (r, row)| {
                let Some(bound) = row.left_out_max else {
                    return (0, None);
                };
                let ur = sol.u[r];
                if bound <= ur {
                    // p >= 0, so nothing left out can violate: not worth
                    // rescoring the row (near misses wait for a violation).
                    return (0, None);
                }
                let i = free.rows[r] as usize;
                free.scores(compat, i, buf, scratch);
                let rw = RowWeights::<W>::new(compat, &free.tiers, i);
                for &(j, _) in &row.arcs {
                    kept[j as usize] = true;
                }
                // The preferences left out are priced exactly below; the
                // others weigh `base + score`, so the loop compares scores.
                let prefs = rw.prefs.map(|(j, _)| j).into_iter().filter(|&j| j != NONE);
                let left_out_prefs: Vec<u32> = prefs.filter(|&j| !kept[j as usize]).collect();
                for &j in &left_out_prefs {
                    kept[j as usize] = true;
                }
                near.clear();
                let mut violations = 0;
                let mut far: Option<W> = None;
                let mut far_score = -1;
                let mut consider = |j: usize, w: W, far: &mut Option<W>| {
                    let gain = w - sol.p[j];
                    if gain + margin > ur {
                        violations += usize::from(gain > ur);
                        near.push((gain, j as u32, w));
                    } else if far.is_none_or(|f| w > f) {
                        *far = Some(w);
                    }
                };
                // Near: `base + s - p + margin > u`.
                let threshold = ur - rw.base - margin;
                for (j, ((&s, &kept), &p)) in buf.iter().zip(kept.iter()).zip(&sol.p).enumerate() {
                    let open = (s >= 0) & !kept;
                    if open & (W::from_i32(s) - p > threshold) {
                        consider(j, rw.base + W::from_i32(s), &mut far);
                    } else {
                        far_score = far_score.max(if open { s } else { -1 });
                    }
                }
                if far_score >= 0 {
                    far = far.max(Some(rw.base + W::from_i32(far_score)));
                }
                for &j in &left_out_prefs {
                    kept[j as usize] = false;
                    let s = buf[j as usize];
                    if s >= 0 {
                        consider(j as usize, rw.weight(j, s), &mut far);
                    }
                }
                for &(j, _) in &row.arcs {
                    kept[j as usize] = false;
                }
                if near.is_empty() {
                    return (0, None);
                }
                if near.len() > k {
                    near.select_nth_unstable_by(k, |a: &(W, u32, W), b| {
                        b.0.cmp(&a.0).then(a.1.cmp(&b.1))
                    });
                    let rest = near[k..].iter().map(|a| a.2).max();
                    far = far.max(rest);
                    near.truncate(k);
                }
                let add = near.iter().map(|&(_, j, w)| (j, w)).collect();
                (violations, Some((add, far)))
            },
        )
        .collect();
    let violations = priced.iter().map(|p| p.0).sum();
    if violations > 0 {
        for (row, (_, added)) in rows.iter_mut().zip(priced) {
            if let Some((arcs, bound)) = added {
                row.arcs.extend(arcs);
                row.arcs.sort_unstable_by_key(|a| a.0);
                row.left_out_max = bound;
            }
        }
    }
    violations
}
