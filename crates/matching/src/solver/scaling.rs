//! Exact maximum-weight b-matching by an ε-scaling auction (Bertsekas;
//! a mentor's places as identical objects after Bertsekas–Castañon), then
//! exact integer potentials from one Dijkstra.
//!
//! **Square problem.** Leaving a mentee unmatched is a place at "nobody"
//! (one per mentee), and every mentor place gets a dummy row that values it
//! at 0 (and nobody at 0): a place left empty is a place held by its dummy.
//! Rows and objects are then equally many, so a forward auction ends with
//! every row placed and needs no reverse step.
//!
//! **Exact from ε-optimal.** Weights are multiplied by `S = m + 2` (mentors
//! plus nobody, plus one). A negative cycle of moves can be shortened to one
//! that visits each mentor at most once, i.e. at most `m + 1` moves, each at
//! most `ε = 1` below tight (ε-complementary slackness), so it loses less than
//! `S` scaled units — less than one original unit: the final assignment is
//! optimal (weights are integers).
//!
//! **Scaling.** ε starts at the largest power of 4 below the largest scaled
//! weight and is divided by 4 per phase down to 1. Between phases every place
//! is lowered to its mentor's cheapest price (holders only gain, nobody else
//! sees a change) and only the rows no longer within the new ε bid again.
//!
//! **Exact potentials.** Optimality in the b-matching form needs
//! `p[k] >= p[t] - (w(i, t) - w(i, k))` for each row `i` at `t` and arc
//! `(i, k)` (nobody counts as a column with weight 0 and `p = 0`),
//! `p >= 0`, and `p[j] = 0` for a mentor with a place left. The smallest
//! solution is minus the shortest distance from nobody (arcs `t → k` of
//! length `w(i, t) - w(i, k)`, nobody → every mentor of length 0, the mentors
//! with room fixed at 0), which exists since the assignment is optimal. With
//! the auction's prices the reduced lengths are at least `-1` (scaled), so
//! Dijkstra on the lengths clamped at 0 overestimates each distance by less
//! than `S`, and rounding down to a multiple of `S` gives it exactly. The
//! result is checked on every arc before it is returned; the caller falls
//! back to the shortest-path solver on `None` (a debug assertion: it never
//! happens).
//!
//! **Everyone matched.** When the weights put the number matched first and
//! some matching matches every row (`saturate::everyone_matched`), every
//! optimum matches every row: real rows then never bid for nobody, and all
//! weights are lowered by the smallest one. The same optimum, but ε starts
//! from the spread of the weights instead of the "matched" tier on top of
//! it (on 100,000 × 20,000: 26 phases instead of 35, in `i64` instead of
//! `i128`). The potentials below need no change: their lengths are
//! differences of a row's weights, and `u = w − p` is taken in the
//! original weights (and checked to be ≥ 0).
//!
//! **Stopping early.** After each phase with `ε < S / EARLY_CHECK` the same
//! potentials are computed and checked for the assignment as it stands. A
//! check that holds is a proof of optimality on its own (dual feasibility on
//! every arc, tight matched arcs, signs and capacities, in the original
//! integer weights), whatever ε was; one that fails only means the auction
//! goes on to the next phase.

use super::ssp::{prefetch, Graph, Solution, NONE};
use super::weight::Weight;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// After a phase with `ε < S / EARLY_CHECK`, the assignment's exact
/// potentials are computed and checked; if they hold, the auction stops
/// there. (Profile 10k × 2k: proven at ε = 64 = S / 31, skipping three
/// phases; 100k × 20k: at ε = 256 = S / 78, skipping four, 2.5 s, after one
/// failed check of 0.1 s at ε = 1,024.)
const EARLY_CHECK: i128 = 16;

/// Auctions stopped early (tests check the path is taken).
#[cfg(test)]
static EARLY_STOPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Bids made from a short list alone (tests check the path is taken).
#[cfg(test)]
static LIST_BIDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An object with at most this many places keeps no heap of them: its
/// places' prices, side by side, are scanned (a bid then reads one or two
/// cache lines of them instead of the heap's and the prices' apart).
const SCAN_PLACES: usize = 8;

/// Arcs kept on a row's short list (see `Listed`).
const LISTED: usize = 4;

/// A real row's best arcs at its last full scan, in arc order (column and
/// scaled weight), and the best value any other arc had then (`floor` for
/// none). An object's cheapest price never falls, so no arc off the list is
/// worth more than `bound` later either: when the list's best is above it
/// and its second best at least at it, a bid needs only the list (the rows
/// a price war sends back again and again each read one line, not the
/// dozens of lines of all their arcs). `len == 0`: not listed yet.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Listed<X> {
    col: [u32; LISTED],
    sw: [X; LISTED],
    bound: X,
    len: u32,
}

/// Bids use short lists once ε is at most this many units of the original
/// weights: with larger steps a price war moves prices past a row's few
/// best arcs at once, and the lists would mostly be made and not used.
const LIST_BELOW: i128 = 1;

/// Factor by which ε shrinks between phases.
const ALPHA: i128 = 4;

/// The first ε for a largest gain `c`: the largest power of `ALPHA` below it (at least 1).
fn first_eps(c: i128) -> i128 {
    let mut eps = 1i128;
    while eps * ALPHA < c {
        eps *= ALPHA;
    }
    eps
}

/// Runs the scaled auction in `i64` when the scaled weights leave room, else
/// in `i128`. `None` if it could not (or its result did not check out).
///
/// With `must_match` (every optimal matching matches every row: see `saturate`),
/// real rows do not bid for nobody and their weights are all lowered by the
/// smallest one: an optimum that matches every row is the same under any
/// common shift, and the auction then runs on the spread of the weights
/// rather than their size.
pub fn solve<W: Weight>(g: &Graph<W>, must_match: bool) -> Option<Solution<W>> {
    solve_listing(g, must_match, LIST_BELOW)
}

/// `solve`, with bids using short lists once ε is at most `list_below`
/// units (tests compare "never" and "always" with the default).
fn solve_listing<W: Weight>(
    g: &Graph<W>,
    must_match: bool,
    list_below: i128,
) -> Option<Solution<W>> {
    let m = g.capacity.len();
    let scale = m as i128 + 2;
    let shift = if must_match {
        g.w.iter().map(|w| w.to_i128()).min().unwrap_or(0)
    } else {
        0
    };
    let max_w =
        g.w.iter()
            .map(|w| (w.to_i128() - shift).abs())
            .max()
            .unwrap_or(0);
    let c = max_w.checked_mul(scale)?;
    if c < i128::from(i64::MAX) / 64 {
        Auction::<W, i64>::new(g, scale, shift, must_match)?.run(list_below)
    } else if c < i128::MAX / 64 {
        Auction::<W, i128>::new(g, scale, shift, must_match)?.run(list_below)
    } else {
        None
    }
}

/// The values `base + sd[k] - price[cols[k]]` of arcs `at..at + 4`, with
/// `floor` for an object priced `floor` (no places). Columns are clamped to
/// `price` for the gather (they are within it already).
///
/// # Safety
/// The CPU has AVX2, and `at + 4 <= cols.len() == sd.len()`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn values4(
    cols: &[u32],
    sd: &[i64],
    at: usize,
    base: i64,
    price: &[i64],
    floor: i64,
) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::*;
    debug_assert!(at + 4 <= cols.len() && cols.len() == sd.len() && !price.is_empty());
    let floor4 = _mm256_set1_epi64x(floor);
    // SAFETY: the caller keeps `at + 4` within `cols` and `sd`; the
    // gathered indices are clamped to the last of `price`.
    unsafe {
        let last = _mm_set1_epi32(price.len() as i32 - 1);
        let c = _mm_min_epu32(_mm_loadu_si128(cols.as_ptr().add(at).cast()), last);
        let p = _mm256_i32gather_epi64::<8>(price.as_ptr(), c);
        let v = _mm256_sub_epi64(
            _mm256_add_epi64(
                _mm256_set1_epi64x(base),
                _mm256_loadu_si256(sd.as_ptr().add(at).cast()),
            ),
            p,
        );
        _mm256_blendv_epi8(v, floor4, _mm256_cmpeq_epi64(p, floor4))
    }
}

/// The largest of four `i64` lanes and `floor`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn lanes_max(v: std::arch::x86_64::__m256i, floor: i64) -> i64 {
    let mut lanes = [0i64; 4];
    // SAFETY: four `i64`s are written.
    unsafe { std::arch::x86_64::_mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    lanes.into_iter().fold(floor, i64::max)
}

/// The value of arc `at` as `values4` gives it, one at a time.
#[inline]
fn value1(cols: &[u32], sd: &[i64], at: usize, base: i64, price: &[i64], floor: i64) -> i64 {
    let p = price[cols[at] as usize];
    if p == floor {
        floor
    } else {
        base + sd[at] - p
    }
}

/// A row's best value over its arcs (`values4`), `floor` if none.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn best_value_avx2(cols: &[u32], sd: &[i64], base: i64, price: &[i64], floor: i64) -> i64 {
    use std::arch::x86_64::*;
    assert!(cols.len() == sd.len() && !price.is_empty());
    let whole = cols.len() - cols.len() % 4;
    let mut best4 = _mm256_set1_epi64x(floor);
    for at in (0..whole).step_by(4) {
        // SAFETY: `at + 4 <= whole <= cols.len() == sd.len()`.
        let v = unsafe { values4(cols, sd, at, base, price, floor) };
        best4 = _mm256_blendv_epi8(best4, v, _mm256_cmpgt_epi64(v, best4));
    }
    (whole..cols.len())
        .map(|at| value1(cols, sd, at, base, price, floor))
        .fold(lanes_max(best4, floor), i64::max)
}

/// A row's best and second-best value over its arcs, as `bid`'s scalar
/// loop finds them: `(first arc with the best value, best, best of the
/// others)`, values as `values4` gives them (`floor` stands for "none");
/// `None` if no arc has a value. The values are kept in `vals`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn top_two_avx2(
    cols: &[u32],
    sd: &[i64],
    base: i64,
    price: &[i64],
    floor: i64,
    vals: &mut Vec<i64>,
) -> Option<(usize, i64, i64)> {
    use std::arch::x86_64::*;
    assert!(cols.len() == sd.len() && !price.is_empty());
    let n = cols.len();
    vals.clear();
    vals.resize(n, floor);
    let whole = n - n % 4;
    let mut best4 = _mm256_set1_epi64x(floor);
    for at in (0..whole).step_by(4) {
        // SAFETY: `at + 4 <= whole <= n`, the length of `cols`, `sd`, `vals`.
        unsafe {
            let v = values4(cols, sd, at, base, price, floor);
            _mm256_storeu_si256(vals.as_mut_ptr().add(at).cast(), v);
            best4 = _mm256_blendv_epi8(best4, v, _mm256_cmpgt_epi64(v, best4));
        }
    }
    let mut best = lanes_max(best4, floor);
    for (at, v) in vals.iter_mut().enumerate().skip(whole) {
        *v = value1(cols, sd, at, base, price, floor);
        best = best.max(*v);
    }
    if best == floor {
        return None;
    }
    let k = vals
        .iter()
        .position(|&v| v == best)
        .expect("the best is a value");
    let second = vals[..k]
        .iter()
        .chain(&vals[k + 1..])
        .copied()
        .fold(floor, i64::max);
    Some((k, best, second))
}

struct Auction<'g, W, X> {
    g: &'g Graph<W>,
    n: usize,
    m: usize,
    scale: X,
    /// Scaled weights, aligned with `g.w`, as each row's smallest plus an
    /// `i64` difference per arc: a bid streams 12 bytes per arc, not 20
    /// (the arcs of 100,000 rows do not stay in cache).
    row_base: Vec<X>,
    sd: Vec<i64>,
    /// The largest scaled weight.
    max_sw: X,
    /// Objects `0..m` are mentors, `m` is nobody; places of object `o` are
    /// `obj_start[o]..obj_start[o + 1]`, kept as a min-heap on (price,
    /// place) when there are more than `SCAN_PLACES` (else `heap` is unused).
    obj_start: Vec<usize>,
    heap: Vec<(X, u32)>,
    /// Per place: the row holding it, and its price.
    holder: Vec<u32>,
    place_price: Vec<X>,
    /// Per row (real rows `0..n`, then one dummy per mentor place): its place.
    row_place: Vec<u32>,
    /// Per place: its object.
    place_obj: Vec<u32>,
    /// Per dummy row: its mentor.
    dummy_of: Vec<u32>,
    limit: X,
    /// Per object: its cheapest place's price (`floor` if it has none).
    obj_price: Vec<X>,
    /// Below every value a bid can see.
    floor: X,
    /// Real rows never bid for nobody (every row can be matched).
    must_match: bool,
    /// A bid's values per arc (scratch for `top_two_avx2`), and in `X`.
    vals: Vec<i64>,
    xvals: Vec<X>,
    /// Per real row: its short list (allocated by the first phase that lists).
    listed: Vec<Listed<X>>,
    /// Whether bids use and make short lists (in the phases with small ε).
    listing: bool,
}

impl<'g, W: Weight, X: Weight> Auction<'g, W, X> {
    fn new(g: &'g Graph<W>, scale: i128, shift: i128, must_match: bool) -> Option<Self> {
        let n = g.row_start.len() - 1;
        let m = g.capacity.len();
        let xs = X::from_i128(scale);
        let mut row_base = Vec::with_capacity(n);
        let mut sd = Vec::with_capacity(g.w.len());
        let mut max_sw = X::ZERO;
        for r in 0..n {
            let w = &g.w[g.row_start[r]..g.row_start[r + 1]];
            let lo = w.iter().map(|w| w.to_i128() - shift).min().unwrap_or(0) * scale;
            let hi = w.iter().map(|w| w.to_i128() - shift).max().unwrap_or(0) * scale;
            row_base.push(X::from_i128(lo));
            max_sw = max_sw.max(X::from_i128(hi));
            for w in w {
                sd.push(i64::try_from((w.to_i128() - shift) * scale - lo).ok()?);
            }
        }
        let mut obj_start = Vec::with_capacity(m + 2);
        let mut place_obj = Vec::new();
        let mut dummy_of = Vec::new();
        obj_start.push(0);
        for (j, &c) in g.capacity.iter().enumerate() {
            // More places than rows are never all taken: one spare keeps the
            // mentor's room visible (a dummy holds it).
            let c = (c as usize).min(n + 1);
            for _ in 0..c {
                place_obj.push(j as u32);
                dummy_of.push(j as u32);
            }
            obj_start.push(place_obj.len());
        }
        for _ in 0..n {
            place_obj.push(m as u32);
        }
        obj_start.push(place_obj.len());
        let places = place_obj.len();
        let floor = X::from_i128(if std::mem::size_of::<X>() == 8 {
            i128::from(i64::MIN / 2)
        } else {
            i128::MIN / 2
        });
        let obj_price = (0..=m)
            .map(|o| {
                if obj_start[o] < obj_start[o + 1] {
                    X::ZERO
                } else {
                    floor
                }
            })
            .collect();
        let heap = (0..places as u32).map(|p| (X::ZERO, p)).collect();
        let limit = X::from_i128(if std::mem::size_of::<X>() == 8 {
            i128::from(i64::MAX / 4)
        } else {
            i128::MAX / 4
        });
        Some(Auction {
            g,
            n,
            m,
            scale: xs,
            row_base,
            sd,
            max_sw,
            obj_start,
            heap,
            holder: vec![NONE; places],
            place_price: vec![X::ZERO; places],
            row_place: vec![NONE; n + dummy_of.len()],
            place_obj,
            dummy_of,
            limit,
            obj_price,
            floor,
            must_match,
            vals: Vec::new(),
            xvals: Vec::new(),
            listed: Vec::new(),
            listing: false,
        })
    }

    /// The scaled weight of arc `k` (of row `r`).
    #[inline]
    fn sw(&self, r: usize, k: usize) -> X {
        self.row_base[r] + X::from_i128(i128::from(self.sd[k]))
    }

    #[inline]
    fn cheapest(&self, o: usize) -> Option<X> {
        (self.obj_start[o] < self.obj_start[o + 1]).then(|| self.obj_price[o])
    }

    /// The first of object `o`'s places (by place) at its cheapest price,
    /// scanned (an object with at most `SCAN_PLACES` places).
    #[inline]
    fn cheapest_place(&self, s: usize, e: usize) -> usize {
        let prices = &self.place_price[s..e];
        let mut k = 0;
        for (at, &p) in prices.iter().enumerate().skip(1) {
            if p < prices[k] {
                k = at;
            }
        }
        s + k
    }

    #[inline]
    fn second_cheapest(&self, o: usize) -> Option<X> {
        let (s, e) = (self.obj_start[o], self.obj_start[o + 1]);
        match e - s {
            0 | 1 => None,
            n if n <= SCAN_PLACES => {
                let k = self.cheapest_place(s, e);
                (s..e)
                    .filter(|&at| at != k)
                    .map(|at| self.place_price[at])
                    .min()
            }
            2 => Some(self.heap[s + 1].0),
            _ => Some(self.heap[s + 1].0.min(self.heap[s + 2].0)),
        }
    }

    /// Raises the cheapest place of `o` to `price`; returns that place.
    fn raise_cheapest(&mut self, o: usize, price: X) -> u32 {
        let (s, e) = (self.obj_start[o], self.obj_start[o + 1]);
        if e - s <= SCAN_PLACES {
            let place = self.cheapest_place(s, e);
            self.place_price[place] = price;
            self.obj_price[o] = self.place_price[s..e]
                .iter()
                .copied()
                .min()
                .expect("has a place");
            return place as u32;
        }
        let h = &mut self.heap[s..e];
        let place = h[0].1;
        h[0].0 = price;
        self.place_price[place as usize] = price;
        let mut k = 0;
        loop {
            let l = 2 * k + 1;
            if l >= h.len() {
                break;
            }
            let r = l + 1;
            let c = if r < h.len() && h[r] < h[l] { r } else { l };
            if h[c] < h[k] {
                h.swap(c, k);
                k = c;
            } else {
                break;
            }
        }
        self.obj_price[o] = h[0].0;
        place
    }

    /// Asks for the cache lines of row `r`'s arcs ahead of its bid: the
    /// rows bid in queue order, each reads a random row's arcs, and the
    /// hardware prefetcher only follows a row once it is being read.
    #[inline]
    fn prefetch_row(&self, r: usize) {
        if r < self.n {
            let (s, e) = (self.g.row_start[r], self.g.row_start[r + 1]);
            // 16 columns and 8 differences per 64-byte line.
            for k in (s..e).step_by(16) {
                prefetch(self.g.col.as_ptr().wrapping_add(k));
            }
            for k in (s..e).step_by(8) {
                prefetch(self.sd.as_ptr().wrapping_add(k));
            }
        }
    }

    /// One bid by row `r`; returns the row it displaced (or `NONE`).
    /// `None` if a price ran past the overflow guard.
    #[inline]
    fn bid(&mut self, r: usize, eps: X) -> Option<u32> {
        let nobody = self.m;
        let floor = self.floor;
        // Best and second-best value (`floor`: none yet), over objects with
        // places: from the row's short list when it proves them, else from
        // all its arcs (which then list the row again).
        let (mut o1, mut w1, mut v1, mut v2) = if r >= self.n {
            let j = self.dummy_of[r - self.n] as usize;
            match self.obj_price[j] {
                p if p == floor => (nobody, X::ZERO, floor, floor),
                p => (j, X::ZERO, X::ZERO - p, floor),
            }
        } else if let Some(top) = self.listing.then(|| self.listed_top_two(r)).flatten() {
            #[cfg(test)]
            LIST_BIDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            top
        } else {
            self.scan_top_two(r)
        };
        let mut consider = |o: usize, w: X, p: X| {
            if p == floor {
                return; // no places
            }
            let v = w - p;
            if v > v1 {
                v2 = v1;
                (o1, w1, v1) = (o, w, v);
            } else if v > v2 {
                v2 = v;
            }
        };
        if r >= self.n || !self.must_match {
            consider(nobody, X::ZERO, self.obj_price[nobody]);
        }
        if v1 == floor {
            return Some(NONE); // nowhere to go (cannot happen: nobody has places)
        }
        let mut v2 = (v2 != floor).then_some(v2);
        if let Some(p2) = self.second_cheapest(o1) {
            let v = w1 - p2;
            if v2.is_none_or(|b| v > b) {
                v2 = Some(v);
            }
        }
        let v2 = v2.unwrap_or(v1);
        let price = self.cheapest(o1).expect("has a place") + (v1 - v2) + eps;
        if price > self.limit {
            return None;
        }
        let place = self.raise_cheapest(o1, price);
        let prev = self.holder[place as usize];
        self.holder[place as usize] = r as u32;
        self.row_place[r] = place;
        if prev != NONE {
            self.row_place[prev as usize] = NONE;
        }
        Some(prev)
    }

    fn run(mut self, list_below: i128) -> Option<Solution<W>> {
        let rows = self.row_place.len();
        let one = X::from_i32(1);
        let mut eps = X::from_i128(first_eps(self.max_sw.to_i128()));
        // Everybody bids; later phases keep the rows still within ε.
        let mut queue: VecDeque<u32> = (0..rows as u32).collect();
        loop {
            self.listing = eps.to_i128() <= self.scale.to_i128().saturating_mul(list_below);
            if self.listing && self.listed.is_empty() {
                // Not listed yet (`len == 0`), from the first phase that lists.
                let none = Listed {
                    col: [0; LISTED],
                    sw: [X::ZERO; LISTED],
                    bound: self.floor,
                    len: 0,
                };
                self.listed = vec![none; self.n];
            }
            while let Some(r) = queue.pop_front() {
                if let Some(&next) = queue.front() {
                    self.prefetch_row(next as usize);
                    if self.listing {
                        prefetch(self.listed.as_ptr().wrapping_add(next as usize));
                    }
                }
                // The row after: where its arcs start, for the next prefetch.
                if let Some(&after) = queue.get(1) {
                    prefetch(self.g.row_start.as_ptr().wrapping_add(after as usize));
                    prefetch(self.row_base.as_ptr().wrapping_add(after as usize));
                }
                let prev = self.bid(r as usize, eps)?;
                if prev != NONE {
                    queue.push_back(prev);
                }
            }
            if eps == one {
                break;
            }
            // Once ε is well below one unit of the original weights the
            // assignment is usually optimal already: if exact potentials
            // for it check out on every arc, they prove it, and the last
            // phases (the most expensive ones) are not needed.
            if eps.to_i128() * EARLY_CHECK < self.scale.to_i128() {
                let r = self.exact();
                if r.is_some() {
                    #[cfg(test)]
                    EARLY_STOPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return r;
                }
            }
            eps = X::from_i128(eps.to_i128() / ALPHA).max(one);
            self.level_prices();
            // Rows still within the new ε of their best option keep their
            // place (found on all cores: every row's arcs are read).
            let this = &self;
            let rebid: Vec<u32> = (0..rows as u32)
                .into_par_iter()
                .with_min_len(4096)
                .filter(|&r| this.row_place[r as usize] == NONE || this.shortfall(r as usize) > eps)
                .collect();
            for r in rebid {
                self.unplace(r as usize);
                queue.push_back(r);
            }
        }
        let r = self.exact();
        // The final assignment is optimal, so its potentials always check out.
        debug_assert!(
            r.is_some(),
            "the scaled auction's potentials failed their check"
        );
        r
    }

    /// Real row `r`'s best arc and best and second-best values from its
    /// short list, if the list proves them: prices never fall, so no arc
    /// off the list is worth more than `bound` now; a best above it and a
    /// second best at least at it are the whole row's (and, the list being
    /// in arc order, the same first arc with the best value as a full scan).
    #[inline]
    fn listed_top_two(&self, r: usize) -> Option<(usize, X, X, X)> {
        let l = &self.listed[r];
        let floor = self.floor;
        let (mut o1, mut w1, mut v1, mut v2) = (self.m, X::ZERO, floor, floor);
        for t in 0..l.len as usize {
            let p = self.obj_price[l.col[t] as usize];
            if p == floor {
                continue;
            }
            let v = l.sw[t] - p;
            if v > v1 {
                v2 = v1;
                (o1, w1, v1) = (l.col[t] as usize, l.sw[t], v);
            } else if v > v2 {
                v2 = v;
            }
        }
        (l.len > 0 && v1 > l.bound && v2 >= l.bound).then_some((o1, w1, v1, v2))
    }

    /// Real row `r`'s best arc and best and second-best values over all its
    /// arcs (`floor` for none); lists the row's best arcs again when bids
    /// use lists.
    fn scan_top_two(&mut self, r: usize) -> (usize, X, X, X) {
        let floor = self.floor;
        let arcs = self.g.row_start[r]..self.g.row_start[r + 1];
        let top = match self.vector_top_two(r) {
            Some(found) => {
                if self.listing {
                    let vals = std::mem::take(&mut self.vals);
                    self.relist(r, vals.iter().map(|&v| X::from_i128(i128::from(v))));
                    self.vals = vals;
                }
                found.map(|(k, best, second)| {
                    let k = arcs.start + k;
                    (
                        self.g.col[k] as usize,
                        self.sw(r, k),
                        X::from_i128(i128::from(best)),
                        X::from_i128(i128::from(second)),
                    )
                })
            }
            None => {
                let mut vals = std::mem::take(&mut self.xvals);
                vals.clear();
                let (mut best, mut v1, mut v2) = (None, floor, floor);
                for k in arcs.clone() {
                    let p = self.obj_price[self.g.col[k] as usize];
                    let v = if p == floor { floor } else { self.sw(r, k) - p };
                    if self.listing {
                        vals.push(v);
                    }
                    if p == floor {
                        continue;
                    }
                    if v > v1 {
                        v2 = v1;
                        (best, v1) = (Some(k), v);
                    } else if v > v2 {
                        v2 = v;
                    }
                }
                if self.listing {
                    self.relist(r, vals.iter().copied());
                }
                self.xvals = vals;
                best.map(|k| (self.g.col[k] as usize, self.sw(r, k), v1, v2))
            }
        };
        top.unwrap_or((self.m, X::ZERO, floor, floor))
    }

    /// Lists row `r`'s `LISTED` best arcs by `vals` (ties: the earlier
    /// arc), in arc order, with the best value of the rest as the bound.
    fn relist(&mut self, r: usize, vals: impl Iterator<Item = X>) {
        let start = self.g.row_start[r];
        // The best `LISTED + 1` positions, best first.
        let mut best: [(X, usize); LISTED + 1] = [(self.floor, usize::MAX); LISTED + 1];
        let mut kept = 0;
        for (at, v) in vals.enumerate() {
            if kept == LISTED + 1 && v <= best[LISTED].0 {
                continue;
            }
            let mut t = kept.min(LISTED);
            while t > 0 && v > best[t - 1].0 {
                best[t] = best[t - 1];
                t -= 1;
            }
            best[t] = (v, at);
            kept = (kept + 1).min(LISTED + 1);
        }
        let len = kept.min(LISTED);
        let bound = if kept > LISTED {
            best[LISTED].0
        } else {
            self.floor
        };
        let mut at: [usize; LISTED] = [0; LISTED];
        for (a, b) in at.iter_mut().zip(&best[..len]) {
            *a = b.1;
        }
        at[..len].sort_unstable();
        let l = &mut self.listed[r];
        l.len = len as u32;
        l.bound = bound;
        for (t, &a) in at[..len].iter().enumerate() {
            l.col[t] = self.g.col[start + a];
            l.sw[t] = self.row_base[r] + X::from_i128(i128::from(self.sd[start + a]));
        }
    }

    /// Lowers every place to its mentor's cheapest price. Holders only gain
    /// and everybody else still sees the same cheapest price, so ε-CS holds;
    /// but the places one phase raised unevenly (within the old ε) no longer
    /// send their holders back to bid in the next one.
    fn level_prices(&mut self) {
        for o in 0..=self.m {
            let (s, e) = (self.obj_start[o], self.obj_start[o + 1]);
            if s == e {
                continue;
            }
            let min = self.obj_price[o];
            if e - s <= SCAN_PLACES {
                self.place_price[s..e].fill(min);
                continue;
            }
            let h = &mut self.heap[s..e];
            for t in h.iter_mut() {
                t.0 = min;
                self.place_price[t.1 as usize] = min;
            }
            // Equal prices, places in order: a heap again.
            h.sort_unstable_by_key(|t| t.1);
        }
    }

    fn unplace(&mut self, r: usize) {
        let place = self.row_place[r];
        if place != NONE {
            self.holder[place as usize] = NONE;
            self.row_place[r] = NONE;
        }
    }

    /// The prices and `floor` as `i64`, when the auction runs in `i64` on a
    /// CPU with AVX2 (for the vector scans of a row's arcs).
    #[cfg(target_arch = "x86_64")]
    fn vector_prices(&self) -> Option<(&[i64], i64)> {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return None;
        }
        X::as_i64s(&self.obj_price).map(|p| (p, self.floor.to_i128() as i64))
    }

    /// `top_two_avx2` over real row `r`'s arcs (positions within the row),
    /// or `None` where the vector scan does not apply (a dummy row, `i128`
    /// prices, no AVX2).
    fn vector_top_two(&mut self, r: usize) -> Option<Option<(usize, i64, i64)>> {
        #[cfg(target_arch = "x86_64")]
        {
            let mut vals = std::mem::take(&mut self.vals);
            let found = self
                .vector_prices()
                .filter(|_| r < self.n)
                .map(|(prices, floor64)| {
                    let arcs = self.g.row_start[r]..self.g.row_start[r + 1];
                    let (cols, sd) = (&self.g.col[arcs.clone()], &self.sd[arcs]);
                    let base = self.row_base[r].to_i128() as i64;
                    // SAFETY: `vector_prices` found AVX2.
                    unsafe { top_two_avx2(cols, sd, base, prices, floor64, &mut vals) }
                });
            self.vals = vals;
            found
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = r;
            None
        }
    }

    /// Real row `r`'s best value over its `arcs` at the objects' cheapest
    /// prices, read from `obj_price` (`floor` if every object lacks places).
    fn best_arc_value(&self, r: usize, arcs: std::ops::Range<usize>) -> X {
        #[cfg(target_arch = "x86_64")]
        if let Some((prices, floor64)) = self.vector_prices() {
            let (cols, sd) = (&self.g.col[arcs.clone()], &self.sd[arcs]);
            let base = self.row_base[r].to_i128() as i64;
            // SAFETY: `vector_prices` found AVX2.
            let v = unsafe { best_value_avx2(cols, sd, base, prices, floor64) };
            return X::from_i128(i128::from(v));
        }
        let mut best = self.floor;
        for k in arcs {
            let p = self.obj_price[self.g.col[k] as usize];
            if p != self.floor {
                best = best.max(self.sw(r, k) - p);
            }
        }
        best
    }

    /// How far placed row `r` is below its best option (0 if it holds it).
    fn shortfall(&self, r: usize) -> X {
        let place = self.row_place[r] as usize;
        let o = self.place_obj[place] as usize;
        // Nobody has a place per real row (none without rows).
        let mut best = match self.cheapest(self.m) {
            Some(p) if r >= self.n || !self.must_match => X::ZERO - p,
            _ => self.floor,
        };
        let mut own = X::ZERO;
        if r < self.n {
            let arcs = self.g.row_start[r]..self.g.row_start[r + 1];
            if let Some(k) = self.g.col[arcs.clone()]
                .iter()
                .position(|&c| c as usize == o)
            {
                own = self.sw(r, arcs.start + k);
            }
            best = best.max(self.best_arc_value(r, arcs));
        } else if let Some(p) = self.cheapest(self.dummy_of[r - self.n] as usize) {
            best = best.max(X::ZERO - p);
        }
        (best - (own - self.place_price[place])).max(X::ZERO)
    }

    /// Exact potentials for the (optimal) final assignment, checked.
    // Index loops over rows and mentors read like the formulation.
    #[allow(clippy::needless_range_loop)]
    fn exact(&self) -> Option<Solution<W>> {
        let (n, m, g) = (self.n, self.m, self.g);
        let nobody = m;
        if self.row_place.contains(&NONE) {
            return None; // everybody is placed when the auction ends
        }
        // Object of each real row, and each object's smallest place price.
        let row_obj: Vec<usize> = (0..n)
            .map(|r| self.place_obj[self.row_place[r] as usize] as usize)
            .collect();
        let price: Vec<X> = (0..=m)
            .map(|o| self.cheapest(o).unwrap_or(X::ZERO))
            .collect();
        // The weight of each real row's own column (scaled; nobody is 0).
        let own: Vec<X> = (0..n)
            .map(|r| {
                let o = row_obj[r];
                if o == nobody {
                    return X::ZERO;
                }
                (g.row_start[r]..g.row_start[r + 1])
                    .find(|&k| g.col[k] as usize == o)
                    .map_or(X::ZERO, |k| self.sw(r, k))
            })
            .collect();
        // Real rows by object.
        let mut at_start = vec![0usize; m + 2];
        for &o in &row_obj {
            at_start[o + 1] += 1;
        }
        for o in 0..=m {
            at_start[o + 1] += at_start[o];
        }
        let mut fill = at_start.clone();
        let mut at = vec![0u32; n];
        for (r, &o) in row_obj.iter().enumerate() {
            at[fill[o]] = r as u32;
            fill[o] += 1;
        }
        // The smallest potentials: p[v] = -(shortest distance from nobody to
        // v) over `p[head] >= p[tail] - len`, with `p >= 0` and `p = 0` at a
        // mentor with room (exact seeds). Dijkstra on reduced lengths
        // clamped at 0, from nobody and the mentors with room.
        let unreached = X::from_i128(i128::from(i64::MIN));
        let mut dist = vec![unreached; m + 1];
        let mut done = vec![false; m + 1];
        let mut heap: BinaryHeap<Reverse<(X, u32)>> = BinaryHeap::new();
        dist[nobody] = X::ZERO;
        heap.push(Reverse((X::ZERO, nobody as u32)));
        for j in 0..m {
            let load = at_start[j + 1] - at_start[j];
            if g.capacity[j] > 0 && load < g.capacity[j] as usize {
                // Exactly p = 0: X = dist + P_nobody - P_j = 0.
                dist[j] = price[j] - price[nobody];
                heap.push(Reverse((dist[j], j as u32)));
            }
        }
        let relax = |dist: &mut Vec<X>,
                     heap: &mut BinaryHeap<Reverse<(X, u32)>>,
                     tail: usize,
                     head: usize,
                     d: X,
                     len: X| {
            let reduced = len + price[head] - price[tail];
            let nd = d + reduced.max(X::ZERO);
            if dist[head] == unreached || nd < dist[head] {
                dist[head] = nd;
                heap.push(Reverse((nd, head as u32)));
            }
        };
        while let Some(Reverse((d, v))) = heap.pop() {
            let v = v as usize;
            if done[v] || d != dist[v] {
                continue;
            }
            done[v] = true;
            if v == nobody {
                for j in 0..m {
                    if g.capacity[j] > 0 && !done[j] {
                        relax(&mut dist, &mut heap, v, j, d, X::ZERO);
                    }
                }
            }
            for &r in &at[at_start[v]..at_start[v + 1]] {
                let r = r as usize;
                for k in g.row_start[r]..g.row_start[r + 1] {
                    let c = g.col[k] as usize;
                    if c != v && !done[c] && g.capacity[c] > 0 {
                        relax(&mut dist, &mut heap, v, c, d, own[r] - self.sw(r, k));
                    }
                }
            }
        }
        // Round to exact potentials in original units.
        let scale = self.scale.to_i128();
        let p: Vec<W> = (0..m)
            .map(|j| {
                if dist[j] == unreached {
                    return W::ZERO;
                }
                let x = (dist[j] + price[nobody] - price[j]).to_i128();
                W::from_i128(-x.div_euclid(scale))
            })
            .collect();
        let mut p = p;
        let mut load = vec![0u32; m];
        let mut u = vec![W::ZERO; n];
        let mut row_col = vec![NONE; n];
        for r in 0..n {
            let t = row_obj[r];
            if t != nobody {
                let k = (g.row_start[r]..g.row_start[r + 1]).find(|&k| g.col[k] as usize == t)?;
                u[r] = g.w[k] - p[t];
                load[t] += 1;
                row_col[r] = t as u32;
            }
        }
        // A mentor without places is priced out of every arc to it.
        for r in 0..n {
            for k in g.row_start[r]..g.row_start[r + 1] {
                let c = g.col[k] as usize;
                if g.capacity[c] == 0 && g.w[k] - u[r] > p[c] {
                    p[c] = g.w[k] - u[r];
                }
            }
        }
        // Check every invariant the shortest-path solver keeps.
        for r in 0..n {
            let ur = u[r];
            if ur < W::ZERO {
                return None;
            }
            for k in g.row_start[r]..g.row_start[r + 1] {
                if g.w[k] - p[g.col[k] as usize] > ur {
                    return None;
                }
            }
        }
        for j in 0..m {
            if load[j] > g.capacity[j]
                || p[j] < W::ZERO
                || (p[j] > W::ZERO && load[j] < g.capacity[j])
            {
                return None;
            }
        }
        Some(Solution { row_col, u, p })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{random_arcs, ssp};
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The vector scan of a bid finds the same best arc, best value and
    /// second-best value as the scalar loop (and `shortfall`'s the same best
    /// value): ties (the first arc wins, the
    /// second best is the tied value), objects without places, rows of
    /// every length modulo 4, no arc at all.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn a_bids_vector_scan_agrees_with_the_scalar_loop() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let floor = i64::MIN / 2;
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut vals = Vec::new();
        for case in 0..3000 {
            let m = rng.gen_range(1..40);
            let price: Vec<i64> = (0..m)
                .map(|_| {
                    if rng.gen_bool(0.1) {
                        floor
                    } else {
                        rng.gen_range(0..50)
                    }
                })
                .collect();
            let len = rng.gen_range(0..30);
            let cols: Vec<u32> = (0..len).map(|_| rng.gen_range(0..m as u32)).collect();
            let sd: Vec<i64> = (0..len).map(|_| rng.gen_range(0..60)).collect();
            let base = rng.gen_range(-20..20);
            let (mut best, mut v1, mut v2) = (None, floor, floor);
            for (k, (&c, &d)) in cols.iter().zip(&sd).enumerate() {
                let p = price[c as usize];
                if p == floor {
                    continue;
                }
                let v = base + d - p;
                if v > v1 {
                    v2 = v1;
                    (best, v1) = (Some(k), v);
                } else if v > v2 {
                    v2 = v;
                }
            }
            // SAFETY: the CPU has AVX2.
            let got = unsafe { top_two_avx2(&cols, &sd, base, &price, floor, &mut vals) };
            assert_eq!(got, best.map(|k| (k, v1, v2)), "case {case}");
            // SAFETY: the CPU has AVX2.
            let got = unsafe { best_value_avx2(&cols, &sd, base, &price, floor) };
            assert_eq!(got, v1, "case {case}");
        }
    }

    /// `n` rows and `m` mentors of 0–3 places, arcs at `density`, weights
    /// with preference tiers and `levels` scores: many ties.
    fn tiered_graph(
        rng: &mut ChaCha8Rng,
        n: usize,
        m: usize,
        density: f64,
        levels: i64,
    ) -> Graph<i64> {
        let capacity: Vec<u32> = (0..m).map(|_| rng.gen_range(0..4)).collect();
        random_arcs(rng, n, capacity, density, |rng| {
            let tier = [0, 0, 0, 1 << 20, 1 << 30][rng.gen_range(0..5)];
            (1 << 40) + tier + rng.gen_range(0..levels) * 3
        })
    }

    fn random_graph(seed: u64) -> Graph<i64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = rng.gen_range(0..60);
        let m = rng.gen_range(0..12);
        // Mostly a few places (scanned); now and then more than
        // `SCAN_PLACES` (kept in a heap).
        let capacity: Vec<u32> = (0..m)
            .map(|_| {
                if seed.is_multiple_of(3) && rng.gen_bool(0.3) {
                    rng.gen_range(SCAN_PLACES as u32 + 1..20)
                } else {
                    rng.gen_range(0..4)
                }
            })
            .collect();
        let big = if seed.is_multiple_of(2) { 1_000_000 } else { 0 };
        // Few distinct values: many ties.
        random_arcs(&mut rng, n, capacity, 0.4, |rng| {
            big + rng.gen_range(0..4) * 7
        })
    }

    fn total(g: &Graph<i64>, row_col: &[u32]) -> i64 {
        (0..row_col.len())
            .filter(|&r| row_col[r] != NONE)
            .map(|r| {
                let k = (g.row_start[r]..g.row_start[r + 1])
                    .find(|&k| g.col[k] == row_col[r])
                    .unwrap();
                g.w[k]
            })
            .sum()
    }

    /// The scaled auction's result has the shortest-path solver's total and
    /// its potentials close the duality gap.
    /// (Also with `must_match` when every row can be matched: returns whether it was.)
    fn assert_optimal_and_proven(g: &Graph<i64>, seed: u64) -> bool {
        let want = ssp::solve(g, ssp::Start::empty(g)).unwrap();
        let saturated = super::super::saturate::everyone_matched(g);
        let modes: &[bool] = if saturated { &[false, true] } else { &[false] };
        for &must_match in modes {
            let got = solve(g, must_match)
                .unwrap_or_else(|| panic!("seed {seed} ({must_match}): no result for {g:?}"));
            assert_eq!(
                total(g, &got.row_col),
                total(g, &want.row_col),
                "seed {seed} ({must_match})"
            );
            let dual: i64 = got.u.iter().sum::<i64>()
                + got
                    .p
                    .iter()
                    .zip(&g.capacity)
                    .map(|(&p, &c)| p * i64::from(c))
                    .sum::<i64>();
            assert_eq!(
                dual,
                total(g, &got.row_col),
                "seed {seed} ({must_match}): duality gap"
            );
        }
        saturated
    }

    #[test]
    fn short_lists_change_no_bid() {
        // The same auction with lists never, by default and in every phase:
        // the same assignment and potentials, so the same bids.
        let before = LIST_BIDS.load(std::sync::atomic::Ordering::Relaxed);
        for seed in 0..300u64 {
            let g = if seed % 2 == 0 {
                random_graph(seed)
            } else {
                let mut rng = ChaCha8Rng::seed_from_u64(5000 + seed);
                let n = rng.gen_range(20..200);
                let m = rng.gen_range(10..80);
                tiered_graph(&mut rng, n, m, 0.2, 9)
            };
            for must_match in [false, super::super::saturate::everyone_matched(&g)] {
                let never = solve_listing(&g, must_match, -1).map(|s| (s.row_col, s.u, s.p));
                for list_below in [LIST_BELOW, i128::MAX] {
                    let with =
                        solve_listing(&g, must_match, list_below).map(|s| (s.row_col, s.u, s.p));
                    assert_eq!(with, never, "seed {seed}, lists below {list_below}");
                }
            }
        }
        let after = LIST_BIDS.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            after > before + 10_000,
            "{} bids from lists",
            after - before
        );
    }

    #[test]
    fn auctions_stopped_early_are_optimal_and_proven() {
        // Enough mentors that phases run with ε < S / EARLY_CHECK.
        let before = EARLY_STOPS.load(std::sync::atomic::Ordering::Relaxed);
        let mut saturated = 0;
        for seed in 0..40u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(1000 + seed);
            let n = rng.gen_range(50..300);
            let m = rng.gen_range(70..130);
            let g = tiered_graph(&mut rng, n, m, 0.15, 5);
            saturated += usize::from(assert_optimal_and_proven(&g, seed));
        }
        assert!(saturated >= 5, "{saturated} graphs saturated");
        let after = EARLY_STOPS.load(std::sync::atomic::Ordering::Relaxed);
        assert!(after > before, "no auction stopped early");
    }

    /// Mentors' places, scanned (at most `SCAN_PLACES`) or in a heap, give
    /// the cheapest and second-cheapest prices and the place raised as a
    /// list sorted by (price, place) does, through raises and levellings.
    #[test]
    fn places_rise_as_a_sorted_list_of_them_does() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let capacity: Vec<u32> = (0..=SCAN_PLACES as u32 + 3).collect();
        let g = random_arcs(&mut rng, 40, capacity.clone(), 0.5, |rng| {
            rng.gen_range(0..100)
        });
        let mut a = Auction::<i64, i64>::new(&g, 1, 0, false).expect("fits");
        let mut want: Vec<Vec<(i64, u32)>> = (0..capacity.len())
            .map(|o| {
                (a.obj_start[o]..a.obj_start[o + 1])
                    .map(|pl| (0, pl as u32))
                    .collect()
            })
            .collect();
        for step in 0..20_000 {
            let o = rng.gen_range(0..capacity.len());
            let list = &mut want[o];
            list.sort_unstable();
            let cheapest = list.first().map(|t| t.0);
            assert_eq!(a.cheapest(o), cheapest, "step {step}, object {o}");
            assert_eq!(
                a.second_cheapest(o),
                list.get(1).map(|t| t.0),
                "step {step}"
            );
            if step % 500 == 499 {
                a.level_prices();
                for list in &mut want {
                    if let Some(&(min, _)) = list.iter().min() {
                        list.iter_mut().for_each(|t| t.0 = min);
                    }
                }
            } else if let Some(min) = cheapest {
                let price = min + rng.gen_range(0..3);
                let place = a.raise_cheapest(o, price);
                assert_eq!(place, list[0].1, "step {step}, object {o}");
                list[0].0 = price;
            }
        }
    }

    #[test]
    fn weights_too_wide_for_i64_once_scaled_are_solved_in_i128() {
        for seed in 0..40 {
            let mut g = random_graph(seed);
            for w in &mut g.w {
                *w += 1 << 56;
            }
            let got = solve(&g, false).expect("the scaled auction's result checks out");
            let want = ssp::solve(&g, ssp::Start::empty(&g)).unwrap();
            assert_eq!(
                total(&g, &got.row_col),
                total(&g, &want.row_col),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn the_scaled_auction_matches_the_shortest_path_solver_and_proves_it() {
        let mut saturated = 0;
        for seed in 0..300 {
            let g = random_graph(seed);
            saturated += usize::from(assert_optimal_and_proven(&g, seed));
        }
        // The must-match mode is exercised too.
        assert!(saturated >= 15, "{saturated} graphs saturated");
    }
}
