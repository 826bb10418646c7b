//! A demo organisation for Mentorhub: `mentorhub serve --demo` fills an empty
//! database with a realistic company of a few hundred people, a formal hybrid
//! programme and an informal one, mentors with real bios, mentees with
//! self-assessments, and relationships in every state of their life, so that
//! every page has something true to show.
//!
//! [`generate`] is pure and deterministic: the same seed and day give the same
//! organisation. [`load`] writes it through the store; [`load_if_empty`] does so
//! only when the database has no people yet.

mod bios;
mod clock;
mod functions;
mod life;
mod life_text;
mod load;
mod mentees;
mod mentors;
mod model;
mod names;
mod org;
mod pipeline;
mod plans;
mod programmes;
mod relationships;
mod resources;
mod resources_text;
mod rng;
mod summary;

pub use load::{load, load_if_empty};
pub use model::*;
pub use summary::DemoSummary;

use clock::Clock;
use mentorhub_domain::time_util::Timestamp;
use rng::DemoRng;

/// The password of the four demo sign-ins.
pub const DEMO_PASSWORD: &str = "mentorhub-demo";

/// The demo sign-ins, as (e-mail, what the person is in the demo).
pub const DEMO_ACCOUNTS: [(&str, &str); 4] = [
    ("admin@demo.mentorhub.test", "admin: runs the programmes"),
    (
        "mentee@demo.mentorhub.test",
        "mentee: in an active relationship in Leadership Depth 2026",
    ),
    (
        "mentor@demo.mentorhub.test",
        "mentor: of the demo mentee and two others",
    ),
    (
        "manager@demo.mentorhub.test",
        "manager: of the demo mentee; one report awaits approval",
    ),
];

/// The seed `mentorhub serve --demo` uses.
pub const DEFAULT_SEED: u64 = 2026;

/// The demo organisation for `today`. Pure: no I/O, and the same `seed` and
/// `today` always give an equal organisation.
pub fn generate(seed: u64, today: Timestamp) -> DemoOrg {
    let mut rng = DemoRng::new(seed);
    let clock = Clock { today };
    let org = org::build(&mut rng);
    let programmes = vec![
        programmes::leadership_depth(today),
        programmes::open_mentoring(today),
    ];
    let pool = mentors::build(&mut rng, &org.people, &org.accounts, today);
    let mentor_people: Vec<PersonIx> = pool.mentors.iter().map(|m| m.person).collect();
    let mut mentees = mentees::build(
        &mut rng,
        &org.people,
        &org.accounts,
        org.approval_report,
        &mentor_people,
        today,
    );
    let pairs = relationships::build(
        &mut rng,
        clock,
        &org.people,
        &org.accounts,
        org.approval_report,
        &pool.mentors,
        &pool.untrained,
        &mut mentees,
        &programmes,
    );
    relationships::add_preferences(
        &mut rng,
        &mut mentees,
        &pool.mentors,
        &pool.untrained,
        &pairs,
        &org.accounts,
        org.approval_report,
    );
    let completions = resources::completions(
        &mut rng,
        &pool.mentors,
        &pool.untrained,
        &mentees,
        &pairs,
        today,
    );
    let pipeline = pipeline::build(
        &mut rng,
        clock,
        &org.people,
        &org.accounts,
        &pool.mentors,
        &pairs,
    );
    DemoOrg {
        today,
        people: org.people,
        accounts: org.accounts,
        programmes,
        mentors: pool.mentors,
        mentees,
        relationships: pairs,
        resources: resources::resources(),
        completions,
        shortlist: pipeline.shortlist,
        offers: pipeline.offers,
    }
}

impl DemoOrg {
    pub fn summary(&self) -> DemoSummary {
        DemoSummary::of(self)
    }

    /// The person behind a demo sign-in's e-mail.
    pub fn person_by_email(&self, email: &str) -> Option<PersonIx> {
        self.people
            .iter()
            .position(|p| p.person.email.as_str() == email)
    }
}
