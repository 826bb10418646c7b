//! The mentee's goals of a relationship, each with progress.

use crate::row::{flag, RowExt};
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::goal::{Goal, GoalInput, GoalStatus};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{GoalId, RelationshipId};
use sqlx::any::AnyRow;

const GOAL_COLUMNS: &str =
    "id, relationship_id, title, description, progress, status, shared_with_manager, version";

fn goal_from_row(row: &AnyRow) -> StoreResult<Goal> {
    Ok(Goal {
        id: GoalId(row.int("id")?),
        relationship_id: RelationshipId(row.int("relationship_id")?),
        title: row.text("title")?,
        description: row.text("description")?,
        progress: row.int("progress")? as u8,
        status: stored("status", GoalStatus::parse(&row.text("status")?))?,
        shared_with_manager: row.flag("shared_with_manager")?,
        version: row.int("version")?,
    })
}

impl Store {
    /// Adds a goal (validated and normalised by the domain).
    pub async fn create_goal(
        &self,
        relationship: RelationshipId,
        input: GoalInput,
        now: Timestamp,
    ) -> StoreResult<Goal> {
        let g = input.validate()?;
        let sql = format!(
            "INSERT INTO goals (relationship_id, title, description, progress, status, shared_with_manager, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {GOAL_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(relationship.0)
            .bind(g.title)
            .bind(g.description)
            .bind(g.progress)
            .bind(g.status.as_str())
            .bind(flag(g.shared_with_manager))
            .bind(now.0)
            .fetch_one(self.writer())
            .await?;
        goal_from_row(&row)
    }

    pub async fn get_goal(&self, id: GoalId) -> StoreResult<Goal> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(goal_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("goal"))
    }

    /// A relationship's goals in the order they were set. The caller shows a
    /// manager only those with `shared_with_manager`.
    pub async fn list_goals(&self, relationship: RelationshipId) -> StoreResult<Vec<Goal>> {
        let sql = format!(
            "SELECT {GOAL_COLUMNS} FROM goals WHERE relationship_id = $1 ORDER BY created_at, id"
        );
        let rows = sqlx::query(&sql)
            .bind(relationship.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(goal_from_row).collect()
    }

    /// Saves an edited goal if it is still at `expected_version`.
    pub async fn update_goal(
        &self,
        id: GoalId,
        input: GoalInput,
        expected_version: i64,
        now: Timestamp,
    ) -> StoreResult<Goal> {
        let g = input.validate()?;
        let sql = format!(
            "UPDATE goals SET title = $1, description = $2, progress = $3, status = $4, shared_with_manager = $5, \
               updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8 RETURNING {GOAL_COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(g.title)
            .bind(g.description)
            .bind(g.progress)
            .bind(g.status.as_str())
            .bind(flag(g.shared_with_manager))
            .bind(now.0)
            .bind(id.0)
            .bind(expected_version)
            .fetch_optional(self.writer())
            .await?;
        match row {
            Some(r) => goal_from_row(&r),
            None => {
                self.get_goal(id).await?;
                Err(StoreError::StaleVersion("goal"))
            }
        }
    }

    pub async fn delete_goal(&self, id: GoalId) -> StoreResult<()> {
        let n = sqlx::query("DELETE FROM goals WHERE id = $1")
            .bind(id.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("goal"));
        }
        Ok(())
    }
}
