//! The directory's view of a programme's mentor pool, kept in memory between
//! requests so that a page over 20,000 mentors filters in microseconds and
//! recommendations do not rebuild the scoring model (≈ 0.2 s at that size).
//!
//! Every request first asks the store for the pool's fingerprint (one small
//! query); a pool whose fingerprint no longer matches is rebuilt, so nobody is
//! shown a mentor who left, a stale capacity or last week's profile — also when
//! several app instances share one PostgreSQL.

use crate::engine::{build_instance, engine_id, qualified, PairLists};
use mentorhub_domain::mentor_request::capacity_left;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_matching::{Recommendation, Recommender};
use mentorhub_store::{PoolMentee, PoolMentor, Store, StoreResult};
use std::collections::{BTreeSet, HashMap};
use std::sync::{mpsc, Arc, Mutex};

/// One programme's pool at one fingerprint.
pub struct Pool {
    fingerprint: Vec<i64>,
    pub programme: Programme,
    /// Qualified mentors, by name.
    pub mentors: Vec<PoolMentor>,
    pub mentees: HashMap<PersonId, PoolMentee>,
    pub facets: Facets,
    recommender: Mutex<mpsc::Sender<Query>>,
}

/// The values the directory's filters offer.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub skills: Vec<String>,
    pub locations: Vec<String>,
    pub functions: Vec<String>,
    pub styles: Vec<String>,
}

struct Query {
    mentee: PersonId,
    k: usize,
    reply: tokio::sync::oneshot::Sender<Vec<Recommendation>>,
}

/// Directory filters; empty ones match everyone.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub skill: String,
    pub location: String,
    pub function: String,
    pub style: String,
    /// Only mentors with a place left.
    pub with_room: bool,
}

impl Filter {
    pub fn matches(&self, m: &PoolMentor) -> bool {
        let eq = |want: &str, have: &str| {
            want.trim().is_empty() || want.trim().eq_ignore_ascii_case(have.trim())
        };
        (self.skill.trim().is_empty()
            || m.profile
                .expertise
                .iter()
                .any(|e| e.skill.eq_ignore_ascii_case(self.skill.trim())))
            && eq(&self.location, &m.person.location)
            && eq(&self.function, &m.person.function)
            && eq(&self.style, m.profile.leadership_style.as_str())
            && (!self.with_room || places_left(m) > 0)
    }
}

pub fn places_left(m: &PoolMentor) -> i64 {
    capacity_left(m.profile.capacity, m.open_mentees)
}

impl Pool {
    pub fn mentor(&self, person: PersonId) -> Option<&PoolMentor> {
        self.mentors.iter().find(|m| m.person.id == person)
    }

    pub fn mentor_by_enrolment(&self, enrolment: i64) -> Option<&PoolMentor> {
        self.mentors.iter().find(|m| m.enrolment_id.0 == enrolment)
    }

    /// The `k` mentors the engine scores highest for `mentee`, with places left
    /// and under every hard rule; empty for someone not assessed.
    pub async fn recommend(&self, mentee: PersonId, k: usize) -> Vec<Recommendation> {
        if !self.mentees.contains_key(&mentee) {
            return Vec::new();
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        let sent = self
            .recommender
            .lock()
            .map(|tx| tx.send(Query { mentee, k, reply }).is_ok())
            .unwrap_or(false);
        if !sent {
            return Vec::new();
        }
        answer.await.unwrap_or_default()
    }
}

/// The pools of every programme asked about, per app.
#[derive(Clone, Default)]
pub struct Directory {
    pools: Arc<Mutex<HashMap<ProgrammeId, Arc<Pool>>>>,
}

impl Directory {
    /// The programme's pool, rebuilt when anything it shows has changed.
    pub async fn pool(&self, store: &Store, programme: &Programme) -> StoreResult<Arc<Pool>> {
        let fingerprint = store.pool_fingerprint(programme.id).await?;
        let cached = self
            .pools
            .lock()
            .ok()
            .and_then(|p| p.get(&programme.id).cloned());
        if let Some(pool) = cached.filter(|p| p.fingerprint == fingerprint) {
            return Ok(pool);
        }
        let pool = Arc::new(build(store, programme.clone(), fingerprint).await?);
        if let Ok(mut pools) = self.pools.lock() {
            pools.insert(programme.id, pool.clone());
        }
        Ok(pool)
    }
}

async fn build(store: &Store, programme: Programme, fingerprint: Vec<i64>) -> StoreResult<Pool> {
    let mentors = qualified(&programme, store.pool_mentors(programme.id).await?);
    let mentees = store.pool_mentees(programme.id).await?;
    let managers = store.manager_map().await?;
    let lists = PairLists {
        forbidden: store.dormant_pairs(programme.id).await?,
        ..PairLists::default()
    };
    let mut facets = Facets::default();
    let (mut skills, mut locations, mut functions, mut styles) = (
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
        BTreeSet::new(),
    );
    for m in &mentors {
        for e in &m.profile.expertise {
            skills.insert(e.skill.clone());
        }
        locations.insert(m.person.location.clone());
        functions.insert(m.person.function.clone());
        styles.insert(m.profile.leadership_style.as_str().to_string());
    }
    facets.skills = dedup_ignoring_case(skills);
    facets.locations = dedup_ignoring_case(locations);
    facets.functions = dedup_ignoring_case(functions);
    facets.styles = styles.into_iter().collect();

    // The scoring model lives on a thread of its own: it borrows the instance it
    // was built from, and its queries are CPU work that should not hold up the
    // async workers. Dropping the pool drops the sender and ends the thread.
    let (tx, rx) = mpsc::channel::<Query>();
    let (t_programme, t_mentors, t_mentees) = (programme.clone(), mentors.clone(), mentees.clone());
    std::thread::Builder::new()
        .name(format!("recommender-{}", programme.id))
        .spawn(move || {
            let instance = build_instance(&t_programme, &t_mentors, &t_mentees, &managers, &lists);
            drop((t_mentors, t_mentees));
            let instance = match instance {
                Ok(i) => i,
                Err(e) => {
                    tracing::error!(error = %e, "recommendations unavailable: instance refused");
                    return;
                }
            };
            let recommender = Recommender::new(&instance);
            while let Ok(q) = rx.recv() {
                let found = instance
                    .mentee_index(&engine_id(q.mentee))
                    .map(|i| recommender.top(i, q.k))
                    .unwrap_or_default();
                let _ = q.reply.send(found);
            }
        })
        .map_err(|e| mentorhub_store::StoreError::Unavailable(format!("thread: {e}")))?;
    Ok(Pool {
        fingerprint,
        programme,
        mentees: mentees.into_iter().map(|e| (e.person.id, e)).collect(),
        mentors,
        facets,
        recommender: Mutex::new(tx),
    })
}

fn dedup_ignoring_case(set: BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in set.into_iter().filter(|s| !s.trim().is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
            out.push(s);
        }
    }
    out
}
