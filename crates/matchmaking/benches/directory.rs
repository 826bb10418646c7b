//! How fast a filtered directory page renders with 20,000 qualified mentors on
//! SQLite: the real page handler behind the real middleware, over HTTP on the
//! loopback, after one warm-up request (which builds the in-memory pool).
//! Prints p50 and p99 per scenario. Run: `scripts/bench-directory`.

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::profile::{
    Expertise, LeadershipStyle, MentorProfile, PersonalTrait, SelfAssessment, StylePreference,
};
use mentorhub_domain::programme::*;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::Backend;
use mentorhub_web::testing::{RunningApp, TODAY};
use std::time::{Duration, Instant};

const MENTORS: usize = 20_000;
const SAMPLES: usize = 400;
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

fn person(i: usize, level: i64, prefix: &str) -> NewPerson {
    NewPerson {
        employee_id: format!("{prefix}{i:06}"),
        name: format!("{prefix} Person {i:06}"),
        email: Email::parse(&format!("{prefix}{i}@example.org").to_lowercase()).unwrap(),
        title: "Director".into(),
        manager_employee_id: None,
        location: PLACES[i % PLACES.len()].into(),
        function: FUNCTIONS[(i / 7) % FUNCTIONS.len()].into(),
        career_level: CareerLevel::new(level).unwrap(),
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = mentorhub_matchmaking::api().split_for_parts().0;
        let running = RunningApp::spawn(Backend::Sqlite, api, mentorhub_matchmaking::router()).await.unwrap();
        let app = running.app.clone();
        let store = &app.store;
        let seeding = Instant::now();
        let mut programme = Programme {
            id: ProgrammeId(0), name: "Bench".into(), description: String::new(), objective: Objective::LeadershipDepth,
            focus_skills: vec![], at_risk_functions: vec![], mode: ProgrammeMode::Hybrid, formality: Formality::Formal,
            status: ProgrammeStatus::Open, target_pool: TargetPool::default(), weights: CriteriaWeights::default(),
            rules: HardRules::default(), agreement_defaults: AgreementDefaults::formal(), checkins: CheckInSchedule::default(),
            dormancy: DormancyRule::default(), mentor_training_required: false, mentee_training_required: false, version: 0,
        };
        programme.rules.min_level_gap = 1;
        let g = store.create_programme(&programme, TODAY).await.unwrap();
        let people: Vec<NewPerson> = (0..MENTORS).map(|i| person(i, 8 + (i % 6) as i64, "M")).collect();
        let ids = store.create_people(&people, TODAY).await.unwrap();
        for (i, id) in ids.iter().enumerate() {
            let e = store.create_enrolment(g, *id, ParticipantRole::Mentor, TODAY).await.unwrap();
            let profile = MentorProfile {
                enrolment_id: e,
                bio: format!("Led {} teams in {} for {} years; coaches new managers through their first reorganisation.",
                    FUNCTIONS[i % 5].to_lowercase(), PLACES[i % 6], 10 + i % 15),
                expertise: vec![Expertise::new(SKILLS[i % 8], 1 + (i % 5) as i64).unwrap(), Expertise::new(SKILLS[(i / 8) % 8], 3).unwrap()],
                leadership_style: if i % 2 == 0 { LeadershipStyle::Decisive } else { LeadershipStyle::Collaborative },
                personal_style: vec![if i % 3 == 0 { PersonalTrait::Warm } else { PersonalTrait::Reserved }, PersonalTrait::Thinker],
                track_record: String::new(), capacity: 1 + (i % 3) as u8, availability: "Weekly".into(),
                meeting_modes: vec![MeetingMode::Video],
            };
            store.save_mentor_profile(&profile, None, TODAY).await.unwrap();
            store.decide_mentor_application(e, true, "", *id, TODAY).await.unwrap();
        }
        let mentees: Vec<NewPerson> = (0..200).map(|i| person(i, 5, "E")).collect();
        let mentee_ids = store.create_people(&mentees, TODAY).await.unwrap();
        for (i, id) in mentee_ids.iter().enumerate() {
            let e = store.create_enrolment(g, *id, ParticipantRole::Mentee, TODAY).await.unwrap();
            let a = SelfAssessment {
                enrolment_id: e, focus_skills: vec![SKILLS[i % 8].into()], leadership_style: LeadershipStyle::Collaborative,
                style_preference: StylePreference::Different, personal_preference: vec![PersonalTrait::Warm],
                goals_this_year: "Lead my first reorganisation and coach new managers".into(), three_year_view: String::new(),
            };
            store.save_self_assessment(&a, None, TODAY).await.unwrap();
        }
        println!("seeded {MENTORS} mentors and 200 mentees in {:.1?}", seeding.elapsed());

        let viewer = app.sign_in_as(mentee_ids[0]).await;
        let get = |path: String| {
            let (client, url) = (viewer.client.clone(), app.url(&path));
            async move {
                let t = Instant::now();
                let r = client.get(url).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let body = r.text().await.unwrap();
                (t.elapsed(), body.len())
            }
        };
        let base = format!("/programmes/{}/directory", g.0);
        let (first, _) = get(base.clone()).await;
        println!("first request (builds the pool and the scoring model): {first:.1?}");
        // The API router keeps its own pool: warm it too, so p99 measures steady state.
        get(format!("/api/v1/programmes/{}/mentors", g.0)).await;
        let mut fp = vec![Duration::ZERO; 100];
        for t in fp.iter_mut() {
            let start = Instant::now();
            store.pool_fingerprint(g).await.unwrap();
            *t = start.elapsed();
        }
        fp.sort();
        println!("pool fingerprint query alone: p50 {:.2?}  p99 {:.2?}", fp[49], fp[98]);
        let scenarios = [
            ("page, filtered by skill + location, page 2", format!("{base}?skill=Strategy&location=London&page=2")),
            ("page, filtered by function + style + with room", format!("{base}?function=Sales&style=decisive&with_room=on")),
            ("page, unfiltered, page 40", format!("{base}?page=40")),
            ("API, filtered by skill + location", format!("/api/v1/programmes/{}/mentors?skill=Coaching&location=Paris", g.0)),
        ];
        for (name, path) in scenarios {
            let mut times: Vec<Duration> = Vec::with_capacity(SAMPLES);
            let mut bytes = 0;
            for _ in 0..SAMPLES {
                let (t, n) = get(path.clone()).await;
                times.push(t);
                bytes = n;
            }
            times.sort();
            let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).min(times.len()) - 1];
            println!("{name}: p50 {:.2?}  p99 {:.2?}  max {:.2?}  ({SAMPLES} requests, {bytes} bytes)", pct(0.50), pct(0.99), times[times.len() - 1]);
        }
        running.stop().await;
    });
}
