//! Capacity holds under races across processes: 50 mentees asked one mentor
//! (capacity 3) in a self-match programme; 50 accepts arrive at once through
//! the real `mentorhub serve` — one instance on SQLite, two instances on one
//! PostgreSQL with the accepts spread over both. Never more than 3 open
//! relationships; exactly 3 accepts succeed and the rest get 409.
//!
//! (The same race inside one process is the matchmaking crate's
//! `capacity_holds_when_fifty_accepts_arrive_at_once`.)
//!
//! Publishing a matching races accepts too: a mentor in a hybrid programme
//! (matched by the admin) who also mentors in a self-match programme (asked
//! directly) — capacity counts their open relationships in every programme.
//! Each round, the admin publishes a run giving the mentor as many pairs as
//! they have places while the mentor accepts twice as many open requests, all
//! released at the same moment (the accepts after random pauses of up to 0,
//! 15, 40 or 80 ms by round, spread over the instances). Never more open
//! relationships than the capacity; every accept that finds no place gets 409
//! saying so, and every pair the publish could not start is reported skipped
//! with the same reason.
//!
//! Knobs: `MENTORHUB_CAPACITY` (3), `MENTORHUB_CAPACITY_ACCEPTS` (50),
//! `MENTORHUB_PUBLISH_RACE_ROUNDS` (8), `MENTORHUB_TEST_SEED` (the accepts'
//! random pauses).

mod support;

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::profile::{
    Expertise, LeadershipStyle, MentorProfile, PersonalTrait, SelfAssessment, StylePreference,
};
use mentorhub_domain::programme::*;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_store::{Backend, Store};
use sqlx::Row;
use support::*;

fn now() -> Timestamp {
    Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

fn programme_value() -> Programme {
    programme_in("Open mentoring", ProgrammeMode::SelfMatch)
}

fn programme_in(name: &str, mode: ProgrammeMode) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Find your own mentor".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec![],
        mode,
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

async fn person(store: &Store, id: &str, name: &str, level: i64) -> PersonId {
    let p = NewPerson {
        employee_id: id.into(),
        name: name.into(),
        email: Email::parse(&format!("{}@example.org", id.to_lowercase())).unwrap(),
        title: "Colleague".into(),
        manager_employee_id: None,
        location: "London".into(),
        function: "Finance".into(),
        career_level: CareerLevel::new(level).unwrap(),
    };
    store.create_person(&p, now()).await.unwrap()
}

/// `person` as an approved mentor of `programme` with `capacity` places.
async fn approved_mentor(
    store: &Store,
    programme: ProgrammeId,
    person: PersonId,
    capacity: u8,
    decided_by: PersonId,
) {
    let t = now();
    let e = store
        .create_enrolment(programme, person, ParticipantRole::Mentor, t)
        .await
        .unwrap();
    let profile = MentorProfile {
        enrolment_id: e,
        bio: "Finance strategy".into(),
        expertise: vec![Expertise::new("Strategy", 5).unwrap()],
        leadership_style: LeadershipStyle::parse("decisive").unwrap(),
        personal_style: vec![PersonalTrait::Warm],
        track_record: String::new(),
        capacity,
        availability: "Tuesday mornings".into(),
        meeting_modes: vec![MeetingMode::Video],
    };
    store.save_mentor_profile(&profile, None, t).await.unwrap();
    store
        .decide_mentor_application(e, true, "", decided_by, t)
        .await
        .unwrap();
}

/// A new person enrolled as a mentee of `programme`, self-assessment done.
async fn assessed_mentee(store: &Store, programme: ProgrammeId, id: &str) -> PersonId {
    let t = now();
    let m = person(store, id, &format!("Mentee {id}"), 4).await;
    let me = store
        .create_enrolment(programme, m, ParticipantRole::Mentee, t)
        .await
        .unwrap();
    let a = SelfAssessment {
        enrolment_id: me,
        focus_skills: vec!["Strategy".into()],
        leadership_style: LeadershipStyle::Collaborative,
        style_preference: StylePreference::Different,
        personal_preference: vec![PersonalTrait::Warm],
        goals_this_year: "Grow".into(),
        three_year_view: String::new(),
    };
    store.save_self_assessment(&a, None, t).await.unwrap();
    m
}

/// The mentor (signs in as m1@example.org) and the open requests to them.
async fn world(store: &Store, capacity: u8, asks: usize) -> (PersonId, Vec<i64>) {
    let t = now();
    let g = store.create_programme(&programme_value(), t).await.unwrap();
    let ada = person(store, "M1", "Ada Lovelace", 8).await;
    approved_mentor(store, g, ada, capacity, ada).await;
    let hash = mentorhub_server::auth::password::hash_password("capacity test 123".into())
        .await
        .unwrap();
    store
        .create_admin(
            &Email::parse("m1@example.org").unwrap(),
            "Ada Lovelace",
            &hash,
            t,
        )
        .await
        .unwrap();
    let mut requests = Vec::new();
    for i in 0..asks {
        let m = assessed_mentee(store, g, &format!("E{i}")).await;
        requests.push(store.create_mentor_request(g, m, ada, "", t).await.unwrap());
    }
    (ada, requests)
}

async fn open_relationships(store: &Store, mentor: PersonId) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) FROM relationships WHERE mentor_id = $1 AND state IN \
         ('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due')",
    )
    .bind(mentor.0)
    .fetch_one(store.reader())
    .await
    .unwrap()
    .get(0)
}

async fn race(backend: Backend, instances: usize) {
    let Some(db) = Database::fresh(backend).await else {
        return;
    };
    let capacity = env_usize("MENTORHUB_CAPACITY", 3) as u8;
    let asks = env_usize("MENTORHUB_CAPACITY_ACCEPTS", 50);
    let store = db.store().await;
    let (ada, requests) = world(&store, capacity, asks).await;
    let mut servers = Vec::new();
    for _ in 0..instances {
        servers.push(Server::start(&db, free_port(), &ServeOptions::default()).await);
    }
    // One session (cookies go to every instance on 127.0.0.1).
    let mentor = signed_in(&servers[0].base, "m1@example.org", "capacity test 123").await;
    let mut tasks = Vec::new();
    for (i, rid) in requests.iter().enumerate() {
        let url = servers[i % instances].url(&format!("/api/v1/requests/{rid}/accept"));
        let c = mentor.clone();
        tasks.push(tokio::spawn(async move {
            c.post(url).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let accepted = statuses.iter().filter(|s| **s == 200).count();
    let full = statuses.iter().filter(|s| **s == 409).count();
    let open = open_relationships(&store, ada).await;
    println!(
        "RESULT {} ({instances} instance(s)): capacity {capacity}, {asks} concurrent accepts: \
         {accepted} accepted, {full} refused (409), open relationships {open}",
        backend.as_str()
    );
    assert!(open <= i64::from(capacity), "capacity overshoot: {open}");
    assert_eq!(
        (accepted, full),
        (capacity as usize, asks - capacity as usize),
        "{statuses:?}"
    );
    assert_eq!(open, i64::from(capacity));
    store.close().await;
    drop(servers);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_accepts_at_once_never_pass_capacity_on_sqlite() {
    race(Backend::Sqlite, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_accepts_over_two_instances_never_pass_capacity_on_postgres() {
    race(Backend::Postgres, 2).await;
}

/// What one round of the publish race saw.
#[derive(Default)]
struct Round {
    started_by_publish: usize,
    skipped_by_publish: usize,
    accepted: usize,
    refused: usize,
}

async fn publish_race(backend: Backend, instances: usize) {
    let Some(db) = Database::fresh(backend).await else {
        return;
    };
    let capacity = env_usize("MENTORHUB_CAPACITY", 3) as u8;
    let rounds = env_usize("MENTORHUB_PUBLISH_RACE_ROUNDS", 8);
    let asks = 2 * capacity as usize;
    let store = db.store().await;
    let hash = mentorhub_server::auth::password::hash_password("capacity test 123".into())
        .await
        .unwrap();
    let admin_account = store
        .create_admin(
            &Email::parse("admin@example.org").unwrap(),
            "Ada Admin",
            &hash,
            now(),
        )
        .await
        .unwrap();
    let admin = store
        .find_account_by_id(admin_account)
        .await
        .unwrap()
        .unwrap()
        .person_id;
    let mut servers = Vec::new();
    for _ in 0..instances {
        servers.push(Server::start(&db, free_port(), &ServeOptions::default()).await);
    }
    let admin_client = signed_in(&servers[0].base, "admin@example.org", "capacity test 123").await;
    let seed = Rng::seed_from_env();
    println!(
        "publish race on {}: MENTORHUB_TEST_SEED={seed}",
        backend.as_str()
    );
    let mut rng = Rng::new(seed);
    let mut seen = Vec::new();
    for round in 0..rounds {
        // A mentor in two programmes, with `capacity` places in each.
        let hybrid = store
            .create_programme(
                &programme_in(&format!("Scale-up {round}"), ProgrammeMode::Hybrid),
                now(),
            )
            .await
            .unwrap();
        let open_circle = store
            .create_programme(
                &programme_in(&format!("Open circle {round}"), ProgrammeMode::SelfMatch),
                now(),
            )
            .await
            .unwrap();
        let mentor = person(&store, &format!("R{round}M"), &format!("Mentor {round}"), 8).await;
        approved_mentor(&store, hybrid, mentor, capacity, admin).await;
        approved_mentor(&store, open_circle, mentor, capacity, admin).await;
        let account = store.ensure_account(mentor, now()).await.unwrap();
        store.set_password(account, &hash, now()).await.unwrap();
        let mentor_client = signed_in(
            &servers[0].base,
            &format!("r{round}m@example.org"),
            "capacity test 123",
        )
        .await;

        // The admin's run gives the mentor a pair per place...
        for i in 0..=capacity {
            assessed_mentee(&store, hybrid, &format!("R{round}H{i}")).await;
        }
        let r = admin_client
            .post(servers[0].url(&format!("/api/v1/programmes/{}/matching/runs", hybrid.0)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let run: serde_json::Value = r.json().await.unwrap();
        let pairs = run["proposal"]["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), capacity as usize, "{run}");
        assert!(pairs.iter().all(|p| p["mentor_id"] == mentor.0));
        // ...while twice as many mentees asked them directly in the other one.
        let mut requests = Vec::new();
        for i in 0..asks {
            let m = assessed_mentee(&store, open_circle, &format!("R{round}S{i}")).await;
            requests.push(
                store
                    .create_mentor_request(open_circle, m, mentor, "", now())
                    .await
                    .unwrap(),
            );
        }

        // All released at the same moment: the publish and every accept, each
        // accept after a random pause of up to `spread` ms (none every fourth
        // round), so that the publish's pairs land before, among and after them.
        let spread = [0, 15, 40, 80][round % 4];
        let go = std::sync::Arc::new(tokio::sync::Barrier::new(asks + 1));
        let publish = {
            let go = go.clone();
            let req = admin_client
                .post(servers[0].url(&format!("/api/v1/programmes/{}/matching/publish", hybrid.0)))
                .json(&serde_json::json!({"run_id": run["id"]}));
            tokio::spawn(async move {
                go.wait().await;
                let r = req.send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap_or_default())
            })
        };
        let mut accepts = Vec::new();
        for (i, rid) in requests.iter().enumerate() {
            let go = go.clone();
            let req = mentor_client.post(
                servers[(i + round) % instances].url(&format!("/api/v1/requests/{rid}/accept")),
            );
            let pause = std::time::Duration::from_millis(rng.range(0, spread + 1));
            accepts.push(tokio::spawn(async move {
                go.wait().await;
                tokio::time::sleep(pause).await;
                let r = req.send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap_or_default())
            }));
        }
        let (status, text) = publish.await.unwrap();
        assert_eq!(status, 200, "publish: {text}");
        let report: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut seen_round = Round {
            started_by_publish: report["started"].as_array().unwrap().len(),
            skipped_by_publish: report["skipped"].as_array().unwrap().len(),
            ..Round::default()
        };
        for skipped in report["skipped"].as_array().unwrap() {
            let why = skipped["outcome"].as_str().unwrap();
            assert!(why.contains("has no place left"), "skipped pair: {why}");
        }
        for a in accepts {
            let (status, text) = a.await.unwrap();
            match status {
                200 => seen_round.accepted += 1,
                409 => {
                    assert!(
                        text.contains("has no place left"),
                        "409 without the reason: {text}"
                    );
                    seen_round.refused += 1;
                }
                other => panic!("accept answered {other}: {text}"),
            }
        }
        let open = open_relationships(&store, mentor).await;
        println!(
            "round {round} (accepts spread over {spread} ms): publish started {} and skipped {}, \
             accepts {} ok and {} refused (409), open {open}",
            seen_round.started_by_publish,
            seen_round.skipped_by_publish,
            seen_round.accepted,
            seen_round.refused
        );
        assert!(open <= i64::from(capacity), "capacity overshoot: {open}");
        assert_eq!(open, i64::from(capacity), "every place was taken");
        assert_eq!(
            seen_round.started_by_publish + seen_round.accepted,
            capacity as usize
        );
        assert_eq!(seen_round.skipped_by_publish + seen_round.refused, asks);
        seen.push(seen_round);
    }
    let sum = |f: fn(&Round) -> usize| seen.iter().map(f).sum::<usize>();
    println!(
        "RESULT {} ({instances} instance(s)): capacity {capacity}, {rounds} rounds of a publish ({capacity} pairs) \
         racing {asks} accepts: publish started {} and skipped {}, accepts {} ok and {} refused (409); \
         rounds the publish won entirely {}, lost entirely {}; never more than {capacity} open",
        backend.as_str(),
        sum(|r| r.started_by_publish),
        sum(|r| r.skipped_by_publish),
        sum(|r| r.accepted),
        sum(|r| r.refused),
        seen.iter().filter(|r| r.accepted == 0).count(),
        seen.iter().filter(|r| r.started_by_publish == 0).count(),
    );
    store.close().await;
    drop(servers);
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_racing_accepts_never_passes_capacity_on_sqlite() {
    publish_race(Backend::Sqlite, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_racing_accepts_over_two_instances_never_passes_capacity_on_postgres() {
    publish_race(Backend::Postgres, 2).await;
}
