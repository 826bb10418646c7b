//! A small organisation for the matchmaking stories: a programme, mentors with
//! profiles (approved), mentees with self-assessments, made with the store's API.
#![allow(dead_code)]

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::person::{CareerLevel, Email, NewPerson};
use mentorhub_domain::profile::{
    Expertise, LeadershipStyle, MentorProfile, PersonalTrait, SelfAssessment, StylePreference,
};
use mentorhub_domain::programme::*;
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId};
use mentorhub_web::testing::{SignedIn, TestApp, TODAY};
use serde_json::Value;

pub fn programme_value(name: &str, mode: ProgrammeMode) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Grow leaders in finance".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec![],
        mode,
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
        version: 0,
    }
}

pub async fn programme(app: &TestApp, name: &str, mode: ProgrammeMode) -> ProgrammeId {
    app.store
        .create_programme(&programme_value(name, mode), TODAY)
        .await
        .unwrap()
}

/// A person with a location and a function.
pub async fn person_at(
    app: &TestApp,
    employee_id: &str,
    name: &str,
    manager: Option<&str>,
    level: i64,
    location: &str,
    function: &str,
) -> PersonId {
    let p = NewPerson {
        employee_id: employee_id.into(),
        name: name.into(),
        email: Email::parse(&format!("{}@example.org", employee_id.to_lowercase())).unwrap(),
        title: "Colleague".into(),
        manager_employee_id: manager.map(str::to_string),
        location: location.into(),
        function: function.into(),
        career_level: CareerLevel::new(level).unwrap(),
    };
    app.store.create_person(&p, TODAY).await.unwrap()
}

/// Enrols `person` as an approved mentor with a profile.
pub async fn make_mentor(
    app: &TestApp,
    programme: ProgrammeId,
    person: PersonId,
    bio: &str,
    skills: &[(&str, i64)],
    style: &str,
    capacity: u8,
) -> EnrolmentId {
    let e = app
        .store
        .create_enrolment(programme, person, ParticipantRole::Mentor, TODAY)
        .await
        .unwrap();
    let profile = MentorProfile {
        enrolment_id: e,
        bio: bio.into(),
        expertise: skills
            .iter()
            .map(|(s, l)| Expertise::new(s, *l).unwrap())
            .collect(),
        leadership_style: LeadershipStyle::parse(style).unwrap(),
        personal_style: vec![PersonalTrait::Warm],
        track_record: String::new(),
        capacity,
        availability: "Tuesday mornings".into(),
        meeting_modes: vec![MeetingMode::Video],
    };
    app.store
        .save_mentor_profile(&profile, None, TODAY)
        .await
        .unwrap();
    app.store
        .decide_mentor_application(e, true, "", person, TODAY)
        .await
        .unwrap();
    e
}

/// Enrols `person` as a mentee who has assessed themselves.
pub async fn make_mentee(
    app: &TestApp,
    programme: ProgrammeId,
    person: PersonId,
    focus: &str,
    goals: &str,
) -> EnrolmentId {
    let e = app
        .store
        .create_enrolment(programme, person, ParticipantRole::Mentee, TODAY)
        .await
        .unwrap();
    let a = SelfAssessment {
        enrolment_id: e,
        focus_skills: vec![focus.into()],
        leadership_style: LeadershipStyle::Collaborative,
        style_preference: StylePreference::Different,
        personal_preference: vec![PersonalTrait::Warm],
        goals_this_year: goals.into(),
        three_year_view: String::new(),
    };
    app.store
        .save_self_assessment(&a, None, TODAY)
        .await
        .unwrap();
    e
}

pub async fn get_json(who: &SignedIn, app: &TestApp, path: &str) -> (u16, Value) {
    let r = who.client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub async fn get_text(who: &SignedIn, app: &TestApp, path: &str) -> (u16, String) {
    let r = who.client.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub async fn post_json(who: &SignedIn, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let r = who
        .client
        .post(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

pub async fn post_form(
    who: &SignedIn,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    let r = who
        .client
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = r.text().await.unwrap();
    (status, location.unwrap_or(body))
}

/// Every email queued so far, as (recipient email, subject + body).
pub async fn emails(app: &TestApp) -> Vec<(String, String)> {
    app.store
        .list_notifications(None, 500, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.recipient_email, format!("{}\n{}", m.subject, m.body_text)))
        .collect()
}
