//! The audit log: who did what to whom, and when, for admins to review.

use crate::row::RowExt;
use crate::util::page_bounds;
use crate::{Store, StoreResult};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    /// None for the system (scheduler) or an actor since erased.
    pub actor_id: Option<PersonId>,
    pub actor_name: Option<String>,
    /// e.g. `programme.update`, `enrolment.decide`.
    pub action: String,
    /// What it was done to, e.g. `programme:3`.
    pub subject: String,
    pub detail: String,
}

impl Store {
    pub async fn record_audit(
        &self,
        actor: Option<PersonId>,
        action: &str,
        subject: &str,
        detail: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let row = sqlx::query("INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(now.0)
            .bind(actor.map(|p| p.0))
            .bind(action)
            .bind(subject)
            .bind(detail)
            .fetch_one(self.writer())
            .await?;
        row.int("id")
    }

    /// One page of the log, newest first.
    pub async fn list_audit(&self, limit: i64, offset: i64) -> StoreResult<Vec<AuditEntry>> {
        let (limit, offset) = page_bounds(limit, offset);
        let rows = sqlx::query(
            "SELECT a.id, a.at, a.actor_id, p.name AS actor_name, a.action, a.subject, a.detail \
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id ORDER BY a.at DESC, a.id DESC LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.int("id")?,
                    at: Timestamp(r.int("at")?),
                    actor_id: r.opt_int("actor_id")?.map(PersonId),
                    actor_name: r.opt_text("actor_name")?,
                    action: r.text("action")?,
                    subject: r.text("subject")?,
                    detail: r.text("detail")?,
                })
            })
            .collect()
    }

    pub async fn count_audit(&self) -> StoreResult<i64> {
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
            .fetch_one(self.reader())
            .await?
            .int("n")
    }
}
