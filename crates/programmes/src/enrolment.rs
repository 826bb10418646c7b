//! Enrolling mentees (SPEC §3–§4): people in the target pool enrol themselves;
//! admins can enrol them too. A mentee is `enrolled` until the self-assessment is
//! complete, then `approved`.

use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::participation::check_mentee_enrolment;
use mentorhub_domain::person::Person;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::EnrolmentId;
use mentorhub_store::Store;
use mentorhub_web::error::{AppError, AppResult};

/// Enrols `person` as a mentee of `programme`, if the programme is open and its
/// target pool admits them.
pub async fn enrol_mentee(
    store: &Store,
    programme: &Programme,
    person: &Person,
    now: Timestamp,
) -> AppResult<EnrolmentId> {
    check_mentee_enrolment(programme, person).map_err(|e| AppError::Invalid {
        field: "person".into(),
        message: e.to_string(),
    })?;
    if let Some(existing) = store
        .find_enrolment(programme.id, person.id, ParticipantRole::Mentee)
        .await?
    {
        return Err(AppError::Invalid {
            field: "person".into(),
            message: format!(
                "{} is already a mentee here ({})",
                person.name,
                existing.status.as_str()
            ),
        });
    }
    let id = store
        .create_enrolment(programme.id, person.id, ParticipantRole::Mentee, now)
        .await?;
    tracing::info!(target: "mentorhub::audit", person = %person.id, programme = %programme.id, "mentee enrolled");
    Ok(id)
}

/// Finds a person by email address or employee id, as an admin types it.
pub async fn find_person(store: &Store, typed: &str) -> AppResult<Person> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(AppError::Invalid {
            field: "person".into(),
            message: "type the person's email address or employee id".into(),
        });
    }
    let found = if typed.contains('@') {
        store.get_person_by_email(typed).await?
    } else {
        store.get_person_by_employee_id(typed).await?
    };
    found.ok_or_else(|| AppError::Invalid {
        field: "person".into(),
        message: format!("nobody with the email address or employee id {typed:?}"),
    })
}
