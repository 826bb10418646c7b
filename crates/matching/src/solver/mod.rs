//! The optimal mode: candidate lists, an exact solve on them, and pricing of
//! every other pair against the solution's potentials.
//!
//! Each mentee keeps its `k` best arcs (by tiered weight, ties by mentor id).
//! The restricted problem is solved exactly; then every left-out pair is
//! priced: if some `w(i, j) > u[i] + p[j]` the pair could improve the
//! solution, so the most attractive such pairs join the candidates and the
//! problem is solved again. When no pair prices out, the potentials prove the
//! matching optimal over *all* pairs — the dense matrix is never stored.

mod above;
pub mod auction;
pub mod saturate;
pub mod scaling;
pub mod ssp;
pub mod weight;

use crate::compat::Compat;
use crate::score::{Scratch, UNSCORED};
use crate::tiers::Tiers;
use rayon::prelude::*;
use ssp::{Graph, NONE};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use weight::Weight;

/// Bids the auction may make per mentee before the exact phase takes over.
const AUCTION_BIDS_PER_ROW: usize = 200;

/// How the optimal mode searches (the default chooses the candidates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SearchOptions {
    /// Candidate arcs kept per mentee before pricing; 0 = automatic
    /// (`SearchOptions::per_row`).
    pub candidates: usize,
}

/// Candidates per mentee chosen automatically: this many, or one per
/// `MENTORS_PER_CANDIDATE` mentors when that is more.
const DEFAULT_CANDIDATES: usize = 48;

/// With many mentors each mentee keeps at least one candidate per this many
/// of them (64 of 20,000): a row's best 48 are then too narrow a slice of
/// its many near ties, and the pricing rounds cost more than the larger
/// first solve (profile 100,000 × 20,000 at load 1.1–1.5: solve 13.9–14.4 s
/// with 64, 15.3–15.9 s with 48, 15.0–16.6 s with 80, 15.1 s with 96). On
/// 10,000 × 2,000 instances 64 was slower (realistic and no-ties solve
/// +0.05 s), so the 48 stay there.
const MENTORS_PER_CANDIDATE: usize = 312;

impl SearchOptions {
    /// Candidate arcs per mentee for `mentors` mentors: the number asked
    /// for, or when none was (0) 48, at least one per 312 mentors.
    fn per_row(&self, mentors: usize) -> usize {
        match self.candidates {
            0 => DEFAULT_CANDIDATES.max(mentors / MENTORS_PER_CANDIDATE),
            n => n,
        }
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
    /// Whether some mentor has no place left.
    some_full: bool,
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
        let some_full = capacity.contains(&0);
        Free {
            rows,
            capacity,
            tiers,
            some_full,
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

/// A score as a row holds it: `i32` (`-1` where ineligible) or the score
/// cache's byte (`UNSCORED` where ineligible).
pub(crate) trait RowScore: Copy + Send + Sync {
    fn val(self) -> i32;
    /// The row as the score cache's bytes, if it is that.
    fn bytes(row: &[Self]) -> Option<&[u8]>;
}

impl RowScore for i32 {
    #[inline(always)]
    fn val(self) -> i32 {
        self
    }
    fn bytes(_: &[i32]) -> Option<&[u8]> {
        None
    }
}

impl RowScore for u8 {
    #[inline(always)]
    fn val(self) -> i32 {
        if self == UNSCORED {
            -1
        } else {
            i32::from(self)
        }
    }
    fn bytes(row: &[u8]) -> Option<&[u8]> {
        Some(row)
    }
}

/// Bytes tested together by `block_passes` and `each_above`.
const BLOCK: usize = 32;

/// A score byte's order key: `UNSCORED` (255) wraps to 0, below every
/// threshold; score `s` becomes `s + 1`. "`s > t`" for a score `s` and a
/// threshold `t ≥ -1` is `key(s) > bound(t)`.
#[inline(always)]
fn key8(s: u8) -> u8 {
    s.wrapping_add(1)
}

/// `t + 1` clamped to a byte: -1 → 0, `i32::MAX` → 255 (no score exceeds it).
#[inline(always)]
fn bound8(t: i32) -> u8 {
    t.saturating_add(1).clamp(0, 255) as u8
}

/// Whether some byte of the block passes its bound (no branch per byte).
#[inline(always)]
fn block_passes(block: &[u8], bounds: &[u8]) -> bool {
    block
        .iter()
        .zip(bounds)
        .fold(false, |a, (&s, &b)| a | (key8(s) > b))
}

/// Calls `f(j)` for every `j` with `key8(row[j]) > t`, a block at a time.
#[inline(always)]
fn each_above(row: &[u8], t: u8, mut f: impl FnMut(usize)) {
    if above::each_above(row, t, &mut f) {
        return;
    }
    for (b, block) in row.chunks(BLOCK).enumerate() {
        if block.iter().fold(false, |a, &s| a | (key8(s) > t)) {
            for (k, &s) in block.iter().enumerate() {
                if key8(s) > t {
                    f(b * BLOCK + k);
                }
            }
        }
    }
}

impl Free {
    /// Row `i` from the score cache, with mentors without a place masked
    /// (copied into `buf` only if some mentor has none), or `None` if scores
    /// are not cached.
    fn cached_row<'a>(
        &self,
        compat: &'a Compat,
        i: usize,
        buf: &'a mut Vec<u8>,
    ) -> Option<&'a [u8]> {
        let row = compat.cached_row(i)?;
        if !self.some_full {
            return Some(row);
        }
        buf.clear();
        buf.extend(
            row.iter()
                .zip(&self.capacity)
                .map(|(&s, &c)| if c == 0 { UNSCORED } else { s }),
        );
        Some(buf)
    }
}

/// One row's candidates: arcs kept, and the largest weight left out.
#[derive(Clone)]
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
            Candidates::Narrow(generate(compat, free, opts.per_row(compat.n_mentors())))
        } else {
            Candidates::Wide(generate(compat, free, opts.per_row(compat.n_mentors())))
        }
    }

    pub fn solve(self, compat: &Compat, free: &Free, opts: &SearchOptions) -> Optimum {
        let k = opts.per_row(compat.n_mentors());
        match self {
            Candidates::Narrow(rows) => solve_with(compat, free, rows, k),
            Candidates::Wide(rows) => solve_with(compat, free, rows, k),
        }
    }
}

/// Each mentor's best mentees also become candidates, `COLUMN_CANDIDATES_PER_PLACE`
/// per place: top-k lists alone crowd onto popular mentors and leave the rest
/// of the capacity unreachable, which only pricing would then discover. (On
/// the profile 100,000 × 20,000 instance, 8 instead of 4 left 1.44 M instead
/// of 2.45 M violating pairs after round 1 and cut round 2 from 28 s to
/// 16–19 s; 16 left 0.56 M but made round 1 slower and round 2 no faster.)
const COLUMN_CANDIDATES_PER_PLACE: usize = 8;

/// Rows that set the mentors' starting entry scores in `generate` (one
/// sequential pass; each later batch is 8 times all before it).
const SEED_ROWS: u32 = 1024;

/// A mentor's best mentees so far as (weight, Reverse(row)); the top is the worst kept.
///
/// A weight is `MATCHED + bonus + score` and a bonus beats any score, so the
/// order of (weight, lower row) is that of one `u64`: (preference class,
/// score, `u32::MAX - row`); see `column_key`.
type ColumnTop<W> = BinaryHeap<Reverse<ColumnKey<W>>>;

/// A mentor's candidate as its column list ranks it (see `ColumnTop`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct ColumnKey<W>(u64, std::marker::PhantomData<W>);

/// (preference class 0–2, score, row) as one ordered key.
fn column_key<W>(class: u64, score: i32, r: u32) -> ColumnKey<W> {
    debug_assert!((0..1 << 24).contains(&score));
    ColumnKey(
        class << 56 | (score as u64) << 32 | u64::from(u32::MAX - r),
        std::marker::PhantomData,
    )
}

impl<W> ColumnKey<W> {
    fn class(self) -> u64 {
        self.0 >> 56
    }
    fn score(self) -> i32 {
        (self.0 >> 32 & 0xff_ffff) as i32
    }
    fn row(self) -> u32 {
        u32::MAX - self.0 as u32
    }
}

/// Per-thread state of the scoring pass.
struct Pass<W> {
    rows: Vec<(u32, RowCandidates<W>)>,
    tops: Vec<ColumnTop<W>>,
    /// Per mentor: the score a mentee outside its preferences must exceed to
    /// enter `tops` (the worst kept weight less `MATCHED` once the heap is
    /// full, else -1; `i32::MAX` without quota), read without touching the heap.
    entry: Vec<i32>,
    /// `entry` as `bound8` bytes, for the byte rows' block test.
    entry8: Vec<u8>,
    buf: Vec<i32>,
    buf8: Vec<u8>,
    counts: Counts,
    scratch: Scratch,
}

/// Per-thread state of `top_k`: a zeroed slot per score value (and one for
/// the ineligible), and for byte rows the pairs at or above a floor score
/// guessed from the previous row's cut-off.
struct Counts {
    hist: Vec<u32>,
    hits: Vec<(u32, u8)>,
    floor: u8,
}

/// A byte row's floor is this far below the previous row's lowest score taken.
const FLOOR_MARGIN: u8 = 2;

/// Steps in which `lower_floor` lowers a floor.
const FLOOR_STEP: u8 = 4;

/// Where pairs are counted on vectors (`above::count_above`): `floor`
/// lowered by `FLOOR_STEP`s until more than `k + 2` pairs score at least it
/// (or to 0), so that `top_k_bytes` rarely needs `top_k`'s count of the
/// whole row (a row's preferences, at most two, are among those counted).
/// Elsewhere `floor` as it is.
fn lower_floor(bytes: &[u8], floor: u8, k: usize) -> u8 {
    let mut f = floor;
    loop {
        // `key8(s) > f` is `s >= f` for a score.
        match above::count_above(bytes, f) {
            None => return floor,
            Some(c) if c > k + 2 || f == 0 => return f,
            Some(_) => f = f.saturating_sub(FLOOR_STEP),
        }
    }
}

/// A full row's candidates and its offers to the mentors' column lists.
#[allow(clippy::too_many_arguments)]
fn row_pass<W: Weight, S: RowScore>(
    compat: &Compat,
    free: &Free,
    i: usize,
    r: u32,
    k: usize,
    scores: &[S],
    counts: &mut Counts,
    tops: &mut [ColumnTop<W>],
    entry: &mut [i32],
    entry8: &mut [u8],
    quota: &[usize],
) -> RowCandidates<W> {
    let rw = RowWeights::<W>::new(compat, &free.tiers, i);
    let cands = match S::bytes(scores) {
        Some(bytes) => {
            let floor = lower_floor(bytes, counts.floor, k);
            let cands = top_k_bytes(bytes, &rw, k, &mut counts.hits, floor)
                .unwrap_or_else(|| top_k(bytes, &rw, k, &mut counts.hist));
            // The next row's floor: a little below this row's lowest score taken.
            let lowest = cands
                .arcs
                .iter()
                .filter(|a| !rw.is_pref(a.0))
                .map(|a| bytes[a.0 as usize])
                .min();
            counts.floor = lowest.map_or(0, |s| s.saturating_sub(FLOOR_MARGIN));
            cands
        }
        None => top_k(scores, &rw, k, &mut counts.hist),
    };
    if cands.left_out_max.is_some() {
        offer_columns::<W, S>(compat, free, i, r, scores, tops, entry, entry8, quota);
    }
    cands
}

/// Offers row `r`'s pairs to the mentors' column lists.
#[allow(clippy::too_many_arguments)]
fn offer_columns<W: Weight, S: RowScore>(
    compat: &Compat,
    free: &Free,
    i: usize,
    r: u32,
    scores: &[S],
    tops: &mut [ColumnTop<W>],
    entry: &mut [i32],
    entry8: &mut [u8],
    quota: &[usize],
) {
    let rw = RowWeights::<W>::new(compat, &free.tiers, i);
    let class = |j: u32| {
        if rw.prefs[0].0 == j {
            2
        } else if rw.prefs[1].0 == j {
            1
        } else {
            0
        }
    };
    let mut enter = |entry: &mut [i32], entry8: &mut [u8], j: usize, s: i32| {
        let key = column_key(class(j as u32), s, r);
        let top = &mut tops[j];
        offer(top, quota[j], key);
        if top.len() == quota[j] {
            let worst = top.peek().expect("full").0;
            entry[j] = entry[j].max(if worst.class() > 0 {
                i32::MAX
            } else {
                worst.score()
            });
            entry8[j] = bound8(entry[j]);
        }
    };
    // Outside the preferences a weight is `base + score`: a plain
    // score comparison filters (ties go to the exact comparison).
    // Rows come in increasing order within a pass, so a later row with
    // the worst kept score loses the tie: only a higher score enters.
    // `entry` is at least -1, so this also skips the ineligible.
    if let Some(bytes) = S::bytes(scores) {
        // Few pairs enter: a block of bytes is looked at one by one only
        // when one of them beats its mentor's entry score.
        let on_vectors = above::each_above_bounds(bytes, entry8, |j, entry8| {
            if !rw.is_pref(j as u32) {
                enter(entry, entry8, j, i32::from(bytes[j]));
            }
        });
        // Elsewhere the same pairs, 32 bytes at a time.
        let mut j0 = 0;
        while !on_vectors && j0 < bytes.len() {
            let end = (j0 + BLOCK).min(bytes.len());
            if block_passes(&bytes[j0..end], &entry8[j0..end]) {
                for j in j0..end {
                    if key8(bytes[j]) > entry8[j] && !rw.is_pref(j as u32) {
                        enter(entry, entry8, j, i32::from(bytes[j]));
                    }
                }
            }
            j0 = end;
        }
    } else {
        for j in 0..scores.len() {
            let s = scores[j].val();
            if s > entry[j] && !rw.is_pref(j as u32) {
                enter(entry, entry8, j, s);
            }
        }
    }
    for (j, _) in rw.prefs {
        if j != NONE && scores[j as usize].val() >= 0 && quota[j as usize] > 0 {
            enter(entry, entry8, j as usize, scores[j as usize].val());
        }
    }
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
    let no_entry: Vec<i32> = quota
        .iter()
        .map(|&q| if q == 0 { i32::MAX } else { -1 })
        .collect();
    let new_pass = |entry: &[i32]| Pass {
        rows: Vec::new(),
        tops: (0..m).map(|_| BinaryHeap::new()).collect(),
        entry: entry.to_vec(),
        entry8: entry.iter().map(|&e| bound8(e)).collect(),
        buf: Vec::new(),
        buf8: Vec::new(),
        counts: Counts {
            hist: vec![0; max_score + 2],
            hits: Vec::new(),
            floor: 0,
        },
        scratch: Scratch::default(),
    };
    // Each fold keeps a heap per mentor: bound the number of folds (a few per
    // thread) or the heaps alone take gigabytes on 100k × 20k.
    let fold_row = |mut pass: Pass<W>, r: u32| {
        let i = free.rows[r as usize] as usize;
        let Pass {
            rows,
            tops,
            entry,
            entry8,
            buf,
            buf8,
            counts,
            scratch,
        } = &mut pass;
        let cands = if compat.sparse_row(i).is_none() {
            match free.cached_row(compat, i, buf8) {
                Some(row) => row_pass::<W, u8>(
                    compat, free, i, r, k, row, counts, tops, entry, entry8, &quota,
                ),
                None => {
                    free.scores(compat, i, buf, scratch);
                    row_pass::<W, i32>(
                        compat, free, i, r, k, buf, counts, tops, entry, entry8, &quota,
                    )
                }
            }
        } else {
            let cands = candidates_for::<W>(compat, free, i, k, buf, &mut counts.hist, scratch);
            if cands.left_out_max.is_some() {
                offer_columns::<W, i32>(compat, free, i, r, buf, tops, entry, entry8, &quota);
            }
            cands
        };
        rows.push((r, cands));
        pass
    };
    let merge = |mut a: Pass<W>, b: Pass<W>| {
        a.rows.extend(b.rows);
        for (j, heap) in b.tops.into_iter().enumerate() {
            merge_tops(&mut a.tops[j], heap, quota[j]);
        }
        a
    };
    // The first rows, in one pass, give every mentor a starting entry score;
    // the next, larger batches run in parallel from the entry scores of all
    // rows before them, and so on: a pass offers only pairs that beat the
    // rows before it (a row at the same score comes later and loses the
    // tie), not every pair until its own lists fill.
    let n = free.rows.len() as u32;
    let first = n.min(SEED_ROWS);
    let mut pass = (0..first).fold(new_pass(&no_entry), fold_row);
    let mut done = first;
    while done < n {
        let end = if done.saturating_mul(8) >= n {
            n
        } else {
            done * 8
        };
        let entry = entry_scores(&pass.tops, &quota);
        let min_len = (end - done) as usize / (4 * rayon::current_num_threads()).max(1);
        let batch = (done..end)
            .into_par_iter()
            .with_min_len(min_len.max(1))
            .fold(|| new_pass(&entry), fold_row)
            .reduce(|| new_pass(&no_entry), merge);
        pass = merge(pass, batch);
        done = end;
    }
    let mut rows = pass.rows;
    rows.sort_unstable_by_key(|r| r.0);
    let mut rows: Vec<RowCandidates<W>> = rows.into_iter().map(|r| r.1).collect();
    for (j, heap) in pass.tops.into_iter().enumerate() {
        for Reverse(key) in heap {
            let r = key.row();
            let i = free.rows[r as usize] as usize;
            let w = pair_weight::<W>(compat, &free.tiers, i, j, key.score());
            let arcs = &mut rows[r as usize].arcs;
            if let Err(at) = arcs.binary_search_by_key(&(j as u32), |a| a.0) {
                arcs.insert(at, (j as u32, w));
            }
        }
    }
    rows
}

/// Per mentor: the score a non-preferred mentee must exceed to enter its
/// column list as it stands (-1 while the list has room, `i32::MAX` without
/// quota or when even the worst kept is a preference).
fn entry_scores<W: Weight>(tops: &[ColumnTop<W>], quota: &[usize]) -> Vec<i32> {
    tops.iter()
        .zip(quota)
        .map(|(top, &q)| match top.peek() {
            _ if q == 0 => i32::MAX,
            Some(worst) if top.len() >= q => {
                if worst.0.class() > 0 {
                    i32::MAX
                } else {
                    worst.0.score()
                }
            }
            _ => -1,
        })
        .collect()
}

fn offer<W: Weight>(heap: &mut ColumnTop<W>, quota: usize, key: ColumnKey<W>) {
    if heap.len() < quota {
        heap.push(Reverse(key));
    } else if let Some(mut worst) = heap.peek_mut() {
        if key > worst.0 {
            // Replaced in place: one sift down when `worst` is dropped.
            *worst = Reverse(key);
        }
    }
}

/// Merges `b` into `a`, keeping the best `quota` keys of both: one
/// selection and one heap build instead of a sift per key.
fn merge_tops<W: Weight>(a: &mut ColumnTop<W>, b: ColumnTop<W>, quota: usize) {
    if b.is_empty() {
        return;
    }
    let mut keys = std::mem::take(a).into_vec();
    keys.extend(b.into_vec());
    if keys.len() > quota {
        // `Reverse` orders the best first; keys are distinct (each holds its row).
        keys.select_nth_unstable(quota);
        keys.truncate(quota);
    }
    *a = BinaryHeap::from(keys);
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

    /// The row's eligible preferences as (weight, mentor), best first (ties
    /// to the lower mentor), how many of them the row's `k` arcs take, and
    /// the largest weight of those left out.
    #[allow(clippy::type_complexity)]
    fn ranked_prefs<S: RowScore>(
        &self,
        scores: &[S],
        k: usize,
    ) -> (Vec<(W, u32)>, usize, Option<W>) {
        let mut prefs: Vec<(W, u32)> = self
            .prefs
            .iter()
            .filter(|&&(j, _)| j != NONE && scores[j as usize].val() >= 0)
            .map(|&(j, _)| (self.weight(j, scores[j as usize].val()), j))
            .collect();
        prefs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let taken = prefs.len().min(k);
        let left_out_max = prefs[taken..].iter().map(|a| a.0).max();
        (prefs, taken, left_out_max)
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
fn top_k<W: Weight, S: RowScore>(
    scores: &[S],
    rw: &RowWeights<W>,
    k: usize,
    hist: &mut [u32],
) -> RowCandidates<W> {
    let (prefs, taken, mut left_out_max) = rw.ranked_prefs(scores, k);
    let need = (k - taken) as u32;
    // `hist[s + 1]` counts score `s`; slot 0 the ineligible (no branch per mentor).
    let slot = |s: &S| (s.val().max(-1) + 1) as usize;
    let w = hist.len();
    if w * 8 <= scores.len() {
        // Four interleaved counts: repeated scores do not wait on each other.
        let mut h4 = vec![0u32; 4 * w];
        let mut quads = scores.chunks_exact(4);
        for q in &mut quads {
            h4[slot(&q[0])] += 1;
            h4[w + slot(&q[1])] += 1;
            h4[2 * w + slot(&q[2])] += 1;
            h4[3 * w + slot(&q[3])] += 1;
        }
        for s in quads.remainder() {
            h4[slot(s)] += 1;
        }
        for (b, h) in hist.iter_mut().enumerate() {
            *h += h4[b] + h4[w + b] + h4[2 * w + b] + h4[3 * w + b];
        }
    } else {
        for s in scores {
            hist[slot(s)] += 1;
        }
    }
    for &(_, j) in &prefs {
        hist[scores[j as usize].val() as usize + 1] -= 1;
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
    let mut take = |j: usize, s: i32| {
        // Rarely true: only the row's best scores reach the cut.
        if s >= cut_score && (s > cut_score || at_cut > 0) && !rw.is_pref(j as u32) {
            if s == cut_score {
                at_cut -= 1;
            }
            arcs.push((j as u32, rw.base + W::from_i32(s)));
        }
    };
    match S::bytes(scores) {
        // `s >= cut` is `key8(s) > cut` (a cut is at most 100).
        Some(bytes) => each_above(bytes, cut as u8, |j| take(j, i32::from(bytes[j]))),
        None => {
            for (j, s) in scores.iter().enumerate() {
                take(j, s.val());
            }
        }
    }
    if hist.len() <= scores.len() {
        hist.fill(0);
    } else {
        for &s in scores {
            hist[(s.val().max(-1) + 1) as usize] = 0;
        }
    }
    arcs.sort_unstable_by_key(|a| a.0);
    RowCandidates { arcs, left_out_max }
}

/// `top_k` for a row of score bytes from only its pairs scoring at least
/// `floor` (found a block of bytes at a time), or `None` when they are not
/// more than the row needs (the cut-off may then lie below the floor, and
/// `top_k` counts the whole row). The same arcs and bound as `top_k`: the
/// pairs come in mentor order, the cut-off is the highest score with enough
/// pairs at or above it, and since more pairs than needed score at least
/// `floor`, the best one left out does too.
fn top_k_bytes<W: Weight>(
    bytes: &[u8],
    rw: &RowWeights<W>,
    k: usize,
    hits: &mut Vec<(u32, u8)>,
    floor: u8,
) -> Option<RowCandidates<W>> {
    let (prefs, taken, mut left_out_max) = rw.ranked_prefs(bytes, k);
    let need = k - taken;
    hits.clear();
    // `key8(s) > floor` is `s >= floor` for a score (never for the ineligible).
    each_above(bytes, floor, |j| {
        if !rw.is_pref(j as u32) {
            hits.push((j as u32, bytes[j]));
        }
    });
    if hits.len() <= need {
        return None;
    }
    let mut per_score = [0u32; 256];
    for &(_, s) in hits.iter() {
        per_score[s as usize] += 1;
    }
    // The cut-off: every score above `cut` is taken, and `at_cut` at `cut`.
    let (mut cut, mut at_cut, mut above) = (usize::from(floor), 0u32, 0u32);
    for s in (usize::from(floor)..=255).rev() {
        if above + per_score[s] >= need as u32 {
            (cut, at_cut) = (s, need as u32 - above);
            break;
        }
        above += per_score[s];
    }
    let left = if per_score[cut] > at_cut {
        cut
    } else {
        (usize::from(floor)..cut)
            .rev()
            .find(|&s| per_score[s] > 0)
            .expect("more pairs than needed are at or above the floor")
    };
    left_out_max = left_out_max.max(Some(rw.base + W::from_i32(left as i32)));
    let mut arcs: Vec<(u32, W)> = Vec::with_capacity(k);
    arcs.extend(prefs[..taken].iter().map(|&(w, j)| (j, w)));
    for &(j, s) in hits.iter() {
        let s = usize::from(s);
        if s > cut || (s == cut && at_cut > 0) {
            if s == cut {
                at_cut -= 1;
            }
            arcs.push((j, rw.base + W::from_i32(s as i32)));
        }
    }
    arcs.sort_unstable_by_key(|a| a.0);
    Some(RowCandidates { arcs, left_out_max })
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
    let mut memo = PriceMemo::default();
    let (sol, arcs) = loop {
        rounds += 1;
        // Warm start from the previous round: its potentials stay feasible on
        // the old arcs, and only rows with a violating new arc search again.
        let warm = previous
            .take()
            .and_then(|prev| warm(&rows, &free.capacity, prev));
        let graph_arcs;
        let sol = match warm {
            Some((sol, arcs)) => {
                graph_arcs = arcs;
                sol
            }
            None => {
                let graph = build_graph(&rows, &free.capacity, 0..rows.len());
                graph_arcs = graph.col.len();
                cold(&graph, free.rows.len()).unwrap_or_else(|| {
                    ssp::solve(&graph, ssp::Start::empty(&graph))
                        .expect("an empty start leaves no mentor short")
                })
            }
        };
        let violations = price(compat, free, &mut rows, &sol, k, margin, &mut memo);
        if violations == 0 {
            break (sol, graph_arcs);
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
        // When every optimum matches every row, the auction works on the
        // weights' spread, without the "matched" tier (see `saturate`).
        let must_match = saturate::everyone_matched(graph);
        if let Some(sol) = scaling::solve(graph, must_match) {
            return Some(sol);
        }
    }
    ssp::solve(graph, start)
}

/// The zero-increment auction's start is kept when at most 1/this of the rows are left.
const ZERO_AUCTION_LEFT_MAX: usize = 16;

/// A warm round: the previous round's solution on the grown candidate lists,
/// with the graph's rows ordered by the mentor they held (rows without one
/// last), so that the rows a search reaches through one mentor lie side by
/// side in memory. The solution comes back in the rows' own order, with the
/// graph's arc count; `None` if the warm start fails.
fn warm<W: Weight>(
    rows: &[RowCandidates<W>],
    capacity: &[u32],
    prev: ssp::Solution<W>,
) -> Option<(ssp::Solution<W>, usize)> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by_key(|&r| prev.row_col[r as usize]);
    let graph = build_graph(rows, capacity, order.iter().map(|&r| r as usize));
    let start = ssp::Start {
        row_col: order.iter().map(|&r| prev.row_col[r as usize]).collect(),
        p: prev.p,
    };
    let sol = ssp::solve(&graph, start)?;
    let mut row_col = vec![NONE; rows.len()];
    let mut u = vec![W::ZERO; rows.len()];
    for (k, &r) in order.iter().enumerate() {
        row_col[r as usize] = sol.row_col[k];
        u[r as usize] = sol.u[k];
    }
    Some((
        ssp::Solution {
            row_col,
            u,
            p: sol.p,
        },
        graph.col.len(),
    ))
}

/// The candidate graph, its rows in `order`, copied on all cores (some
/// hundred megabytes on 100,000 × 20,000, once per pricing round).
fn build_graph<W: Weight>(
    rows: &[RowCandidates<W>],
    capacity: &[u32],
    order: impl Iterator<Item = usize>,
) -> Graph<W> {
    let order: Vec<usize> = order.collect();
    let mut row_start = Vec::with_capacity(order.len() + 1);
    row_start.push(0);
    for &r in &order {
        row_start.push(row_start.last().copied().unwrap_or(0) + rows[r].arcs.len());
    }
    let total = row_start.last().copied().unwrap_or(0);
    let mut col = vec![0u32; total];
    let mut w = vec![W::ZERO; total];
    // Runs of rows with about the same number of arcs, each copied apart.
    let per_run = total.div_ceil(64).max(1 << 16);
    let mut runs = Vec::new();
    let (mut col_rest, mut w_rest) = (col.as_mut_slice(), w.as_mut_slice());
    let mut first = 0;
    while first < order.len() {
        let mut last = first;
        while last < order.len() && row_start[last] - row_start[first] < per_run {
            last += 1;
        }
        let len = row_start[last] - row_start[first];
        let (c, cr) = std::mem::take(&mut col_rest).split_at_mut(len);
        let (x, xr) = std::mem::take(&mut w_rest).split_at_mut(len);
        (col_rest, w_rest) = (cr, xr);
        runs.push((&order[first..last], c, x));
        first = last;
    }
    runs.into_par_iter().for_each(|(run, c, x)| {
        let mut at = 0;
        for &r in run {
            for &(j, wt) in &rows[r].arcs {
                c[at] = j;
                x[at] = wt;
                at += 1;
            }
        }
    });
    Graph {
        row_start,
        col,
        w,
        capacity: capacity.to_vec(),
    }
}

/// Thresholds within this use `scan_quick` on prices capped at `2 × QUICK_BOUND`
/// (exact: scores are at most 10,000, so a capped price is beyond reach).
const QUICK_BOUND: i128 = 1 << 29;

/// What `scan_quick` finds in a row's open pairs (eligible, not kept).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Quick {
    /// Pairs with `score - p[j] > t`.
    hits: u32,
    /// The best score of the other open pairs, or -1.
    far: i32,
    /// The best `score - p[j]` of all open pairs, or `i32::MIN` if none.
    gain: i32,
}

/// `scan_quick`'s findings over open pairs, in `i32`, without branches.
fn scan_quick<S: RowScore>(scores: &[S], kept: &[bool], p: &[i32], t: i32) -> Quick {
    #[cfg(target_arch = "x86_64")]
    {
        if above::supported() {
            // SAFETY: the CPU has the features the function is compiled for.
            return unsafe { scan_quick_avx512(scores, kept, p, t) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has the feature the function is compiled for.
            return unsafe { scan_quick_avx2(scores, kept, p, t) };
        }
    }
    scan_quick_generic(scores, kept, p, t)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn scan_quick_avx512<S: RowScore>(scores: &[S], kept: &[bool], p: &[i32], t: i32) -> Quick {
    scan_quick_generic(scores, kept, p, t)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn scan_quick_avx2<S: RowScore>(scores: &[S], kept: &[bool], p: &[i32], t: i32) -> Quick {
    scan_quick_generic(scores, kept, p, t)
}

#[inline(always)]
fn scan_quick_generic<S: RowScore>(scores: &[S], kept: &[bool], p: &[i32], t: i32) -> Quick {
    let (mut hits, mut far, mut gain) = (0u32, -1i32, i32::MIN);
    for ((s, &k), &p) in scores.iter().zip(kept).zip(p) {
        let s = s.val();
        let open = (s >= 0) & !k;
        let hit = open & (s - p > t);
        hits += u32::from(hit);
        far = far.max(if open & !hit { s } else { -1 });
        gain = gain.max(if open { s - p } else { i32::MIN });
    }
    Quick { hits, far, gain }
}

/// Prices above this are capped in `scan`'s fast comparison.
const SMALL_PRICE: i64 = 1 << 62;

/// Calls `hit(j, score)` for every open pair (eligible, not `kept`) with
/// `score - p[j] > threshold`; returns the best score among the other open
/// pairs (`-1` if none). `hit` may raise the threshold (a gain
/// `score - p[j]` that from then on must be beaten). When the threshold is small the comparison runs in
/// `i64` on prices capped at `SMALL_PRICE` (exact: a capped price is already
/// beyond reach of any score), else in the weight's width.
fn scan<W: Weight, S: RowScore>(
    scores: &[S],
    kept: &[bool],
    p: &[W],
    small_p: &[i64],
    small_p32: &[i32],
    threshold: W,
    hit: &mut impl FnMut(usize, i32) -> Option<W>,
) -> i32 {
    let mut far_score = -1;
    let t = threshold.to_i128();
    let bound = i128::from(SMALL_PRICE / 4);
    if (-QUICK_BOUND..QUICK_BOUND).contains(&t) {
        // Most rows have nothing to add: one branch-free pass says so.
        let quick = scan_quick(scores, kept, small_p32, t as i32);
        if quick.hits == 0 {
            return quick.far;
        }
        // A byte row on vectors: the pairs that beat the threshold as it
        // stands (a capped price is beyond reach, as in `scan_quick`),
        // each then looked at as the loop below would, against the
        // threshold as it has risen.
        if let Some(bytes) = S::bytes(scores) {
            let mut t = t as i64;
            let mut far_hits = -1;
            let far = above::each_open_above(bytes, kept, small_p32, t as i32, |j| {
                let s = i32::from(bytes[j]);
                if i64::from(s) - small_p[j] > t {
                    if let Some(raised) = hit(j, s) {
                        t =
                            t.max(
                                raised.to_i128().clamp(i128::from(t), i128::from(i64::MAX)) as i64
                            );
                    }
                } else {
                    far_hits = far_hits.max(s);
                }
            });
            if let Some(far) = far {
                return far.max(far_hits);
            }
        }
    }
    if (-bound..bound).contains(&t) {
        let mut t = t as i64;
        for (j, ((s, &kept), &p)) in scores.iter().zip(kept).zip(small_p).enumerate() {
            let s = s.val();
            let open = (s >= 0) & !kept;
            if open & (i64::from(s) - p > t) {
                if let Some(raised) = hit(j, s) {
                    t = t.max(raised.to_i128().clamp(i128::from(t), i128::from(i64::MAX)) as i64);
                }
            } else {
                far_score = far_score.max(if open { s } else { -1 });
            }
        }
    } else {
        for (j, ((s, &kept), &p)) in scores.iter().zip(kept).zip(p).enumerate() {
            let s = s.val();
            let open = (s >= 0) & !kept;
            if open & (W::from_i32(s) - p > threshold) {
                hit(j, s);
            } else {
                far_score = far_score.max(if open { s } else { -1 });
            }
        }
    }
    far_score
}

/// Rows a pricing pass skipped by its memo (tests check the path is taken).
#[cfg(test)]
static MEMO_SKIPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What a pricing pass leaves for the next one: per row, a bound on the best
/// gain `w(i, j) - base - p[j]` of its open pairs (the score, plus the bonus
/// of a preference left out; prices capped as `scan_quick` has them) when
/// none beat the row's potential, and the capped prices it holds for. A later pass skips the row's scan while the bound, raised by the
/// largest fall of any price since, stays within the row's potential: the
/// warm rounds move a few rows, and most rows' pairs need no second look.
#[derive(Default)]
struct PriceMemo {
    p32: Vec<i32>,
    gain: Vec<Option<i32>>,
}

impl PriceMemo {
    /// How much any open pair's gain can have risen since the memo's pass
    /// (`None` without a memo for these columns).
    fn rise(&self, p32: &[i32]) -> Option<i64> {
        (self.p32.len() == p32.len()).then(|| {
            self.p32
                .iter()
                .zip(p32)
                .map(|(&was, &now)| (i64::from(was) - i64::from(now)).max(0))
                .max()
                .unwrap_or(0)
        })
    }
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
    memo: &mut PriceMemo,
) -> usize {
    let m = compat.n_mentors();
    // Prices capped for the fast comparison in `scan`.
    let small_p: Vec<i64> = sol
        .p
        .iter()
        .map(|&p| p.to_i128().clamp(0, i128::from(SMALL_PRICE)) as i64)
        .collect();
    let small_p32: Vec<i32> = small_p.iter().map(|&p| p.min(2 << 29) as i32).collect();
    let rise = memo.rise(&small_p32);
    let remembered = |r: usize| Some(i64::from(memo.gain.get(r).copied()??) + rise?);
    // Per row: violations, the arcs to add with the new left-out bound, and
    // the memo's gain bound.
    type Added<W> = Option<(Vec<(u32, W)>, Option<W>)>;
    let priced: Vec<(usize, Added<W>, Option<i32>)> = rows
        .par_iter()
        .enumerate()
        .map_init(
            || {
                let buf8: Vec<u8> = Vec::new();
                (
                    Vec::new(),
                    buf8,
                    Scratch::default(),
                    vec![false; m],
                    Vec::new(),
                )
            },
            |(buf, buf8, scratch, kept, near), (r, row)| {
                let Some(bound) = row.left_out_max else {
                    return (0, None, None);
                };
                let ur = sol.u[r];
                if bound <= ur {
                    // p >= 0, so nothing left out can violate: not worth
                    // rescoring the row (near misses wait for a violation).
                    return (0, None, None);
                }
                let i = free.rows[r] as usize;
                let rw = RowWeights::<W>::new(compat, &free.tiers, i);
                // Only a row with a violating pair gains arcs. Kept arcs never
                // violate (the solver keeps them dually feasible), so one
                // branch-free pass over the whole row finds out, plus an
                // exact look at the preferences left out.
                let t_violate = ur - rw.base;
                let t = t_violate.to_i128();
                let quick = (-QUICK_BOUND..QUICK_BOUND).contains(&t);
                // The memo's bound, if it still holds: no open pair's gain
                // can beat `t`.
                if let Some(g) = remembered(r).filter(|&g| quick && i128::from(g) <= t) {
                    // The memo's bound still holds: no open pair (a
                    // preference left out included) can beat `t`, and the
                    // row need not be read (nor scored, if not cached).
                    #[cfg(test)]
                    MEMO_SKIPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return (0, None, Some(g as i32));
                }
                let cached = free.cached_row(compat, i, buf8);
                if cached.is_none() {
                    free.scores(compat, i, buf, scratch);
                }
                for &(j, _) in &row.arcs {
                    kept[j as usize] = true;
                }
                let (hits, gain) = if quick {
                    let found = match cached {
                        Some(row) => scan_quick(row, kept, &small_p32, t as i32),
                        None => scan_quick(buf.as_slice(), kept, &small_p32, t as i32),
                    };
                    (found.hits > 0, Some(found.gain))
                } else {
                    let beats = |(s, &p): (i32, &W)| s >= 0 && W::from_i32(s) - p > t_violate;
                    let hits = match cached {
                        Some(row) => row.iter().map(|s| s.val()).zip(&sol.p).any(beats),
                        None => buf.iter().copied().zip(&sol.p).any(beats),
                    };
                    (hits, None)
                };
                let score = |j: u32| match cached {
                    Some(row) => row[j as usize].val(),
                    None => buf[j as usize],
                };
                // The preferences left out, with their bonus: exactly priced.
                let left_out = rw.prefs.iter().filter(|&&(j, _)| {
                    j != NONE
                        && score(j) >= 0
                        && row.arcs.binary_search_by_key(&j, |a| a.0).is_err()
                });
                let pref_violates = left_out
                    .clone()
                    .any(|&(j, _)| rw.weight(j, score(j)) - sol.p[j as usize] > ur);
                if !hits && !pref_violates {
                    for &(j, _) in &row.arcs {
                        kept[j as usize] = false;
                    }
                    // The memo's bound covers the preferences left out too
                    // (their gain over `base` at the capped price).
                    let gain = gain.map(|g| {
                        left_out
                            .map(|&(j, _)| {
                                let w = rw.weight(j, score(j)) - rw.base;
                                let gain = w.to_i128() - i128::from(small_p32[j as usize]);
                                gain.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i32
                            })
                            .fold(g, i32::max)
                    });
                    return (0, None, gain);
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
                // Keeps the `k` best of `near` (by gain, then lower mentor);
                // the others' largest weight joins the left-out bound.
                let keep_best = |near: &mut Vec<(W, u32, W)>, far: &mut Option<W>| {
                    if near.len() > k {
                        near.select_nth_unstable_by(k, |a: &(W, u32, W), b| {
                            b.0.cmp(&a.0).then(a.1.cmp(&b.1))
                        });
                        let rest = near[k..].iter().map(|a| a.2).max();
                        *far = (*far).max(rest);
                        near.truncate(k);
                    }
                };
                let mut consider = |j: usize, w: W, far: &mut Option<W>| {
                    let gain = w - sol.p[j];
                    if gain + margin > ur {
                        violations += usize::from(gain > ur);
                        near.push((gain, j as u32, w));
                        if near.len() >= 4 * k + 64 {
                            // Only pairs that beat the k-th best can still be
                            // added; a later one with the same gain has a
                            // higher id and loses the tie.
                            keep_best(near, far);
                            let kth = near.iter().map(|a| a.0).min().expect("k >= 1");
                            return Some(kth);
                        }
                    } else if far.is_none_or(|f| w > f) {
                        *far = Some(w);
                    }
                    None
                };
                // Near: `base + s - p + margin > u`.
                let threshold = ur - rw.base - margin;
                let mut hit = |j: usize, s: i32| {
                    consider(j, rw.base + W::from_i32(s), &mut far).map(|kth| kth - rw.base)
                };
                let far_score = match cached {
                    Some(row) => scan(row, kept, &sol.p, &small_p, &small_p32, threshold, &mut hit),
                    None => scan(
                        buf.as_slice(),
                        kept,
                        &sol.p,
                        &small_p,
                        &small_p32,
                        threshold,
                        &mut hit,
                    ),
                };
                if far_score >= 0 {
                    far = far.max(Some(rw.base + W::from_i32(far_score)));
                }
                for &j in &left_out_prefs {
                    kept[j as usize] = false;
                    let s = match cached {
                        Some(row) => row[j as usize].val(),
                        None => buf[j as usize],
                    };
                    if s >= 0 {
                        consider(j as usize, rw.weight(j, s), &mut far);
                    }
                }
                for &(j, _) in &row.arcs {
                    kept[j as usize] = false;
                }
                if near.is_empty() {
                    return (0, None, None);
                }
                keep_best(near, &mut far);
                let add = near.iter().map(|&(_, j, w)| (j, w)).collect();
                (violations, Some((add, far)), None)
            },
        )
        .collect();
    let violations = priced.iter().map(|p| p.0).sum();
    memo.gain = priced.iter().map(|p| p.2).collect();
    memo.p32 = small_p32;
    if violations > 0 {
        for (row, (_, added, _)) in rows.iter_mut().zip(priced) {
            if let Some((arcs, bound)) = added {
                row.arcs.extend(arcs);
                row.arcs.sort_unstable_by_key(|a| a.0);
                row.left_out_max = bound;
            }
        }
    }
    violations
}

/// A graph for tests: `n` rows over the mentors of `capacity`, each arc
/// present with probability `density` and weighted by `weight`, drawn row
/// by row, mentor by mentor.
#[cfg(test)]
pub(crate) fn random_arcs<R: rand::Rng>(
    rng: &mut R,
    n: usize,
    capacity: Vec<u32>,
    density: f64,
    mut weight: impl FnMut(&mut R) -> i64,
) -> Graph<i64> {
    let m = capacity.len() as u32;
    let mut g = Graph {
        row_start: vec![0],
        col: Vec::new(),
        w: Vec::new(),
        capacity,
    };
    for _ in 0..n {
        for j in 0..m {
            if rng.gen_bool(density) {
                g.col.push(j);
                g.w.push(weight(rng));
            }
        }
        g.row_start.push(g.col.len());
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A row's candidates from the score cache's bytes (block tests) are
    /// those of the same row in `i32` (one comparison per mentor).
    #[test]
    fn byte_rows_give_the_same_candidates_as_i32_rows() {
        let mut fast_paths = 0;
        for seed in 0..300u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            // Rows of 816 mentors and more take the interleaved count.
            let m = if seed % 3 == 0 {
                rng.gen_range(816..3000)
            } else {
                rng.gen_range(1..200)
            };
            let (bytes, ints) = random_row(&mut rng, m);
            let mut pref = || {
                if rng.gen_bool(0.5) {
                    (rng.gen_range(0..m) as u32, 1_000_000i64)
                } else {
                    (NONE, 0)
                }
            };
            let mut prefs = [pref(), pref()];
            if prefs[0].0 == prefs[1].0 {
                prefs[1] = (NONE, 0); // a mentor is one choice at most
            }
            let rw = RowWeights {
                base: 1i64 << 40,
                prefs,
            };
            let k = rng.gen_range(1..70);
            let mut hist = vec![0u32; 102];
            let a = top_k(&bytes, &rw, k, &mut hist);
            let b = top_k(&ints, &rw, k, &mut hist);
            assert_eq!(a.arcs, b.arcs, "seed {seed}");
            assert_eq!(a.left_out_max, b.left_out_max, "seed {seed}");
            // From the pairs above a floor, whatever the floor, when enough are.
            let mut hits = Vec::new();
            let mut fast = 0;
            for floor in [0u8, 1, 30, 60, 90, 99, 100, 101] {
                if let Some(c) = top_k_bytes(&bytes, &rw, k, &mut hits, floor) {
                    fast += 1;
                    assert_eq!(c.arcs, b.arcs, "seed {seed}, floor {floor}");
                    assert_eq!(c.left_out_max, b.left_out_max, "seed {seed}, floor {floor}");
                }
                // A floor lowered where pairs are counted on vectors is low
                // enough for the floor path, unless it had to go down to 0.
                let lowered = lower_floor(&bytes, floor, k);
                assert!(lowered <= floor);
                match top_k_bytes(&bytes, &rw, k, &mut hits, lowered) {
                    Some(c) => {
                        assert_eq!(c.arcs, b.arcs, "seed {seed}, floor {lowered}");
                        assert_eq!(c.left_out_max, b.left_out_max);
                    }
                    None => assert!(
                        lowered == 0 || (lowered == floor && !above::supported()),
                        "seed {seed}: floor {floor} lowered to {lowered} is not low enough"
                    ),
                }
            }
            fast_paths += fast;
            assert!(hist.iter().all(|&h| h == 0), "seed {seed}: hist left dirty");
        }
        assert!(fast_paths > 600, "{fast_paths} rows took the floor path");
    }

    /// A row of `m` scores 0–100, a fifth of them unscored, as bytes and as `i32`s.
    fn random_row(rng: &mut ChaCha8Rng, m: usize) -> (Vec<u8>, Vec<i32>) {
        let bytes: Vec<u8> = (0..m)
            .map(|_| {
                if rng.gen_bool(0.2) {
                    UNSCORED
                } else {
                    rng.gen_range(0..=100)
                }
            })
            .collect();
        let ints = bytes.iter().map(|&s| s.val()).collect();
        (bytes, ints)
    }

    /// `scan` on byte rows (on vectors where the CPU has them) calls `hit`
    /// for the same pairs in the same order, and finds the same best score
    /// of the others, as on `i32` rows (the plain loop), while `hit` raises
    /// the threshold now and then, as pricing's partial selection does.
    #[test]
    fn byte_rows_scan_as_i32_rows_do() {
        fn run<S: RowScore>(
            scores: &[S],
            kept: &[bool],
            small_p: &[i64],
            t: i64,
        ) -> (Vec<(usize, i32)>, i32) {
            let small_p32: Vec<i32> = small_p.iter().map(|&p| p.min(2 << 29) as i32).collect();
            let mut hits = Vec::new();
            let mut hit = |j: usize, s: i32| {
                hits.push((j, s));
                // Raise the threshold to this gain every third hit.
                (hits.len() % 3 == 0).then(|| i64::from(s) - small_p[j])
            };
            let far = scan(scores, kept, small_p, small_p, &small_p32, t, &mut hit);
            (hits, far)
        }
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut raised = 0;
        for case in 0..2000 {
            let m = rng.gen_range(1..300);
            let (bytes, ints) = random_row(&mut rng, m);
            let kept: Vec<bool> = (0..m).map(|_| rng.gen_bool(0.1)).collect();
            let small_p: Vec<i64> = (0..m)
                .map(|_| {
                    if rng.gen_bool(0.05) {
                        SMALL_PRICE
                    } else {
                        rng.gen_range(0..60)
                    }
                })
                .collect();
            let t = rng.gen_range(-20..80);
            let a = run(&bytes, &kept, &small_p, t);
            let b = run(&ints, &kept, &small_p, t);
            assert_eq!(a, b, "case {case}");
            raised += usize::from(a.0.len() >= 3);
        }
        assert!(raised > 200, "{raised} rows raised their threshold");
    }

    /// A pricing pass that skips the rows its memo clears counts the same
    /// violations and adds the same arcs as one that scans every row, round
    /// after round (warm rounds, as the solver runs them).
    #[test]
    fn remembered_rows_price_as_full_scans_do() {
        use std::sync::atomic::Ordering::Relaxed;
        let skips_before = MEMO_SKIPS.load(Relaxed);
        let mut rounds = 0;
        for seed in 0..4u64 {
            // A third of the mentees name two mentors: with one arc per row
            // the second choice is often left out, and the memo's bound must
            // cover it with its bonus.
            let mut v = crate::score::tests::instance_json(seed, 500, 400);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let preferences: Vec<serde_json::Value> = (0..500)
                .filter(|i| i % 3 == 0)
                .flat_map(|i| {
                    let first = rng.gen_range(0..400);
                    let second = (first + rng.gen_range(1..400)) % 400;
                    [(first, 1), (second, 2)].map(|(j, rank)| {
                        serde_json::json!({"mentee": format!("e{i:05}"),
                                           "mentor": format!("m{j:05}"), "rank": rank})
                    })
                })
                .collect();
            v["preferences"] = preferences.into();
            // Room for everyone, as on the large instances: potentials then
            // stay near the matched tier, where the quick scan applies.
            for mentor in v["mentors"].as_array_mut().expect("mentors") {
                mentor["capacity"] = 2.into();
            }
            let inst =
                crate::Instance::from_json(v.to_string().as_bytes()).expect("a valid instance");
            let compat = Compat::new(&inst).cached();
            assert!(compat.cached_row(0).is_some());
            let free = Free::new(&compat);
            let (k, margin) = (1, compat.max_score() + 1);
            let mut rows = generate::<i64>(&compat, &free, k);
            let mut memo = PriceMemo::default();
            let mut prev = None;
            loop {
                rounds += 1;
                let sol = match prev.take().and_then(|p| warm(&rows, &free.capacity, p)) {
                    Some((sol, _)) => sol,
                    None => {
                        let g = build_graph(&rows, &free.capacity, 0..rows.len());
                        cold(&g, free.rows.len()).unwrap_or_else(|| {
                            ssp::solve(&g, ssp::Start::empty(&g)).expect("a cold start solves")
                        })
                    }
                };
                let mut scanned = rows.clone();
                let fresh = &mut PriceMemo::default();
                let full = price(&compat, &free, &mut scanned, &sol, k, margin, fresh);
                let remembered = price(&compat, &free, &mut rows, &sol, k, margin, &mut memo);
                assert_eq!(full, remembered, "seed {seed}");
                for (a, b) in rows.iter().zip(&scanned) {
                    assert_eq!(a.arcs, b.arcs, "seed {seed}");
                    assert_eq!(a.left_out_max, b.left_out_max, "seed {seed}");
                }
                if remembered == 0 {
                    break;
                }
                prev = Some(sol);
            }
        }
        assert!(rounds > 8, "{rounds} rounds");
        let skips = MEMO_SKIPS.load(Relaxed) - skips_before;
        assert!(skips > 0, "no row was skipped ({rounds} rounds)");
    }

    /// The memo's bound covers a preference left out with its bonus: a
    /// second choice that does not beat the row's potential in one pass
    /// does in the next, after the potential falls, though its score alone
    /// never would.
    #[test]
    fn a_remembered_row_still_prices_its_preference_left_out() {
        let v = serde_json::json!({
            "mentors": [{"id": "m0", "capacity": 1}, {"id": "m1", "capacity": 1}],
            "mentees": [{"id": "e0"}],
            "score_matrix": [[50, 40]],
            "preferences": [{"mentee": "e0", "mentor": "m0", "rank": 1},
                            {"mentee": "e0", "mentor": "m1", "rank": 2}]
        });
        let inst = crate::Instance::from_json(v.to_string().as_bytes()).expect("valid");
        let compat = Compat::new(&inst).cached();
        let free = Free::new(&compat);
        let (k, margin) = (1, compat.max_score() + 1);
        let tiers = free.tiers;
        let (base, first, second) = (
            tiers.matched as i64,
            tiers.first as i64,
            tiers.second as i64,
        );
        // The first choice kept, the second left out.
        let rows = vec![RowCandidates {
            arcs: vec![(0, base + first + 50)],
            left_out_max: Some(base + second + 40),
        }];
        // m1 at `second + 5`: its gain over `base` is 35, its score's -second - 5.
        let p = vec![first, second + 5];
        let at = |t: i64| ssp::Solution {
            row_col: vec![0],
            u: vec![base + t],
            p: p.clone(),
        };
        let mut memo = PriceMemo::default();
        let mut kept = rows.clone();
        assert_eq!(
            price(&compat, &free, &mut kept, &at(50), k, margin, &mut memo),
            0
        );
        assert_eq!(memo.gain, vec![Some(35)]);
        // Potential 30: the second choice (35) now beats it.
        let mut remembered = rows.clone();
        let got = price(
            &compat,
            &free,
            &mut remembered,
            &at(30),
            k,
            margin,
            &mut memo,
        );
        let mut scanned = rows.clone();
        let fresh = &mut PriceMemo::default();
        let want = price(&compat, &free, &mut scanned, &at(30), k, margin, fresh);
        assert_eq!((got, want), (1, 1));
        assert_eq!(remembered[0].arcs, scanned[0].arcs);
    }

    #[test]
    fn graphs_are_built_in_any_row_order() {
        // Enough arcs for several runs copied apart.
        let mut rng = ChaCha8Rng::seed_from_u64(21);
        let rows: Vec<RowCandidates<i64>> = (0..3000)
            .map(|_| RowCandidates {
                arcs: (0..rng.gen_range(0..200))
                    .map(|_| (rng.gen_range(0..5000), rng.gen_range(0..1_000_000)))
                    .collect(),
                left_out_max: None,
            })
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut rng);
        let g = build_graph(&rows, &[3, 1], order.iter().copied());
        assert!(g.col.len() > 3 << 16, "{} arcs", g.col.len());
        assert_eq!(g.row_start.len(), rows.len() + 1);
        for (k, &r) in order.iter().enumerate() {
            let arcs: Vec<(u32, i64)> = (g.row_start[k]..g.row_start[k + 1])
                .map(|a| (g.col[a], g.w[a]))
                .collect();
            assert_eq!(arcs, rows[r].arcs, "row {r} at {k}");
        }
        assert_eq!(g.capacity, [3, 1]);
    }

    #[test]
    fn score_bytes_order_like_scores() {
        for t in -1..=101 {
            for s in (0..=100u8).chain([UNSCORED]) {
                assert_eq!(key8(s) > bound8(t), s.val() > t, "s {s}, t {t}");
            }
            for s in (0..=100u8).chain([UNSCORED]) {
                assert!(key8(s) <= bound8(i32::MAX), "s {s}");
            }
        }
    }
}
