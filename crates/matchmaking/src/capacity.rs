//! Starting a relationship without ever passing a mentor's capacity, even when
//! many accepts or a publish arrive at once: the check and the start happen
//! under one lock per mentor — an in-process lock (SQLite has one process; on
//! PostgreSQL it also keeps a crowd of requests from holding every pooled
//! connection while they wait) and, on PostgreSQL, the mentor's row locked in
//! the database for the other app instances.

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::Store;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::start::{start_relationship, Start, Started};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

static LOCKS: LazyLock<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn local_lock(mentor: PersonId) -> Arc<tokio::sync::Mutex<()>> {
    let mut map = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(mentor.0).or_default().clone()
}

/// The mentor's capacity in the programme of `start` (their profile there).
pub async fn capacity_of(store: &Store, start: &Start) -> AppResult<u8> {
    let enrolment = store
        .find_enrolment(start.programme, start.mentor, ParticipantRole::Mentor)
        .await?
        .ok_or_else(|| AppError::Conflict("this mentor is not a mentor of the programme".into()))?;
    let profile = store
        .get_mentor_profile(enrolment.id)
        .await?
        .ok_or_else(|| AppError::Conflict("this mentor has no profile in the programme".into()))?;
    Ok(profile.value.capacity)
}

/// Starts the relationship if the mentor has a place left; otherwise a 409
/// saying so, and nothing is written.
pub async fn start_within_capacity(
    store: &Store,
    start: Start,
    now: Timestamp,
) -> AppResult<Started> {
    let capacity = capacity_of(store, &start).await?;
    let local = local_lock(start.mentor);
    let _held = local.lock().await;
    let db_lock = store.lock_mentor(start.mentor).await?;
    let open = store.count_open_mentees(start.mentor).await?;
    if open >= i64::from(capacity) {
        db_lock.release().await?;
        let name = store.get_person(start.mentor).await?.name;
        return Err(AppError::Conflict(format!(
            "{name} has no place left: they mentor {open} of {capacity} people already"
        )));
    }
    let started = start_relationship(store, start, now).await;
    db_lock.release().await?;
    started
}
