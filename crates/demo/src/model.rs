//! The demo organisation as plain values. People, programmes and enrolments are
//! referred to by their index in [`DemoOrg`]'s lists; the loader turns indexes into
//! the ids the database assigns.

use mentorhub_domain::agreement::AgreementTerms;
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::goal::GoalInput;
use mentorhub_domain::meeting::MeetingInput;
use mentorhub_domain::outreach::{ContactMethod, OfferState, OutreachAction, OutreachStage};
use mentorhub_domain::person::NewPerson;
use mentorhub_domain::profile::{Expertise, LeadershipStyle, PersonalTrait, StylePreference};
use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    MeetingMode, Objective, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::relationship::{Origin, RelationshipEvent, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::training::{Audience, ResourceKind};

/// Index of a person in [`DemoOrg::people`].
pub type PersonIx = usize;
/// Index of a programme in [`DemoOrg::programmes`].
pub type ProgrammeIx = usize;

/// The formal, hybrid programme is always first, the informal one second.
pub const HYBRID: ProgrammeIx = 0;
pub const INFORMAL: ProgrammeIx = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    /// The day the organisation was generated for; every date lies before it,
    /// except meetings scheduled ahead.
    pub today: Timestamp,
    /// Managers come before their reports: the CEO is first.
    pub people: Vec<DemoPerson>,
    pub accounts: DemoAccounts,
    pub programmes: Vec<DemoProgramme>,
    pub mentors: Vec<DemoMentor>,
    pub mentees: Vec<DemoMentee>,
    pub relationships: Vec<DemoRelationship>,
    pub resources: Vec<DemoResource>,
    pub completions: Vec<DemoCompletion>,
    pub shortlist: Vec<DemoShortlistEntry>,
    pub offers: Vec<DemoOffer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub person: NewPerson,
    pub manager: Option<PersonIx>,
}

/// The people behind the four demo sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccounts {
    pub admin: PersonIx,
    pub mentee: PersonIx,
    pub mentor: PersonIx,
    pub manager: PersonIx,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoProgramme {
    pub name: String,
    pub description: String,
    pub objective: Objective,
    pub focus_skills: Vec<String>,
    pub at_risk_functions: Vec<String>,
    pub mode: ProgrammeMode,
    pub formality: Formality,
    pub status: ProgrammeStatus,
    pub target_pool: TargetPool,
    pub weights: CriteriaWeights,
    pub rules: HardRules,
    pub agreement_defaults: AgreementDefaults,
    pub checkins: CheckInSchedule,
    pub dormancy: DormancyRule,
    pub mentor_training_required: bool,
    pub mentee_training_required: bool,
    pub created_at: Timestamp,
    pub announced_at: Option<Timestamp>,
}

/// A mentor's enrolment in a programme: the application, its assessment and the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMentor {
    pub programme: ProgrammeIx,
    pub person: PersonIx,
    pub status: EnrolmentStatus,
    pub applied_at: Timestamp,
    /// Who decided and when (approved or declined applications only).
    pub decided: Option<(PersonIx, Timestamp)>,
    pub decision_reason: Option<String>,
    pub profile: DemoMentorProfile,
    pub assessment: Option<DemoAssessment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMentorProfile {
    pub bio: String,
    pub expertise: Vec<Expertise>,
    pub leadership_style: LeadershipStyle,
    /// One pole of each axis.
    pub personal_style: Vec<PersonalTrait>,
    pub track_record: String,
    pub capacity: u8,
    pub availability: String,
    pub meeting_modes: Vec<MeetingMode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAssessment {
    pub assessor: PersonIx,
    pub expertise_score: u8,
    pub communication_score: u8,
    pub notes: String,
    pub at: Timestamp,
}

/// A mentee's enrolment with their self-assessment and ranked choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMentee {
    pub programme: ProgrammeIx,
    pub person: PersonIx,
    pub enrolled_at: Timestamp,
    pub assessment: DemoSelfAssessment,
    /// (mentor, rank 1 or 2); the mentor is enrolled in the same programme.
    pub preferences: Vec<(PersonIx, u8)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSelfAssessment {
    pub focus_skills: Vec<String>,
    pub leadership_style: LeadershipStyle,
    pub style_preference: StylePreference,
    pub personal_preference: Vec<PersonalTrait>,
    pub goals_this_year: String,
    pub three_year_view: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoActor {
    Person(PersonIx),
    System,
}

/// One recorded change of state, checked against the domain's state machine when
/// the organisation is generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoTransition {
    pub from: RelationshipState,
    pub to: RelationshipState,
    pub event: RelationshipEvent,
    pub actor: DemoActor,
    pub at: Timestamp,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRelationship {
    pub programme: ProgrammeIx,
    pub mentor: PersonIx,
    pub mentee: PersonIx,
    pub origin: Origin,
    pub created_at: Timestamp,
    /// The state the history ends in.
    pub state: RelationshipState,
    pub history: Vec<DemoTransition>,
    pub agreement: Option<DemoAgreement>,
    pub goals: Vec<DemoGoal>,
    pub meetings: Vec<DemoMeeting>,
    pub checkins: Vec<DemoCheckIn>,
    pub reflections: Vec<DemoReflection>,
}

impl DemoRelationship {
    pub fn time_of(&self, to: RelationshipState) -> Option<Timestamp> {
        self.history.iter().find(|t| t.to == to).map(|t| t.at)
    }

    /// The last held meeting, which is what the product counts as contact.
    pub fn last_contact(&self) -> Option<Timestamp> {
        self.meetings
            .iter()
            .filter(|m| m.input.status == mentorhub_domain::meeting::MeetingStatus::Held)
            .map(|m| m.input.starts_at)
            .max()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAgreement {
    pub terms: AgreementTerms,
    pub mentor_confirmed: bool,
    pub mentee_confirmed: bool,
    pub updated_by: PersonIx,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoGoal {
    pub input: GoalInput,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMeeting {
    pub input: MeetingInput,
    pub created_by: PersonIx,
    pub notes: Vec<DemoNote>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoNote {
    pub author: PersonIx,
    pub body: String,
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCheckIn {
    pub person: PersonIx,
    pub due_day: u32,
    pub due_at: Timestamp,
    pub answer: Option<CheckInAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReflection {
    pub person: PersonIx,
    pub body: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoResource {
    /// None: built in, offered in every programme.
    pub programme: Option<ProgrammeIx>,
    pub title: String,
    pub kind: ResourceKind,
    pub audience: Audience,
    pub body: String,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCompletion {
    /// Index in [`DemoOrg::resources`].
    pub resource: usize,
    pub person: PersonIx,
    pub at: Timestamp,
}

/// An entry on a mentee's private shortlist, already moved through the outreach
/// pipeline by the domain's own rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoShortlistEntry {
    pub mentee: PersonIx,
    pub candidate: PersonIx,
    pub programme: Option<ProgrammeIx>,
    pub position: i32,
    pub positives: String,
    pub constraints: String,
    pub recommendations: String,
    /// The steps taken, in order, with when: the loader replays them through the store.
    pub actions: Vec<(OutreachAction, Timestamp)>,
    /// Where the steps led.
    pub stage: OutreachStage,
    pub contact_method: Option<ContactMethod>,
    pub conversations: u32,
    pub follow_up_welcome: Option<bool>,
    pub thanked: bool,
    pub notes: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOffer {
    pub mentor: PersonIx,
    pub protege: PersonIx,
    pub programme: Option<ProgrammeIx>,
    pub noticed: String,
    pub state: OfferState,
    pub created_at: Timestamp,
}
