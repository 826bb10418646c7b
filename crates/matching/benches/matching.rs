//! Criterion benches for the hot parts: scoring a row of mentors, one
//! recommendation query, the exact solve (candidate lists, auction, phased
//! shortest augmenting paths, warm-started pricing rounds) on profile scores
//! and on explicit scores with skewed preferences and many ties, and the
//! certificate check over all pairs. The side-by-side comparison with SciPy,
//! lapx and OR-Tools is `scripts/bench-matching`.

use criterion::{criterion_group, criterion_main, Criterion};
use mentorhub_matching::{prepare, verify_certificate, Instance, Recommender, SolveOptions};
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

/// Explicit 0–100 scores (many ties), Zipf-skewed first and second choices
/// and three forbidden pairs per mentee: the shape of the realistic instance.
fn skewed(n: usize, m: usize, seed: u64) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let weights: Vec<f64> = (1..=m).map(|r| 1.0 / (r as f64).powf(0.8)).collect();
    let total: f64 = weights.iter().sum();
    let pick = |rng: &mut ChaCha8Rng| {
        let mut x = rng.gen::<f64>() * total;
        for (j, w) in weights.iter().enumerate() {
            x -= w;
            if x <= 0.0 {
                return j;
            }
        }
        m - 1
    };
    let mentors: Vec<Value> = (0..m)
        .map(|j| json!({"id": format!("m{j:05}"), "capacity": 5}))
        .collect();
    let mentees: Vec<Value> = (0..n).map(|i| json!({"id": format!("e{i:06}")})).collect();
    let mut prefs = Vec::new();
    let mut forbidden = Vec::new();
    for i in 0..n {
        let a = pick(&mut rng);
        let b = pick(&mut rng);
        if rng.gen_bool(0.9) {
            prefs.push(
                json!({"mentee": format!("e{i:06}"), "mentor": format!("m{a:05}"), "rank": 1}),
            );
            if b != a && rng.gen_bool(0.7) {
                prefs.push(
                    json!({"mentee": format!("e{i:06}"), "mentor": format!("m{b:05}"), "rank": 2}),
                );
            }
        }
        for _ in 0..3 {
            let j = rng.gen_range(0..m);
            if j != a && j != b {
                forbidden.push(json!({"mentee": format!("e{i:06}"), "mentor": format!("m{j:05}")}));
            }
        }
    }
    let matrix: Vec<Vec<i32>> = (0..n)
        .map(|_| {
            (0..m)
                .map(|_| {
                    if rng.gen_bool(0.25) {
                        -1
                    } else {
                        rng.gen_range(0..=100)
                    }
                })
                .collect()
        })
        .collect();
    Instance::from_json(
        json!({"mentors": mentors, "mentees": mentees, "preferences": prefs,
               "forbidden": forbidden, "score_matrix": matrix})
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
    let no_verify = SolveOptions {
        verify: false,
        ..SolveOptions::default()
    };
    c.bench_function("solve optimal 2,000 x 400 (no certificate check)", |b| {
        b.iter_batched(
            || prepare(&inst, &no_verify),
            |p| p.solve(),
            criterion::BatchSize::LargeInput,
        )
    });
    let solved = prepare(&inst, &no_verify).solve();
    let cert = solved.certificate.clone().unwrap();
    c.bench_function("verify certificate 2,000 x 400 (all pairs)", |b| {
        b.iter(|| verify_certificate(&inst, &solved.mentor_of, &cert))
    });

    let skew = skewed(2_000, 400, 3);
    c.bench_function(
        "solve optimal 2,000 x 400 explicit, skewed preferences (no certificate check)",
        |b| {
            b.iter_batched(
                || prepare(&skew, &no_verify),
                |p| p.solve(),
                criterion::BatchSize::LargeInput,
            )
        },
    );
}

criterion_group! {
    name = matching;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(matching);
