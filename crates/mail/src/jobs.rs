//! Running one scheduled task. Each checks the relationship again as it is now,
//! and every write is idempotent (check-ins by their unique key, emails by their
//! dedupe key, transitions by the state machine), so a job run twice — after a
//! crash, or when a lease ran out — does each thing once.

use crate::config::MailConfig;
use crate::letters::{self, Side};
use crate::schedule::{add_months, plan, Task};
use anyhow::Context;
use mentorhub_domain::relationship::{
    dormancy_warning_due, is_dormant, Actor, RelationshipEvent, RelationshipState,
};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::RelationshipId;
use mentorhub_store::{RelationshipSummary, Store, StoreError};
use mentorhub_web::notify::{queue, Message};

/// The sweep's job kind: its finished rows are deleted after a while.
const SWEEP_KIND: &str = "sweep";

/// Finished sweeps are kept this long (for looking back), then deleted.
const SWEEP_RETENTION_DAYS: i64 = 7;

/// Runs `task` at `now`. Returns how many new jobs a sweep queued (0 otherwise).
pub async fn run(
    store: &Store,
    config: &MailConfig,
    task: &Task,
    now: Timestamp,
) -> anyhow::Result<usize> {
    match *task {
        Task::Sweep => sweep(store, config, now).await,
        Task::CheckIn { relationship, day } => {
            checkin(store, config, RelationshipId(relationship), day, now).await?;
            Ok(0)
        }
        Task::DormancyWarning { relationship } => {
            dormancy_warning(store, config, RelationshipId(relationship), now).await?;
            Ok(0)
        }
        Task::DeclareDormant { relationship } => {
            declare_dormant(store, RelationshipId(relationship), now).await?;
            Ok(0)
        }
        Task::Reassessment {
            relationship,
            period_started_at,
        } => {
            let period = Timestamp(period_started_at);
            reassessment(store, config, RelationshipId(relationship), period, now).await?;
            Ok(0)
        }
    }
}

/// Queues one job per thing that has fallen due; a job queued before (running
/// or done) is not queued again.
async fn sweep(store: &Store, config: &MailConfig, now: Timestamp) -> anyhow::Result<usize> {
    let relationships = store.scheduled_relationships().await?;
    let mut queued = 0;
    for task in plan(&relationships, now) {
        if enqueue(store, config, &task, now).await? {
            queued += 1;
        }
    }
    store
        .delete_finished_jobs(SWEEP_KIND, now.plus_days(-SWEEP_RETENTION_DAYS))
        .await?;
    Ok(queued)
}

/// Puts `task` in the jobs table, due now. False when it was there already.
pub async fn enqueue(
    store: &Store,
    config: &MailConfig,
    task: &Task,
    now: Timestamp,
) -> anyhow::Result<bool> {
    let key = task.dedupe_key(sweep_period(config, now));
    Ok(store.enqueue_job(task.kind(), task, &key, now, now).await?)
}

/// Which sweep period `now` falls in.
pub fn sweep_period(config: &MailConfig, now: Timestamp) -> i64 {
    let every = (config.sweep_every.as_millis() as i64).max(1);
    now.0.div_euclid(every)
}

async fn summary(store: &Store, id: RelationshipId) -> anyhow::Result<Option<RelationshipSummary>> {
    match store.get_relationship_summary(id).await {
        Ok(s) => Ok(Some(s)),
        // Deleted since the sweep (a person erased): nothing left to do.
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn send_both(
    store: &Store,
    now: Timestamp,
    letter: impl Fn(Side) -> Message,
) -> anyhow::Result<()> {
    for side in Side::BOTH {
        let message = letter(side);
        queue(store, &message, now)
            .await
            .with_context(|| format!("queueing {}", message.dedupe_key))?;
    }
    Ok(())
}

async fn checkin(
    store: &Store,
    config: &MailConfig,
    id: RelationshipId,
    day: u32,
    now: Timestamp,
) -> anyhow::Result<()> {
    let Some(s) = summary(store, id).await? else {
        return Ok(());
    };
    let r = &s.relationship;
    let going = matches!(
        r.state,
        RelationshipState::Active | RelationshipState::ReassessmentDue
    );
    let Some(activated) = r.activated_at.filter(|_| going) else {
        return Ok(());
    };
    store
        .create_due_checkins(id, day, activated.plus_days(i64::from(day)))
        .await?;
    let link = config.link(&format!("/relationships/{}", id.0));
    send_both(store, now, |side| {
        letters::checkin(&s, side, day, link.as_deref())
    })
    .await
}

async fn dormancy_warning(
    store: &Store,
    config: &MailConfig,
    id: RelationshipId,
    now: Timestamp,
) -> anyhow::Result<()> {
    let Some(s) = summary(store, id).await? else {
        return Ok(());
    };
    let r = &s.relationship;
    let rule = store.get_programme(r.programme_id).await?.dormancy;
    let (Some(introduced), true) = (
        r.introduced_at,
        dormancy_warning_due(
            r.state,
            r.introduced_at,
            s.last_contact_at,
            now,
            rule.days,
            rule.warn_days_before,
        ),
    ) else {
        // Contact was logged since the sweep, or the day itself has come.
        return Ok(());
    };
    let dormant_on = introduced.plus_days(i64::from(rule.days));
    let link = config.link(&format!("/relationships/{}", id.0));
    send_both(store, now, |side| {
        letters::dormancy_warning(&s, side, introduced, dormant_on, link.as_deref())
    })
    .await
}

async fn declare_dormant(store: &Store, id: RelationshipId, now: Timestamp) -> anyhow::Result<()> {
    let Some(s) = summary(store, id).await? else {
        return Ok(());
    };
    let r = &s.relationship;
    let rule = store.get_programme(r.programme_id).await?.dormancy;
    if is_dormant(r.state, r.introduced_at, s.last_contact_at, now, rule.days) {
        let reason = format!(
            "no contact was logged within {} days of the introduction",
            rule.days
        );
        store
            .apply_relationship_event(
                id,
                RelationshipEvent::DeclareDormant,
                Actor::System,
                now,
                &reason,
                true,
                Some(r.version),
            )
            .await?;
    } else if !declared_by_scheduler(store, id, r.state).await? {
        // Contact was logged since the sweep, or someone else closed it.
        return Ok(());
    }
    // Declared now, or by an earlier run of this job that stopped before the
    // letters were queued.
    send_both(store, now, |side| {
        letters::dormancy_declared(&s, side, rule.days)
    })
    .await
}

/// Whether the relationship is dormant because the scheduler declared it so.
async fn declared_by_scheduler(
    store: &Store,
    id: RelationshipId,
    state: RelationshipState,
) -> anyhow::Result<bool> {
    if state != RelationshipState::Dormant {
        return Ok(false);
    }
    let history = store.list_relationship_transitions(id).await?;
    Ok(history
        .last()
        .is_some_and(|t| t.event == Some(RelationshipEvent::DeclareDormant) && t.actor.is_none()))
}

async fn reassessment(
    store: &Store,
    config: &MailConfig,
    id: RelationshipId,
    period: Timestamp,
    now: Timestamp,
) -> anyhow::Result<()> {
    let Some(s) = summary(store, id).await? else {
        return Ok(());
    };
    let r = &s.relationship;
    if r.period_started_at != Some(period) {
        // A new period started since: its own reassessment will come.
        return Ok(());
    }
    let months = match store.get_agreement(id).await? {
        Some(a) => a.terms.duration_months,
        None => {
            store
                .get_programme(r.programme_id)
                .await?
                .agreement_defaults
                .duration_months
        }
    };
    match r.state {
        RelationshipState::Active if add_months(period, months) <= now => {
            store
                .apply_relationship_event(
                    id,
                    RelationshipEvent::ReassessmentFalls,
                    Actor::System,
                    now,
                    &format!("the agreed {months} months are over"),
                    true,
                    Some(r.version),
                )
                .await?;
        }
        // An earlier run moved it and stopped before queueing the letters.
        RelationshipState::ReassessmentDue => {}
        _ => return Ok(()),
    }
    let link = config.link(&format!("/relationships/{}", id.0));
    send_both(store, now, |side| {
        letters::reassessment(&s, side, months, period, link.as_deref())
    })
    .await
}
