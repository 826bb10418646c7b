//! Relationships in every state of the machine, each reached by legal transitions
//! (checked by the domain's own `Relationship::apply`) spread over the past year:
//! a first cohort of the formal programme now finishing, a second in full swing, a
//! few proposals this week, and the informal circle alongside.

use crate::clock::Clock;
use crate::life;
use crate::model::*;
use crate::plans::{plans, Plan, Who};
use crate::rng::DemoRng;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::management::is_in_management_line;
use mentorhub_domain::relationship::{
    Actor, Relationship, RelationshipEvent as E, RelationshipState as S,
};
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use std::collections::HashMap;
/// Pairs every plan with a mentor and a mentee, replays its history through the
/// domain state machine and fills in the relationship's life.
#[allow(clippy::too_many_arguments)]
pub fn build(
    rng: &mut DemoRng,
    clock: Clock,
    people: &[DemoPerson],
    accounts: &DemoAccounts,
    approval_report: PersonIx,
    mentors: &[DemoMentor],
    untrained: &[PersonIx],
    mentees: &mut [DemoMentee],
    programmes: &[DemoProgramme],
) -> Vec<DemoRelationship> {
    let finance_director = people[accounts.manager]
        .manager
        .expect("the demo manager has a manager");
    let manager_of = |p: &PersonIx| people[*p].manager;
    // Capacity counts a mentor's open relationships in every programme, as the
    // product does; `pairs` spreads the work across the pool.
    let mut open: HashMap<PersonIx, u8> = HashMap::new();
    let mut pairs: HashMap<PersonIx, u32> = HashMap::new();
    let mut used_mentees: Vec<PersonIx> = Vec::new();
    let mut relationships = Vec::new();
    let mut plans = plans(rng, accounts, approval_report, finance_director);
    // Fixed pairs first, so that no random pick takes their places.
    plans.sort_by_key(|p| p.pair.1.is_none());
    let mut rematch: Option<PersonIx> = None;
    for plan in plans {
        let created = clock.at(plan.created, 9);
        let mentee = match plan.pair.1 {
            Some(m) => m,
            None => {
                // One mentee of a dormant first-cohort pair tries again in the second.
                let again = rematch.take_if(|_| plan.created == 118 && plan.ends_open());
                match again {
                    Some(m) => m,
                    None => match mentees.iter().find(|m| {
                        m.programme == plan.programme && !used_mentees.contains(&m.person)
                    }) {
                        Some(m) => m.person,
                        None => continue,
                    },
                }
            }
        };
        let assessment = mentees
            .iter()
            .find(|m| m.person == mentee)
            .expect("mentee is enrolled")
            .assessment
            .clone();
        let mentor = match plan.pair.0 {
            Some(m) => m,
            None => {
                let min_gap = programmes[plan.programme].rules.min_level_gap as i64;
                let mentee_level = people[mentee].person.career_level.get() as i64;
                let eligible = mentors.iter().filter(|m| {
                    m.programme == plan.programme
                        && m.status == EnrolmentStatus::Approved
                        && m.person != accounts.mentor
                        && m.person != finance_director
                        && !untrained.contains(&m.person)
                        && m.decided.is_some_and(|(_, at)| at < created)
                        && m.person != mentee
                        && people[m.person].person.career_level.get() as i64 >= mentee_level + min_gap
                        && !is_in_management_line(&mentee, &m.person, manager_of)
                        // A pair that went dormant is not proposed again.
                        && !relationships.iter().any(|r: &DemoRelationship| r.mentee == mentee && r.mentor == m.person)
                        && (!plan.ends_open() || open.get(&m.person).copied().unwrap_or(0) < m.profile.capacity)
                });
                let best = eligible
                    .map(|m| {
                        let skills: u32 = assessment
                            .focus_skills
                            .iter()
                            .map(|s| {
                                m.profile
                                    .expertise
                                    .iter()
                                    .find(|e| &e.skill == s)
                                    .map_or(0, |e| e.level as u32)
                            })
                            .sum();
                        let same_style = m.profile.leadership_style == assessment.leadership_style;
                        let style = match assessment.style_preference {
                            mentorhub_domain::profile::StylePreference::Mirror => {
                                3 * same_style as u32
                            }
                            mentorhub_domain::profile::StylePreference::Different => {
                                3 * !same_style as u32
                            }
                            mentorhub_domain::profile::StylePreference::Any => 1,
                        };
                        let busy = 3 * pairs.get(&m.person).copied().unwrap_or(0);
                        (
                            (2 * skills + style + rng.below(4) as u32).saturating_sub(busy),
                            m.person,
                        )
                    })
                    .max();
                match best {
                    Some((_, p)) => p,
                    None => continue,
                }
            }
        };
        *pairs.entry(mentor).or_default() += 1;
        if plan.ends_open() {
            *open.entry(mentor).or_default() += 1;
        }
        if !plan.ends_open()
            && plan.programme == HYBRID
            && plan.created > 300
            && rematch.is_none()
            && plan.steps.iter().any(|s| s.event == E::DeclareDormant)
        {
            rematch = Some(mentee);
        }
        if !used_mentees.contains(&mentee) {
            used_mentees.push(mentee);
        }
        if let Some(m) = mentees.iter_mut().find(|m| m.person == mentee) {
            let enrolled = created.plus_days(-rng.range(8, 20));
            if enrolled < m.enrolled_at {
                m.enrolled_at = enrolled;
            }
        }
        let history = replay(&plan, mentor, mentee, accounts.admin, clock, created);
        let mut rel = DemoRelationship {
            programme: plan.programme,
            mentor,
            mentee,
            origin: plan.origin,
            created_at: created,
            state: history.last().map_or(S::Proposed, |t| t.to),
            history,
            agreement: None,
            goals: Vec::new(),
            meetings: Vec::new(),
            checkins: Vec::new(),
            reflections: Vec::new(),
        };
        life::fill(
            rng,
            clock,
            &mut rel,
            &programmes[plan.programme],
            &assessment,
            mentee == accounts.mentee,
        );
        relationships.push(rel);
    }
    relationships
}

/// Runs a plan's steps through the domain's state machine, so that every recorded
/// history is one the product itself would have allowed.
fn replay(
    plan: &Plan,
    mentor: PersonIx,
    mentee: PersonIx,
    admin: PersonIx,
    clock: Clock,
    created: mentorhub_domain::time_util::Timestamp,
) -> Vec<DemoTransition> {
    let mut rel = Relationship {
        id: RelationshipId(0),
        programme_id: ProgrammeId(plan.programme as i64),
        mentor_id: PersonId(mentor as i64),
        mentee_id: PersonId(mentee as i64),
        state: S::Proposed,
        origin: plan.origin,
        created_at: created,
        introduced_at: None,
        activated_at: None,
        closed_at: None,
        period_started_at: None,
        version: 1,
    };
    let mut out = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        let actor = match step.who {
            Who::Admin => DemoActor::Person(admin),
            Who::Mentor => DemoActor::Person(mentor),
            Who::Mentee => DemoActor::Person(mentee),
            Who::System => DemoActor::System,
        };
        let domain_actor = match actor {
            DemoActor::Person(p) => Actor::Person(PersonId(p as i64)),
            DemoActor::System => Actor::System,
        };
        // Later steps of the same day come later in the day.
        let at = clock.at(step.days_ago, 12 + i as i64).max(created);
        let t = rel
            .apply(step.event, domain_actor, at, step.reason)
            .unwrap_or_else(|e| panic!("demo history must be legal: {e}"));
        out.push(DemoTransition {
            from: t.from,
            to: t.to,
            event: t.event,
            actor,
            at: t.at,
            reason: t.reason,
        });
    }
    out
}

/// Ranked choices in the formal programme: most matched mentees got their first
/// or second choice; the waiting pool has stated theirs for the next run.
pub fn add_preferences(
    rng: &mut DemoRng,
    mentees: &mut [DemoMentee],
    mentors: &[DemoMentor],
    untrained: &[PersonIx],
    relationships: &[DemoRelationship],
    accounts: &DemoAccounts,
    approval_report: PersonIx,
) {
    let pool: Vec<PersonIx> = mentors
        .iter()
        .filter(|m| {
            m.programme == HYBRID
                && m.status == EnrolmentStatus::Approved
                && !untrained.contains(&m.person)
        })
        .map(|m| m.person)
        .collect();
    for mentee in mentees.iter_mut().filter(|m| m.programme == HYBRID) {
        let matched = relationships
            .iter()
            .filter(|r| r.programme == HYBRID && r.mentee == mentee.person)
            .map(|r| r.mentor)
            .next_back();
        let other = |rng: &mut DemoRng, not: Option<PersonIx>| loop {
            let p = *rng.pick(&pool);
            if Some(p) != not && p != mentee.person {
                return p;
            }
        };
        mentee.preferences = match matched {
            // The demo mentee got their first choice; their colleague ranked their
            // own director first, which is why the manager's approval is awaited.
            Some(m) if mentee.person == accounts.mentee || mentee.person == approval_report => {
                vec![(m, 1), (other(rng, Some(m)), 2)]
            }
            Some(m) => match rng.below(20) {
                0..=11 => vec![(m, 1), (other(rng, Some(m)), 2)],
                12..=14 => vec![(other(rng, Some(m)), 1), (m, 2)],
                _ => Vec::new(),
            },
            None => {
                let first = other(rng, None);
                if rng.chance(70) {
                    vec![(first, 1), (other(rng, Some(first)), 2)]
                } else {
                    vec![(first, 1)]
                }
            }
        };
    }
}
