//! The informal outreach pipeline: a mentee's private shortlist, and mentors'
//! offers to potential protégés.

use crate::row::{flag, RowExt};
use crate::util::{on_unique, stored, Versioned};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::outreach::{
    ContactMethod, Offer, OfferState, OutreachAction, OutreachStage, ShortlistEntry,
};
use mentorhub_domain::person::{bounded_text, required_text};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{DomainError, OfferId, PersonId, ProgrammeId, ShortlistEntryId};
use sqlx::any::AnyRow;

const ENTRY_COLUMNS: &str = "s.id, s.mentee_id, s.candidate_id, s.position, s.positives, s.constraints, s.recommendations, \
     s.stage, s.contact_method, s.conversations, s.follow_up_welcome, s.thanked, s.notes, s.version";

/// A shortlist entry with the candidate's name, for the mentee's own page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortlistListing {
    pub entry: ShortlistEntry,
    pub version: i64,
    pub candidate_name: String,
    pub candidate_title: String,
    pub candidate_function: String,
}

/// The parts of a shortlist entry the mentee writes about a candidate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShortlistNotes {
    pub positives: String,
    pub constraints: String,
    /// Colleagues' recommendations (`000_…` step 5).
    pub recommendations: String,
}

impl ShortlistNotes {
    fn validated(&self) -> StoreResult<ShortlistNotes> {
        Ok(ShortlistNotes {
            positives: bounded_text("positives", &self.positives, 4000)?,
            constraints: bounded_text("constraints", &self.constraints, 4000)?,
            recommendations: bounded_text("recommendations", &self.recommendations, 4000)?,
        })
    }
}

/// An offer with both names and its dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRecord {
    pub offer: Offer,
    pub programme_id: Option<ProgrammeId>,
    pub mentor_name: String,
    pub protege_name: String,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
}

fn entry_from_row(row: &AnyRow) -> StoreResult<Versioned<ShortlistEntry>> {
    Ok(Versioned {
        value: ShortlistEntry {
            id: ShortlistEntryId(row.int("id")?),
            mentee_id: PersonId(row.int("mentee_id")?),
            candidate_id: PersonId(row.int("candidate_id")?),
            position: row.int("position")? as i32,
            positives: row.text("positives")?,
            constraints: row.text("constraints")?,
            recommendations: row.text("recommendations")?,
            stage: stored("stage", OutreachStage::parse(&row.text("stage")?))?,
            contact_method: row
                .opt_text("contact_method")?
                .map(|m| stored("contact_method", ContactMethod::parse(&m)))
                .transpose()?,
            conversations: row.int("conversations")? as u32,
            follow_up_welcome: row.opt_flag("follow_up_welcome")?,
            thanked: row.flag("thanked")?,
            notes: row.text("notes")?,
        },
        version: row.int("version")?,
    })
}

fn offer_from_row(row: &AnyRow) -> StoreResult<OfferRecord> {
    Ok(OfferRecord {
        offer: Offer {
            id: OfferId(row.int("id")?),
            mentor_id: PersonId(row.int("mentor_id")?),
            protege_id: PersonId(row.int("protege_id")?),
            noticed: row.text("noticed")?,
            state: stored("state", OfferState::parse(&row.text("state")?))?,
        },
        programme_id: row.opt_int("programme_id")?.map(ProgrammeId),
        mentor_name: row.text("mentor_name")?,
        protege_name: row.text("protege_name")?,
        created_at: Timestamp(row.int("created_at")?),
        decided_at: row.opt_int("decided_at")?.map(Timestamp),
    })
}

const OFFER_SELECT: &str = "SELECT o.id, o.mentor_id, o.protege_id, o.programme_id, o.noticed, o.state, o.created_at, o.decided_at, \
     mr.name AS mentor_name, pr.name AS protege_name \
     FROM offers o JOIN people mr ON mr.id = o.mentor_id JOIN people pr ON pr.id = o.protege_id";

impl Store {
    /// Puts a candidate at the end of `mentee`'s shortlist.
    pub async fn add_shortlist_entry(
        &self,
        mentee: PersonId,
        candidate: PersonId,
        programme: Option<ProgrammeId>,
        notes: &ShortlistNotes,
        now: Timestamp,
    ) -> StoreResult<ShortlistEntryId> {
        if mentee == candidate {
            return Err(DomainError::invalid("candidate", "you cannot shortlist yourself").into());
        }
        let notes = notes.validated()?;
        let r = sqlx::query(
            "INSERT INTO shortlist_entries (mentee_id, candidate_id, programme_id, position, positives, constraints, \
               recommendations, created_at, updated_at) \
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM shortlist_entries WHERE mentee_id = $1), \
               $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(mentee.0)
        .bind(candidate.0)
        .bind(programme.map(|p| p.0))
        .bind(notes.positives)
        .bind(notes.constraints)
        .bind(notes.recommendations)
        .bind(now.0)
        .fetch_one(self.writer())
        .await;
        let row = on_unique(r, "candidate", "this person is already on your shortlist")?;
        Ok(ShortlistEntryId(row.int("id")?))
    }

    /// `mentee`'s shortlist in their order of preference.
    pub async fn list_shortlist(&self, mentee: PersonId) -> StoreResult<Vec<ShortlistListing>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, p.name AS candidate_name, p.title AS candidate_title, p.function AS candidate_function \
             FROM shortlist_entries s JOIN people p ON p.id = s.candidate_id WHERE s.mentee_id = $1 ORDER BY s.position, s.id"
        );
        let rows = sqlx::query(&sql)
            .bind(mentee.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                let v = entry_from_row(r)?;
                Ok(ShortlistListing {
                    entry: v.value,
                    version: v.version,
                    candidate_name: r.text("candidate_name")?,
                    candidate_title: r.text("candidate_title")?,
                    candidate_function: r.text("candidate_function")?,
                })
            })
            .collect()
    }

    /// One entry of `mentee`'s own shortlist (nobody else's is found).
    pub async fn get_shortlist_entry(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
    ) -> StoreResult<Versioned<ShortlistEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM shortlist_entries s WHERE s.id = $1 AND s.mentee_id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(id.0)
            .bind(mentee.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(entry_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("shortlist entry"))
    }

    /// Moves a candidate along the pipeline through the domain's rules, if the
    /// entry is still at `expected_version`. Returns the entry, its new version
    /// and the advice to show (e.g. "three conversations are advised").
    pub async fn apply_outreach_action(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
        action: &OutreachAction,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<(Versioned<ShortlistEntry>, Vec<String>)> {
        let current = self.get_shortlist_entry(id, mentee).await?;
        if current.version != expected_version {
            return Err(StoreError::StaleVersion("shortlist entry"));
        }
        let mut e = current.value;
        let advice = e.apply(action)?;
        let n = sqlx::query(
            "UPDATE shortlist_entries SET stage = $1, contact_method = $2, conversations = $3, follow_up_welcome = $4, \
               thanked = $5, notes = $6, updated_at = $7, version = version + 1 \
             WHERE id = $8 AND mentee_id = $9 AND version = $10",
        )
        .bind(e.stage.as_str())
        .bind(e.contact_method.map(|m| m.as_str()))
        .bind(i64::from(e.conversations))
        .bind(e.follow_up_welcome.map(flag))
        .bind(flag(e.thanked))
        .bind(e.notes.clone())
        .bind(now.0)
        .bind(id.0)
        .bind(mentee.0)
        .bind(expected_version)
        .execute(self.writer())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::StaleVersion("shortlist entry"));
        }
        Ok((
            Versioned {
                value: e,
                version: expected_version + 1,
            },
            advice,
        ))
    }

    /// Rewrites what the mentee noted about a candidate, if still at `expected_version`.
    pub async fn update_shortlist_notes(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
        notes: &ShortlistNotes,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let notes = notes.validated()?;
        let n = sqlx::query(
            "UPDATE shortlist_entries SET positives = $1, constraints = $2, recommendations = $3, updated_at = $4, \
               version = version + 1 WHERE id = $5 AND mentee_id = $6 AND version = $7",
        )
        .bind(notes.positives)
        .bind(notes.constraints)
        .bind(notes.recommendations)
        .bind(now.0)
        .bind(id.0)
        .bind(mentee.0)
        .bind(expected_version)
        .execute(self.writer())
        .await?
        .rows_affected();
        if n == 0 {
            self.get_shortlist_entry(id, mentee).await?;
            return Err(StoreError::StaleVersion("shortlist entry"));
        }
        Ok(expected_version + 1)
    }

    /// Puts `mentee`'s shortlist in the given order (every entry, each once).
    pub async fn reorder_shortlist(
        &self,
        mentee: PersonId,
        order: &[ShortlistEntryId],
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let rows = sqlx::query("SELECT id FROM shortlist_entries WHERE mentee_id = $1")
            .bind(mentee.0)
            .fetch_all(&mut *tx)
            .await?;
        let mut current: Vec<i64> = rows
            .iter()
            .map(|r| r.int("id"))
            .collect::<StoreResult<_>>()?;
        let mut wanted: Vec<i64> = order.iter().map(|i| i.0).collect();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(DomainError::invalid(
                "order",
                "list every entry of your shortlist exactly once",
            )
            .into());
        }
        for (pos, id) in order.iter().enumerate() {
            sqlx::query(
                "UPDATE shortlist_entries SET position = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(pos as i64 + 1)
            .bind(now.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_shortlist_entry(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
    ) -> StoreResult<()> {
        let n = sqlx::query("DELETE FROM shortlist_entries WHERE id = $1 AND mentee_id = $2")
            .bind(id.0)
            .bind(mentee.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("shortlist entry"));
        }
        Ok(())
    }

    /// A mentor offers mentoring to a potential protégé, saying what they noticed (`003_…`).
    pub async fn create_offer(
        &self,
        mentor: PersonId,
        protege: PersonId,
        programme: Option<ProgrammeId>,
        noticed: &str,
        now: Timestamp,
    ) -> StoreResult<OfferId> {
        if mentor == protege {
            return Err(
                DomainError::invalid("protege", "you cannot offer mentoring to yourself").into(),
            );
        }
        let noticed = required_text("noticed", noticed, 4000)?;
        let open = sqlx::query("SELECT 1 AS one FROM offers WHERE mentor_id = $1 AND protege_id = $2 AND state = 'open'")
            .bind(mentor.0)
            .bind(protege.0)
            .fetch_optional(self.reader())
            .await?;
        if open.is_some() {
            return Err(StoreError::conflict(
                "protege",
                "you already have an open offer to this person",
            ));
        }
        let row = sqlx::query("INSERT INTO offers (mentor_id, protege_id, programme_id, noticed, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(mentor.0)
            .bind(protege.0)
            .bind(programme.map(|p| p.0))
            .bind(noticed)
            .bind(now.0)
            .fetch_one(self.writer())
            .await?;
        Ok(OfferId(row.int("id")?))
    }

    pub async fn get_offer(&self, id: OfferId) -> StoreResult<OfferRecord> {
        let sql = format!("{OFFER_SELECT} WHERE o.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(offer_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("offer"))
    }

    /// Offers made to `protege`, newest first.
    pub async fn list_offers_for_protege(
        &self,
        protege: PersonId,
    ) -> StoreResult<Vec<OfferRecord>> {
        let sql =
            format!("{OFFER_SELECT} WHERE o.protege_id = $1 ORDER BY o.created_at DESC, o.id DESC");
        let rows = sqlx::query(&sql)
            .bind(protege.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(offer_from_row).collect()
    }

    /// Offers `mentor` made, newest first.
    pub async fn list_offers_by_mentor(&self, mentor: PersonId) -> StoreResult<Vec<OfferRecord>> {
        let sql =
            format!("{OFFER_SELECT} WHERE o.mentor_id = $1 ORDER BY o.created_at DESC, o.id DESC");
        let rows = sqlx::query(&sql)
            .bind(mentor.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(offer_from_row).collect()
    }

    /// Closes an open offer: the protégé accepts or declines, or the mentor
    /// withdraws. Only the right person can, and only while it is open.
    pub async fn decide_offer(
        &self,
        id: OfferId,
        by: PersonId,
        outcome: OfferState,
        now: Timestamp,
    ) -> StoreResult<()> {
        let party = match outcome {
            OfferState::Accepted | OfferState::Declined => "protege_id",
            OfferState::Withdrawn => "mentor_id",
            OfferState::Open => {
                return Err(DomainError::invalid(
                    "state",
                    "an offer is accepted, declined or withdrawn",
                )
                .into())
            }
        };
        let sql = format!("UPDATE offers SET state = $1, decided_at = $2 WHERE id = $3 AND {party} = $4 AND state = 'open'");
        let n = sqlx::query(&sql)
            .bind(outcome.as_str())
            .bind(now.0)
            .bind(id.0)
            .bind(by.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            let offer = self.get_offer(id).await?;
            let is_party = if party == "protege_id" {
                offer.offer.protege_id == by
            } else {
                offer.offer.mentor_id == by
            };
            if !is_party {
                return Err(StoreError::NotFound("offer"));
            }
            return Err(DomainError::Conflict(format!(
                "this offer is already {}",
                offer.offer.state.as_str()
            ))
            .into());
        }
        Ok(())
    }
}
