//! Shared test helpers: random instances, an exhaustive search, a textbook
//! min-cost-flow solver, and a constraint checker — all independent of the
//! engine's solver.

#![allow(dead_code)]
// Index loops mirror the textbook formulations they implement.
#![allow(clippy::needless_range_loop)]

use mentorhub_matching::{blocker, Instance, MatchResult};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// (matched, first choices, second choices, total score): compared lexicographically.
pub type Lex = (i64, i64, i64, i64);

pub struct Generated {
    pub json: Value,
}

/// A random instance with explicit scores (dense or sparse), capacities
/// 0–`max_cap`, up to two preferences, forbidden pairs and maybe a pin.
pub fn random_explicit(seed: u64, n: usize, m: usize, max_cap: u32, max_score: i64) -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mentors: Vec<Value> = (0..m)
        .map(|j| json!({"id": format!("m{j}"), "capacity": rng.gen_range(0..=max_cap)}))
        .collect();
    let mentees: Vec<Value> = (0..n).map(|i| json!({"id": format!("e{i}")})).collect();
    // Few distinct scores, so ties are common.
    let levels = rng.gen_range(1..=4);
    let matrix: Vec<Vec<i64>> = (0..n)
        .map(|_| {
            (0..m)
                .map(|_| {
                    if rng.gen_bool(0.2) {
                        -1
                    } else {
                        rng.gen_range(0..=levels) * max_score / levels
                    }
                })
                .collect()
        })
        .collect();
    let mut prefs = Vec::new();
    let mut forbidden = Vec::new();
    for i in 0..n {
        let mut js: Vec<usize> = (0..m).collect();
        js.shuffle(&mut rng);
        let count = rng.gen_range(0..=2.min(m));
        for (r, &j) in js.iter().take(count).enumerate() {
            prefs
                .push(json!({"mentee": format!("e{i}"), "mentor": format!("m{j}"), "rank": r + 1}));
        }
        if m > 0 && rng.gen_bool(0.3) {
            forbidden.push(
                json!({"mentee": format!("e{i}"), "mentor": format!("m{}", rng.gen_range(0..m))}),
            );
        }
    }
    let mut inst = json!({"mentors": mentors, "mentees": mentees, "preferences": prefs, "forbidden": forbidden});
    if rng.gen_bool(0.5) {
        inst["score_matrix"] = json!(matrix);
    } else {
        let scores: Vec<Value> = (0..n)
            .flat_map(|i| (0..m).map(move |j| (i, j)))
            .filter(|&(i, j)| matrix[i][j] >= 0)
            .map(|(i, j)| json!({"mentee": format!("e{i}"), "mentor": format!("m{j}"), "score": matrix[i][j]}))
            .collect();
        inst["scores"] = json!(scores);
    }
    maybe_pin(&mut rng, &mut inst);
    inst
}

/// A random instance with profiles, so compatibility is computed.
pub fn random_profiles(seed: u64, n: usize, m: usize, max_cap: u32) -> Value {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let skills = ["strategy", "coaching", "talent", "finance", "sales"];
    let styles = ["collaborative", "decisive"];
    let personal = [
        "sociable",
        "business-like",
        "thinker",
        "doer",
        "warm",
        "reserved",
    ];
    let places = ["London", "Leeds", "Paris"];
    let functions = ["Finance", "Sales", "HR"];
    let words = [
        "grow",
        "lead",
        "strategy",
        "teams",
        "decisions",
        "talent",
        "finance",
        "coaching",
        "sales",
        "people",
    ];
    let pick = |rng: &mut ChaCha8Rng, xs: &[&str], k: usize| -> Vec<String> {
        let mut v: Vec<String> = xs.choose_multiple(rng, k).map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let mentors: Vec<Value> = (0..m)
        .map(|j| {
            let sk: serde_json::Map<String, Value> = pick(&mut rng, &skills, 2)
                .into_iter()
                .map(|s| (s, json!(rng.gen_range(1..=5))))
                .collect();
            json!({
                "id": format!("m{j}"), "capacity": rng.gen_range(0..=max_cap), "skills": sk,
                "leadership_style": styles.choose(&mut rng), "personal_style": pick(&mut rng, &personal, 3),
                "level": rng.gen_range(3..=9), "location": places.choose(&mut rng), "function": functions.choose(&mut rng),
                "bio": pick(&mut rng, &words, 4).join(" "),
            })
        })
        .collect();
    let mentees: Vec<Value> = (0..n)
        .map(|i| {
            let (k_focus, k_personal) = (rng.gen_range(1..=2), rng.gen_range(0..=2));
            let chain: Vec<String> = if m > 0 && rng.gen_bool(0.3) {
                vec![format!("m{}", rng.gen_range(0..m))]
            } else {
                vec![]
            };
            json!({
                "id": format!("e{i}"), "focus_skills": pick(&mut rng, &skills, k_focus),
                "leadership_style": styles.choose(&mut rng), "style_preference": (["mirror", "different", "any"]).choose(&mut rng),
                "personal_preference": pick(&mut rng, &personal, k_personal), "level": rng.gen_range(1..=7),
                "location": places.choose(&mut rng), "function": functions.choose(&mut rng),
                "goals": pick(&mut rng, &words, 3).join(" "), "management_chain": chain,
            })
        })
        .collect();
    let mut prefs = Vec::new();
    for i in 0..n {
        let mut js: Vec<usize> = (0..m).collect();
        js.shuffle(&mut rng);
        for (r, &j) in js.iter().take(rng.gen_range(0..=2.min(m))).enumerate() {
            prefs
                .push(json!({"mentee": format!("e{i}"), "mentor": format!("m{j}"), "rank": r + 1}));
        }
    }
    let rules = json!({
        "management_line": (["exclude", "allow"]).choose(&mut rng),
        "min_level_gap": ([json!(null), json!(0), json!(1), json!(2)]).choose(&mut rng),
        "same_location": rng.gen_bool(0.2),
        "function": (["same", "cross", "any"]).choose(&mut rng),
    });
    let mut inst =
        json!({"rules": rules, "mentors": mentors, "mentees": mentees, "preferences": prefs});
    maybe_pin(&mut rng, &mut inst);
    inst
}

/// Pins one eligible pair half of the time (if it is valid).
fn maybe_pin(rng: &mut ChaCha8Rng, inst: &mut Value) {
    if !rng.gen_bool(0.5) {
        return;
    }
    let parsed =
        Instance::from_json(inst.to_string().as_bytes()).expect("generated instances are valid");
    let (n, m) = (parsed.mentees().len(), parsed.mentors().len());
    if n == 0 || m == 0 {
        return;
    }
    let i = rng.gen_range(0..n);
    if let Some(j) = (0..m).find(|&j| blocker(&parsed, i, j).is_none()) {
        inst["pinned"] =
            json!([{"mentee": parsed.mentees()[i].id, "mentor": parsed.mentors()[j].id}]);
    }
}

/// Scores of every pair as the engine defines them (None = ineligible), via
/// the public recommendation API, which uses the same scoring.
pub fn score_table(inst: &Instance) -> Vec<Vec<Option<i64>>> {
    let m = inst.mentors().len();
    (0..inst.mentees().len())
        .map(|i| {
            let mut row = vec![None; m];
            for rec in mentorhub_matching::recommend(inst, i, m) {
                row[inst.mentor_index(&rec.mentor).unwrap()] = Some(i64::from(rec.score));
            }
            row
        })
        .collect()
}

fn rank(inst: &Instance, i: usize, j: usize) -> (i64, i64) {
    match inst.preference_rank(i, j) {
        Some(mentorhub_matching::Rank::First) => (1, 0),
        Some(mentorhub_matching::Rank::Second) => (0, 1),
        None => (0, 0),
    }
}

/// The lexicographic value of an assignment.
pub fn value(inst: &Instance, scores: &[Vec<Option<i64>>], mentor_of: &[Option<usize>]) -> Lex {
    let mut v = (0, 0, 0, 0);
    for (i, j) in mentor_of.iter().enumerate() {
        if let Some(j) = *j {
            let (f, s) = rank(inst, i, j);
            v = (
                v.0 + 1,
                v.1 + f,
                v.2 + s,
                v.3 + scores[i][j].expect("eligible"),
            );
        }
    }
    v
}

/// Exhaustive search over every assignment (mentee → nobody or any mentor).
pub fn brute_force(inst: &Instance) -> Lex {
    let scores = score_table(inst);
    let (n, m) = (inst.mentees().len(), inst.mentors().len());
    let mut best = (0, 0, 0, 0);
    let mut load = vec![0u32; m];
    let mut cur = vec![None; n];
    fn go(
        inst: &Instance,
        scores: &[Vec<Option<i64>>],
        i: usize,
        load: &mut [u32],
        cur: &mut [Option<usize>],
        best: &mut Lex,
    ) {
        if i == cur.len() {
            *best = (*best).max(value(inst, scores, cur));
            return;
        }
        if let Some(p) = inst.pinned_mentor(i) {
            cur[i] = Some(p); // its place was taken up front
            go(inst, scores, i + 1, load, cur, best);
            return;
        }
        cur[i] = None;
        go(inst, scores, i + 1, load, cur, best);
        for j in 0..load.len() {
            if scores[i][j].is_some() && load[j] < inst.mentors()[j].capacity {
                cur[i] = Some(j);
                load[j] += 1;
                go(inst, scores, i + 1, load, cur, best);
                load[j] -= 1;
            }
        }
        cur[i] = None;
    }
    for i in 0..n {
        if let Some(p) = inst.pinned_mentor(i) {
            load[p] += 1;
        }
    }
    go(inst, &scores, 0, &mut load, &mut cur, &mut best);
    best
}

/// A textbook min-cost max-flow: successive shortest paths found by
/// Bellman–Ford, with costs as lexicographic vectors (no tiers, no potentials).
pub fn textbook(inst: &Instance) -> Lex {
    type Cost = (i64, i64, i64); // (−first, −second, −score), summed per path
    let scores = score_table(inst);
    let (n, m) = (inst.mentees().len(), inst.mentors().len());
    // Nodes: 0 source, 1..=n mentees, n+1..=n+m mentors, n+m+1 sink.
    let (s, t) = (0, n + m + 1);
    let mut to = Vec::new();
    let mut cap = Vec::new();
    let mut cost: Vec<Cost> = Vec::new();
    let mut adj = vec![Vec::new(); n + m + 2];
    let mut add = |a: usize,
                   b: usize,
                   c: i64,
                   w: Cost,
                   to: &mut Vec<usize>,
                   cap: &mut Vec<i64>,
                   cost: &mut Vec<Cost>| {
        adj[a].push(to.len());
        to.push(b);
        cap.push(c);
        cost.push(w);
        adj[b].push(to.len());
        to.push(a);
        cap.push(0);
        cost.push((-w.0, -w.1, -w.2));
    };
    let mut capacity: Vec<i64> = inst
        .mentors()
        .iter()
        .map(|m| i64::from(m.capacity))
        .collect();
    let mut base = (0, 0, 0, 0);
    for i in 0..n {
        if let Some(p) = inst.pinned_mentor(i) {
            capacity[p] -= 1;
            let (f, sc) = rank(inst, i, p);
            base = (
                base.0 + 1,
                base.1 + f,
                base.2 + sc,
                base.3 + scores[i][p].unwrap(),
            );
            continue;
        }
        add(s, 1 + i, 1, (0, 0, 0), &mut to, &mut cap, &mut cost);
        for j in 0..m {
            if let Some(sc) = scores[i][j] {
                let (f, se) = rank(inst, i, j);
                add(
                    1 + i,
                    1 + n + j,
                    1,
                    (-f, -se, -sc),
                    &mut to,
                    &mut cap,
                    &mut cost,
                );
            }
        }
    }
    for j in 0..m {
        add(
            1 + n + j,
            t,
            capacity[j],
            (0, 0, 0),
            &mut to,
            &mut cap,
            &mut cost,
        );
    }
    let mut total: Cost = (0, 0, 0);
    let mut flow = 0;
    loop {
        let mut dist: Vec<Option<Cost>> = vec![None; n + m + 2];
        let mut pred = vec![usize::MAX; n + m + 2];
        dist[s] = Some((0, 0, 0));
        for _ in 0..n + m + 2 {
            let mut changed = false;
            for a in 0..n + m + 2 {
                let Some(da) = dist[a] else { continue };
                for &e in &adj[a] {
                    if cap[e] > 0 {
                        let nd = (da.0 + cost[e].0, da.1 + cost[e].1, da.2 + cost[e].2);
                        if dist[to[e]].is_none_or(|d| nd < d) {
                            dist[to[e]] = Some(nd);
                            pred[to[e]] = e;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let Some(d) = dist[t] else { break };
        let mut v = t;
        while v != s {
            let e = pred[v];
            cap[e] -= 1;
            cap[e ^ 1] += 1;
            v = to[e ^ 1];
        }
        total = (total.0 + d.0, total.1 + d.1, total.2 + d.2);
        flow += 1;
    }
    (
        base.0 + flow,
        base.1 - total.0,
        base.2 - total.1,
        base.3 - total.2,
    )
}

/// Re-checks every constraint of a result and returns its lexicographic value.
pub fn check_result(inst: &Instance, result: &MatchResult) -> Lex {
    let scores = score_table(inst);
    let mut mentor_of = vec![None; inst.mentees().len()];
    let mut load = vec![0u32; inst.mentors().len()];
    for p in &result.pairs {
        let i = inst.mentee_index(&p.mentee).expect("known mentee");
        let j = inst.mentor_index(&p.mentor).expect("known mentor");
        assert!(mentor_of[i].is_none(), "mentee {} appears twice", p.mentee);
        mentor_of[i] = Some(j);
        load[j] += 1;
        assert!(
            blocker(inst, i, j).is_none(),
            "pair {}–{} breaks a rule",
            p.mentee,
            p.mentor
        );
        assert_eq!(
            Some(i64::from(p.score)),
            scores[i][j],
            "score of {}–{}",
            p.mentee,
            p.mentor
        );
        assert_eq!(
            p.explanation.total(),
            p.score,
            "explanation of {}–{} adds up",
            p.mentee,
            p.mentor
        );
        assert_eq!(
            p.preference_rank,
            inst.preference_rank(i, j).map(|r| r as u8)
        );
    }
    for (j, m) in inst.mentors().iter().enumerate() {
        assert!(load[j] <= m.capacity, "mentor {} over capacity", m.id);
    }
    for (i, e) in inst.mentees().iter().enumerate() {
        if let Some(p) = inst.pinned_mentor(i) {
            assert_eq!(
                mentor_of[i],
                Some(p),
                "pinned mentee {} keeps its mentor",
                e.id
            );
        }
    }
    let unmatched: Vec<&str> = result.unmatched.iter().map(|u| u.mentee.as_str()).collect();
    assert_eq!(unmatched.len() + result.pairs.len(), inst.mentees().len());
    for u in &result.unmatched {
        assert!(mentor_of[inst.mentee_index(&u.mentee).unwrap()].is_none());
        assert!(!u.reason.is_empty());
    }
    let v = value(inst, &scores, &mentor_of);
    let o = &result.objective;
    assert_eq!(
        v,
        (
            o.matched as i64,
            o.first_choices as i64,
            o.second_choices as i64,
            o.total_score
        )
    );
    v
}

/// Blocking pairs counted the slow way, from the definitions in docs/matching.md.
pub fn blocking_pairs(inst: &Instance, result: &MatchResult) -> u64 {
    let scores = score_table(inst);
    let (n, m) = (inst.mentees().len(), inst.mentors().len());
    let mut mentor_of = vec![None; n];
    for p in &result.pairs {
        mentor_of[inst.mentee_index(&p.mentee).unwrap()] =
            Some(inst.mentor_index(&p.mentor).unwrap());
    }
    let key = |i: usize, j: usize| {
        (
            inst.preference_rank(i, j).map_or(3, |r| r as u8),
            -scores[i][j].unwrap(),
            j,
        )
    };
    let mut count = 0;
    for i in 0..n {
        if inst.pinned_mentor(i).is_some() {
            continue;
        }
        for j in 0..m {
            if scores[i][j].is_none() || mentor_of[i] == Some(j) {
                continue;
            }
            let pinned = (0..n).filter(|&k| inst.pinned_mentor(k) == Some(j)).count() as u32;
            if inst.mentors()[j].capacity <= pinned {
                continue;
            }
            if mentor_of[i].is_some_and(|c| key(i, c) < key(i, j)) {
                continue;
            }
            let held: Vec<usize> = (0..n)
                .filter(|&k| mentor_of[k] == Some(j) && inst.pinned_mentor(k).is_none())
                .collect();
            let room = (held.len() as u32) + pinned < inst.mentors()[j].capacity;
            let worse_held = held
                .iter()
                .any(|&k| (-scores[k][j].unwrap(), k) > (-scores[i][j].unwrap(), i));
            if room || worse_held {
                count += 1;
            }
        }
    }
    count
}
