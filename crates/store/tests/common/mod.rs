//! Fixtures shared by the store stories: people, a programme and enrolments
//! made with the store's own API.
#![allow(dead_code)]

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    Objective, Programme, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId, RelationshipId};
use mentorhub_store::{NewRelationship, Store};

pub const NOW: Timestamp = Timestamp(1_800_000_000_000);
pub const DAY: i64 = 86_400_000;

pub fn new_person(employee_id: &str, name: &str, manager: Option<&str>, level: i64) -> NewPerson {
    NewPerson {
        employee_id: employee_id.into(),
        name: name.into(),
        email: Email::parse(&format!("{}@example.org", employee_id.to_lowercase())).unwrap(),
        title: "Engineer".into(),
        manager_employee_id: manager.map(str::to_string),
        location: "Leeds".into(),
        function: "Finance".into(),
        career_level: CareerLevel::new(level).unwrap(),
    }
}

/// Stores one person with no manager.
pub async fn person(store: &Store, employee_id: &str, name: &str) -> PersonId {
    store
        .create_person(&new_person(employee_id, name, None, 5), NOW)
        .await
        .unwrap()
}

pub fn programme_value(name: &str) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Grow leaders in finance".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into(), "Coaching".into()],
        at_risk_functions: vec!["Finance".into()],
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

pub async fn programme(store: &Store, name: &str) -> ProgrammeId {
    store
        .create_programme(&programme_value(name), NOW)
        .await
        .unwrap()
}

pub async fn enrol(
    store: &Store,
    programme: ProgrammeId,
    person: PersonId,
    role: ParticipantRole,
) -> EnrolmentId {
    store
        .create_enrolment(programme, person, role, NOW)
        .await
        .unwrap()
}

/// A proposed relationship between two new people in a new programme.
pub struct Pair {
    pub programme: ProgrammeId,
    pub mentor: PersonId,
    pub mentee: PersonId,
    pub relationship: RelationshipId,
}

pub async fn pair(store: &Store) -> Pair {
    let programme = programme(store, "Leadership 2027").await;
    let mentor = person(store, "M1", "Maya Mentor").await;
    let mentee = person(store, "E1", "Eli Mentee").await;
    let relationship = store
        .create_relationship(
            NewRelationship {
                programme_id: programme,
                mentor_id: mentor,
                mentee_id: mentee,
                state: RelationshipState::Proposed,
                origin: Origin::Matched,
            },
            Actor::System,
            "published from the matching run",
            NOW,
        )
        .await
        .unwrap();
    Pair {
        programme,
        mentor,
        mentee,
        relationship,
    }
}
