//! The mentee's self-assessment (`000_…` steps 1–4, `003_…`): one or two skills to
//! improve, their leadership style, a mirroring or a different mentor, the
//! qualities they respond to, this year's goals and the three-year view. It is
//! theirs (and the admins'); completing it makes the enrolment `approved`.

use crate::application_form::scale_values;
use crate::support::FieldErrors;
use mentorhub_domain::enrolment::Enrolment;
use mentorhub_domain::participation::mentee_status_after_self_assessment;
use mentorhub_domain::profile::{LeadershipStyle, PersonalTrait, SelfAssessment, StylePreference};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::EnrolmentId;
use mentorhub_store::Store;
use mentorhub_web::error::AppResult;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SelfAssessmentInput {
    /// One or two specific skills to improve.
    pub focus_skills: Vec<String>,
    /// `collaborative`, `decisive`, or another named style.
    pub leadership_style: String,
    /// `mirror`, `different` or `any`.
    pub style_preference: String,
    /// Qualities responded to: sociable/business-like, thinker/doer, warm/reserved.
    #[serde(default)]
    pub personal_preference: Vec<String>,
    pub goals_this_year: String,
    #[serde(default)]
    pub three_year_view: String,
}

impl SelfAssessmentInput {
    pub fn of(a: &SelfAssessment) -> Self {
        SelfAssessmentInput {
            focus_skills: a.focus_skills.clone(),
            leadership_style: a.leadership_style.as_str().to_string(),
            style_preference: a.style_preference.as_str().to_string(),
            personal_preference: a
                .personal_preference
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            goals_this_year: a.goals_this_year.clone(),
            three_year_view: a.three_year_view.clone(),
        }
    }

    pub fn to_assessment(&self, enrolment: EnrolmentId) -> Result<SelfAssessment, FieldErrors> {
        let mut e = FieldErrors::default();
        let style = e.take_as(
            LeadershipStyle::parse(&self.leadership_style),
            "leadership_style",
        );
        let preference = e.take_as(
            StylePreference::parse(&self.style_preference),
            "style_preference",
        );
        let traits: Vec<&str> = self
            .personal_preference
            .iter()
            .map(String::as_str)
            .collect();
        let personal = e.take_as(PersonalTrait::parse_list(&traits), "personal_preference");
        let skills: Vec<String> = self
            .focus_skills
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let a = SelfAssessment {
            enrolment_id: enrolment,
            focus_skills: skills,
            leadership_style: style.unwrap_or(LeadershipStyle::Collaborative),
            style_preference: preference.unwrap_or(StylePreference::Any),
            personal_preference: personal.unwrap_or_default(),
            goals_this_year: self.goals_this_year.trim().to_string(),
            three_year_view: self.three_year_view.trim().to_string(),
        };
        if a.focus_skills.is_empty() || a.focus_skills.len() > 2 {
            e.add("focus_skills", "name one or two specific skills to improve");
        } else if let Err(err) = a.validate() {
            e.add_domain(err, "goals_this_year");
        }
        if e.is_empty() {
            Ok(a)
        } else {
            Err(e)
        }
    }
}

/// Saves the self-assessment and approves the mentee's enrolment. `version` is
/// `None` the first time, then the version the mentee loaded.
pub async fn save(
    store: &Store,
    enrolment: &Enrolment,
    assessment: &SelfAssessment,
    version: Option<i64>,
    now: Timestamp,
) -> AppResult<i64> {
    let v = store.save_self_assessment(assessment, version, now).await?;
    let next = mentee_status_after_self_assessment(enrolment.status);
    if next != enrolment.status {
        store
            .set_mentee_enrolment_status(enrolment.id, next, now)
            .await?;
    }
    Ok(v)
}

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SelfAssessmentForm {
    pub csrf: String,
    pub version: String,
    pub focus_skill_1: String,
    pub focus_skill_2: String,
    pub leadership_style: String,
    pub style_preference: String,
    pub style_social: String,
    pub style_thinking: String,
    pub style_warmth: String,
    pub goals_this_year: String,
    pub three_year_view: String,
}

impl SelfAssessmentForm {
    pub fn of(input: &SelfAssessmentInput, version: Option<i64>) -> Self {
        let [social, thinking, warmth] = scale_values(&input.personal_preference);
        SelfAssessmentForm {
            csrf: String::new(),
            version: version.map(|v| v.to_string()).unwrap_or_default(),
            focus_skill_1: input.focus_skills.first().cloned().unwrap_or_default(),
            focus_skill_2: input.focus_skills.get(1).cloned().unwrap_or_default(),
            leadership_style: input.leadership_style.clone(),
            style_preference: input.style_preference.clone(),
            style_social: social,
            style_thinking: thinking,
            style_warmth: warmth,
            goals_this_year: input.goals_this_year.clone(),
            three_year_view: input.three_year_view.clone(),
        }
    }

    pub fn to_input(&self) -> SelfAssessmentInput {
        SelfAssessmentInput {
            focus_skills: vec![self.focus_skill_1.clone(), self.focus_skill_2.clone()],
            leadership_style: self.leadership_style.clone(),
            style_preference: self.style_preference.clone(),
            personal_preference: [&self.style_social, &self.style_thinking, &self.style_warmth]
                .into_iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect(),
            goals_this_year: self.goals_this_year.clone(),
            three_year_view: self.three_year_view.clone(),
        }
    }

    pub fn version(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_asks_for_one_or_two_skills_and_goals() {
        let form = SelfAssessmentForm {
            leadership_style: "consensus".into(),
            style_preference: "different".into(),
            style_warmth: "warm".into(),
            ..SelfAssessmentForm::default()
        };
        let e = form.to_input().to_assessment(EnrolmentId(1)).unwrap_err();
        assert!(e.get("focus_skills").unwrap().contains("one or two"));
        let form = SelfAssessmentForm {
            focus_skill_1: "Quick, decisive strategic decisions".into(),
            goals_this_year: "Lead the planning round".into(),
            ..form
        };
        let a = form.to_input().to_assessment(EnrolmentId(1)).unwrap();
        assert_eq!(a.leadership_style, LeadershipStyle::Collaborative);
        assert_eq!(a.personal_preference, vec![PersonalTrait::Warm]);
        assert_eq!(
            SelfAssessmentForm::of(&SelfAssessmentInput::of(&a), Some(2)).style_warmth,
            "warm"
        );
    }
}
