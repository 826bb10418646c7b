//! What the outreach stories share: a self-directed programme, page forms and
//! JSON calls as a signed-in person, and the outbox as the recipient reads it.
#![allow(dead_code)]

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::profile::{LeadershipStyle, SelfAssessment, StylePreference};
use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    Objective, Programme, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_web::testing::{SignedIn, TestApp, TODAY};
use reqwest::StatusCode;

/// An open, informal, self-match programme.
pub async fn informal_programme(app: &TestApp, name: &str) -> ProgrammeId {
    let p = Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Find a mentor yourself".into(),
        objective: Objective::SkillDevelopment,
        focus_skills: vec![],
        at_risk_functions: vec![],
        mode: ProgrammeMode::SelfMatch,
        formality: Formality::Informal,
        status: ProgrammeStatus::Open,
        target_pool: TargetPool::default(),
        weights: CriteriaWeights::default(),
        rules: HardRules::default(),
        agreement_defaults: AgreementDefaults::informal(),
        checkins: CheckInSchedule::default(),
        dormancy: DormancyRule::default(),
        mentor_training_required: false,
        mentee_training_required: false,
        version: 0,
    };
    app.store
        .create_programme(&p, TODAY)
        .await
        .expect("programme")
}

/// Gives `mentee` a self-assessment in `programme` with these goals.
pub async fn self_assessment(
    app: &TestApp,
    programme: ProgrammeId,
    mentee: PersonId,
    skill: &str,
    goal: &str,
) {
    let enrolment = app
        .store
        .create_enrolment(programme, mentee, ParticipantRole::Mentee, TODAY)
        .await
        .expect("enrol");
    let a = SelfAssessment {
        enrolment_id: enrolment,
        focus_skills: vec![skill.into()],
        leadership_style: LeadershipStyle::Collaborative,
        style_preference: StylePreference::Different,
        personal_preference: vec![],
        goals_this_year: goal.into(),
        three_year_view: String::new(),
    };
    app.store
        .save_self_assessment(&a, None, TODAY)
        .await
        .expect("self-assessment");
}

/// A page as a person sees it: status and HTML.
pub async fn page(app: &TestApp, who: &SignedIn, path: &str) -> (StatusCode, String) {
    let r = who.client.get(app.url(path)).send().await.expect("get");
    (r.status(), r.text().await.expect("body"))
}

/// Submits a page form (the CSRF token is added).
pub async fn submit(
    app: &TestApp,
    who: &SignedIn,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let mut form: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    let r = who
        .client
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("post");
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (r.status(), r.text().await.expect("body"), location)
}

/// A JSON call; `version` goes in If-Match.
pub async fn call(
    app: &TestApp,
    who: &SignedIn,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
    version: Option<i64>,
) -> (StatusCode, serde_json::Value) {
    let mut req = who.client.request(method, app.url(path));
    if let Some(v) = version {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("call");
    let status = r.status();
    let text = r.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// Every queued email to `person`, as (subject, text).
pub async fn emails_to(app: &TestApp, person: PersonId) -> Vec<(String, String)> {
    app.store
        .list_notifications(None, 500, 0)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.recipient_person_id == Some(person))
        .map(|m| (m.subject, m.body_text))
        .collect()
}
