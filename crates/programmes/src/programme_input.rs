//! A programme's settings as the API sends them and as the setup form types them,
//! turned into a checked [`Programme`] with every problem named by its field.

use crate::support::FieldErrors;
use mentorhub_domain::person::required_text;
use mentorhub_domain::programme::*;
use mentorhub_domain::{DomainError, ProgrammeId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Everything an admin sets up about a programme (SPEC §3).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProgrammeInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `skill_development`, `succession_pipeline`, `leadership_depth` or `custom`.
    pub objective: String,
    /// The objective in words, required when `objective` is `custom`.
    #[serde(default)]
    pub objective_text: String,
    #[serde(default)]
    pub focus_skills: Vec<String>,
    /// The business functions most at risk (`002_…` §3).
    #[serde(default)]
    pub at_risk_functions: Vec<String>,
    /// Who may enrol: `mentee_min_level`, `mentee_max_level`, `mentee_functions`, `mentor_min_level`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub target_pool: TargetPool,
    /// `admin_match`, `self_match` or `hybrid`.
    pub mode: String,
    /// `formal` or `informal`.
    #[serde(default = "default_formality")]
    pub formality: String,
    /// `draft`, `open` or `closed`.
    #[serde(default = "default_status")]
    pub status: String,
    /// Criteria weights 0–100: skills, leadership_style, personal_style, career_gap, location, function, text.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub weights: CriteriaWeights,
    /// Hard rules: management_line (`exclude`/`require_approval`), min_level_gap, same_location, function (`same`/`cross`/`any`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub rules: HardRules,
    /// `weekly`, `fortnightly` or `monthly`.
    #[serde(default = "default_cadence")]
    pub cadence: String,
    /// `in_person`, `phone`, `video` or `mixed`.
    #[serde(default = "default_meeting_mode")]
    pub meeting_mode: String,
    #[serde(default = "default_duration")]
    pub duration_months: u32,
    #[serde(default = "default_checkins")]
    pub checkin_days: Vec<u32>,
    #[serde(default = "default_dormancy")]
    pub dormancy_days: u32,
    #[serde(default = "default_dormancy_warn")]
    pub dormancy_warn_days: u32,
    #[serde(default)]
    pub mentor_training_required: bool,
    #[serde(default)]
    pub mentee_training_required: bool,
}

fn default_formality() -> String {
    "formal".into()
}
fn default_status() -> String {
    "draft".into()
}
fn default_cadence() -> String {
    AgreementDefaults::formal().cadence.as_str().into()
}
fn default_meeting_mode() -> String {
    AgreementDefaults::formal().mode.as_str().into()
}
fn default_duration() -> u32 {
    AgreementDefaults::formal().duration_months
}
fn default_checkins() -> Vec<u32> {
    CheckInSchedule::default().days
}
fn default_dormancy() -> u32 {
    DormancyRule::default().days
}
fn default_dormancy_warn() -> u32 {
    DormancyRule::default().warn_days_before
}

fn parse_formality(s: &str) -> Result<Formality, DomainError> {
    match s {
        "formal" => Ok(Formality::Formal),
        "informal" => Ok(Formality::Informal),
        _ => Err(DomainError::invalid(
            "formality",
            format!("unknown formality {s:?}; use formal or informal"),
        )),
    }
}

pub fn formality_str(f: Formality) -> &'static str {
    match f {
        Formality::Formal => "formal",
        Formality::Informal => "informal",
    }
}

fn check_level(errors: &mut FieldErrors, field: &str, level: Option<u8>) {
    if level.is_some_and(|l| !(1..=15).contains(&l)) {
        errors.add(field, "must be a career level from 1 to 15");
    }
}

impl ProgrammeInput {
    /// A new programme's starting point: formal, hybrid, the product's defaults.
    pub fn new_defaults() -> Self {
        ProgrammeInput {
            name: String::new(),
            description: String::new(),
            objective: "skill_development".into(),
            objective_text: String::new(),
            focus_skills: vec![],
            at_risk_functions: vec![],
            target_pool: TargetPool::default(),
            mode: "hybrid".into(),
            formality: default_formality(),
            status: default_status(),
            weights: CriteriaWeights::default(),
            rules: HardRules::default(),
            cadence: default_cadence(),
            meeting_mode: default_meeting_mode(),
            duration_months: default_duration(),
            checkin_days: default_checkins(),
            dormancy_days: default_dormancy(),
            dormancy_warn_days: default_dormancy_warn(),
            mentor_training_required: false,
            mentee_training_required: false,
        }
    }

    pub fn of(p: &Programme) -> Self {
        ProgrammeInput {
            name: p.name.clone(),
            description: p.description.clone(),
            objective: p.objective.kind().into(),
            objective_text: match &p.objective {
                Objective::Custom(t) => t.clone(),
                _ => String::new(),
            },
            focus_skills: p.focus_skills.clone(),
            at_risk_functions: p.at_risk_functions.clone(),
            target_pool: p.target_pool.clone(),
            mode: p.mode.as_str().into(),
            formality: formality_str(p.formality).into(),
            status: p.status.as_str().into(),
            weights: p.weights,
            rules: p.rules,
            cadence: p.agreement_defaults.cadence.as_str().into(),
            meeting_mode: p.agreement_defaults.mode.as_str().into(),
            duration_months: p.agreement_defaults.duration_months,
            checkin_days: p.checkins.days.clone(),
            dormancy_days: p.dormancy.days,
            dormancy_warn_days: p.dormancy.warn_days_before,
            mentor_training_required: p.mentor_training_required,
            mentee_training_required: p.mentee_training_required,
        }
    }

    /// The checked programme, or every problem found, each under its field.
    pub fn to_programme(&self, id: ProgrammeId, version: i64) -> Result<Programme, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take_as(required_text("name", &self.name, 200), "name");
        let description = e.take_as(
            mentorhub_domain::person::bounded_text("description", &self.description, 4000),
            "description",
        );
        let objective = e.take(
            Objective::parse(&self.objective, &self.objective_text),
            "objective",
        );
        let clean = |items: &[String]| parse_list(&items.join("\n"));
        let focus_skills = clean(&self.focus_skills);
        let at_risk_functions = clean(&self.at_risk_functions);
        let mut pool = self.target_pool.clone();
        pool.mentee_functions = clean(&pool.mentee_functions);
        check_level(&mut e, "mentee_min_level", pool.mentee_min_level);
        check_level(&mut e, "mentee_max_level", pool.mentee_max_level);
        check_level(&mut e, "mentor_min_level", pool.mentor_min_level);
        if let (Some(lo), Some(hi)) = (pool.mentee_min_level, pool.mentee_max_level) {
            if lo > hi {
                e.add(
                    "mentee_max_level",
                    "must not be below the lowest mentee level",
                );
            }
        }
        let mode = e.take_as(ProgrammeMode::parse(&self.mode), "mode");
        let formality = e.take_as(parse_formality(&self.formality), "formality");
        let status = e.take_as(ProgrammeStatus::parse(&self.status), "status");
        if let Err(err) = self.weights.validate() {
            e.add_domain(err, "weights");
        }
        e.take_as(self.rules.validate(), "min_level_gap");
        let cadence = e.take_as(Cadence::parse(&self.cadence), "cadence");
        let meeting_mode = e.take_as(MeetingMode::parse(&self.meeting_mode), "meeting_mode");
        if let Some(f) = formality {
            e.take_as(
                validate_duration_months(self.duration_months, f),
                "duration_months",
            );
        }
        let days: Vec<String> = self.checkin_days.iter().map(u32::to_string).collect();
        let checkins = e.take_as(CheckInSchedule::parse(&days.join(",")), "checkin_days");
        if checkins.as_ref().is_some_and(|c| c.days.is_empty()) {
            e.add(
                "checkin_days",
                "give at least one check-in day (30 and 90 are the usual ones)",
            );
        }
        let dormancy = DormancyRule {
            days: self.dormancy_days,
            warn_days_before: self.dormancy_warn_days,
        };
        e.take(dormancy.validate(), "dormancy_days");
        match (
            name,
            description,
            objective,
            mode,
            formality,
            status,
            cadence,
            meeting_mode,
            checkins,
        ) {
            (
                Some(name),
                Some(description),
                Some(objective),
                Some(mode),
                Some(formality),
                Some(status),
                Some(cadence),
                Some(meeting_mode),
                Some(checkins),
            ) if e.is_empty() => Ok(Programme {
                id,
                name,
                description,
                objective,
                focus_skills,
                at_risk_functions,
                mode,
                formality,
                status,
                target_pool: pool,
                weights: self.weights,
                rules: self.rules,
                agreement_defaults: AgreementDefaults {
                    cadence,
                    mode: meeting_mode,
                    duration_months: self.duration_months,
                },
                checkins,
                dormancy,
                mentor_training_required: self.mentor_training_required,
                mentee_training_required: self.mentee_training_required,
                version,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_a_valid_programme_once_named() {
        let mut input = ProgrammeInput::new_defaults();
        let errors = input.to_programme(ProgrammeId(0), 0).unwrap_err();
        assert_eq!(errors.get("name"), Some("is required"));
        input.name = "Finance leaders".into();
        let p = input.to_programme(ProgrammeId(0), 0).unwrap();
        assert_eq!(p.checkins.days, vec![30, 90]);
        assert_eq!(p.dormancy.days, 90);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut input = ProgrammeInput::new_defaults();
        input.name = "X".into();
        input.objective = "custom".into();
        input.duration_months = 2;
        input.dormancy_days = 10;
        input.target_pool.mentee_min_level = Some(9);
        input.target_pool.mentee_max_level = Some(4);
        input.checkin_days = vec![];
        let e = input.to_programme(ProgrammeId(0), 0).unwrap_err();
        assert_eq!(e.get("objective_text"), Some("is required"));
        assert_eq!(
            e.get("duration_months"),
            Some("must be from 6 to 24 months")
        );
        assert!(e.get("dormancy_days").unwrap().contains("30 to 180"));
        assert!(e.get("mentee_max_level").is_some());
        assert!(e.get("checkin_days").unwrap().contains("at least one"));
    }
}
