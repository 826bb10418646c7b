//! The admin's matching work: pinned and forbidden pairs, and saved runs with
//! their result, previewed and then published (SPEC §6).

use crate::row::RowExt;
use crate::util::{enum_name, parse_enum, to_json};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId};
use serde::{Deserialize, Serialize};

/// What the admin said about a pair for the next run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// The pair must be in the result.
    Pin,
    /// The pair must not be.
    Forbid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOverride {
    pub programme_id: ProgrammeId,
    pub mentee_id: PersonId,
    pub mentor_id: PersonId,
    pub kind: OverrideKind,
}

/// One saved run of the matcher. `result` is the matcher's output as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRun {
    pub id: i64,
    pub programme_id: ProgrammeId,
    pub created_by: Option<PersonId>,
    pub created_at: Timestamp,
    pub result: serde_json::Value,
    pub published_at: Option<Timestamp>,
}

impl Store {
    /// Pins or forbids a pair, replacing whatever was said about it before.
    pub async fn set_match_override(
        &self,
        programme: ProgrammeId,
        mentee: PersonId,
        mentor: PersonId,
        kind: OverrideKind,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO match_overrides (programme_id, mentee_id, mentor_id, kind, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (programme_id, mentee_id, mentor_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at",
        )
        .bind(programme.0)
        .bind(mentee.0)
        .bind(mentor.0)
        .bind(enum_name(&kind))
        .bind(now.0)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Forgets what was said about a pair; returns whether there was anything.
    pub async fn remove_match_override(
        &self,
        programme: ProgrammeId,
        mentee: PersonId,
        mentor: PersonId,
    ) -> StoreResult<bool> {
        let n = sqlx::query("DELETE FROM match_overrides WHERE programme_id = $1 AND mentee_id = $2 AND mentor_id = $3")
            .bind(programme.0)
            .bind(mentee.0)
            .bind(mentor.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    pub async fn list_match_overrides(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<MatchOverride>> {
        let rows = sqlx::query(
            "SELECT programme_id, mentee_id, mentor_id, kind FROM match_overrides WHERE programme_id = $1 ORDER BY created_at, mentee_id, mentor_id",
        )
        .bind(programme.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MatchOverride {
                    programme_id: ProgrammeId(r.int("programme_id")?),
                    mentee_id: PersonId(r.int("mentee_id")?),
                    mentor_id: PersonId(r.int("mentor_id")?),
                    kind: parse_enum("kind", &r.text("kind")?)?,
                })
            })
            .collect()
    }

    /// Saves a run's result for preview; returns the run's id.
    pub async fn save_match_run<T: Serialize>(
        &self,
        programme: ProgrammeId,
        created_by: Option<PersonId>,
        result: &T,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let row = sqlx::query("INSERT INTO match_runs (programme_id, created_by, created_at, result) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(programme.0)
            .bind(created_by.map(|p| p.0))
            .bind(now.0)
            .bind(to_json(result))
            .fetch_one(self.writer())
            .await?;
        row.int("id")
    }

    /// The programme's most recent run, if any.
    pub async fn latest_match_run(&self, programme: ProgrammeId) -> StoreResult<Option<MatchRun>> {
        let row = sqlx::query(
            "SELECT id, programme_id, created_by, created_at, result, published_at FROM match_runs \
             WHERE programme_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(programme.0)
        .fetch_optional(self.reader())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(MatchRun {
            id: r.int("id")?,
            programme_id: ProgrammeId(r.int("programme_id")?),
            created_by: r.opt_int("created_by")?.map(PersonId),
            created_at: Timestamp(r.int("created_at")?),
            result: r.json("result")?,
            published_at: r.opt_int("published_at")?.map(Timestamp),
        }))
    }

    /// Marks a run as published; false when it already was (publishing happens
    /// once, even if two admins press the button together).
    pub async fn mark_match_run_published(&self, run: i64, now: Timestamp) -> StoreResult<bool> {
        let n = sqlx::query(
            "UPDATE match_runs SET published_at = $1 WHERE id = $2 AND published_at IS NULL",
        )
        .bind(now.0)
        .bind(run)
        .execute(self.writer())
        .await?
        .rows_affected();
        if n == 0 {
            let exists = sqlx::query("SELECT 1 AS one FROM match_runs WHERE id = $1")
                .bind(run)
                .fetch_optional(self.reader())
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound("match run"));
            }
        }
        Ok(n == 1)
    }
}
