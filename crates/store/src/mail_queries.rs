//! What the mail area's scheduler and outbox page ask: which open relationships
//! the sweep must look at (with their programme's schedule and agreed duration),
//! which check-ins exist already, the outbox at a glance, and pruning old sweeps.

use crate::relationships::relationship_from_row;
use crate::row::RowExt;
use crate::util::stored;
use crate::{Store, StoreResult};
use mentorhub_domain::notification::DeliveryStatus;
use mentorhub_domain::programme::{CheckInSchedule, DormancyRule};
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::RelationshipId;
use std::collections::{BTreeSet, HashMap};

/// An open relationship with what the scheduler decides by: its programme's
/// check-in days and dormancy rule, the agreed duration (the agreement's, else
/// the programme's default), the last contact and the check-in days already
/// created for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledRelationship {
    pub relationship: Relationship,
    pub last_contact_at: Option<Timestamp>,
    pub checkins: CheckInSchedule,
    pub dormancy: DormancyRule,
    pub duration_months: u32,
    pub checkin_days_created: BTreeSet<u32>,
}

/// How many outbox messages are in each delivery state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// The states the scheduler acts on: introduced (dormancy), active (check-ins,
/// dormancy, reassessment) and reassessment due (check-ins).
const SCHEDULED_STATES_SQL: &str = "('introduced', 'active', 'reassessment_due')";

impl Store {
    /// Every relationship the scheduler may have work for, oldest first.
    pub async fn scheduled_relationships(&self) -> StoreResult<Vec<ScheduledRelationship>> {
        let sql = format!(
            "SELECT r.id, r.programme_id, r.mentor_id, r.mentee_id, r.state, r.origin, r.created_at, \
               r.introduced_at, r.activated_at, r.closed_at, r.period_started_at, r.last_contact_at, r.version, \
               g.checkin_days, g.dormancy_days, g.dormancy_warn_days, \
               COALESCE(a.duration_months, g.duration_months) AS agreed_months \
             FROM relationships r JOIN programmes g ON g.id = r.programme_id \
             LEFT JOIN agreements a ON a.relationship_id = r.id \
             WHERE r.state IN {SCHEDULED_STATES_SQL} ORDER BY r.id"
        );
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        let created = self.checkin_days_of_open_relationships().await?;
        rows.iter()
            .map(|row| {
                let relationship = relationship_from_row(row)?;
                Ok(ScheduledRelationship {
                    checkin_days_created: created
                        .get(&relationship.id)
                        .cloned()
                        .unwrap_or_default(),
                    relationship,
                    last_contact_at: row.opt_int("last_contact_at")?.map(Timestamp),
                    checkins: stored(
                        "checkin_days",
                        CheckInSchedule::parse(&row.text("checkin_days")?),
                    )?,
                    dormancy: DormancyRule {
                        days: row.int("dormancy_days")? as u32,
                        warn_days_before: row.int("dormancy_warn_days")? as u32,
                    },
                    duration_months: row.int("agreed_months")? as u32,
                })
            })
            .collect()
    }

    /// The check-in days created so far, per relationship the scheduler acts on.
    async fn checkin_days_of_open_relationships(
        &self,
    ) -> StoreResult<HashMap<RelationshipId, BTreeSet<u32>>> {
        let sql = format!(
            "SELECT DISTINCT c.relationship_id, c.due_day FROM checkins c \
             JOIN relationships r ON r.id = c.relationship_id WHERE r.state IN {SCHEDULED_STATES_SQL}"
        );
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        let mut days: HashMap<RelationshipId, BTreeSet<u32>> = HashMap::new();
        for row in &rows {
            days.entry(RelationshipId(row.int("relationship_id")?))
                .or_default()
                .insert(row.int("due_day")? as u32);
        }
        Ok(days)
    }

    /// The outbox at a glance, for the admin's page.
    pub async fn count_notifications(&self) -> StoreResult<OutboxCounts> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM notifications GROUP BY status")
            .fetch_all(self.reader())
            .await?;
        let mut counts = OutboxCounts::default();
        for row in &rows {
            let n = row.int("n")?;
            match stored("status", DeliveryStatus::parse(&row.text("status")?))? {
                DeliveryStatus::Pending => counts.pending = n,
                DeliveryStatus::Sent => counts.sent = n,
                DeliveryStatus::Failed => counts.failed = n,
            }
        }
        Ok(counts)
    }

    /// Deletes finished jobs of `kind` that finished before `before` (the
    /// periodic sweeps would otherwise pile up). Returns how many went.
    pub async fn delete_finished_jobs(&self, kind: &str, before: Timestamp) -> StoreResult<u64> {
        Ok(
            sqlx::query(
                "DELETE FROM jobs WHERE kind = $1 AND status = 'done' AND finished_at < $2",
            )
            .bind(kind)
            .bind(before.0)
            .execute(self.writer())
            .await?
            .rows_affected(),
        )
    }
}
