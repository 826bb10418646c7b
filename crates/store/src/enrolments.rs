//! Enrolments: a person in a programme in one role, and a mentor application's decision.

use crate::row::RowExt;
use crate::util::on_unique;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::enrolment::{Enrolment, EnrolmentStatus, ParticipantRole};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{DomainError, EnrolmentId, PersonId, ProgrammeId};
use sqlx::any::AnyRow;

const ENROLMENT_COLUMNS: &str =
    "e.id, e.programme_id, e.person_id, e.role, e.status, e.decision_reason";

/// An enrolment with what an admin's participant list shows about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentListing {
    pub enrolment: Enrolment,
    pub name: String,
    pub email: String,
    pub title: String,
    pub career_level: i64,
    pub location: String,
    pub function: String,
    pub programme_name: String,
    pub created_at: Timestamp,
    pub decided_by: Option<PersonId>,
    pub decided_at: Option<Timestamp>,
}

pub(crate) fn enrolment_from_row(row: &AnyRow) -> StoreResult<Enrolment> {
    Ok(Enrolment {
        id: EnrolmentId(row.int("id")?),
        programme_id: ProgrammeId(row.int("programme_id")?),
        person_id: PersonId(row.int("person_id")?),
        role: crate::util::stored("role", ParticipantRole::parse(&row.text("role")?))?,
        status: crate::util::stored("status", EnrolmentStatus::parse(&row.text("status")?))?,
        decision_reason: row.opt_text("decision_reason")?,
    })
}

fn listing_from_row(row: &AnyRow) -> StoreResult<EnrolmentListing> {
    Ok(EnrolmentListing {
        enrolment: enrolment_from_row(row)?,
        name: row.text("name")?,
        email: row.text("email")?,
        title: row.text("title")?,
        career_level: row.int("career_level")?,
        location: row.text("location")?,
        function: row.text("function")?,
        programme_name: row.text("programme_name")?,
        created_at: Timestamp(row.int("created_at")?),
        decided_by: row.opt_int("decided_by")?.map(PersonId),
        decided_at: row.opt_int("decided_at")?.map(Timestamp),
    })
}

const LISTING_SELECT: &str = "SELECT e.id, e.programme_id, e.person_id, e.role, e.status, e.decision_reason, \
     e.created_at, e.decided_by, e.decided_at, p.name, p.email, p.title, p.career_level, p.location, p.function, \
     g.name AS programme_name \
     FROM enrolments e JOIN people p ON p.id = e.person_id JOIN programmes g ON g.id = e.programme_id";

impl Store {
    /// Enrols a person. A mentor starts as an application (`applied`, waiting for
    /// the admin's assessment); a mentee as `enrolled` (self-assessment to do).
    pub async fn create_enrolment(
        &self,
        programme: ProgrammeId,
        person: PersonId,
        role: ParticipantRole,
        now: Timestamp,
    ) -> StoreResult<EnrolmentId> {
        let status = match role {
            ParticipantRole::Mentor => EnrolmentStatus::Applied,
            ParticipantRole::Mentee => EnrolmentStatus::Enrolled,
        };
        let r = sqlx::query(
            "INSERT INTO enrolments (programme_id, person_id, role, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(programme.0)
        .bind(person.0)
        .bind(role.as_str())
        .bind(status.as_str())
        .bind(now.0)
        .fetch_one(self.writer())
        .await;
        let msg = format!(
            "this person is already enrolled as {} in this programme",
            role.as_str()
        );
        let row = on_unique(r, "role", &msg)?;
        Ok(EnrolmentId(row.int("id")?))
    }

    pub async fn get_enrolment(&self, id: EnrolmentId) -> StoreResult<Enrolment> {
        let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments e WHERE e.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(enrolment_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("enrolment"))
    }

    /// A person's enrolment in a programme in a role, if any.
    pub async fn find_enrolment(
        &self,
        programme: ProgrammeId,
        person: PersonId,
        role: ParticipantRole,
    ) -> StoreResult<Option<Enrolment>> {
        let sql = format!(
            "SELECT {ENROLMENT_COLUMNS} FROM enrolments e WHERE e.programme_id = $1 AND e.person_id = $2 AND e.role = $3"
        );
        let row = sqlx::query(&sql)
            .bind(programme.0)
            .bind(person.0)
            .bind(role.as_str())
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(enrolment_from_row).transpose()
    }

    /// A programme's participants, by name; `role` and `status` filter when given.
    pub async fn list_enrolments(
        &self,
        programme: ProgrammeId,
        role: Option<ParticipantRole>,
        status: Option<EnrolmentStatus>,
    ) -> StoreResult<Vec<EnrolmentListing>> {
        let sql = format!(
            "{LISTING_SELECT} WHERE e.programme_id = $1 \
               AND e.role = COALESCE($2, e.role) AND e.status = COALESCE($3, e.status) \
             ORDER BY p.name, e.id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .bind(role.map(|r| r.as_str()))
            .bind(status.map(|s| s.as_str()))
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// Every enrolment of a person, in every programme, newest first.
    pub async fn list_enrolments_of_person(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<EnrolmentListing>> {
        let sql = format!(
            "{LISTING_SELECT} WHERE e.person_id = $1 ORDER BY e.created_at DESC, e.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// The admin's decision on a mentor application (`002_…` §2): approve, or
    /// decline with a reason the applicant is told. Returns the new status.
    pub async fn decide_mentor_application(
        &self,
        id: EnrolmentId,
        approve: bool,
        reason: &str,
        decided_by: PersonId,
        now: Timestamp,
    ) -> StoreResult<EnrolmentStatus> {
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments e WHERE e.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
        let enrolment = row
            .as_ref()
            .map(enrolment_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("enrolment"))?;
        let status = enrolment.decide(approve, reason)?;
        let reason = reason.trim();
        sqlx::query(
            "UPDATE enrolments SET status = $1, decision_reason = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $5",
        )
        .bind(status.as_str())
        .bind((!reason.is_empty()).then(|| reason.to_string()))
        .bind(decided_by.0)
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Sets a mentee's status (e.g. `approved` once the self-assessment is
    /// complete). Mentor applications go through [`Store::decide_mentor_application`].
    pub async fn set_mentee_enrolment_status(
        &self,
        id: EnrolmentId,
        status: EnrolmentStatus,
        now: Timestamp,
    ) -> StoreResult<()> {
        if !matches!(
            status,
            EnrolmentStatus::Enrolled | EnrolmentStatus::Approved
        ) {
            return Err(DomainError::invalid(
                "status",
                "a mentee is enrolled or approved; use withdraw to leave",
            )
            .into());
        }
        let n = sqlx::query("UPDATE enrolments SET status = $1, updated_at = $2 WHERE id = $3 AND role = 'mentee' AND status <> 'withdrawn'")
            .bind(status.as_str())
            .bind(now.0)
            .bind(id.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("mentee enrolment"));
        }
        Ok(())
    }

    /// The person leaves the programme. Their open relationships are not touched:
    /// those end through the relationship's own transitions.
    pub async fn withdraw_enrolment(&self, id: EnrolmentId, now: Timestamp) -> StoreResult<()> {
        let n = sqlx::query(
            "UPDATE enrolments SET status = 'withdrawn', updated_at = $1 WHERE id = $2",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(self.writer())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("enrolment"));
        }
        Ok(())
    }
}
