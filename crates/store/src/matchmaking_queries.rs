//! What finding a mentor asks of the database: the qualified mentor pool and the
//! assessed mentees of a programme in one query each, a cheap fingerprint that
//! changes whenever either could, self-match requests, and the per-mentor lock
//! that keeps "capacity check, then start" atomic.

use crate::people::{person_from_row, PERSON_COLUMNS};
use crate::relationships::OPEN_STATES_SQL;
use crate::row::{flag, RowExt};
use crate::util::{on_unique, stored};
use crate::{Backend, Store, StoreError, StoreResult};
use mentorhub_domain::mentor_request::{MentorRequest, RequestState};
use mentorhub_domain::person::Person;
use mentorhub_domain::profile::{LeadershipStyle, MentorProfile, SelfAssessment, StylePreference};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId, RelationshipId};
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// An approved mentor of a programme with a profile, and what qualifies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolMentor {
    pub enrolment_id: EnrolmentId,
    pub person: Person,
    pub profile: MentorProfile,
    /// Open relationships as mentor, in every programme (what capacity counts).
    pub open_mentees: i64,
    /// Whether every required mentor training is complete.
    pub training_complete: bool,
}

/// A mentee of a programme who has assessed themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolMentee {
    pub enrolment_id: EnrolmentId,
    pub person: Person,
    pub assessment: SelfAssessment,
    /// Whether they already have an open relationship in this programme.
    pub has_open_relationship: bool,
    pub training_complete: bool,
}

/// Holds the lock on one mentor's capacity until dropped or released. On
/// PostgreSQL it is a transaction holding the mentor's row (`FOR NO KEY UPDATE`,
/// which the relationship insert's foreign-key check does not wait for); on
/// SQLite, where one process owns the file, the caller's in-process lock does
/// the work and this holds nothing.
pub struct MentorLock {
    tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
}

impl MentorLock {
    pub async fn release(self) -> StoreResult<()> {
        if let Some(tx) = self.tx {
            tx.commit().await?;
        }
        Ok(())
    }
}

const REQUEST_COLUMNS: &str =
    "q.id, q.programme_id, q.mentee_id, q.mentor_id, q.message, q.state, q.reason, q.reason_shared, q.version";

fn request_from_row(row: &AnyRow) -> StoreResult<MentorRequest> {
    Ok(MentorRequest {
        id: row.int("id")?,
        programme_id: ProgrammeId(row.int("programme_id")?),
        mentee_id: PersonId(row.int("mentee_id")?),
        mentor_id: PersonId(row.int("mentor_id")?),
        message: row.text("message")?,
        state: stored("state", RequestState::parse(&row.text("state")?))?,
        reason: row.text("reason")?,
        reason_shared: row.flag("reason_shared")?,
        version: row.int("version")?,
    })
}

/// Required resources for `role` that the person on the row has not completed.
fn training_missing_sql(role: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM resources x WHERE x.required = 1 AND (x.programme_id IS NULL OR x.programme_id = e.programme_id) \
           AND x.audience IN ('{role}', 'everyone') \
           AND NOT EXISTS (SELECT 1 FROM resource_completions c WHERE c.resource_id = x.id AND c.person_id = p.id))"
    )
}

impl Store {
    /// Every approved mentor of `programme` who has a profile and is still with
    /// the organisation, by name. (A whole-programme scan: read on the pool's
    /// threads, not inline on an async worker.)
    pub async fn pool_mentors(&self, programme: ProgrammeId) -> StoreResult<Vec<PoolMentor>> {
        let sql = format!(
            "SELECT e.id AS enrolment_id, {PERSON_COLUMNS}, m.bio, m.expertise, m.leadership_style, m.personal_style, \
               m.track_record, m.capacity, m.availability, m.meeting_modes, \
               (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = p.id AND r.state IN {OPEN_STATES_SQL}) AS open_mentees, \
               {} AS training_missing \
             FROM enrolments e JOIN people p ON p.id = e.person_id JOIN mentor_profiles m ON m.enrolment_id = e.id \
             WHERE e.programme_id = $1 AND e.role = 'mentor' AND e.status = 'approved' AND p.active = 1 \
             ORDER BY p.name, p.id",
            training_missing_sql("mentor")
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|row| {
                let enrolment_id = EnrolmentId(row.int("enrolment_id")?);
                Ok(PoolMentor {
                    enrolment_id,
                    person: person_from_row(row)?,
                    profile: MentorProfile {
                        enrolment_id,
                        bio: row.text("bio")?,
                        expertise: row.json("expertise")?,
                        leadership_style: stored(
                            "leadership_style",
                            LeadershipStyle::parse(&row.text("leadership_style")?),
                        )?,
                        personal_style: row.json("personal_style")?,
                        track_record: row.text("track_record")?,
                        capacity: row.int("capacity")? as u8,
                        availability: row.text("availability")?,
                        meeting_modes: row.json("meeting_modes")?,
                    },
                    open_mentees: row.int("open_mentees")?,
                    training_complete: row.int("training_missing")? == 0,
                })
            })
            .collect()
    }

    /// Every mentee of `programme` who has not withdrawn and has a
    /// self-assessment, by name (on the pool's threads, as above).
    pub async fn pool_mentees(&self, programme: ProgrammeId) -> StoreResult<Vec<PoolMentee>> {
        let sql = format!(
            "SELECT e.id AS enrolment_id, {PERSON_COLUMNS}, s.focus_skills, s.leadership_style, s.style_preference, \
               s.personal_preference, s.goals_this_year, s.three_year_view, \
               (SELECT COUNT(*) FROM relationships r WHERE r.mentee_id = p.id AND r.programme_id = e.programme_id \
                  AND r.state IN {OPEN_STATES_SQL}) AS open_here, \
               {} AS training_missing \
             FROM enrolments e JOIN people p ON p.id = e.person_id JOIN self_assessments s ON s.enrolment_id = e.id \
             WHERE e.programme_id = $1 AND e.role = 'mentee' AND e.status <> 'withdrawn' AND p.active = 1 \
             ORDER BY p.name, p.id",
            training_missing_sql("mentee")
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|row| {
                let enrolment_id = EnrolmentId(row.int("enrolment_id")?);
                Ok(PoolMentee {
                    enrolment_id,
                    person: person_from_row(row)?,
                    assessment: SelfAssessment {
                        enrolment_id,
                        focus_skills: row.json("focus_skills")?,
                        leadership_style: stored(
                            "leadership_style",
                            LeadershipStyle::parse(&row.text("leadership_style")?),
                        )?,
                        style_preference: stored(
                            "style_preference",
                            StylePreference::parse(&row.text("style_preference")?),
                        )?,
                        personal_preference: row.json("personal_preference")?,
                        goals_this_year: row.text("goals_this_year")?,
                        three_year_view: row.text("three_year_view")?,
                    },
                    has_open_relationship: row.int("open_here")? > 0,
                    training_complete: row.int("training_missing")? == 0,
                })
            })
            .collect()
    }

    /// Everyone's direct manager, for management chains in bulk (on the pool's
    /// threads, as above).
    pub async fn manager_map(&self) -> StoreResult<HashMap<PersonId, PersonId>> {
        let rows = sqlx::query("SELECT id, manager_id FROM people WHERE manager_id IS NOT NULL")
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| Ok((PersonId(r.int("id")?), PersonId(r.int("manager_id")?))))
            .collect()
    }

    /// A value that changes whenever the mentor pool or the assessed mentees of
    /// `programme` could have: enrolments, profiles, self-assessments, people,
    /// training, any relationship's state, the programme's settings. Cheap enough
    /// to ask on every directory page, so a cached pool is never served stale.
    pub async fn pool_fingerprint(&self, programme: ProgrammeId) -> StoreResult<Vec<i64>> {
        // SQLite: triggers count every write to the source tables in the
        // writing transaction. PostgreSQL: the count is spread over stripes,
        // bumped at commit (see the `change_stripes` migration). Either way one
        // small read instead of scans over the tables.
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT (SELECT version FROM programmes WHERE id = $1) AS programme_version, \
                   (SELECT n FROM directory_changes WHERE id = 1) AS changes"
            }
            Backend::Postgres => {
                "SELECT (SELECT version FROM programmes WHERE id = $1) AS programme_version, \
                   (SELECT CAST(SUM(directory) AS BIGINT) FROM change_stripes) AS changes"
            }
        };
        let row = sqlx::query(sql)
            .bind(programme.0)
            .fetch_one(self.reader())
            .await?;
        Ok(vec![
            row.opt_int("programme_version")?.unwrap_or(-1),
            row.opt_int("changes")?.unwrap_or(-1),
        ])
    }

    /// Whether `mentee` has an open relationship in `programme`.
    pub async fn has_open_relationship_in(
        &self,
        programme: ProgrammeId,
        mentee: PersonId,
    ) -> StoreResult<bool> {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM relationships WHERE programme_id = $1 AND mentee_id = $2 AND state IN {OPEN_STATES_SQL}"
        );
        let row = sqlx::query(&sql)
            .bind(programme.0)
            .bind(mentee.0)
            .fetch_one(self.reader())
            .await?;
        Ok(row.int("n")? > 0)
    }

    /// Takes the lock on `mentor`'s capacity (see [`MentorLock`]).
    pub async fn lock_mentor(&self, mentor: PersonId) -> StoreResult<MentorLock> {
        if self.backend() == Backend::Sqlite {
            return Ok(MentorLock { tx: None });
        }
        let mut tx = self.begin().await?;
        let found = sqlx::query("SELECT id FROM people WHERE id = $1 FOR NO KEY UPDATE")
            .bind(mentor.0)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound("mentor"));
        }
        Ok(MentorLock { tx: Some(tx) })
    }

    /// Records a mentee's request to a mentor. One open request per mentee and
    /// programme: a second is refused until the first is answered or withdrawn.
    pub async fn create_mentor_request(
        &self,
        programme: ProgrammeId,
        mentee: PersonId,
        mentor: PersonId,
        message: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let r = sqlx::query(
            "INSERT INTO mentor_requests (programme_id, mentee_id, mentor_id, message, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(programme.0)
        .bind(mentee.0)
        .bind(mentor.0)
        .bind(message.trim().to_string())
        .bind(now.0)
        .fetch_one(self.writer())
        .await;
        let row = on_unique(
            r,
            "mentor",
            "you already have a request waiting for an answer in this programme; withdraw it first",
        )?;
        row.int("id")
    }

    pub async fn get_mentor_request(&self, id: i64) -> StoreResult<MentorRequest> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM mentor_requests q WHERE q.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(request_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("request"))
    }

    /// Requests made to `mentor`, open ones first, newest first.
    pub async fn list_requests_to(&self, mentor: PersonId) -> StoreResult<Vec<MentorRequest>> {
        self.list_requests("q.mentor_id = $1", mentor.0, None).await
    }

    /// A mentee's requests in a programme, newest first.
    pub async fn list_requests_of(
        &self,
        programme: ProgrammeId,
        mentee: PersonId,
    ) -> StoreResult<Vec<MentorRequest>> {
        self.list_requests(
            "q.mentee_id = $1 AND q.programme_id = $2",
            mentee.0,
            Some(programme.0),
        )
        .await
    }

    async fn list_requests(
        &self,
        condition: &str,
        a: i64,
        b: Option<i64>,
    ) -> StoreResult<Vec<MentorRequest>> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM mentor_requests q WHERE {condition} \
             ORDER BY (CASE WHEN q.state = 'open' THEN 0 ELSE 1 END), q.created_at DESC, q.id DESC"
        );
        let mut q = sqlx::query(&sql).bind(a);
        if let Some(b) = b {
            q = q.bind(b);
        }
        let rows = q.fetch_all(self.reader()).await?;
        rows.iter().map(request_from_row).collect()
    }

    #[allow(clippy::too_many_arguments)]
    /// Moves an open request to `to`; false when it was no longer open at
    /// `expected_version` (answered twice, or by two tabs at once).
    pub async fn close_mentor_request(
        &self,
        id: i64,
        expected_version: i64,
        to: RequestState,
        reason: &str,
        reason_shared: bool,
        relationship: Option<RelationshipId>,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE mentor_requests SET state = $1, reason = $2, reason_shared = $3, relationship_id = $4, \
               decided_at = $5, version = version + 1 \
             WHERE id = $6 AND version = $7 AND state = 'open'",
        )
        .bind(to.as_str())
        .bind(reason.trim().to_string())
        .bind(flag(reason_shared))
        .bind(relationship.map(|r| r.0))
        .bind(now.0)
        .bind(id)
        .bind(expected_version)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records the relationship an accepted request started.
    pub async fn link_request_relationship(
        &self,
        id: i64,
        relationship: RelationshipId,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mentor_requests SET relationship_id = $1 WHERE id = $2 AND state = 'accepted'",
        )
        .bind(relationship.0)
        .bind(id)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Opens again a request whose acceptance could not start a relationship
    /// (no place left, say); `false` when it is no longer such a request.
    pub async fn reopen_mentor_request(&self, id: i64) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE mentor_requests SET state = 'open', decided_at = NULL, version = version + 1 \
             WHERE id = $1 AND state = 'accepted' AND relationship_id IS NULL",
        )
        .bind(id)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}
