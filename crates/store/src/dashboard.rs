//! What each person's home page shows: read-only summaries in a few queries.

use crate::row::RowExt;
use crate::{Store, StoreResult};
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use serde::Serialize;

/// One programme as the admin's overview lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeOverview {
    pub id: ProgrammeId,
    pub name: String,
    pub mode: String,
    pub status: String,
    pub objective_kind: String,
    pub objective_text: String,
    pub mentors_approved: i64,
    pub mentors_applied: i64,
    pub mentees: i64,
    pub open_relationships: i64,
    pub active_relationships: i64,
}

/// A relationship seen from one of its two people.
#[derive(Debug, Clone, Serialize)]
pub struct RelationshipCard {
    pub id: RelationshipId,
    pub programme_name: String,
    /// The viewer's side: "mentor" or "mentee".
    pub my_role: String,
    pub partner_name: String,
    pub partner_title: String,
    pub state: RelationshipState,
    pub created_at: Timestamp,
    pub next_meeting_at: Option<Timestamp>,
}

/// A goal on the mentee's home page.
#[derive(Debug, Clone, Serialize)]
pub struct GoalCard {
    pub relationship_id: RelationshipId,
    pub title: String,
    pub progress: i64,
    pub status: String,
}

/// A direct report's relationship, as their manager may see it: that it exists
/// and its state, never notes or check-in answers.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRelationship {
    pub relationship_id: RelationshipId,
    pub report_name: String,
    pub mentor_name: String,
    pub programme_name: String,
    pub state: RelationshipState,
}

impl Store {
    pub async fn programme_overview(&self) -> StoreResult<Vec<ProgrammeOverview>> {
        let rows = sqlx::query(
            "SELECT p.id, p.name, p.mode, p.status, p.objective_kind, p.objective_text, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = p.id AND e.role = 'mentor' AND e.status = 'approved') AS mentors_approved, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = p.id AND e.role = 'mentor' AND e.status = 'applied') AS mentors_applied, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = p.id AND e.role = 'mentee' AND e.status IN ('enrolled', 'approved')) AS mentees, \
               (SELECT COUNT(*) FROM relationships r WHERE r.programme_id = p.id \
                  AND r.state IN ('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due')) AS open_relationships, \
               (SELECT COUNT(*) FROM relationships r WHERE r.programme_id = p.id AND r.state = 'active') AS active_relationships \
             FROM programmes p ORDER BY p.created_at DESC, p.id DESC",
        )
        .fetch_all(self.reader().pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ProgrammeOverview {
                    id: ProgrammeId(r.int("id")?),
                    name: r.text("name")?,
                    mode: r.text("mode")?,
                    status: r.text("status")?,
                    objective_kind: r.text("objective_kind")?,
                    objective_text: r.text("objective_text")?,
                    mentors_approved: r.int("mentors_approved")?,
                    mentors_applied: r.int("mentors_applied")?,
                    mentees: r.int("mentees")?,
                    open_relationships: r.int("open_relationships")?,
                    active_relationships: r.int("active_relationships")?,
                })
            })
            .collect()
    }

    /// The person's relationships, as mentor and as mentee, open ones first.
    pub async fn relationship_cards(
        &self,
        person: PersonId,
        now: Timestamp,
    ) -> StoreResult<Vec<RelationshipCard>> {
        let rows = sqlx::query(
            "SELECT r.id, g.name AS programme_name, r.state, r.created_at, \
               CASE WHEN r.mentor_id = $1 THEN 'mentor' ELSE 'mentee' END AS my_role, \
               o.name AS partner_name, o.title AS partner_title, \
               (SELECT MIN(m.starts_at) FROM meetings m WHERE m.relationship_id = r.id AND m.status = 'scheduled' AND m.starts_at >= $2) AS next_meeting_at \
             FROM relationships r \
             JOIN programmes g ON g.id = r.programme_id \
             JOIN people o ON o.id = CASE WHEN r.mentor_id = $1 THEN r.mentee_id ELSE r.mentor_id END \
             WHERE r.mentor_id = $1 OR r.mentee_id = $1 \
             ORDER BY CASE WHEN r.state IN ('completed', 'declined', 'dormant', 'ended_early') THEN 1 ELSE 0 END, r.created_at DESC, r.id DESC",
        )
        .bind(person.0)
        .bind(now.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RelationshipCard {
                    id: RelationshipId(r.int("id")?),
                    programme_name: r.text("programme_name")?,
                    my_role: r.text("my_role")?,
                    partner_name: r.text("partner_name")?,
                    partner_title: r.text("partner_title")?,
                    state: RelationshipState::parse(&r.text("state")?)?,
                    created_at: Timestamp(r.int("created_at")?),
                    next_meeting_at: r.opt_int("next_meeting_at")?.map(Timestamp),
                })
            })
            .collect()
    }

    /// Goals of the person's open relationships in which they are the mentee.
    pub async fn mentee_goal_cards(&self, person: PersonId) -> StoreResult<Vec<GoalCard>> {
        let rows = sqlx::query(
            "SELECT g.relationship_id, g.title, g.progress, g.status FROM goals g \
             JOIN relationships r ON r.id = g.relationship_id \
             WHERE r.mentee_id = $1 AND r.state IN ('introduced', 'active', 'reassessment_due') \
             ORDER BY g.status = 'achieved', g.created_at, g.id",
        )
        .bind(person.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GoalCard {
                    relationship_id: RelationshipId(r.int("relationship_id")?),
                    title: r.text("title")?,
                    progress: r.int("progress")?,
                    status: r.text("status")?,
                })
            })
            .collect()
    }

    /// Relationships of the manager's direct reports (as mentees).
    pub async fn report_relationships(
        &self,
        manager: PersonId,
    ) -> StoreResult<Vec<ReportRelationship>> {
        let rows = sqlx::query(
            "SELECT r.id, e.name AS report_name, m.name AS mentor_name, g.name AS programme_name, r.state \
             FROM relationships r \
             JOIN people e ON e.id = r.mentee_id \
             JOIN people m ON m.id = r.mentor_id \
             JOIN programmes g ON g.id = r.programme_id \
             WHERE e.manager_id = $1 \
             ORDER BY CASE WHEN r.state = 'awaiting_manager_approval' THEN 0 ELSE 1 END, e.name, r.id",
        )
        .bind(manager.0)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportRelationship {
                    relationship_id: RelationshipId(r.int("id")?),
                    report_name: r.text("report_name")?,
                    mentor_name: r.text("mentor_name")?,
                    programme_name: r.text("programme_name")?,
                    state: RelationshipState::parse(&r.text("state")?)?,
                })
            })
            .collect()
    }
}
