//! Mentor profiles, mentor assessments, mentee self-assessments and preferences
//! (`000_…` steps 1–4, `002_…` §2, `003_…`, `004_…` steps 2–3).

use crate::person::{bounded_text, required_text};
use crate::programme::MeetingMode;
use crate::{DomainError, EnrolmentId, PersonId};
use serde::{Deserialize, Serialize};

/// A leader's own style (`000_…` step 2). Other named styles are allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadershipStyle {
    /// Works through consensus.
    Collaborative,
    /// Makes the decisions and motivates others to follow them.
    Decisive,
    Other(String),
}

impl LeadershipStyle {
    pub fn as_str(&self) -> &str {
        match self {
            LeadershipStyle::Collaborative => "collaborative",
            LeadershipStyle::Decisive => "decisive",
            LeadershipStyle::Other(s) => s,
        }
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().to_lowercase();
        match s.as_str() {
            "" => Err(DomainError::invalid("leadership_style", "is required")),
            "collaborative" | "consensus" => Ok(Self::Collaborative),
            "decisive" | "directive" => Ok(Self::Decisive),
            _ if s.chars().count() > 60 => Err(DomainError::invalid(
                "leadership_style",
                "is longer than 60 characters",
            )),
            _ => Ok(Self::Other(s)),
        }
    }
}

/// Whether the mentee wants a mentor who mirrors their style, or one who differs,
/// to be challenged (`000_…` step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StylePreference {
    Mirror,
    Different,
    Any,
}

impl StylePreference {
    pub fn as_str(self) -> &'static str {
        match self {
            StylePreference::Mirror => "mirror",
            StylePreference::Different => "different",
            StylePreference::Any => "any",
        }
    }
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "mirror" => Ok(Self::Mirror),
            "different" => Ok(Self::Different),
            "any" => Ok(Self::Any),
            _ => Err(DomainError::invalid(
                "style_preference",
                format!("unknown choice {s:?}; use mirror, different or any"),
            )),
        }
    }
}

/// Personal qualities and communication styles (`000_…` step 4): three axes, each with
/// two poles. A mentor has one pole per axis; a mentee names the poles they respond to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonalTrait {
    Sociable,
    BusinessLike,
    Thinker,
    Doer,
    Warm,
    Reserved,
}

impl PersonalTrait {
    pub const ALL: [PersonalTrait; 6] = [
        PersonalTrait::Sociable,
        PersonalTrait::BusinessLike,
        PersonalTrait::Thinker,
        PersonalTrait::Doer,
        PersonalTrait::Warm,
        PersonalTrait::Reserved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonalTrait::Sociable => "sociable",
            PersonalTrait::BusinessLike => "business-like",
            PersonalTrait::Thinker => "thinker",
            PersonalTrait::Doer => "doer",
            PersonalTrait::Warm => "warm",
            PersonalTrait::Reserved => "reserved",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim().to_lowercase().replace(['_', ' '], "-");
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            DomainError::invalid(
                "personal_style",
                format!("unknown quality {s:?}; use sociable, business-like, thinker, doer, warm or reserved"),
            )
        })
    }

    /// The other pole of the same axis.
    pub fn opposite(self) -> Self {
        match self {
            PersonalTrait::Sociable => PersonalTrait::BusinessLike,
            PersonalTrait::BusinessLike => PersonalTrait::Sociable,
            PersonalTrait::Thinker => PersonalTrait::Doer,
            PersonalTrait::Doer => PersonalTrait::Thinker,
            PersonalTrait::Warm => PersonalTrait::Reserved,
            PersonalTrait::Reserved => PersonalTrait::Warm,
        }
    }

    pub fn parse_list(raw: &[&str]) -> Result<Vec<Self>, DomainError> {
        let mut out: Vec<Self> = Vec::new();
        for r in raw.iter().filter(|r| !r.trim().is_empty()) {
            let t = Self::parse(r)?;
            if out.contains(&t.opposite()) {
                return Err(DomainError::invalid(
                    "personal_style",
                    format!(
                        "{} and {} are opposite ends of one scale: pick one",
                        t.as_str(),
                        t.opposite().as_str()
                    ),
                ));
            }
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out.sort();
        Ok(out)
    }
}

/// One area of a mentor's expertise with a level 1 (some) to 5 (expert).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expertise {
    pub skill: String,
    pub level: u8,
}

impl Expertise {
    pub fn new(skill: &str, level: i64) -> Result<Self, DomainError> {
        let skill = required_text("expertise", skill, 80)?;
        if !(1..=5).contains(&level) {
            return Err(DomainError::invalid(
                "expertise",
                format!("level for {skill:?} must be from 1 to 5, got {level}"),
            ));
        }
        Ok(Expertise {
            skill,
            level: level as u8,
        })
    }
}

/// What a mentor tells mentees about themselves (`003_…`, `004_…` step 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorProfile {
    pub enrolment_id: EnrolmentId,
    pub bio: String,
    pub expertise: Vec<Expertise>,
    pub leadership_style: LeadershipStyle,
    pub personal_style: Vec<PersonalTrait>,
    pub track_record: String,
    /// How many mentees at once, 1–10.
    pub capacity: u8,
    pub availability: String,
    pub meeting_modes: Vec<MeetingMode>,
}

impl MentorProfile {
    pub const MAX_CAPACITY: u8 = 10;

    pub fn validate(&self) -> Result<(), DomainError> {
        required_text("bio", &self.bio, 4000)?;
        bounded_text("track_record", &self.track_record, 4000)?;
        bounded_text("availability", &self.availability, 500)?;
        if self.expertise.is_empty() {
            return Err(DomainError::invalid(
                "expertise",
                "name at least one area of expertise",
            ));
        }
        if self.expertise.len() > 12 {
            return Err(DomainError::invalid("expertise", "at most 12 areas"));
        }
        if !(1..=Self::MAX_CAPACITY).contains(&self.capacity) {
            return Err(DomainError::invalid(
                "capacity",
                "must be from 1 to 10 mentees",
            ));
        }
        if self.meeting_modes.is_empty() {
            return Err(DomainError::invalid(
                "meeting_modes",
                "choose at least one way to meet",
            ));
        }
        Ok(())
    }

    pub fn level_in(&self, skill: &str) -> Option<u8> {
        self.expertise
            .iter()
            .find(|e| e.skill.eq_ignore_ascii_case(skill))
            .map(|e| e.level)
    }
}

/// The admin's assessment of a mentor applicant (`002_…` §2: quality over quantity).
/// Scores 1–5; the applicant sees the decision and reason, never the scores' notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorAssessment {
    pub enrolment_id: EnrolmentId,
    pub assessor_id: PersonId,
    pub expertise_score: u8,
    pub communication_score: u8,
    pub notes: String,
}

impl MentorAssessment {
    pub fn validate(&self) -> Result<(), DomainError> {
        for (field, v) in [
            ("expertise_score", self.expertise_score),
            ("communication_score", self.communication_score),
        ] {
            if !(1..=5).contains(&v) {
                return Err(DomainError::invalid(field, "must be from 1 to 5"));
            }
        }
        bounded_text("notes", &self.notes, 4000)?;
        Ok(())
    }
}

/// A mentee's self-assessment (`000_…` steps 1–4, `001_…` step 1, `003_…`).
/// Required before preferences or matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub enrolment_id: EnrolmentId,
    /// One or two specific skills to improve.
    pub focus_skills: Vec<String>,
    pub leadership_style: LeadershipStyle,
    pub style_preference: StylePreference,
    /// Qualities and communication styles the mentee responds to.
    pub personal_preference: Vec<PersonalTrait>,
    pub goals_this_year: String,
    pub three_year_view: String,
}

impl SelfAssessment {
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.focus_skills.is_empty() || self.focus_skills.len() > 2 {
            return Err(DomainError::invalid(
                "focus_skills",
                "name one or two specific skills to improve",
            ));
        }
        for s in &self.focus_skills {
            required_text("focus_skills", s, 80)?;
        }
        required_text("goals_this_year", &self.goals_this_year, 4000)?;
        bounded_text("three_year_view", &self.three_year_view, 4000)?;
        Ok(())
    }
}

/// A mentee's ranked choice of mentor, 1 or 2 (`004_…` step 3). Private: a mentor
/// never sees who ranked them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preference {
    pub mentee_enrolment: EnrolmentId,
    pub mentor_enrolment: EnrolmentId,
    pub rank: u8,
}

/// Checks a mentee's full list of preferences: ranks 1 and 2 only, each at most
/// once, each mentor at most once.
pub fn validate_preferences(prefs: &[(EnrolmentId, u8)]) -> Result<(), DomainError> {
    if prefs.len() > 2 {
        return Err(DomainError::invalid(
            "preferences",
            "rank at most two mentors",
        ));
    }
    for (i, (mentor, rank)) in prefs.iter().enumerate() {
        if !(1..=2).contains(rank) {
            return Err(DomainError::invalid(
                "rank",
                format!("must be 1 or 2, got {rank}"),
            ));
        }
        if prefs[..i].iter().any(|(_, r)| r == rank) {
            return Err(DomainError::invalid(
                "rank",
                format!("rank {rank} is given twice"),
            ));
        }
        if prefs[..i].iter().any(|(m, _)| m == mentor) {
            return Err(DomainError::invalid(
                "preferences",
                "the same mentor is ranked twice",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leadership_styles_accept_synonyms_and_other_names() {
        assert_eq!(
            LeadershipStyle::parse("Consensus").unwrap(),
            LeadershipStyle::Collaborative
        );
        assert_eq!(
            LeadershipStyle::parse("directive").unwrap(),
            LeadershipStyle::Decisive
        );
        assert_eq!(
            LeadershipStyle::parse("Servant").unwrap().as_str(),
            "servant"
        );
        assert!(LeadershipStyle::parse("").is_err());
    }

    #[test]
    fn opposite_qualities_cannot_both_be_picked() {
        assert_eq!(
            PersonalTrait::parse_list(&["warm", "Thinker"]).unwrap(),
            vec![PersonalTrait::Thinker, PersonalTrait::Warm]
        );
        let err = PersonalTrait::parse_list(&["warm", "reserved"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("opposite ends"), "{err}");
        assert_eq!(
            PersonalTrait::parse("Business like").unwrap(),
            PersonalTrait::BusinessLike
        );
    }

    #[test]
    fn expertise_levels_are_one_to_five() {
        assert!(Expertise::new("Strategy", 5).is_ok());
        assert!(Expertise::new("Strategy", 6)
            .unwrap_err()
            .to_string()
            .contains("from 1 to 5"));
        assert!(Expertise::new(" ", 3).is_err());
    }

    fn profile() -> MentorProfile {
        MentorProfile {
            enrolment_id: EnrolmentId(1),
            bio: "Twenty years in finance".into(),
            expertise: vec![Expertise::new("Strategy", 4).unwrap()],
            leadership_style: LeadershipStyle::Decisive,
            personal_style: vec![PersonalTrait::Warm],
            track_record: String::new(),
            capacity: 2,
            availability: "Tuesdays".into(),
            meeting_modes: vec![MeetingMode::Video],
        }
    }

    #[test]
    fn mentor_profile_needs_bio_expertise_capacity_and_a_mode() {
        assert!(profile().validate().is_ok());
        assert_eq!(profile().level_in("strategy"), Some(4));
        let mut p = profile();
        p.capacity = 11;
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("capacity"));
        let mut p = profile();
        p.bio = "  ".into();
        assert!(p.validate().unwrap_err().to_string().starts_with("bio"));
        let mut p = profile();
        p.meeting_modes.clear();
        assert!(p.validate().is_err());
    }

    #[test]
    fn self_assessment_names_one_or_two_skills_and_goals() {
        let mut a = SelfAssessment {
            enrolment_id: EnrolmentId(1),
            focus_skills: vec!["Quick, decisive strategic decisions".into()],
            leadership_style: LeadershipStyle::Collaborative,
            style_preference: StylePreference::Different,
            personal_preference: vec![PersonalTrait::Warm],
            goals_this_year: "Lead the Q3 planning".into(),
            three_year_view: String::new(),
        };
        assert!(a.validate().is_ok());
        a.focus_skills = vec!["a".into(), "b".into(), "c".into()];
        assert!(a.validate().unwrap_err().to_string().contains("one or two"));
        a.focus_skills = vec![];
        assert!(a.validate().is_err());
    }

    #[test]
    fn preferences_are_ranks_one_and_two_once_each() {
        let (a, b) = (EnrolmentId(1), EnrolmentId(2));
        assert!(validate_preferences(&[(a, 1), (b, 2)]).is_ok());
        assert!(validate_preferences(&[(a, 1)]).is_ok());
        assert!(validate_preferences(&[(a, 3)]).is_err());
        assert!(validate_preferences(&[(a, 1), (b, 1)]).is_err());
        assert!(validate_preferences(&[(a, 1), (a, 2)]).is_err());
        assert!(validate_preferences(&[(a, 1), (b, 2), (EnrolmentId(3), 2)]).is_err());
    }
}
