//! Programmes: what each is for, how it matches, and what its relationships start from.

use crate::row::{flag, RowExt};
use crate::util::{enum_name, parse_enum, stored, to_json};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::programme::{
    AgreementDefaults, Cadence, CheckInSchedule, DormancyRule, MeetingMode, Objective, Programme,
    ProgrammeMode, ProgrammeStatus,
};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use sqlx::any::AnyRow;

const PROGRAMME_COLUMNS: &str = "g.id, g.name, g.description, g.objective_kind, g.objective_text, g.focus_skills, \
     g.at_risk_functions, g.mode, g.formality, g.status, g.target_pool, g.weights, g.rules, g.cadence, g.meeting_mode, \
     g.duration_months, g.checkin_days, g.dormancy_days, g.dormancy_warn_days, g.mentor_training_required, \
     g.mentee_training_required, g.announced_at, g.version";

/// Columns a statement binds, in this order, for both insert and update.
const WRITE_COLUMNS: [&str; 20] = [
    "name",
    "description",
    "objective_kind",
    "objective_text",
    "focus_skills",
    "at_risk_functions",
    "mode",
    "formality",
    "status",
    "target_pool",
    "weights",
    "rules",
    "cadence",
    "meeting_mode",
    "duration_months",
    "checkin_days",
    "dormancy_days",
    "dormancy_warn_days",
    "mentor_training_required",
    "mentee_training_required",
];

/// A programme with the numbers an admin's programme list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeSummary {
    pub programme: Programme,
    pub announced_at: Option<Timestamp>,
    pub mentors_applied: i64,
    pub mentors_approved: i64,
    pub mentors_declined: i64,
    /// Mentees enrolled and not withdrawn.
    pub mentees: i64,
    pub open_relationships: i64,
}

pub(crate) fn programme_from_row(row: &AnyRow) -> StoreResult<Programme> {
    let objective_text = row.text("objective_text")?;
    Ok(Programme {
        id: ProgrammeId(row.int("id")?),
        name: row.text("name")?,
        description: row.text("description")?,
        objective: stored(
            "objective_kind",
            Objective::parse(&row.text("objective_kind")?, &objective_text),
        )?,
        focus_skills: row.json("focus_skills")?,
        at_risk_functions: row.json("at_risk_functions")?,
        mode: stored("mode", ProgrammeMode::parse(&row.text("mode")?))?,
        formality: parse_enum("formality", &row.text("formality")?)?,
        status: stored("status", ProgrammeStatus::parse(&row.text("status")?))?,
        target_pool: row.json("target_pool")?,
        weights: row.json("weights")?,
        rules: row.json("rules")?,
        agreement_defaults: AgreementDefaults {
            cadence: stored("cadence", Cadence::parse(&row.text("cadence")?))?,
            mode: stored(
                "meeting_mode",
                MeetingMode::parse(&row.text("meeting_mode")?),
            )?,
            duration_months: row.int("duration_months")? as u32,
        },
        checkins: stored(
            "checkin_days",
            CheckInSchedule::parse(&row.text("checkin_days")?),
        )?,
        dormancy: DormancyRule {
            days: row.int("dormancy_days")? as u32,
            warn_days_before: row.int("dormancy_warn_days")? as u32,
        },
        mentor_training_required: row.flag("mentor_training_required")?,
        mentee_training_required: row.flag("mentee_training_required")?,
        version: row.int("version")?,
    })
}

fn bind_programme<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    p: &Programme,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let objective_text = match &p.objective {
        Objective::Custom(t) => t.clone(),
        _ => String::new(),
    };
    q = q
        .bind(p.name.trim().to_string())
        .bind(p.description.clone())
        .bind(p.objective.kind())
        .bind(objective_text)
        .bind(to_json(&p.focus_skills))
        .bind(to_json(&p.at_risk_functions))
        .bind(p.mode.as_str())
        .bind(enum_name(&p.formality))
        .bind(p.status.as_str())
        .bind(to_json(&p.target_pool))
        .bind(to_json(&p.weights))
        .bind(to_json(&p.rules))
        .bind(p.agreement_defaults.cadence.as_str())
        .bind(p.agreement_defaults.mode.as_str())
        .bind(i64::from(p.agreement_defaults.duration_months))
        .bind(p.checkins.to_text())
        .bind(i64::from(p.dormancy.days))
        .bind(i64::from(p.dormancy.warn_days_before))
        .bind(flag(p.mentor_training_required))
        .bind(flag(p.mentee_training_required));
    q
}

/// The domain's checks for a programme as an admin saves it.
fn validate_programme(p: &Programme) -> StoreResult<()> {
    mentorhub_domain::person::required_text("name", &p.name, 200)?;
    p.weights.validate()?;
    p.rules.validate()?;
    p.agreement_defaults.validate(p.formality)?;
    p.dormancy.validate()?;
    Ok(())
}

impl Store {
    /// Stores a new programme; `programme.id` and `version` are ignored.
    pub async fn create_programme(
        &self,
        programme: &Programme,
        now: Timestamp,
    ) -> StoreResult<ProgrammeId> {
        validate_programme(programme)?;
        let params: Vec<String> = (1..=WRITE_COLUMNS.len()).map(|i| format!("${i}")).collect();
        let n = WRITE_COLUMNS.len();
        let sql = format!(
            "INSERT INTO programmes ({}, created_at, updated_at) VALUES ({}, ${}, ${}) RETURNING id",
            WRITE_COLUMNS.join(", "),
            params.join(", "),
            n + 1,
            n + 1
        );
        let row = bind_programme(sqlx::query(&sql), programme)
            .bind(now.0)
            .fetch_one(self.writer())
            .await?;
        Ok(ProgrammeId(row.int("id")?))
    }

    pub async fn get_programme(&self, id: ProgrammeId) -> StoreResult<Programme> {
        let sql = format!("SELECT {PROGRAMME_COLUMNS} FROM programmes g WHERE g.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(programme_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("programme"))
    }

    /// Every programme, newest first, with its counts.
    pub async fn list_programmes(&self) -> StoreResult<Vec<ProgrammeSummary>> {
        let sql = format!(
            "SELECT {PROGRAMME_COLUMNS}, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = g.id AND e.role = 'mentor' AND e.status = 'applied') AS mentors_applied, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = g.id AND e.role = 'mentor' AND e.status = 'approved') AS mentors_approved, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = g.id AND e.role = 'mentor' AND e.status = 'declined') AS mentors_declined, \
               (SELECT COUNT(*) FROM enrolments e WHERE e.programme_id = g.id AND e.role = 'mentee' AND e.status <> 'withdrawn') AS mentees, \
               (SELECT COUNT(*) FROM relationships r WHERE r.programme_id = g.id \
                  AND r.state IN ('proposed', 'awaiting_manager_approval', 'introduced', 'active', 'reassessment_due')) AS open_relationships \
             FROM programmes g ORDER BY g.created_at DESC, g.id DESC"
        );
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|row| {
                Ok(ProgrammeSummary {
                    programme: programme_from_row(row)?,
                    announced_at: row.opt_int("announced_at")?.map(Timestamp),
                    mentors_applied: row.int("mentors_applied")?,
                    mentors_approved: row.int("mentors_approved")?,
                    mentors_declined: row.int("mentors_declined")?,
                    mentees: row.int("mentees")?,
                    open_relationships: row.int("open_relationships")?,
                })
            })
            .collect()
    }

    /// Saves an edited programme if nobody changed it since `programme.version`
    /// was read; returns the new version.
    pub async fn update_programme(
        &self,
        programme: &Programme,
        now: Timestamp,
    ) -> StoreResult<i64> {
        validate_programme(programme)?;
        let n = WRITE_COLUMNS.len();
        let sets: Vec<String> = WRITE_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE programmes SET {}, updated_at = ${}, version = version + 1 WHERE id = ${} AND version = ${} RETURNING version",
            sets.join(", "),
            n + 1,
            n + 2,
            n + 3
        );
        let row = bind_programme(sqlx::query(&sql), programme)
            .bind(now.0)
            .bind(programme.id.0)
            .bind(programme.version)
            .fetch_optional(self.writer())
            .await?;
        match row {
            Some(r) => r.int("version"),
            None => {
                self.get_programme(programme.id).await?;
                Err(StoreError::StaleVersion("programme"))
            }
        }
    }

    /// Records that the programme was announced; returns false when it already was
    /// (the announcement goes out once).
    pub async fn mark_programme_announced(
        &self,
        id: ProgrammeId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let n = sqlx::query("UPDATE programmes SET announced_at = $1, updated_at = $1 WHERE id = $2 AND announced_at IS NULL")
            .bind(now.0)
            .bind(id.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            self.get_programme(id).await?;
        }
        Ok(n == 1)
    }

    /// When the programme was announced, if it was.
    pub async fn programme_announced_at(&self, id: ProgrammeId) -> StoreResult<Option<Timestamp>> {
        let row = sqlx::query("SELECT announced_at FROM programmes WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("programme"))?;
        Ok(row.opt_int("announced_at")?.map(Timestamp))
    }
}
