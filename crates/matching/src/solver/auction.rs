//! A fast start for the exact solver: an auction with zero bid increment
//! (Jonker–Volgenant's "augmenting row reduction", with a mentor's places as
//! identical objects after Bertsekas–Castañon).
//!
//! Each place of mentor `j` has its own price. A mentee bids for the cheapest
//! place of its best mentor, raising that place's price by exactly the margin
//! between its best and second-best option; whoever held the place bids again.
//! Every bid leaves the bidder's arc tight and all arcs dually feasible, so
//! the state it stops in — after a bounded number of bids — satisfies the
//! invariants of `ssp`, which finishes the job exactly. Places only change
//! hands, never empty, so a place with a price is always taken.

use super::ssp::{Graph, Start, NONE};
use super::weight::Weight;
use std::collections::VecDeque;

/// One mentor's places: how many are empty (price 0) and the taken ones by price.
struct Places<W> {
    empty: u32,
    taken: Vec<(W, u32)>,
}

impl<W: Weight> Places<W> {
    fn cheapest(&self) -> Option<W> {
        if self.empty > 0 {
            Some(W::ZERO)
        } else {
            self.taken.first().map(|t| t.0)
        }
    }
    fn second_cheapest(&self) -> Option<W> {
        match self.empty {
            0 => self.taken.get(1).map(|t| t.0),
            1 => self.taken.first().map(|t| t.0),
            _ => Some(W::ZERO),
        }
    }
    /// Takes the cheapest place at `price`; returns who held it.
    fn take(&mut self, row: u32, price: W) -> u32 {
        let held = if self.empty > 0 {
            self.empty -= 1;
            NONE
        } else {
            self.taken.remove(0).1
        };
        let at = self.taken.partition_point(|t| t.0 <= price);
        self.taken.insert(at, (price, row));
        held
    }
}

/// Runs at most `max_bids` bids and returns the assignment and mentor prices
/// (a mentor's price is its cheapest place's).
pub fn run<W: Weight>(g: &Graph<W>, max_bids: usize) -> Start<W> {
    let n = g.row_start.len() - 1;
    let mut places: Vec<Places<W>> = g
        .capacity
        .iter()
        .map(|&c| Places {
            empty: c,
            taken: Vec::new(),
        })
        .collect();
    let mut row_col = vec![NONE; n];
    let mut queue: VecDeque<u32> = (0..n as u32).collect();
    let mut bids = 0;
    while let Some(i) = queue.pop_front() {
        if bids >= max_bids {
            break;
        }
        let iu = i as usize;
        // Best and second-best value; leaving unmatched is worth 0.
        let (mut j1, mut v1, mut v2) = (NONE, W::ZERO, W::ZERO);
        for k in g.row_start[iu]..g.row_start[iu + 1] {
            let j = g.col[k];
            let pl = &places[j as usize];
            let Some(price) = pl.cheapest() else { continue };
            let v = g.w[k] - price;
            if v > v1 {
                v2 = v1;
                (j1, v1) = (j, v);
            } else if v > v2 {
                v2 = v;
            }
            // The same mentor's next place competes for second best.
            if let Some(p2) = pl.second_cheapest() {
                let v_next = g.w[k] - p2;
                if v_next > v2 {
                    v2 = v_next;
                }
            }
        }
        if j1 == NONE {
            continue; // best left unmatched; the exact phase confirms it
        }
        // A zero margin would push somebody out for nothing and can cycle:
        // take an empty place at an equally good mentor, or leave the row to
        // the exact phase.
        let (target, price) = if v1 > v2 {
            (
                j1,
                places[j1 as usize].cheapest().expect("has a place") + (v1 - v2),
            )
        } else if places[j1 as usize].empty > 0 {
            (j1, W::ZERO)
        } else if let Some(j) = tied_with_room(g, &places, iu, v1) {
            (j, W::ZERO)
        } else {
            continue;
        };
        bids += 1;
        let held = places[target as usize].take(i, price);
        row_col[iu] = target;
        if held != NONE {
            row_col[held as usize] = NONE;
            queue.push_back(held);
        }
    }
    let p = places
        .iter()
        .map(|pl| pl.cheapest().unwrap_or(W::ZERO))
        .collect();
    Start { row_col, p }
}

/// A mentor with an empty place that row `i` values at `best` (a tie for its best).
fn tied_with_room<W: Weight>(g: &Graph<W>, places: &[Places<W>], i: usize, best: W) -> Option<u32> {
    (g.row_start[i]..g.row_start[i + 1])
        .map(|k| (k, g.col[k] as usize))
        .find(|&(k, j)| places[j].empty > 0 && g.w[k] == best)
        .map(|(_, j)| j as u32)
}
