//! A mentoring programme: what it is for, who takes part, how pairs are made and
//! what every relationship in it starts from (`002_…` §1–§6, `004_…`).

use crate::{DomainError, ProgrammeId};
use serde::{Deserialize, Serialize};

/// What the programme is for — more specific than "leadership development" (`002_…` §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Objective {
    SkillDevelopment,
    SuccessionPipeline,
    LeadershipDepth,
    Custom(String),
}

impl Objective {
    pub fn kind(&self) -> &'static str {
        match self {
            Objective::SkillDevelopment => "skill_development",
            Objective::SuccessionPipeline => "succession_pipeline",
            Objective::LeadershipDepth => "leadership_depth",
            Objective::Custom(_) => "custom",
        }
    }

    pub fn label(&self) -> String {
        match self {
            Objective::SkillDevelopment => "Skill development".into(),
            Objective::SuccessionPipeline => "Succession pipeline".into(),
            Objective::LeadershipDepth => "Leadership depth".into(),
            Objective::Custom(t) => t.clone(),
        }
    }

    pub fn parse(kind: &str, custom_text: &str) -> Result<Self, DomainError> {
        match kind {
            "skill_development" => Ok(Objective::SkillDevelopment),
            "succession_pipeline" => Ok(Objective::SuccessionPipeline),
            "leadership_depth" => Ok(Objective::LeadershipDepth),
            "custom" => {
                let t = crate::person::required_text("objective_text", custom_text, 500)?;
                Ok(Objective::Custom(t))
            }
            other => Err(DomainError::invalid(
                "objective",
                format!("unknown objective {other:?}; use skill_development, succession_pipeline, leadership_depth or custom"),
            )),
        }
    }
}

/// How relationships in the programme start (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeMode {
    /// The admin matches and publishes.
    AdminMatch,
    /// Mentees pick from the mentor list; the mentor accepts or declines.
    SelfMatch,
    /// Mentees state one or two preferences; the admin's matching honours them
    /// where possible (`004_…` steps 3–4).
    Hybrid,
}

impl ProgrammeMode {
    pub const ALL: [ProgrammeMode; 3] = [
        ProgrammeMode::AdminMatch,
        ProgrammeMode::SelfMatch,
        ProgrammeMode::Hybrid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeMode::AdminMatch => "admin_match",
            ProgrammeMode::SelfMatch => "self_match",
            ProgrammeMode::Hybrid => "hybrid",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                DomainError::invalid(
                    "mode",
                    format!("unknown mode {s:?}; use admin_match, self_match or hybrid"),
                )
            })
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgrammeMode::AdminMatch => "Admin matches",
            ProgrammeMode::SelfMatch => "Self-match",
            ProgrammeMode::Hybrid => "Hybrid: mentees' choices, admin matches",
        }
    }

    /// Whether mentees rank mentors in this mode.
    pub fn takes_preferences(self) -> bool {
        matches!(self, ProgrammeMode::Hybrid | ProgrammeMode::SelfMatch)
    }

    /// Whether an admin runs the matching engine in this mode.
    pub fn admin_matches(self) -> bool {
        matches!(self, ProgrammeMode::AdminMatch | ProgrammeMode::Hybrid)
    }
}

/// Weights of the matching criteria (`002_…` §3); each criterion scores 0–1 and the
/// weights scale it. They need not add up to 100: scores are normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriteriaWeights {
    pub skills: u32,
    pub leadership_style: u32,
    pub personal_style: u32,
    pub career_gap: u32,
    pub location: u32,
    pub function: u32,
    pub text: u32,
}

impl Default for CriteriaWeights {
    fn default() -> Self {
        CriteriaWeights {
            skills: 30,
            leadership_style: 15,
            personal_style: 10,
            career_gap: 15,
            location: 10,
            function: 10,
            text: 10,
        }
    }
}

impl CriteriaWeights {
    pub fn validate(&self) -> Result<(), DomainError> {
        let all = [
            ("weights.skills", self.skills),
            ("weights.leadership_style", self.leadership_style),
            ("weights.personal_style", self.personal_style),
            ("weights.career_gap", self.career_gap),
            ("weights.location", self.location),
            ("weights.function", self.function),
            ("weights.text", self.text),
        ];
        for (field, w) in all {
            if w > 100 {
                return Err(DomainError::invalid(field, "must be from 0 to 100"));
            }
        }
        if all.iter().all(|(_, w)| *w == 0) {
            return Err(DomainError::invalid(
                "weights",
                "at least one weight must be above 0",
            ));
        }
        Ok(())
    }
}

/// What to do when a would-be mentor is in the mentee's own management line
/// (`001_…` step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementLineRule {
    /// Never pair them.
    Exclude,
    /// Pair them only once the mentee's manager approves.
    RequireApproval,
}

impl ManagementLineRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ManagementLineRule::Exclude => "exclude",
            ManagementLineRule::RequireApproval => "require_approval",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "exclude" => Ok(Self::Exclude),
            "require_approval" => Ok(Self::RequireApproval),
            _ => Err(DomainError::invalid(
                "management_line",
                format!("unknown rule {s:?}; use exclude or require_approval"),
            )),
        }
    }
}

/// Whether mentor and mentee should share a business function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionRule {
    Same,
    Cross,
    Any,
}

impl FunctionRule {
    pub fn as_str(self) -> &'static str {
        match self {
            FunctionRule::Same => "same",
            FunctionRule::Cross => "cross",
            FunctionRule::Any => "any",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "same" => Ok(Self::Same),
            "cross" => Ok(Self::Cross),
            "any" => Ok(Self::Any),
            _ => Err(DomainError::invalid(
                "function_rule",
                format!("unknown rule {s:?}; use same, cross or any"),
            )),
        }
    }
}

/// Rules no match may break (SPEC §6), beyond the ones that always hold
/// (never one's own mentor, approved and trained mentors only, capacity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardRules {
    pub management_line: ManagementLineRule,
    /// The mentor's career level must exceed the mentee's by at least this much.
    pub min_level_gap: i32,
    /// Same location only (e.g. for in-person programmes).
    pub same_location: bool,
    pub function: FunctionRule,
}

impl Default for HardRules {
    fn default() -> Self {
        HardRules {
            management_line: ManagementLineRule::RequireApproval,
            min_level_gap: 1,
            same_location: false,
            function: FunctionRule::Any,
        }
    }
}

impl HardRules {
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(-14..=14).contains(&self.min_level_gap) {
            return Err(DomainError::invalid(
                "min_level_gap",
                "must be from -14 to 14",
            ));
        }
        Ok(())
    }
}

/// How often a pair meets. Weekly is the ideal; monthly the minimum the product
/// allows (`000_…` step 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Weekly, Cadence::Fortnightly, Cadence::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::Monthly => "monthly",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "every week",
            Cadence::Fortnightly => "every two weeks",
            Cadence::Monthly => "every month",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| {
            DomainError::invalid(
                "cadence",
                format!("unknown cadence {s:?}; use weekly, fortnightly or monthly (monthly is the minimum)"),
            )
        })
    }

    /// Days between meetings at this cadence.
    pub fn interval_days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Fortnightly => 14,
            Cadence::Monthly => 30,
        }
    }

    /// How many meetings this cadence expects over `days` days.
    pub fn expected_meetings(self, days: i64) -> i64 {
        if days <= 0 {
            0
        } else {
            days / self.interval_days()
        }
    }
}

/// How a pair meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingMode {
    InPerson,
    Phone,
    Video,
    Mixed,
}

impl MeetingMode {
    pub const ALL: [MeetingMode; 4] = [
        MeetingMode::InPerson,
        MeetingMode::Phone,
        MeetingMode::Video,
        MeetingMode::Mixed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingMode::InPerson => "in_person",
            MeetingMode::Phone => "phone",
            MeetingMode::Video => "video",
            MeetingMode::Mixed => "mixed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MeetingMode::InPerson => "In person",
            MeetingMode::Phone => "Phone",
            MeetingMode::Video => "Video",
            MeetingMode::Mixed => "Mixed",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                DomainError::invalid(
                    "mode",
                    format!("unknown meeting mode {s:?}; use in_person, phone, video or mixed"),
                )
            })
    }
}

/// Whether a programme is run by an admin or self-directed: it sets the shortest
/// duration before reassessment the product accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formality {
    Formal,
    Informal,
}

/// What every relationship's agreement starts from (`000_…` step 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementDefaults {
    pub cadence: Cadence,
    pub mode: MeetingMode,
    pub duration_months: u32,
}

impl AgreementDefaults {
    pub fn formal() -> Self {
        AgreementDefaults {
            cadence: Cadence::Fortnightly,
            mode: MeetingMode::Mixed,
            duration_months: 9,
        }
    }

    pub fn informal() -> Self {
        AgreementDefaults {
            cadence: Cadence::Monthly,
            mode: MeetingMode::Mixed,
            duration_months: 6,
        }
    }

    pub fn validate(&self, formality: Formality) -> Result<(), DomainError> {
        validate_duration_months(self.duration_months, formality)
    }
}

/// Formal relationships run 9–12 months before reassessment by default, informal
/// ones at least 4 (`000_…` step 7, `002_…`); the product allows 4–24 for informal and
/// 6–24 for formal ones.
pub fn validate_duration_months(months: u32, formality: Formality) -> Result<(), DomainError> {
    let min = match formality {
        Formality::Formal => 6,
        Formality::Informal => 4,
    };
    if months < min || months > 24 {
        return Err(DomainError::invalid(
            "duration_months",
            format!("must be from {min} to 24 months"),
        ));
    }
    Ok(())
}

/// Days after the relationship becomes active when both are asked to check in
/// (`004_…` step 7: after 1 month and after 3 months by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInSchedule {
    pub days: Vec<u32>,
}

impl Default for CheckInSchedule {
    fn default() -> Self {
        CheckInSchedule { days: vec![30, 90] }
    }
}

impl CheckInSchedule {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let mut days = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let d: u32 = part.parse().map_err(|_| {
                DomainError::invalid(
                    "checkin_days",
                    format!("{part:?} is not a whole number of days"),
                )
            })?;
            if !(1..=730).contains(&d) {
                return Err(DomainError::invalid(
                    "checkin_days",
                    "each day must be from 1 to 730",
                ));
            }
            days.push(d);
        }
        days.sort_unstable();
        days.dedup();
        if days.len() > 6 {
            return Err(DomainError::invalid("checkin_days", "at most 6 check-ins"));
        }
        Ok(CheckInSchedule { days })
    }

    pub fn to_text(&self) -> String {
        self.days
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// No contact logged within this many days of the introduction ⇒ dormant
/// (`004_…` step 8: 1–3 months), with a warning some days before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DormancyRule {
    pub days: u32,
    pub warn_days_before: u32,
}

impl Default for DormancyRule {
    fn default() -> Self {
        DormancyRule {
            days: 90,
            warn_days_before: 14,
        }
    }
}

impl DormancyRule {
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(30..=180).contains(&self.days) {
            return Err(DomainError::invalid(
                "dormancy_days",
                "must be from 30 to 180 days",
            ));
        }
        if self.warn_days_before >= self.days {
            return Err(DomainError::invalid(
                "dormancy_warn_days",
                "the warning must come before the dormancy day",
            ));
        }
        Ok(())
    }
}

/// Who may enrol, in which role (`002_…` §6: e.g. a high-potential pool first).
/// Empty lists mean "anyone".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetPool {
    pub mentee_min_level: Option<u8>,
    pub mentee_max_level: Option<u8>,
    pub mentee_functions: Vec<String>,
    pub mentor_min_level: Option<u8>,
}

impl TargetPool {
    pub fn admits_mentee(&self, level: u8, function: &str) -> bool {
        self.mentee_min_level.is_none_or(|m| level >= m)
            && self.mentee_max_level.is_none_or(|m| level <= m)
            && (self.mentee_functions.is_empty()
                || self
                    .mentee_functions
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(function)))
    }

    pub fn admits_mentor(&self, level: u8) -> bool {
        self.mentor_min_level.is_none_or(|m| level >= m)
    }
}

/// Lifecycle of the programme itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    Draft,
    Open,
    Closed,
}

impl ProgrammeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeStatus::Draft => "draft",
            ProgrammeStatus::Open => "open",
            ProgrammeStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "draft" => Ok(Self::Draft),
            "open" => Ok(Self::Open),
            "closed" => Ok(Self::Closed),
            _ => Err(DomainError::invalid(
                "status",
                format!("unknown status {s:?}"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub id: ProgrammeId,
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
    /// Optimistic-concurrency version, bumped on every update.
    pub version: i64,
}

/// A comma- or newline-separated list as typed in a form: trimmed, blanks and
/// duplicates (case-insensitively) removed, order kept.
pub fn parse_list(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in raw
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            out.push(item.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_custom_needs_text() {
        assert_eq!(
            Objective::parse("leadership_depth", "").unwrap(),
            Objective::LeadershipDepth
        );
        assert!(Objective::parse("custom", "  ").is_err());
        assert_eq!(
            Objective::parse("custom", "Grow women engineers into staff roles")
                .unwrap()
                .label(),
            "Grow women engineers into staff roles"
        );
        assert!(Objective::parse("leadership development", "").is_err());
    }

    #[test]
    fn monthly_is_the_least_frequent_cadence() {
        assert!(Cadence::parse("quarterly")
            .unwrap_err()
            .to_string()
            .contains("monthly is the minimum"));
        assert_eq!(Cadence::Weekly.expected_meetings(30), 4);
        assert_eq!(Cadence::Monthly.expected_meetings(90), 3);
    }

    #[test]
    fn informal_durations_start_at_four_months_formal_at_six() {
        assert!(validate_duration_months(4, Formality::Informal).is_ok());
        assert!(validate_duration_months(3, Formality::Informal).is_err());
        assert!(validate_duration_months(5, Formality::Formal).is_err());
        assert!(validate_duration_months(12, Formality::Formal).is_ok());
        assert!(validate_duration_months(25, Formality::Formal).is_err());
    }

    #[test]
    fn checkin_days_default_to_one_and_three_months() {
        assert_eq!(CheckInSchedule::default().days, vec![30, 90]);
        assert_eq!(
            CheckInSchedule::parse("90, 30, 30").unwrap().days,
            vec![30, 90]
        );
        assert!(CheckInSchedule::parse("30, soon").is_err());
        assert!(CheckInSchedule::parse("0").is_err());
    }

    #[test]
    fn dormancy_window_is_one_to_six_months_with_warning_before() {
        assert!(DormancyRule::default().validate().is_ok());
        assert!(DormancyRule {
            days: 10,
            warn_days_before: 2
        }
        .validate()
        .is_err());
        assert!(DormancyRule {
            days: 60,
            warn_days_before: 60
        }
        .validate()
        .is_err());
    }

    #[test]
    fn target_pool_filters_mentees_by_level_and_function() {
        let pool = TargetPool {
            mentee_min_level: Some(4),
            mentee_max_level: Some(8),
            mentee_functions: vec!["Finance".into()],
            mentor_min_level: Some(9),
        };
        assert!(pool.admits_mentee(5, "finance"));
        assert!(!pool.admits_mentee(3, "Finance"));
        assert!(!pool.admits_mentee(5, "Sales"));
        assert!(pool.admits_mentor(9));
        assert!(!pool.admits_mentor(8));
        assert!(TargetPool::default().admits_mentee(1, "Anything"));
    }

    #[test]
    fn weights_must_not_all_be_zero() {
        assert!(CriteriaWeights::default().validate().is_ok());
        let zero = CriteriaWeights {
            skills: 0,
            leadership_style: 0,
            personal_style: 0,
            career_gap: 0,
            location: 0,
            function: 0,
            text: 0,
        };
        assert!(zero.validate().is_err());
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated() {
        assert_eq!(
            parse_list(" Strategy, coaching,\nstrategy ,, "),
            vec!["Strategy", "coaching"]
        );
    }
}
