//! Rows for a programme's CSV exports: participants, relationships with their
//! state history, meetings (dates and modes, never agendas or notes) and the open
//! pairs with their cadence and contact. Each is one query.

use super::TRAINING_MISSING;
use crate::relationships::OPEN_STATES_SQL;
use crate::row::RowExt;
use crate::util::stored;
use crate::{Store, StoreResult};
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::meeting::MeetingStatus;
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{Origin, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use mentorhub_domain::RelationshipId;

/// One enrolment of the programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantExportRow {
    pub employee_id: String,
    pub name: String,
    pub role: ParticipantRole,
    pub status: EnrolmentStatus,
    pub enrolled_at: Timestamp,
    /// Every required item for the role completed.
    pub training_complete: bool,
    /// Open relationships in the programme, in this role.
    pub open_relationships: i64,
}

/// One step of a relationship's history (the first is its creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionExportRow {
    pub relationship_id: RelationshipId,
    pub mentor_name: String,
    pub mentee_name: String,
    pub origin: Origin,
    pub current_state: RelationshipState,
    pub at: Timestamp,
    pub from: Option<RelationshipState>,
    pub to: RelationshipState,
    /// The event's name (`introduce`, `declare_dormant`…; `created` for the first row).
    pub event: String,
}

/// One meeting: when, how long, how, and whether it was held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingExportRow {
    pub relationship_id: RelationshipId,
    pub mentor_name: String,
    pub mentee_name: String,
    pub starts_at: Timestamp,
    pub duration_minutes: i64,
    pub mode: MeetingMode,
    pub status: MeetingStatus,
}

/// An open pair with what cadence and dormancy need: the caller works out
/// meetings expected with `Cadence::expected_meetings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPairRow {
    pub relationship_id: RelationshipId,
    pub mentor_name: String,
    pub mentee_name: String,
    pub state: RelationshipState,
    pub introduced_at: Option<Timestamp>,
    pub activated_at: Option<Timestamp>,
    pub last_contact_at: Option<Timestamp>,
    pub cadence: Cadence,
    /// Held meetings since activation (0 before).
    pub held_since_activation: i64,
}

const PAIR_NAMES: &str =
    "JOIN people mr ON mr.id = r.mentor_id JOIN people me ON me.id = r.mentee_id";

impl Store {
    /// Every enrolment, by role then name.
    pub async fn health_export_participants(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<ParticipantExportRow>> {
        let sql = format!(
            "SELECT p.employee_id, p.name, e.role, e.status, e.created_at, {TRAINING_MISSING} AS training_missing, \
               CASE WHEN e.role = 'mentor' \
                 THEN (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = e.person_id AND r.programme_id = e.programme_id AND r.state IN {OPEN_STATES_SQL}) \
                 ELSE (SELECT COUNT(*) FROM relationships r WHERE r.mentee_id = e.person_id AND r.programme_id = e.programme_id AND r.state IN {OPEN_STATES_SQL}) \
               END AS open_relationships \
             FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.programme_id = $1 \
             ORDER BY e.role, p.name, e.id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ParticipantExportRow {
                    employee_id: r.text("employee_id")?,
                    name: r.text("name")?,
                    role: stored("role", ParticipantRole::parse(&r.text("role")?))?,
                    status: stored("status", EnrolmentStatus::parse(&r.text("status")?))?,
                    enrolled_at: Timestamp(r.int("created_at")?),
                    training_complete: r.int("training_missing")? == 0,
                    open_relationships: r.int("open_relationships")?,
                })
            })
            .collect()
    }

    /// Every relationship's history, relationship by relationship, oldest step
    /// first. Reasons are free text and stay out.
    pub async fn health_export_transitions(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<TransitionExportRow>> {
        let sql = format!(
            "SELECT r.id, r.origin, r.state, mr.name AS mentor_name, me.name AS mentee_name, \
               t.at, t.from_state, t.to_state, t.event \
             FROM relationship_transitions t JOIN relationships r ON r.id = t.relationship_id {PAIR_NAMES} \
             WHERE r.programme_id = $1 ORDER BY r.id, t.at, t.id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        let state = |col: &str, s: &str| stored(col, RelationshipState::parse(s));
        rows.iter()
            .map(|r| {
                Ok(TransitionExportRow {
                    relationship_id: RelationshipId(r.int("id")?),
                    mentor_name: r.text("mentor_name")?,
                    mentee_name: r.text("mentee_name")?,
                    origin: stored("origin", Origin::parse(&r.text("origin")?))?,
                    current_state: state("state", &r.text("state")?)?,
                    at: Timestamp(r.int("at")?),
                    from: r
                        .opt_text("from_state")?
                        .map(|s| state("from_state", &s))
                        .transpose()?,
                    to: state("to_state", &r.text("to_state")?)?,
                    event: r.text("event")?,
                })
            })
            .collect()
    }

    /// Every meeting of the programme's relationships: dates and modes only.
    pub async fn health_export_meetings(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<MeetingExportRow>> {
        let sql = format!(
            "SELECT r.id, mr.name AS mentor_name, me.name AS mentee_name, m.starts_at, m.duration_minutes, m.mode, m.status \
             FROM meetings m JOIN relationships r ON r.id = m.relationship_id {PAIR_NAMES} \
             WHERE r.programme_id = $1 ORDER BY r.id, m.starts_at, m.id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MeetingExportRow {
                    relationship_id: RelationshipId(r.int("id")?),
                    mentor_name: r.text("mentor_name")?,
                    mentee_name: r.text("mentee_name")?,
                    starts_at: Timestamp(r.int("starts_at")?),
                    duration_minutes: r.int("duration_minutes")?,
                    mode: stored("mode", MeetingMode::parse(&r.text("mode")?))?,
                    status: stored("status", MeetingStatus::parse(&r.text("status")?))?,
                })
            })
            .collect()
    }

    /// Every open pair, with its cadence, held meetings to `now` and last contact.
    pub async fn health_export_open_pairs(
        &self,
        programme: ProgrammeId,
        now: Timestamp,
    ) -> StoreResult<Vec<OpenPairRow>> {
        let sql = format!(
            "SELECT r.id, r.state, r.introduced_at, r.activated_at, r.last_contact_at, \
               mr.name AS mentor_name, me.name AS mentee_name, COALESCE(a.cadence, g.cadence) AS cadence, \
               (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = r.id AND m.status = 'held' \
                  AND r.activated_at IS NOT NULL AND m.starts_at >= r.activated_at AND m.starts_at <= $1) AS held \
             FROM relationships r JOIN programmes g ON g.id = r.programme_id \
               LEFT JOIN agreements a ON a.relationship_id = r.id {PAIR_NAMES} \
             WHERE r.programme_id = $2 AND r.state IN {OPEN_STATES_SQL} ORDER BY r.id"
        );
        let rows = sqlx::query(&sql)
            .bind(now.0)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        let ts = |r: &sqlx::any::AnyRow, c: &str| -> StoreResult<Option<Timestamp>> {
            Ok(r.opt_int(c)?.map(Timestamp))
        };
        rows.iter()
            .map(|r| {
                Ok(OpenPairRow {
                    relationship_id: RelationshipId(r.int("id")?),
                    mentor_name: r.text("mentor_name")?,
                    mentee_name: r.text("mentee_name")?,
                    state: stored("state", RelationshipState::parse(&r.text("state")?))?,
                    introduced_at: ts(r, "introduced_at")?,
                    activated_at: ts(r, "activated_at")?,
                    last_contact_at: ts(r, "last_contact_at")?,
                    cadence: stored("cadence", Cadence::parse(&r.text("cadence")?))?,
                    held_since_activation: r.int("held")?,
                })
            })
            .collect()
    }
}
