//! Who may take part in a programme, in which role, and who is told about it
//! (`002_…` §4 and §6: a targeted pool first; every stakeholder knows the plan).

use crate::enrolment::{EnrolmentStatus, ParticipantRole};
use crate::person::Person;
use crate::programme::{Programme, ProgrammeStatus};
use crate::DomainError;
use serde::{Deserialize, Serialize};

/// Whether `person` may enrol as a mentee in `programme` now.
pub fn check_mentee_enrolment(programme: &Programme, person: &Person) -> Result<(), DomainError> {
    check_open(programme, person)?;
    if !programme
        .target_pool
        .admits_mentee(person.career_level.get(), &person.function)
    {
        return Err(DomainError::NotAllowed(format!(
            "{} is not in this programme's target pool for mentees",
            person.name
        )));
    }
    Ok(())
}

/// Whether `person` may apply to mentor in `programme` now.
pub fn check_mentor_application(programme: &Programme, person: &Person) -> Result<(), DomainError> {
    check_open(programme, person)?;
    if !programme
        .target_pool
        .admits_mentor(person.career_level.get())
    {
        return Err(DomainError::NotAllowed(format!(
            "{} is not in this programme's target pool for mentors",
            person.name
        )));
    }
    Ok(())
}

fn check_open(programme: &Programme, person: &Person) -> Result<(), DomainError> {
    if !person.active {
        return Err(DomainError::NotAllowed(format!(
            "{} is no longer active in the organisation",
            person.name
        )));
    }
    match programme.status {
        ProgrammeStatus::Open => Ok(()),
        ProgrammeStatus::Draft => Err(DomainError::NotAllowed(
            "this programme is still a draft: enrolment opens when an administrator opens it"
                .into(),
        )),
        ProgrammeStatus::Closed => Err(DomainError::NotAllowed(
            "this programme is closed to new participants".into(),
        )),
    }
}

/// Whether a non-admin sees a programme: one they are enrolled in, or an open
/// one whose target pool admits them in either role.
pub fn programme_visible_to(programme: &Programme, person: &Person, enrolled: bool) -> bool {
    enrolled
        || (programme.status == ProgrammeStatus::Open
            && (programme
                .target_pool
                .admits_mentee(person.career_level.get(), &person.function)
                || programme
                    .target_pool
                    .admits_mentor(person.career_level.get())))
}

/// A mentee's enrolment once the self-assessment is saved: complete, so ready
/// for preferences and matching (SPEC §4). Withdrawn enrolments stay withdrawn.
pub fn mentee_status_after_self_assessment(current: EnrolmentStatus) -> EnrolmentStatus {
    match current {
        EnrolmentStatus::Enrolled | EnrolmentStatus::Approved => EnrolmentStatus::Approved,
        other => other,
    }
}

/// Why someone receives a programme's announcement; one person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stakeholder {
    Mentor,
    Mentee,
    Manager,
    Admin,
}

impl Stakeholder {
    pub fn as_str(self) -> &'static str {
        match self {
            Stakeholder::Mentor => "mentor",
            Stakeholder::Mentee => "mentee",
            Stakeholder::Manager => "manager",
            Stakeholder::Admin => "admin",
        }
    }

    /// The stakeholder a participant's enrolment makes them, if it still counts
    /// (a declined or withdrawn person is not told about the programme's plan).
    pub fn of_enrolment(role: ParticipantRole, status: EnrolmentStatus) -> Option<Self> {
        match status {
            EnrolmentStatus::Declined | EnrolmentStatus::Withdrawn => None,
            _ => Some(match role {
                ParticipantRole::Mentor => Stakeholder::Mentor,
                ParticipantRole::Mentee => Stakeholder::Mentee,
            }),
        }
    }

    /// What the programme expects of this stakeholder (`002_…` §4–§5).
    pub fn expectations(self) -> &'static str {
        match self {
            Stakeholder::Mentee => "As a mentee you drive the relationship: complete your self-assessment (the one or two skills you want to improve, your leadership style, the kind of mentor you respond to, your goals), complete any training the programme asks of mentees, share your goals with your mentor, propose the meetings and set their agenda.",
            Stakeholder::Mentor => "As a mentor you coach, you do not manage: complete the required mentor training, keep your profile and capacity up to date, meet your mentee at the agreed rhythm, ask questions and share experience — and never do their work for them.",
            Stakeholder::Manager => "As the manager of a participant you support them: give them time to meet, take an interest in what they learn, and approve when a proposed mentor is in their own management line. You will see that a relationship exists and its state, and only the goals your report chooses to share.",
            Stakeholder::Admin => "As an administrator you qualify the mentors, make sure everyone completes their training, run the matching, and watch the programme's health: check-ins at the agreed days and relationships that go quiet.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::{CareerLevel, Email};
    use crate::programme::*;
    use crate::{PersonId, ProgrammeId};

    fn programme(status: ProgrammeStatus) -> Programme {
        Programme {
            id: ProgrammeId(1),
            name: "Finance leaders".into(),
            description: String::new(),
            objective: Objective::SuccessionPipeline,
            focus_skills: vec![],
            at_risk_functions: vec![],
            mode: ProgrammeMode::Hybrid,
            formality: Formality::Formal,
            status,
            target_pool: TargetPool {
                mentee_min_level: Some(4),
                mentee_max_level: Some(8),
                mentee_functions: vec!["Finance".into()],
                mentor_min_level: Some(10),
            },
            weights: CriteriaWeights::default(),
            rules: HardRules::default(),
            agreement_defaults: AgreementDefaults::formal(),
            checkins: CheckInSchedule::default(),
            dormancy: DormancyRule::default(),
            mentor_training_required: true,
            mentee_training_required: false,
            version: 1,
        }
    }

    fn person(level: i64, function: &str) -> Person {
        Person {
            id: PersonId(7),
            employee_id: "E7".into(),
            name: "Ola Berg".into(),
            email: Email::parse("ola@example.org").unwrap(),
            title: String::new(),
            manager_id: None,
            location: "Oslo".into(),
            function: function.into(),
            career_level: CareerLevel::new(level).unwrap(),
            active: true,
        }
    }

    #[test]
    fn only_the_target_pool_enrols_as_mentee() {
        let p = programme(ProgrammeStatus::Open);
        assert!(check_mentee_enrolment(&p, &person(5, "finance")).is_ok());
        let err = check_mentee_enrolment(&p, &person(5, "Sales")).unwrap_err();
        assert!(err.to_string().contains("target pool for mentees"), "{err}");
        assert!(check_mentee_enrolment(&p, &person(9, "Finance")).is_err());
    }

    #[test]
    fn mentors_need_the_pool_s_minimum_level() {
        let p = programme(ProgrammeStatus::Open);
        assert!(check_mentor_application(&p, &person(10, "Sales")).is_ok());
        assert!(check_mentor_application(&p, &person(9, "Sales"))
            .unwrap_err()
            .to_string()
            .contains("target pool for mentors"));
    }

    #[test]
    fn drafts_and_closed_programmes_take_nobody() {
        for status in [ProgrammeStatus::Draft, ProgrammeStatus::Closed] {
            let p = programme(status);
            assert!(check_mentee_enrolment(&p, &person(5, "Finance")).is_err());
        }
        let mut leaver = person(5, "Finance");
        leaver.active = false;
        assert!(check_mentee_enrolment(&programme(ProgrammeStatus::Open), &leaver).is_err());
    }

    #[test]
    fn people_see_open_programmes_they_could_join_and_their_own() {
        let open = programme(ProgrammeStatus::Open);
        assert!(programme_visible_to(&open, &person(5, "Finance"), false));
        assert!(programme_visible_to(&open, &person(12, "Sales"), false));
        assert!(!programme_visible_to(&open, &person(2, "Sales"), false));
        let draft = programme(ProgrammeStatus::Draft);
        assert!(!programme_visible_to(&draft, &person(5, "Finance"), false));
        assert!(programme_visible_to(&draft, &person(5, "Finance"), true));
    }

    #[test]
    fn a_complete_self_assessment_approves_the_mentee() {
        assert_eq!(
            mentee_status_after_self_assessment(EnrolmentStatus::Enrolled),
            EnrolmentStatus::Approved
        );
        assert_eq!(
            mentee_status_after_self_assessment(EnrolmentStatus::Withdrawn),
            EnrolmentStatus::Withdrawn
        );
    }

    #[test]
    fn declined_and_withdrawn_people_are_not_stakeholders() {
        assert_eq!(
            Stakeholder::of_enrolment(ParticipantRole::Mentor, EnrolmentStatus::Applied),
            Some(Stakeholder::Mentor)
        );
        assert_eq!(
            Stakeholder::of_enrolment(ParticipantRole::Mentor, EnrolmentStatus::Declined),
            None
        );
        assert_eq!(
            Stakeholder::of_enrolment(ParticipantRole::Mentee, EnrolmentStatus::Withdrawn),
            None
        );
    }
}
