//! Exact maximum-weight b-matching on a sparse bipartite graph by successive
//! shortest augmenting paths (the Hungarian method with mentor capacities on
//! the mentor side, so no column is repeated).
//!
//! Invariants, which make the final potentials an optimality certificate:
//! * `u[i] + p[j] >= w(i, j)` on every arc, with equality on matched arcs;
//! * `u[i] >= 0`, and `u[i] == 0` when mentee `i` is unmatched;
//! * `p[j] >= 0`, and `p[j] > 0` only when mentor `j` is full.
//!
//! Leaving a mentee unmatched is an arc of weight 0 to a "nobody" column of
//! unlimited capacity, so each mentee's search ends either at a mentor with a
//! free place or by letting somebody (perhaps itself) go unmatched.

use super::weight::Weight;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub const NONE: u32 = u32::MAX;

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

/// A partial assignment to start from, with mentor prices. It must satisfy the
/// invariants above once each assigned row takes `u = w - p` on its arc.
#[derive(Debug, Clone)]
pub struct Start<W> {
    pub row_col: Vec<u32>,
    pub p: Vec<W>,
}

pub fn solve<W: Weight>(g: &Graph<W>, start: Option<Start<W>>) -> Solution<W> {
    let n = g.row_start.len() - 1;
    let m = g.capacity.len();
    let mut s = Search::<W>::new(m);
    let mut sol = Solution {
        row_col: vec![NONE; n],
        u: vec![W::ZERO; n],
        p: vec![W::ZERO; m],
    };
    let mut col_rows: Vec<Vec<u32>> = vec![Vec::new(); m];
    if let Some(start) = start {
        sol.p = start.p;
        for (r, &c) in start.row_col.iter().enumerate() {
            if c == NONE {
                continue;
            }
            let k = (g.row_start[r]..g.row_start[r + 1])
                .find(|&k| g.col[k] == c)
                .expect("assigned along an arc");
            sol.u[r] = g.w[k] - sol.p[c as usize];
            sol.row_col[r] = c;
            col_rows[c as usize].push(r as u32);
        }
    }
    for r in 0..n {
        if sol.row_col[r] == NONE {
            s.augment(g, &mut sol, &mut col_rows, r);
        }
    }
    sol
}

struct Search<W> {
    stamp: u32,
    col_stamp: Vec<u32>,
    col_done: Vec<u32>,
    dist: Vec<W>,
    pred: Vec<u32>,
    heap: BinaryHeap<Reverse<(W, u32)>>,
    settled_cols: Vec<u32>,
    settled_rows: Vec<(u32, W)>,
}

impl<W: Weight> Search<W> {
    fn new(m: usize) -> Self {
        Search {
            stamp: 0,
            col_stamp: vec![0; m],
            col_done: vec![0; m],
            dist: vec![W::ZERO; m],
            pred: vec![NONE; m],
            heap: BinaryHeap::new(),
            settled_cols: Vec::new(),
            settled_rows: Vec::new(),
        }
    }

    fn relax(&mut self, g: &Graph<W>, sol: &Solution<W>, i: usize, d: W) {
        let ui = sol.u[i];
        for k in g.row_start[i]..g.row_start[i + 1] {
            let c = g.col[k] as usize;
            if self.col_done[c] == self.stamp {
                continue;
            }
            let nd = d + (ui + sol.p[c] - g.w[k]);
            if self.col_stamp[c] != self.stamp || nd < self.dist[c] {
                self.col_stamp[c] = self.stamp;
                self.dist[c] = nd;
                self.pred[c] = i as u32;
                self.heap.push(Reverse((nd, c as u32)));
            }
        }
    }

    /// Finds a shortest augmenting path for the unmatched row `r`, updates the
    /// potentials, and flips the path.
    fn augment(
        &mut self,
        g: &Graph<W>,
        sol: &mut Solution<W>,
        col_rows: &mut [Vec<u32>],
        r: usize,
    ) {
        // Start with the largest u[r] the arcs allow, so they are all tight or slack.
        let mut best = W::ZERO;
        for k in g.row_start[r]..g.row_start[r + 1] {
            let v = g.w[k] - sol.p[g.col[k] as usize];
            if v > best {
                best = v;
            }
        }
        sol.u[r] = best;
        if best == W::ZERO && g.row_start[r] == g.row_start[r + 1] {
            return;
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.col_stamp.fill(0);
            self.col_done.fill(0);
            self.stamp = 1;
        }
        self.heap.clear();
        self.settled_cols.clear();
        self.settled_rows.clear();

        self.settled_rows.push((r as u32, W::ZERO));
        let mut nobody = (sol.u[r], r as u32);
        self.relax(g, sol, r, W::ZERO);

        // Target: a mentor with a free place, or NONE for "somebody goes unmatched".
        let (target, total) = loop {
            let Some(Reverse((d, c))) = self.heap.pop() else {
                break (NONE, nobody.0);
            };
            let c = c as usize;
            if self.col_done[c] == self.stamp || d != self.dist[c] {
                continue;
            }
            if nobody.0 < d {
                break (NONE, nobody.0);
            }
            self.col_done[c] = self.stamp;
            self.settled_cols.push(c as u32);
            if (col_rows[c].len() as u32) < g.capacity[c] {
                break (c as u32, d);
            }
            for &i in &col_rows[c] {
                let i = i as usize;
                self.settled_rows.push((i as u32, d));
                let leave = d + sol.u[i];
                if leave < nobody.0 {
                    nobody = (leave, i as u32);
                }
                self.relax(g, sol, i, d);
            }
        };

        for &c in &self.settled_cols {
            let c = c as usize;
            sol.p[c] += total - self.dist[c];
        }
        for &(i, d) in &self.settled_rows {
            sol.u[i as usize] -= total - d;
        }

        let mut cur = if target == NONE {
            // `nobody.1` lets go of its mentor (or was the searching row itself).
            let x = nobody.1 as usize;
            let c = sol.row_col[x];
            if c == NONE {
                return;
            }
            remove(&mut col_rows[c as usize], x as u32);
            sol.row_col[x] = NONE;
            c
        } else {
            target
        };
        loop {
            let i = self.pred[cur as usize];
            let prev = sol.row_col[i as usize];
            col_rows[cur as usize].push(i);
            sol.row_col[i as usize] = cur;
            if prev == NONE {
                break;
            }
            remove(&mut col_rows[prev as usize], i);
            cur = prev;
        }
    }
}

fn remove(rows: &mut Vec<u32>, i: u32) {
    let k = rows
        .iter()
        .position(|&x| x == i)
        .expect("row is assigned to this column");
    rows.swap_remove(k);
}
