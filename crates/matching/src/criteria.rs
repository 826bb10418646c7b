//! The programme's matching criteria (weights) and hard rules, as in SPEC §6.

use serde::{Deserialize, Serialize};

/// The seven compatibility criteria, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Skills,
    LeadershipStyle,
    PersonalStyle,
    CareerGap,
    Location,
    Function,
    Text,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::Skills,
        Criterion::LeadershipStyle,
        Criterion::PersonalStyle,
        Criterion::CareerGap,
        Criterion::Location,
        Criterion::Function,
        Criterion::Text,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Criterion::Skills => "skills",
            Criterion::LeadershipStyle => "leadership_style",
            Criterion::PersonalStyle => "personal_style",
            Criterion::CareerGap => "career_gap",
            Criterion::Location => "location",
            Criterion::Function => "function",
            Criterion::Text => "text",
        }
    }
}

/// Relative weight of each criterion. A pair's score is
/// `sum(floor(weight * fit * 100 / total_weight))`, so it lies in 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub skills: u32,
    pub leadership_style: u32,
    pub personal_style: u32,
    pub career_gap: u32,
    pub location: u32,
    pub function: u32,
    pub text: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
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

impl Weights {
    pub fn get(&self, c: Criterion) -> u32 {
        match c {
            Criterion::Skills => self.skills,
            Criterion::LeadershipStyle => self.leadership_style,
            Criterion::PersonalStyle => self.personal_style,
            Criterion::CareerGap => self.career_gap,
            Criterion::Location => self.location,
            Criterion::Function => self.function,
            Criterion::Text => self.text,
        }
    }

    pub fn total(&self) -> u64 {
        Criterion::ALL.iter().map(|&c| u64::from(self.get(c))).sum()
    }
}

/// Whether a mentor in the mentee's management line may be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementLine {
    #[default]
    Exclude,
    Allow,
}

/// The programme's business-function rule: same function, cross-function, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionRule {
    Same,
    Cross,
    #[default]
    Any,
}

/// Hard rules. A rule that needs a field a person lacks does not apply to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    pub management_line: ManagementLine,
    /// The mentor's level minus the mentee's must be at least this.
    pub min_level_gap: Option<i32>,
    pub same_location: bool,
    pub function: FunctionRule,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            management_line: ManagementLine::Exclude,
            min_level_gap: None,
            same_location: false,
            function: FunctionRule::Any,
        }
    }
}

/// The mentee's wish about the mentor's leadership style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StylePreference {
    Mirror,
    Different,
    #[default]
    Any,
}
