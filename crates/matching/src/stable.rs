//! The stable mode: mentee-proposing deferred acceptance with capacities.
//!
//! A mentee ranks eligible mentors by its stated first and second choice, then
//! by score (ties by mentor id). A mentor ranks mentees by score alone (ties
//! by mentee id): preferences are private, so they never sway the mentor's
//! side. The result has no blocking pair and is the best stable matching for
//! every mentee.

use crate::compat::Compat;
use crate::score::Scratch;
use crate::solver::Free;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Per mentee (instance order): its mentor, pinned ones included.
pub(crate) fn deferred_acceptance(compat: &Compat) -> Vec<Option<u32>> {
    let inst = compat.inst;
    let free = Free::new(compat);
    let m = inst.mentors.len();

    // Each free mentee's list, best first: (mentor, score).
    let lists: Vec<Vec<(u32, i32)>> = free
        .rows
        .par_iter()
        .map_init(
            || (Vec::new(), Scratch::default()),
            |(buf, scratch): &mut (Vec<i32>, Scratch), &i| {
                let i = i as usize;
                buf.resize(m, 0);
                compat.fill_row(i, buf, scratch);
                let mut list: Vec<(u32, i32)> = buf
                    .iter()
                    .enumerate()
                    .filter(|&(j, &s)| s >= 0 && free.capacity[j] > 0)
                    .map(|(j, &s)| (j as u32, s))
                    .collect();
                let class = |j: u32| {
                    inst.preference_rank(i, j as usize)
                        .map_or(2, |r| r as u8 - 1)
                };
                list.sort_unstable_by_key(|&(j, s)| (class(j), Reverse(s), j));
                list
            },
        )
        .collect();

    // Mentors hold their best offers so far; the heap's top is the worst held.
    let mut held: Vec<BinaryHeap<(Reverse<i32>, u32)>> = vec![BinaryHeap::new(); m];
    let mut next = vec![0usize; free.rows.len()];
    let mut waiting: Vec<usize> = (0..free.rows.len()).rev().collect();
    while let Some(r) = waiting.pop() {
        let Some(&(j, s)) = lists[r].get(next[r]) else {
            continue;
        };
        next[r] += 1;
        let heap = &mut held[j as usize];
        heap.push((Reverse(s), r as u32));
        if heap.len() > free.capacity[j as usize] as usize {
            let (_, rejected) = heap.pop().expect("over capacity, so not empty");
            waiting.push(rejected as usize);
        }
    }

    let mut mentor_of = inst.pinned.clone();
    for (j, heap) in held.iter().enumerate() {
        for &(_, r) in heap {
            mentor_of[free.rows[r as usize] as usize] = Some(j as u32);
        }
    }
    mentor_of
}
