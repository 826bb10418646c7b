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

/// One mentee's top mentors, shared by the requests that show them.
type Recommended = Arc<Vec<Recommendation>>;

/// One programme's pool at one fingerprint.
pub struct Pool {
    fingerprint: Vec<i64>,
    pub programme: Programme,
    /// Qualified mentors, by name.
    pub mentors: Vec<PoolMentor>,
    pub mentees: HashMap<PersonId, PoolMentee>,
    pub facets: Facets,
    /// `mentors[i]`'s filterable values, trimmed and in ASCII lower case (how
    /// the filters compare), so a page compares them without folding 20,000
    /// names again.
    keys: Vec<MentorKeys>,
    values: Values,
    recommender: Mutex<mpsc::Sender<Query>>,
    /// Each mentee's recommendations at this fingerprint: a pure function of
    /// the pool, so computed once per mentee and pool.
    recommended: Mutex<HashMap<(PersonId, usize), Recommended>>,
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

/// A mentor's filterable values as numbers: each distinct value (trimmed, in
/// ASCII lower case, which is how the filters compare) gets one, so a page
/// compares numbers instead of folding and comparing 20,000 names again.
struct MentorKeys {
    skills: Vec<u32>,
    location: u32,
    function: u32,
    style: u32,
}

/// The numbers of the folded values.
#[derive(Default)]
struct Values(HashMap<String, u32>);

impl Values {
    fn number(&mut self, s: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(fold(s)).or_insert(next)
    }

    /// The number of a filter's value: `Ok(None)` for an empty filter (anything
    /// matches), `Err(())` for a value no mentor has (nothing matches).
    fn of_filter(&self, s: &str) -> Result<Option<u32>, ()> {
        let f = fold(s);
        if f.is_empty() {
            return Ok(None);
        }
        self.0.get(&f).copied().map(Some).ok_or(())
    }
}

impl MentorKeys {
    fn of(m: &PoolMentor, values: &mut Values) -> MentorKeys {
        MentorKeys {
            skills: m
                .profile
                .expertise
                .iter()
                .map(|e| values.number(&e.skill))
                .collect(),
            location: values.number(&m.person.location),
            function: values.number(&m.person.function),
            style: values.number(m.profile.leadership_style.as_str()),
        }
    }
}

/// How filters compare: surrounding spaces and ASCII case do not count.
fn fold(s: &str) -> String {
    s.trim().to_ascii_lowercase()
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

pub fn places_left(m: &PoolMentor) -> i64 {
    capacity_left(m.profile.capacity, m.open_mentees)
}

impl Pool {
    /// The mentors `filter` lets through, in the pool's order (by name): every
    /// filter given matches (a skill the mentor has, the location, function,
    /// leadership style; ASCII case and surrounding spaces ignored), and with
    /// `with_room` only mentors with a place left.
    pub fn filtered(&self, filter: &Filter) -> Vec<&PoolMentor> {
        let wanted = (
            self.values.of_filter(&filter.skill),
            self.values.of_filter(&filter.location),
            self.values.of_filter(&filter.function),
            self.values.of_filter(&filter.style),
        );
        let (Ok(skill), Ok(location), Ok(function), Ok(style)) = wanted else {
            return Vec::new();
        };
        let eq = |want: Option<u32>, have: u32| want.is_none_or(|w| w == have);
        self.mentors
            .iter()
            .zip(&self.keys)
            .filter(|(m, k)| {
                skill.is_none_or(|s| k.skills.contains(&s))
                    && eq(location, k.location)
                    && eq(function, k.function)
                    && eq(style, k.style)
                    && (!filter.with_room || places_left(m) > 0)
            })
            .map(|(m, _)| m)
            .collect()
    }

    pub fn mentor(&self, person: PersonId) -> Option<&PoolMentor> {
        self.mentors.iter().find(|m| m.person.id == person)
    }

    pub fn mentor_by_enrolment(&self, enrolment: i64) -> Option<&PoolMentor> {
        self.mentors.iter().find(|m| m.enrolment_id.0 == enrolment)
    }

    /// The `k` mentors the engine scores highest for `mentee`, with places left
    /// and under every hard rule; empty for someone not assessed.
    pub async fn recommend(&self, mentee: PersonId, k: usize) -> Recommended {
        if !self.mentees.contains_key(&mentee) {
            return Arc::default();
        }
        let known = self
            .recommended
            .lock()
            .ok()
            .and_then(|r| r.get(&(mentee, k)).cloned());
        if let Some(found) = known {
            return found;
        }
        let found = Arc::new(self.ask_recommender(mentee, k).await);
        if let Ok(mut r) = self.recommended.lock() {
            r.insert((mentee, k), found.clone());
        }
        found
    }

    async fn ask_recommender(&self, mentee: PersonId, k: usize) -> Vec<Recommendation> {
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
    /// One lock per programme, held while its pool is rebuilt, so that the
    /// requests arriving meanwhile wait for that one build instead of each
    /// building (and holding in memory) a pool of their own.
    building: Arc<Mutex<HashMap<ProgrammeId, Arc<tokio::sync::Mutex<()>>>>>,
}

impl Directory {
    /// The programme's pool, rebuilt when anything it shows has changed.
    pub async fn pool(&self, store: &Store, programme: &Programme) -> StoreResult<Arc<Pool>> {
        let fingerprint = store.pool_fingerprint(programme.id).await?;
        if let Some(pool) = self.cached(programme.id, &fingerprint) {
            return Ok(pool);
        }
        let lock = self
            .building
            .lock()
            .map(|mut b| b.entry(programme.id).or_default().clone())
            .unwrap_or_default();
        let _building = lock.lock().await;
        // Somebody else may have built it while this request waited.
        if let Some(pool) = self.cached(programme.id, &fingerprint) {
            return Ok(pool);
        }
        let pool = Arc::new(build(store, programme.clone(), fingerprint).await?);
        if let Ok(mut pools) = self.pools.lock() {
            pools.insert(programme.id, pool.clone());
        }
        Ok(pool)
    }

    fn cached(&self, programme: ProgrammeId, fingerprint: &[i64]) -> Option<Arc<Pool>> {
        self.pools
            .lock()
            .ok()
            .and_then(|p| p.get(&programme).cloned())
            .filter(|p| p.fingerprint == fingerprint)
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
    let mut values = Values::default();
    Ok(Pool {
        fingerprint,
        programme,
        mentees: mentees.into_iter().map(|e| (e.person.id, e)).collect(),
        keys: mentors
            .iter()
            .map(|m| MentorKeys::of(m, &mut values))
            .collect(),
        values,
        mentors,
        facets,
        recommender: Mutex::new(tx),
        recommended: Mutex::default(),
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
