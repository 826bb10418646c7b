//! The mentor application form as typed (expertise one "skill: level" a line,
//! one radio group per personal-style scale, a checkbox per meeting mode), and
//! the shared choices the self-assessment form uses too.

use crate::applications::{ExpertiseInput, MentorProfileInput};
use crate::support::FieldErrors;
use serde::Deserialize;

/// The three scales of personal and communication style (`000_…` step 4).
pub const SCALES: [(&str, &str, &str); 3] = [
    ("style_social", "sociable", "business-like"),
    ("style_thinking", "thinker", "doer"),
    ("style_warmth", "warm", "reserved"),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub csrf: String,
    pub version: String,
    pub bio: String,
    pub expertise: String,
    pub leadership_style: String,
    pub style_social: String,
    pub style_thinking: String,
    pub style_warmth: String,
    pub track_record: String,
    pub capacity: String,
    pub mode_in_person: String,
    pub mode_phone: String,
    pub mode_video: String,
    pub mode_mixed: String,
    pub availability: String,
}

/// The pole picked on each scale, as the three radio values.
pub fn scale_values(traits: &[String]) -> [String; 3] {
    SCALES.map(|(_, a, b)| {
        traits
            .iter()
            .find(|t| t.as_str() == a || t.as_str() == b)
            .cloned()
            .unwrap_or_default()
    })
}

impl ApplicationForm {
    pub fn of(input: &MentorProfileInput, version: i64) -> Self {
        let [social, thinking, warmth] = scale_values(&input.personal_style);
        let has = |m: &str| {
            if input.meeting_modes.iter().any(|x| x == m) {
                "on".to_string()
            } else {
                String::new()
            }
        };
        ApplicationForm {
            csrf: String::new(),
            version: version.to_string(),
            bio: input.bio.clone(),
            expertise: input
                .expertise
                .iter()
                .map(|e| format!("{}: {}", e.skill, e.level))
                .collect::<Vec<_>>()
                .join("\n"),
            leadership_style: input.leadership_style.clone(),
            style_social: social,
            style_thinking: thinking,
            style_warmth: warmth,
            track_record: input.track_record.clone(),
            capacity: input.capacity.to_string(),
            mode_in_person: has("in_person"),
            mode_phone: has("phone"),
            mode_video: has("video"),
            mode_mixed: has("mixed"),
            availability: input.availability.clone(),
        }
    }

    pub fn blank() -> Self {
        ApplicationForm {
            capacity: "2".into(),
            leadership_style: "collaborative".into(),
            ..ApplicationForm::default()
        }
    }

    pub fn to_input(&self) -> Result<MentorProfileInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut expertise = Vec::new();
        for line in self
            .expertise
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match line.rsplit_once([':', '-']) {
                Some((skill, level)) if level.trim().parse::<i64>().is_ok() => {
                    expertise.push(ExpertiseInput {
                        skill: skill.trim().to_string(),
                        level: level.trim().parse().unwrap_or(0),
                    })
                }
                _ => e.add(
                    "expertise",
                    format!("{line:?} needs a level from 1 to 5, written like \"Strategy: 4\""),
                ),
            }
        }
        let capacity = match self.capacity.trim().parse::<i64>() {
            Ok(c) => c,
            Err(_) => {
                e.add("capacity", "must be a number of mentees from 1 to 10");
                1
            }
        };
        let personal_style = [&self.style_social, &self.style_thinking, &self.style_warmth]
            .into_iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect();
        let meeting_modes = [
            ("in_person", &self.mode_in_person),
            ("phone", &self.mode_phone),
            ("video", &self.mode_video),
            ("mixed", &self.mode_mixed),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(m, _)| m.to_string())
        .collect();
        let input = MentorProfileInput {
            bio: self.bio.clone(),
            expertise,
            leadership_style: self.leadership_style.clone(),
            personal_style,
            track_record: self.track_record.clone(),
            capacity,
            meeting_modes,
            availability: self.availability.clone(),
        };
        if e.is_empty() {
            Ok(input)
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expertise_lines_need_a_level() {
        let form = ApplicationForm {
            expertise: "Strategy: 4\nCoaching - 3\nNegotiation".into(),
            capacity: "two".into(),
            ..ApplicationForm::blank()
        };
        let e = form.to_input().unwrap_err();
        assert!(e.get("expertise").unwrap().contains("\"Negotiation\""));
        assert!(e.get("capacity").is_some());
        let ok = ApplicationForm {
            expertise: "Strategy: 4\nCoaching - 3".into(),
            style_warmth: "warm".into(),
            mode_video: "on".into(),
            ..ApplicationForm::blank()
        };
        let input = ok.to_input().unwrap();
        assert_eq!(input.expertise.len(), 2);
        assert_eq!(input.personal_style, vec!["warm"]);
        assert_eq!(ApplicationForm::of(&input, 1).style_warmth, "warm");
    }
}
