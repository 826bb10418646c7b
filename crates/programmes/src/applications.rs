//! Mentor applications and qualification (`002_…` §2: quality over quantity).
//! A person applies with a profile; an admin assesses the targeted expertise and
//! the mentoring and communication skills (admin-only), then approves or declines
//! with a reason the applicant is told — never the assessment.

use crate::support::FieldErrors;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::participation::check_mentor_application;
use mentorhub_domain::person::Person;
use mentorhub_domain::profile::{Expertise, LeadershipStyle, MentorProfile, PersonalTrait};
use mentorhub_domain::programme::{MeetingMode, Programme};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{EnrolmentId, PersonId};
use mentorhub_store::{Store, StoreError};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::notify::{queue, Message};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One area of expertise with a level from 1 (some) to 5 (expert).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExpertiseInput {
    pub skill: String,
    pub level: i64,
}

/// What a mentor tells the programme about themselves (`003_…`, `004_…` step 2).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MentorProfileInput {
    pub bio: String,
    pub expertise: Vec<ExpertiseInput>,
    /// `collaborative`, `decisive`, or another named style.
    pub leadership_style: String,
    /// Up to one of each pair: sociable/business-like, thinker/doer, warm/reserved.
    #[serde(default)]
    pub personal_style: Vec<String>,
    #[serde(default)]
    pub track_record: String,
    /// How many mentees at once, 1–10.
    pub capacity: i64,
    /// `in_person`, `phone`, `video`, `mixed`.
    pub meeting_modes: Vec<String>,
    #[serde(default)]
    pub availability: String,
}

impl MentorProfileInput {
    pub fn of(p: &MentorProfile) -> Self {
        MentorProfileInput {
            bio: p.bio.clone(),
            expertise: p
                .expertise
                .iter()
                .map(|e| ExpertiseInput {
                    skill: e.skill.clone(),
                    level: e.level.into(),
                })
                .collect(),
            leadership_style: p.leadership_style.as_str().to_string(),
            personal_style: p
                .personal_style
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            track_record: p.track_record.clone(),
            capacity: p.capacity.into(),
            meeting_modes: p
                .meeting_modes
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            availability: p.availability.clone(),
        }
    }

    /// The checked profile, or every problem under its field.
    pub fn to_profile(&self, enrolment: EnrolmentId) -> Result<MentorProfile, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut expertise = Vec::new();
        for x in &self.expertise {
            if let Some(v) = e.take_as(Expertise::new(&x.skill, x.level), "expertise") {
                expertise.push(v);
            }
        }
        let style = e.take_as(
            LeadershipStyle::parse(&self.leadership_style),
            "leadership_style",
        );
        let traits: Vec<&str> = self.personal_style.iter().map(String::as_str).collect();
        let personal = e.take_as(PersonalTrait::parse_list(&traits), "personal_style");
        let mut modes = Vec::new();
        for m in &self.meeting_modes {
            if let Some(v) = e.take_as(MeetingMode::parse(m), "meeting_modes") {
                if !modes.contains(&v) {
                    modes.push(v);
                }
            }
        }
        if !(1..=i64::from(MentorProfile::MAX_CAPACITY)).contains(&self.capacity) {
            e.add("capacity", "must be from 1 to 10 mentees");
        }
        let profile = MentorProfile {
            enrolment_id: enrolment,
            bio: self.bio.trim().to_string(),
            expertise,
            leadership_style: style.unwrap_or(LeadershipStyle::Collaborative),
            personal_style: personal.unwrap_or_default(),
            track_record: self.track_record.trim().to_string(),
            capacity: self.capacity.clamp(0, 255) as u8,
            availability: self.availability.trim().to_string(),
            meeting_modes: modes,
        };
        if e.get("expertise").is_none() && e.get("meeting_modes").is_none() {
            if let Err(err) = profile.validate() {
                e.add_domain(err, "bio");
            }
        }
        if e.is_empty() {
            Ok(profile)
        } else {
            Err(e)
        }
    }
}

/// Sends an application: the mentor enrolment (`applied`) and its profile.
pub async fn apply(
    store: &Store,
    programme: &Programme,
    person: &Person,
    input: &MentorProfileInput,
    now: Timestamp,
) -> Result<EnrolmentId, ApplyError> {
    if let Err(e) = check_mentor_application(programme, person) {
        let mut errors = FieldErrors::default();
        errors.add("application", e.to_string());
        return Err(ApplyError::Invalid(errors));
    }
    if store
        .find_enrolment(programme.id, person.id, ParticipantRole::Mentor)
        .await?
        .is_some()
    {
        let mut errors = FieldErrors::default();
        errors.add(
            "application",
            "you have already applied to mentor in this programme",
        );
        return Err(ApplyError::Invalid(errors));
    }
    // Check the profile before anything is written: no application without one.
    input
        .to_profile(EnrolmentId(0))
        .map_err(ApplyError::Invalid)?;
    let id = store
        .create_enrolment(programme.id, person.id, ParticipantRole::Mentor, now)
        .await?;
    let profile = input.to_profile(id).map_err(ApplyError::Invalid)?;
    store.save_mentor_profile(&profile, None, now).await?;
    tracing::info!(target: "mentorhub::audit", person = %person.id, programme = %programme.id, "mentor application sent");
    Ok(id)
}

/// Why an application or a profile edit was not saved.
#[derive(Debug)]
pub enum ApplyError {
    Invalid(FieldErrors),
    App(AppError),
}

impl From<StoreError> for ApplyError {
    fn from(e: StoreError) -> Self {
        ApplyError::App(e.into())
    }
}

impl From<ApplyError> for AppError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Invalid(errors) => errors.into_app_error(),
            ApplyError::App(e) => e,
        }
    }
}

/// The admin's decision; the applicant is told by email, with the reason.
pub async fn decide(
    store: &Store,
    programme: &Programme,
    enrolment: EnrolmentId,
    approve: bool,
    reason: &str,
    admin: PersonId,
    now: Timestamp,
) -> AppResult<EnrolmentStatus> {
    let e = store.get_enrolment(enrolment).await?;
    if e.programme_id != programme.id || e.role != ParticipantRole::Mentor {
        return Err(AppError::NotFound("application".into()));
    }
    let status = store
        .decide_mentor_application(enrolment, approve, reason, admin, now)
        .await?;
    let reason = reason.trim();
    let mut text = if approve {
        format!(
            "Your application to mentor in \"{}\" was approved. Thank you for offering your time and experience.",
            programme.name
        )
    } else {
        format!(
            "Your application to mentor in \"{}\" was not accepted this time.",
            programme.name
        )
    };
    if !reason.is_empty() {
        text.push_str(&format!("\n\nThe administrator's reason: {reason}"));
    }
    if approve && programme.mentor_training_required {
        text.push_str("\n\nBefore you can be matched, complete the required mentor training under Resources in Mentorhub.");
    }
    queue(
        store,
        &Message {
            kind: NotificationKind::ApplicationDecided,
            to: e.person_id,
            subject: format!("Your application to mentor in {}", programme.name),
            text,
            dedupe_key: format!("application:{}:{}", enrolment.0, status.as_str()),
        },
        now,
    )
    .await?;
    tracing::info!(target: "mentorhub::audit", person = %admin, enrolment = %enrolment, status = status.as_str(), "mentor application decided");
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MentorProfileInput {
        MentorProfileInput {
            bio: "Twenty years in finance".into(),
            expertise: vec![ExpertiseInput {
                skill: "Strategy".into(),
                level: 4,
            }],
            leadership_style: "decisive".into(),
            personal_style: vec!["warm".into(), "doer".into()],
            track_record: String::new(),
            capacity: 2,
            meeting_modes: vec!["video".into()],
            availability: "Tuesdays".into(),
        }
    }

    #[test]
    fn a_complete_application_makes_a_profile() {
        let p = input().to_profile(EnrolmentId(3)).unwrap();
        assert_eq!(p.capacity, 2);
        assert_eq!(p.level_in("strategy"), Some(4));
        assert_eq!(MentorProfileInput::of(&p).expertise[0].level, 4);
    }

    #[test]
    fn bad_levels_capacity_and_opposite_styles_are_named() {
        let mut i = input();
        i.expertise[0].level = 7;
        i.capacity = 0;
        i.personal_style = vec!["warm".into(), "reserved".into()];
        i.meeting_modes = vec![];
        let e = i.to_profile(EnrolmentId(1)).unwrap_err();
        assert!(e.get("expertise").unwrap().contains("from 1 to 5"));
        assert!(e.get("capacity").is_some());
        assert!(e.get("personal_style").unwrap().contains("opposite"));
    }
}
