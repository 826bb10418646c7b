//! The demo company's people: a real reporting tree (CEO → executives → directors
//! → managers → team leads → staff), career levels that fall as one goes down it,
//! titles that fit the level and the function, and six locations.

use crate::functions::{FunctionSpec, Team, FUNCTIONS};
use crate::model::{DemoAccounts, DemoPerson, PersonIx};
use crate::names::{email_part, FIRST_NAMES, LAST_NAMES};
use crate::rng::DemoRng;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use std::collections::HashSet;

pub const DOMAIN: &str = "demo.mentorhub.test";

/// Where people work, with how many in a hundred are based there.
pub const LOCATIONS: [(&str, usize); 6] = [
    ("London", 34),
    ("Leeds", 14),
    ("Manchester", 16),
    ("Edinburgh", 10),
    ("Dublin", 10),
    ("Remote", 16),
];

/// The generated people and who among them plays a part in the demo.
pub struct Org {
    pub people: Vec<DemoPerson>,
    pub accounts: DemoAccounts,
    /// A report of the demo manager whose chosen mentor sits in their own
    /// management line, so the manager's approval is awaited.
    pub approval_report: PersonIx,
}

struct Builder<'r> {
    rng: &'r mut DemoRng,
    people: Vec<DemoPerson>,
    names: HashSet<String>,
    emails: HashSet<String>,
}

impl Builder<'_> {
    fn location(&mut self, near: Option<&str>, stay_percent: u32) -> String {
        if let Some(near) = near {
            if self.rng.chance(stay_percent) {
                return near.to_string();
            }
        }
        let mut roll = self.rng.below(100);
        for (name, weight) in LOCATIONS {
            if roll < weight {
                return name.to_string();
            }
            roll -= weight;
        }
        LOCATIONS[0].0.to_string()
    }

    fn name(&mut self) -> (String, String) {
        loop {
            let first = *self.rng.pick(FIRST_NAMES);
            let last = *self.rng.pick(LAST_NAMES);
            let full = format!("{first} {last}");
            if self.names.insert(full.clone()) {
                let base = format!("{}.{}", email_part(first), email_part(last));
                return (full, base);
            }
        }
    }

    /// Adds a person; `email` overrides the address made from the name (demo accounts).
    fn add(
        &mut self,
        manager: Option<PersonIx>,
        title: String,
        function: &str,
        level: i64,
        location: String,
        email: Option<&str>,
    ) -> PersonIx {
        let (name, base) = self.name();
        let address = match email {
            Some(e) => e.to_string(),
            None => {
                // firstname.lastname, then firstname.lastname2, 3, … on a clash.
                let mut candidate = format!("{base}@{DOMAIN}");
                let mut n = 2;
                while self.emails.contains(&candidate) {
                    candidate = format!("{base}{n}@{DOMAIN}");
                    n += 1;
                }
                candidate
            }
        };
        self.emails.insert(address.clone());
        let ix = self.people.len();
        let person = NewPerson {
            employee_id: format!("MH{:04}", 1001 + ix),
            name,
            email: Email::parse(&address).expect("generated addresses are valid"),
            title,
            manager_employee_id: manager.map(|m| self.people[m].person.employee_id.clone()),
            location,
            function: function.to_string(),
            career_level: CareerLevel::new(level).expect("generated levels are 1 to 15"),
        };
        self.people.push(DemoPerson { person, manager });
        ix
    }

    fn location_of(&self, ix: PersonIx) -> String {
        self.people[ix].person.location.clone()
    }
}

fn staff_title(role: &str, level: i64) -> String {
    match level {
        ..=2 => format!("Graduate {role}"),
        3 => format!("Junior {role}"),
        4 | 5 => role.to_string(),
        _ => format!("Senior {role}"),
    }
}

/// Builds the company. The demo accounts sit in fixed places so the demo always
/// tells the same story: the manager runs FP&A in Finance with six reports, the
/// mentee is one of them, the mentor leads Customer Operations, the admin runs
/// mentoring in Learning & Development.
pub fn build(rng: &mut DemoRng) -> Org {
    let mut b = Builder {
        rng,
        people: Vec::new(),
        names: HashSet::new(),
        emails: HashSet::new(),
    };
    let ceo = b.add(
        None,
        "Chief Executive Officer".into(),
        "Operations",
        15,
        "London".into(),
        None,
    );
    let mut admin = None;
    let mut manager = None;
    let mut mentee = None;
    let mut mentor = None;
    let mut approval_report = None;
    for f in &FUNCTIONS {
        let level = b.rng.range(13, 14);
        let loc = if f.name == "People" {
            "Leeds".to_string()
        } else {
            b.location(Some("London"), 70)
        };
        let chief = b.add(Some(ceo), f.chief.into(), f.name, level, loc, None);
        let mut team_ix = 0;
        for (d, area) in f.areas.iter().enumerate() {
            let demo_mentor = f.name == "Operations" && d == 0;
            let level = if demo_mentor { 12 } else { b.rng.range(11, 12) };
            let title = if level == 12 {
                format!("Senior Director, {area}")
            } else {
                format!("Director, {area}")
            };
            let loc = if demo_mentor {
                "Manchester".to_string()
            } else {
                b.location(None, 0)
            };
            let email = demo_mentor.then(|| format!("mentor@{DOMAIN}"));
            let director = b.add(Some(chief), title, f.name, level, loc, email.as_deref());
            if demo_mentor {
                mentor = Some(director);
            }
            let managers = f.managers_per_director + b.rng.below(2);
            for m in 0..managers {
                let demo_manager = f.name == "Finance" && d == 0 && m == 0;
                let demo_admin = f.name == "People" && d == 0 && m == 0;
                let team = f.teams[team_ix % f.teams.len()];
                team_ix += 1;
                let mut title = team.0.to_string();
                let level = if demo_manager || demo_admin {
                    9
                } else {
                    b.rng.range(8, 10)
                };
                if demo_admin {
                    title = "Mentoring Programme Manager".into();
                } else if level == 10 {
                    title = format!("Senior {title}");
                }
                let near = b.location_of(director);
                let loc = if demo_manager {
                    "Leeds".to_string()
                } else {
                    b.location(Some(&near), 60)
                };
                let email = if demo_manager {
                    Some(format!("manager@{DOMAIN}"))
                } else if demo_admin {
                    Some(format!("admin@{DOMAIN}"))
                } else {
                    None
                };
                let mgr = b.add(Some(director), title, f.name, level, loc, email.as_deref());
                if demo_admin {
                    admin = Some(mgr);
                }
                if demo_manager {
                    manager = Some(mgr);
                    // Six reports at fixed levels: the demo needs a senior analyst
                    // (the mentee) and a colleague awaiting the manager's approval.
                    for (i, level) in [6, 5, 6, 4, 3, 5].into_iter().enumerate() {
                        let near = b.location_of(mgr);
                        let loc = if i < 2 {
                            near
                        } else {
                            b.location(Some(&near), 75)
                        };
                        let email = (i == 0).then(|| format!("mentee@{DOMAIN}"));
                        let role = team.1[i % 2];
                        let report = b.add(
                            Some(mgr),
                            staff_title(role, level),
                            f.name,
                            level,
                            loc,
                            email.as_deref(),
                        );
                        match i {
                            0 => mentee = Some(report),
                            1 => approval_report = Some(report),
                            _ => {}
                        }
                    }
                    continue;
                }
                add_team(&mut b, f, team, mgr);
            }
        }
    }
    let expect = |p: Option<PersonIx>, who: &str| {
        p.unwrap_or_else(|| panic!("the demo {who} is placed by build()"))
    };
    Org {
        accounts: DemoAccounts {
            admin: expect(admin, "admin"),
            mentee: expect(mentee, "mentee"),
            mentor: expect(mentor, "mentor"),
            manager: expect(manager, "manager"),
        },
        approval_report: expect(approval_report, "approval report"),
        people: b.people,
    }
}

/// A manager's team: four to six reports, sometimes with a team lead who has
/// two to four reports of their own (the sixth level of the tree).
fn add_team(b: &mut Builder<'_>, f: &FunctionSpec, team: Team, mgr: PersonIx) {
    let size = b.rng.range(4, 6);
    let with_lead = b.rng.chance(45);
    for i in 0..size {
        let near = b.location_of(mgr);
        let loc = b.location(Some(&near), 70);
        if with_lead && i == 0 {
            let lead = b.add(Some(mgr), f.lead_title.into(), f.name, 7, loc, None);
            for _ in 0..b.rng.range(2, 4) {
                let near = b.location_of(lead);
                let loc = b.location(Some(&near), 80);
                let level = b.rng.range(2, 5);
                let role = *b.rng.pick(team.1);
                b.add(
                    Some(lead),
                    staff_title(role, level),
                    f.name,
                    level,
                    loc,
                    None,
                );
            }
            continue;
        }
        let level = b.rng.range(2, 6);
        let role = *b.rng.pick(team.1);
        b.add(
            Some(mgr),
            staff_title(role, level),
            f.name,
            level,
            loc,
            None,
        );
    }
}
