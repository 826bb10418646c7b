//! What the relationship pages ask beyond the core tables' modules: the
//! manager's note of support, the pair's choices at reassessment, and a
//! programme's check-in answers for its administrators.

use crate::row::RowExt;
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::checkin::CheckIn;
use mentorhub_domain::closing::ReassessmentChoice;
use mentorhub_domain::person::bounded_text;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};

/// One person's check-in in a programme, with who they are and whom they are
/// paired with: what an administrator reads (SPEC §9: admins see answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeCheckIn {
    pub checkin: CheckIn,
    pub person_name: String,
    /// "mentor" or "mentee".
    pub role: &'static str,
    pub mentor_name: String,
    pub mentee_name: String,
    pub state: RelationshipState,
}

impl Store {
    /// Sets what the mentee's manager says they will do to support the pair
    /// (time to meet, interest in what is learned). Shown to the pair.
    pub async fn set_manager_support_note(
        &self,
        relationship: RelationshipId,
        note: &str,
    ) -> StoreResult<String> {
        let note = bounded_text("note", note, 2000)?;
        let n = sqlx::query("UPDATE relationships SET manager_support_note = $1 WHERE id = $2")
            .bind(note.clone())
            .bind(relationship.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("relationship"));
        }
        Ok(note)
    }

    pub async fn get_manager_support_note(
        &self,
        relationship: RelationshipId,
    ) -> StoreResult<String> {
        sqlx::query("SELECT manager_support_note FROM relationships WHERE id = $1")
            .bind(relationship.0)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("relationship"))?
            .text("manager_support_note")
    }

    /// Records (or changes) `person`'s choice for the period that started at
    /// `period`, and returns every choice made for that period, both people's,
    /// read in the same transaction.
    pub async fn record_reassessment_choice(
        &self,
        relationship: RelationshipId,
        person: PersonId,
        period: Timestamp,
        choice: ReassessmentChoice,
        now: Timestamp,
    ) -> StoreResult<Vec<(PersonId, ReassessmentChoice)>> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO reassessment_choices (relationship_id, person_id, period_started_at, choice, chosen_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (relationship_id, person_id, period_started_at) \
             DO UPDATE SET choice = excluded.choice, chosen_at = excluded.chosen_at",
        )
        .bind(relationship.0)
        .bind(person.0)
        .bind(period.0)
        .bind(choice.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let choices = choices_in(&mut tx, relationship, period).await?;
        tx.commit().await?;
        Ok(choices)
    }

    /// The choices made for the period that started at `period`.
    pub async fn list_reassessment_choices(
        &self,
        relationship: RelationshipId,
        period: Timestamp,
    ) -> StoreResult<Vec<(PersonId, ReassessmentChoice)>> {
        let mut conn = self.reader().pool().acquire().await?;
        choices_in(&mut conn, relationship, period).await
    }

    /// Every check-in of a programme's relationships, by relationship, then by the
    /// day it fell due, mentor before mentee.
    pub async fn list_programme_checkins(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<ProgrammeCheckIn>> {
        let rows = sqlx::query(
            "SELECT c.id, c.relationship_id, c.person_id, c.due_day, c.due_at, c.in_regular_contact, c.working, \
               c.what_would_help, c.answered_at, p.name AS person_name, mr.name AS mentor_name, \
               me.name AS mentee_name, r.state, r.mentor_id \
             FROM checkins c JOIN relationships r ON r.id = c.relationship_id \
             JOIN people p ON p.id = c.person_id JOIN people mr ON mr.id = r.mentor_id \
             JOIN people me ON me.id = r.mentee_id \
             WHERE r.programme_id = $1 \
             ORDER BY me.name, r.id, c.due_day, (CASE WHEN c.person_id = r.mentor_id THEN 0 ELSE 1 END)",
        )
        .bind(programme.0)
        .fetch_all(self.reader().pool())
        .await?;
        rows.iter()
            .map(|r| {
                let checkin = crate::checkins::checkin_from_row(r)?;
                let role = if checkin.person_id.0 == r.int("mentor_id")? {
                    "mentor"
                } else {
                    "mentee"
                };
                Ok(ProgrammeCheckIn {
                    checkin,
                    person_name: r.text("person_name")?,
                    role,
                    mentor_name: r.text("mentor_name")?,
                    mentee_name: r.text("mentee_name")?,
                    state: stored("state", RelationshipState::parse(&r.text("state")?))?,
                })
            })
            .collect()
    }
}

async fn choices_in(
    conn: &mut sqlx::AnyConnection,
    relationship: RelationshipId,
    period: Timestamp,
) -> StoreResult<Vec<(PersonId, ReassessmentChoice)>> {
    let rows = sqlx::query(
        "SELECT person_id, choice FROM reassessment_choices \
         WHERE relationship_id = $1 AND period_started_at = $2 ORDER BY person_id",
    )
    .bind(relationship.0)
    .bind(period.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                PersonId(r.int("person_id")?),
                stored("choice", ReassessmentChoice::parse(&r.text("choice")?))?,
            ))
        })
        .collect()
}
