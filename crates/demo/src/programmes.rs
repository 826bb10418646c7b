//! The two demo programmes: a formal, hybrid cohort run by the People team, and an
//! informal, self-directed scheme anyone can join (SPEC §2).

use crate::model::DemoProgramme;
use mentorhub_domain::programme::{
    AgreementDefaults, Cadence, CheckInSchedule, CriteriaWeights, DormancyRule, Formality,
    FunctionRule, HardRules, ManagementLineRule, MeetingMode, Objective, ProgrammeMode,
    ProgrammeStatus, TargetPool,
};
use mentorhub_domain::time_util::Timestamp;

/// The skills the formal programme targets (`000_…` step 1, `002_…` §1).
pub const FOCUS_SKILLS: [&str; 4] = [
    "Quick, decisive strategic decisions",
    "Recognising and developing talent",
    "Leading through change",
    "Influencing without authority",
];

/// Further skills mentees name and mentors offer.
pub const OTHER_SKILLS: [&str; 10] = [
    "Stakeholder management",
    "Difficult conversations",
    "Commercial awareness",
    "Managing managers",
    "Presenting to senior audiences",
    "Building high-performing teams",
    "Strategic planning",
    "Negotiation",
    "Data-informed decisions",
    "Career transitions",
];

pub fn leadership_depth(today: Timestamp) -> DemoProgramme {
    DemoProgramme {
        name: "Leadership Depth 2026".into(),
        description: "A twelve-month cohort that builds the next layer of leaders below our directors. \
            Finance and Operations have the thinnest bench, so half the places go to them. \
            Mentees name one or two skills they want to grow and rank up to two mentors from the approved list; \
            the People team matches pairs, honouring first choices wherever it can, and introduces them. \
            Pairs meet every two weeks for nine months, check in after one and three months, and reassess at the end. \
            Mentors complete the \"Being a good mentor\" training before they are matched. \
            This is a business strategy first: every manager of a mentee is told, and asked to support."
            .into(),
        objective: Objective::LeadershipDepth,
        focus_skills: FOCUS_SKILLS.iter().map(|s| s.to_string()).collect(),
        at_risk_functions: vec!["Finance".into(), "Operations".into()],
        mode: ProgrammeMode::Hybrid,
        formality: Formality::Formal,
        status: ProgrammeStatus::Open,
        target_pool: TargetPool {
            mentee_min_level: Some(3),
            mentee_max_level: Some(9),
            mentee_functions: Vec::new(),
            mentor_min_level: Some(9),
        },
        weights: CriteriaWeights {
            skills: 35,
            leadership_style: 15,
            personal_style: 10,
            career_gap: 15,
            location: 5,
            function: 10,
            text: 10,
        },
        rules: HardRules {
            management_line: ManagementLineRule::RequireApproval,
            min_level_gap: 2,
            same_location: false,
            function: FunctionRule::Any,
        },
        agreement_defaults: AgreementDefaults { cadence: Cadence::Fortnightly, mode: MeetingMode::Mixed, duration_months: 9 },
        checkins: CheckInSchedule { days: vec![30, 90] },
        dormancy: DormancyRule { days: 90, warn_days_before: 14 },
        mentor_training_required: true,
        mentee_training_required: false,
        created_at: today.plus_days(-400),
        announced_at: Some(today.plus_days(-385)),
    }
}

pub fn open_mentoring(today: Timestamp) -> DemoProgramme {
    DemoProgramme {
        name: "Open Mentoring Circle".into(),
        description: "Find your own mentor, at your own pace. Browse the mentors who have offered their time, \
            shortlist a few, talk to at least three and ask the one who fits. No cohort and no deadline: \
            agree how you will work together and reassess after six months. \
            If the person you want is in your own management line, talk to your manager first."
            .into(),
        objective: Objective::SkillDevelopment,
        focus_skills: vec![
            "Presenting to senior audiences".into(),
            "Career transitions".into(),
            "Stakeholder management".into(),
        ],
        at_risk_functions: Vec::new(),
        mode: ProgrammeMode::SelfMatch,
        formality: Formality::Informal,
        status: ProgrammeStatus::Open,
        target_pool: TargetPool::default(),
        weights: CriteriaWeights::default(),
        rules: HardRules {
            management_line: ManagementLineRule::RequireApproval,
            min_level_gap: 1,
            same_location: false,
            function: FunctionRule::Any,
        },
        agreement_defaults: AgreementDefaults { cadence: Cadence::Monthly, mode: MeetingMode::Mixed, duration_months: 6 },
        checkins: CheckInSchedule { days: vec![30, 90] },
        dormancy: DormancyRule { days: 90, warn_days_before: 14 },
        mentor_training_required: false,
        mentee_training_required: false,
        created_at: today.plus_days(-370),
        announced_at: Some(today.plus_days(-365)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_programmes_pass_the_domain_rules() {
        for p in [leadership_depth(Timestamp(0)), open_mentoring(Timestamp(0))] {
            p.weights.validate().unwrap();
            p.rules.validate().unwrap();
            p.agreement_defaults.validate(p.formality).unwrap();
            p.dormancy.validate().unwrap();
        }
    }
}
