//! A pair's score broken down by criterion, in words a mentee or an admin reads:
//! the points come from the engine; the words say what earned them.

use mentorhub_domain::profile::{MentorProfile, SelfAssessment, StylePreference};
use mentorhub_domain::programme::{CriteriaWeights, FunctionRule, Programme};
use mentorhub_matching::{Criterion, Explanation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// One criterion's share of a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    /// e.g. "Skills".
    pub criterion: String,
    pub points: i32,
    /// The most this criterion can give under the programme's weights.
    pub max_points: i32,
    /// What earned the points, e.g. "Strategy: level 4 of 5".
    pub words: String,
}

/// The people a pair's words are about.
pub struct PairView<'a> {
    pub mentor: &'a MentorProfile,
    pub mentor_level: u8,
    pub mentor_location: &'a str,
    pub mentor_function: &'a str,
    pub mentee: &'a SelfAssessment,
    pub mentee_level: u8,
    pub mentee_location: &'a str,
    pub mentee_function: &'a str,
}

fn label(c: Criterion) -> &'static str {
    match c {
        Criterion::Skills => "Skills",
        Criterion::LeadershipStyle => "Leadership style",
        Criterion::PersonalStyle => "Personal style",
        Criterion::CareerGap => "Career level",
        Criterion::Location => "Location",
        Criterion::Function => "Business function",
        Criterion::Text => "Goals and background",
    }
}

fn weight(w: &CriteriaWeights, c: Criterion) -> u32 {
    match c {
        Criterion::Skills => w.skills,
        Criterion::LeadershipStyle => w.leadership_style,
        Criterion::PersonalStyle => w.personal_style,
        Criterion::CareerGap => w.career_gap,
        Criterion::Location => w.location,
        Criterion::Function => w.function,
        Criterion::Text => w.text,
    }
}

/// The criteria with a weight above zero, each with its points and words.
pub fn explain(programme: &Programme, explanation: &Explanation, pair: &PairView) -> Vec<Reason> {
    let Explanation::Criteria(parts) = explanation else {
        return Vec::new();
    };
    let w = &programme.weights;
    let total: u32 = Criterion::ALL.iter().map(|&c| weight(w, c)).sum();
    Criterion::ALL
        .iter()
        .zip(parts.iter())
        .filter(|(c, _)| weight(w, **c) > 0)
        .map(|(&c, &points)| Reason {
            criterion: label(c).to_string(),
            points,
            max_points: (weight(w, c) * 100 / total.max(1)) as i32,
            words: words(programme, c, pair),
        })
        .collect()
}

fn words(programme: &Programme, c: Criterion, p: &PairView) -> String {
    let m = p.mentor;
    let e = p.mentee;
    match c {
        Criterion::Skills => e
            .focus_skills
            .iter()
            .map(|s| match m.level_in(s) {
                Some(l) => format!("{s}: level {l} of 5"),
                None => format!("{s}: not among their expertise"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Criterion::LeadershipStyle => {
            let theirs = m.leadership_style.as_str();
            let same = theirs == e.leadership_style.as_str();
            match (e.style_preference, same) {
                (StylePreference::Mirror, true) => format!("{theirs}, like you, as you asked"),
                (StylePreference::Mirror, false) => {
                    format!("{theirs}; you asked for a mirror of your own style")
                }
                (StylePreference::Different, false) => format!(
                    "{theirs}, different from your {} style, as you asked",
                    e.leadership_style.as_str()
                ),
                (StylePreference::Different, true) => {
                    format!("{theirs}, like you; you asked to be challenged by a different style")
                }
                (StylePreference::Any, _) => format!("{theirs}; any style suits you"),
            }
        }
        Criterion::PersonalStyle => {
            if e.personal_preference.is_empty() {
                return "you named no particular qualities".into();
            }
            let shared: Vec<&str> = e
                .personal_preference
                .iter()
                .filter(|t| m.personal_style.contains(t))
                .map(|t| t.as_str())
                .collect();
            if shared.is_empty() {
                format!(
                    "none of the {} qualities you respond to",
                    e.personal_preference.len()
                )
            } else {
                format!(
                    "{} ({} of the {} qualities you respond to)",
                    shared.join(", "),
                    shared.len(),
                    e.personal_preference.len()
                )
            }
        }
        Criterion::CareerGap => {
            let gap = i32::from(p.mentor_level) - i32::from(p.mentee_level);
            match gap {
                g if g < 0 => format!("{} level(s) less senior than you", -g),
                0 => "the same career level as you".into(),
                1 => "one level more senior".into(),
                g => format!("{g} levels more senior"),
            }
        }
        Criterion::Location => {
            if p.mentor_location.eq_ignore_ascii_case(p.mentee_location) {
                format!("both in {}", p.mentor_location)
            } else {
                format!("{} (you: {})", p.mentor_location, p.mentee_location)
            }
        }
        Criterion::Function => {
            let same = p.mentor_function.eq_ignore_ascii_case(p.mentee_function);
            let rule = match (programme.rules.function, same) {
                (FunctionRule::Cross, false) => ", across functions as the programme asks",
                (FunctionRule::Cross, true) => "; the programme prefers crossing functions",
                _ => "",
            };
            if same {
                format!("both in {}{rule}", p.mentor_function)
            } else {
                format!("{} (you: {}){rule}", p.mentor_function, p.mentee_function)
            }
        }
        Criterion::Text => {
            let goals = terms(&format!("{} {}", e.goals_this_year, e.three_year_view));
            let mut about = terms(&m.bio);
            about.extend(terms(&m.track_record));
            for x in &m.expertise {
                about.extend(terms(&x.skill));
            }
            let common: Vec<String> = goals.intersection(&about).take(5).cloned().collect();
            if common.is_empty() {
                "few words in common between your goals and their background".into()
            } else {
                format!(
                    "your goals and their background share: {}",
                    common.join(", ")
                )
            }
        }
    }
}

/// Words of three letters or more, lower-cased, minus common filler.
fn terms(text: &str) -> BTreeSet<String> {
    const FILLER: &[&str] = &[
        "and", "the", "for", "with", "from", "that", "this", "into", "over", "have", "want",
        "more", "their", "year", "years", "about", "would", "like",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mentorhub_domain::profile::{Expertise, LeadershipStyle, PersonalTrait};
    use mentorhub_domain::EnrolmentId;

    fn mentor() -> MentorProfile {
        MentorProfile {
            enrolment_id: EnrolmentId(1),
            bio: "Led finance strategy for a decade; coaches new leaders".into(),
            expertise: vec![Expertise::new("Strategy", 4).unwrap()],
            leadership_style: LeadershipStyle::Decisive,
            personal_style: vec![PersonalTrait::Warm, PersonalTrait::Thinker],
            track_record: String::new(),
            capacity: 2,
            availability: String::new(),
            meeting_modes: vec![],
        }
    }

    fn mentee() -> SelfAssessment {
        SelfAssessment {
            enrolment_id: EnrolmentId(2),
            focus_skills: vec!["strategy".into(), "Hiring".into()],
            leadership_style: LeadershipStyle::Collaborative,
            style_preference: StylePreference::Different,
            personal_preference: vec![PersonalTrait::Warm, PersonalTrait::Doer],
            goals_this_year: "Own the finance strategy review".into(),
            three_year_view: String::new(),
        }
    }

    #[test]
    fn every_weighted_criterion_is_explained_in_words() {
        let programme = test_programme();
        let (m, e) = (mentor(), mentee());
        let pair = PairView {
            mentor: &m,
            mentor_level: 8,
            mentor_location: "London",
            mentor_function: "Finance",
            mentee: &e,
            mentee_level: 5,
            mentee_location: "Leeds",
            mentee_function: "Finance",
        };
        let reasons = explain(
            &programme,
            &Explanation::Criteria([24, 15, 5, 15, 0, 10, 4]),
            &pair,
        );
        let text: Vec<String> = reasons
            .iter()
            .map(|r| format!("{} {}/{}: {}", r.criterion, r.points, r.max_points, r.words))
            .collect();
        assert_eq!(
            text,
            vec![
                "Skills 24/30: strategy: level 4 of 5; Hiring: not among their expertise",
                "Leadership style 15/15: decisive, different from your collaborative style, as you asked",
                "Personal style 5/10: warm (1 of the 2 qualities you respond to)",
                "Career level 15/15: 3 levels more senior",
                "Location 0/10: London (you: Leeds)",
                "Business function 10/10: both in Finance",
                "Goals and background 4/10: your goals and their background share: finance, strategy",
            ]
        );
    }

    fn test_programme() -> Programme {
        use mentorhub_domain::programme::*;
        Programme {
            id: mentorhub_domain::ProgrammeId(1),
            name: "Leaders".into(),
            description: String::new(),
            objective: Objective::LeadershipDepth,
            focus_skills: vec![],
            at_risk_functions: vec![],
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
            version: 1,
        }
    }
}
