//! Training and resources (`002_…` §5, `001_…` step 4), and who completed what.

use crate::row::{flag, RowExt};
use crate::util::stored;
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::training::{Audience, Resource, ResourceKind};
use mentorhub_domain::{PersonId, ProgrammeId, ResourceId};
use sqlx::any::AnyRow;

const RESOURCE_COLUMNS: &str = "id, programme_id, title, kind, audience, body, link, required";

fn resource_from_row(row: &AnyRow) -> StoreResult<Resource> {
    Ok(Resource {
        id: ResourceId(row.int("id")?),
        programme_id: row.opt_int("programme_id")?.map(ProgrammeId),
        title: row.text("title")?,
        kind: stored("kind", ResourceKind::parse(&row.text("kind")?))?,
        audience: stored("audience", Audience::parse(&row.text("audience")?))?,
        body: row.text("body")?,
        link: row.opt_text("link")?,
        required: row.flag("required")?,
    })
}

/// A completed resource and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    pub resource_id: ResourceId,
    pub completed_at: Timestamp,
}

impl Store {
    /// Stores a resource (`resource.id` is ignored). Without a programme it is a
    /// built-in, offered in every programme.
    pub async fn create_resource(
        &self,
        resource: &Resource,
        now: Timestamp,
    ) -> StoreResult<ResourceId> {
        resource.validate()?;
        let row = sqlx::query(
            "INSERT INTO resources (programme_id, title, kind, audience, body, link, required, built_in, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(resource.programme_id.map(|p| p.0))
        .bind(resource.title.trim().to_string())
        .bind(resource.kind.as_str())
        .bind(resource.audience.as_str())
        .bind(resource.body.trim().to_string())
        .bind(resource.link.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string))
        .bind(flag(resource.required))
        .bind(flag(resource.programme_id.is_none()))
        .bind(now.0)
        .fetch_one(self.writer())
        .await?;
        Ok(ResourceId(row.int("id")?))
    }

    pub async fn get_resource(&self, id: ResourceId) -> StoreResult<Resource> {
        let sql = format!("SELECT {RESOURCE_COLUMNS} FROM resources WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(resource_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("resource"))
    }

    /// The resources of a programme and the built-ins; with no programme, the
    /// built-ins only. Required ones first, then by title.
    pub async fn list_resources(
        &self,
        programme: Option<ProgrammeId>,
    ) -> StoreResult<Vec<Resource>> {
        let sql = format!(
            "SELECT {RESOURCE_COLUMNS} FROM resources WHERE programme_id IS NULL OR programme_id = $1 \
             ORDER BY required DESC, title, id"
        );
        // No programme binds -1, which no row has: only built-ins match.
        let rows = sqlx::query(&sql)
            .bind(programme.map_or(-1, |p| p.0))
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(resource_from_row).collect()
    }

    /// Marks a resource done by a person; doing it twice keeps the first date.
    pub async fn mark_resource_complete(
        &self,
        resource: ResourceId,
        person: PersonId,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO resource_completions (resource_id, person_id, completed_at) VALUES ($1, $2, $3) \
             ON CONFLICT (resource_id, person_id) DO NOTHING",
        )
        .bind(resource.0)
        .bind(person.0)
        .bind(now.0)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    pub async fn mark_resource_incomplete(
        &self,
        resource: ResourceId,
        person: PersonId,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM resource_completions WHERE resource_id = $1 AND person_id = $2")
            .bind(resource.0)
            .bind(person.0)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// What a person has completed, most recent first.
    pub async fn list_completions(&self, person: PersonId) -> StoreResult<Vec<Completion>> {
        let rows = sqlx::query(
            "SELECT resource_id, completed_at FROM resource_completions WHERE person_id = $1 ORDER BY completed_at DESC, resource_id",
        )
        .bind(person.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Completion {
                    resource_id: ResourceId(r.int("resource_id")?),
                    completed_at: Timestamp(r.int("completed_at")?),
                })
            })
            .collect()
    }

    /// Whether `person` completed every required resource for `role` in
    /// `programme` (its own and the built-ins), as matching requires (`002_…` §5).
    pub async fn required_training_complete(
        &self,
        person: PersonId,
        programme: ProgrammeId,
        role: ParticipantRole,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM resources r \
             WHERE r.required = 1 AND (r.programme_id IS NULL OR r.programme_id = $1) AND r.audience IN ($2, 'everyone') \
               AND NOT EXISTS (SELECT 1 FROM resource_completions c WHERE c.resource_id = r.id AND c.person_id = $3)",
        )
        .bind(programme.0)
        .bind(role.as_str())
        .bind(person.0)
        .fetch_one(self.reader())
        .await?;
        Ok(row.int("n")? == 0)
    }
}
