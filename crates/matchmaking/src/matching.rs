//! The admin's matching (`004_…` step 4, SPEC §6): run the engine on the
//! programme's assessed mentees and qualified mentors, preview every pair with
//! its reasons and every unmatched mentee with theirs, pin or forbid pairs and
//! re-run, then publish: each pair becomes a proposed relationship.

use crate::capacity::start_within_capacity;
use crate::engine::{build_instance, engine_id, person_of, qualified, PairLists};
use crate::reasons::{explain, PairView, Reason};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::relationship::{Actor, Origin};
use mentorhub_domain::PersonId;
use mentorhub_matching::{solve, SolveOptions};
use mentorhub_store::{OverrideKind, PoolMentee, PoolMentor};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::start::Start;
use mentorhub_web::{AppState, CurrentUser};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProposedPair {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    /// Compatibility 0–100.
    pub score: i32,
    /// 1 or 2 when the pair is the mentee's first or second choice.
    pub preference_rank: Option<u8>,
    pub pinned: bool,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LeftOut {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectiveView {
    pub matched: u64,
    pub first_choices: u64,
    pub second_choices: u64,
    pub total_score: i64,
}

/// A run's result as the admin previews it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Proposal {
    pub pairs: Vec<ProposedPair>,
    /// Mentees the engine could not match, with the reason.
    pub unmatched: Vec<LeftOut>,
    /// Mentees not in the run: already in a relationship here, not assessed, untrained.
    pub not_in_run: Vec<LeftOut>,
    pub objective: ObjectiveView,
    /// Pairs who would both rather be together than with whom they were given.
    pub blocking_pairs: u64,
    pub mentors: usize,
    pub mentees: usize,
    /// Pins that could not be honoured, and why.
    pub warnings: Vec<String>,
}

/// Runs the engine for `programme` and saves the run; returns its id and result.
pub async fn run(
    state: &AppState,
    programme: &Programme,
    admin: &CurrentUser,
) -> AppResult<(i64, Proposal)> {
    let store = state.store();
    let mentors = qualified(programme, store.pool_mentors(programme.id).await?);
    let mut mentees = Vec::new();
    let mut not_in_run = Vec::new();
    for e in store.pool_mentees(programme.id).await? {
        let why = if e.has_open_relationship {
            Some("already in a mentoring relationship in this programme")
        } else if programme.mentee_training_required && !e.training_complete {
            Some("required training not complete")
        } else {
            None
        };
        match why {
            Some(reason) => not_in_run.push(left_out(e.person.id, &e.person.name, reason)),
            None => mentees.push(e),
        }
    }
    let assessed: Vec<PersonId> = not_in_run
        .iter()
        .map(|l| PersonId(l.mentee_id))
        .chain(mentees.iter().map(|e| e.person.id))
        .collect();
    for l in store
        .list_enrolments(programme.id, Some(ParticipantRole::Mentee), None)
        .await?
    {
        let e = &l.enrolment;
        if e.status != mentorhub_domain::enrolment::EnrolmentStatus::Withdrawn
            && !assessed.contains(&e.person_id)
        {
            not_in_run.push(left_out(
                e.person_id,
                &l.name,
                "self-assessment not done yet",
            ));
        }
    }

    let by_mentor_enrolment: HashMap<i64, PersonId> = mentors
        .iter()
        .map(|m| (m.enrolment_id.0, m.person.id))
        .collect();
    let by_mentee_enrolment: HashMap<i64, PersonId> = mentees
        .iter()
        .map(|e| (e.enrolment_id.0, e.person.id))
        .collect();
    let mut lists = PairLists {
        forbidden: store.dormant_pairs(programme.id).await?,
        ..PairLists::default()
    };
    for f in store.list_programme_preferences(programme.id).await? {
        if let (Some(e), Some(m)) = (
            by_mentee_enrolment.get(&f.mentee_enrolment.0),
            by_mentor_enrolment.get(&f.mentor_enrolment.0),
        ) {
            lists.preferences.push((*e, *m, f.rank));
        }
    }
    for o in store.list_match_overrides(programme.id).await? {
        match o.kind {
            OverrideKind::Forbid => lists.forbidden.push((o.mentor_id, o.mentee_id)),
            OverrideKind::Pin => lists.pinned.push((o.mentee_id, o.mentor_id)),
        }
    }
    let managers = store.manager_map().await?;
    let names: HashMap<PersonId, String> = mentors
        .iter()
        .map(|m| (m.person.id, m.person.name.clone()))
        .chain(mentees.iter().map(|e| (e.person.id, e.person.name.clone())))
        .collect();

    let programme2 = programme.clone();
    let proposal = tokio::task::spawn_blocking(move || {
        solve_with_fallback(
            &programme2,
            &mentors,
            &mentees,
            &managers,
            lists,
            &names,
            not_in_run,
        )
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("matching run failed: {e}")))??;
    let id = store
        .save_match_run(programme.id, Some(admin.person_id), &proposal, state.now())
        .await?;
    Ok((id, proposal))
}

fn left_out(p: PersonId, name: &str, reason: &str) -> LeftOut {
    LeftOut {
        mentee_id: p.0,
        mentee_name: name.to_string(),
        reason: reason.to_string(),
    }
}

/// Solves; a pin the engine refuses (now ineligible, or more pins than places)
/// is dropped with a warning naming the pair, and the run goes on without it.
fn solve_with_fallback(
    programme: &Programme,
    mentors: &[PoolMentor],
    mentees: &[PoolMentee],
    managers: &HashMap<PersonId, PersonId>,
    mut lists: PairLists,
    names: &HashMap<PersonId, String>,
    not_in_run: Vec<LeftOut>,
) -> AppResult<Proposal> {
    let name = |p: &PersonId| {
        names
            .get(p)
            .cloned()
            .unwrap_or_else(|| format!("person {}", p.0))
    };
    let mut warnings = Vec::new();
    let instance = loop {
        match build_instance(programme, mentors, mentees, managers, &lists) {
            Ok(i) => break i,
            Err(e) => {
                let k = e
                    .path
                    .strip_prefix("pinned[")
                    .and_then(|rest| rest.split(']').next())
                    .and_then(|k| k.parse::<usize>().ok());
                // Pins are filtered to people in the run, in order: the k-th kept.
                let kept: Vec<usize> = lists
                    .pinned
                    .iter()
                    .enumerate()
                    .filter(|(_, (e, m))| names.contains_key(e) && names.contains_key(m))
                    .map(|(i, _)| i)
                    .collect();
                let Some(at) = k.and_then(|k| kept.get(k).copied()) else {
                    return Err(AppError::Internal(anyhow::anyhow!(
                        "matching instance refused: {e}"
                    )));
                };
                let (e_id, m_id) = lists.pinned.remove(at);
                let why = e
                    .message
                    .split(": ")
                    .last()
                    .unwrap_or(&e.message)
                    .to_string();
                warnings.push(format!(
                    "The pin {} → {} was not applied: {why}.",
                    name(&e_id),
                    name(&m_id)
                ));
            }
        }
    };
    let result = solve(&instance, &SolveOptions::default()).result;
    let mentor_by =
        |id: &str| person_of(id).and_then(|p| mentors.iter().find(|m| m.person.id == p));
    let mentee_by =
        |id: &str| person_of(id).and_then(|p| mentees.iter().find(|e| e.person.id == p));
    let mut pairs = Vec::new();
    for p in &result.pairs {
        let (Some(m), Some(e)) = (mentor_by(&p.mentor), mentee_by(&p.mentee)) else {
            continue;
        };
        let view = PairView {
            mentor: &m.profile,
            mentor_level: m.person.career_level.get(),
            mentor_location: &m.person.location,
            mentor_function: &m.person.function,
            mentee: &e.assessment,
            mentee_level: e.person.career_level.get(),
            mentee_location: &e.person.location,
            mentee_function: &e.person.function,
        };
        pairs.push(ProposedPair {
            mentee_id: e.person.id.0,
            mentee_name: e.person.name.clone(),
            mentor_id: m.person.id.0,
            mentor_name: m.person.name.clone(),
            score: p.score,
            preference_rank: p.preference_rank,
            pinned: p.pinned,
            reasons: explain(programme, &p.explanation, &view),
        });
    }
    let unmatched = result
        .unmatched
        .iter()
        .filter_map(|u| {
            let e = mentee_by(&u.mentee)?;
            Some(left_out(
                e.person.id,
                &e.person.name,
                &readable_reason(&u.reason, mentors),
            ))
        })
        .collect();
    let o = result.objective;
    Ok(Proposal {
        pairs,
        unmatched,
        not_in_run,
        objective: ObjectiveView {
            matched: o.matched,
            first_choices: o.first_choices,
            second_choices: o.second_choices,
            total_score: o.total_score,
        },
        blocking_pairs: result.blocking_pairs,
        mentors: mentors.len(),
        mentees: mentees.len(),
        warnings,
    })
}

/// The engine names mentors by id; a person reads names.
fn readable_reason(reason: &str, mentors: &[PoolMentor]) -> String {
    let mut out = reason.to_string();
    for m in mentors {
        out = out.replace(&engine_id(m.person.id), &m.person.name);
    }
    if out == "no mentors" {
        "no qualified mentor in the programme yet".into()
    } else {
        out
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishReport {
    pub run_id: i64,
    /// Relationships created: (mentee, mentor, state).
    pub started: Vec<PublishedPair>,
    /// Pairs not started, with the reason (e.g. the mentor filled up meanwhile).
    pub skipped: Vec<PublishedPair>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedPair {
    pub mentee_name: String,
    pub mentor_name: String,
    /// The relationship's state, or why it was not started.
    pub outcome: String,
}

/// Publishes run `run_id` once: each pair becomes a proposed relationship (or
/// one awaiting the manager's approval). A second publish changes nothing.
pub async fn publish(
    state: &AppState,
    programme: &Programme,
    admin: &CurrentUser,
    run_id: i64,
) -> AppResult<PublishReport> {
    let store = state.store();
    let latest = store
        .latest_match_run(programme.id)
        .await?
        .ok_or_else(|| AppError::Conflict("run the matching before publishing".into()))?;
    if latest.id != run_id {
        return Err(AppError::Stale(
            "a newer run exists; review it before publishing".into(),
        ));
    }
    if !store.mark_match_run_published(run_id, state.now()).await? {
        return Err(AppError::Conflict("this run is already published".into()));
    }
    let proposal: Proposal = serde_json::from_value(latest.result)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored run unreadable: {e}")))?;
    let mut report = PublishReport {
        run_id,
        started: Vec::new(),
        skipped: Vec::new(),
    };
    for p in &proposal.pairs {
        let start = Start {
            programme: programme.id,
            mentor: PersonId(p.mentor_id),
            mentee: PersonId(p.mentee_id),
            origin: Origin::Matched,
            actor: Actor::Person(admin.person_id),
            introduce_now: false,
        };
        let outcome = start_within_capacity(store, start, state.now()).await;
        let (list, outcome) = match outcome {
            Ok(s) => {
                if s.state == mentorhub_domain::relationship::RelationshipState::Proposed {
                    tell_mentor(state, programme, p, s.id).await?;
                }
                (&mut report.started, s.state.label().to_string())
            }
            Err(e @ (AppError::Conflict(_) | AppError::Invalid { .. })) => {
                (&mut report.skipped, e.to_string())
            }
            Err(e) => return Err(e),
        };
        list.push(PublishedPair {
            mentee_name: p.mentee_name.clone(),
            mentor_name: p.mentor_name.clone(),
            outcome,
        });
    }
    tracing::info!(target: "mentorhub::audit", person = %admin.person_id, programme = %programme.id,
        run = run_id, started = report.started.len(), skipped = report.skipped.len(), "matching published");
    Ok(report)
}

/// The proposed mentor is asked to answer. Nothing in it says whether the
/// mentee ranked them: preferences stay with the mentee and the admins.
async fn tell_mentor(
    state: &AppState,
    programme: &Programme,
    p: &ProposedPair,
    id: mentorhub_domain::RelationshipId,
) -> AppResult<()> {
    let message = mentorhub_web::notify::Message {
        kind: mentorhub_domain::notification::NotificationKind::MatchRequest,
        to: PersonId(p.mentor_id),
        subject: format!("Would you mentor {}?", p.mentee_name),
        text: format!(
            "The matching of \"{}\" proposes you as {}'s mentor.\n\nOpen Mentorhub (Mentee requests) to accept — you will both be introduced — or to decline with a reason.",
            programme.name, p.mentee_name
        ),
        dedupe_key: format!("proposal:{}:mentor", id.0),
    };
    mentorhub_web::notify::queue(state.store(), &message, state.now()).await?;
    Ok(())
}
