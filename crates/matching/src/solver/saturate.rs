//! Whether every row of a candidate graph can be matched at once: a maximum
//! b-matching by Hopcroft–Karp (mentor capacities on the mentor side).
//!
//! When it can, and the weights put the number matched first (as the tiers
//! do), every optimal matching — of the candidates and of all pairs —
//! matches every free mentee.
//! The auction can then leave "nobody" out of the real rows' options and the
//! matched tier out of the weights: the same optimum, from a range of
//! weights that is smaller by that whole tier (fewer ε phases, and `i64`
//! prices where `i128` would be needed).

use super::ssp::{Graph, Matching, NONE};
use super::weight::Weight;

const UNSEEN: u32 = u32::MAX;

/// Whether every optimal matching of `g` matches every row: the weights put
/// the number matched first (`cardinality_first`) and some matching matches
/// every row (`saturates_rows`).
pub fn everyone_matched<W: Weight>(g: &Graph<W>) -> bool {
    cardinality_first(g) && saturates_rows(g)
}

/// Whether a matching with one more row always weighs more: the smallest
/// weight exceeds what all rows' spreads above it can add up to. (The tiers'
/// `MATCHED` is built to be exactly that.)
pub fn cardinality_first<W: Weight>(g: &Graph<W>) -> bool {
    let n = g.row_start.len() - 1;
    let Some(min) = g.w.iter().map(|w| w.to_i128()).min() else {
        return true; // no arcs: nothing to compare
    };
    let mut spread: i128 = 0;
    for r in 0..n {
        let row = &g.w[g.row_start[r]..g.row_start[r + 1]];
        if let Some(top) = row.iter().map(|w| w.to_i128()).max() {
            spread = spread.saturating_add(top - min);
        }
    }
    min > 0 && min > spread
}

/// Whether some b-matching of `g` matches every row.
pub fn saturates_rows<W>(g: &Graph<W>) -> bool {
    let n = g.row_start.len() - 1;
    let m = g.capacity.len();
    let places: u64 = g.capacity.iter().map(|&c| u64::from(c)).sum();
    if places < n as u64 {
        return false;
    }
    let arcs = |r: usize| g.row_start[r]..g.row_start[r + 1];
    let mut mt = Matching::new(n, &g.capacity);
    // Greedy start: each row its first mentor with room.
    for r in 0..n {
        if let Some(k) = arcs(r).find(|&k| mt.has_room(g.col[k] as usize)) {
            mt.assign(r as u32, g.col[k]);
        }
    }
    let mut free: Vec<u32> = (0..n as u32)
        .filter(|&r| mt.row_col[r as usize] == NONE)
        .collect();
    let mut row_layer = vec![UNSEEN; n];
    let mut col_layer = vec![UNSEEN; m];
    let mut next = vec![0usize; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    // Per path step: the row, and the mentor it arrived through.
    let mut stack: Vec<(u32, u32)> = Vec::new();
    while !free.is_empty() {
        // Layers by breadth-first search from every free row, up to the
        // first layer with a mentor that has room.
        row_layer.fill(UNSEEN);
        col_layer.fill(UNSEEN);
        queue.clear();
        for &r in &free {
            row_layer[r as usize] = 0;
            queue.push(r);
        }
        let mut end = UNSEEN;
        let mut head = 0;
        while head < queue.len() {
            let r = queue[head] as usize;
            head += 1;
            let d = row_layer[r];
            if d + 1 > end {
                break;
            }
            for k in arcs(r) {
                let c = g.col[k] as usize;
                if col_layer[c] != UNSEEN {
                    continue;
                }
                col_layer[c] = d + 1;
                if mt.has_room(c) {
                    end = d + 1;
                } else {
                    for &r2 in mt.rows(c) {
                        if row_layer[r2 as usize] == UNSEEN {
                            row_layer[r2 as usize] = d + 2;
                            queue.push(r2);
                        }
                    }
                }
            }
        }
        if end == UNSEEN {
            return false; // no augmenting path: some row stays unmatched
        }
        // Vertex-disjoint shortest augmenting paths by depth-first search
        // along the layers; a row or mentor that leads nowhere is dropped.
        next.copy_from_slice(&g.row_start[..n]);
        let mut augmented = false;
        for &f in &free {
            stack.clear();
            stack.push((f, NONE));
            while let Some(&(r, _)) = stack.last() {
                let r = r as usize;
                let d = row_layer[r];
                let mut step = None;
                while next[r] < g.row_start[r + 1] {
                    let c = g.col[next[r]] as usize;
                    if col_layer[c] != d + 1 {
                        next[r] += 1;
                        continue;
                    }
                    if d + 1 == end && mt.has_room(c) {
                        step = Some((c, None));
                        break;
                    }
                    let deeper = mt
                        .rows(c)
                        .iter()
                        .copied()
                        .find(|&r2| row_layer[r2 as usize] == d + 2);
                    match deeper {
                        Some(r2) if d + 1 < end => {
                            step = Some((c, Some(r2)));
                            break;
                        }
                        _ => {
                            // Nothing further through this mentor in this phase.
                            col_layer[c] = UNSEEN;
                            next[r] += 1;
                        }
                    }
                }
                match step {
                    None => {
                        // Dead end: drop the row and go back.
                        row_layer[r] = UNSEEN;
                        stack.pop();
                    }
                    Some((c, Some(r2))) => stack.push((r2, c as u32)),
                    Some((c, None)) => {
                        // Augment: each row on the path moves to the mentor
                        // the next row arrived through; the last takes `c`.
                        let mut to = c as u32;
                        while let Some((row, via)) = stack.pop() {
                            if mt.row_col[row as usize] != NONE {
                                mt.unassign(row);
                            }
                            mt.assign(row, to);
                            row_layer[row as usize] = UNSEEN;
                            to = via;
                        }
                        augmented = true;
                    }
                }
            }
        }
        if !augmented {
            return false; // cannot happen: a shortest path was found above
        }
        free.retain(|&r| mt.row_col[r as usize] == NONE);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Maximum b-matching size by brute force over each row's options.
    fn brute_max(g: &Graph<i64>) -> usize {
        fn go(g: &Graph<i64>, r: usize, load: &mut [u32]) -> usize {
            if r + 1 == g.row_start.len() {
                return 0;
            }
            let mut best = go(g, r + 1, load);
            for k in g.row_start[r]..g.row_start[r + 1] {
                let c = g.col[k] as usize;
                if load[c] < g.capacity[c] {
                    load[c] += 1;
                    best = best.max(1 + go(g, r + 1, load));
                    load[c] -= 1;
                }
            }
            best
        }
        go(g, 0, &mut vec![0; g.capacity.len()])
    }

    #[test]
    fn agrees_with_brute_force_on_small_graphs() {
        let mut saturated = 0;
        for seed in 0..400u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let n = rng.gen_range(0..9);
            let m = rng.gen_range(1..5);
            let capacity: Vec<u32> = (0..m).map(|_| rng.gen_range(0..4)).collect();
            let density = rng.gen_range(0.2..0.9);
            let g = super::super::random_arcs(&mut rng, n, capacity, density, |_| 1);
            let want = brute_max(&g) == n;
            saturated += usize::from(want);
            assert_eq!(saturates_rows(&g), want, "seed {seed}: {g:?}");
        }
        assert!(saturated > 50, "too few saturated cases: {saturated}");
    }

    #[test]
    fn long_augmenting_paths_are_found() {
        // Row i < n - 1 lists mentors i and i + 1 (capacity 1 each), the last
        // row only mentor 0: the greedy start gives row i mentor i, and the
        // last row needs the path through every row to mentor n - 1.
        let n = 2000u32;
        let mut g = Graph {
            row_start: vec![0],
            col: Vec::new(),
            w: Vec::new(),
            capacity: vec![1; n as usize],
        };
        for i in 0..n - 1 {
            g.col.extend([i, i + 1]);
            g.w.extend([1, 1]);
            g.row_start.push(g.col.len());
        }
        g.col.push(0);
        g.w.push(1);
        g.row_start.push(g.col.len());
        assert!(saturates_rows(&g));
        g.capacity[n as usize - 1] = 0;
        assert!(!saturates_rows(&g));
    }
}
