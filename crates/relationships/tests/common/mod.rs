//! A programme with one pair, the mentee's manager, an admin, and a mentor of
//! another pair in another programme — each with a signed-in client.
#![allow(dead_code)]

use mentorhub_domain::programme::{
    AgreementDefaults, CheckInSchedule, CriteriaWeights, DormancyRule, Formality, HardRules,
    Objective, Programme, ProgrammeMode, ProgrammeStatus, TargetPool,
};
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use mentorhub_store::NewRelationship;
use mentorhub_web::testing::{SignedIn, TestApp, TODAY};
use reqwest::StatusCode;

pub fn programme(name: &str) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: name.into(),
        description: "Grow leaders".into(),
        objective: Objective::LeadershipDepth,
        focus_skills: vec!["Strategy".into()],
        at_risk_functions: vec![],
        mode: ProgrammeMode::AdminMatch,
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

pub struct World {
    pub app: TestApp,
    pub programme: ProgrammeId,
    pub relationship: RelationshipId,
    pub mentor: SignedIn,
    pub mentee: SignedIn,
    pub manager: SignedIn,
    pub admin: SignedIn,
    /// A mentor of another pair, in another programme.
    pub stranger: SignedIn,
    pub other_relationship: RelationshipId,
}

pub async fn relationship(
    app: &TestApp,
    programme: ProgrammeId,
    mentor: PersonId,
    mentee: PersonId,
    state: RelationshipState,
) -> RelationshipId {
    app.store
        .create_relationship(
            NewRelationship {
                programme_id: programme,
                mentor_id: mentor,
                mentee_id: mentee,
                state,
                origin: Origin::Matched,
            },
            Actor::System,
            "published from the matching run",
            TODAY,
        )
        .await
        .expect("relationship")
}

/// The world, with the pair's relationship in `state`.
pub async fn world(app: TestApp, state: RelationshipState) -> World {
    let manager = app.person("MGR", "Morgan Manager", None, 7).await;
    let mentee = app.person("MEE", "Eli Mentee", Some("MGR"), 4).await;
    let mentor = app.person("MOR", "Maya Mentor", None, 8).await;
    let admin = app.person("ADM", "Ada Admin", None, 6).await;
    let stranger = app.person("STR", "Sam Stranger", None, 8).await;
    let stranger_mentee = app.person("SME", "Sol Other", None, 3).await;
    app.make_admin(admin).await;
    let programme = app
        .store
        .create_programme(&self::programme("Leadership 2027"), TODAY)
        .await
        .expect("programme");
    let other = app
        .store
        .create_programme(&self::programme("Graduates 2027"), TODAY)
        .await
        .expect("programme");
    let rel = relationship(&app, programme, mentor, mentee, state).await;
    let other_rel = relationship(&app, other, stranger, stranger_mentee, state).await;
    World {
        programme,
        relationship: rel,
        mentor: app.sign_in_as(mentor).await,
        mentee: app.sign_in_as(mentee).await,
        manager: app.sign_in_as(manager).await,
        admin: app.sign_in_as(admin).await,
        stranger: app.sign_in_as(stranger).await,
        other_relationship: other_rel,
        app,
    }
}

impl World {
    pub fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    pub fn rel(&self, suffix: &str) -> String {
        self.app
            .url(&format!("/relationships/{}{suffix}", self.relationship.0))
    }

    pub fn api(&self, suffix: &str) -> String {
        self.app.url(&format!(
            "/api/v1/relationships/{}{suffix}",
            self.relationship.0
        ))
    }
}

/// GET a page; returns status and body.
pub async fn page(who: &SignedIn, url: &str) -> (StatusCode, String) {
    let r = who.client.get(url).send().await.expect("get");
    let status = r.status();
    (status, r.text().await.expect("body"))
}

/// POST a page form (the CSRF token added); returns status, Location and body.
pub async fn post_form(
    who: &SignedIn,
    url: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    let r = who.client.post(url).form(&form).send().await.expect("post");
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, location, r.text().await.expect("body"))
}

/// GET JSON; returns status and the body as text (to search for markers).
pub async fn get_json(who: &SignedIn, url: &str) -> (StatusCode, String) {
    page(who, url).await
}

/// Everything a person can read about the relationship, pages and API, as one text.
pub async fn everything_seen_by(w: &World, who: &SignedIn) -> String {
    let mut all = String::new();
    for url in [
        w.rel(""),
        w.api(""),
        w.api("/meetings"),
        w.api("/checkins"),
        w.api("/goals"),
        w.api("/history"),
        w.api("/agreement"),
        w.url("/relationships"),
        w.url("/api/v1/relationships"),
        w.url(&format!("/programmes/{}/checkins", w.programme.0)),
        w.url(&format!("/api/v1/programmes/{}/checkins", w.programme.0)),
    ] {
        let (_, body) = page(who, &url).await;
        all.push_str(&body);
    }
    for m in w
        .app
        .store
        .list_meetings(w.relationship)
        .await
        .expect("meetings")
    {
        let (_, body) = page(who, &w.rel(&format!("/meetings/{}", m.id.0))).await;
        all.push_str(&body);
        let (_, body) = page(who, &w.rel(&format!("/meetings/{}.ics", m.id.0))).await;
        all.push_str(&body);
    }
    all
}
