//! Mentor profiles, the admin's mentor assessments and mentee self-assessments.

use crate::row::RowExt;
use crate::util::{stored, to_json, Versioned};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::profile::{
    LeadershipStyle, MentorAssessment, MentorProfile, SelfAssessment, StylePreference,
};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{EnrolmentId, PersonId, ProgrammeId};
use sqlx::any::AnyRow;

const PROFILE_COLUMNS: &str =
    "m.enrolment_id, m.bio, m.expertise, m.leadership_style, m.personal_style, m.track_record, \
     m.capacity, m.availability, m.meeting_modes, m.version";

const SELF_COLUMNS: &str =
    "s.enrolment_id, s.focus_skills, s.leadership_style, s.style_preference, \
     s.personal_preference, s.goals_this_year, s.three_year_view, s.version";

fn profile_from_row(row: &AnyRow) -> StoreResult<Versioned<MentorProfile>> {
    Ok(Versioned {
        value: MentorProfile {
            enrolment_id: EnrolmentId(row.int("enrolment_id")?),
            bio: row.text("bio")?,
            expertise: row.json("expertise")?,
            leadership_style: stored(
                "leadership_style",
                LeadershipStyle::parse(&row.text("leadership_style")?),
            )?,
            personal_style: row.json("personal_style")?,
            track_record: row.text("track_record")?,
            capacity: row.int("capacity")? as u8,
            availability: row.text("availability")?,
            meeting_modes: row.json("meeting_modes")?,
        },
        version: row.int("version")?,
    })
}

fn self_assessment_from_row(row: &AnyRow) -> StoreResult<Versioned<SelfAssessment>> {
    Ok(Versioned {
        value: SelfAssessment {
            enrolment_id: EnrolmentId(row.int("enrolment_id")?),
            focus_skills: row.json("focus_skills")?,
            leadership_style: stored(
                "leadership_style",
                LeadershipStyle::parse(&row.text("leadership_style")?),
            )?,
            style_preference: stored(
                "style_preference",
                StylePreference::parse(&row.text("style_preference")?),
            )?,
            personal_preference: row.json("personal_preference")?,
            goals_this_year: row.text("goals_this_year")?,
            three_year_view: row.text("three_year_view")?,
        },
        version: row.int("version")?,
    })
}

/// A stored mentor assessment, when it was last saved and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorAssessmentRecord {
    pub assessment: MentorAssessment,
    pub created_at: Timestamp,
    pub version: i64,
}

/// Turns "0 rows written" into the right error: the row is missing, or it moved on.
async fn stale_or_missing(
    store: &Store,
    table: &'static str,
    what: &'static str,
    enrolment: EnrolmentId,
) -> StoreError {
    let sql = format!("SELECT 1 AS one FROM {table} WHERE enrolment_id = $1");
    match sqlx::query(&sql)
        .bind(enrolment.0)
        .fetch_optional(store.reader())
        .await
    {
        Ok(Some(_)) => StoreError::StaleVersion(what),
        Ok(None) => StoreError::NotFound(what),
        Err(e) => e.into(),
    }
}

impl Store {
    /// Saves a mentor's profile. `expected_version` is `None` to create it (refused
    /// as stale if someone already did) or the version the editor loaded.
    /// Returns the new version.
    pub async fn save_mentor_profile(
        &self,
        profile: &MentorProfile,
        expected_version: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        profile.validate()?;
        let sql = match expected_version {
            None => {
                "INSERT INTO mentor_profiles (bio, expertise, leadership_style, personal_style, track_record, capacity, \
                   availability, meeting_modes, updated_at, enrolment_id, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) ON CONFLICT (enrolment_id) DO NOTHING RETURNING version"
            }
            Some(_) => {
                "UPDATE mentor_profiles SET bio = $1, expertise = $2, leadership_style = $3, personal_style = $4, \
                   track_record = $5, capacity = $6, availability = $7, meeting_modes = $8, updated_at = $9, \
                   version = version + 1 \
                 WHERE enrolment_id = $10 AND version = $11 RETURNING version"
            }
        };
        let q = sqlx::query(sql)
            .bind(profile.bio.trim().to_string())
            .bind(to_json(&profile.expertise))
            .bind(profile.leadership_style.as_str().to_string())
            .bind(to_json(&profile.personal_style))
            .bind(profile.track_record.trim().to_string())
            .bind(i64::from(profile.capacity))
            .bind(profile.availability.trim().to_string())
            .bind(to_json(&profile.meeting_modes))
            .bind(now.0)
            .bind(profile.enrolment_id.0);
        // The insert has no version parameter: PostgreSQL refuses surplus binds.
        let q = match expected_version {
            Some(v) => q.bind(v),
            None => q,
        };
        let row = q.fetch_optional(self.writer()).await?;
        match (row, expected_version) {
            (Some(r), _) => r.int("version"),
            (None, None) => Err(StoreError::StaleVersion("mentor profile")),
            (None, Some(_)) => Err(stale_or_missing(
                self,
                "mentor_profiles",
                "mentor profile",
                profile.enrolment_id,
            )
            .await),
        }
    }

    pub async fn get_mentor_profile(
        &self,
        enrolment: EnrolmentId,
    ) -> StoreResult<Option<Versioned<MentorProfile>>> {
        let sql =
            format!("SELECT {PROFILE_COLUMNS} FROM mentor_profiles m WHERE m.enrolment_id = $1");
        let row = sqlx::query(&sql)
            .bind(enrolment.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(profile_from_row).transpose()
    }

    /// The profiles of a programme's mentors who are not withdrawn or declined.
    pub async fn list_mentor_profiles(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<Versioned<MentorProfile>>> {
        let sql = format!(
            "SELECT {PROFILE_COLUMNS} FROM mentor_profiles m JOIN enrolments e ON e.id = m.enrolment_id \
             WHERE e.programme_id = $1 AND e.status IN ('applied', 'approved') ORDER BY m.enrolment_id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter().map(profile_from_row).collect()
    }

    /// Records the admin's assessment of a mentor applicant. `expected_version`
    /// is `None` for the first assessment (refused as stale if another
    /// administrator saved one meanwhile) or the version the assessor loaded
    /// (refused as stale if it moved on, or if there is no assessment to
    /// update). Returns the new version.
    pub async fn save_mentor_assessment(
        &self,
        assessment: &MentorAssessment,
        expected_version: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        assessment.validate()?;
        let sql = match expected_version {
            None => {
                "INSERT INTO mentor_assessments (assessor_id, expertise_score, communication_score, notes, created_at, \
                   enrolment_id, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (enrolment_id) DO NOTHING RETURNING version"
            }
            Some(_) => {
                "UPDATE mentor_assessments SET assessor_id = $1, expertise_score = $2, communication_score = $3, \
                   notes = $4, created_at = $5, version = version + 1 \
                 WHERE enrolment_id = $6 AND version = $7 RETURNING version"
            }
        };
        let q = sqlx::query(sql)
            .bind(assessment.assessor_id.0)
            .bind(i64::from(assessment.expertise_score))
            .bind(i64::from(assessment.communication_score))
            .bind(assessment.notes.trim().to_string())
            .bind(now.0)
            .bind(assessment.enrolment_id.0);
        // The insert has no version parameter: PostgreSQL refuses surplus binds.
        let q = match expected_version {
            Some(v) => q.bind(v),
            None => q,
        };
        match q.fetch_optional(self.writer()).await? {
            Some(r) => r.int("version"),
            // Someone assessed first, the version moved on, or (a version sent
            // for an applicant nobody assessed yet) it never existed: all stale.
            None => Err(StoreError::StaleVersion("assessment")),
        }
    }

    pub async fn get_mentor_assessment(
        &self,
        enrolment: EnrolmentId,
    ) -> StoreResult<Option<MentorAssessmentRecord>> {
        let row = sqlx::query(
            "SELECT enrolment_id, assessor_id, expertise_score, communication_score, notes, created_at, version \
             FROM mentor_assessments WHERE enrolment_id = $1",
        )
        .bind(enrolment.0)
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(MentorAssessmentRecord {
            assessment: MentorAssessment {
                enrolment_id: EnrolmentId(row.int("enrolment_id")?),
                // An assessor who was later erased reads as person 0.
                assessor_id: PersonId(row.opt_int("assessor_id")?.unwrap_or(0)),
                expertise_score: row.int("expertise_score")? as u8,
                communication_score: row.int("communication_score")? as u8,
                notes: row.text("notes")?,
            },
            created_at: Timestamp(row.int("created_at")?),
            version: row.int("version")?,
        }))
    }

    /// Saves a mentee's self-assessment, with the same versioning as
    /// [`Store::save_mentor_profile`]. Returns the new version.
    pub async fn save_self_assessment(
        &self,
        assessment: &SelfAssessment,
        expected_version: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        assessment.validate()?;
        let sql = match expected_version {
            None => {
                "INSERT INTO self_assessments (focus_skills, leadership_style, style_preference, personal_preference, \
                   goals_this_year, three_year_view, updated_at, enrolment_id, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) ON CONFLICT (enrolment_id) DO NOTHING RETURNING version"
            }
            Some(_) => {
                "UPDATE self_assessments SET focus_skills = $1, leadership_style = $2, style_preference = $3, \
                   personal_preference = $4, goals_this_year = $5, three_year_view = $6, updated_at = $7, \
                   version = version + 1 \
                 WHERE enrolment_id = $8 AND version = $9 RETURNING version"
            }
        };
        let skills: Vec<String> = assessment
            .focus_skills
            .iter()
            .map(|s| s.trim().to_string())
            .collect();
        let q = sqlx::query(sql)
            .bind(to_json(&skills))
            .bind(assessment.leadership_style.as_str().to_string())
            .bind(assessment.style_preference.as_str())
            .bind(to_json(&assessment.personal_preference))
            .bind(assessment.goals_this_year.trim().to_string())
            .bind(assessment.three_year_view.trim().to_string())
            .bind(now.0)
            .bind(assessment.enrolment_id.0);
        let q = match expected_version {
            Some(v) => q.bind(v),
            None => q,
        };
        let row = q.fetch_optional(self.writer()).await?;
        match (row, expected_version) {
            (Some(r), _) => r.int("version"),
            (None, None) => Err(StoreError::StaleVersion("self-assessment")),
            (None, Some(_)) => Err(stale_or_missing(
                self,
                "self_assessments",
                "self-assessment",
                assessment.enrolment_id,
            )
            .await),
        }
    }

    pub async fn get_self_assessment(
        &self,
        enrolment: EnrolmentId,
    ) -> StoreResult<Option<Versioned<SelfAssessment>>> {
        let sql =
            format!("SELECT {SELF_COLUMNS} FROM self_assessments s WHERE s.enrolment_id = $1");
        let row = sqlx::query(&sql)
            .bind(enrolment.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(self_assessment_from_row).transpose()
    }

    /// The self-assessments of a programme's mentees who have not withdrawn.
    pub async fn list_self_assessments(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<Versioned<SelfAssessment>>> {
        let sql = format!(
            "SELECT {SELF_COLUMNS} FROM self_assessments s JOIN enrolments e ON e.id = s.enrolment_id \
             WHERE e.programme_id = $1 AND e.status <> 'withdrawn' ORDER BY s.enrolment_id"
        );
        let rows = sqlx::query(&sql)
            .bind(programme.0)
            .fetch_all(self.reader().pool())
            .await?;
        rows.iter().map(self_assessment_from_row).collect()
    }
}
