//! The optimal mode gives the lexicographic optimum of SPEC §6 — checked
//! against exhaustive search on every small size and a textbook min-cost-flow
//! solver on medium instances — and proves it with a certificate.

mod common;

use common::*;
use mentorhub_matching::{solve, verify_certificate, Instance, Objective, SolveOptions};
use proptest::prelude::*;

fn parse(v: &serde_json::Value) -> Instance {
    Instance::from_json(v.to_string().as_bytes()).expect("generated instances are valid")
}

fn options(candidates: usize) -> SolveOptions {
    SolveOptions {
        candidates,
        ..SolveOptions::default()
    }
}

fn assert_optimal(inst: &Instance, candidates: usize) {
    let solution = solve(inst, &options(candidates));
    let got = check_result(inst, &solution.result);
    assert_eq!(
        got,
        brute_force(inst),
        "engine vs exhaustive search: {:?} {:?}",
        solution.result,
        inst
    );
    let cert = solution
        .result
        .certificate
        .as_ref()
        .expect("optimal mode reports a certificate");
    assert!(cert.verified, "certificate: {cert:?}");
    assert_eq!(
        solution.result.blocking_pairs,
        blocking_pairs(inst, &solution.result)
    );
}

#[test]
fn every_size_up_to_seven_mentees_and_four_mentors_is_optimal() {
    for n in 0..=7 {
        for m in 0..=4 {
            for seed in 0..3 {
                let inst = parse(&random_explicit(
                    1000 * n as u64 + 10 * m as u64 + seed,
                    n,
                    m,
                    3,
                    100,
                ));
                assert_optimal(&inst, 1 + (seed as usize % 3));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn explicit_scores_are_solved_optimally(seed in any::<u64>(), n in 0usize..=7, m in 0usize..=4, cap in 0u32..=3, candidates in 1usize..=4) {
        let inst = parse(&random_explicit(seed, n, m, cap, 10_000));
        assert_optimal(&inst, candidates);
    }

    #[test]
    fn computed_scores_are_solved_optimally(seed in any::<u64>(), n in 0usize..=7, m in 0usize..=4, cap in 0u32..=3) {
        let inst = parse(&random_profiles(seed, n, m, cap));
        assert_optimal(&inst, 2);
    }

    #[test]
    fn stable_mode_leaves_no_blocking_pair(seed in any::<u64>(), n in 0usize..=9, m in 0usize..=4, cap in 0u32..=3) {
        let inst = parse(&random_explicit(seed, n, m, cap, 100));
        let result = solve(&inst, &SolveOptions { objective: Objective::Stable, ..SolveOptions::default() }).result;
        check_result(&inst, &result);
        prop_assert_eq!(result.blocking_pairs, 0);
        prop_assert_eq!(blocking_pairs(&inst, &result), 0);
    }
}

#[test]
fn medium_instances_match_the_textbook_solver() {
    for seed in 0..12 {
        let (n, m) = (30 + seed as usize * 3, 6 + seed as usize % 5);
        let json = if seed % 2 == 0 {
            random_explicit(seed, n, m, 5, 10_000)
        } else {
            random_profiles(seed, n, m, 5)
        };
        let inst = parse(&json);
        for candidates in [1, 3, 24] {
            let result = solve(&inst, &options(candidates)).result;
            assert_eq!(
                check_result(&inst, &result),
                textbook(&inst),
                "seed {seed}, {candidates} candidates"
            );
            assert!(result.certificate.unwrap().verified);
        }
    }
}

#[test]
fn same_input_in_another_order_gives_the_same_pairs() {
    for seed in 0..10 {
        let json = random_profiles(seed, 25, 6, 3);
        let a = solve(&parse(&json), &SolveOptions::default()).result;
        let mut shuffled = json.clone();
        shuffled["mentors"].as_array_mut().unwrap().reverse();
        shuffled["mentees"].as_array_mut().unwrap().reverse();
        let b = solve(&parse(&shuffled), &SolveOptions::default()).result;
        assert_eq!(a.pairs, b.pairs);
        assert_eq!(a.unmatched, b.unmatched);
    }
}

#[test]
fn a_tampered_certificate_is_rejected() {
    let inst = parse(&random_explicit(7, 30, 6, 3, 100));
    let solution = solve(&inst, &SolveOptions::default());
    let cert = solution.certificate.clone().unwrap();
    assert!(verify_certificate(&inst, &solution.mentor_of, &cert).verified);

    let mut lowered = cert.clone();
    let i = (0..inst.mentees().len())
        .find(|&i| lowered.mentee_potential[i] > 0)
        .expect("some matched mentee has a potential");
    lowered.mentee_potential[i] -= 1;
    assert!(!verify_certificate(&inst, &solution.mentor_of, &lowered).verified);

    // A worse assignment fails against the optimal potentials.
    let mut worse = solution.mentor_of.clone();
    let i = (0..worse.len())
        .find(|&i| worse[i].is_some() && inst.pinned_mentor(i).is_none())
        .unwrap();
    worse[i] = None;
    assert!(!verify_certificate(&inst, &worse, &cert).verified);
}

#[test]
fn first_choices_come_before_a_higher_total_score() {
    let inst = Instance::from_json(
        br#"{"mentors": [{"id": "m1"}, {"id": "m2"}],
             "mentees": [{"id": "a"}, {"id": "b"}],
             "preferences": [{"mentee": "a", "mentor": "m1", "rank": 1}, {"mentee": "b", "mentor": "m1", "rank": 2}],
             "score_matrix": [[1, 9000], [9000, 10]]}"#,
    )
    .unwrap();
    let r = solve(&inst, &SolveOptions::default()).result;
    let pairs: Vec<(&str, &str)> = r
        .pairs
        .iter()
        .map(|p| (p.mentee.as_str(), p.mentor.as_str()))
        .collect();
    assert_eq!(pairs, [("a", "m1"), ("b", "m2")]);
    assert_eq!(
        (
            r.objective.first_choices,
            r.objective.second_choices,
            r.objective.total_score
        ),
        (1, 0, 11)
    );
}

#[test]
fn more_mentees_matched_beats_first_choices() {
    // Giving "a" its first choice would leave "b" with nobody.
    let inst = Instance::from_json(
        br#"{"mentors": [{"id": "m1"}, {"id": "m2"}],
             "mentees": [{"id": "a"}, {"id": "b"}],
             "preferences": [{"mentee": "a", "mentor": "m1", "rank": 1}],
             "score_matrix": [[50, 50], [50, -1]]}"#,
    )
    .unwrap();
    let r = solve(&inst, &SolveOptions::default()).result;
    assert_eq!(r.objective.matched, 2);
    assert_eq!(r.objective.first_choices, 0);
}
