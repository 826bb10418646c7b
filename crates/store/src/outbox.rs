//! The durable email outbox: every message is one row, enqueued once (by its
//! dedupe key), claimed with a lease by one sender at a time, and retried with
//! backoff until sent or given up.

use crate::row::RowExt;
use crate::util::page_bounds;
use crate::{Backend, Store, StoreResult};
use mentorhub_domain::notification::{retry_backoff_ms, DeliveryStatus, NotificationKind};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{NotificationId, PersonId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// A rendered message to put in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub kind: NotificationKind,
    pub recipient_person_id: Option<PersonId>,
    pub recipient_email: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The same key twice is one message (e.g. `checkin:42:30:mentee`).
    pub dedupe_key: String,
}

/// A message as stored, with its delivery state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub recipient_person_id: Option<PersonId>,
    pub recipient_email: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub dedupe_key: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const MESSAGE_COLUMNS: &str =
    "id, kind, recipient_person_id, recipient_email, subject, body_text, body_html, dedupe_key, \
     status, attempts, next_attempt_at, locked_by, last_error, created_at, sent_at";

fn message_from_row(row: &AnyRow) -> StoreResult<OutboxMessage> {
    Ok(OutboxMessage {
        id: NotificationId(row.int("id")?),
        kind: crate::util::stored("kind", NotificationKind::parse(&row.text("kind")?))?,
        recipient_person_id: row.opt_int("recipient_person_id")?.map(PersonId),
        recipient_email: row.text("recipient_email")?,
        subject: row.text("subject")?,
        body_text: row.text("body_text")?,
        body_html: row.text("body_html")?,
        dedupe_key: row.text("dedupe_key")?,
        status: crate::util::stored("status", DeliveryStatus::parse(&row.text("status")?))?,
        attempts: row.int("attempts")?,
        next_attempt_at: Timestamp(row.int("next_attempt_at")?),
        locked_by: row.opt_text("locked_by")?,
        last_error: row.opt_text("last_error")?,
        created_at: Timestamp(row.int("created_at")?),
        sent_at: row.opt_int("sent_at")?.map(Timestamp),
    })
}

/// Enqueues inside a caller's transaction, so that a message is queued exactly
/// when the change it announces is committed. Returns whether the row is new.
pub async fn enqueue_notification_in(
    conn: &mut AnyConnection,
    n: &NewNotification,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO notifications (kind, recipient_person_id, recipient_email, subject, body_text, body_html, dedupe_key, \
           next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(n.kind.as_str())
    .bind(n.recipient_person_id.map(|p| p.0))
    .bind(n.recipient_email.trim().to_string())
    .bind(n.subject.clone())
    .bind(n.body_text.clone())
    .bind(n.body_html.clone())
    .bind(n.dedupe_key.clone())
    .bind(now.0)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A table of leased work (the outbox, the jobs queue): what is due and in
/// which order, and the columns a claim returns.
pub(crate) struct LeasedQueue {
    pub table: &'static str,
    /// Due rows, with `$3` standing for now.
    pub due: &'static str,
    pub order: &'static str,
    pub columns: &'static str,
}

const OUTBOX: LeasedQueue = LeasedQueue {
    table: "notifications",
    due: "status = 'pending' AND next_attempt_at <= $3",
    order: "next_attempt_at, id",
    columns: MESSAGE_COLUMNS,
};

impl LeasedQueue {
    /// Claims up to `limit` due rows for `worker` until `lease_until`, returning them.
    ///
    /// PostgreSQL: several app instances claim at once, so the candidate rows are
    /// locked with `FOR UPDATE SKIP LOCKED` and a claimer never waits for, nor
    /// takes, another's rows. SQLite: all writes go through one connection, so the
    /// single `UPDATE … RETURNING` is atomic as it stands (and SQLite has no
    /// `FOR UPDATE`).
    pub(crate) async fn claim(
        &self,
        store: &Store,
        worker: &str,
        limit: i64,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> StoreResult<Vec<AnyRow>> {
        let lock = match store.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let LeasedQueue {
            table,
            due,
            order,
            columns,
        } = self;
        let sql = format!(
            "UPDATE {table} SET locked_until = $1, locked_by = $2 WHERE id IN ( \
               SELECT id FROM {table} WHERE {due} AND (locked_until IS NULL OR locked_until <= $3) \
               ORDER BY {order} LIMIT $4{lock}) \
             RETURNING {columns}"
        );
        let rows = sqlx::query(&sql)
            .bind(lease_until.0)
            .bind(worker)
            .bind(now.0)
            .bind(limit.max(0))
            .fetch_all(store.writer())
            .await?;
        Ok(rows)
    }
}

impl Store {
    /// Puts a message in the outbox; enqueueing the same `dedupe_key` again does
    /// nothing. Returns whether the message is new.
    pub async fn enqueue_notification(
        &self,
        n: &NewNotification,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut conn = self.writer().acquire().await?;
        enqueue_notification_in(&mut conn, n, now).await
    }

    /// Claims up to `limit` messages that are due, for `worker`, for `lease_ms`.
    /// A claimed message is no one else's until it is sent, failed, released, or
    /// its lease runs out (a crashed sender's messages are picked up again).
    pub async fn claim_notifications(
        &self,
        worker: &str,
        limit: i64,
        lease_ms: i64,
        now: Timestamp,
    ) -> StoreResult<Vec<OutboxMessage>> {
        let mut rows = OUTBOX
            .claim(self, worker, limit, now, Timestamp(now.0 + lease_ms))
            .await?
            .iter()
            .map(message_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        rows.sort_by_key(|m| (m.next_attempt_at, m.id));
        Ok(rows)
    }

    /// Extends `worker`'s claim on a message just before it is sent. False when
    /// the worker no longer holds it (its lease ran out and someone else took
    /// it): the caller must not send it. Renewing per message keeps a slow batch
    /// from outliving its lease and being sent twice.
    pub async fn renew_notification_lease(
        &self,
        id: NotificationId,
        worker: &str,
        until: Timestamp,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE notifications SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND status = 'pending'",
        )
        .bind(until.0)
        .bind(id.0)
        .bind(worker)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records a message as sent. False when `worker` no longer holds it (its
    /// lease ran out and someone else took it).
    pub async fn mark_notification_sent(
        &self,
        id: NotificationId,
        worker: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE notifications SET status = 'sent', sent_at = $1, locked_until = NULL, locked_by = NULL, last_error = NULL \
             WHERE id = $2 AND locked_by = $3 AND status = 'pending'",
        )
        .bind(now.0)
        .bind(id.0)
        .bind(worker)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records a failed send: retried after the domain's backoff, or marked
    /// `failed` for good once it has failed `max_attempts` times. Returns the new status.
    pub async fn mark_notification_failed(
        &self,
        id: NotificationId,
        worker: &str,
        error: &str,
        max_attempts: i64,
        now: Timestamp,
    ) -> StoreResult<Option<DeliveryStatus>> {
        let mut tx = self.begin().await?;
        let Some(row) = sqlx::query("SELECT attempts FROM notifications WHERE id = $1 AND locked_by = $2 AND status = 'pending'")
            .bind(id.0)
            .bind(worker)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let attempts = row.int("attempts")? + 1;
        let status = if attempts >= max_attempts {
            DeliveryStatus::Failed
        } else {
            DeliveryStatus::Pending
        };
        let next = now.0 + retry_backoff_ms((attempts - 1).clamp(0, 32) as u32);
        sqlx::query(
            "UPDATE notifications SET attempts = $1, status = $2, next_attempt_at = $3, last_error = $4, \
               locked_until = NULL, locked_by = NULL WHERE id = $5",
        )
        .bind(attempts)
        .bind(status.as_str())
        .bind(next)
        .bind(truncate(error, 2000))
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(status))
    }

    /// Gives back every unsent message `worker` holds (on shutdown), so others
    /// can send them at once rather than after the lease.
    pub async fn release_notification_leases(&self, worker: &str) -> StoreResult<u64> {
        Ok(sqlx::query("UPDATE notifications SET locked_until = NULL, locked_by = NULL WHERE locked_by = $1 AND status = 'pending'")
            .bind(worker)
            .execute(self.writer())
            .await?
            .rows_affected())
    }

    pub async fn get_notification(&self, id: NotificationId) -> StoreResult<OutboxMessage> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM notifications WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(message_from_row)
            .transpose()?
            .ok_or(crate::StoreError::NotFound("notification"))
    }

    /// Outbox messages, newest first, optionally of one status (admin's view).
    pub async fn list_notifications(
        &self,
        status: Option<DeliveryStatus>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<OutboxMessage>> {
        let (limit, offset) = page_bounds(limit, offset);
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM notifications WHERE status = COALESCE($1, status) \
             ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(&sql)
            .bind(status.map(|s| s.as_str()))
            .bind(limit)
            .bind(offset)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(message_from_row).collect()
    }
}

/// At most `max` characters of `s` (error texts can be long).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
