//! Helpers shared by this area's HTTP stories.
#![allow(dead_code, unused_imports)]

pub use mentorhub_domain::enrolment::ParticipantRole;
pub use mentorhub_domain::programme::*;
pub use mentorhub_domain::{PersonId, ProgrammeId};
pub use mentorhub_web::testing::{SignedIn, TestApp};
pub use serde_json::{json, Value};

/// A page or API answer: status and body text.
pub struct Answer {
    pub status: u16,
    pub text: String,
    pub location: String,
    /// The `ETag` header, quotes included, when there is one.
    pub etag: Option<String>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

async fn answer(r: reqwest::Response) -> Answer {
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let etag = r
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Answer {
        status,
        text: r.text().await.unwrap_or_default(),
        location,
        etag,
    }
}

pub async fn get(app: &TestApp, who: &SignedIn, path: &str) -> Answer {
    answer(who.client.get(app.url(path)).send().await.unwrap()).await
}

/// Posts a page form with the signed-in person's CSRF token.
pub async fn post_form(
    app: &TestApp,
    who: &SignedIn,
    path: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let mut all: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
    all.extend_from_slice(fields);
    answer(
        who.client
            .post(app.url(path))
            .form(&all)
            .send()
            .await
            .unwrap(),
    )
    .await
}

pub async fn send_json(
    app: &TestApp,
    who: &SignedIn,
    method: reqwest::Method,
    path: &str,
    body: Value,
    if_match: Option<&str>,
) -> Answer {
    let mut req = who.client.request(method, app.url(path)).json(&body);
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    answer(req.send().await.unwrap()).await
}

/// An open, formal, hybrid programme for everyone, stored directly.
pub fn open_programme(name: &str) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Grow the next finance leaders".into(),
        objective: Objective::SuccessionPipeline,
        focus_skills: vec!["Strategic decisions".into()],
        at_risk_functions: vec!["Finance".into()],
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
        version: 0,
    }
}

pub async fn store_programme(app: &TestApp, p: Programme) -> ProgrammeId {
    app.store
        .create_programme(&p, app.clock_now())
        .await
        .unwrap()
}

/// An admin, signed in.
pub async fn admin(app: &TestApp) -> SignedIn {
    let id = app.person("ADM", "Ada Admin", None, 12).await;
    app.make_admin(id).await;
    app.sign_in_as(id).await
}

/// The outbox messages to one person, as (subject, text).
pub async fn mail_to(app: &TestApp, person: PersonId) -> Vec<(String, String)> {
    let rows = app
        .store
        .list_notifications(None, 500, 0)
        .await
        .unwrap_or_default();
    rows.into_iter()
        .filter(|m| m.recipient_person_id == Some(person))
        .map(|m| (m.subject, m.body_text))
        .collect()
}

/// A valid mentor application form.
pub fn application_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("bio", "Twenty years in finance, led three turnarounds"),
        ("expertise", "Strategic decisions: 5\nDeveloping talent: 4"),
        ("leadership_style", "decisive"),
        ("style_warmth", "warm"),
        ("capacity", "2"),
        ("mode_video", "on"),
        ("availability", "Tuesday mornings"),
    ]
}
