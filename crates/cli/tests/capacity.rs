//! Capacity holds under races across processes: 50 mentees asked one mentor
//! (capacity 3) in a self-match programme; 50 accepts arrive at once through
//! the real `mentorhub serve` — one instance on SQLite, two instances on one
//! PostgreSQL with the accepts spread over both. Never more than 3 open
//! relationships; exactly 3 accepts succeed and the rest get 409.
//!
//! (The same race inside one process is the matchmaking crate's
//! `capacity_holds_when_fifty_accepts_arrive_at_once`; publishing a matching
//! starts relationships through the same per-mentor lock.)
//! Knobs: `MENTORHUB_CAPACITY` (3), `MENTORHUB_CAPACITY_ACCEPTS` (50).

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
    Programme {
        id: ProgrammeId(0),
        name: "Open mentoring".into(),
        description: "Find your own mentor".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec![],
        mode: ProgrammeMode::SelfMatch,
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

/// The mentor (signs in as m1@example.org) and the open requests to them.
async fn world(store: &Store, capacity: u8, asks: usize) -> (PersonId, Vec<i64>) {
    let t = now();
    let g = store.create_programme(&programme_value(), t).await.unwrap();
    let ada = person(store, "M1", "Ada Lovelace", 8).await;
    let e = store
        .create_enrolment(g, ada, ParticipantRole::Mentor, t)
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
        .decide_mentor_application(e, true, "", ada, t)
        .await
        .unwrap();
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
        let m = person(store, &format!("E{i}"), &format!("Mentee {i}"), 4).await;
        let me = store
            .create_enrolment(g, m, ParticipantRole::Mentee, t)
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
        requests.push(store.create_mentor_request(g, m, ada, "", t).await.unwrap());
    }
    (ada, requests)
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
    let open: i64 = sqlx::query(
        "SELECT COUNT(*) FROM relationships WHERE mentor_id = $1 AND state IN \
         ('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due')",
    )
    .bind(ada.0)
    .fetch_one(store.reader())
    .await
    .unwrap()
    .get(0);
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
