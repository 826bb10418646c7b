//! Scales a demo database up for `scripts/load-test` (ignored unless asked):
//! adds people until there are `MENTORHUB_LOAD_PEOPLE` (20,000), makes
//! `MENTORHUB_LOAD_MENTORS` (5,000) of them approved mentors with profiles in a
//! hybrid programme "Scale-up 2027", and enrols the demo mentee there with a
//! self-assessment, so the directory has thousands of mentors to filter.
//! Then `MENTORHUB_LOAD_PAIRS` (200) active relationships in that programme,
//! each mentee with an account whose password is the demo one, for the mix
//! whose writes spread over many pairs.
//!
//! ```text
//! MENTORHUB_LOAD_DATABASE_URL=sqlite://…/mentorhub.db cargo test -p mentorhub \
//!     --test load_seed -- --ignored --nocapture
//! ```
//! Prints `SCALE_PROGRAMME=<id>` and one `PAIR=<relationship id> <mentee email>`
//! line per pair for the script.

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::profile::{
    Expertise, LeadershipStyle, MentorProfile, PersonalTrait, SelfAssessment, StylePreference,
};
use mentorhub_domain::programme::*;
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::{NewRelationship, PeopleFilter, Store};

const SKILLS: [&str; 8] = [
    "Strategy",
    "Coaching",
    "Talent",
    "Finance",
    "Sales",
    "Negotiation",
    "Hiring",
    "Product",
];
const PLACES: [&str; 6] = ["London", "Leeds", "Paris", "Berlin", "Madrid", "Dublin"];
const FUNCTIONS: [&str; 5] = ["Finance", "Sales", "Operations", "Engineering", "Marketing"];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "seeds a database for scripts/load-test"]
async fn seed_the_load_test_database() {
    let url = std::env::var("MENTORHUB_LOAD_DATABASE_URL").expect("MENTORHUB_LOAD_DATABASE_URL");
    let target = env_usize("MENTORHUB_LOAD_PEOPLE", 20_000);
    let mentors = env_usize("MENTORHUB_LOAD_MENTORS", 5_000);
    let pairs = env_usize("MENTORHUB_LOAD_PAIRS", 200);
    let store = Store::connect(&url).await.expect("database");
    let now = Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let have = store
        .count_people(&PeopleFilter {
            active: None,
            ..Default::default()
        })
        .await
        .unwrap() as usize;
    let add = target.saturating_sub(have).max(mentors + pairs);
    let people: Vec<NewPerson> = (0..add)
        .map(|i| NewPerson {
            employee_id: format!("LOAD{i:06}"),
            name: format!("Load Person {i:06}"),
            email: Email::parse(&format!("load{i}@scale.example.org")).unwrap(),
            title: "Director".into(),
            manager_employee_id: None,
            location: PLACES[i % PLACES.len()].into(),
            function: FUNCTIONS[(i / 7) % FUNCTIONS.len()].into(),
            career_level: CareerLevel::new(8 + (i % 6) as i64).unwrap(),
        })
        .collect();
    let ids = store.create_people(&people, now).await.unwrap();
    let g = store
        .create_programme(
            &Programme {
                id: ProgrammeId(0),
                name: "Scale-up 2027".into(),
                description: "Load-test programme".into(),
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
            },
            now,
        )
        .await
        .unwrap();
    for (i, id) in ids.iter().take(mentors).enumerate() {
        let e = store
            .create_enrolment(g, *id, ParticipantRole::Mentor, now)
            .await
            .unwrap();
        let profile = MentorProfile {
            enrolment_id: e,
            bio: format!(
                "Led {} teams in {} for {} years; coaches new managers through their first reorganisation.",
                FUNCTIONS[i % 5].to_lowercase(),
                PLACES[i % 6],
                10 + i % 15
            ),
            expertise: vec![
                Expertise::new(SKILLS[i % 8], 1 + (i % 5) as i64).unwrap(),
                Expertise::new(SKILLS[(i / 8) % 8], 3).unwrap(),
            ],
            leadership_style: if i % 2 == 0 {
                LeadershipStyle::Decisive
            } else {
                LeadershipStyle::Collaborative
            },
            personal_style: vec![PersonalTrait::Warm, PersonalTrait::Thinker],
            track_record: String::new(),
            capacity: 1 + (i % 3) as u8,
            availability: "Weekly".into(),
            meeting_modes: vec![MeetingMode::Video],
        };
        store
            .save_mentor_profile(&profile, None, now)
            .await
            .unwrap();
        store
            .decide_mentor_application(e, true, "", *id, now)
            .await
            .unwrap();
    }
    let mentee = store
        .find_account_by_email("mentee@demo.mentorhub.test")
        .await
        .unwrap()
        .expect("the demo mentee (load the demo first)");
    let me = store
        .create_enrolment(g, mentee.person_id, ParticipantRole::Mentee, now)
        .await
        .unwrap();
    store
        .save_self_assessment(
            &SelfAssessment {
                enrolment_id: me,
                focus_skills: vec!["Strategy".into()],
                leadership_style: LeadershipStyle::Collaborative,
                style_preference: StylePreference::Different,
                personal_preference: vec![PersonalTrait::Warm],
                goals_this_year: "Lead a bigger team".into(),
                three_year_view: String::new(),
            },
            None,
            now,
        )
        .await
        .unwrap();
    // Pairs: mentee `mentors + p` with mentor `p`, active, each mentee signing
    // in with the demo password (the same hash, so no hashing here).
    let hash = mentee
        .password_hash
        .clone()
        .expect("the demo mentee has a password");
    let mut pair_lines = Vec::with_capacity(pairs);
    for p in 0..pairs {
        let (mentor_id, mentee_id) = (ids[p % mentors], ids[mentors + p]);
        store
            .create_enrolment(g, mentee_id, ParticipantRole::Mentee, now)
            .await
            .unwrap();
        let rel = store
            .create_relationship(
                NewRelationship {
                    programme_id: g,
                    mentor_id,
                    mentee_id,
                    state: RelationshipState::Active,
                    origin: Origin::Matched,
                },
                Actor::System,
                "load-test pair",
                now,
            )
            .await
            .unwrap();
        let account = store.ensure_account(mentee_id, now).await.unwrap();
        store.set_password(account, &hash, now).await.unwrap();
        pair_lines.push(format!(
            "PAIR={} {}",
            rel.0,
            people[mentors + p].email.as_str()
        ));
    }
    let total = store
        .count_people(&PeopleFilter {
            active: None,
            ..Default::default()
        })
        .await
        .unwrap();
    println!("people: {total}, mentors added: {mentors}");
    println!("SCALE_PROGRAMME={}", g.0);
    for line in pair_lines {
        println!("{line}");
    }
    store.close().await;
}
