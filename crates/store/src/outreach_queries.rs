//! The rest of the informal path's queries: what a mentee said when asking, the
//! relationship a "yes" started, enrolling a pair for informal mentoring, and an
//! offer's answer and questions.

use crate::row::{flag, RowExt};
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::outreach::OfferState;
use mentorhub_domain::person::{bounded_text, required_text};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{
    DomainError, OfferId, PersonId, ProgrammeId, RelationshipId, ShortlistEntryId,
};

/// What the mentee stated when asking a candidate, and the relationship that
/// started when the candidate said yes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShortlistAsk {
    pub looking_for: String,
    pub how: String,
    pub relationship_id: Option<RelationshipId>,
}

/// How an offer was answered, with the version that guards answering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferAnswer {
    pub version: i64,
    /// The protégé's reason for declining; the mentor sees it only when shared.
    pub decline_reason: String,
    pub reason_shared: bool,
    pub relationship_id: Option<RelationshipId>,
}

/// A question about an offer, or the mentor's answer to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferMessage {
    pub author_id: PersonId,
    pub author_name: String,
    pub body: String,
    pub created_at: Timestamp,
}

impl Store {
    /// What `mentee` stated when asking, for one entry of their own shortlist.
    pub async fn get_shortlist_ask(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
    ) -> StoreResult<ShortlistAsk> {
        let row = sqlx::query(
            "SELECT ask_looking_for, ask_how, relationship_id FROM shortlist_entries WHERE id = $1 AND mentee_id = $2",
        )
        .bind(id.0)
        .bind(mentee.0)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound("shortlist entry"))?;
        Ok(ShortlistAsk {
            looking_for: row.text("ask_looking_for")?,
            how: row.text("ask_how")?,
            relationship_id: row.opt_int("relationship_id")?.map(RelationshipId),
        })
    }

    /// Keeps what the mentee said they are looking for and how the relationship
    /// should work (`000_…` step 7). Both are required: the seed asks for it to be
    /// "as specific as possible".
    pub async fn save_shortlist_ask(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
        looking_for: &str,
        how: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let looking_for = required_text("looking_for", looking_for, 4000)?;
        let how = required_text("how", how, 4000)?;
        let n = sqlx::query(
            "UPDATE shortlist_entries SET ask_looking_for = $1, ask_how = $2, updated_at = $3 WHERE id = $4 AND mentee_id = $5",
        )
        .bind(looking_for)
        .bind(how)
        .bind(now.0)
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

    /// Records the relationship a candidate's "yes" started.
    pub async fn link_shortlist_relationship(
        &self,
        id: ShortlistEntryId,
        mentee: PersonId,
        relationship: RelationshipId,
    ) -> StoreResult<()> {
        let n = sqlx::query(
            "UPDATE shortlist_entries SET relationship_id = $1 WHERE id = $2 AND mentee_id = $3",
        )
        .bind(relationship.0)
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

    /// Makes sure `person` takes part in an informal programme in `role`, without
    /// an admin: informal mentoring is agreed between the two people, so a mentor
    /// chosen this way is enrolled as approved, and a mentee who had left comes
    /// back. A mentor whose application the admin declined in this programme is
    /// refused: the admin's decision stands there. Returns the status.
    pub async fn ensure_informal_enrolment(
        &self,
        programme: ProgrammeId,
        person: PersonId,
        role: ParticipantRole,
        now: Timestamp,
    ) -> StoreResult<EnrolmentStatus> {
        let (initial, reopened): (EnrolmentStatus, &str) = match role {
            ParticipantRole::Mentor => (EnrolmentStatus::Approved, "'applied', 'withdrawn'"),
            ParticipantRole::Mentee => (EnrolmentStatus::Enrolled, "'withdrawn'"),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO enrolments (programme_id, person_id, role, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (programme_id, person_id, role) DO NOTHING",
        )
        .bind(programme.0)
        .bind(person.0)
        .bind(role.as_str())
        .bind(initial.as_str())
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        let sql = format!(
            "UPDATE enrolments SET status = $1, updated_at = $2 \
             WHERE programme_id = $3 AND person_id = $4 AND role = $5 AND status IN ({reopened})"
        );
        sqlx::query(&sql)
            .bind(initial.as_str())
            .bind(now.0)
            .bind(programme.0)
            .bind(person.0)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(
            "SELECT status FROM enrolments WHERE programme_id = $1 AND person_id = $2 AND role = $3",
        )
        .bind(programme.0)
        .bind(person.0)
        .bind(role.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let status = stored("status", EnrolmentStatus::parse(&row.text("status")?))?;
        if status == EnrolmentStatus::Declined {
            return Err(DomainError::NotAllowed(
                "the administrator declined this mentor's application in this programme; choose another programme".into(),
            )
            .into());
        }
        tx.commit().await?;
        Ok(status)
    }

    /// An offer's answer and version (the offer itself: [`Store::get_offer`]).
    pub async fn get_offer_answer(&self, id: OfferId) -> StoreResult<OfferAnswer> {
        let row = sqlx::query(
            "SELECT version, decline_reason, reason_shared, relationship_id FROM offers WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound("offer"))?;
        Ok(OfferAnswer {
            version: row.int("version")?,
            decline_reason: row.text("decline_reason")?,
            reason_shared: row.flag("reason_shared")?,
            relationship_id: row.opt_int("relationship_id")?.map(RelationshipId),
        })
    }

    /// Closes an open offer at `expected_version`: the protégé accepts or declines
    /// (with a reason they may keep to themselves), or the mentor withdraws.
    /// Someone who is not that party gets "not found". Returns the new version.
    #[allow(clippy::too_many_arguments)]
    pub async fn close_offer(
        &self,
        id: OfferId,
        by: PersonId,
        outcome: OfferState,
        decline_reason: &str,
        share_reason: bool,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<i64> {
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
        let reason = if outcome == OfferState::Declined {
            bounded_text("reason", decline_reason, 2000)?
        } else {
            String::new()
        };
        let shared = share_reason && !reason.is_empty();
        let sql = format!(
            "UPDATE offers SET state = $1, decided_at = $2, decline_reason = $3, reason_shared = $4, version = version + 1 \
             WHERE id = $5 AND {party} = $6 AND state = 'open' AND version = $7"
        );
        let n = sqlx::query(&sql)
            .bind(outcome.as_str())
            .bind(now.0)
            .bind(reason)
            .bind(flag(shared))
            .bind(id.0)
            .bind(by.0)
            .bind(expected_version)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 1 {
            return Ok(expected_version + 1);
        }
        let record = self.get_offer(id).await?;
        let is_party = match outcome {
            OfferState::Withdrawn => record.offer.mentor_id == by,
            _ => record.offer.protege_id == by,
        };
        if !is_party {
            return Err(StoreError::NotFound("offer"));
        }
        if record.offer.state != OfferState::Open {
            return Err(DomainError::Conflict(format!(
                "this offer is already {}",
                record.offer.state.as_str()
            ))
            .into());
        }
        Err(StoreError::StaleVersion("offer"))
    }

    /// Records the relationship an accepted offer started.
    pub async fn link_offer_relationship(
        &self,
        id: OfferId,
        relationship: RelationshipId,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE offers SET relationship_id = $1 WHERE id = $2")
            .bind(relationship.0)
            .bind(id.0)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Adds a question (or an answer) to an offer's conversation; returns its id.
    pub async fn add_offer_message(
        &self,
        offer: OfferId,
        author: PersonId,
        body: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let body = required_text("body", body, 2000)?;
        let row = sqlx::query(
            "INSERT INTO offer_messages (offer_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(offer.0)
        .bind(author.0)
        .bind(body)
        .bind(now.0)
        .fetch_one(self.writer())
        .await?;
        row.int("id")
    }

    /// An offer's questions and answers, oldest first.
    pub async fn list_offer_messages(&self, offer: OfferId) -> StoreResult<Vec<OfferMessage>> {
        let rows = sqlx::query(
            "SELECT m.author_id, p.name AS author_name, m.body, m.created_at \
             FROM offer_messages m JOIN people p ON p.id = m.author_id \
             WHERE m.offer_id = $1 ORDER BY m.created_at, m.id",
        )
        .bind(offer.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OfferMessage {
                    author_id: PersonId(r.int("author_id")?),
                    author_name: r.text("author_name")?,
                    body: r.text("body")?,
                    created_at: Timestamp(r.int("created_at")?),
                })
            })
            .collect()
    }
}
