//! A programme's health figures kept between requests until something they
//! read changes.
//!
//! Computing the figures reads every relationship, meeting and check-in of the
//! programme (about 5 ms on the demo, 0.3 s on 100,000 people); showing them
//! again costs one row read when nothing changed. An entry is used only while
//! all of these hold, so a cached page is the page a fresh computation would
//! give:
//! - the store's health fingerprint (a count of every write to the tables the
//!   figures read, kept by the database and committed with the write, so
//!   writes by other processes and other instances count too) is the one read
//!   before the entry was computed;
//! - the clock is in the same minute (the figures depend on "now": days since a
//!   meeting, check-ins due);
//! - the viewer reads dates in the same zone and style (the figures carry a few
//!   formatted dates).
//!
//! Concurrent requests for one programme wait for one computation instead of
//! each starting their own.

use crate::figures::{programme_health, ProgrammeHealth};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::StoreResult;
use mentorhub_web::{local_time, AppState};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many (programme, zone, date style) entries one instance keeps; beyond
/// it the map starts again (each entry is a few kilobytes).
const MAX_ENTRIES: usize = 512;

type Key = (ProgrammeId, &'static str, &'static str);

#[derive(Clone, Default)]
pub struct HealthCache(Arc<Mutex<HashMap<Key, Slot>>>);

type Slot = Arc<tokio::sync::Mutex<Option<Entry>>>;

struct Entry {
    fingerprint: i64,
    programme_version: i64,
    minute: i64,
    health: Arc<ProgrammeHealth>,
}

impl HealthCache {
    fn slot(&self, key: Key) -> Slot {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
            map.clear();
        }
        map.entry(key).or_default().clone()
    }
}

/// The programme's health as of now, from the cache when still exact.
pub async fn current_health(
    state: &AppState,
    programme: &Programme,
) -> StoreResult<Arc<ProgrammeHealth>> {
    let store = state.store();
    let now = state.now();
    let fingerprint = store.health_fingerprint().await?;
    let viewer = local_time::viewer();
    let key = (programme.id, viewer.zone.name(), viewer.style.as_str());
    let minute = now.0.div_euclid(60_000);
    let slot = state.shared::<HealthCache>().slot(key);
    let mut entry = slot.lock().await;
    if let Some(e) = entry.as_ref() {
        if e.fingerprint == fingerprint && e.minute == minute && programme_unchanged(e, programme) {
            return Ok(e.health.clone());
        }
    }
    // The fingerprint was read before the figures: a write committed while
    // they are computed moves it past this entry's, so the next request
    // computes again.
    let health = Arc::new(programme_health(store, programme, now).await?);
    *entry = Some(Entry {
        fingerprint,
        programme_version: programme.version,
        minute,
        health: health.clone(),
    });
    Ok(health)
}

/// The programme row the caller read is the one the entry was computed from
/// (its version moves with every change, which also moves the fingerprint;
/// this guards the case of a caller holding an older row).
fn programme_unchanged(e: &Entry, programme: &Programme) -> bool {
    e.programme_version == programme.version
}
