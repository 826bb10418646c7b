//! Programme health for administrators (SPEC §10): each figure is counted in SQL,
//! once per programme, never with a query per pair or per person. Only counts,
//! dates and states leave these queries: no meeting note, check-in comment or
//! goal title is ever selected (SPEC §9).
//!
//! Placeholders are numbered in the order they first appear in the text, as
//! SQLite numbers `$N` parameters by first appearance.

mod exports;
mod pairs;

pub use exports::{MeetingExportRow, OpenPairRow, ParticipantExportRow, TransitionExportRow};
pub use pairs::{
    CadenceCounts, PairBehind, PairNearDormancy, RelationshipCounts, TimelineEvent, TimelineKind,
};

use crate::relationships::OPEN_STATES_SQL;
use crate::row::RowExt;
use crate::util::stored;
use crate::{Backend, Store, StoreResult};
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::goal::GoalStatus;
use mentorhub_domain::ProgrammeId;

/// Milliseconds in a day, as SQL text.
const DAY_MS: &str = "86400000";

/// How many people of one role are in one enrolment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolmentCount {
    pub role: ParticipantRole,
    pub status: EnrolmentStatus,
    pub people: i64,
}

/// The qualified mentor pool against the mentees still waiting for a mentor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MentorPoolCounts {
    /// Approved, active, with a profile, and trained where the programme requires it.
    pub qualified_mentors: i64,
    /// The sum of their capacities.
    pub places: i64,
    /// Places not taken by an open relationship (in any programme), per mentor
    /// never below zero.
    pub places_left: i64,
    /// Enrolled mentees, still with the organisation, without an open relationship
    /// in the programme.
    pub mentees_waiting: i64,
}

/// How many relationships waited a whole number of days for something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// `None` for those still waiting.
    pub days: Option<i64>,
    pub count: i64,
}

/// Matching: who was matched, whether to a mentor they asked for, how fast.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchingCounts {
    /// Mentees enrolled (not withdrawn).
    pub mentees: i64,
    /// Of those, with a relationship in the programme that was not declined.
    pub matched: i64,
    /// Matched mentees who had named one or two preferred mentors.
    pub matched_with_preferences: i64,
    /// Matched with their first choice.
    pub first_choice: i64,
    /// Matched with their second choice (and not their first).
    pub second_choice: i64,
    /// Days from enrolment to the first relationship, per mentee; `days: None`
    /// for those not matched yet.
    pub days_to_match: Vec<DayCount>,
    /// Days from a relationship's start to its first held meeting, per
    /// relationship that was not declined; `days: None` for those without one.
    pub days_to_first_meeting: Vec<DayCount>,
}

/// Check-ins due on one day of the schedule, and what the answers add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInCounts {
    /// Days after activation (30 = the one-month check-in).
    pub due_day: i64,
    pub due: i64,
    pub answered: i64,
    pub in_regular_contact: i64,
    /// How many answered 1, 2, 3, 4 and 5 to "is it working".
    pub working: [i64; 5],
}

/// Goals of the programme's relationships, counted: never a title or a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalCounts {
    pub goals: i64,
    /// Mentees with at least one goal.
    pub mentees: i64,
    pub by_status: Vec<(GoalStatus, i64)>,
    /// The sum of progress (percent) over goals not dropped.
    pub progress_sum: i64,
    pub goals_not_dropped: i64,
}

/// Required training done, for one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingCounts {
    pub role: ParticipantRole,
    /// Participants not withdrawn or declined.
    pub participants: i64,
    /// Of those, with every required item for their role completed.
    pub trained: i64,
    /// Required items for the role (the programme's and the built-ins).
    pub required_items: i64,
}

/// Active enrolments that still count as taking part.
const TAKING_PART: &str = "('applied', 'enrolled', 'approved')";

/// Required resources of `e`'s role in its programme that `e` has not completed.
const TRAINING_MISSING: &str = "(SELECT COUNT(*) FROM resources x WHERE x.required = 1 \
       AND (x.programme_id IS NULL OR x.programme_id = e.programme_id) AND x.audience IN (e.role, 'everyone') \
       AND NOT EXISTS (SELECT 1 FROM resource_completions c WHERE c.resource_id = x.id AND c.person_id = e.person_id))";

impl Store {
    /// A number that changes whenever anything a programme's health figures
    /// read changes, committed with the write, so it also sees other
    /// processes' writes: on SQLite a trigger-kept count, on PostgreSQL the sum
    /// of counts bumped at commit (see the `change_stripes` migration). Read it
    /// before the figures it guards.
    pub async fn health_fingerprint(&self) -> StoreResult<i64> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT n FROM health_changes WHERE id = 1",
            Backend::Postgres => "SELECT CAST(SUM(health) AS BIGINT) FROM change_stripes",
        };
        let n: i64 = sqlx::query_scalar(sql).fetch_one(self.reader()).await?;
        Ok(n)
    }

    /// Participants by role and enrolment status.
    pub async fn health_enrolments(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<EnrolmentCount>> {
        let rows = sqlx::query(
            "SELECT role, status, COUNT(*) AS n FROM enrolments WHERE programme_id = $1 \
             GROUP BY role, status ORDER BY role, status",
        )
        .bind(programme.0)
        .fetch_all(self.reader().pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EnrolmentCount {
                    role: stored("role", ParticipantRole::parse(&r.text("role")?))?,
                    status: stored("status", EnrolmentStatus::parse(&r.text("status")?))?,
                    people: r.int("n")?,
                })
            })
            .collect()
    }

    /// The qualified mentor pool, its places, and the mentees waiting for one.
    pub async fn health_mentor_pool(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<MentorPoolCounts> {
        // Materialised so that each mentor's subqueries run once, not once per
        // mention below.
        let pool_sql = format!(
            "WITH pool AS MATERIALIZED ( \
               SELECT m.capacity, g.mentor_training_required AS training_required, {TRAINING_MISSING} AS training_missing, \
                 (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = e.person_id AND r.state IN {OPEN_STATES_SQL}) AS open_mentees \
               FROM enrolments e JOIN people p ON p.id = e.person_id JOIN mentor_profiles m ON m.enrolment_id = e.id \
                 JOIN programmes g ON g.id = e.programme_id \
               WHERE e.programme_id = $1 AND e.role = 'mentor' AND e.status = 'approved' AND p.active = 1) \
             SELECT COUNT(*) AS mentors, CAST(COALESCE(SUM(capacity), 0) AS BIGINT) AS places, \
               CAST(COALESCE(SUM(CASE WHEN open_mentees < capacity THEN capacity - open_mentees ELSE 0 END), 0) AS BIGINT) AS places_left \
             FROM pool WHERE training_required = 0 OR training_missing = 0"
        );
        let pool = sqlx::query(&pool_sql)
            .bind(programme.0)
            .fetch_one(self.reader().pool())
            .await?;
        let waiting_sql = format!(
            "SELECT COUNT(*) AS n FROM enrolments e JOIN people p ON p.id = e.person_id \
             WHERE e.programme_id = $1 AND e.role = 'mentee' AND e.status IN ('enrolled', 'approved') AND p.active = 1 \
               AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = e.person_id \
                 AND r.programme_id = e.programme_id AND r.state IN {OPEN_STATES_SQL})"
        );
        let waiting = sqlx::query(&waiting_sql)
            .bind(programme.0)
            .fetch_one(self.reader().pool())
            .await?;
        Ok(MentorPoolCounts {
            qualified_mentors: pool.int("mentors")?,
            places: pool.int("places")?,
            places_left: pool.int("places_left")?,
            mentees_waiting: waiting.int("n")?,
        })
    }

    /// Match rate, first and second choices, and how long matching and the first
    /// meeting took: one pass over the mentees and one over the relationships,
    /// each grouped by whole days waited.
    pub async fn health_matching(&self, programme: ProgrammeId) -> StoreResult<MatchingCounts> {
        // Per enrolled mentee: their first relationship that was not declined,
        // whether they named preferences, and the best-ranked preferred mentor
        // they have a relationship with (1, 2 or none).
        let mentees_sql = format!(
            "WITH q AS MATERIALIZED ( \
               SELECT e.created_at AS enrolled_at, \
                 (SELECT MIN(r.created_at) FROM relationships r WHERE r.programme_id = e.programme_id \
                    AND r.mentee_id = e.person_id AND r.state <> 'declined') AS matched_at, \
                 CASE WHEN EXISTS (SELECT 1 FROM preferences pf WHERE pf.mentee_enrolment_id = e.id) THEN 1 ELSE 0 END AS ranked, \
                 (SELECT MIN(pf.rank) FROM preferences pf JOIN enrolments me ON me.id = pf.mentor_enrolment_id \
                    WHERE pf.mentee_enrolment_id = e.id AND EXISTS (SELECT 1 FROM relationships r \
                      WHERE r.programme_id = e.programme_id AND r.mentor_id = me.person_id \
                        AND r.mentee_id = e.person_id AND r.state <> 'declined')) AS choice \
               FROM enrolments e WHERE e.programme_id = $1 AND e.role = 'mentee' AND e.status IN ('enrolled', 'approved')) \
             SELECT (matched_at - enrolled_at) / {DAY_MS} AS days, COUNT(*) AS n, \
               COALESCE(SUM(CASE WHEN matched_at IS NOT NULL AND ranked = 1 THEN 1 ELSE 0 END), 0) AS with_preferences, \
               COALESCE(SUM(CASE WHEN choice = 1 THEN 1 ELSE 0 END), 0) AS first_choice, \
               COALESCE(SUM(CASE WHEN choice = 2 THEN 1 ELSE 0 END), 0) AS second_choice \
             FROM q GROUP BY (matched_at - enrolled_at) / {DAY_MS}"
        );
        let meetings_sql = format!(
            "WITH f AS MATERIALIZED ( \
               SELECT r.created_at, (SELECT MIN(m.starts_at) FROM meetings m WHERE m.relationship_id = r.id \
                 AND m.status = 'held') AS first_meeting \
               FROM relationships r WHERE r.programme_id = $1 AND r.state <> 'declined') \
             SELECT (first_meeting - created_at) / {DAY_MS} AS days, COUNT(*) AS n \
             FROM f GROUP BY (first_meeting - created_at) / {DAY_MS}"
        );
        let (mentees, meetings) = tokio::try_join!(
            sqlx::query(&mentees_sql)
                .bind(programme.0)
                .fetch_all(self.reader().pool()),
            sqlx::query(&meetings_sql)
                .bind(programme.0)
                .fetch_all(self.reader().pool()),
        )?;
        // A relationship recorded before the enrolment (informal ones) waited no time.
        let day_count = |r: &sqlx::any::AnyRow| -> StoreResult<DayCount> {
            Ok(DayCount {
                days: r.opt_int("days")?.map(|d| d.max(0)),
                count: r.int("n")?,
            })
        };
        let mut counts = MatchingCounts::default();
        for r in &mentees {
            let d = day_count(r)?;
            counts.mentees += d.count;
            if d.days.is_some() {
                counts.matched += d.count;
            }
            counts.matched_with_preferences += r.int("with_preferences")?;
            counts.first_choice += r.int("first_choice")?;
            counts.second_choice += r.int("second_choice")?;
            counts.days_to_match.push(d);
        }
        counts.days_to_first_meeting =
            meetings.iter().map(day_count).collect::<StoreResult<_>>()?;
        Ok(counts)
    }

    /// Check-ins by their day in the schedule: due, answered, and the answers'
    /// totals. What anyone wrote under "what would help" is never read.
    pub async fn health_checkins(&self, programme: ProgrammeId) -> StoreResult<Vec<CheckInCounts>> {
        let working: String = (1..=5)
            .map(|w| format!(", COALESCE(SUM(CASE WHEN c.working = {w} THEN 1 ELSE 0 END), 0) AS working_{w}"))
            .collect();
        let sql = format!(
            "SELECT c.due_day, COUNT(*) AS due, \
               COALESCE(SUM(CASE WHEN c.answered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS answered, \
               COALESCE(SUM(CASE WHEN c.answered_at IS NOT NULL AND c.in_regular_contact = 1 THEN 1 ELSE 0 END), 0) AS in_contact{working} \
             FROM checkins c WHERE c.programme_id = $1 GROUP BY c.due_day ORDER BY c.due_day"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter()
            .map(|r| {
                let mut working = [0; 5];
                for (i, w) in working.iter_mut().enumerate() {
                    *w = r.int(&format!("working_{}", i + 1))?;
                }
                Ok(CheckInCounts {
                    due_day: r.int("due_day")?,
                    due: r.int("due")?,
                    answered: r.int("answered")?,
                    in_regular_contact: r.int("in_contact")?,
                    working,
                })
            })
            .collect()
    }

    /// Goals by status and their summed progress: aggregate only (SPEC §9).
    pub async fn health_goals(&self, programme: ProgrammeId) -> StoreResult<GoalCounts> {
        let by_status: String = GoalStatus::ALL
            .iter()
            .map(|s| {
                let s = s.as_str();
                format!(", COALESCE(SUM(CASE WHEN gl.status = '{s}' THEN 1 ELSE 0 END), 0) AS status_{s}")
            })
            .collect();
        let sql = format!(
            "SELECT COUNT(*) AS goals, COUNT(DISTINCT r.mentee_id) AS mentees, \
               CAST(COALESCE(SUM(CASE WHEN gl.status <> 'dropped' THEN gl.progress ELSE 0 END), 0) AS BIGINT) AS progress_sum, \
               COALESCE(SUM(CASE WHEN gl.status <> 'dropped' THEN 1 ELSE 0 END), 0) AS not_dropped{by_status} \
             FROM goals gl JOIN relationships r ON r.id = gl.relationship_id WHERE r.programme_id = $1"
        );
        let row = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_one(self.reader().pool())
            .await?;
        Ok(GoalCounts {
            goals: row.int("goals")?,
            mentees: row.int("mentees")?,
            by_status: GoalStatus::ALL
                .iter()
                .map(|s| Ok((*s, row.int(&format!("status_{}", s.as_str()))?)))
                .collect::<StoreResult<_>>()?,
            progress_sum: row.int("progress_sum")?,
            goals_not_dropped: row.int("not_dropped")?,
        })
    }

    /// Required training completed, per role, over the participants still taking part.
    pub async fn health_training(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<TrainingCounts>> {
        let sql = format!(
            "SELECT role, COUNT(*) AS participants, COALESCE(SUM(CASE WHEN missing = 0 THEN 1 ELSE 0 END), 0) AS trained \
             FROM (SELECT e.role, {TRAINING_MISSING} AS missing FROM enrolments e \
                   WHERE e.programme_id = $1 AND e.status IN {TAKING_PART}) q \
             GROUP BY role"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        let required = sqlx::query(
            "SELECT audience, COUNT(*) AS n FROM resources WHERE required = 1 \
               AND (programme_id IS NULL OR programme_id = $1) GROUP BY audience",
        )
        .bind(programme.0)
        .fetch_all(self.reader().pool())
        .await?;
        let items = |role: &str| -> StoreResult<i64> {
            let mut n = 0;
            for r in &required {
                let audience = r.text("audience")?;
                if audience == role || audience == "everyone" {
                    n += r.int("n")?;
                }
            }
            Ok(n)
        };
        let mut out = Vec::new();
        for role in [ParticipantRole::Mentor, ParticipantRole::Mentee] {
            let row = rows
                .iter()
                .find(|r| r.text("role").is_ok_and(|x| x == role.as_str()));
            let (participants, trained) = match row {
                Some(r) => (r.int("participants")?, r.int("trained")?),
                None => (0, 0),
            };
            out.push(TrainingCounts {
                role,
                participants,
                trained,
                required_items: items(role.as_str())?,
            });
        }
        Ok(out)
    }
}
