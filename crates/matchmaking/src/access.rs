//! Who may see what in this area (SPEC §9). A programme is private to its
//! participants and the admins: anyone else gets 404, as if it did not exist.

use mentorhub_domain::enrolment::{Enrolment, EnrolmentStatus, ParticipantRole};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::Store;
use mentorhub_web::error::{not_found, AppResult};
use mentorhub_web::CurrentUser;

/// The signed-in person's place in a programme.
pub struct Participation {
    pub programme: Programme,
    pub as_mentee: Option<Enrolment>,
    pub as_mentor: Option<Enrolment>,
    pub is_admin: bool,
}

impl Participation {
    /// The mentee enrolment, or 404 for someone who is not a mentee here.
    pub fn mentee(&self) -> AppResult<&Enrolment> {
        self.as_mentee
            .as_ref()
            .ok_or_else(|| not_found("mentee enrolment"))
    }
}

async fn active_enrolment(
    store: &Store,
    programme: ProgrammeId,
    user: &CurrentUser,
    role: ParticipantRole,
) -> AppResult<Option<Enrolment>> {
    Ok(store
        .find_enrolment(programme, user.person_id, role)
        .await?
        .filter(|e| e.status != EnrolmentStatus::Withdrawn))
}

/// Loads a programme for one of its participants or an admin; 404 otherwise.
pub async fn participation(
    store: &Store,
    user: &CurrentUser,
    id: ProgrammeId,
) -> AppResult<Participation> {
    let programme = store
        .get_programme(id)
        .await
        .map_err(|_| not_found("programme"))?;
    let as_mentee = active_enrolment(store, id, user, ParticipantRole::Mentee).await?;
    let as_mentor = active_enrolment(store, id, user, ParticipantRole::Mentor).await?;
    if !user.is_admin && as_mentee.is_none() && as_mentor.is_none() {
        return Err(not_found("programme"));
    }
    Ok(Participation {
        programme,
        as_mentee,
        as_mentor,
        is_admin: user.is_admin,
    })
}

/// Loads a programme for an admin. Matching is the admin's work; to anyone
/// else its pages do not exist.
pub async fn admin_programme(
    store: &Store,
    user: &CurrentUser,
    id: ProgrammeId,
) -> AppResult<Programme> {
    if !user.is_admin {
        return Err(not_found("programme"));
    }
    store
        .get_programme(id)
        .await
        .map_err(|_| not_found("programme"))
}

/// Reads `If-Match: "<version>"` (quotes optional).
pub fn if_match(headers: &axum::http::HeaderMap) -> AppResult<Option<i64>> {
    let Some(v) = headers.get(axum::http::header::IF_MATCH) else {
        return Ok(None);
    };
    let raw = v.to_str().unwrap_or("").trim().trim_matches('"');
    raw.parse::<i64>()
        .map(Some)
        .map_err(|_| mentorhub_web::error::bad_request("If-Match must be the version, e.g. \"3\""))
}
