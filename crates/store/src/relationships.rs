//! Mentoring relationships, their state machine's history and the questions
//! matching asks of them (capacity, pairs once declared dormant).

use crate::row::{flag, RowExt};
use crate::util::{enum_name, parse_enum, stored};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::relationship::{
    Actor, Origin, Relationship, RelationshipEvent, RelationshipState, Transition,
};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{DomainError, PersonId, ProgrammeId, RelationshipId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The open states, as SQL, for counting capacity and finding open pairs.
/// Must agree with `RelationshipState::is_open` and the partial unique index.
pub(crate) const OPEN_STATES_SQL: &str =
    "('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due')";

/// The event recorded for a relationship's first row of history.
const CREATED_EVENT: &str = "created";

const RELATIONSHIP_COLUMNS: &str = "r.id, r.programme_id, r.mentor_id, r.mentee_id, r.state, r.origin, r.created_at, \
     r.introduced_at, r.activated_at, r.closed_at, r.period_started_at, r.last_contact_at, r.version";

/// A relationship as the lists show it: with both names, the programme's name and
/// the last logged contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipSummary {
    pub relationship: Relationship,
    pub mentor_name: String,
    pub mentee_name: String,
    pub programme_name: String,
    pub last_contact_at: Option<Timestamp>,
}

/// A new relationship: who, where, how it came about and the state it starts in
/// (usually `proposed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRelationship {
    pub programme_id: ProgrammeId,
    pub mentor_id: PersonId,
    pub mentee_id: PersonId,
    pub state: RelationshipState,
    pub origin: Origin,
}

/// One row of a relationship's history. The first row has no `from` and no
/// `event`: it records the creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRecord {
    pub id: i64,
    pub relationship_id: RelationshipId,
    pub from: Option<RelationshipState>,
    pub to: RelationshipState,
    pub event: Option<RelationshipEvent>,
    pub actor: Option<PersonId>,
    pub at: Timestamp,
    pub reason: String,
    /// False when the author of an early-ending reason kept it from the partner.
    pub reason_shared: bool,
}

fn state(col: &str, s: &str) -> StoreResult<RelationshipState> {
    stored(col, RelationshipState::parse(s))
}

pub(crate) fn relationship_from_row(row: &AnyRow) -> StoreResult<Relationship> {
    let ts = |c: &str| -> StoreResult<Option<Timestamp>> { Ok(row.opt_int(c)?.map(Timestamp)) };
    Ok(Relationship {
        id: RelationshipId(row.int("id")?),
        programme_id: ProgrammeId(row.int("programme_id")?),
        mentor_id: PersonId(row.int("mentor_id")?),
        mentee_id: PersonId(row.int("mentee_id")?),
        state: state("state", &row.text("state")?)?,
        origin: stored("origin", Origin::parse(&row.text("origin")?))?,
        created_at: Timestamp(row.int("created_at")?),
        introduced_at: ts("introduced_at")?,
        activated_at: ts("activated_at")?,
        closed_at: ts("closed_at")?,
        period_started_at: ts("period_started_at")?,
        version: row.int("version")?,
    })
}

fn summary_from_row(row: &AnyRow) -> StoreResult<RelationshipSummary> {
    Ok(RelationshipSummary {
        relationship: relationship_from_row(row)?,
        mentor_name: row.text("mentor_name")?,
        mentee_name: row.text("mentee_name")?,
        programme_name: row.text("programme_name")?,
        last_contact_at: row.opt_int("last_contact_at")?.map(Timestamp),
    })
}

fn summary_select() -> String {
    format!(
        "SELECT {RELATIONSHIP_COLUMNS}, mr.name AS mentor_name, me.name AS mentee_name, g.name AS programme_name \
         FROM relationships r JOIN people mr ON mr.id = r.mentor_id JOIN people me ON me.id = r.mentee_id \
         JOIN programmes g ON g.id = r.programme_id"
    )
}

/// Loads a relationship inside a transaction.
pub(crate) async fn load_relationship(
    conn: &mut AnyConnection,
    id: RelationshipId,
) -> StoreResult<Relationship> {
    let sql = format!("SELECT {RELATIONSHIP_COLUMNS} FROM relationships r WHERE r.id = $1");
    let row = sqlx::query(&sql)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref()
        .map(relationship_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound("relationship"))
}

/// One history row about to be written.
struct TransitionRow<'a> {
    from: Option<RelationshipState>,
    to: RelationshipState,
    event: &'a str,
    actor: Actor,
    at: Timestamp,
    reason: &'a str,
    reason_shared: bool,
}

async fn insert_transition(
    conn: &mut AnyConnection,
    id: RelationshipId,
    t: TransitionRow<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO relationship_transitions (relationship_id, from_state, to_state, event, actor_id, at, reason, reason_shared) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.0)
    .bind(t.from.map(|s| s.as_str()))
    .bind(t.to.as_str())
    .bind(t.event)
    .bind(t.actor.person().map(|p| p.0))
    .bind(t.at.0)
    .bind(t.reason)
    .bind(flag(t.reason_shared))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Creates a relationship and the first row of its history, at once. A second
    /// open relationship between the same two people in a programme is refused.
    pub async fn create_relationship(
        &self,
        new: NewRelationship,
        actor: Actor,
        reason: &str,
        now: Timestamp,
    ) -> StoreResult<RelationshipId> {
        if new.mentor_id == new.mentee_id {
            return Err(
                DomainError::invalid("mentor", "a person cannot be their own mentor").into(),
            );
        }
        if new.state.is_closed() {
            return Err(
                DomainError::invalid("state", "a relationship starts in an open state").into(),
            );
        }
        // A relationship created past `proposed` (demo data, imports) carries the
        // timestamps the state machine would have set.
        let introduced = matches!(
            new.state,
            RelationshipState::Introduced
                | RelationshipState::Active
                | RelationshipState::ReassessmentDue
        );
        let active = matches!(
            new.state,
            RelationshipState::Active | RelationshipState::ReassessmentDue
        );
        let mut tx = self.begin().await?;
        let r = sqlx::query(
            "INSERT INTO relationships (programme_id, mentor_id, mentee_id, state, origin, created_at, introduced_at, activated_at, period_started_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(new.programme_id.0)
        .bind(new.mentor_id.0)
        .bind(new.mentee_id.0)
        .bind(new.state.as_str())
        .bind(new.origin.as_str())
        .bind(now.0)
        .bind(introduced.then_some(now.0))
        .bind(active.then_some(now.0))
        .fetch_one(&mut *tx)
        .await;
        let row = crate::util::on_unique(
            r,
            "mentor",
            "these two already have an open relationship in this programme",
        )?;
        let id = RelationshipId(row.int("id")?);
        let first = TransitionRow {
            from: None,
            to: new.state,
            event: CREATED_EVENT,
            actor,
            at: now,
            reason: reason.trim(),
            reason_shared: true,
        };
        insert_transition(&mut tx, id, first).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn get_relationship(&self, id: RelationshipId) -> StoreResult<Relationship> {
        let sql = format!("SELECT {RELATIONSHIP_COLUMNS} FROM relationships r WHERE r.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(relationship_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("relationship"))
    }

    pub async fn get_relationship_summary(
        &self,
        id: RelationshipId,
    ) -> StoreResult<RelationshipSummary> {
        let sql = format!("{} WHERE r.id = $1", summary_select());
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(summary_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("relationship"))
    }

    /// The relationships in which `person` is the mentor, open ones first, newest first.
    pub async fn list_relationships_as_mentor(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<RelationshipSummary>> {
        self.list_summaries("r.mentor_id = $1", person.0).await
    }

    /// The relationships in which `person` is the mentee, open ones first, newest first.
    pub async fn list_relationships_as_mentee(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<RelationshipSummary>> {
        self.list_summaries("r.mentee_id = $1", person.0).await
    }

    /// Every relationship of a programme.
    pub async fn list_programme_relationships(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<RelationshipSummary>> {
        self.list_summaries("r.programme_id = $1", programme.0)
            .await
    }

    /// Relationships in which one of `manager`'s direct reports takes part (a
    /// manager sees that they exist and their state, nothing more).
    pub async fn list_relationships_of_reports(
        &self,
        manager: PersonId,
    ) -> StoreResult<Vec<RelationshipSummary>> {
        self.list_summaries("(me.manager_id = $1 OR mr.manager_id = $1)", manager.0)
            .await
    }

    async fn list_summaries(
        &self,
        condition: &str,
        param: i64,
    ) -> StoreResult<Vec<RelationshipSummary>> {
        let sql = format!(
            "{} WHERE {condition} ORDER BY (CASE WHEN r.state IN {OPEN_STATES_SQL} THEN 0 ELSE 1 END), r.created_at DESC, r.id DESC",
            summary_select()
        );
        let rows = sqlx::query(&sql)
            .bind(param)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// How many open relationships `mentor` has as mentor, in every programme
    /// (what capacity counts).
    pub async fn count_open_mentees(&self, mentor: PersonId) -> StoreResult<i64> {
        let sql = format!("SELECT COUNT(*) AS n FROM relationships WHERE mentor_id = $1 AND state IN {OPEN_STATES_SQL}");
        sqlx::query(&sql)
            .bind(mentor.0)
            .fetch_one(self.reader())
            .await?
            .int("n")
    }

    /// Open relationships per mentor, for everyone who has any (the matcher's
    /// capacity input, in one query).
    pub async fn open_mentee_counts(&self) -> StoreResult<HashMap<PersonId, i64>> {
        let sql = format!("SELECT mentor_id, COUNT(*) AS n FROM relationships WHERE state IN {OPEN_STATES_SQL} GROUP BY mentor_id");
        let rows = sqlx::query(&sql).fetch_all(self.reader().pool()).await?;
        rows.iter()
            .map(|r| Ok((PersonId(r.int("mentor_id")?), r.int("n")?)))
            .collect()
    }

    /// Whether these two were ever declared dormant together: such a pair is not
    /// proposed again (`004_…` step 8).
    pub async fn pair_was_dormant(&self, mentor: PersonId, mentee: PersonId) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM relationships r JOIN relationship_transitions t ON t.relationship_id = r.id \
             WHERE r.mentor_id = $1 AND r.mentee_id = $2 AND t.to_state = 'dormant'",
        )
        .bind(mentor.0)
        .bind(mentee.0)
        .fetch_one(self.reader())
        .await?;
        Ok(row.int("n")? > 0)
    }

    /// Every (mentor, mentee) pair ever declared dormant whose mentee is enrolled
    /// in `programme`: the matcher's exclusion list.
    pub async fn dormant_pairs(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(PersonId, PersonId)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT r.mentor_id, r.mentee_id FROM relationships r \
             JOIN relationship_transitions t ON t.relationship_id = r.id AND t.to_state = 'dormant' \
             WHERE r.mentee_id IN (SELECT person_id FROM enrolments WHERE programme_id = $1 AND role = 'mentee') \
             ORDER BY r.mentor_id, r.mentee_id",
        )
        .bind(programme.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| Ok((PersonId(r.int("mentor_id")?), PersonId(r.int("mentee_id")?))))
            .collect()
    }

    /// Applies an event through the domain's state machine and records it, in one
    /// transaction. With `expected_version`, an edit based on a stale page is
    /// refused; without, the current row is used (scheduler sweeps). An illegal
    /// event is refused with the domain's message and changes nothing.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply_relationship_event(
        &self,
        id: RelationshipId,
        event: RelationshipEvent,
        actor: Actor,
        now: Timestamp,
        reason: &str,
        reason_shared: bool,
        expected_version: Option<i64>,
    ) -> StoreResult<(Relationship, Transition)> {
        let mut tx = self.begin().await?;
        let mut rel = load_relationship(&mut tx, id).await?;
        if expected_version.is_some_and(|v| v != rel.version) {
            return Err(StoreError::StaleVersion("relationship"));
        }
        let read_version = rel.version;
        let transition = rel.apply(event, actor, now, reason)?;
        let n = sqlx::query(
            "UPDATE relationships SET state = $1, introduced_at = $2, activated_at = $3, closed_at = $4, \
               period_started_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
        )
        .bind(rel.state.as_str())
        .bind(rel.introduced_at.map(|t| t.0))
        .bind(rel.activated_at.map(|t| t.0))
        .bind(rel.closed_at.map(|t| t.0))
        .bind(rel.period_started_at.map(|t| t.0))
        .bind(id.0)
        .bind(read_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            // Someone else moved it between our read and write (PostgreSQL).
            return Err(StoreError::StaleVersion("relationship"));
        }
        rel.version = read_version + 1;
        let event_name = enum_name(&event);
        let row = TransitionRow {
            from: Some(transition.from),
            to: transition.to,
            event: &event_name,
            actor,
            at: now,
            reason: &transition.reason,
            reason_shared,
        };
        insert_transition(&mut tx, id, row).await?;
        tx.commit().await?;
        Ok((rel, transition))
    }

    /// A relationship's history, oldest first.
    pub async fn list_relationship_transitions(
        &self,
        id: RelationshipId,
    ) -> StoreResult<Vec<TransitionRecord>> {
        let rows = sqlx::query(
            "SELECT id, relationship_id, from_state, to_state, event, actor_id, at, reason, reason_shared \
             FROM relationship_transitions WHERE relationship_id = $1 ORDER BY at, id",
        )
        .bind(id.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let event = r.text("event")?;
                Ok(TransitionRecord {
                    id: r.int("id")?,
                    relationship_id: RelationshipId(r.int("relationship_id")?),
                    from: r
                        .opt_text("from_state")?
                        .map(|s| state("from_state", &s))
                        .transpose()?,
                    to: state("to_state", &r.text("to_state")?)?,
                    event: if event == CREATED_EVENT {
                        None
                    } else {
                        Some(parse_enum("event", &event)?)
                    },
                    actor: r.opt_int("actor_id")?.map(PersonId),
                    at: Timestamp(r.int("at")?),
                    reason: r.text("reason")?,
                    reason_shared: r.flag("reason_shared")?,
                })
            })
            .collect()
    }

    /// Records contact between the pair at `at` (a held meeting, a logged call);
    /// the latest contact wins. What the dormancy rule reads.
    pub async fn record_contact(&self, id: RelationshipId, at: Timestamp) -> StoreResult<()> {
        let mut conn = self.writer().acquire().await?;
        record_contact_in(&mut conn, id, at).await
    }
}

/// [`Store::record_contact`] inside a caller's transaction.
pub(crate) async fn record_contact_in(
    conn: &mut AnyConnection,
    id: RelationshipId,
    at: Timestamp,
) -> StoreResult<()> {
    let n = sqlx::query(
        "UPDATE relationships SET last_contact_at = $1 WHERE id = $2 AND (last_contact_at IS NULL OR last_contact_at < $1)",
    )
    .bind(at.0)
    .bind(id.0)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        let exists = sqlx::query("SELECT 1 AS one FROM relationships WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound("relationship"));
        }
    }
    Ok(())
}
