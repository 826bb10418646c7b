//! Exact maximum-weight b-matching on a sparse bipartite graph by shortest
//! augmenting paths, many per phase (the Hungarian method with mentor
//! capacities on the mentor side, so no column is repeated).
//!
//! Invariants, which make the final potentials an optimality certificate:
//! * `u[i] + p[j] >= w(i, j)` on every arc, with equality on matched arcs;
//! * `u[i] >= 0`, and `u[i] == 0` when mentee `i` is unmatched;
//! * `p[j] >= 0`, and `p[j] > 0` only when mentor `j` is full.
//!
//! Leaving a mentee unmatched is an arc of weight 0 to a "nobody" column of
//! unlimited capacity, so each search ends either at a mentor with a free
//! place or by letting somebody (perhaps the searching row) go unmatched.
//!
//! Each phase runs one Dijkstra from *all* unmatched rows at once (on reduced
//! costs, stopped at the nearest sink distance `D`), shifts the potentials so
//! every shortest path becomes tight, then augments along a maximal set of
//! disjoint tight paths by depth-first search (Hopcroft–Karp style). A phase
//! costs about one single-row search but settles many rows. One greedy pass
//! of searches blocks itself, and its augmentations open new tight paths, so
//! while a pass settles rows another pass runs on the same potentials before
//! the next Dijkstra (on 100,000 × 20,000, the second pricing round's late
//! phases each settle some 15,000 columns at distance 0 to find the sinks at
//! distance 1: 108 phases instead of 301). What a failed search proves dead
//! (no tight path from it reaches a sink) stays dead while the potentials
//! stay, so the later passes of the phase skip it (see `augment`). The sources'
//! arcs are not rescanned each phase: every column keeps its smallest reduced
//! cost from a searching row, which shifts uniformly with the potentials and
//! is recomputed (from the column's incoming arcs) only when that row is done.
//!
//! The solver accepts any start whose matched arcs are tight and dually
//! feasible, including a previous pricing round's solution: rows whose arcs
//! are no longer dually feasible are unmatched first. A mentor that loses a
//! row but keeps a positive price is a sink until refilled; if one is left
//! over when no row is searching, `solve` gives up (`None`) and the caller
//! solves from a cold start instead.

use super::weight::Weight;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub const NONE: u32 = u32::MAX;

/// Columns marked dead by failed searches, and dead nodes skipped (tests
/// check the paths are taken).
#[cfg(test)]
static DEAD_MARKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
#[cfg(test)]
static DEAD_SKIPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A hint to load the cache line at `p` (no effect elsewhere than x86-64).
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Candidate arcs in compressed rows: mentee `i`'s arcs are `row_start[i]..row_start[i+1]`.
#[derive(Debug, Clone)]
pub struct Graph<W> {
    pub row_start: Vec<usize>,
    pub col: Vec<u32>,
    pub w: Vec<W>,
    pub capacity: Vec<u32>,
}

#[derive(Debug, Clone)]
pub struct Solution<W> {
    /// Per mentee row: its mentor column, or `NONE`.
    pub row_col: Vec<u32>,
    pub u: Vec<W>,
    pub p: Vec<W>,
}

/// A partial assignment to start from, with mentor prices `p >= 0`.
#[derive(Debug, Clone)]
pub struct Start<W> {
    pub row_col: Vec<u32>,
    pub p: Vec<W>,
}

impl<W: Weight> Start<W> {
    /// Nobody matched, every price 0.
    pub fn empty(g: &Graph<W>) -> Start<W> {
        Start {
            row_col: vec![NONE; g.row_start.len() - 1],
            p: vec![W::ZERO; g.capacity.len()],
        }
    }
}

/// Who holds each mentor's places, in flat arrays.
pub(super) struct Matching {
    pub(super) row_col: Vec<u32>,
    /// Row's index in `slots`.
    pos: Vec<u32>,
    slot_start: Vec<usize>,
    load: Vec<u32>,
    slots: Vec<u32>,
}

impl Matching {
    pub(super) fn new(n: usize, capacity: &[u32]) -> Matching {
        let mut slot_start = Vec::with_capacity(capacity.len() + 1);
        let mut total = 0usize;
        slot_start.push(0);
        for &c in capacity {
            total += (c as usize).min(n);
            slot_start.push(total);
        }
        Matching {
            row_col: vec![NONE; n],
            pos: vec![0; n],
            slot_start,
            load: vec![0; capacity.len()],
            slots: vec![NONE; total],
        }
    }

    #[inline]
    pub(super) fn rows(&self, c: usize) -> &[u32] {
        let s = self.slot_start[c];
        &self.slots[s..s + self.load[c] as usize]
    }

    #[inline]
    pub(super) fn has_room(&self, c: usize) -> bool {
        self.slot_start[c] + (self.load[c] as usize) < self.slot_start[c + 1]
    }

    pub(super) fn assign(&mut self, r: u32, c: u32) {
        debug_assert!(self.row_col[r as usize] == NONE && self.has_room(c as usize));
        let at = self.slot_start[c as usize] + self.load[c as usize] as usize;
        self.slots[at] = r;
        self.pos[r as usize] = at as u32;
        self.load[c as usize] += 1;
        self.row_col[r as usize] = c;
    }

    pub(super) fn unassign(&mut self, r: u32) {
        let c = self.row_col[r as usize] as usize;
        let at = self.pos[r as usize] as usize;
        let last = self.slot_start[c] + self.load[c] as usize - 1;
        let moved = self.slots[last];
        self.slots[at] = moved;
        self.pos[moved as usize] = at as u32;
        self.load[c] -= 1;
        self.row_col[r as usize] = NONE;
    }
}

/// Solves exactly from `start`. `None` if a mentor that lost rows kept a
/// positive price with a place left (only possible from a warm start).
pub fn solve<W: Weight>(g: &Graph<W>, start: Start<W>) -> Option<Solution<W>> {
    solve_marking(g, start, true)
}

/// `solve`, with the searches' dead ends remembered or not (tests compare).
// Index loops over rows and arcs read like the method's formulation.
#[allow(clippy::needless_range_loop)]
fn solve_marking<W: Weight>(g: &Graph<W>, start: Start<W>, dead_ends: bool) -> Option<Solution<W>> {
    let n = g.row_start.len() - 1;
    let m = g.capacity.len();
    let mut mt = Matching::new(n, &g.capacity);
    let mut u = vec![W::ZERO; n];
    let mut p = start.p;
    debug_assert!(p.len() == m && p.iter().all(|&x| x >= W::ZERO));
    let arcs = |r: usize| g.row_start[r]..g.row_start[r + 1];
    // Keep the start's rows whose arcs are all dually feasible.
    for r in 0..n {
        let c = start.row_col[r];
        if c == NONE || !mt.has_room(c as usize) {
            continue;
        }
        let Some(k) = arcs(r).find(|&k| g.col[k] == c) else {
            continue;
        };
        let ur = g.w[k] - p[c as usize];
        if ur >= W::ZERO && arcs(r).all(|k| g.w[k] - p[g.col[k] as usize] <= ur) {
            u[r] = ur;
            mt.assign(r as u32, c);
        }
    }
    let mut active: Vec<u32> = Vec::new();
    for r in 0..n {
        if mt.row_col[r] != NONE {
            continue;
        }
        let best = arcs(r)
            .map(|k| g.w[k] - p[g.col[k] as usize])
            .fold(W::ZERO, W::max);
        u[r] = best;
        if best > W::ZERO {
            active.push(r as u32);
        }
    }
    let mut ph = Phases::new(g, n, m, &active);
    ph.dead_ends = dead_ends;
    ph.run(g, &mut mt, &mut u, &mut p, active);
    if (0..m).any(|c| p[c] > W::ZERO && mt.has_room(c)) {
        return None;
    }
    Some(Solution {
        row_col: mt.row_col,
        u,
        p,
    })
}

/// Asks for the cache lines of the arcs of every row holding column `c`.
#[inline]
fn prefetch_rows<W>(g: &Graph<W>, mt: &Matching, c: usize) {
    for &i in mt.rows(c) {
        prefetch_row(g, i as usize);
    }
}

/// Asks for the cache lines of row `i`'s arcs.
#[inline]
fn prefetch_row<W>(g: &Graph<W>, i: usize) {
    let (s, e) = (g.row_start[i], g.row_start[i + 1]);
    // Every line from the first arc's to the last one's.
    let last = (e > s).then(|| e - 1);
    for k in (s..e).step_by(16).chain(last) {
        prefetch(g.col.as_ptr().wrapping_add(k));
    }
    let per_line = (64 / std::mem::size_of::<W>()).max(1);
    for k in (s..e).step_by(per_line).chain(last) {
        prefetch(g.w.as_ptr().wrapping_add(k));
    }
}

/// Moves a generation counter on (marks equal to it belong to the current
/// generation; 0 marks none); when it wraps, its marks are cleared.
fn advance<const N: usize>(counter: &mut u32, marks: [&mut Vec<u32>; N]) {
    *counter = counter.wrapping_add(1);
    if *counter == 0 {
        for m in marks {
            m.fill(0);
        }
        *counter = 1;
    }
}

/// One depth-first search frame: a row, its next arc, and the full column it
/// is trying to enter (with the next of that column's rows to displace).
#[derive(Clone, Copy)]
struct Frame {
    row: u32,
    arc: usize,
    col: u32,
    slot: u32,
}

struct Phases<W> {
    stamp: u32,
    reached: Vec<u32>,
    done: Vec<u32>,
    visited: Vec<u32>,
    row_visited: Vec<u32>,
    dist: Vec<W>,
    heap: BinaryHeap<Reverse<(W, u32)>>,
    settled_cols: Vec<u32>,
    settled_rows: Vec<(u32, W)>,
    stack: Vec<Frame>,
    /// Incoming arcs per column from the rows active at the start (arc
    /// indices into the graph, and their rows), for `best`.
    in_start: Vec<usize>,
    in_arc: Vec<u32>,
    arc_row: Vec<u32>,
    is_active: Vec<bool>,
    /// Per column: the smallest reduced cost of an arc from an active row,
    /// and that row (`NONE` if no active row has an arc to it). All active
    /// rows shift by the same amount each phase, so the argmin only changes
    /// when its row stops being active.
    best: Vec<W>,
    best_row: Vec<u32>,
    /// Columns and rows from which no tight path reaches a sink in this
    /// phase (`== phase`; see `augment`), and the phase's number.
    phase: u32,
    dead: Vec<u32>,
    dead_row: Vec<u32>,
    /// The search under way (`== search` where it visited), and what it visited.
    search: u32,
    col_search: Vec<u32>,
    row_search: Vec<u32>,
    trail: Vec<u32>,
    row_trail: Vec<u32>,
    /// Whether failed searches mark what they visited dead.
    dead_ends: bool,
}

impl<W: Weight> Phases<W> {
    /// Incoming arcs are listed for the `active` rows only: rows only ever
    /// stop being active, so `rescan` never needs another row's arcs (a
    /// warm round starts with a few active rows among many).
    fn new(g: &Graph<W>, n: usize, m: usize, active: &[u32]) -> Self {
        let mut in_start = vec![0usize; m + 1];
        for &r in active {
            for &c in &g.col[g.row_start[r as usize]..g.row_start[r as usize + 1]] {
                in_start[c as usize + 1] += 1;
            }
        }
        for c in 0..m {
            in_start[c + 1] += in_start[c];
        }
        let mut fill = in_start.clone();
        let mut in_arc = vec![0u32; in_start[m]];
        let mut arc_row = vec![0u32; in_start[m]];
        for &r in active {
            for k in g.row_start[r as usize]..g.row_start[r as usize + 1] {
                let c = g.col[k] as usize;
                in_arc[fill[c]] = k as u32;
                arc_row[fill[c]] = r;
                fill[c] += 1;
            }
        }
        let mut is_active = vec![false; n];
        for &r in active {
            is_active[r as usize] = true;
        }
        Phases {
            stamp: 0,
            reached: vec![0; m],
            done: vec![0; m],
            visited: vec![0; m],
            row_visited: vec![0; n],
            dist: vec![W::ZERO; m],
            heap: BinaryHeap::new(),
            settled_cols: Vec::new(),
            settled_rows: Vec::new(),
            stack: Vec::new(),
            in_start,
            in_arc,
            arc_row,
            is_active,
            best: vec![W::ZERO; m],
            best_row: vec![NONE; m],
            // Nothing is dead (0) in phase 1, even before the first `phase`.
            phase: 1,
            dead: vec![0; m],
            dead_row: vec![0; n],
            search: 0,
            col_search: vec![0; m],
            row_search: vec![0; n],
            trail: Vec::new(),
            row_trail: Vec::new(),
            dead_ends: true,
        }
    }

    /// A new phase: the potentials move, and nothing is known dead.
    fn next_phase(&mut self) {
        advance(&mut self.phase, [&mut self.dead, &mut self.dead_row]);
    }

    fn next_search(&mut self) {
        advance(
            &mut self.search,
            [&mut self.col_search, &mut self.row_search],
        );
        self.trail.clear();
        self.row_trail.clear();
    }

    fn next_stamp(&mut self) {
        advance(
            &mut self.stamp,
            [
                &mut self.reached,
                &mut self.done,
                &mut self.visited,
                &mut self.row_visited,
            ],
        );
    }

    /// Recomputes column `c`'s best active arc from its incoming arcs.
    fn rescan(&mut self, g: &Graph<W>, u: &[W], p: &[W], c: usize) {
        let mut best = (W::ZERO, NONE);
        let (s, e) = (self.in_start[c], self.in_start[c + 1]);
        for (&k, &r) in self.in_arc[s..e].iter().zip(&self.arc_row[s..e]) {
            if !self.is_active[r as usize] {
                continue;
            }
            let rc = u[r as usize] + p[c] - g.w[k as usize];
            if best.1 == NONE || rc < best.0 || (rc == best.0 && r < best.1) {
                best = (rc, r);
            }
        }
        (self.best[c], self.best_row[c]) = best;
    }

    /// Phases until no row is searching.
    fn run(
        &mut self,
        g: &Graph<W>,
        mt: &mut Matching,
        u: &mut [W],
        p: &mut [W],
        mut active: Vec<u32>,
    ) {
        let m = p.len();
        for c in 0..m {
            self.rescan(g, u, p, c);
        }
        let mut dirty: Vec<u32> = Vec::new();
        while !active.is_empty() {
            self.phase(g, mt, u, p, &active);
            let mut retired = self.retire(g, mt, u, p, &mut active, &mut dirty);
            // Passes of searches on the same potentials while they settle
            // rows (see the module notes).
            while retired > 0 && !active.is_empty() {
                self.pass(g, mt, u, p, &active);
                retired = self.retire(g, mt, u, p, &mut active, &mut dirty);
            }
        }
    }

    /// Drops the rows done (matched, or unmatched at potential 0) from
    /// `active`, and rescans the columns whose best arc was theirs; returns
    /// how many were dropped.
    fn retire(
        &mut self,
        g: &Graph<W>,
        mt: &Matching,
        u: &[W],
        p: &[W],
        active: &mut Vec<u32>,
        dirty: &mut Vec<u32>,
    ) -> usize {
        let before = active.len();
        dirty.clear();
        active.retain(|&r| {
            let r = r as usize;
            if mt.row_col[r] == NONE && u[r] > W::ZERO {
                return true;
            }
            self.is_active[r] = false;
            for k in g.row_start[r]..g.row_start[r + 1] {
                let c = g.col[k];
                if self.best_row[c as usize] == r as u32 {
                    self.best_row[c as usize] = NONE;
                    dirty.push(c);
                }
            }
            false
        });
        for &c in dirty.iter() {
            self.rescan(g, u, p, c as usize);
        }
        before - active.len()
    }

    #[inline]
    fn relax(&mut self, g: &Graph<W>, ui: W, p: &[W], i: usize, d: W, bound: W) {
        for k in g.row_start[i]..g.row_start[i + 1] {
            let c = g.col[k] as usize;
            if self.done[c] == self.stamp {
                continue;
            }
            let nd = d + (ui + p[c] - g.w[k]);
            if nd >= bound {
                continue;
            }
            if self.reached[c] != self.stamp || nd < self.dist[c] {
                self.reached[c] = self.stamp;
                self.dist[c] = nd;
                self.heap.push(Reverse((nd, c as u32)));
            }
        }
    }

    /// One phase: shortest distances from every active row, potential shift,
    /// then disjoint augmentations along tight paths (Hopcroft–Karp style).
    fn phase(&mut self, g: &Graph<W>, mt: &mut Matching, u: &mut [W], p: &mut [W], active: &[u32]) {
        self.next_stamp();
        self.next_phase();
        self.settled_cols.clear();
        self.settled_rows.clear();

        // Every active row may simply stay unmatched: a sink at distance u[r].
        let mut bound = active
            .iter()
            .map(|&r| u[r as usize])
            .min()
            .expect("some row is active");
        // The sources' arcs are summed up per column in `best`.
        let mut seeds = std::mem::take(&mut self.heap).into_vec();
        seeds.clear();
        for (c, (&b, &r)) in self.best.iter().zip(&self.best_row).enumerate() {
            if r != NONE && b < bound {
                self.reached[c] = self.stamp;
                self.dist[c] = b;
                seeds.push(Reverse((b, c as u32)));
            }
        }
        self.heap = BinaryHeap::from(seeds);
        while let Some(Reverse((d, c))) = self.heap.pop() {
            if d >= bound {
                break;
            }
            let c = c as usize;
            if self.done[c] == self.stamp || d != self.dist[c] {
                continue;
            }
            if mt.has_room(c) {
                bound = d;
                break;
            }
            self.done[c] = self.stamp;
            self.settled_cols.push(c as u32);
            // The rows' arcs are scattered over the graph: ask for all of
            // them before the first is read.
            prefetch_rows(g, mt, c);
            for &i in mt.rows(c) {
                let i = i as usize;
                self.settled_rows.push((i as u32, d));
                let leave = d + u[i];
                if leave < bound {
                    bound = leave;
                }
                self.relax(g, u[i], p, i, d, bound);
            }
        }
        let dd = bound;
        for &c in &self.settled_cols {
            let c = c as usize;
            p[c] += dd - self.dist[c];
        }
        for &(i, d) in &self.settled_rows {
            u[i as usize] -= dd - d;
        }
        for &r in active {
            u[r as usize] -= dd;
        }
        for c in 0..self.best.len() {
            if self.best_row[c] != NONE {
                self.best[c] -= if self.done[c] == self.stamp {
                    self.dist[c]
                } else {
                    dd
                };
            }
        }

        // Tight paths now lead from the active rows to the sinks at distance `bound`.
        self.pass(g, mt, u, p, active);
    }

    /// One pass of depth-first searches for tight augmenting paths, from
    /// every active row in turn (each node tried once per pass).
    fn pass(&mut self, g: &Graph<W>, mt: &mut Matching, u: &[W], p: &[W], active: &[u32]) {
        self.next_stamp();
        for (a, &r) in active.iter().enumerate() {
            if let Some(&next) = active.get(a + 1) {
                prefetch_row(g, next as usize);
            }
            self.augment(g, mt, u, p, r);
        }
    }

    /// Depth-first search for a tight augmenting path from the unmatched row
    /// `r`; flips it if found.
    ///
    /// A search that fails without meeting anything an earlier search of
    /// the pass visited (other than what is known dead) has explored every
    /// tight arc out of what it visited, and found no sink there: all of it
    /// is dead — no tight path from it reaches a sink. An augmentation keeps
    /// it so while the potentials stay (a new tight path from a dead node
    /// would first have to reach the augmenting path, whose nodes all
    /// reached a sink before, and no column gains room), so later passes of
    /// the phase skip it instead of walking it again. Dead nodes reach only
    /// dead ones, so skipping them finds the same paths.
    fn augment(&mut self, g: &Graph<W>, mt: &mut Matching, u: &[W], p: &[W], r: u32) {
        if u[r as usize] == W::ZERO
            || self.row_visited[r as usize] == self.stamp
            || self.dead_row[r as usize] == self.phase
        {
            return; // stays unmatched (optimal for it), or already tried
        }
        self.next_search();
        let (stamp, phase, search) = (self.stamp, self.phase, self.search);
        // Whether the search met a node an earlier search visited, not known dead.
        let mut tainted = false;
        self.row_visited[r as usize] = stamp;
        self.row_search[r as usize] = search;
        self.row_trail.push(r);
        self.stack.clear();
        self.stack.push(Frame {
            row: r,
            arc: g.row_start[r as usize],
            col: NONE,
            slot: 0,
        });
        loop {
            let Some(top) = self.stack.last_mut() else {
                // No tight path from r this phase.
                if !tainted && self.dead_ends {
                    #[cfg(test)]
                    {
                        DEAD_MARKED
                            .fetch_add(self.trail.len(), std::sync::atomic::Ordering::Relaxed);
                        for &i in &self.row_trail {
                            assert!(!Self::reaches_sink(g, mt, u, p, i), "row {i} marked dead");
                        }
                    }
                    for &c in &self.trail {
                        self.dead[c as usize] = phase;
                    }
                    for &i in &self.row_trail {
                        self.dead_row[i as usize] = phase;
                    }
                }
                return;
            };
            if top.col != NONE {
                // Displace one of the full column's rows.
                let rows = mt.rows(top.col as usize);
                let mut next = NONE;
                while (top.slot as usize) < rows.len() {
                    let i = rows[top.slot as usize] as usize;
                    top.slot += 1;
                    if self.dead_row[i] == phase {
                        #[cfg(test)]
                        DEAD_SKIPPED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        #[cfg(test)]
                        assert!(!Self::reaches_sink(g, mt, u, p, i as u32), "dead row {i}");
                        continue;
                    }
                    if self.row_visited[i] == stamp {
                        tainted |= self.row_search[i] != search;
                        continue;
                    }
                    self.row_visited[i] = stamp;
                    self.row_search[i] = search;
                    self.row_trail.push(i as u32);
                    next = i as u32;
                    break;
                }
                if next != NONE {
                    if u[next as usize] == W::ZERO {
                        // `next` lets go of its place and stays unmatched.
                        mt.unassign(next);
                        self.flip(mt);
                        return;
                    }
                    self.stack.push(Frame {
                        row: next,
                        arc: g.row_start[next as usize],
                        col: NONE,
                        slot: 0,
                    });
                    continue;
                }
                top.col = NONE;
            }
            let i = top.row as usize;
            let ui = u[i];
            let end = g.row_start[i + 1];
            let mut sink = false;
            while top.arc < end {
                let k = top.arc;
                top.arc += 1;
                let c = g.col[k] as usize;
                // Most arcs are not tight: that test first.
                if ui + p[c] != g.w[k] {
                    continue;
                }
                if self.visited[c] == stamp {
                    tainted |= self.col_search[c] != search && self.dead[c] != phase;
                    continue;
                }
                if self.dead[c] == phase {
                    #[cfg(test)]
                    DEAD_SKIPPED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    #[cfg(test)]
                    assert!(
                        !mt.has_room(c)
                            && mt.rows(c).iter().all(|&h| {
                                u[h as usize] != W::ZERO && !Self::reaches_sink(g, mt, u, p, h)
                            }),
                        "dead column {c}"
                    );
                    continue;
                }
                if mt.has_room(c) {
                    top.col = c as u32;
                    sink = true;
                    break;
                }
                self.visited[c] = stamp;
                self.col_search[c] = search;
                self.trail.push(c as u32);
                // The search may go on through any of the column's rows.
                prefetch_rows(g, mt, c);
                top.col = c as u32;
                top.slot = 0;
                break;
            }
            if sink {
                self.flip(mt);
                return;
            }
            if top.col == NONE {
                self.stack.pop();
            }
        }
    }

    /// Whether a tight path from row `r` reaches a sink (a column with room,
    /// or a row that may go unmatched), by a plain search of the whole graph.
    #[cfg(test)]
    fn reaches_sink(g: &Graph<W>, mt: &Matching, u: &[W], p: &[W], r: u32) -> bool {
        let mut seen_row = vec![false; u.len()];
        let mut seen_col = vec![false; p.len()];
        let mut todo = vec![r];
        seen_row[r as usize] = true;
        while let Some(i) = todo.pop() {
            let i = i as usize;
            for k in g.row_start[i]..g.row_start[i + 1] {
                let c = g.col[k] as usize;
                if u[i] + p[c] != g.w[k] || seen_col[c] {
                    continue;
                }
                if mt.has_room(c) {
                    return true;
                }
                seen_col[c] = true;
                for &h in mt.rows(c) {
                    if !seen_row[h as usize] {
                        if u[h as usize] == W::ZERO {
                            return true;
                        }
                        seen_row[h as usize] = true;
                        todo.push(h);
                    }
                }
            }
        }
        false
    }

    /// Moves every row on the stack into the column its frame was entering
    /// (the top one has room, or was just vacated).
    fn flip(&mut self, mt: &mut Matching) {
        for f in self.stack.iter().rev() {
            if mt.row_col[f.row as usize] != NONE {
                mt.unassign(f.row);
            }
            mt.assign(f.row, f.col);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::random_arcs;
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn dead_ends_change_no_search() {
        // Tie-heavy graphs, from an empty start and from a start with rows
        // unmatched (a warm round): the same matching and potentials with
        // the dead ends remembered as without.
        let before = DEAD_MARKED.load(std::sync::atomic::Ordering::Relaxed);
        let skipped_before = DEAD_SKIPPED.load(std::sync::atomic::Ordering::Relaxed);
        for seed in 0..200u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(700 + seed);
            let n = rng.gen_range(10..300);
            let m = rng.gen_range(3..60);
            let capacity: Vec<u32> = (0..m).map(|_| rng.gen_range(0..5)).collect();
            let g = random_arcs(&mut rng, n, capacity, 0.3, |rng| {
                [0, 0, 1 << 20][rng.gen_range(0..3)] + rng.gen_range(0..4) * 5
            });
            let run = |start: Start<i64>, dead: bool| {
                solve_marking(&g, start, dead).map(|s| (s.row_col, s.u, s.p))
            };
            let cold = run(Start::empty(&g), false);
            assert_eq!(run(Start::empty(&g), true), cold, "seed {seed}, cold");
            // Warm: the optimum with a third of its rows let go.
            let (row_col, _, p) = cold.expect("an empty start solves");
            let row_col: Vec<u32> = row_col
                .into_iter()
                .map(|c| if rng.gen_bool(0.3) { NONE } else { c })
                .collect();
            let start = || Start {
                row_col: row_col.clone(),
                p: p.clone(),
            };
            assert_eq!(run(start(), true), run(start(), false), "seed {seed}, warm");
        }
        let marked = DEAD_MARKED.load(std::sync::atomic::Ordering::Relaxed) - before;
        assert!(marked > 1000, "{marked} columns marked dead");
        let skipped = DEAD_SKIPPED.load(std::sync::atomic::Ordering::Relaxed) - skipped_before;
        assert!(skipped > 1000, "{skipped} dead nodes skipped");
    }
}
