//! The permission matrix (SPEC §9): every route of the pages and the JSON API,
//! read from the router itself, × every role × the objects that route can name,
//! each cell with an expected outcome asserted through HTTP.
//!
//! A route added without an entry in [`access`] fails the test, so the matrix
//! grows with the product. "Allowed" means the request reached the handler as
//! that person (any answer but "sign in", 403 or 404, and never a 5xx);
//! "denied" means the person is sent to sign in (anonymous), or gets 403 or 404
//! (404 where the object's existence is itself private) — and never a success.

mod common;

use common::TestApp;
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::PersonId;
use mentorhub_server::RouteEntry;
use mentorhub_store::Store;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const PASSWORD: &str = mentorhub_demo::DEMO_PASSWORD;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Anonymous,
    Mentee,
    Mentor,
    Manager,
    Admin,
    /// Somebody enrolled only in the other programme.
    Outsider,
}

const ROLES: [Role; 6] = [
    Role::Anonymous,
    Role::Mentee,
    Role::Mentor,
    Role::Manager,
    Role::Admin,
    Role::Outsider,
];

/// How a role stands to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// Theirs: a party to the relationship, the owner of the entry, enrolled in
    /// the programme, the mentor a request was sent to.
    Own,
    /// Their partner's (or, for a request, the asking mentee's).
    Partner,
    /// A programme they take part in as a mentor; a relationship, a proposal or
    /// a request in which they are the mentor.
    Mentoring,
    /// One of their direct reports'.
    Report,
    /// Not theirs, but they administer the product.
    Admin,
    /// Somebody else's.
    None,
}

/// Who may use a route.
#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anybody, signed in or not.
    Public,
    /// Anybody signed in.
    SignedIn,
    /// Signed-in people standing to the object in one of these ways.
    Rels(&'static [Rel]),
    /// The route answers everybody alike (e.g. an invitation link with a made-up
    /// token): only "never a 5xx" is asserted.
    Uniform,
}

const ADMIN: Access = Access::Rels(&[Rel::Admin, Rel::Own]);
const ADMIN_ONLY: Access = Access::Rels(&[Rel::Admin]);
/// Mentees (of a programme, of a relationship).
const MENTEE: Access = Access::Rels(&[Rel::Own]);
/// Both of a pair.
const PARTIES: Access = Access::Rels(&[Rel::Own, Rel::Mentoring]);
const PARTIES_MANAGER_ADMIN: Access =
    Access::Rels(&[Rel::Own, Rel::Mentoring, Rel::Report, Rel::Admin]);
const PARTIES_ADMIN: Access = Access::Rels(&[Rel::Own, Rel::Mentoring, Rel::Admin]);
/// The mentor a request or proposal is addressed to.
const ADDRESSEE: Access = Access::Rels(&[Rel::Mentoring]);
const OWNER: Access = Access::Rels(&[Rel::Own]);
const MANAGER: Access = Access::Rels(&[Rel::Report]);
const ASKER: Access = Access::Rels(&[Rel::Partner]);

/// What kind of object a route's path names, which picks the fixtures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Nothing,
    Relationship,
    CheckIn,
    Programme,
    Person,
    Offer,
    Shortlist,
    Request,
    Proposal,
    Team,
    Application,
    MenteeEnrolment,
    Resource,
    Token,
}

/// The expectation for every route and method. A route missing here fails the
/// test: decide who may use it, then add it.
fn access(method: &str, path: &str) -> Option<(Kind, Access)> {
    let read = method == "GET";
    use Kind::*;
    let a = match path {
        "/login" if method == "POST" => (Nothing, Access::Uniform),
        "/login" | "/healthz" | "/static/style.css" | "/api/openapi.json" => {
            (Nothing, Access::Public)
        }
        "/" => (Nothing, Access::SignedIn),
        "/api/v1/health" => (Nothing, ADMIN_ONLY),
        // Signing in with made-up credentials, and signing out, answer everybody
        // alike; both are tested on their own in auth.rs.
        "/api/v1/session" if method != "GET" => (Nothing, Access::Uniform),
        "/logout" => (Nothing, Access::Uniform),
        "/api/v1/session" => (Nothing, Access::SignedIn),
        "/invitations/{token}" => (Token, Access::Uniform),
        "/account"
        | "/account/password"
        | "/api/v1/me"
        | "/api/v1/me/password"
        | "/api/v1/me/settings" => (Nothing, Access::SignedIn),
        "/relationships" | "/api/v1/relationships" => (Nothing, Access::SignedIn),
        "/find-a-mentor"
        | "/shortlist"
        | "/api/v1/shortlist"
        | "/api/v1/shortlist/candidates"
        | "/api/v1/shortlist/order"
        | "/offers"
        | "/offers/new"
        | "/api/v1/offers" => (Nothing, Access::SignedIn),
        "/mentoring/requests" | "/api/v1/mentoring/requests" => (Nothing, Access::SignedIn),
        "/team" | "/api/v1/team" => (Nothing, Access::SignedIn),
        "/resources" | "/api/v1/resources" if read => (Nothing, Access::SignedIn),
        "/resources" | "/api/v1/resources" => (Nothing, ADMIN_ONLY),
        "/programmes" | "/api/v1/programmes" if read => (Nothing, Access::SignedIn),
        "/programmes" | "/api/v1/programmes" | "/programmes/new" => (Nothing, ADMIN_ONLY),
        "/people"
        | "/people/import"
        | "/api/v1/people"
        | "/api/v1/people/import"
        | "/health"
        | "/admin/outbox"
        | "/api/v1/admin/outbox" => (Nothing, ADMIN_ONLY),

        // One relationship: parties; the mentee's manager and admins see that it
        // exists and its state; only the parties change it.
        "/relationships/{id}"
        | "/api/v1/relationships/{id}"
        | "/api/v1/relationships/{id}/history" => (Relationship, PARTIES_MANAGER_ADMIN),
        "/api/v1/relationships/{id}/goals" if read => (
            Relationship,
            Access::Rels(&[Rel::Own, Rel::Mentoring, Rel::Report]),
        ),
        // Goals are the mentee's to set (SPEC §8); the mentor reads them.
        p if p.starts_with("/relationships/{id}/goals")
            || p.starts_with("/api/v1/relationships/{id}/goals") =>
        {
            (Relationship, MENTEE)
        }
        // Check-in answers: own and admins (SPEC §9); the agreement: in full for
        // the pair, its rhythm only for admins.
        "/api/v1/relationships/{id}/checkins" => (Relationship, PARTIES_ADMIN),
        "/api/v1/relationships/{id}/agreement" if read => (Relationship, PARTIES_ADMIN),
        "/relationships/{id}/support" | "/api/v1/relationships/{id}/manager-support" => {
            (Relationship, MANAGER)
        }
        p if p.starts_with("/relationships/{id}")
            || p.starts_with("/api/v1/relationships/{id}") =>
        {
            if p.contains("/checkins/{cid}") {
                (CheckIn, OWNER)
            } else {
                (Relationship, PARTIES)
            }
        }

        "/programmes/{id}" | "/api/v1/programmes/{id}" if read => (Programme, Access::SignedIn),
        "/programmes/{id}/enrol" | "/programmes/{id}/apply" => (Programme, Access::SignedIn),
        // The directory: its mentees, and admins; a mentee's own choices: theirs
        // (admins read the programme's preferences, SPEC §9).
        "/programmes/{id}/directory" | "/api/v1/programmes/{id}/mentors" => (
            Programme,
            Access::Rels(&[Rel::Own, Rel::Mentoring, Rel::Admin]),
        ),
        "/api/v1/programmes/{id}/preferences" if read => {
            (Programme, Access::Rels(&[Rel::Own, Rel::Admin]))
        }
        "/programmes/{id}/self-assessment"
        | "/api/v1/programmes/{id}/self-assessment"
        | "/programmes/{id}/preferences"
        | "/programmes/{id}/preferences/clear"
        | "/api/v1/programmes/{id}/preferences"
        | "/programmes/{id}/requests"
        | "/api/v1/programmes/{id}/requests" => (Programme, MENTEE),
        "/programmes/{id}/requests/{request}/withdraw" => (Request, ASKER),
        // Enrolling as a mentee and applying to mentor are open to everybody
        // signed in (the programme then checks its target pools).
        "/api/v1/programmes/{id}/enrolments" | "/api/v1/programmes/{id}/applications"
            if method == "POST" =>
        {
            (Programme, Access::SignedIn)
        }
        "/programmes/{id}/mentees/{enrolment}" => (MenteeEnrolment, ADMIN_ONLY),
        "/programmes/{id}/applications/{enrolment}"
        | "/programmes/{id}/applications/{enrolment}/assessment"
        | "/programmes/{id}/applications/{enrolment}/decision" => (Application, ADMIN_ONLY),
        p if p.starts_with("/programmes/{id}") || p.starts_with("/api/v1/programmes/{id}") => {
            (Programme, ADMIN_ONLY)
        }

        "/people/{id}"
        | "/api/v1/people/{id}"
        | "/api/v1/people/{id}/invitation"
        | "/people/{id}/invitation"
        | "/people/{id}/erase"
        | "/api/v1/people/{id}/erase" => (Person, ADMIN_ONLY),
        "/api/v1/people/{id}/export" => (Person, OWNER),
        "/admin/audit" | "/api/v1/audit" => (Nothing, ADMIN_ONLY),
        "/me/data" | "/me/data/export.json" | "/api/v1/me/export" => (Nothing, Access::SignedIn),
        "/api/v1/applications/{id}" => (Application, PARTIES_ADMIN),
        "/api/v1/applications/{id}/profile" => (Application, OWNER),
        "/api/v1/applications/{id}/assessment" | "/api/v1/applications/{id}/decision" => {
            (Application, ADMIN_ONLY)
        }
        "/api/v1/enrolments/{id}/self-assessment" => (MenteeEnrolment, ADMIN),
        "/offers/{id}"
        | "/offers/{id}/{action}"
        | "/api/v1/offers/{id}"
        | "/api/v1/offers/{id}/messages"
        | "/api/v1/offers/{id}/acceptance"
        | "/api/v1/offers/{id}/decline" => (Offer, OWNER),
        "/api/v1/offers/{id}/withdrawal" => (Offer, Access::Rels(&[])),
        p if p.starts_with("/shortlist/{id}") || p.starts_with("/api/v1/shortlist/{id}") => {
            (Shortlist, OWNER)
        }
        "/mentoring/requests/{id}/accept"
        | "/mentoring/requests/{id}/decline"
        | "/api/v1/requests/{id}/accept"
        | "/api/v1/requests/{id}/decline" => (Request, ADDRESSEE),
        "/api/v1/requests/{id}/withdraw" => (Request, ASKER),
        "/mentoring/proposals/{id}/accept"
        | "/mentoring/proposals/{id}/decline"
        | "/api/v1/proposals/{id}/accept"
        | "/api/v1/proposals/{id}/decline" => (Proposal, ADDRESSEE),
        "/team/{id}/approve"
        | "/team/{id}/decline"
        | "/api/v1/team/{id}/approve"
        | "/api/v1/team/{id}/decline" => (Team, MANAGER),
        "/resources/{id}"
        | "/api/v1/resources/{id}"
        | "/resources/{id}/complete"
        | "/resources/{id}/incomplete"
        | "/api/v1/resources/{id}/completion" => (Resource, Access::SignedIn),
        _ => return None,
    };
    Some(a)
}

/// One object a route can name: the values of its path parameters and how each
/// role stands to it.
#[derive(Debug, Clone)]
struct Object {
    label: String,
    params: BTreeMap<&'static str, String>,
    rel: BTreeMap<Role, Rel>,
}

impl Object {
    fn new(label: impl Into<String>) -> Object {
        let mut rel = BTreeMap::new();
        for r in ROLES {
            rel.insert(
                r,
                if r == Role::Admin {
                    Rel::Admin
                } else {
                    Rel::None
                },
            );
        }
        Object {
            label: label.into(),
            params: BTreeMap::new(),
            rel,
        }
    }
    fn param(mut self, name: &'static str, value: impl ToString) -> Object {
        self.params.insert(name, value.to_string());
        self
    }
    fn rel(mut self, role: Role, rel: Rel) -> Object {
        self.rel.insert(role, rel);
        self
    }
}

struct People {
    mentee: PersonId,
    mentor: PersonId,
    manager: PersonId,
    admin: PersonId,
    outsider: PersonId,
}

impl People {
    fn role_of(&self, p: PersonId) -> Option<Role> {
        [
            (self.mentee, Role::Mentee),
            (self.mentor, Role::Mentor),
            (self.manager, Role::Manager),
            (self.admin, Role::Admin),
            (self.outsider, Role::Outsider),
        ]
        .into_iter()
        .find(|(id, _)| *id == p)
        .map(|(_, r)| r)
    }
}

async fn person(store: &Store, email: &str) -> PersonId {
    store
        .get_person_by_email(email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{email} in the demo"))
        .id
}

/// The demo organisation's objects, from each role's point of view.
async fn fixtures(app: &TestApp) -> (People, BTreeMap<&'static str, Vec<Object>>) {
    let store = &app.store;
    let mentee = person(store, "mentee@demo.mentorhub.test").await;
    let mentor = person(store, "mentor@demo.mentorhub.test").await;
    let manager = person(store, "manager@demo.mentorhub.test").await;
    let admin = person(store, "admin@demo.mentorhub.test").await;
    let programmes = store.list_programmes().await.unwrap();
    let p1 = programmes
        .iter()
        .find(|p| p.programme.name == "Leadership Depth 2026")
        .unwrap()
        .programme
        .id;
    let p2 = programmes
        .iter()
        .find(|p| p.programme.name == "Open Mentoring Circle")
        .unwrap()
        .programme
        .id;
    // The outsider: enrolled in the second programme only, in no relationship
    // with the demo accounts, not in the mentee's management line; given an
    // account for this test.
    let mut outsider = None;
    for e in store.list_enrolments(p2, None, None).await.unwrap() {
        let who = e.enrolment.person_id;
        if [mentee, mentor, manager, admin].contains(&who) {
            continue;
        }
        let elsewhere = store.list_enrolments_of_person(who).await.unwrap();
        if elsewhere.iter().all(|x| x.enrolment.programme_id == p2) {
            outsider = Some(who);
            break;
        }
    }
    let outsider = outsider.expect("somebody only in the second programme");
    let hash = mentorhub_server::auth::password::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    let account = store.ensure_account(outsider, common::TODAY).await.unwrap();
    store
        .set_password(account, &hash, common::TODAY)
        .await
        .unwrap();
    let people = People {
        mentee,
        mentor,
        manager,
        admin,
        outsider,
    };

    // The manager's direct reports in a relationship (the ones routes can name).
    let mut reports: Vec<PersonId> = store
        .list_relationships_of_reports(manager)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.relationship.mentee_id)
        .collect();
    reports.dedup();
    for r in &reports {
        assert_eq!(
            store.get_person(*r).await.unwrap().manager_id,
            Some(manager)
        );
    }
    let rel_of = |r: &mentorhub_domain::relationship::Relationship, o: Object| {
        let mut o = o;
        if let Some(role) = people.role_of(r.mentee_id) {
            o = o.rel(role, Rel::Own);
        }
        if let Some(role) = people.role_of(r.mentor_id) {
            o = o.rel(role, Rel::Mentoring);
        }
        if reports.contains(&r.mentee_id) && o.rel[&Role::Manager] == Rel::None {
            o = o.rel(Role::Manager, Rel::Report);
        }
        o
    };

    let mut objects: BTreeMap<&'static str, Vec<Object>> = BTreeMap::new();
    objects.insert(
        "nothing",
        vec![Object::new("—").rel(Role::Mentee, Rel::Own)],
    );

    // Relationships: the demo pair, the mentor's other pair (the mentee's
    // partner's), and a pair of strangers.
    let as_mentee = store.list_relationships_as_mentee(mentee).await.unwrap();
    let main = as_mentee
        .iter()
        .map(|s| s.relationship.clone())
        .find(|r| r.mentor_id == mentor)
        .expect("the demo pair");
    let partner_pair = store
        .list_relationships_as_mentor(mentor)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.relationship)
        .find(|r| r.mentee_id != mentee)
        .expect("the mentor's other pair");
    let mut stranger_pair = None;
    for s in store.list_programme_relationships(p1).await.unwrap() {
        let r = s.relationship;
        let ours = [mentee, mentor, manager, admin, outsider];
        if ours.contains(&r.mentor_id)
            || ours.contains(&r.mentee_id)
            || reports.contains(&r.mentee_id)
        {
            continue;
        }
        if !store.list_goals(r.id).await.unwrap().is_empty()
            && !store.list_meetings(r.id).await.unwrap().is_empty()
        {
            stranger_pair = Some(r);
            break;
        }
    }
    let stranger_pair = stranger_pair.expect("a stranger pair with goals and meetings");
    let mut rels = Vec::new();
    let mut checkins = Vec::new();
    for (label, r) in [
        ("the demo pair", &main),
        ("the mentor's other pair", &partner_pair),
        ("a stranger pair", &stranger_pair),
    ] {
        let goals = store.list_goals(r.id).await.unwrap();
        let meetings = store.list_meetings(r.id).await.unwrap();
        let mut o = Object::new(label).param("id", r.id.0);
        if let Some(g) = goals.first() {
            o = o.param("gid", g.id.0);
        }
        if let Some(m) = meetings.first() {
            o = o.param("mid", m.id.0);
        }
        let mut o = rel_of(r, o);
        if label == "the mentor's other pair" {
            o = o.rel(Role::Mentee, Rel::Partner);
        }
        rels.push(o);
        for c in store.list_checkins(r.id).await.unwrap() {
            let mut o = Object::new(format!("a check-in of {label}"))
                .param("id", r.id.0)
                .param("cid", c.id.0);
            if let Some(role) = people.role_of(c.person_id) {
                o = o.rel(role, Rel::Own);
            }
            for p in [r.mentor_id, r.mentee_id] {
                if p != c.person_id {
                    if let Some(role) = people.role_of(p) {
                        o = o.rel(role, Rel::Partner);
                    }
                }
            }
            if checkins.len() < 4 {
                checkins.push(o);
            }
        }
    }
    // A goal of the stranger pair named under the demo pair's address.
    let stranger_goal = store.list_goals(stranger_pair.id).await.unwrap()[0].id;
    let stranger_meeting = store.list_meetings(stranger_pair.id).await.unwrap()[0].id;
    rels.push(
        Object::new("the demo pair's address with a stranger pair's goal and meeting")
            .param("id", main.id.0)
            .param("gid", stranger_goal.0)
            .param("mid", stranger_meeting.0),
    );
    objects.insert("relationship", rels);
    objects.insert("checkin", checkins);

    // Programmes: enrolled people stand as Own.
    let mut progs = Vec::new();
    for (label, p) in [("the demo programme", p1), ("the other programme", p2)] {
        let mut o = Object::new(label).param("id", p.0);
        let enrolled = store.list_enrolments(p, None, None).await.unwrap();
        for e in &enrolled {
            if let Some(role) = people.role_of(e.enrolment.person_id) {
                if role != Role::Admin {
                    let rel = match e.enrolment.role {
                        ParticipantRole::Mentee => Rel::Own,
                        ParticipantRole::Mentor => Rel::Mentoring,
                    };
                    o = o.rel(role, rel);
                }
            }
        }
        let mentee_enrolment = enrolled
            .iter()
            .find(|e| e.enrolment.role == ParticipantRole::Mentee)
            .unwrap();
        let mentor_enrolment = enrolled
            .iter()
            .find(|e| e.enrolment.role == ParticipantRole::Mentor)
            .unwrap();
        o = o
            .param("enrolment", mentee_enrolment.enrolment.id.0)
            .param("mentee_id", mentee_enrolment.enrolment.person_id.0)
            .param("mentor_id", mentor_enrolment.enrolment.person_id.0)
            .param("kind", "participants")
            .param("file", "participants.csv")
            .param("request", 0);
        progs.push(o);
    }
    objects.insert("programme", progs);

    // Enrolments: the mentor's application, the mentee's enrolment, a stranger's.
    let mut applications = Vec::new();
    let mut mentee_enrolments = Vec::new();
    for who in [mentor, mentee, outsider] {
        for e in store.list_enrolments_of_person(who).await.unwrap() {
            let role = people.role_of(who).unwrap();
            let mut o = Object::new(format!("{role:?}'s enrolment"))
                .param("id", e.enrolment.id.0)
                .param("enrolment", e.enrolment.id.0)
                .rel(role, Rel::Own);
            if who == mentee {
                o = o.rel(Role::Mentor, Rel::Partner);
                if reports.contains(&mentee) {
                    o = o.rel(Role::Manager, Rel::Report);
                }
            }
            let o = o.param("id", e.enrolment.id.0);
            let prog = e.enrolment.programme_id.0;
            let o = o.param("programme", prog);
            match e.enrolment.role {
                ParticipantRole::Mentor => applications.push(o),
                ParticipantRole::Mentee => mentee_enrolments.push(o),
            }
        }
    }
    objects.insert("application", applications);
    objects.insert("mentee_enrolment", mentee_enrolments);

    let person_obj = |label: &str, p: PersonId| {
        let mut o = Object::new(label).param("id", p.0);
        if let Some(role) = people.role_of(p) {
            o = o.rel(role, Rel::Own);
        }
        o
    };
    objects.insert(
        "person",
        vec![
            person_obj("the mentee", mentee)
                .rel(Role::Mentor, Rel::Partner)
                .rel(Role::Manager, Rel::Report),
            person_obj("a stranger", stranger_pair.mentee_id),
        ],
    );

    let mut offers = Vec::new();
    for o in store.list_offers_for_protege(mentee).await.unwrap() {
        offers.push(
            Object::new("an offer to the mentee")
                .param("id", o.offer.id.0)
                .param("action", "messages")
                .rel(Role::Mentee, Rel::Own),
        );
    }
    assert!(!offers.is_empty(), "the demo mentee has an offer");
    objects.insert("offer", offers);

    let shortlist: Vec<Object> = store
        .list_shortlist(mentee)
        .await
        .unwrap()
        .into_iter()
        .take(1)
        .map(|s| {
            Object::new("the mentee's shortlist entry")
                .param("id", s.entry.id.0)
                .rel(Role::Mentee, Rel::Own)
        })
        .collect();
    assert!(!shortlist.is_empty(), "the demo mentee has a shortlist");
    objects.insert("shortlist", shortlist);

    // Strangers of the demo programme: a mentee and a mentor in no pair with
    // the demo accounts.
    let enrolled = store.list_enrolments(p1, None, None).await.unwrap();
    let ours = [mentee, mentor, manager, admin, outsider];
    let stranger = |role: ParticipantRole, skip: usize| {
        enrolled
            .iter()
            .filter(|e| e.enrolment.role == role && !ours.contains(&e.enrolment.person_id))
            .filter(|e| !reports.contains(&e.enrolment.person_id))
            .nth(skip)
            .map(|e| e.enrolment.person_id)
            .expect("a stranger in the demo programme")
    };
    let (stranger_mentee, stranger_mentor) = (
        stranger(ParticipantRole::Mentee, 7),
        stranger(ParticipantRole::Mentor, 7),
    );

    // Requests: one to the demo mentor, one from the demo mentee.
    let mut requests = Vec::new();
    for (asker, to) in [(stranger_mentee, mentor), (mentee, stranger_mentor)] {
        let id = store
            .create_mentor_request(p1, asker, to, "Would you mentor me?", common::TODAY)
            .await
            .unwrap();
        let mut o = Object::new("a request")
            .param("id", id)
            .param("request", id)
            .param("programme", p1.0);
        if let Some(role) = people.role_of(to) {
            o = o.rel(role, Rel::Mentoring);
        }
        if let Some(role) = people.role_of(asker) {
            o = o.rel(role, Rel::Partner);
        }
        requests.push(o);
    }
    objects.insert("request", requests);

    // Proposals: one to the demo mentor, one between strangers.
    let mut proposals = Vec::new();
    for (m, e) in [
        (mentor, stranger_mentee),
        (stranger_mentor, stranger(ParticipantRole::Mentee, 8)),
    ] {
        let id = store
            .create_relationship(
                mentorhub_store::NewRelationship {
                    programme_id: p1,
                    mentor_id: m,
                    mentee_id: e,
                    state: mentorhub_domain::relationship::RelationshipState::Proposed,
                    origin: mentorhub_domain::relationship::Origin::Matched,
                },
                mentorhub_domain::relationship::Actor::System,
                "",
                common::TODAY,
            )
            .await
            .unwrap();
        let r = store.get_relationship(id).await.unwrap();
        proposals.push(rel_of(&r, Object::new("a proposal").param("id", id.0)));
    }
    objects.insert("proposal", proposals);

    // The manager's approvals: pairs of their reports awaiting approval.
    let mut team = Vec::new();
    for p in [p1, p2] {
        for s in store.list_programme_relationships(p).await.unwrap() {
            let r = s.relationship;
            if r.state.as_str() == "awaiting_manager_approval" && team.len() < 2 {
                team.push(rel_of(
                    &r,
                    Object::new("a pair awaiting approval").param("id", r.id.0),
                ));
            }
        }
    }
    assert!(
        team.iter().any(|o| o.rel[&Role::Manager] == Rel::Report),
        "the demo manager has a report awaiting approval"
    );
    objects.insert("team", team);

    let resources = store.list_resources(None).await.unwrap();
    objects.insert(
        "resource",
        resources
            .iter()
            .filter(|r| {
                r.programme_id.is_none()
                    && r.audience == mentorhub_domain::training::Audience::Everyone
            })
            .take(1)
            .map(|r| Object::new("a resource").param("id", r.id.0))
            .collect(),
    );
    objects.insert(
        "token",
        vec![Object::new("a made-up invitation").param("token", "not-a-real-token")],
    );
    (people, objects)
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Nothing => "nothing",
        Kind::Relationship => "relationship",
        Kind::CheckIn => "checkin",
        Kind::Programme => "programme",
        Kind::Person => "person",
        Kind::Offer => "offer",
        Kind::Shortlist => "shortlist",
        Kind::Request => "request",
        Kind::Proposal => "proposal",
        Kind::Team => "team",
        Kind::Application => "application",
        Kind::MenteeEnrolment => "mentee_enrolment",
        Kind::Resource => "resource",
        Kind::Token => "token",
    }
}

/// Fills a path template; `None` when the object lacks a parameter.
fn fill(path: &str, o: &Object) -> Option<String> {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        let value = match name {
            // A route under a programme names the object's programme.
            "id" if path.starts_with("/programmes/{id}/requests/")
                || path.starts_with("/programmes/{id}/applications/")
                || path.starts_with("/programmes/{id}/mentees/") =>
            {
                o.params.get("programme")?
            }
            _ => o.params.get(name)?,
        };
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A JSON body that passes the request schema of an operation, from the
/// OpenAPI document: required fields with plain values.
fn example(schema: &Value, doc: &Value, depth: usize) -> Value {
    if depth > 6 {
        return Value::Null;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        return example(&doc["components"]["schemas"][name], doc, depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(|v| v.as_array())
            .and_then(|a| a.first())
        {
            return example(first, doc, depth + 1);
        }
    }
    if let Some(e) = schema
        .get("enum")
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
    {
        return e.clone();
    }
    let ty = match &schema["type"] {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_string(),
        _ if schema.get("properties").is_some() => "object".into(),
        _ => "null".into(),
    };
    match ty.as_str() {
        "object" => {
            let mut out = serde_json::Map::new();
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = schema["properties"].as_object() {
                for (k, v) in props {
                    if required.contains(&k.as_str()) {
                        out.insert(k.clone(), example(v, doc, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "string" => json!("x"),
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

fn request_body(doc: &Value, method: &str, path: &str) -> Option<Value> {
    let op = &doc["paths"][path][method.to_lowercase()];
    let schema = op["requestBody"]["content"]["application/json"]["schema"].clone();
    if schema.is_null() {
        None
    } else {
        Some(example(&schema, doc, 0))
    }
}

struct Session {
    client: Client,
    csrf: String,
}

async fn session(app: &TestApp, email: Option<&str>) -> Session {
    let client = match email {
        Some(e) => app.signed_in(e, PASSWORD).await,
        None => app.client(),
    };
    let home = client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = home
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_string();
    if email.is_some() {
        assert!(!csrf.is_empty(), "a signed-in page carries a form token");
    }
    Session { client, csrf }
}

/// The served OpenAPI document.
async fn openapi_document(app: &TestApp) -> Value {
    reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A session for every role (none for the anonymous visitor).
async fn sign_in_everyone(app: &TestApp, people: &People) -> BTreeMap<Role, Session> {
    let mut sessions = BTreeMap::new();
    for role in ROLES {
        let email = match role {
            Role::Anonymous => None,
            Role::Mentee => Some("mentee@demo.mentorhub.test".to_string()),
            Role::Mentor => Some("mentor@demo.mentorhub.test".to_string()),
            Role::Manager => Some("manager@demo.mentorhub.test".to_string()),
            Role::Admin => Some("admin@demo.mentorhub.test".to_string()),
            Role::Outsider => Some(
                app.store
                    .get_person(people.outsider)
                    .await
                    .unwrap()
                    .email
                    .as_str()
                    .to_string(),
            ),
        };
        sessions.insert(role, session(app, email.as_deref()).await);
    }
    sessions
}

#[derive(Debug)]
struct Cell {
    method: String,
    template: String,
    url: String,
    role: Role,
    object: String,
    allowed: Option<bool>,
}

fn denied(status: StatusCode, location: Option<&str>) -> bool {
    matches!(status.as_u16(), 401 | 403 | 404)
        || (status.is_redirection() && location.is_some_and(|l| l.starts_with("/login")))
}

/// Normalises an address for matching a form found on one object's page to
/// the same route for another object: numbers become `#`.
fn shape(url: &str) -> String {
    url.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.chars().all(|c| c.is_ascii_digit()) {
                "#"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What an extractor's refusal says is missing or of the wrong type, as a fix:
/// (field, value) — the field empty when the message does not name it.
fn rejection_fix(text: &str) -> Option<(String, Value)> {
    let named = |marker: &str| -> Option<String> {
        let at = text.find(marker)? + marker.len();
        let end = text[at..].find('`')? + at;
        Some(text[at..end].to_string())
    };
    // serde_path_to_error prefixes the path: "title: invalid type: ...".
    let path = text
        .split(": ")
        .find(|seg| !seg.contains(' ') && !seg.is_empty() && !seg.contains('`'))
        .map(|s| s.trim_start_matches('{').trim_matches('"').to_string())
        .unwrap_or_default();
    if let Some(field) = named("missing field `") {
        return Some((field, json!("1")));
    }
    if text.contains("unknown variant") {
        let v = named("expected one of `").or_else(|| named("expected `"))?;
        // Without a path, name the field by the value it refused.
        let path = if path.is_empty() || path.contains(' ') {
            named("unknown variant `")
                .map(|bad| format!("={bad}"))
                .unwrap_or_default()
        } else {
            path
        };
        return Some((path, json!(v)));
    }
    if text.contains("invalid type")
        || text.contains("invalid digit")
        || text.contains("invalid value")
    {
        let value = if text.contains("expected a boolean") {
            json!(false)
        } else if text.contains("expected a sequence") {
            json!([])
        } else if text.contains("expected a string") {
            json!("x")
        } else if text.contains("expected struct") || text.contains("expected a map") {
            json!({})
        } else {
            json!(1)
        };
        return Some((path, value));
    }
    None
}

async fn send(
    app: &TestApp,
    s: &Session,
    doc: &Value,
    forms: &BTreeMap<String, FormFields>,
    cell: &Cell,
) -> (StatusCode, Option<String>, String) {
    let method = Method::from_bytes(cell.method.as_bytes()).unwrap();
    let api = cell.template.starts_with("/api/");
    let mut json_body = if api && cell.method != "GET" {
        request_body(doc, &cell.method, &cell.template)
    } else {
        None
    };
    let mut fields: FormFields = forms
        .get(&cell.url)
        .or_else(|| forms.get(&shape(&cell.url)))
        .cloned()
        .unwrap_or_else(|| vec![("version".into(), "1".into())]);
    fields.retain(|(n, _)| n != "csrf");
    fields.push(("csrf".into(), s.csrf.clone()));
    let mut last_added = String::new();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut req = s
            .client
            .request(method.clone(), app.url(&cell.url))
            .header("Origin", app.base.clone());
        if cell.method != "GET" {
            if api {
                req = req.header("If-Match", "\"1\"");
                if let Some(body) = &json_body {
                    req = req.json(body);
                }
            } else {
                req = req.form(&fields);
            }
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(|l| l.trim_start_matches(&app.base).to_string());
        let text = r.text().await.unwrap_or_default();
        if matches!(status.as_u16(), 400 | 415 | 422) && attempt < 10 && cell.method != "GET" {
            if let Some((field, value)) = rejection_fix(&text) {
                if api {
                    let body = json_body.get_or_insert_with(|| json!({}));
                    let mut key = if field.is_empty() {
                        last_added.clone()
                    } else {
                        field.clone()
                    };
                    if let Some(bad) = field.strip_prefix('=') {
                        // The key whose value was refused.
                        key = body
                            .as_object()
                            .and_then(|m| m.iter().find(|(_, v)| v.as_str() == Some(bad)))
                            .map(|(k, _)| k.clone())
                            .unwrap_or_default();
                    }
                    if let (Some(map), false) = (
                        body.as_object_mut(),
                        key.is_empty() || key.contains('.') || key.contains('['),
                    ) {
                        if map.get(&key) != Some(&value) {
                            map.insert(key.clone(), value);
                            last_added = key;
                            continue;
                        }
                    }
                } else {
                    let key = if field.is_empty() {
                        last_added.clone()
                    } else {
                        field.clone()
                    };
                    let v = match &value {
                        Value::String(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        other => other.to_string(),
                    };
                    if !key.is_empty() && !fields.iter().any(|(n, x)| *n == key && *x == v) {
                        fields.retain(|(n, _)| *n != key);
                        fields.push((key.clone(), v));
                        last_added = key;
                        continue;
                    }
                }
            }
        }
        return (status, location, text);
    }
}

/// A form the pages offer: its fields as a person's browser would send them,
/// with anything left blank filled in plausibly.
type FormFields = Vec<(String, String)>;

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let at = tag.find(&needle)? + needle.len();
    let end = tag[at..].find('"')? + at;
    Some(
        tag[at..end]
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

fn forms_of(html: &str) -> Vec<(String, FormFields)> {
    let mut out = Vec::new();
    for part in html.split("<form").skip(1) {
        let body = part.split("</form>").next().unwrap_or("");
        let head = &body[..body.find('>').unwrap_or(0)];
        if attr(head, "method").map(|m| m.to_lowercase()) != Some("post".into()) {
            continue;
        }
        let Some(action) = attr(head, "action") else {
            continue;
        };
        let mut fields: FormFields = Vec::new();
        let mut radios = Vec::new();
        for tag in body.split('<').skip(1) {
            let tag_end = tag.find('>').unwrap_or(tag.len());
            let t = format!(" {}", &tag[..tag_end]);
            let Some(name) = attr(&t, "name") else {
                continue;
            };
            let value = attr(&t, "value").unwrap_or_default();
            if tag.starts_with("input") {
                let ty = attr(&t, "type").unwrap_or_else(|| "text".into());
                let filled = if !value.is_empty() {
                    value
                } else {
                    match ty.as_str() {
                        "number" | "range" => "1".into(),
                        "date" => "2026-12-15".into(),
                        "time" => "10:00".into(),
                        "datetime-local" => "2026-12-15T10:00".into(),
                        "email" => "someone@example.org".into(),
                        "hidden" | "password" => value,
                        _ => "Permission matrix".into(),
                    }
                };
                match ty.as_str() {
                    "radio" if radios.contains(&name) => {}
                    "radio" => {
                        radios.push(name.clone());
                        fields.push((name, filled));
                    }
                    "checkbox" => fields.push((
                        name,
                        if filled == "Permission matrix" {
                            "on".into()
                        } else {
                            filled
                        },
                    )),
                    "submit" | "button" | "file" => {}
                    _ => fields.push((name, filled)),
                }
            } else if tag.starts_with("textarea") {
                let text = tag[tag_end + 1..].to_string();
                fields.push((
                    name,
                    if text.trim().is_empty() {
                        "Permission matrix".into()
                    } else {
                        text
                    },
                ));
            } else if tag.starts_with("select") {
                let options = &body[body.find(tag).unwrap_or(0)..];
                let options = options.split("</select>").next().unwrap_or("");
                let chosen = options
                    .split("<option")
                    .skip(1)
                    .filter_map(|o| attr(&format!(" {}", &o[..o.find('>').unwrap_or(0)]), "value"))
                    .find(|v| !v.is_empty())
                    .unwrap_or_default();
                fields.push((name, chosen));
            } else if tag.starts_with("button") && !fields.iter().any(|(n, _)| *n == name) {
                fields.push((name, value));
            }
        }
        out.push((action, fields));
    }
    out
}

/// Every form of every page a role may open, by the address it posts to.
async fn collect_forms(
    app: &TestApp,
    sessions: &BTreeMap<Role, Session>,
    cells: &[Cell],
) -> BTreeMap<String, FormFields> {
    let mut forms = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in cells {
        if c.method != "GET" || c.allowed != Some(true) || c.template.starts_with("/api/") {
            continue;
        }
        if c.role == Role::Anonymous || !seen.insert((c.role, c.url.clone())) {
            continue;
        }
        let r = sessions[&c.role]
            .client
            .get(app.url(&c.url))
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap_or_default();
        for (action, fields) in forms_of(&html) {
            let action = action.trim_start_matches(&app.base).to_string();
            forms
                .entry(shape(&action))
                .or_insert_with(|| fields.clone());
            forms.entry(action).or_insert(fields);
        }
    }
    forms
}

fn is_sign_out(c: &Cell) -> bool {
    c.template == "/logout" || (c.template == "/api/v1/session" && c.method == "DELETE")
}

async fn run_matrix(app: TestApp) {
    let table: Vec<RouteEntry> = mentorhub_server::route_table();
    let (people, objects) = fixtures(&app).await;
    let doc = openapi_document(&app).await;

    // Build every cell; a route without an expectation is a failure.
    let mut missing = Vec::new();
    let mut cells = Vec::new();
    for route in &table {
        if route.path.contains("__private__axum") {
            continue;
        }
        for method in route.methods.iter().filter(|m| *m != "HEAD") {
            let Some((kind, rule)) = access(method, &route.path) else {
                missing.push(format!("{method} {}", route.path));
                continue;
            };
            let objs = &objects[kind_key(kind)];
            assert!(!objs.is_empty(), "no fixture for {method} {}", route.path);
            for o in objs {
                if o.label.contains("stranger pair's goal")
                    && !(route.path.contains("{gid}") || route.path.contains("{mid}"))
                {
                    continue;
                }
                let Some(url) = fill(&route.path, o) else {
                    continue;
                };
                for role in ROLES {
                    let allowed = match rule {
                        Access::Public => Some(true),
                        Access::Uniform => None,
                        Access::SignedIn => Some(role != Role::Anonymous),
                        Access::Rels(rels) => {
                            Some(role != Role::Anonymous && rels.contains(&o.rel[&role]))
                        }
                    };
                    cells.push(Cell {
                        method: method.clone(),
                        template: route.path.clone(),
                        url: url.clone(),
                        role,
                        object: o.label.clone(),
                        allowed,
                    });
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes without an expectation in the permission matrix:\n  {}",
        missing.join("\n  ")
    );
    // Denials first (they must change nothing), then allowed reads, then allowed
    // writes, and signing out last.
    let destructive = |c: &Cell| {
        c.method == "DELETE"
            || [
                "/end",
                "/delete",
                "/remove",
                "/decline",
                "/withdraw",
                "/erase",
            ]
            .iter()
            .any(|w| c.template.ends_with(w))
    };
    cells.sort_by_key(|c| {
        (
            is_sign_out(c),
            c.allowed == Some(true) && c.method != "GET",
            c.allowed == Some(true) && destructive(c),
            c.allowed == Some(true),
        )
    });

    let sessions = sign_in_everyone(&app, &people).await;

    let forms = collect_forms(&app, &sessions, &cells).await;
    let mut failures = Vec::new();
    let mut destroyed = std::collections::BTreeSet::new();
    let mut skipped = 0;
    for cell in &cells {
        if destroyed.contains(&(cell.url.split('/').take(4).collect::<Vec<_>>().join("/"))) {
            // An earlier allowed cell removed or ended this object.
            skipped += 1;
            continue;
        }
        let (status, location, text) = send(&app, &sessions[&cell.role], &doc, &forms, cell).await;
        if cell.allowed == Some(true)
            && destructive(cell)
            && status.is_success() | status.is_redirection()
        {
            destroyed.insert(cell.url.split('/').take(4).collect::<Vec<_>>().join("/"));
        }
        let is_denied = denied(status, location.as_deref());
        let ok = if status.is_server_error() {
            false
        } else {
            match cell.allowed {
                None => true,
                Some(true) => !is_denied,
                Some(false) => is_denied,
            }
        };
        if !ok {
            failures.push(format!(
                "{:?} {} {} ({}) expected {} got {}{}",
                cell.role,
                cell.method,
                cell.url,
                cell.object,
                match cell.allowed {
                    Some(true) => "allowed",
                    Some(false) => "denied",
                    None => "no 5xx",
                },
                status.as_u16(),
                location
                    .map(|l| format!(" → {l}"))
                    .unwrap_or_else(|| format!(
                        " {}",
                        text.chars()
                            .filter(|c| !c.is_control())
                            .take(160)
                            .collect::<String>()
                    ))
            ));
        }
    }
    println!(
        "permission matrix: {} routes, {} cells, {} skipped after a removal, {} failures",
        table.len(),
        cells.len(),
        skipped,
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cells differ from the matrix:\n  {}",
        failures.len(),
        cells.len(),
        failures.join("\n  ")
    );
}

app_story!(
    every_route_answers_every_role_as_the_matrix_says,
    demo = true,
    |app: TestApp| async move {
        run_matrix(app).await;
    }
);

// ---- Confidentiality: private words never reach another role ----

/// Everything the product logs in this test binary, to search for private words.
fn captured_logs() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOGS: std::sync::OnceLock<std::sync::Mutex<Vec<u8>>> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        struct Sink;
        impl std::io::Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                captured_logs().lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_writer(|| Sink)
            .with_ansi(false)
            .try_init();
        std::sync::Mutex::new(Vec::new())
    })
}

/// A private word planted by its author, and who may read it (SPEC §9).
struct Marker {
    what: &'static str,
    text: String,
    seen_by: &'static [Role],
}

async fn expect_ok(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    assert!(status.is_success(), "planting {what}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn plant_markers(
    app: &TestApp,
    sessions: &BTreeMap<Role, Session>,
    objects: &BTreeMap<&'static str, Vec<Object>>,
) -> Vec<Marker> {
    let tag = |what: &str| format!("ZQX{}{}", what.replace(' ', ""), std::process::id());
    let pair = &objects["relationship"][0];
    let (rid, mid) = (&pair.params["id"], &pair.params["mid"]);
    let mentee = &sessions[&Role::Mentee].client;
    let mentor = &sessions[&Role::Mentor].client;
    let mut markers = Vec::new();

    // Meeting notes: each writer's own, not shared.
    for (who, client, seen_by) in [
        ("mentee note", mentee, &[Role::Mentee][..]),
        ("mentor note", mentor, &[Role::Mentor][..]),
    ] {
        let text = tag(who);
        let r = client
            .put(app.url(&format!("/api/v1/relationships/{rid}/meetings/{mid}/note")))
            .json(&json!({"body": format!("Private: {text}"), "shared": false}))
            .send()
            .await
            .unwrap();
        expect_ok(r, who).await;
        markers.push(Marker {
            what: "a meeting note",
            text,
            seen_by,
        });
    }

    // A goal the mentee keeps from their manager.
    let text = tag("unshared goal");
    let r = mentee
        .post(app.url(&format!("/api/v1/relationships/{rid}/goals")))
        .json(
            &json!({"title": format!("Goal {text}"), "description": "", "progress": 10,
                      "status": "in_progress", "shared_with_manager": false}),
        )
        .send()
        .await
        .unwrap();
    expect_ok(r, "a goal").await;
    markers.push(Marker {
        what: "a goal not shared with the manager",
        text,
        seen_by: &[Role::Mentee, Role::Mentor],
    });

    // The mentee's check-in answer: theirs and the admins'.
    let checkin = objects["checkin"]
        .iter()
        .find(|o| o.params["id"] == *rid && o.rel[&Role::Mentee] == Rel::Own)
        .expect("the mentee's check-in on the demo pair");
    let text = tag("checkin answer");
    let r = mentee
        .put(app.url(&format!(
            "/api/v1/relationships/{rid}/checkins/{}",
            checkin.params["cid"]
        )))
        .json(&json!({"in_regular_contact": true, "working": 4,
                      "what_would_help": format!("Help: {text}")}))
        .send()
        .await
        .unwrap();
    expect_ok(r, "a check-in answer").await;
    markers.push(Marker {
        what: "a check-in answer",
        text,
        seen_by: &[Role::Mentee, Role::Admin],
    });

    // The mentee's shortlist notes: theirs alone.
    let sid = &objects["shortlist"][0].params["id"];
    let url = app.url(&format!("/api/v1/shortlist/{sid}"));
    let etag = mentee
        .get(&url)
        .send()
        .await
        .unwrap()
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
        .expect("a shortlist entry has a version");
    let text = tag("shortlist note");
    let r = mentee
        .patch(&url)
        .header("If-Match", etag)
        .json(&json!({"positives": format!("Notes {text}"), "constraints": "", "recommendations": ""}))
        .send()
        .await
        .unwrap();
    expect_ok(r, "shortlist notes").await;
    markers.push(Marker {
        what: "a shortlist note",
        text,
        seen_by: &[Role::Mentee],
    });

    // The mentor's reason for declining a request, kept from the mentee.
    let request = objects["request"]
        .iter()
        .find(|o| o.rel[&Role::Mentor] == Rel::Mentoring)
        .expect("a request to the mentor");
    let text = tag("decline reason");
    let r = mentor
        .post(app.url(&format!(
            "/api/v1/requests/{}/decline",
            request.params["id"]
        )))
        .json(&json!({"reason": format!("Reason {text}"), "share_reason": false}))
        .send()
        .await
        .unwrap();
    expect_ok(r, "a decline reason").await;
    markers.push(Marker {
        what: "a request's decline reason",
        text,
        seen_by: &[Role::Mentor],
    });
    markers
}

fn leaks(markers: &[Marker], role: Option<Role>, text: &str) -> Vec<String> {
    markers
        .iter()
        .filter(|m| role.is_none_or(|r| !m.seen_by.contains(&r)))
        .filter(|m| text.contains(&m.text))
        .map(|m| m.what.to_string())
        .collect()
}

async fn run_confidentiality(app: TestApp) {
    captured_logs();
    let table = mentorhub_server::route_table();
    let (people, objects) = fixtures(&app).await;
    let sessions = sign_in_everyone(&app, &people).await;
    let markers = plant_markers(&app, &sessions, &objects).await;

    // Every page and API answer each role can ask for.
    let mut found = Vec::new();
    let mut fetched = 0;
    let mut seen_by_author = 0;
    for route in &table {
        if route.path.contains("__private__axum") || !route.methods.iter().any(|m| m == "GET") {
            continue;
        }
        let Some((kind, _)) = access("GET", &route.path) else {
            continue;
        };
        for o in &objects[kind_key(kind)] {
            let Some(url) = fill(&route.path, o) else {
                continue;
            };
            for role in ROLES {
                let r = sessions[&role]
                    .client
                    .get(app.url(&url))
                    .send()
                    .await
                    .unwrap();
                let body = r.text().await.unwrap_or_default();
                fetched += 1;
                for what in leaks(&markers, Some(role), &body) {
                    found.push(format!("{role:?} reads {what} at GET {url}"));
                }
                if markers.iter().any(|m| body.contains(&m.text)) {
                    seen_by_author += 1;
                }
            }
        }
    }
    // The planted words are really there for their readers: the crawl can see.
    assert!(
        seen_by_author > 0,
        "the authors see their own words somewhere"
    );

    // The programme's exports, as the admin downloads them.
    let p1 = &objects["programme"][0].params["id"];
    for kind in [
        "participants",
        "relationships",
        "meetings",
        "checkins",
        "pairs",
    ] {
        let url = format!("/programmes/{p1}/health/exports/{kind}.csv");
        let body = sessions[&Role::Admin]
            .client
            .get(app.url(&url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(body.contains(','), "{url} is a CSV");
        for what in leaks(&markers, Some(Role::Admin), &body) {
            found.push(format!("the admin's export {url} holds {what}"));
        }
    }

    // A few months of scheduled email (check-in invitations, reminders, dormancy
    // notices), then every email the product queued, read as its recipient would.
    let dir =
        std::env::temp_dir().join(format!("mentorhub-confidentiality-{}", std::process::id()));
    let config = mentorhub_server::config::Config::new(
        "127.0.0.1:0",
        mentorhub_server::config::DatabaseConfig {
            data_dir: dir.clone(),
            database_url: None,
        },
    );
    let mailer = mentorhub_mail::Mailer::new(
        app.store.clone(),
        app.clock.clone(),
        mentorhub_mail::MailConfig::from_config(&config),
    )
    .unwrap();
    for _ in 0..8 {
        mailer.tick().await.unwrap();
        app.clock.advance_days(14);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut rows = Vec::new();
    loop {
        let page = app
            .store
            .list_notifications(None, 500, rows.len() as i64)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        rows.extend(page);
    }
    for m in &rows {
        let role = m
            .recipient_person_id
            .and_then(|p| people.role_of(p))
            .unwrap_or(Role::Outsider);
        let text = format!("{} {} {}", m.subject, m.body_text, m.body_html);
        for what in leaks(&markers, Some(role), &text) {
            found.push(format!("an email to {role:?} holds {what}"));
        }
    }

    // The logs are read by operators: no private word at all.
    let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).to_string();
    for what in leaks(&markers, None, &logs) {
        found.push(format!("the logs hold {what}"));
    }
    println!(
        "confidentiality: {} markers, {fetched} answers fetched, {} emails, {} KiB of logs, {} leaks",
        markers.len(),
        rows.len(),
        logs.len() / 1024,
        found.len()
    );
    assert!(
        found.is_empty(),
        "private words leaked:\n  {}",
        found.join("\n  ")
    );
}

app_story!(
    no_role_reads_another_roles_private_words,
    demo = true,
    |app: TestApp| async move {
        run_confidentiality(app).await;
    }
);

// ---- Fields a person may not set ----

/// The properties of a request schema, with references followed.
fn properties(schema: &Value, doc: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 5 {
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        properties(&doc["components"]["schemas"][name], doc, out, depth + 1);
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for s in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            properties(s, doc, out, depth + 1);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            out.push(k.clone());
            properties(v, doc, out, depth + 1);
        }
    }
    if let Some(items) = schema.get("items") {
        properties(items, doc, out, depth + 1);
    }
}

app_story!(
    no_update_takes_a_field_that_decides_who_owns_what,
    demo = true,
    |app: TestApp| async move {
        // Who a record belongs to, what role someone has, which programme a thing is
        // in and what state a relationship is in are decided by the product, never
        // sent in an update.
        const DECIDED_BY_THE_PRODUCT: [&str; 9] = [
            "role",
            "is_admin",
            "admin",
            "owner",
            "owner_id",
            "person_id",
            "mentor_id",
            "mentee_id",
            "state",
        ];
        let doc = openapi_document(&app).await;
        let mut offending = Vec::new();
        let mut updates = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for method in ["put", "patch"] {
                let Some(op) = ops.get(method) else { continue };
                updates += 1;
                let mut props = Vec::new();
                properties(
                    &op["requestBody"]["content"]["application/json"]["schema"],
                    &doc,
                    &mut props,
                    0,
                );
                for p in props {
                    if DECIDED_BY_THE_PRODUCT.contains(&p.as_str()) || p == "programme_id" {
                        offending.push(format!("{} {path}: {p}", method.to_uppercase()));
                    }
                }
            }
        }
        assert!(updates > 15, "the API has its updates: {updates}");
        assert!(
            offending.is_empty(),
            "updates that take a field the product decides:\n  {}",
            offending.join("\n  ")
        );

        // And such a field sent anyway is ignored: the mentee's shortlist entry stays
        // theirs, about the same candidate.
        let mentee = person(&app.store, "mentee@demo.mentorhub.test").await;
        let admin = person(&app.store, "admin@demo.mentorhub.test").await;
        let entry = app.store.list_shortlist(mentee).await.unwrap()[0]
            .entry
            .clone();
        let client = app.signed_in("mentee@demo.mentorhub.test", PASSWORD).await;
        let url = app.url(&format!("/api/v1/shortlist/{}", entry.id.0));
        let etag = client.get(&url).send().await.unwrap().headers()["etag"]
            .to_str()
            .unwrap()
            .to_string();
        let r = client
        .patch(&url)
        .header("If-Match", etag)
        .json(&json!({"positives": "Kind", "constraints": "", "recommendations": "",
                      "mentee_id": admin.0, "candidate_id": admin.0, "role": "admin", "state": "accepted"}))
        .send()
        .await
        .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let after = app.store.list_shortlist(mentee).await.unwrap();
        let same = after
            .iter()
            .find(|s| s.entry.id == entry.id)
            .expect("still the mentee's");
        assert_eq!(same.entry.candidate_id, entry.candidate_id);
        assert!(app.store.list_shortlist(admin).await.unwrap().is_empty());
    }
);

app_story!(
    absurd_page_numbers_get_an_answer_not_a_dropped_connection,
    demo = true,
    |app: TestApp| async move {
        // Found by the API fuzzer: a page number near i64::MAX overflowed the offset.
        let admin = app.signed_in("admin@demo.mentorhub.test", PASSWORD).await;
        for path in [
            "/api/v1/people?page=9223372036854775806",
            "/people?page=9223372036854775806",
            "/api/v1/audit?page=9223372036854775806",
            "/admin/audit?page=9223372036854775806",
            "/api/v1/admin/outbox?offset=9223372036854775806",
            "/programmes/1/directory?page=9223372036854775806",
        ] {
            let r = admin.get(app.url(path)).send().await.expect("an answer");
            assert!(
                r.status().is_success() || r.status().is_client_error(),
                "{path}: {}",
                r.status()
            );
        }
    }
);
