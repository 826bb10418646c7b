//! Crash safety: several clients write through the HTTP API (goals, meetings,
//! goal and agreement edits with `If-Match`) while the real `mentorhub serve`
//! is killed with SIGKILL at random moments and started again. After every
//! restart each write the server acknowledged is still there, and the database
//! passes its integrity check (SQLite `PRAGMA integrity_check` and
//! `foreign_key_check`; PostgreSQL: the rows themselves, read back with SQL).
//!
//! The cargo test is the short form (5 kills). `scripts/crash-test` runs the
//! long form; the knobs are environment variables:
//! `MENTORHUB_CRASH_KILLS` (5), `MENTORHUB_CRASH_WRITERS` (6, at least 6),
//! `MENTORHUB_CRASH_MAX_GAP_MS` (600, the longest run between kills) and
//! `MENTORHUB_TEST_SEED` (repeat a run).

mod support;

use mentorhub_store::Backend;
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

/// Everything the server said yes to.
#[derive(Default, Clone)]
struct Ledger {
    /// goal id → title
    goals: HashMap<i64, String>,
    /// meeting id → agenda ("" for the mentor's, who sends none)
    meetings: HashMap<i64, String>,
    /// acknowledged versions of the shared goal → its description then
    goal_edits: HashMap<i64, String>,
    /// acknowledged versions of the agreement → (field, text)
    agreement_edits: HashMap<i64, (&'static str, String)>,
    /// requests that got no answer (the server died under them)
    unanswered: u64,
}

impl Ledger {
    fn acknowledged(&self) -> usize {
        self.goals.len() + self.meetings.len() + self.goal_edits.len() + self.agreement_edits.len()
    }
}

#[derive(Clone, Copy, Debug)]
enum Writer {
    Goals,
    MenteeMeetings,
    MentorMeetings,
    GoalEdits,
    MenteeAgreement,
    MentorAgreement,
}

const WRITERS: [Writer; 6] = [
    Writer::Goals,
    Writer::MenteeMeetings,
    Writer::MentorMeetings,
    Writer::GoalEdits,
    Writer::MenteeAgreement,
    Writer::MentorAgreement,
];

struct World {
    base: String,
    relationship: i64,
    shared_goal: i64,
    ledger: Mutex<Ledger>,
    stop: AtomicBool,
    serial: AtomicU64,
}

impl World {
    fn api(&self, path: &str) -> String {
        format!(
            "{}/api/v1/relationships/{}{path}",
            self.base, self.relationship
        )
    }
    fn marker(&self, what: &str) -> String {
        format!("{what}-{}", self.serial.fetch_add(1, Ordering::Relaxed))
    }
    fn unanswered(&self) {
        self.ledger.lock().unwrap().unanswered += 1;
    }
}

/// Signs in, retrying while the server is down.
async fn sign_in_retrying(base: &str, email: &str) -> reqwest::Client {
    loop {
        let c = client();
        if let Ok(r) = c
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
        {
            if r.status() == 200 {
                return c;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn terms(current: &Value, field: &'static str, text: &str) -> Value {
    let mut t = json!({
        "cadence": current["cadence"],
        "mode": current["mode"],
        "duration_months": current["duration_months"],
        "confidentiality": current["confidentiality"].as_str().unwrap_or("Between us."),
        "raising_concerns": current["raising_concerns"].as_str().unwrap_or("Say so."),
        "mentor_concerns": current["mentor_concerns"].as_str().unwrap_or(""),
        "mentee_concerns": current["mentee_concerns"].as_str().unwrap_or(""),
    });
    t[field] = json!(text);
    t
}

fn goal_fields(title: &str, description: &str) -> Value {
    json!({"title": title, "description": description, "progress": 10,
           "status": "in_progress", "shared_with_manager": false})
}

fn meeting_fields(n: u64, agenda: &str) -> Value {
    // Distinct future times, one a minute from 2030 on.
    let secs = 1_893_456_000 + (n as i64) * 60;
    let at = format_rfc3339(secs);
    json!({"starts_at": at, "duration_minutes": 45, "mode": "video", "status": "scheduled",
           "agenda": agenda, "next_meeting_at": "", "question_for_next": ""})
}

fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

fn writer_email(kind: Writer) -> &'static str {
    match kind {
        Writer::MentorMeetings | Writer::MentorAgreement => MENTOR,
        _ => MENTEE,
    }
}

/// One client writing until told to stop; every 2xx is written in the ledger.
async fn write_loop(world: Arc<World>, kind: Writer, mut c: reqwest::Client) {
    let email = writer_email(kind);
    while !world.stop.load(Ordering::Relaxed) {
        let result = write_once(&world, &c, kind).await;
        match result {
            Ok(()) => {}
            Err(Failure::Unanswered) => {
                world.unanswered();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(Failure::SignedOut) => {
                c = sign_in_retrying(&world.base, email).await;
            }
            Err(Failure::Refused(status, body)) => {
                panic!("{kind:?}: the server refused a valid write with {status}: {body}")
            }
        }
    }
}

enum Failure {
    /// No answer, or a 5xx / 503 while the server was going down.
    Unanswered,
    SignedOut,
    Refused(u16, String),
}

async fn send(req: reqwest::RequestBuilder) -> Result<(u16, Option<i64>, Value), Failure> {
    let r = req.send().await.map_err(|_| Failure::Unanswered)?;
    let status = r.status().as_u16();
    let version = version_of(&r);
    let text = r.text().await.map_err(|_| Failure::Unanswered)?;
    if status == 401 {
        return Err(Failure::SignedOut);
    }
    if status >= 500 {
        return Err(Failure::Unanswered);
    }
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Ok((status, version, body))
}

async fn write_once(world: &World, c: &reqwest::Client, kind: Writer) -> Result<(), Failure> {
    match kind {
        Writer::Goals => {
            let title = world.marker("goal");
            let (status, _, body) =
                send(c.post(world.api("/goals")).json(&goal_fields(&title, ""))).await?;
            if status != 201 {
                return Err(Failure::Refused(status, body.to_string()));
            }
            let id = body["id"].as_i64().expect("goal id");
            world.ledger.lock().unwrap().goals.insert(id, title);
        }
        Writer::MenteeMeetings | Writer::MentorMeetings => {
            let n = world.serial.fetch_add(1, Ordering::Relaxed);
            let agenda = match kind {
                Writer::MenteeMeetings => format!("agenda-{n}"),
                _ => String::new(),
            };
            let (status, _, body) = send(
                c.post(world.api("/meetings"))
                    .json(&meeting_fields(n, &agenda)),
            )
            .await?;
            if status != 201 {
                return Err(Failure::Refused(status, body.to_string()));
            }
            let id = body["id"].as_i64().expect("meeting id");
            world.ledger.lock().unwrap().meetings.insert(id, agenda);
        }
        Writer::GoalEdits => {
            let path = format!("/goals/{}", world.shared_goal);
            let (status, _, list) = send(c.get(world.api("/goals"))).await?;
            if status != 200 {
                return Err(Failure::Refused(status, list.to_string()));
            }
            let current = list
                .as_array()
                .and_then(|l| l.iter().find(|g| g["id"] == world.shared_goal))
                .map(|g| g["version"].as_i64().unwrap_or(0))
                .unwrap_or(0);
            let text = world.marker("edit");
            let (status, version, body) = send(
                c.put(world.api(&path))
                    .header("If-Match", format!("\"{current}\""))
                    .json(&goal_fields("The shared goal", &text)),
            )
            .await?;
            match status {
                200 => {
                    let v = version.expect("ETag on a saved goal");
                    world.ledger.lock().unwrap().goal_edits.insert(v, text);
                }
                412 => {}
                _ => return Err(Failure::Refused(status, body.to_string())),
            }
        }
        Writer::MenteeAgreement | Writer::MentorAgreement => {
            let field = match kind {
                Writer::MenteeAgreement => "mentee_concerns",
                _ => "mentor_concerns",
            };
            let (status, version, current) = send(c.get(world.api("/agreement"))).await?;
            if status != 200 {
                return Err(Failure::Refused(status, current.to_string()));
            }
            let v = version.expect("ETag on the agreement");
            let text = world.marker(field);
            let (status, version, body) = send(
                c.put(world.api("/agreement"))
                    .header("If-Match", format!("\"{v}\""))
                    .json(&terms(&current, field, &text)),
            )
            .await?;
            match status {
                200 => {
                    let v = version.expect("ETag on a saved agreement");
                    world
                        .ledger
                        .lock()
                        .unwrap()
                        .agreement_edits
                        .insert(v, (field, text));
                }
                412 => {}
                _ => return Err(Failure::Refused(status, body.to_string())),
            }
        }
    }
    Ok(())
}

/// What the API shows now, compared with what was acknowledged. Returns the
/// number of acknowledged writes that are missing (with their description).
async fn lost_writes(world: &World, c: &reqwest::Client) -> Vec<String> {
    let ledger = world.ledger.lock().unwrap().clone();
    let mut lost = Vec::new();
    let goals: Value = c
        .get(world.api("/goals"))
        .send()
        .await
        .expect("goals")
        .json()
        .await
        .expect("goals json");
    let goals: HashMap<i64, &Value> = goals
        .as_array()
        .expect("goal list")
        .iter()
        .map(|g| (g["id"].as_i64().unwrap(), g))
        .collect();
    for (id, title) in &ledger.goals {
        match goals.get(id) {
            Some(g) if g["title"] == title.as_str() => {}
            other => lost.push(format!("goal {id} {title:?}: {other:?}")),
        }
    }
    let shared = goals[&world.shared_goal];
    let version = shared["version"].as_i64().unwrap();
    if let Some(max) = ledger.goal_edits.keys().max() {
        if version < *max {
            lost.push(format!(
                "shared goal at version {version}, {max} acknowledged"
            ));
        } else if version == *max && shared["description"] != ledger.goal_edits[max].as_str() {
            lost.push(format!("shared goal version {max} lost its text"));
        }
    }
    let meetings: Value = c
        .get(world.api("/meetings"))
        .send()
        .await
        .expect("meetings")
        .json()
        .await
        .expect("meetings json");
    let meetings: HashMap<i64, &Value> = meetings
        .as_array()
        .expect("meeting list")
        .iter()
        .map(|m| (m["id"].as_i64().unwrap(), m))
        .collect();
    for (id, agenda) in &ledger.meetings {
        match meetings.get(id) {
            Some(m) if m["agenda"] == agenda.as_str() => {}
            other => lost.push(format!("meeting {id} {agenda:?}: {other:?}")),
        }
    }
    let r = c
        .get(world.api("/agreement"))
        .send()
        .await
        .expect("agreement");
    let version = version_of(&r).expect("agreement ETag");
    let agreement: Value = r.json().await.expect("agreement json");
    if let Some(max) = ledger.agreement_edits.keys().max() {
        let (field, text) = &ledger.agreement_edits[max];
        if version < *max {
            lost.push(format!(
                "agreement at version {version}, {max} acknowledged"
            ));
        } else if version == *max && agreement[*field] != text.as_str() {
            lost.push(format!("agreement version {max} lost its {field}"));
        }
    }
    lost
}

/// The database's own check, run while no server is up.
async fn integrity(db: &Database, world: &World) -> Vec<String> {
    let store = db.store().await;
    let mut problems = store.integrity_problems().await.expect("integrity check");
    // Read the acknowledged rows back with SQL, beside the API.
    let ledger = world.ledger.lock().unwrap().clone();
    let goal_ids: Vec<i64> = sqlx::query("SELECT id FROM goals WHERE relationship_id = $1")
        .bind(world.relationship)
        .fetch_all(store.reader())
        .await
        .expect("goals")
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    let missing = ledger
        .goals
        .keys()
        .filter(|id| !goal_ids.contains(id))
        .count();
    if missing > 0 {
        problems.push(format!("{missing} acknowledged goals missing in the table"));
    }
    let meeting_ids: Vec<i64> = sqlx::query("SELECT id FROM meetings WHERE relationship_id = $1")
        .bind(world.relationship)
        .fetch_all(store.reader())
        .await
        .expect("meetings")
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    let missing = ledger
        .meetings
        .keys()
        .filter(|id| !meeting_ids.contains(id))
        .count();
    if missing > 0 {
        problems.push(format!(
            "{missing} acknowledged meetings missing in the table"
        ));
    }
    store.close().await;
    problems
}

async fn crash_run(backend: Backend) {
    let Some(db) = Database::fresh(backend).await else {
        return;
    };
    let kills = env_usize("MENTORHUB_CRASH_KILLS", 5);
    let writers = env_usize("MENTORHUB_CRASH_WRITERS", 6).max(6);
    let max_gap = env_usize("MENTORHUB_CRASH_MAX_GAP_MS", 600).max(60) as u64;
    let seed = Rng::seed_from_env();
    let mut rng = Rng::new(seed);
    println!(
        "crash test on {}: {kills} kills, {writers} writers, seed {seed}",
        backend.as_str()
    );
    let port = free_port();
    let options = ServeOptions {
        demo: true,
        background_jobs: true,
        ..Default::default()
    };
    let started = Instant::now();
    let mut server = Server::start(&db, port, &options).await;
    println!("demo loaded and serving in {:?}", started.elapsed());

    let mentee = signed_in(&server.base, MENTEE, DEMO_PASSWORD).await;
    let list: Value = mentee
        .get(server.url("/api/v1/relationships"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let relationship = list["as_mentee"]
        .as_array()
        .and_then(|l| l.iter().find(|r| r["state"] == "active"))
        .and_then(|r| r["id"].as_i64())
        .expect("the demo mentee has an active relationship");
    let r = mentee
        .post(format!(
            "{}/api/v1/relationships/{relationship}/goals",
            server.base
        ))
        .json(&goal_fields("The shared goal", "start"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let shared_goal = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let world = Arc::new(World {
        base: server.base.clone(),
        relationship,
        shared_goal,
        ledger: Mutex::new(Ledger::default()),
        stop: AtomicBool::new(false),
        serial: AtomicU64::new(seed % 1_000_000 * 1000),
    });
    // Each writer signs in once, before the kills: sessions live in the
    // database and survive restarts. (A sign-in cut off by a kill keeps its
    // attempt counted against the rate limit until the window passes.)
    let mut tasks = Vec::new();
    for i in 0..writers {
        let kind = WRITERS[i % 6];
        let c = signed_in(&server.base, writer_email(kind), DEMO_PASSWORD).await;
        tasks.push(tokio::spawn(write_loop(world.clone(), kind, c)));
    }

    let mut checked_after_kill = 0;
    for k in 1..=kills {
        tokio::time::sleep(Duration::from_millis(rng.range(40, max_gap))).await;
        let before = world.ledger.lock().unwrap().acknowledged();
        server.kill();
        let problems = integrity(&db, &world).await;
        assert!(
            problems.is_empty(),
            "after kill {k}: integrity problems: {problems:?}"
        );
        server = Server::start(&db, port, &options).await;
        let lost = lost_writes(&world, &mentee).await;
        assert!(
            lost.is_empty(),
            "after kill {k}, {} acknowledged writes are missing: {lost:?}",
            lost.len()
        );
        checked_after_kill = world.ledger.lock().unwrap().acknowledged();
        println!("kill {k}: {before} writes acknowledged before it, none lost");
        for t in &tasks {
            assert!(!t.is_finished(), "a writer stopped: see its panic above");
        }
    }
    // Let the writers run once more after the last restart, then stop them.
    tokio::time::sleep(Duration::from_millis(300)).await;
    world.stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.expect("writer");
    }
    let lost = lost_writes(&world, &mentee).await;
    server.kill();
    let problems = integrity(&db, &world).await;
    let ledger = world.ledger.lock().unwrap().clone();
    println!(
        "RESULT {}: kills {kills}, acknowledged writes {} (goals {}, meetings {}, goal edits {}, agreement edits {}), \
         checked after a kill {checked_after_kill}, unanswered requests {}, lost {}, integrity problems {}",
        backend.as_str(),
        ledger.acknowledged(),
        ledger.goals.len(),
        ledger.meetings.len(),
        ledger.goal_edits.len(),
        ledger.agreement_edits.len(),
        ledger.unanswered,
        lost.len(),
        problems.len()
    );
    assert!(lost.is_empty(), "lost writes: {lost:?}");
    assert!(problems.is_empty(), "integrity: {problems:?}");
    assert!(
        ledger.acknowledged() > kills,
        "the writers hardly wrote anything"
    );
    drop(server);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_sqlite() {
    crash_run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_postgres() {
    crash_run(Backend::Postgres).await;
}

#[test]
fn rfc3339_formatting() {
    assert_eq!(format_rfc3339(1_893_456_000), "2030-01-01T00:00:00Z");
    assert_eq!(format_rfc3339(1_795_435_200), "2026-11-23T12:00:00Z");
}
