//! Meetings of a relationship and each author's notes on them.

use crate::relationships::record_contact_in;
use crate::row::{flag, RowExt};
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::meeting::{Meeting, MeetingInput, MeetingNote, MeetingStatus};
use mentorhub_domain::person::bounded_text;
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{MeetingId, PersonId, RelationshipId};
use sqlx::any::AnyRow;

const MEETING_COLUMNS: &str =
    "id, relationship_id, starts_at, duration_minutes, mode, status, agenda, next_meeting_at, \
     question_for_next, created_by, version";

fn meeting_from_row(row: &AnyRow) -> StoreResult<Meeting> {
    Ok(Meeting {
        id: MeetingId(row.int("id")?),
        relationship_id: RelationshipId(row.int("relationship_id")?),
        starts_at: Timestamp(row.int("starts_at")?),
        duration_minutes: row.int("duration_minutes")? as u32,
        mode: stored("mode", MeetingMode::parse(&row.text("mode")?))?,
        status: stored("status", MeetingStatus::parse(&row.text("status")?))?,
        agenda: row.text("agenda")?,
        next_meeting_at: row.opt_int("next_meeting_at")?.map(Timestamp),
        question_for_next: row.text("question_for_next")?,
        // A creator who was later erased reads as person 0.
        created_by: PersonId(row.opt_int("created_by")?.unwrap_or(0)),
        version: row.int("version")?,
    })
}

/// A note with when it was last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingNoteRecord {
    pub note: MeetingNote,
    pub updated_at: Timestamp,
}

impl Store {
    /// Schedules or logs a meeting. A meeting logged as held counts as contact
    /// for the dormancy rule, in the same transaction.
    pub async fn create_meeting(
        &self,
        relationship: RelationshipId,
        input: MeetingInput,
        created_by: PersonId,
        now: Timestamp,
    ) -> StoreResult<Meeting> {
        let m = input.validate(now)?;
        let mut tx = self.begin().await?;
        let sql = format!(
            "INSERT INTO meetings (relationship_id, starts_at, duration_minutes, mode, status, agenda, next_meeting_at, \
               question_for_next, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING {MEETING_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(relationship.0)
            .bind(m.starts_at.0)
            .bind(m.duration_minutes)
            .bind(m.mode.as_str())
            .bind(m.status.as_str())
            .bind(m.agenda)
            .bind(m.next_meeting_at.map(|t| t.0))
            .bind(m.question_for_next)
            .bind(created_by.0)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?;
        let meeting = meeting_from_row(&row)?;
        if meeting.status == MeetingStatus::Held {
            record_contact_in(&mut tx, relationship, meeting.starts_at).await?;
        }
        tx.commit().await?;
        Ok(meeting)
    }

    pub async fn get_meeting(&self, id: MeetingId) -> StoreResult<Meeting> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(meeting_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("meeting"))
    }

    /// A relationship's meetings, earliest first.
    pub async fn list_meetings(&self, relationship: RelationshipId) -> StoreResult<Vec<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE relationship_id = $1 ORDER BY starts_at, id");
        let rows = sqlx::query(&sql)
            .bind(relationship.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(meeting_from_row).collect()
    }

    /// Saves an edited meeting if it is still at `expected_version`; marking it
    /// held records the contact.
    pub async fn update_meeting(
        &self,
        id: MeetingId,
        input: MeetingInput,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<Meeting> {
        let m = input.validate(now)?;
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE meetings SET starts_at = $1, duration_minutes = $2, mode = $3, status = $4, agenda = $5, \
               next_meeting_at = $6, question_for_next = $7, updated_at = $8, version = version + 1 \
             WHERE id = $9 AND version = $10 RETURNING {MEETING_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(m.starts_at.0)
            .bind(m.duration_minutes)
            .bind(m.mode.as_str())
            .bind(m.status.as_str())
            .bind(m.agenda)
            .bind(m.next_meeting_at.map(|t| t.0))
            .bind(m.question_for_next)
            .bind(now.0)
            .bind(id.0)
            .bind(expected_version)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            drop(tx);
            self.get_meeting(id).await?;
            return Err(StoreError::StaleVersion("meeting"));
        };
        let meeting = meeting_from_row(&row)?;
        if meeting.status == MeetingStatus::Held {
            record_contact_in(&mut tx, meeting.relationship_id, meeting.starts_at).await?;
        }
        tx.commit().await?;
        Ok(meeting)
    }

    /// Writes the author's note on a meeting (one per author), private unless
    /// `shared` with the partner. Only the pair may write notes.
    pub async fn save_meeting_note(
        &self,
        meeting: MeetingId,
        author: PersonId,
        body: &str,
        shared: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        let body = bounded_text("body", body, 20_000)?;
        let party = sqlx::query(
            "SELECT 1 AS one FROM meetings m JOIN relationships r ON r.id = m.relationship_id \
             WHERE m.id = $1 AND (r.mentor_id = $2 OR r.mentee_id = $2)",
        )
        .bind(meeting.0)
        .bind(author.0)
        .fetch_optional(self.reader())
        .await?;
        if party.is_none() {
            return Err(StoreError::NotFound("meeting"));
        }
        sqlx::query(
            "INSERT INTO meeting_notes (meeting_id, author_id, body, shared, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (meeting_id, author_id) DO UPDATE SET body = excluded.body, shared = excluded.shared, updated_at = excluded.updated_at",
        )
        .bind(meeting.0)
        .bind(author.0)
        .bind(body)
        .bind(flag(shared))
        .bind(now.0)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// The notes on a meeting that `viewer` may read: their own, and the
    /// partner's shared one. Anyone outside the pair sees none (SPEC §9).
    pub async fn list_meeting_notes_for(
        &self,
        meeting: MeetingId,
        viewer: PersonId,
    ) -> StoreResult<Vec<MeetingNoteRecord>> {
        self.meeting_notes_where("n.meeting_id = $1", meeting.0, viewer)
            .await
    }

    /// The notes `viewer` may read on every meeting of a relationship, in one
    /// query (ordered by meeting): what a meeting log needs.
    pub async fn list_relationship_meeting_notes_for(
        &self,
        relationship: RelationshipId,
        viewer: PersonId,
    ) -> StoreResult<Vec<MeetingNoteRecord>> {
        self.meeting_notes_where("m.relationship_id = $1", relationship.0, viewer)
            .await
    }

    async fn meeting_notes_where(
        &self,
        condition: &str,
        id: i64,
        viewer: PersonId,
    ) -> StoreResult<Vec<MeetingNoteRecord>> {
        let sql = format!(
            "SELECT n.meeting_id, n.author_id, n.body, n.shared, n.updated_at FROM meeting_notes n \
             JOIN meetings m ON m.id = n.meeting_id JOIN relationships r ON r.id = m.relationship_id \
             WHERE {condition} AND (r.mentor_id = $2 OR r.mentee_id = $2) \
               AND (n.author_id = $2 OR n.shared = 1) \
             ORDER BY n.meeting_id, n.created_at, n.id"
        );
        let rows = sqlx::query(&sql)
            .bind(id)
            .bind(viewer.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MeetingNoteRecord {
                    note: MeetingNote {
                        meeting_id: MeetingId(r.int("meeting_id")?),
                        author_id: PersonId(r.int("author_id")?),
                        body: r.text("body")?,
                        shared: r.flag("shared")?,
                    },
                    updated_at: Timestamp(r.int("updated_at")?),
                })
            })
            .collect()
    }
}
