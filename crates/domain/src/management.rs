//! The management line: a person's chain of managers, derived from manager ids.
//!
//! HR data can be wrong (a cycle, a manager who is not in the file); those are
//! reported rather than looped over or silently dropped.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// A problem found in the reporting lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManagementError<K> {
    /// Following managers from `start` comes back to a person already on the path;
    /// `cycle` lists the people in the loop, in order.
    Cycle { start: K, cycle: Vec<K> },
}

/// Everyone above `person`, nearest first. `manager_of` gives a person's direct
/// manager. A cycle is reported, never followed forever.
pub fn management_chain<K, F>(person: &K, manager_of: F) -> Result<Vec<K>, ManagementError<K>>
where
    K: Clone + Eq + Hash,
    F: Fn(&K) -> Option<K>,
{
    let mut chain = Vec::new();
    let mut seen: HashSet<K> = HashSet::new();
    seen.insert(person.clone());
    let mut current = person.clone();
    while let Some(manager) = manager_of(&current) {
        if !seen.insert(manager.clone()) {
            let at = chain.iter().position(|k| *k == manager).unwrap_or(0);
            let mut cycle: Vec<K> = if manager == *person {
                std::iter::once(person.clone()).chain(chain).collect()
            } else {
                chain[at..].to_vec()
            };
            cycle.dedup();
            return Err(ManagementError::Cycle {
                start: person.clone(),
                cycle,
            });
        }
        chain.push(manager.clone());
        current = manager;
    }
    Ok(chain)
}

/// True when `candidate` is somewhere above `person` in the management line.
pub fn is_in_management_line<K, F>(person: &K, candidate: &K, manager_of: F) -> bool
where
    K: Clone + Eq + Hash,
    F: Fn(&K) -> Option<K>,
{
    match management_chain(person, manager_of) {
        Ok(chain) => chain.contains(candidate),
        // In a broken chain, stay on the safe side: treat everyone on the loop as
        // in the line, so that the approval rule still applies.
        Err(ManagementError::Cycle { cycle, .. }) => cycle.contains(candidate),
    }
}

/// Every person who is part of a manager cycle in `managers` (person → manager).
/// Runs in linear time: each person is walked at most once.
pub fn find_cycles<K>(managers: &HashMap<K, K>) -> Vec<Vec<K>>
where
    K: Clone + Eq + Hash + Ord,
{
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        OnPath,
        Done,
    }
    let mut marks: HashMap<K, Mark> = HashMap::new();
    let mut cycles = Vec::new();
    let mut starts: Vec<&K> = managers.keys().collect();
    starts.sort();
    for start in starts {
        if marks.contains_key(start) {
            continue;
        }
        let mut path: Vec<K> = Vec::new();
        let mut current = Some(start.clone());
        while let Some(p) = current {
            match marks.get(&p) {
                Some(Mark::Done) => break,
                Some(Mark::OnPath) => {
                    let at = path.iter().position(|k| *k == p).unwrap_or(0);
                    let mut cycle = path[at..].to_vec();
                    // Report each cycle starting from its smallest member, so that
                    // the same loop found twice reads the same.
                    let min = cycle.iter().enumerate().min_by(|a, b| a.1.cmp(b.1));
                    if let Some((i, _)) = min {
                        cycle.rotate_left(i);
                    }
                    cycles.push(cycle);
                    break;
                }
                None => {
                    marks.insert(p.clone(), Mark::OnPath);
                    path.push(p.clone());
                    current = managers.get(&p).cloned();
                }
            }
        }
        for p in path {
            marks.insert(p, Mark::Done);
        }
    }
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(pairs: &[(&'static str, &'static str)]) -> HashMap<&'static str, &'static str> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn chain_lists_managers_nearest_first() {
        let m = org(&[("ana", "bo"), ("bo", "cy"), ("cy", "ceo")]);
        let chain = management_chain(&"ana", |p| m.get(p).copied()).unwrap();
        assert_eq!(chain, vec!["bo", "cy", "ceo"]);
        assert!(management_chain(&"ceo", |p| m.get(p).copied())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_manager_cycle_is_reported_not_looped() {
        let m = org(&[("ana", "bo"), ("bo", "cy"), ("cy", "bo")]);
        let err = management_chain(&"ana", |p| m.get(p).copied()).unwrap_err();
        assert_eq!(
            err,
            ManagementError::Cycle {
                start: "ana",
                cycle: vec!["bo", "cy"]
            }
        );
        let self_loop = org(&[("ana", "ana")]);
        assert!(management_chain(&"ana", |p| self_loop.get(p).copied()).is_err());
    }

    #[test]
    fn management_line_membership() {
        let m = org(&[("ana", "bo"), ("bo", "cy")]);
        assert!(is_in_management_line(&"ana", &"cy", |p| m.get(p).copied()));
        assert!(!is_in_management_line(&"cy", &"ana", |p| m.get(p).copied()));
        assert!(!is_in_management_line(&"ana", &"dee", |p| m
            .get(p)
            .copied()));
    }

    #[test]
    fn find_cycles_reports_each_loop_once() {
        let m = org(&[
            ("a", "b"),
            ("b", "c"),
            ("c", "a"),
            ("x", "y"),
            ("y", "x"),
            ("p", "q"),
            ("z", "a"),
        ]);
        assert_eq!(find_cycles(&m), vec![vec!["a", "b", "c"], vec!["x", "y"]]);
        assert!(find_cycles(&org(&[("a", "b"), ("b", "c")])).is_empty());
    }

    proptest::proptest! {
        /// Any forest (each person's manager has a smaller index) has no cycle, and
        /// every chain ends at a root within n steps.
        #[test]
        fn forests_have_no_cycles(parents in proptest::collection::vec(proptest::option::of(0usize..1000), 1..60)) {
            let mut m: HashMap<usize, usize> = HashMap::new();
            for (i, p) in parents.iter().enumerate() {
                if let Some(p) = p { if i > 0 { m.insert(i, p % i); } }
            }
            proptest::prop_assert!(find_cycles(&m).is_empty());
            for i in 0..parents.len() {
                let chain = management_chain(&i, |k| m.get(k).copied()).unwrap();
                proptest::prop_assert!(chain.len() < parents.len());
            }
        }
    }
}
