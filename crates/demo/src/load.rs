//! Writes a generated organisation through the store's public API, in the order
//! the product itself would have: people, programmes, applications and their
//! decisions, self-assessments, relationships replayed event by event, then each
//! relationship's agreement, goals, meetings, check-ins and reflections.

use crate::model::*;
use crate::{generate, DemoSummary, DEFAULT_SEED};
use futures_util::{stream, StreamExt, TryStreamExt};
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::outreach::OfferState;
use mentorhub_domain::profile::{MentorAssessment, MentorProfile, SelfAssessment};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::relationship::{Actor, Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::training::Resource;
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId, RelationshipId, ResourceId};
use mentorhub_store::{Backend, NewRelationship, PeopleFilter, ShortlistNotes, Store, StoreError};
use std::collections::HashMap;
use std::future::Future;

/// Fills an empty database with the demo organisation for `today`. Does nothing
/// and returns `None` when the database already has people.
pub async fn load_if_empty(
    store: &Store,
    today: Timestamp,
    password_hash: &str,
) -> Result<Option<DemoSummary>, StoreError> {
    let everyone = PeopleFilter {
        active: None,
        ..PeopleFilter::default()
    };
    if store.count_people(&everyone).await? > 0 {
        return Ok(None);
    }
    let org = generate(DEFAULT_SEED, today);
    load(store, &org, password_hash).await.map(Some)
}

/// Writes `org` into the store. The four demo accounts get `password_hash` (an
/// argon2 hash the caller computed); nobody else gets an account.
pub async fn load(
    store: &Store,
    org: &DemoOrg,
    password_hash: &str,
) -> Result<DemoSummary, StoreError> {
    let mut ids = Ids::default();
    let founded = org
        .programmes
        .iter()
        .map(|p| p.created_at)
        .min()
        .unwrap_or(org.today)
        .plus_days(-30);
    let people: Vec<_> = org.people.iter().map(|p| p.person.clone()).collect();
    ids.people = store.create_people(&people, founded).await?;
    load_accounts(store, org, &ids, password_hash, founded).await?;

    for p in &org.programmes {
        let id = store.create_programme(&programme(p), p.created_at).await?;
        if let Some(at) = p.announced_at {
            store.mark_programme_announced(id, at).await?;
        }
        ids.programmes.push(id);
    }
    load_mentors(store, org, &mut ids).await?;
    load_mentees(store, org, &mut ids).await?;

    for r in &org.resources {
        let resource = Resource {
            id: ResourceId(0),
            programme_id: r.programme.map(|p| ids.programmes[p]),
            title: r.title.clone(),
            kind: r.kind,
            audience: r.audience,
            body: r.body.clone(),
            link: None,
            required: r.required,
        };
        ids.resources
            .push(store.create_resource(&resource, founded).await?);
    }
    let ids = &ids;
    let completions = org.completions.iter().map(|c| {
        store.mark_resource_complete(ids.resources[c.resource], ids.person(c.person), c.at)
    });
    side_by_side(store, completions).await?;
    let relationships = org
        .relationships
        .iter()
        .map(|r| load_relationship(store, org, ids, r));
    side_by_side(store, relationships).await?;
    load_pipeline(store, org, ids).await?;
    Ok(org.summary())
}

#[derive(Default)]
struct Ids {
    people: Vec<PersonId>,
    programmes: Vec<ProgrammeId>,
    enrolments: HashMap<(ProgrammeIx, PersonIx, ParticipantRole), EnrolmentId>,
    resources: Vec<ResourceId>,
}

impl Ids {
    fn person(&self, ix: PersonIx) -> PersonId {
        self.people[ix]
    }

    fn actor(&self, actor: DemoActor) -> Actor {
        match actor {
            DemoActor::Person(p) => Actor::Person(self.person(p)),
            DemoActor::System => Actor::System,
        }
    }
}

async fn load_accounts(
    store: &Store,
    org: &DemoOrg,
    ids: &Ids,
    password_hash: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    let a = org.accounts;
    let admin = &org.people[a.admin].person;
    store
        .create_admin_by(&admin.email, &admin.name, password_hash, at, "demo data")
        .await?;
    for p in [a.mentee, a.mentor, a.manager] {
        let account = store.ensure_account(ids.person(p), at).await?;
        store.set_password(account, password_hash, at).await?;
    }
    Ok(())
}

fn programme(p: &DemoProgramme) -> Programme {
    Programme {
        id: ProgrammeId(0),
        name: p.name.clone(),
        description: p.description.clone(),
        objective: p.objective.clone(),
        focus_skills: p.focus_skills.clone(),
        at_risk_functions: p.at_risk_functions.clone(),
        mode: p.mode,
        formality: p.formality,
        status: p.status,
        target_pool: p.target_pool.clone(),
        weights: p.weights,
        rules: p.rules,
        agreement_defaults: p.agreement_defaults,
        checkins: p.checkins.clone(),
        dormancy: p.dormancy,
        mentor_training_required: p.mentor_training_required,
        mentee_training_required: p.mentee_training_required,
        version: 1,
    }
}

async fn load_mentors(store: &Store, org: &DemoOrg, ids: &mut Ids) -> Result<(), StoreError> {
    let shared = &*ids;
    let enrolments = side_by_side(
        store,
        org.mentors.iter().map(|m| load_mentor(store, shared, m)),
    )
    .await?;
    for (m, id) in org.mentors.iter().zip(enrolments) {
        ids.enrolments
            .insert((m.programme, m.person, ParticipantRole::Mentor), id);
    }
    Ok(())
}

/// A mentor's application, profile, assessment and the admin's decision.
async fn load_mentor(store: &Store, ids: &Ids, m: &DemoMentor) -> Result<EnrolmentId, StoreError> {
    let programme = ids.programmes[m.programme];
    let id = store
        .create_enrolment(
            programme,
            ids.person(m.person),
            ParticipantRole::Mentor,
            m.applied_at,
        )
        .await?;
    let p = &m.profile;
    let profile = MentorProfile {
        enrolment_id: id,
        bio: p.bio.clone(),
        expertise: p.expertise.clone(),
        leadership_style: p.leadership_style.clone(),
        personal_style: p.personal_style.clone(),
        track_record: p.track_record.clone(),
        capacity: p.capacity,
        availability: p.availability.clone(),
        meeting_modes: p.meeting_modes.clone(),
    };
    store
        .save_mentor_profile(&profile, None, m.applied_at)
        .await?;
    if let Some(a) = &m.assessment {
        let assessment = MentorAssessment {
            enrolment_id: id,
            assessor_id: ids.person(a.assessor),
            expertise_score: a.expertise_score,
            communication_score: a.communication_score,
            notes: a.notes.clone(),
        };
        store
            .save_mentor_assessment(&assessment, None, a.at)
            .await?;
    }
    if let Some((by, at)) = m.decided {
        let approve = m.status == EnrolmentStatus::Approved;
        let reason = m.decision_reason.as_deref().unwrap_or("");
        store
            .decide_mentor_application(id, approve, reason, ids.person(by), at)
            .await?;
    }
    Ok(id)
}

async fn load_mentees(store: &Store, org: &DemoOrg, ids: &mut Ids) -> Result<(), StoreError> {
    let shared = &*ids;
    let enrolments = side_by_side(
        store,
        org.mentees.iter().map(|m| load_mentee(store, shared, m)),
    )
    .await?;
    for (m, id) in org.mentees.iter().zip(enrolments) {
        ids.enrolments
            .insert((m.programme, m.person, ParticipantRole::Mentee), id);
    }
    let ids = &*ids;
    let preferences = org
        .mentees
        .iter()
        .filter(|m| !m.preferences.is_empty())
        .map(|m| {
            let mentee = ids.enrolments[&(m.programme, m.person, ParticipantRole::Mentee)];
            let choices: Vec<(EnrolmentId, u8)> = m
                .preferences
                .iter()
                .map(|(mentor, rank)| {
                    (
                        ids.enrolments[&(m.programme, *mentor, ParticipantRole::Mentor)],
                        *rank,
                    )
                })
                .collect();
            async move {
                store
                    .set_preferences(mentee, &choices, m.enrolled_at.plus_days(2))
                    .await
            }
        });
    side_by_side(store, preferences).await?;
    Ok(())
}

/// A mentee's enrolment, completed self-assessment and approval.
async fn load_mentee(store: &Store, ids: &Ids, m: &DemoMentee) -> Result<EnrolmentId, StoreError> {
    let programme = ids.programmes[m.programme];
    let id = store
        .create_enrolment(
            programme,
            ids.person(m.person),
            ParticipantRole::Mentee,
            m.enrolled_at,
        )
        .await?;
    let a = &m.assessment;
    let assessment = SelfAssessment {
        enrolment_id: id,
        focus_skills: a.focus_skills.clone(),
        leadership_style: a.leadership_style.clone(),
        style_preference: a.style_preference,
        personal_preference: a.personal_preference.clone(),
        goals_this_year: a.goals_this_year.clone(),
        three_year_view: a.three_year_view.clone(),
    };
    let done = m.enrolled_at.plus_days(1);
    store.save_self_assessment(&assessment, None, done).await?;
    store
        .set_mentee_enrolment_status(id, EnrolmentStatus::Approved, done)
        .await?;
    Ok(id)
}

/// Who put a pair forward, as the first row of its history says.
fn proposer(r: &DemoRelationship, org: &DemoOrg) -> (DemoActor, &'static str) {
    match r.origin {
        Origin::Matched => (
            DemoActor::Person(org.accounts.admin),
            "Proposed by the programme's matching run.",
        ),
        Origin::Requested => (
            DemoActor::Person(r.mentee),
            "Requested through the mentor directory.",
        ),
        Origin::Outreach => (
            DemoActor::Person(r.mentee),
            "Asked after the outreach conversations.",
        ),
        Origin::Offer => (DemoActor::Person(r.mentor), "Offered by the mentor."),
    }
}

async fn load_relationship(
    store: &Store,
    org: &DemoOrg,
    ids: &Ids,
    r: &DemoRelationship,
) -> Result<RelationshipId, StoreError> {
    let (who, why) = proposer(r, org);
    let new = NewRelationship {
        programme_id: ids.programmes[r.programme],
        mentor_id: ids.person(r.mentor),
        mentee_id: ids.person(r.mentee),
        state: RelationshipState::Proposed,
        origin: r.origin,
    };
    let id = store
        .create_relationship(new, ids.actor(who), why, r.created_at)
        .await?;
    for t in &r.history {
        store
            .apply_relationship_event(id, t.event, ids.actor(t.actor), t.at, &t.reason, true, None)
            .await?;
    }
    let (mentor, mentee) = (ids.person(r.mentor), ids.person(r.mentee));
    if let Some(a) = &r.agreement {
        let drafted = a.updated_at.plus_days(-1).max(r.created_at);
        let agreement = store
            .create_agreement(
                id,
                Some(a.terms.clone()),
                Some(ids.person(a.updated_by)),
                drafted,
            )
            .await?;
        // The one who confirmed second is the one whose confirmation made it agreed.
        let last = ids.person(a.updated_by);
        let first = if last == mentor { mentee } else { mentor };
        let confirmations: Vec<(PersonId, Timestamp)> =
            match (a.mentor_confirmed, a.mentee_confirmed) {
                (true, true) => vec![
                    (first, Timestamp(a.updated_at.0 - 3_600_000).max(drafted)),
                    (last, a.updated_at),
                ],
                (true, false) => vec![(mentor, a.updated_at)],
                (false, true) => vec![(mentee, a.updated_at)],
                (false, false) => Vec::new(),
            };
        for (by, at) in confirmations {
            store
                .confirm_agreement(id, by, agreement.version, at)
                .await?;
        }
    }
    for g in &r.goals {
        store.create_goal(id, g.input.clone(), g.created_at).await?;
    }
    for m in &r.meetings {
        let held = m.input.status == mentorhub_domain::meeting::MeetingStatus::Held;
        let logged = if held {
            Timestamp(m.input.starts_at.0 + 2 * 3_600_000).min(org.today)
        } else {
            org.today
        };
        let meeting = store
            .create_meeting(id, m.input.clone(), ids.person(m.created_by), logged)
            .await?;
        for n in &m.notes {
            store
                .save_meeting_note(meeting.id, ids.person(n.author), &n.body, n.shared, logged)
                .await?;
        }
    }
    let mut days: Vec<(u32, Timestamp)> =
        r.checkins.iter().map(|c| (c.due_day, c.due_at)).collect();
    days.dedup();
    for (day, due_at) in days {
        store.create_due_checkins(id, day, due_at).await?;
    }
    if r.checkins.iter().any(|c| c.answer.is_some()) {
        let stored = store.list_checkins(id).await?;
        for c in r.checkins.iter() {
            let Some(answer) = &c.answer else { continue };
            let person = ids.person(c.person);
            let row = stored
                .iter()
                .find(|s| s.person_id == person && s.due_day == c.due_day)
                .ok_or(StoreError::NotFound("check-in"))?;
            store.answer_checkin(row.id, person, answer).await?;
        }
    }
    for f in &r.reflections {
        store
            .save_reflection(id, ids.person(f.person), &f.body, f.at)
            .await?;
    }
    Ok(id)
}

async fn load_pipeline(store: &Store, org: &DemoOrg, ids: &Ids) -> Result<(), StoreError> {
    for e in &org.shortlist {
        let notes = ShortlistNotes {
            positives: e.positives.clone(),
            constraints: e.constraints.clone(),
            recommendations: e.recommendations.clone(),
        };
        let mentee = ids.person(e.mentee);
        let programme = e.programme.map(|p| ids.programmes[p]);
        let entry = store
            .add_shortlist_entry(
                mentee,
                ids.person(e.candidate),
                programme,
                &notes,
                e.created_at,
            )
            .await?;
        let mut version = store.get_shortlist_entry(entry, mentee).await?.version;
        for (action, at) in &e.actions {
            version = store
                .apply_outreach_action(entry, mentee, action, version, *at)
                .await?
                .0
                .version;
        }
    }
    for o in &org.offers {
        let programme = o.programme.map(|p| ids.programmes[p]);
        let protege = ids.person(o.protege);
        let id = store
            .create_offer(
                ids.person(o.mentor),
                protege,
                programme,
                &o.noticed,
                o.created_at,
            )
            .await?;
        if o.state != OfferState::Open {
            store
                .decide_offer(id, protege, o.state, o.created_at.plus_days(6))
                .await?;
        }
    }
    Ok(())
}

/// Runs independent writes. PostgreSQL commits each one durably, so several at a
/// time overlap those waits; SQLite has a single writer, so there they run in
/// order, which also gives the same ids on every load. Results keep their order.
async fn side_by_side<T, F>(
    store: &Store,
    writes: impl Iterator<Item = F>,
) -> Result<Vec<T>, StoreError>
where
    F: Future<Output = Result<T, StoreError>>,
{
    let at_once = match store.backend() {
        Backend::Postgres => 8,
        Backend::Sqlite => 1,
    };
    stream::iter(writes).buffered(at_once).try_collect().await
}
