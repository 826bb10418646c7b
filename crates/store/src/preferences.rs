//! A mentee's ranked choices of mentor (`004_…` step 3). Private: they are read by
//! the mentee and the admin's matching, never shown to a mentor.

use crate::row::RowExt;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::profile::{validate_preferences, Preference};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{DomainError, EnrolmentId, ProgrammeId};
use sqlx::any::AnyRow;

fn preference_from_row(row: &AnyRow) -> StoreResult<Preference> {
    Ok(Preference {
        mentee_enrolment: EnrolmentId(row.int("mentee_enrolment_id")?),
        mentor_enrolment: EnrolmentId(row.int("mentor_enrolment_id")?),
        rank: row.int("rank")? as u8,
    })
}

impl Store {
    /// Replaces a mentee's choices (one or two mentors, ranked 1 and 2) at once:
    /// a reader sees the old list or the new one, never half of each. Each choice
    /// must be a mentor enrolment in the mentee's own programme.
    pub async fn set_preferences(
        &self,
        mentee_enrolment: EnrolmentId,
        choices: &[(EnrolmentId, u8)],
        now: Timestamp,
    ) -> StoreResult<()> {
        validate_preferences(choices)?;
        let mut tx = self.begin().await?;
        let mentee = sqlx::query("SELECT programme_id, role FROM enrolments WHERE id = $1")
            .bind(mentee_enrolment.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("enrolment"))?;
        if mentee.text("role")? != ParticipantRole::Mentee.as_str() {
            return Err(DomainError::invalid("preferences", "only a mentee ranks mentors").into());
        }
        let programme = mentee.int("programme_id")?;
        for (mentor, _) in choices {
            let ok = sqlx::query(
                "SELECT 1 AS one FROM enrolments WHERE id = $1 AND programme_id = $2 AND role = 'mentor' AND status = 'approved'",
            )
            .bind(mentor.0)
            .bind(programme)
            .fetch_optional(&mut *tx)
            .await?;
            if ok.is_none() {
                return Err(DomainError::invalid(
                    "preferences",
                    "choose from this programme's approved mentors",
                )
                .into());
            }
        }
        sqlx::query("DELETE FROM preferences WHERE mentee_enrolment_id = $1")
            .bind(mentee_enrolment.0)
            .execute(&mut *tx)
            .await?;
        for (mentor, rank) in choices {
            sqlx::query("INSERT INTO preferences (mentee_enrolment_id, mentor_enrolment_id, rank, created_at) VALUES ($1, $2, $3, $4)")
                .bind(mentee_enrolment.0)
                .bind(mentor.0)
                .bind(i64::from(*rank))
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A mentee's own choices, first choice first.
    pub async fn get_preferences(
        &self,
        mentee_enrolment: EnrolmentId,
    ) -> StoreResult<Vec<Preference>> {
        let rows = sqlx::query(
            "SELECT mentee_enrolment_id, mentor_enrolment_id, rank FROM preferences WHERE mentee_enrolment_id = $1 ORDER BY rank",
        )
        .bind(mentee_enrolment.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(preference_from_row).collect()
    }

    /// Every choice made in a programme (for the admin and the matcher only).
    pub async fn list_programme_preferences(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<Preference>> {
        let rows = sqlx::query(
            "SELECT f.mentee_enrolment_id, f.mentor_enrolment_id, f.rank FROM preferences f \
             JOIN enrolments e ON e.id = f.mentee_enrolment_id \
             WHERE e.programme_id = $1 AND e.status <> 'withdrawn' ORDER BY f.mentee_enrolment_id, f.rank",
        )
        .bind(programme.0)
        .fetch_all(self.reader().pool())
        .await?;
        rows.iter().map(preference_from_row).collect()
    }
}
