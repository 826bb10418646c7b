//! The pairs' side of programme health: meetings held against the agreed cadence,
//! dormancy, and the month-by-month life of the relationships.

use super::DAY_MS;
use crate::row::RowExt;
use crate::util::stored;
use crate::{Store, StoreResult};
use mentorhub_domain::programme::Cadence;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{ProgrammeId, RelationshipId};

/// Meetings held against the agreed cadence, over the pairs meeting now
/// (active or at reassessment), counted from each pair's activation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CadenceCounts {
    pub pairs: i64,
    /// What the agreed cadences ask for, to date.
    pub meetings_expected: i64,
    /// Meetings held since activation.
    pub meetings_held: i64,
    /// Held, counting no pair beyond its own expectation: one pair meeting twice
    /// as often does not hide another that never meets.
    pub meetings_held_within_cadence: i64,
    /// Pairs that held fewer meetings than their cadence expects.
    pub pairs_behind: i64,
}

/// A pair that held fewer meetings than agreed, and by how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairBehind {
    pub relationship_id: RelationshipId,
    pub mentor_name: String,
    pub mentee_name: String,
    pub cadence: Cadence,
    pub active_since: Timestamp,
    pub expected: i64,
    pub held: i64,
    pub last_meeting_at: Option<Timestamp>,
}

/// The programme's relationships by state, and how many went quiet or are
/// about to (dormancy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationshipCounts {
    pub by_state: Vec<(RelationshipState, i64)>,
    /// Relationships that were introduced (or declared dormant before it).
    pub introduced: i64,
    pub dormant: i64,
    /// Introduced or active, no contact logged, and within the warning days of
    /// the dormancy window or past it.
    pub approaching: i64,
}

/// A pair with no contact logged, near or past the end of its dormancy window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairNearDormancy {
    pub relationship_id: RelationshipId,
    pub mentor_name: String,
    pub mentee_name: String,
    pub state: RelationshipState,
    pub introduced_at: Timestamp,
}

/// What happened to a programme's relationships on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    /// Relationships created (proposed, requested, offered…).
    Started,
    /// Relationships whose agreement was first confirmed.
    Activated,
    /// Relationships that closed in `state`; `was_active` when they had been active.
    Closed {
        state: RelationshipState,
        was_active: bool,
    },
}

/// `count` relationships had `kind` happen on day `day` (days since the epoch, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineEvent {
    pub kind: TimelineKind,
    pub day: i64,
    pub count: i64,
}

/// `CASE` mapping a cadence column to its days between meetings, from the domain's
/// own table so that SQL and `Cadence::expected_meetings` agree.
fn interval_days_sql(col: &str) -> String {
    let arms: String = Cadence::ALL
        .iter()
        .map(|c| format!(" WHEN '{}' THEN {}", c.as_str(), c.interval_days()))
        .collect();
    format!("CASE {col}{arms} END")
}

/// One row per pair meeting now: its cadence, meetings expected and held to `$1`
/// (now), in programme `$2`.
fn pair_cadence_sql() -> String {
    let interval = interval_days_sql("COALESCE(a.cadence, g.cadence)");
    format!(
        "SELECT r.id, r.mentor_id, r.mentee_id, r.activated_at, COALESCE(a.cadence, g.cadence) AS cadence, \
           CASE WHEN $1 > r.activated_at THEN ($1 - r.activated_at) / {DAY_MS} ELSE 0 END / {interval} AS expected, \
           (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = r.id AND m.status = 'held' \
              AND m.starts_at >= r.activated_at AND m.starts_at <= $1) AS held \
         FROM relationships r JOIN programmes g ON g.id = r.programme_id \
           LEFT JOIN agreements a ON a.relationship_id = r.id \
         WHERE r.programme_id = $2 AND r.state IN ('active', 'reassessment_due') AND r.activated_at IS NOT NULL"
    )
}

/// Introduced or active, no contact, and past the warning day (`$1` is now).
const NEAR_DORMANCY: &str = "r.state IN ('introduced', 'active') AND r.last_contact_at IS NULL \
    AND r.introduced_at IS NOT NULL \
    AND r.introduced_at <= $1 - (g.dormancy_days - g.dormancy_warn_days) * 86400000";

impl Store {
    /// Meetings held against the agreed cadence over all pairs meeting now, and
    /// the `limit` pairs furthest behind (the furthest first), in one pass over
    /// the pairs: each row carries the totals and, when there is one, a pair.
    pub async fn health_cadence(
        &self,
        programme: ProgrammeId,
        now: Timestamp,
        limit: i64,
    ) -> StoreResult<(CadenceCounts, Vec<PairBehind>)> {
        let sql = format!(
            "WITH pairs AS MATERIALIZED ({}), \
             totals AS (SELECT COUNT(*) AS pairs, CAST(COALESCE(SUM(expected), 0) AS BIGINT) AS total_expected, \
               CAST(COALESCE(SUM(held), 0) AS BIGINT) AS total_held, \
               CAST(COALESCE(SUM(CASE WHEN held < expected THEN held ELSE expected END), 0) AS BIGINT) AS held_within, \
               CAST(COALESCE(SUM(CASE WHEN held < expected THEN 1 ELSE 0 END), 0) AS BIGINT) AS behind FROM pairs), \
             worst AS (SELECT * FROM pairs WHERE held < expected ORDER BY expected - held DESC, id LIMIT $3) \
             SELECT t.pairs, t.total_expected, t.total_held, t.held_within, t.behind, \
               w.id, w.cadence, w.activated_at, w.expected, w.held, mr.name AS mentor_name, me.name AS mentee_name, \
               (SELECT MAX(m.starts_at) FROM meetings m WHERE m.relationship_id = w.id AND m.status = 'held' \
                  AND m.starts_at <= $1) AS last_meeting_at \
             FROM totals t LEFT JOIN worst w ON 1 = 1 \
               LEFT JOIN people mr ON mr.id = w.mentor_id LEFT JOIN people me ON me.id = w.mentee_id \
             ORDER BY w.expected - w.held DESC, me.name, w.id",
            pair_cadence_sql()
        );
        let rows = sqlx::query(&sql)
            .bind(now.0)
            .bind(programme.0)
            .bind(limit)
            .fetch_all(self.reader().pool())
            .await?;
        let mut counts = CadenceCounts::default();
        let mut behind = Vec::new();
        for r in &rows {
            counts = CadenceCounts {
                pairs: r.int("pairs")?,
                meetings_expected: r.int("total_expected")?,
                meetings_held: r.int("total_held")?,
                meetings_held_within_cadence: r.int("held_within")?,
                pairs_behind: r.int("behind")?,
            };
            let Some(id) = r.opt_int("id")? else { continue };
            behind.push(PairBehind {
                relationship_id: RelationshipId(id),
                mentor_name: r.text("mentor_name")?,
                mentee_name: r.text("mentee_name")?,
                cadence: stored("cadence", Cadence::parse(&r.text("cadence")?))?,
                active_since: Timestamp(r.int("activated_at")?),
                expected: r.int("expected")?,
                held: r.int("held")?,
                last_meeting_at: r.opt_int("last_meeting_at")?.map(Timestamp),
            });
        }
        Ok((counts, behind))
    }

    /// Relationships by state, those introduced and dormant, and those near
    /// dormancy: one pass over the programme's relationships.
    pub async fn health_relationships(
        &self,
        programme: ProgrammeId,
        now: Timestamp,
    ) -> StoreResult<RelationshipCounts> {
        let sql = format!(
            "SELECT r.state, COUNT(*) AS n, \
               COALESCE(SUM(CASE WHEN r.introduced_at IS NOT NULL OR r.state = 'dormant' THEN 1 ELSE 0 END), 0) AS introduced, \
               COALESCE(SUM(CASE WHEN {NEAR_DORMANCY} THEN 1 ELSE 0 END), 0) AS approaching \
             FROM relationships r JOIN programmes g ON g.id = r.programme_id WHERE r.programme_id = $2 \
             GROUP BY r.state ORDER BY r.state"
        );
        let rows = sqlx::query(&sql)
            .bind(now.0)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        let mut counts = RelationshipCounts::default();
        for r in &rows {
            let state = stored("state", RelationshipState::parse(&r.text("state")?))?;
            let n = r.int("n")?;
            if state == RelationshipState::Dormant {
                counts.dormant += n;
            }
            counts.introduced += r.int("introduced")?;
            counts.approaching += r.int("approaching")?;
            counts.by_state.push((state, n));
        }
        Ok(counts)
    }

    /// The pairs near or past the dormancy window without contact, named so the
    /// admin can act: the longest-introduced first, at most `limit`.
    pub async fn health_pairs_near_dormancy(
        &self,
        programme: ProgrammeId,
        now: Timestamp,
        limit: i64,
    ) -> StoreResult<Vec<PairNearDormancy>> {
        let sql = format!(
            "SELECT r.id, r.state, r.introduced_at, mr.name AS mentor_name, me.name AS mentee_name \
             FROM relationships r JOIN programmes g ON g.id = r.programme_id \
               JOIN people mr ON mr.id = r.mentor_id JOIN people me ON me.id = r.mentee_id \
             WHERE {NEAR_DORMANCY} AND r.programme_id = $2 ORDER BY r.introduced_at, r.id LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(now.0)
            .bind(programme.0)
            .bind(limit)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PairNearDormancy {
                    relationship_id: RelationshipId(r.int("id")?),
                    mentor_name: r.text("mentor_name")?,
                    mentee_name: r.text("mentee_name")?,
                    state: stored("state", RelationshipState::parse(&r.text("state")?))?,
                    introduced_at: Timestamp(r.int("introduced_at")?),
                })
            })
            .collect()
    }

    /// Relationships started, activated and closed, per day: one small row per
    /// day with something in it, for the caller to add up by month.
    pub async fn health_timeline(&self, programme: ProgrammeId) -> StoreResult<Vec<TimelineEvent>> {
        let sql = format!(
            "SELECT 'started' AS kind, created_at / {DAY_MS} AS day, 0 AS was_active, COUNT(*) AS n \
               FROM relationships WHERE programme_id = $1 GROUP BY created_at / {DAY_MS} \
             UNION ALL \
             SELECT 'activated' AS kind, activated_at / {DAY_MS} AS day, 0 AS was_active, COUNT(*) AS n \
               FROM relationships WHERE programme_id = $1 AND activated_at IS NOT NULL GROUP BY activated_at / {DAY_MS} \
             UNION ALL \
             SELECT state AS kind, closed_at / {DAY_MS} AS day, \
               CASE WHEN activated_at IS NULL THEN 0 ELSE 1 END AS was_active, COUNT(*) AS n \
               FROM relationships WHERE programme_id = $1 AND closed_at IS NOT NULL \
               GROUP BY state, closed_at / {DAY_MS}, CASE WHEN activated_at IS NULL THEN 0 ELSE 1 END"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| {
                let kind = match r.text("kind")?.as_str() {
                    "started" => TimelineKind::Started,
                    "activated" => TimelineKind::Activated,
                    state => TimelineKind::Closed {
                        state: stored("state", RelationshipState::parse(state))?,
                        was_active: r.flag("was_active")?,
                    },
                };
                Ok(TimelineEvent {
                    kind,
                    day: r.int("day")?,
                    count: r.int("n")?,
                })
            })
            .collect()
    }
}
