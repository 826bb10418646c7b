//! How long a programme's health page takes on a large organisation (SQLite):
//! builds 100,000 people and 50,000 relationships through the store's API (the
//! people in one bulk call, the rest the way the product writes them), then
//! computes and renders the health page again and again and prints p50 and p99.
//!
//! ```text
//! scripts/bench-health                     # 100,000 people, 50,000 relationships
//! cargo run --release -p mentorhub-health --example bench_health -- PEOPLE RELATIONSHIPS RUNS
//! ```
//!
//! The database is kept in `$MH_BENCH_DIR` (default `~/.cache/mentorhub-bench`)
//! and reused by the next run with the same sizes.

use askama::Template;
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::goal::{GoalInput, GoalStatus};
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::profile::{Expertise, LeadershipStyle, MentorProfile};
use mentorhub_domain::programme::*;
use mentorhub_domain::relationship::{Actor, Origin, RelationshipEvent as E, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_health::pages::ProgrammeHealthPage;
use mentorhub_health::programme_health;
use mentorhub_store::{NewRelationship, Store};
use mentorhub_web::pages::Layout;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// 2026-11-23T12:00:00Z, as in the tests.
const NOW: Timestamp = Timestamp(1_795_435_200_000);

/// A small deterministic generator (SplitMix64): the same data on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

fn day(d: i64) -> Timestamp {
    NOW.plus_days(-d)
}

fn programme() -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: "Leadership at scale".into(),
        description: "Every people leader of the company".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec![],
        mode: ProgrammeMode::Hybrid,
        formality: Formality::Formal,
        status: ProgrammeStatus::Open,
        target_pool: TargetPool::default(),
        weights: CriteriaWeights::default(),
        rules: HardRules::default(),
        agreement_defaults: AgreementDefaults::formal(),
        checkins: CheckInSchedule::default(),
        dormancy: DormancyRule::default(),
        mentor_training_required: false,
        mentee_training_required: false,
        version: 0,
    }
}

/// Writes the organisation: `people` people, a mentor for every five
/// relationships, a mentee for each relationship plus a fifth more waiting.
async fn build(store: &Store, people: usize, relationships: usize) -> ProgrammeId {
    let started = Instant::now();
    let everyone: Vec<NewPerson> = (0..people)
        .map(|i| NewPerson {
            employee_id: format!("E{i:06}"),
            name: format!("Person {i}"),
            email: Email::parse(&format!("person.{i}@bench.example")).expect("email"),
            title: "Colleague".into(),
            manager_employee_id: (i > 0).then(|| format!("E{:06}", i / 8)),
            location: "London".into(),
            function: "Finance".into(),
            career_level: CareerLevel::new(if i < people / 5 { 10 } else { 4 }).expect("level"),
        })
        .collect();
    let ids = store
        .create_people(&everyone, day(800))
        .await
        .expect("people");
    println!("people: {people} in {:.1?}", started.elapsed());

    let p = store
        .create_programme(&programme(), day(700))
        .await
        .expect("programme");
    let mentor_count = (relationships / 5).max(1);
    let mentee_count = relationships + relationships / 5;
    let mut rng = Rng(2026);
    let mut mentors = Vec::with_capacity(mentor_count);
    for &person in &ids[..mentor_count] {
        let e = store
            .create_enrolment(p, person, ParticipantRole::Mentor, day(650))
            .await
            .expect("mentor");
        let profile = MentorProfile {
            enrolment_id: e,
            bio: "Leads a finance team".into(),
            expertise: vec![Expertise::new("Strategy", 4).expect("expertise")],
            leadership_style: LeadershipStyle::Decisive,
            personal_style: vec![],
            track_record: String::new(),
            capacity: 6,
            availability: String::new(),
            meeting_modes: vec![MeetingMode::Video],
        };
        store
            .save_mentor_profile(&profile, None, day(650))
            .await
            .expect("profile");
        store
            .decide_mentor_application(e, true, "", ids[0], day(640))
            .await
            .expect("approval");
        mentors.push(person);
    }
    let mentees: Vec<PersonId> = ids[mentor_count..mentor_count + mentee_count].to_vec();
    for &person in &mentees {
        store
            .create_enrolment(
                p,
                person,
                ParticipantRole::Mentee,
                day(600 - rng.below(200)),
            )
            .await
            .expect("mentee");
    }
    println!(
        "enrolments: {mentor_count} mentors, {mentee_count} mentees at {:.1?}",
        started.elapsed()
    );

    for (i, &mentee) in mentees[..relationships].iter().enumerate() {
        let created = 30 + rng.below(360);
        let new = NewRelationship {
            programme_id: p,
            mentor_id: mentors[i % mentor_count],
            mentee_id: mentee,
            state: RelationshipState::Proposed,
            origin: Origin::Matched,
        };
        let r = store
            .create_relationship(new, Actor::System, "matched", day(created))
            .await
            .expect("relationship");
        let event = |e, at: i64| {
            store.apply_relationship_event(r, e, Actor::System, day(at), "moved on", true, None)
        };
        let fate = rng.below(100);
        if fate < 8 {
            continue; // still proposed
        }
        if fate < 13 {
            event(E::Decline, created - 2).await.expect("decline");
            continue;
        }
        let introduced = created - 1 - rng.below(5).min(created - 2);
        event(E::Introduce, introduced).await.expect("introduce");
        if fate < 25 {
            if fate < 21 && introduced > 90 {
                event(E::DeclareDormant, introduced - 90)
                    .await
                    .expect("dormant");
            }
            continue;
        }
        let active = introduced - rng.below(20).min(introduced - 1);
        event(E::ConfirmAgreement, active).await.expect("activate");
        let meetings = rng.below(active as u64 / 14 + 2);
        for k in 0..meetings {
            let at = active - 1 - k * 14 - rng.below(5);
            if at < 1 {
                break;
            }
            let input = MeetingInput {
                starts_at: day(at),
                duration_minutes: 45,
                mode: MeetingMode::Video,
                status: MeetingStatus::Held,
                agenda: String::new(),
                next_meeting_at: None,
                question_for_next: String::new(),
            };
            store
                .create_meeting(r, input, mentee, NOW)
                .await
                .expect("meeting");
        }
        for due in [30, 90] {
            if active > due {
                store
                    .create_due_checkins(r, due as u32, day(active - due))
                    .await
                    .expect("checkins");
                for c in store
                    .list_checkins(r)
                    .await
                    .expect("list")
                    .iter()
                    .filter(|c| c.due_day == due as u32)
                {
                    if rng.below(10) < 7 {
                        let answer =
                            CheckInAnswer::new(rng.below(4) > 0, 1 + rng.below(5), "", NOW)
                                .expect("answer");
                        store
                            .answer_checkin(c.id, c.person_id, &answer)
                            .await
                            .expect("answer");
                    }
                }
            }
        }
        let goal = GoalInput {
            title: "Lead the quarterly review".into(),
            description: String::new(),
            progress: rng.below(101),
            status: GoalStatus::InProgress,
            shared_with_manager: false,
        };
        store.create_goal(r, goal, day(active)).await.expect("goal");
        if fate >= 90 && active > 200 {
            event(E::ReassessmentFalls, active - 180)
                .await
                .expect("reassess");
            event(E::Complete, active - 185).await.expect("complete");
        }
        if (i + 1) % 10_000 == 0 {
            println!("relationships: {} at {:.1?}", i + 1, started.elapsed());
        }
    }
    println!("built in {:.1?}", started.elapsed());
    p
}

/// Each query on its own, once, to see where the time goes.
async fn query_times(store: &Store, p: ProgrammeId) {
    let mut t = Instant::now();
    let mut lap = |name: &str| {
        println!("    {name:<24} {:>7.1?}", t.elapsed());
        t = Instant::now();
    };
    store.health_enrolments(p).await.expect("q");
    lap("enrolments");
    store.health_relationships(p, NOW).await.expect("q");
    lap("relationships, dormancy");
    store.health_mentor_pool(p).await.expect("q");
    lap("mentor pool");
    store.health_matching(p).await.expect("q");
    lap("matching");
    store.health_cadence(p, NOW, 50).await.expect("q");
    lap("cadence, pairs behind");
    store.health_checkins(p).await.expect("q");
    lap("check-ins");
    store
        .health_pairs_near_dormancy(p, NOW, 50)
        .await
        .expect("q");
    lap("pairs near dormancy");
    store.health_goals(p).await.expect("q");
    lap("goals");
    store.health_training(p).await.expect("q");
    lap("training");
    store.health_timeline(p).await.expect("q");
    lap("timeline");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let (people, relationships, runs) = (
        *args.first().unwrap_or(&100_000),
        *args.get(1).unwrap_or(&50_000),
        *args.get(2).unwrap_or(&50),
    );
    let dir = std::env::var("MH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| ".".into()))
                .join(".cache/mentorhub-bench")
        });
    std::fs::create_dir_all(&dir).expect("bench directory");
    let path = dir.join(format!("health-v1-{people}-{relationships}.db"));
    let mut fresh = !path.exists();
    let mut store = Store::open_sqlite(&path).await.expect("open");
    if let Err(e) = store.migrate().await {
        // A kept database from before a migration changed: start again.
        assert!(!fresh, "migrate: {e}");
        println!("rebuilding {}: {e}", path.display());
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        store = Store::open_sqlite(&path).await.expect("open");
        store.migrate().await.expect("migrate");
        fresh = true;
    }
    let programme_id = if fresh {
        build(&store, people, relationships).await
    } else {
        println!("reusing {}", path.display());
        ProgrammeId(1)
    };
    let programme = store.get_programme(programme_id).await.expect("programme");

    let mut page = Vec::with_capacity(runs);
    let mut figures = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let h = programme_health(&store, &programme, NOW)
            .await
            .expect("figures");
        figures.push(started.elapsed());
        let layout = Layout::new("Health", None, "health");
        let html = ProgrammeHealthPage::new(layout, h, "23 Nov 2026".into())
            .render()
            .expect("page");
        page.push(started.elapsed());
        bytes = html.len();
    }
    page.sort();
    figures.sort();
    println!(
        "health page, {people} people, {relationships} relationships, SQLite, {runs} runs ({} KB of HTML):",
        bytes / 1024
    );
    println!(
        "  figures          p50 {:>7.1?}  p99 {:>7.1?}",
        percentile(&figures, 0.5),
        percentile(&figures, 0.99)
    );
    println!("  each query once, one after the other:");
    query_times(&store, programme_id).await;
    println!(
        "  figures + page   p50 {:>7.1?}  p99 {:>7.1?}",
        percentile(&page, 0.5),
        percentile(&page, 0.99)
    );
}
