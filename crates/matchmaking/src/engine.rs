//! The matching engine's instance, built from what the store holds: qualified
//! mentors with the places they have left, assessed mentees with their
//! management chains, the programme's weights and hard rules, preferences,
//! pairs once declared dormant and the admin's pins and forbidden pairs.
//! Directory recommendations and the admin's run use the very same builder, so
//! a mentee sees the scoring the admin's matching uses.

use mentorhub_domain::enrolment::mentor_is_matchable;
use mentorhub_domain::management::management_chain;
use mentorhub_domain::mentor_request::capacity_left;
use mentorhub_domain::programme::{FunctionRule, ManagementLineRule, Programme};
use mentorhub_domain::PersonId;
use mentorhub_matching::{InputError, Instance};
use mentorhub_store::{PoolMentee, PoolMentor};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The engine's id for a person: zero-padded, so that id order is number order.
pub fn engine_id(p: PersonId) -> String {
    format!("{:012}", p.0)
}

/// The person behind an engine id.
pub fn person_of(id: &str) -> Option<PersonId> {
    id.parse().ok().map(PersonId)
}

/// Mentors who may be listed and matched: approved and, where required, trained.
pub fn qualified(programme: &Programme, mentors: Vec<PoolMentor>) -> Vec<PoolMentor> {
    mentors
        .into_iter()
        .filter(|m| {
            mentor_is_matchable(
                mentorhub_domain::enrolment::EnrolmentStatus::Approved,
                programme.mentor_training_required,
                m.training_complete,
            )
        })
        .collect()
}

/// Everything an instance is made of, beyond the people.
#[derive(Default)]
pub struct PairLists {
    /// (mentee, mentor, rank 1 or 2).
    pub preferences: Vec<(PersonId, PersonId, u8)>,
    /// (mentor, mentee) pairs never to propose.
    pub forbidden: Vec<(PersonId, PersonId)>,
    /// (mentee, mentor) pairs that must be in the result.
    pub pinned: Vec<(PersonId, PersonId)>,
}

/// Builds the instance. Pairs naming someone outside it are left out (a
/// preference for a mentor who is now full still counts: the mentor is in the
/// instance with no place left).
pub fn build_instance(
    programme: &Programme,
    mentors: &[PoolMentor],
    mentees: &[PoolMentee],
    managers: &HashMap<PersonId, PersonId>,
    lists: &PairLists,
) -> Result<Instance, InputError> {
    Instance::from_json(instance_json(programme, mentors, mentees, managers, lists).as_bytes())
}

pub fn instance_json(
    programme: &Programme,
    mentors: &[PoolMentor],
    mentees: &[PoolMentee],
    managers: &HashMap<PersonId, PersonId>,
    lists: &PairLists,
) -> String {
    let w = programme.weights;
    let r = programme.rules;
    let rules = json!({
        // With "require approval" the pair may be proposed: publishing then asks
        // the mentee's manager first (`001_…` step 3).
        "management_line": match r.management_line {
            ManagementLineRule::Exclude => "exclude",
            ManagementLineRule::RequireApproval => "allow",
        },
        "min_level_gap": r.min_level_gap,
        "same_location": r.same_location,
        "function": match r.function {
            FunctionRule::Same => "same",
            FunctionRule::Cross => "cross",
            FunctionRule::Any => "any",
        },
    });
    let mentor_values: Vec<Value> = mentors
        .iter()
        .map(|m| {
            let skills: Map<String, Value> = m
                .profile
                .expertise
                .iter()
                .map(|e| (e.skill.to_lowercase(), json!(e.level)))
                .collect();
            json!({
                "id": engine_id(m.person.id),
                "capacity": capacity_left(m.profile.capacity, m.open_mentees),
                "skills": skills,
                "leadership_style": m.profile.leadership_style.as_str(),
                "personal_style": m.profile.personal_style.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "level": m.person.career_level.get(),
                "location": m.person.location,
                "function": m.person.function,
                "bio": format!("{}\n{}", m.profile.bio, m.profile.track_record),
            })
        })
        .collect();
    let mentee_values: Vec<Value> = mentees
        .iter()
        .map(|e| {
            let a = &e.assessment;
            let chain = management_chain(&e.person.id, |p| managers.get(p).copied())
                .unwrap_or_else(|err| match err {
                    mentorhub_domain::management::ManagementError::Cycle { cycle, .. } => cycle,
                });
            json!({
                "id": engine_id(e.person.id),
                "focus_skills": a.focus_skills.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>(),
                "leadership_style": a.leadership_style.as_str(),
                "style_preference": a.style_preference.as_str(),
                "personal_preference": a.personal_preference.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                "level": e.person.career_level.get(),
                "location": e.person.location,
                "function": e.person.function,
                "goals": format!("{}\n{}", a.goals_this_year, a.three_year_view),
                "management_chain": chain.into_iter().map(engine_id).collect::<Vec<_>>(),
            })
        })
        .collect();
    let is_mentor: std::collections::HashSet<PersonId> =
        mentors.iter().map(|m| m.person.id).collect();
    let is_mentee: std::collections::HashSet<PersonId> =
        mentees.iter().map(|e| e.person.id).collect();
    let known = |mentee: &PersonId, mentor: &PersonId| {
        is_mentee.contains(mentee) && is_mentor.contains(mentor)
    };
    let preferences: Vec<Value> = lists
        .preferences
        .iter()
        .filter(|(e, m, _)| known(e, m))
        .map(|(e, m, rank)| json!({"mentee": engine_id(*e), "mentor": engine_id(*m), "rank": rank}))
        .collect();
    let mut forbidden: Vec<(PersonId, PersonId)> = lists
        .forbidden
        .iter()
        .filter(|(m, e)| known(e, m))
        .copied()
        .collect();
    forbidden.sort();
    forbidden.dedup();
    let forbidden: Vec<Value> = forbidden
        .iter()
        .map(|(m, e)| json!({"mentee": engine_id(*e), "mentor": engine_id(*m)}))
        .collect();
    let pinned: Vec<Value> = lists
        .pinned
        .iter()
        .filter(|(e, m)| known(e, m))
        .map(|(e, m)| json!({"mentee": engine_id(*e), "mentor": engine_id(*m)}))
        .collect();
    json!({
        "weights": {
            "skills": w.skills, "leadership_style": w.leadership_style, "personal_style": w.personal_style,
            "career_gap": w.career_gap, "location": w.location, "function": w.function, "text": w.text,
        },
        "rules": rules,
        "mentors": mentor_values,
        "mentees": mentee_values,
        "preferences": preferences,
        "forbidden": forbidden,
        "pinned": pinned,
    })
    .to_string()
}
