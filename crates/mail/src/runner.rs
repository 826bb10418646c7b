//! The mail runner: one `tick` queues the sweep for this period, runs the jobs
//! that are due and sends the messages that are due. Everything is claimed with
//! a lease under this runner's worker id, so several instances on one
//! PostgreSQL share the work and never do the same thing twice. In production a
//! loop ticks every few seconds until shut down, then gives back its leases.

use crate::config::MailConfig;
use crate::jobs;
use crate::schedule::Task;
use crate::transport::{FailureKind, Transport};
use mentorhub_domain::notification::DeliveryStatus;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{JobStatus, Store};
use mentorhub_web::clock::Clock;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long a stopping runner waits for the message in flight.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Rounds of claiming per tick, so one tick ends even when work keeps coming.
const MAX_ROUNDS: usize = 50;

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Sweeps this runner ran (0 when another instance had this period's).
    pub sweeps: usize,
    /// Jobs the sweeps queued.
    pub jobs_queued: usize,
    /// Jobs this runner claimed and finished.
    pub jobs_done: usize,
    /// Jobs that failed this time (retried later, or failed for good).
    pub jobs_failed: usize,
    /// Messages delivered.
    pub sent: usize,
    /// Messages that failed this time and will be retried.
    pub deferred: usize,
    /// Messages given up on.
    pub failed: usize,
}

impl TickReport {
    pub fn is_idle(&self) -> bool {
        *self == TickReport::default()
    }
}

/// A runner: the store, the clock, where email goes and who this worker is.
pub struct Mailer {
    store: Store,
    clock: Arc<dyn Clock>,
    config: MailConfig,
    transport: Transport,
}

impl Mailer {
    /// A runner for `config`; fails when the SMTP URL or the sender cannot be
    /// used. Call it inside the Tokio runtime.
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: MailConfig) -> anyhow::Result<Self> {
        let transport = Transport::from_config(&config)?;
        Ok(Mailer {
            store,
            clock,
            config,
            transport,
        })
    }

    pub fn config(&self) -> &MailConfig {
        &self.config
    }

    /// Queues this period's sweep (once across instances), runs the due jobs,
    /// then sends the due messages.
    pub async fn tick(&self) -> anyhow::Result<TickReport> {
        self.tick_until(None).await
    }

    /// Sends the due messages only, leaving the schedule alone: for a harness
    /// that delivers what people are sent while it drives the clock itself
    /// (the browser journeys read their invitation from the delivered file).
    pub async fn deliver_due(&self) -> anyhow::Result<TickReport> {
        let mut report = TickReport::default();
        self.deliver(&mut report, &|| false).await?;
        Ok(report)
    }

    async fn tick_until(&self, stop: Option<&watch::Receiver<bool>>) -> anyhow::Result<TickReport> {
        let stopping = || stop.is_some_and(|s| *s.borrow());
        let mut report = TickReport::default();
        jobs::enqueue(&self.store, &self.config, &Task::Sweep, self.clock.now()).await?;
        self.run_jobs(&mut report, &stopping).await?;
        self.deliver(&mut report, &stopping).await?;
        Ok(report)
    }

    async fn run_jobs(
        &self,
        report: &mut TickReport,
        stopping: &(dyn Fn() -> bool + Sync),
    ) -> anyhow::Result<()> {
        let worker = &self.config.worker_id;
        for _ in 0..MAX_ROUNDS {
            let claimed = self
                .store
                .claim_jobs(worker, self.config.batch, self.lease_ms(), self.clock.now())
                .await?;
            if claimed.is_empty() {
                break;
            }
            for job in claimed {
                if stopping() {
                    self.store.release_job_leases(worker).await?;
                    return Ok(());
                }
                let now = self.clock.now();
                let outcome = match serde_json::from_value::<Task>(job.payload.clone()) {
                    Ok(task) => jobs::run(&self.store, &self.config, &task, now)
                        .await
                        .map(|queued| (task, queued)),
                    Err(e) => Err(anyhow::anyhow!(
                        "no scheduled task of kind {:?}: {e}",
                        job.kind
                    )),
                };
                match outcome {
                    Ok((task, queued)) => {
                        if self.store.complete_job(job.id, worker, now).await? {
                            report.jobs_done += 1;
                            if task == Task::Sweep {
                                report.sweeps += 1;
                                report.jobs_queued += queued;
                            }
                        } else {
                            tracing::warn!(job = job.id, "job finished after its lease ran out");
                        }
                    }
                    Err(e) => {
                        report.jobs_failed += 1;
                        let status = self
                            .store
                            .fail_job(
                                job.id,
                                worker,
                                &format!("{e:#}"),
                                self.config.max_job_attempts,
                                now,
                            )
                            .await?;
                        let given_up = status == Some(JobStatus::Failed);
                        tracing::warn!(job = job.id, kind = %job.kind, given_up, error = %format!("{e:#}"), "scheduled job failed");
                    }
                }
            }
        }
        Ok(())
    }

    async fn deliver(
        &self,
        report: &mut TickReport,
        stopping: &(dyn Fn() -> bool + Sync),
    ) -> anyhow::Result<()> {
        let worker = &self.config.worker_id;
        for _ in 0..MAX_ROUNDS {
            let claimed = self
                .store
                .claim_notifications(worker, self.config.batch, self.lease_ms(), self.clock.now())
                .await?;
            if claimed.is_empty() {
                break;
            }
            for message in claimed {
                if stopping() {
                    self.store.release_notification_leases(worker).await?;
                    return Ok(());
                }
                let now = self.clock.now();
                let held = self
                    .store
                    .renew_notification_lease(
                        message.id,
                        worker,
                        Timestamp(now.0 + self.lease_ms()),
                    )
                    .await?;
                if !held {
                    tracing::info!(
                        id = message.id.0,
                        "lease ran out before sending; another instance has the message"
                    );
                    continue;
                }
                match self.transport.send(&message, &self.config, now).await {
                    Ok(()) => {
                        if self
                            .store
                            .mark_notification_sent(message.id, worker, now)
                            .await?
                        {
                            report.sent += 1;
                        } else {
                            tracing::warn!(
                                id = message.id.0,
                                "message sent after its lease ran out; it may go out twice"
                            );
                        }
                    }
                    Err(e) => {
                        let max = match e.kind {
                            FailureKind::Permanent => 1,
                            _ => self.config.max_attempts,
                        };
                        let status = self
                            .store
                            .mark_notification_failed(message.id, worker, &e.reason, max, now)
                            .await?;
                        match status {
                            Some(DeliveryStatus::Failed) => report.failed += 1,
                            _ => report.deferred += 1,
                        }
                        tracing::warn!(id = message.id.0, to = %message.recipient_email, error = %e.reason, "email not sent");
                        if e.kind == FailureKind::Transport {
                            // The next message would fail the same way: give the
                            // rest back and try again next tick.
                            self.store.release_notification_leases(worker).await?;
                            return Ok(());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Gives back every claim this runner holds, so other instances can take
    /// them at once instead of after the lease.
    pub async fn release(&self) -> anyhow::Result<()> {
        let worker = &self.config.worker_id;
        self.store.release_notification_leases(worker).await?;
        self.store.release_job_leases(worker).await?;
        Ok(())
    }

    fn lease_ms(&self) -> i64 {
        self.config.lease.as_millis() as i64
    }

    /// Ticks every `tick_every` until `shutdown` completes; work in hand is
    /// finished message by message, the rest given back.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) {
        let (stop_tx, mut stop) = watch::channel(false);
        let watcher = tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        tracing::info!(worker = %self.config.worker_id, transport = %self.transport.describe(), "mail runner started");
        let mut interval = tokio::time::interval(self.config.tick_every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                _ = interval.tick() => {}
            }
            let tick_stop = stop.clone();
            let tick = self.tick_until(Some(&tick_stop));
            tokio::pin!(tick);
            let result = tokio::select! {
                r = &mut tick => Some(r),
                // Asked to stop mid-tick: the tick stops between messages; a
                // send that hangs is abandoned after the grace period.
                _ = stop.changed() => tokio::time::timeout(SHUTDOWN_GRACE, &mut tick).await.ok(),
            };
            match result {
                Some(Ok(r)) if !r.is_idle() => tracing::info!(?r, "mail tick"),
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::error!(error = %format!("{e:#}"), "mail tick failed; trying again next tick")
                }
                None => {
                    tracing::warn!("stopped in the middle of a send; that message may go out twice")
                }
            }
            if *stop.borrow() {
                break;
            }
        }
        if let Err(e) = self.release().await {
            tracing::warn!(error = %format!("{e:#}"), "could not give back the mail runner's leases; they expire by themselves");
        }
        watcher.abort();
        tracing::info!("mail runner stopped");
    }
}

/// Starts the runner on its own task. It stops when `shutdown` completes; await
/// the handle before closing the store, so that its leases are given back.
pub fn spawn_runner(
    store: Store,
    clock: Arc<dyn Clock>,
    config: MailConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<JoinHandle<()>> {
    let mailer = Mailer::new(store, clock, config)?;
    Ok(tokio::spawn(mailer.run(shutdown)))
}
