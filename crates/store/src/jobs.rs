//! Background and scheduled work (check-ins due, reminders, dormancy sweeps),
//! claimed with a lease so that two app instances never run the same job twice.

use crate::outbox::{truncate, LeasedQueue};
use crate::row::RowExt;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::notification::retry_backoff_ms;
use mentorhub_domain::time_util::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Done,
    Failed,
}

/// A job as stored. `payload` is the job's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub dedupe_key: String,
    pub run_at: Timestamp,
    pub status: JobStatus,
    pub attempts: i64,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub finished_at: Option<Timestamp>,
}

const JOB_COLUMNS: &str =
    "id, kind, payload, dedupe_key, run_at, status, attempts, locked_by, last_error, finished_at";

const JOBS: LeasedQueue = LeasedQueue {
    table: "jobs",
    due: "status = 'queued' AND run_at <= $3",
    order: "run_at, id",
    columns: JOB_COLUMNS,
};

fn job_from_row(row: &AnyRow) -> StoreResult<Job> {
    Ok(Job {
        id: row.int("id")?,
        kind: row.text("kind")?,
        payload: row.json("payload")?,
        dedupe_key: row.text("dedupe_key")?,
        run_at: Timestamp(row.int("run_at")?),
        status: crate::util::parse_enum("status", &row.text("status")?)?,
        attempts: row.int("attempts")?,
        locked_by: row.opt_text("locked_by")?,
        last_error: row.opt_text("last_error")?,
        finished_at: row.opt_int("finished_at")?.map(Timestamp),
    })
}

impl Store {
    /// Queues a job to run at `run_at`. A `dedupe_key` already queued (or run)
    /// adds nothing, so a scheduler may enqueue "today's sweep" on every tick.
    /// Returns whether the job is new.
    pub async fn enqueue_job<T: Serialize>(
        &self,
        kind: &str,
        payload: &T,
        dedupe_key: &str,
        run_at: Timestamp,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "INSERT INTO jobs (kind, payload, dedupe_key, run_at, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(kind)
        .bind(crate::util::to_json(payload))
        .bind(dedupe_key)
        .bind(run_at.0)
        .bind(now.0)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Claims up to `limit` due jobs for `worker` for `lease_ms` (see
    /// [`Store::claim_notifications`] for how claiming differs per database).
    pub async fn claim_jobs(
        &self,
        worker: &str,
        limit: i64,
        lease_ms: i64,
        now: Timestamp,
    ) -> StoreResult<Vec<Job>> {
        let mut jobs = JOBS
            .claim(self, worker, limit, now, Timestamp(now.0 + lease_ms))
            .await?
            .iter()
            .map(job_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }

    /// Records a job as done. False when `worker` no longer holds it.
    pub async fn complete_job(&self, id: i64, worker: &str, now: Timestamp) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET status = 'done', finished_at = $1, locked_until = NULL, locked_by = NULL \
             WHERE id = $2 AND locked_by = $3 AND status = 'queued'",
        )
        .bind(now.0)
        .bind(id)
        .bind(worker)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records a failed run: retried after backoff, or `failed` for good after
    /// `max_attempts`. Returns the new status, or `None` if `worker` no longer holds it.
    pub async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        max_attempts: i64,
        now: Timestamp,
    ) -> StoreResult<Option<JobStatus>> {
        let mut tx = self.begin().await?;
        let Some(row) = sqlx::query(
            "SELECT attempts FROM jobs WHERE id = $1 AND locked_by = $2 AND status = 'queued'",
        )
        .bind(id)
        .bind(worker)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let attempts = row.int("attempts")? + 1;
        let (status, finished) = if attempts >= max_attempts {
            (JobStatus::Failed, Some(now.0))
        } else {
            (JobStatus::Queued, None)
        };
        sqlx::query(
            "UPDATE jobs SET attempts = $1, status = $2, run_at = $3, last_error = $4, finished_at = $5, \
               locked_until = NULL, locked_by = NULL WHERE id = $6",
        )
        .bind(attempts)
        .bind(crate::util::enum_name(&status))
        .bind(now.0 + retry_backoff_ms((attempts - 1).clamp(0, 32) as u32))
        .bind(truncate(error, 2000))
        .bind(finished)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(status))
    }

    /// Gives back every queued job `worker` holds (on shutdown).
    pub async fn release_job_leases(&self, worker: &str) -> StoreResult<u64> {
        Ok(sqlx::query("UPDATE jobs SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1 AND status = 'queued'")
            .bind(worker)
            .execute(self.writer())
            .await?
            .rows_affected())
    }

    pub async fn get_job(&self, id: i64) -> StoreResult<Job> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(job_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("job"))
    }
}
