//! Queries of the programmes area: who is told about a programme, who is trained
//! and qualified, the built-in resources a fresh install ships, and the admin's
//! view of every resource.

use crate::people::{person_from_row, PERSON_COLUMNS};
use crate::row::RowExt;
use crate::{Store, StoreResult};
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::person::Person;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::training::{Audience, ResourceKind};
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId, ResourceId};
use std::collections::HashMap;

/// A participant's progress through the required training of their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingProgress {
    pub enrolment_id: EnrolmentId,
    pub person_id: PersonId,
    pub name: String,
    pub role: ParticipantRole,
    pub status: EnrolmentStatus,
    /// Required resources for the role (the programme's and the built-ins).
    pub required_total: i64,
    pub required_done: i64,
}

impl TrainingProgress {
    pub fn complete(&self) -> bool {
        self.required_done >= self.required_total
    }
}

/// A mentor who counts as qualified: approved by an admin and, where the
/// programme requires it, trained (`002_…` §2, §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualifiedMentor {
    pub enrolment_id: EnrolmentId,
    pub person_id: PersonId,
}

/// A built-in resource a fresh install needs, identified by `seed_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedResource {
    pub seed_key: &'static str,
    pub title: &'static str,
    pub kind: ResourceKind,
    pub audience: Audience,
    pub body: &'static str,
}

/// Counts of required resources per enrolment, for `e` joined to its programme.
const REQUIRED_COUNTS: &str = "\
    (SELECT COUNT(*) FROM resources r WHERE r.required = 1 \
       AND (r.programme_id IS NULL OR r.programme_id = e.programme_id) AND r.audience IN (e.role, 'everyone')) AS required_total, \
    (SELECT COUNT(*) FROM resources r JOIN resource_completions c ON c.resource_id = r.id AND c.person_id = e.person_id \
       WHERE r.required = 1 AND (r.programme_id IS NULL OR r.programme_id = e.programme_id) \
       AND r.audience IN (e.role, 'everyone')) AS required_done";

impl Store {
    /// Active people with an active admin account, by name: the administrators
    /// every programme announcement goes to.
    pub async fn list_admin_people(&self) -> StoreResult<Vec<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN accounts a ON a.person_id = p.id \
             WHERE a.is_admin = 1 AND a.active = 1 AND p.active = 1 ORDER BY p.name, p.id"
        );
        let rows = sqlx::query(&sql).fetch_all(self.reader().pool()).await?;
        rows.iter().map(person_from_row).collect()
    }

    /// How many announcement messages were queued for a programme (one per person,
    /// keyed `announcement:<programme>:<person>`).
    pub async fn count_announcement_messages(&self, programme: ProgrammeId) -> StoreResult<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'announcement' AND dedupe_key LIKE $1",
        )
        .bind(format!("announcement:{}:%", programme.0))
        .fetch_one(self.reader())
        .await?;
        row.int("n")
    }

    /// Each participant of a programme (not withdrawn or declined) with their
    /// required training done and due, by role then name.
    pub async fn training_progress(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<TrainingProgress>> {
        let sql = format!(
            "SELECT e.id, e.person_id, p.name, e.role, e.status, {REQUIRED_COUNTS} \
             FROM enrolments e JOIN people p ON p.id = e.person_id \
             WHERE e.programme_id = $1 AND e.status NOT IN ('withdrawn', 'declined') \
             ORDER BY e.role, p.name, e.id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TrainingProgress {
                    enrolment_id: EnrolmentId(row.int("id")?),
                    person_id: PersonId(row.int("person_id")?),
                    name: row.text("name")?,
                    role: crate::util::stored("role", ParticipantRole::parse(&row.text("role")?))?,
                    status: crate::util::stored(
                        "status",
                        EnrolmentStatus::parse(&row.text("status")?),
                    )?,
                    required_total: row.int("required_total")?,
                    required_done: row.int("required_done")?,
                })
            })
            .collect()
    }

    /// The programme's qualified mentors: approved, and trained when the programme
    /// requires mentor training. Matching and the directory list only these.
    pub async fn qualified_mentors(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<QualifiedMentor>> {
        let sql = format!(
            "SELECT id, person_id, training_required, required_total, required_done FROM ( \
               SELECT e.id, e.person_id, g.mentor_training_required AS training_required, {REQUIRED_COUNTS} \
               FROM enrolments e JOIN programmes g ON g.id = e.programme_id JOIN people p ON p.id = e.person_id \
               WHERE e.programme_id = $1 AND e.role = 'mentor' AND e.status = 'approved' AND p.active = 1 \
             ) q ORDER BY id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        let mut out = Vec::new();
        for row in &rows {
            let trained = row.int("required_done")? >= row.int("required_total")?;
            if mentorhub_domain::enrolment::mentor_is_matchable(
                EnrolmentStatus::Approved,
                row.flag("training_required")?,
                trained,
            ) {
                out.push(QualifiedMentor {
                    enrolment_id: EnrolmentId(row.int("id")?),
                    person_id: PersonId(row.int("person_id")?),
                });
            }
        }
        Ok(out)
    }

    /// Whether `person` is a qualified mentor in `programme`.
    pub async fn is_qualified_mentor(
        &self,
        programme: ProgrammeId,
        person: PersonId,
    ) -> StoreResult<bool> {
        Ok(self
            .qualified_mentors(programme)
            .await?
            .iter()
            .any(|m| m.person_id == person))
    }

    /// Adds the built-in resources a fresh install needs, each unless it was
    /// seeded before or a built-in of the same kind already exists (the demo
    /// loader writes its own). Returns how many were added.
    pub async fn ensure_builtin_resources(
        &self,
        seeds: &[SeedResource],
        now: Timestamp,
    ) -> StoreResult<usize> {
        let kinds: Vec<&str> = seeds.iter().map(|s| s.kind.as_str()).collect();
        let present =
            sqlx::query("SELECT kind, seed_key FROM resources WHERE programme_id IS NULL")
                .fetch_all(self.reader())
                .await?;
        let mut have_kind = std::collections::HashSet::new();
        for row in &present {
            have_kind.insert(row.text("kind")?);
        }
        if kinds.iter().all(|k| have_kind.contains(*k)) {
            return Ok(0);
        }
        let mut added = 0;
        for s in seeds
            .iter()
            .filter(|s| !have_kind.contains(s.kind.as_str()))
        {
            let done = sqlx::query(
                "INSERT INTO resources (title, kind, audience, body, required, built_in, created_at, seed_key) \
                 SELECT $1, $2, $3, $4, 0, 1, $5, $6 \
                 WHERE NOT EXISTS (SELECT 1 FROM resources WHERE programme_id IS NULL AND kind = $2) \
                 ON CONFLICT (seed_key) DO NOTHING",
            )
            .bind(s.title)
            .bind(s.kind.as_str())
            .bind(s.audience.as_str())
            .bind(s.body)
            .bind(now.0)
            .bind(s.seed_key)
            .execute(self.writer())
            .await?;
            added += done.rows_affected() as usize;
        }
        Ok(added)
    }

    /// Every resource (built-ins and every programme's), for the admin: required
    /// first, then by title.
    pub async fn list_every_resource(
        &self,
    ) -> StoreResult<Vec<mentorhub_domain::training::Resource>> {
        let mut all = self.list_resources(None).await?;
        let rows = sqlx::query("SELECT DISTINCT programme_id FROM resources WHERE programme_id IS NOT NULL ORDER BY programme_id")
            .fetch_all(self.reader())
            .await?;
        for row in &rows {
            let p = ProgrammeId(row.int("programme_id")?);
            all.extend(
                self.list_resources(Some(p))
                    .await?
                    .into_iter()
                    .filter(|r| r.programme_id == Some(p)),
            );
        }
        all.sort_by(|a, b| {
            b.required
                .cmp(&a.required)
                .then_with(|| a.title.cmp(&b.title))
                .then(a.id.0.cmp(&b.id.0))
        });
        Ok(all)
    }

    /// How many people completed each resource.
    pub async fn resource_completion_counts(&self) -> StoreResult<HashMap<ResourceId, i64>> {
        let rows = sqlx::query(
            "SELECT resource_id, COUNT(*) AS n FROM resource_completions GROUP BY resource_id",
        )
        .fetch_all(self.reader())
        .await?;
        let mut out = HashMap::new();
        for row in &rows {
            out.insert(ResourceId(row.int("resource_id")?), row.int("n")?);
        }
        Ok(out)
    }
}
