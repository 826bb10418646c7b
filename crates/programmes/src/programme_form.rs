//! The programme setup form as typed: every value a string, parsed into a
//! [`ProgrammeInput`] with problems kept beside their fields.

use crate::programme_input::ProgrammeInput;
use crate::support::FieldErrors;
use mentorhub_domain::programme::{
    CriteriaWeights, FunctionRule, HardRules, ManagementLineRule, TargetPool,
};
use serde::Deserialize;

/// One option of a select, marked when it is the current value.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub fn choices(options: &[(&'static str, &'static str)], current: &str) -> Vec<Choice> {
    options
        .iter()
        .map(|(value, label)| Choice {
            value,
            label,
            selected: *value == current,
        })
        .collect()
}

pub const OBJECTIVES: &[(&str, &str)] = &[
    ("skill_development", "Skill development"),
    ("succession_pipeline", "Strengthen the succession pipeline"),
    ("leadership_depth", "Increase leadership depth"),
    ("custom", "Something else (describe it)"),
];
pub const MODES: &[(&str, &str)] = &[
    (
        "admin_match",
        "Admin matches: the administrator pairs people",
    ),
    (
        "self_match",
        "Self match: mentees pick from the mentor list",
    ),
    (
        "hybrid",
        "Hybrid: mentees name 1–2 preferences, the administrator matches",
    ),
];
pub const FORMALITIES: &[(&str, &str)] = &[
    ("formal", "Formal (9–12 months usual)"),
    ("informal", "Informal (at least 4–6 months)"),
];
pub const STATUSES: &[(&str, &str)] = &[
    ("draft", "Draft: only administrators see it"),
    ("open", "Open: the target pool can enrol"),
    ("closed", "Closed: no new participants"),
];
pub const CADENCES: &[(&str, &str)] = &[
    ("weekly", "Weekly (ideal)"),
    ("fortnightly", "Every two weeks"),
    ("monthly", "Monthly (the minimum)"),
];
pub const MEETING_MODES: &[(&str, &str)] = &[
    ("in_person", "In person"),
    ("phone", "Phone"),
    ("video", "Video"),
    ("mixed", "Mixed"),
];
pub const MANAGEMENT_LINE: &[(&str, &str)] = &[
    (
        "require_approval",
        "Allowed once the mentee's manager approves",
    ),
    ("exclude", "Never pair them"),
];
pub const FUNCTION_RULES: &[(&str, &str)] = &[
    ("any", "Any function"),
    ("same", "Same function"),
    ("cross", "A different function"),
];

/// The setup form's fields, as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    pub csrf: String,
    pub version: String,
    pub name: String,
    pub description: String,
    pub objective: String,
    pub objective_text: String,
    pub focus_skills: String,
    pub at_risk_functions: String,
    pub mentee_min_level: String,
    pub mentee_max_level: String,
    pub mentee_functions: String,
    pub mentor_min_level: String,
    pub mode: String,
    pub formality: String,
    pub status: String,
    pub w_skills: String,
    pub w_leadership_style: String,
    pub w_personal_style: String,
    pub w_career_gap: String,
    pub w_location: String,
    pub w_function: String,
    pub w_text: String,
    pub management_line: String,
    pub min_level_gap: String,
    pub same_location: String,
    pub function_rule: String,
    pub cadence: String,
    pub meeting_mode: String,
    pub duration_months: String,
    pub checkin_days: String,
    pub dormancy_days: String,
    pub dormancy_warn_days: String,
    pub mentor_training_required: String,
    pub mentee_training_required: String,
}

fn opt(v: Option<u8>) -> String {
    v.map(|l| l.to_string()).unwrap_or_default()
}

fn number<T: std::str::FromStr>(e: &mut FieldErrors, field: &str, raw: &str) -> Option<T> {
    match raw.trim().parse() {
        Ok(v) => Some(v),
        Err(_) => {
            e.add(field, format!("{:?} is not a whole number", raw.trim()));
            None
        }
    }
}

fn optional_level(e: &mut FieldErrors, field: &str, raw: &str) -> Option<u8> {
    if raw.trim().is_empty() {
        None
    } else {
        match raw.trim().parse::<u8>() {
            Ok(v) => Some(v),
            Err(_) => {
                e.add(
                    field,
                    "must be a career level from 1 to 15, or empty for any",
                );
                None
            }
        }
    }
}

fn lines(raw: &str) -> Vec<String> {
    mentorhub_domain::programme::parse_list(raw)
}

impl ProgrammeForm {
    pub fn of(input: &ProgrammeInput, version: i64) -> Self {
        let w = input.weights;
        ProgrammeForm {
            csrf: String::new(),
            version: version.to_string(),
            name: input.name.clone(),
            description: input.description.clone(),
            objective: input.objective.clone(),
            objective_text: input.objective_text.clone(),
            focus_skills: input.focus_skills.join(", "),
            at_risk_functions: input.at_risk_functions.join(", "),
            mentee_min_level: opt(input.target_pool.mentee_min_level),
            mentee_max_level: opt(input.target_pool.mentee_max_level),
            mentee_functions: input.target_pool.mentee_functions.join(", "),
            mentor_min_level: opt(input.target_pool.mentor_min_level),
            mode: input.mode.clone(),
            formality: input.formality.clone(),
            status: input.status.clone(),
            w_skills: w.skills.to_string(),
            w_leadership_style: w.leadership_style.to_string(),
            w_personal_style: w.personal_style.to_string(),
            w_career_gap: w.career_gap.to_string(),
            w_location: w.location.to_string(),
            w_function: w.function.to_string(),
            w_text: w.text.to_string(),
            management_line: input.rules.management_line.as_str().into(),
            min_level_gap: input.rules.min_level_gap.to_string(),
            same_location: if input.rules.same_location {
                "on".into()
            } else {
                String::new()
            },
            function_rule: input.rules.function.as_str().into(),
            cadence: input.cadence.clone(),
            meeting_mode: input.meeting_mode.clone(),
            duration_months: input.duration_months.to_string(),
            checkin_days: input
                .checkin_days
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            dormancy_days: input.dormancy_days.to_string(),
            dormancy_warn_days: input.dormancy_warn_days.to_string(),
            mentor_training_required: if input.mentor_training_required {
                "on".into()
            } else {
                String::new()
            },
            mentee_training_required: if input.mentee_training_required {
                "on".into()
            } else {
                String::new()
            },
        }
    }

    /// The typed settings, or the problems found while reading the numbers.
    pub fn to_input(&self) -> Result<ProgrammeInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let weight = |e: &mut FieldErrors, field: &str, raw: &str| -> u32 {
            number::<u32>(e, field, raw).unwrap_or(0)
        };
        let weights = CriteriaWeights {
            skills: weight(&mut e, "w_skills", &self.w_skills),
            leadership_style: weight(&mut e, "w_leadership_style", &self.w_leadership_style),
            personal_style: weight(&mut e, "w_personal_style", &self.w_personal_style),
            career_gap: weight(&mut e, "w_career_gap", &self.w_career_gap),
            location: weight(&mut e, "w_location", &self.w_location),
            function: weight(&mut e, "w_function", &self.w_function),
            text: weight(&mut e, "w_text", &self.w_text),
        };
        let management_line = e
            .take_as(
                ManagementLineRule::parse(&self.management_line),
                "management_line",
            )
            .unwrap_or(ManagementLineRule::RequireApproval);
        let function = e
            .take_as(FunctionRule::parse(&self.function_rule), "function_rule")
            .unwrap_or(FunctionRule::Any);
        let rules = HardRules {
            management_line,
            min_level_gap: number(&mut e, "min_level_gap", &self.min_level_gap).unwrap_or(0),
            same_location: !self.same_location.is_empty(),
            function,
        };
        let target_pool = TargetPool {
            mentee_min_level: optional_level(&mut e, "mentee_min_level", &self.mentee_min_level),
            mentee_max_level: optional_level(&mut e, "mentee_max_level", &self.mentee_max_level),
            mentee_functions: lines(&self.mentee_functions),
            mentor_min_level: optional_level(&mut e, "mentor_min_level", &self.mentor_min_level),
        };
        let mut checkin_days = Vec::new();
        match mentorhub_domain::programme::CheckInSchedule::parse(&self.checkin_days) {
            Ok(s) => checkin_days = s.days,
            Err(err) => e.add_domain(err, "checkin_days"),
        }
        let input = ProgrammeInput {
            name: self.name.clone(),
            description: self.description.clone(),
            objective: self.objective.clone(),
            objective_text: self.objective_text.clone(),
            focus_skills: lines(&self.focus_skills),
            at_risk_functions: lines(&self.at_risk_functions),
            target_pool,
            mode: self.mode.clone(),
            formality: self.formality.clone(),
            status: self.status.clone(),
            weights,
            rules,
            cadence: self.cadence.clone(),
            meeting_mode: self.meeting_mode.clone(),
            duration_months: number(&mut e, "duration_months", &self.duration_months).unwrap_or(0),
            checkin_days,
            dormancy_days: number(&mut e, "dormancy_days", &self.dormancy_days).unwrap_or(0),
            dormancy_warn_days: number(&mut e, "dormancy_warn_days", &self.dormancy_warn_days)
                .unwrap_or(0),
            mentor_training_required: !self.mentor_training_required.is_empty(),
            mentee_training_required: !self.mentee_training_required.is_empty(),
        };
        if e.is_empty() {
            Ok(input)
        } else {
            Err(e)
        }
    }

    pub fn checked(value: &str) -> bool {
        !value.is_empty()
    }
}

/// Maps the domain's weight errors (`weights.skills`) onto the form's fields.
pub fn form_field(field: &str) -> String {
    match field.strip_prefix("weights.") {
        Some(rest) => format!("w_{rest}"),
        None => field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_form_round_trips_through_the_settings() {
        let mut input = ProgrammeInput::new_defaults();
        input.name = "Finance leaders".into();
        input.target_pool.mentee_max_level = Some(8);
        let form = ProgrammeForm::of(&input, 3);
        let back = form.to_input().unwrap();
        assert_eq!(back.target_pool.mentee_max_level, Some(8));
        assert_eq!(back.checkin_days, vec![30, 90]);
        assert_eq!(form.version, "3");
    }

    #[test]
    fn numbers_that_are_not_numbers_are_named() {
        let mut form = ProgrammeForm::of(&ProgrammeInput::new_defaults(), 0);
        form.dormancy_days = "three months".into();
        form.mentor_min_level = "senior".into();
        let e = form.to_input().unwrap_err();
        assert!(e
            .get("dormancy_days")
            .unwrap()
            .contains("not a whole number"));
        assert!(e.get("mentor_min_level").unwrap().contains("1 to 15"));
    }
}
