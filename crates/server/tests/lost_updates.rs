//! No lost updates: 32 editors (the pair, each in many browser sessions) edit
//! one agreement — and the mentee's sessions one goal — through the API with
//! `If-Match`, round after round. In each round every editor reads, then every
//! editor writes what it read: exactly one write wins and the others get 412,
//! so the final version is the first plus the number of successful writes.
//!
//! Knobs: `MENTORHUB_EDITORS` (32), `MENTORHUB_EDIT_ROUNDS` (200 here, 1000 in
//! `scripts/crash-test`, for the
//! agreement; the goal gets a fifth of them).

mod common;

use common::TestApp;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Barrier;

const PASSWORD: &str = "mentorhub-demo";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn version_of(r: &reqwest::Response) -> i64 {
    r.headers()["etag"]
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap()
}

#[derive(Clone, Copy)]
enum Object {
    Agreement,
    Goal(i64),
}

struct Tally {
    saved: AtomicUsize,
    stale: AtomicUsize,
}

/// The object's version and body as an editor reads it.
async fn read(c: &reqwest::Client, object: Object, base: &str, url: &str) -> (i64, Value) {
    match object {
        Object::Agreement => {
            let r = c.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            let v = version_of(&r);
            (v, r.json::<Value>().await.unwrap())
        }
        Object::Goal(id) => {
            let list: Value = c
                .get(format!("{base}/goals"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let g = list
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["id"] == id)
                .unwrap()
                .clone();
            (g["version"].as_i64().unwrap(), g)
        }
    }
}

/// Runs `rounds` rounds of `editors` concurrent read-then-write edits on
/// `object`; returns (first version, saved, stale).
async fn race(
    clients: Vec<(reqwest::Client, &'static str)>,
    base: String,
    object: Object,
    rounds: usize,
) -> (i64, usize, usize) {
    let url = match object {
        Object::Agreement => format!("{base}/agreement"),
        Object::Goal(id) => format!("{base}/goals/{id}"),
    };
    let first = read(&clients[0].0, object, &base, &url).await.0;
    let tally = Arc::new(Tally {
        saved: AtomicUsize::new(0),
        stale: AtomicUsize::new(0),
    });
    let barrier = Arc::new(Barrier::new(clients.len()));
    let mut tasks = Vec::new();
    for (i, (c, field)) in clients.into_iter().enumerate() {
        let (barrier, tally, url, base) =
            (barrier.clone(), tally.clone(), url.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            for round in 0..rounds {
                barrier.wait().await;
                let (version, current) = read(&c, object, &base, &url).await;
                barrier.wait().await;
                let text = format!("editor {i} round {round}");
                let body = match object {
                    Object::Agreement => {
                        let mut t = json!({
                            "cadence": current["cadence"], "mode": current["mode"],
                            "duration_months": current["duration_months"],
                            "confidentiality": current["confidentiality"].as_str().unwrap_or("Between us."),
                            "raising_concerns": current["raising_concerns"].as_str().unwrap_or("Say so."),
                            "mentor_concerns": current["mentor_concerns"].as_str().unwrap_or(""),
                            "mentee_concerns": current["mentee_concerns"].as_str().unwrap_or(""),
                        });
                        t[field] = json!(text);
                        t
                    }
                    Object::Goal(_) => json!({
                        "title": current["title"], "description": text,
                        "progress": 50, "status": "in_progress", "shared_with_manager": false,
                    }),
                };
                let r = c
                    .put(&url)
                    .header("If-Match", format!("\"{version}\""))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                match r.status().as_u16() {
                    200 => tally.saved.fetch_add(1, Ordering::Relaxed),
                    412 => tally.stale.fetch_add(1, Ordering::Relaxed),
                    s => panic!("editor {i}: {s} {}", r.text().await.unwrap_or_default()),
                };
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    (
        first,
        tally.saved.load(Ordering::Relaxed),
        tally.stale.load(Ordering::Relaxed),
    )
}

app_story!(
    thirty_two_editors_never_overwrite_each_other,
    demo = true,
    |app: TestApp| async move {
        let editors = env_usize("MENTORHUB_EDITORS", 32).max(2);
        let rounds = env_usize("MENTORHUB_EDIT_ROUNDS", 200);
        let mentee = app.signed_in("mentee@demo.mentorhub.test", PASSWORD).await;
        let list: Value = mentee
            .get(app.url("/api/v1/relationships"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rel = list["as_mentee"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["state"] == "active")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let base = app.url(&format!("/api/v1/relationships/{rel}"));
        let mut clients = Vec::new();
        for i in 0..editors {
            if i % 2 == 0 {
                let c = app.signed_in("mentee@demo.mentorhub.test", PASSWORD).await;
                clients.push((c, "mentee_concerns"));
            } else {
                let c = app.signed_in("mentor@demo.mentorhub.test", PASSWORD).await;
                clients.push((c, "mentor_concerns"));
            }
        }
        let started = std::time::Instant::now();
        let (first, saved, stale) = race(clients, base.clone(), Object::Agreement, rounds).await;
        let r = mentee
            .get(format!("{base}/agreement"))
            .send()
            .await
            .unwrap();
        let last = version_of(&r);
        println!(
            "RESULT agreement: {editors} editors x {rounds} rounds in {:?}: {saved} saved, {stale} refused (412); version {first} -> {last}",
            started.elapsed()
        );
        assert_eq!(last, first + saved as i64, "every saved write is a version");
        assert_eq!(saved, rounds, "one write wins each round");
        assert_eq!(saved + stale, editors * rounds);

        // The goal: only the mentee edits goals, in as many sessions.
        let r = mentee
            .post(format!("{base}/goals"))
            .json(
                &json!({"title": "Shared goal", "description": "", "progress": 0,
                          "status": "not_started", "shared_with_manager": false}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let goal = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let mut mentees = Vec::new();
        for _ in 0..editors {
            mentees.push((
                app.signed_in("mentee@demo.mentorhub.test", PASSWORD).await,
                "description",
            ));
        }
        let goal_rounds = (rounds / 5).max(1);
        let started = std::time::Instant::now();
        let (first, saved, stale) =
            race(mentees, base.clone(), Object::Goal(goal), goal_rounds).await;
        let list: Value = mentee
            .get(format!("{base}/goals"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let last = list
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == goal)
            .unwrap()["version"]
            .as_i64()
            .unwrap();
        println!(
            "RESULT goal: {editors} editors x {goal_rounds} rounds in {:?}: {saved} saved, {stale} refused (412); version {first} -> {last}",
            started.elapsed()
        );
        assert_eq!(last, first + saved as i64);
        assert_eq!(saved, goal_rounds);
    }
);
