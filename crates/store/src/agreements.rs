//! The mentoring agreement of a relationship (`000_…` step 7, `003_…`).

use crate::row::{flag, RowExt};
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::agreement::{
    default_confidentiality, default_raising_concerns, Agreement, AgreementTerms, Confirmation,
};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, RelationshipId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

const AGREEMENT_COLUMNS: &str =
    "relationship_id, cadence, mode, confidentiality, raising_concerns, duration_months, \
     mentor_concerns, mentee_concerns, mentor_confirmed, mentee_confirmed, version";

fn agreement_from_row(row: &AnyRow) -> StoreResult<Agreement> {
    Ok(Agreement {
        relationship_id: RelationshipId(row.int("relationship_id")?),
        terms: AgreementTerms {
            cadence: stored("cadence", Cadence::parse(&row.text("cadence")?))?,
            mode: stored("mode", MeetingMode::parse(&row.text("mode")?))?,
            confidentiality: row.text("confidentiality")?,
            raising_concerns: row.text("raising_concerns")?,
            duration_months: row.int("duration_months")? as u32,
            mentor_concerns: row.text("mentor_concerns")?,
            mentee_concerns: row.text("mentee_concerns")?,
        },
        mentor_confirmed: row.flag("mentor_confirmed")?,
        mentee_confirmed: row.flag("mentee_confirmed")?,
        version: row.int("version")?,
    })
}

async fn load_agreement(
    conn: &mut AnyConnection,
    relationship: RelationshipId,
) -> StoreResult<Option<Agreement>> {
    let sql = format!("SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE relationship_id = $1");
    let row = sqlx::query(&sql)
        .bind(relationship.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(agreement_from_row).transpose()
}

impl Store {
    /// Creates the relationship's agreement, from `terms` or else from the
    /// programme's defaults and the product's starting text. If it exists
    /// already, it is returned unchanged.
    pub async fn create_agreement(
        &self,
        relationship: RelationshipId,
        terms: Option<AgreementTerms>,
        by: Option<PersonId>,
        now: Timestamp,
    ) -> StoreResult<Agreement> {
        let mut tx = self.begin().await?;
        let programme = sqlx::query(
            "SELECT g.cadence, g.meeting_mode, g.duration_months, g.formality FROM relationships r \
             JOIN programmes g ON g.id = r.programme_id WHERE r.id = $1",
        )
        .bind(relationship.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound("relationship"))?;
        let terms = match terms {
            Some(t) => {
                t.validate(crate::util::parse_enum(
                    "formality",
                    &programme.text("formality")?,
                )?)?;
                t
            }
            None => AgreementTerms {
                cadence: stored("cadence", Cadence::parse(&programme.text("cadence")?))?,
                mode: stored(
                    "meeting_mode",
                    MeetingMode::parse(&programme.text("meeting_mode")?),
                )?,
                confidentiality: default_confidentiality(),
                raising_concerns: default_raising_concerns(),
                duration_months: programme.int("duration_months")? as u32,
                mentor_concerns: String::new(),
                mentee_concerns: String::new(),
            },
        };
        sqlx::query(
            "INSERT INTO agreements (relationship_id, cadence, mode, confidentiality, raising_concerns, duration_months, \
               mentor_concerns, mentee_concerns, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (relationship_id) DO NOTHING",
        )
        .bind(relationship.0)
        .bind(terms.cadence.as_str())
        .bind(terms.mode.as_str())
        .bind(terms.confidentiality.trim().to_string())
        .bind(terms.raising_concerns.trim().to_string())
        .bind(i64::from(terms.duration_months))
        .bind(terms.mentor_concerns.trim().to_string())
        .bind(terms.mentee_concerns.trim().to_string())
        .bind(by.map(|p| p.0))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let agreement = load_agreement(&mut tx, relationship)
            .await?
            .ok_or(StoreError::NotFound("agreement"))?;
        tx.commit().await?;
        Ok(agreement)
    }

    pub async fn get_agreement(
        &self,
        relationship: RelationshipId,
    ) -> StoreResult<Option<Agreement>> {
        let mut conn = self.reader().pool().acquire().await?;
        load_agreement(&mut conn, relationship).await
    }

    /// Saves edited terms if the agreement is still at `expected_version`. Changed
    /// terms withdraw both confirmations: nobody is held to text they did not see.
    pub async fn update_agreement_terms(
        &self,
        relationship: RelationshipId,
        terms: AgreementTerms,
        by: PersonId,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<Agreement> {
        let mut tx = self.begin().await?;
        let formality = sqlx::query("SELECT g.formality FROM relationships r JOIN programmes g ON g.id = r.programme_id WHERE r.id = $1")
            .bind(relationship.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("relationship"))?
            .text("formality")?;
        let mut agreement = load_agreement(&mut tx, relationship)
            .await?
            .ok_or(StoreError::NotFound("agreement"))?;
        if agreement.version != expected_version {
            return Err(StoreError::StaleVersion("agreement"));
        }
        agreement.edit(terms, crate::util::parse_enum("formality", &formality)?)?;
        let t = &agreement.terms;
        let n = sqlx::query(
            "UPDATE agreements SET cadence = $1, mode = $2, confidentiality = $3, raising_concerns = $4, duration_months = $5, \
               mentor_concerns = $6, mentee_concerns = $7, mentor_confirmed = $8, mentee_confirmed = $9, updated_by = $10, \
               updated_at = $11, version = version + 1 \
             WHERE relationship_id = $12 AND version = $13",
        )
        .bind(t.cadence.as_str())
        .bind(t.mode.as_str())
        .bind(t.confidentiality.trim().to_string())
        .bind(t.raising_concerns.trim().to_string())
        .bind(i64::from(t.duration_months))
        .bind(t.mentor_concerns.trim().to_string())
        .bind(t.mentee_concerns.trim().to_string())
        .bind(flag(agreement.mentor_confirmed))
        .bind(flag(agreement.mentee_confirmed))
        .bind(by.0)
        .bind(now.0)
        .bind(relationship.0)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::StaleVersion("agreement"));
        }
        let saved = load_agreement(&mut tx, relationship)
            .await?
            .ok_or(StoreError::NotFound("agreement"))?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The mentor or the mentee confirms the terms they saw (`seen_version`).
    /// Confirming does not change the version, so the partner's page stays valid;
    /// an edit since then is refused as stale. Returns whether both have now
    /// confirmed (then the caller applies `ConfirmAgreement` to the relationship).
    pub async fn confirm_agreement(
        &self,
        relationship: RelationshipId,
        by: PersonId,
        seen_version: i64,
        now: Timestamp,
    ) -> StoreResult<Confirmation> {
        let mut tx = self.begin().await?;
        let rel = crate::relationships::load_relationship(&mut tx, relationship).await?;
        let mut agreement = load_agreement(&mut tx, relationship)
            .await?
            .ok_or(StoreError::NotFound("agreement"))?;
        agreement.confirm(by, rel.mentor_id, rel.mentee_id)?;
        let column = if by == rel.mentor_id {
            "mentor_confirmed"
        } else {
            "mentee_confirmed"
        };
        // A single-row UPDATE that reads both flags back: two people confirming at
        // the same moment cannot both see "waiting".
        let sql = format!(
            "UPDATE agreements SET {column} = 1, updated_at = $1 WHERE relationship_id = $2 AND version = $3 \
             RETURNING mentor_confirmed, mentee_confirmed"
        );
        let row = sqlx::query(&sql)
            .bind(now.0)
            .bind(relationship.0)
            .bind(seen_version)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::StaleVersion("agreement"))?;
        let both = row.flag("mentor_confirmed")? && row.flag("mentee_confirmed")?;
        tx.commit().await?;
        Ok(if both {
            Confirmation::Agreed
        } else {
            Confirmation::Waiting
        })
    }
}
