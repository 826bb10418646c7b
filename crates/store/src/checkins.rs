//! Check-ins at 1 and 3 months (private answers) and closing reflections.

use crate::row::{flag, RowExt};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::checkin::{CheckIn, CheckInAnswer};
use mentorhub_domain::person::bounded_text;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{CheckInId, PersonId, RelationshipId};
use sqlx::any::AnyRow;

const CHECKIN_COLUMNS: &str =
    "id, relationship_id, person_id, due_day, due_at, in_regular_contact, working, what_would_help, answered_at";

/// A check-in from a row with the `checkins` columns (also used by joined queries).
pub(crate) fn checkin_from_row(row: &AnyRow) -> StoreResult<CheckIn> {
    let answer = match row.opt_int("answered_at")? {
        Some(at) => Some(CheckInAnswer {
            in_regular_contact: row.opt_flag("in_regular_contact")?.unwrap_or(false),
            working: row.opt_int("working")?.unwrap_or(0) as u8,
            what_would_help: row.opt_text("what_would_help")?.unwrap_or_default(),
            answered_at: Timestamp(at),
        }),
        None => None,
    };
    Ok(CheckIn {
        id: CheckInId(row.int("id")?),
        relationship_id: RelationshipId(row.int("relationship_id")?),
        person_id: PersonId(row.int("person_id")?),
        due_day: row.int("due_day")? as u32,
        due_at: Timestamp(row.int("due_at")?),
        answer,
    })
}

/// A closing reflection of one of the pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reflection {
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    pub body: String,
    pub created_at: Timestamp,
}

impl Store {
    /// Creates the check-in `due_day` for both of the pair, once: running the
    /// scheduler again adds nothing. Returns how many rows were new (0–2).
    pub async fn create_due_checkins(
        &self,
        relationship: RelationshipId,
        due_day: u32,
        due_at: Timestamp,
    ) -> StoreResult<u64> {
        let n = sqlx::query(
            "INSERT INTO checkins (relationship_id, programme_id, person_id, due_day, due_at) \
             SELECT r.id, r.programme_id, r.mentor_id, $2, $3 FROM relationships r WHERE r.id = $1 \
             UNION ALL SELECT r.id, r.programme_id, r.mentee_id, $2, $3 FROM relationships r WHERE r.id = $1 \
             ON CONFLICT (relationship_id, person_id, due_day) DO NOTHING",
        )
        .bind(relationship.0)
        .bind(i64::from(due_day))
        .bind(due_at.0)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n)
    }

    /// Records `person`'s answer; only their own check-in can be answered.
    pub async fn answer_checkin(
        &self,
        id: CheckInId,
        person: PersonId,
        answer: &CheckInAnswer,
    ) -> StoreResult<()> {
        let n = sqlx::query(
            "UPDATE checkins SET in_regular_contact = $1, working = $2, what_would_help = $3, answered_at = $4 \
             WHERE id = $5 AND person_id = $6",
        )
        .bind(flag(answer.in_regular_contact))
        .bind(i64::from(answer.working))
        .bind(answer.what_would_help.clone())
        .bind(answer.answered_at.0)
        .bind(id.0)
        .bind(person.0)
        .execute(self.writer())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("check-in"));
        }
        Ok(())
    }

    pub async fn get_checkin(&self, id: CheckInId) -> StoreResult<CheckIn> {
        let sql = format!("SELECT {CHECKIN_COLUMNS} FROM checkins WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(checkin_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("check-in"))
    }

    /// Every check-in of a relationship, both people's (for the admin; each party
    /// sees only their own: filter by `person_id`).
    pub async fn list_checkins(&self, relationship: RelationshipId) -> StoreResult<Vec<CheckIn>> {
        let sql = format!("SELECT {CHECKIN_COLUMNS} FROM checkins WHERE relationship_id = $1 ORDER BY due_day, person_id");
        let rows = sqlx::query(&sql)
            .bind(relationship.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(checkin_from_row).collect()
    }

    /// A person's own check-ins, unanswered first, then by due date.
    pub async fn list_checkins_of_person(
        &self,
        person: PersonId,
        unanswered_only: bool,
    ) -> StoreResult<Vec<CheckIn>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE person_id = $1 AND ($2 = 0 OR answered_at IS NULL) \
             ORDER BY (CASE WHEN answered_at IS NULL THEN 0 ELSE 1 END), due_at, id"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .bind(flag(unanswered_only))
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(checkin_from_row).collect()
    }

    /// Writes (or rewrites) `person`'s closing reflection on a relationship.
    pub async fn save_reflection(
        &self,
        relationship: RelationshipId,
        person: PersonId,
        body: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let body = bounded_text("body", body, 20_000)?;
        sqlx::query(
            "INSERT INTO reflections (relationship_id, person_id, body, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (relationship_id, person_id) DO UPDATE SET body = excluded.body, created_at = excluded.created_at",
        )
        .bind(relationship.0)
        .bind(person.0)
        .bind(body)
        .bind(now.0)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    pub async fn list_reflections(
        &self,
        relationship: RelationshipId,
    ) -> StoreResult<Vec<Reflection>> {
        let rows = sqlx::query(
            "SELECT relationship_id, person_id, body, created_at FROM reflections WHERE relationship_id = $1 ORDER BY created_at, person_id",
        )
        .bind(relationship.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Reflection {
                    relationship_id: RelationshipId(r.int("relationship_id")?),
                    person_id: PersonId(r.int("person_id")?),
                    body: r.text("body")?,
                    created_at: Timestamp(r.int("created_at")?),
                })
            })
            .collect()
    }
}
