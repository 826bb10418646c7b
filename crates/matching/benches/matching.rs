//! Criterion benches for the hot parts: scoring a row of mentors, one
//! recommendation query, and a whole optimal solve. The side-by-side
//! comparison with SciPy, lapx and OR-Tools is `scripts/bench-matching`.

use criterion::{criterion_group, criterion_main, Criterion};
use mentorhub_matching::{prepare, Instance, Recommender, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

fn profiles(n: usize, m: usize, seed: u64) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let skills = [
        "strategy",
        "coaching",
        "talent",
        "finance",
        "sales",
        "negotiation",
        "hiring",
        "product",
    ];
    let words: Vec<String> = (0..300).map(|k| format!("w{k}")).collect();
    let text = |rng: &mut ChaCha8Rng, k: usize| {
        (0..k)
            .map(|_| words[rng.gen_range(0..words.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mentors: Vec<Value> = (0..m)
        .map(|j| {
            let sk: serde_json::Map<String, Value> = (0..3).map(|_| (skills[rng.gen_range(0..8)].to_string(), json!(rng.gen_range(1..=5)))).collect();
            json!({"id": format!("m{j:05}"), "capacity": 5, "skills": sk, "leadership_style": (["collaborative", "decisive"])[rng.gen_range(0..2)],
                   "personal_style": ["warm", "thinker"], "level": rng.gen_range(3..12), "location": format!("L{}", rng.gen_range(0..8)),
                   "function": format!("F{}", rng.gen_range(0..6)), "bio": text(&mut rng, 20)})
        })
        .collect();
    let mentees: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("e{i:06}"), "focus_skills": [skills[rng.gen_range(0..8)]], "leadership_style": "decisive",
                   "style_preference": "mirror", "personal_preference": ["warm"], "level": rng.gen_range(1..9),
                   "location": format!("L{}", rng.gen_range(0..8)), "function": format!("F{}", rng.gen_range(0..6)), "goals": text(&mut rng, 12)})
        })
        .collect();
    let prefs: Vec<Value> = (0..n)
        .map(|i| json!({"mentee": format!("e{i:06}"), "mentor": format!("m{:05}", rng.gen_range(0..m / 10 + 1)), "rank": 1}))
        .collect();
    Instance::from_json(
        json!({"mentors": mentors, "mentees": mentees, "preferences": prefs})
            .to_string()
            .as_bytes(),
    )
    .unwrap()
}

fn benches(c: &mut Criterion) {
    let directory = profiles(10, 20_000, 1);
    let rec = Recommender::new(&directory);
    c.bench_function("recommend top 10 of 20,000 mentors", |b| {
        b.iter(|| rec.top(3, 10))
    });

    let inst = profiles(2_000, 400, 2);
    c.bench_function("score candidates 2,000 x 400", |b| {
        b.iter(|| prepare(&inst, &SolveOptions::default()))
    });
    c.bench_function("solve optimal 2,000 x 400 (with certificate)", |b| {
        b.iter(|| prepare(&inst, &SolveOptions::default()).solve())
    });
}

criterion_group! {
    name = matching;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(matching);
