//! "My data": a signed-in person downloads everything the product holds about
//! them as one JSON file, from the page `/me/data` or `GET /api/v1/me/export`.
//!
//! What SPEC §9 keeps from the person stays out of it: a partner's private
//! meeting notes and unshared reasons, who ranked them as a mentor, other
//! mentees' shortlists that name them, and the assessor's notes on their mentor
//! application. Secrets (password, session and invitation token hashes) are
//! never included. Every download is recorded in the audit log.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use mentorhub_domain::PersonId;
use mentorhub_store::privacy_queries::{person_subject, PersonalData};
use mentorhub_web::error::{not_found, AppResult, ErrorBody};
use mentorhub_web::pages::{render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The audit action of a personal data download.
pub const ACTION_EXPORT: &str = "data.export";

/// The export's format name; bumped when a field changes meaning.
pub const FORMAT: &str = "mentorhub.personal-data/1";

type Rows = Vec<Map<String, Value>>;

/// Everything Mentorhub holds about one person. Each list holds rows as stored:
/// instants are milliseconds since 1 January 1970 UTC, flags are 0 or 1, lists
/// and small records are JSON text.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDataExport {
    /// `mentorhub.personal-data/1`
    pub format: String,
    /// When the file was made (RFC 3339).
    pub generated_at: String,
    pub person_id: i64,
    /// What the file leaves out, and why.
    pub left_out: Vec<String>,
    /// The person record from the HR import.
    #[schema(value_type = Object)]
    pub person: Value,
    /// Their manager (id, name, title), if any.
    #[schema(value_type = Option<Object>)]
    pub manager: Value,
    /// People who report to them (id, name, title).
    #[schema(value_type = Vec<Object>)]
    pub direct_reports: Rows,
    /// Their sign-in account: whether it is active, admin, has a password.
    #[schema(value_type = Option<Object>)]
    pub account: Value,
    /// Open sign-in sessions (times only; never a token).
    #[schema(value_type = Vec<Object>)]
    pub sessions: Rows,
    /// Set-password invitations (times only; never a token).
    #[schema(value_type = Vec<Object>)]
    pub invitations: Rows,
    /// Participation in programmes: role, status, decision and its reason.
    #[schema(value_type = Vec<Object>)]
    pub enrolments: Rows,
    /// Mentor applications' profiles.
    #[schema(value_type = Vec<Object>)]
    pub mentor_profiles: Rows,
    #[schema(value_type = Vec<Object>)]
    pub self_assessments: Rows,
    /// Their ranked choices of mentor.
    #[schema(value_type = Vec<Object>)]
    pub preferences: Rows,
    /// Their private shortlist and outreach log.
    #[schema(value_type = Vec<Object>)]
    pub shortlist: Rows,
    #[schema(value_type = Vec<Object>)]
    pub offers_made: Rows,
    #[schema(value_type = Vec<Object>)]
    pub offers_received: Rows,
    /// Questions and answers on offers they made or received.
    #[schema(value_type = Vec<Object>)]
    pub offer_messages: Rows,
    #[schema(value_type = Vec<Object>)]
    pub mentor_requests_made: Rows,
    #[schema(value_type = Vec<Object>)]
    pub mentor_requests_received: Rows,
    /// Relationships they are in, with states and dates.
    #[schema(value_type = Vec<Object>)]
    pub relationships: Rows,
    /// State changes of their relationships and those they made; reasons only
    /// when their author shared them or wrote them.
    #[schema(value_type = Vec<Object>)]
    pub relationship_transitions: Rows,
    #[schema(value_type = Vec<Object>)]
    pub agreements: Rows,
    #[schema(value_type = Vec<Object>)]
    pub goals: Rows,
    #[schema(value_type = Vec<Object>)]
    pub meetings: Rows,
    /// Their own notes, and the partner's notes that were shared with them.
    #[schema(value_type = Vec<Object>)]
    pub meeting_notes: Rows,
    /// Check-in answers they gave.
    #[schema(value_type = Vec<Object>)]
    pub checkins: Rows,
    /// Closing reflections they wrote.
    #[schema(value_type = Vec<Object>)]
    pub reflections: Rows,
    /// What they chose when a relationship's period ran out.
    #[schema(value_type = Vec<Object>)]
    pub reassessment_choices: Rows,
    /// Training and resources they completed.
    #[schema(value_type = Vec<Object>)]
    pub training: Rows,
    /// Emails sent or queued to them.
    #[schema(value_type = Vec<Object>)]
    pub emails: Rows,
    /// Administrative actions they took (decisions, assessments, matching runs).
    #[schema(value_type = Vec<Object>)]
    pub actions: Rows,
    /// Audit log entries of what they did or what was done about them.
    #[schema(value_type = Vec<Object>)]
    pub audit: Rows,
}

/// What the export deliberately leaves out, said in the file itself.
const LEFT_OUT: &[&str] = &[
    "Your meeting partner's private notes, and reasons they chose not to share with you.",
    "Who ranked you as a mentor: preferences are the mentee's private choice.",
    "Other mentees' private shortlists and outreach notes, even where they name you.",
    "The administrator's assessment notes on your mentor application (you have the decision and its reason).",
    "Password, session and invitation secrets.",
];

impl PersonalDataExport {
    pub fn new(person: PersonId, data: PersonalData, generated_at: String) -> Self {
        let mut sections: Map<String, Value> = data
            .sections
            .into_iter()
            .map(|(name, rows)| {
                (
                    name.to_string(),
                    Value::Array(rows.into_iter().map(Value::Object).collect()),
                )
            })
            .collect();
        let mut rows = |name: &str| -> Rows {
            match sections.remove(name) {
                Some(Value::Array(a)) => a
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::Object(o) => Some(o),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let one = |rows: Rows| rows.into_iter().next().map(Value::Object);
        PersonalDataExport {
            format: FORMAT.to_string(),
            generated_at,
            person_id: person.0,
            left_out: LEFT_OUT.iter().map(|s| s.to_string()).collect(),
            person: one(rows("person")).unwrap_or_else(|| Value::Object(Map::new())),
            manager: one(rows("manager")).unwrap_or(Value::Null),
            direct_reports: rows("direct_reports"),
            account: one(rows("account")).unwrap_or(Value::Null),
            sessions: rows("sessions"),
            invitations: rows("invitations"),
            enrolments: rows("enrolments"),
            mentor_profiles: rows("mentor_profiles"),
            self_assessments: rows("self_assessments"),
            preferences: rows("preferences"),
            shortlist: rows("shortlist"),
            offers_made: rows("offers_made"),
            offers_received: rows("offers_received"),
            offer_messages: rows("offer_messages"),
            mentor_requests_made: rows("mentor_requests_made"),
            mentor_requests_received: rows("mentor_requests_received"),
            relationships: rows("relationships"),
            relationship_transitions: rows("relationship_transitions"),
            agreements: rows("agreements"),
            goals: rows("goals"),
            meetings: rows("meetings"),
            meeting_notes: rows("meeting_notes"),
            checkins: rows("checkins"),
            reflections: rows("reflections"),
            reassessment_choices: rows("reassessment_choices"),
            training: rows("training"),
            emails: rows("emails"),
            actions: rows("actions"),
            audit: rows("audit"),
        }
    }
}

/// Builds `user`'s export and records the download in the audit log.
async fn export_of(
    state: &AppState,
    user: &CurrentUser,
    via: &str,
) -> AppResult<PersonalDataExport> {
    let store = state.store();
    let now = state.now();
    store
        .record_audit(
            Some(user.person_id),
            ACTION_EXPORT,
            &person_subject(user.person_id),
            via,
            now,
        )
        .await?;
    let data = store.personal_data(user.person_id).await?;
    Ok(PersonalDataExport::new(
        user.person_id,
        data,
        now.to_rfc3339(),
    ))
}

fn file_name(person: PersonId) -> String {
    format!("mentorhub-my-data-{}.json", person.0)
}

fn download(person: PersonId, export: &PersonalDataExport) -> AppResult<Response> {
    let body = serde_json::to_string_pretty(export)
        .map_err(|e| mentorhub_web::AppError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(person)),
            ),
        ],
        body,
    )
        .into_response())
}

// ---- pages ----

pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(get_my_data))
        .route("/me/data/export.json", get(get_my_data_export))
}

/// One line of the "what we hold" summary.
pub struct Held {
    pub label: &'static str,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "my_data.html")]
pub struct MyDataPage {
    pub layout: Layout,
    pub held: Vec<Held>,
    pub left_out: &'static [&'static str],
}

const LABELS: &[(&str, &str)] = &[
    ("enrolments", "Programme participations"),
    ("mentor_profiles", "Mentor profiles"),
    ("self_assessments", "Self-assessments"),
    ("preferences", "Mentor preferences"),
    ("shortlist", "Shortlist entries"),
    ("offers_made", "Offers you made"),
    ("offers_received", "Offers you received"),
    ("mentor_requests_made", "Requests you sent to mentors"),
    (
        "mentor_requests_received",
        "Requests you received as a mentor",
    ),
    ("relationships", "Mentoring relationships"),
    ("goals", "Goals"),
    ("meetings", "Meetings"),
    ("meeting_notes", "Meeting notes"),
    ("checkins", "Check-ins"),
    ("reflections", "Closing reflections"),
    ("training", "Training completed"),
    ("emails", "Emails to you"),
    ("sessions", "Signed-in sessions"),
    ("audit", "Audit log entries about you"),
];

/// `GET /me/data`: what the product holds about you, and the download.
pub async fn get_my_data(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let data = state.store().personal_data(user.person_id).await?;
    let held = LABELS
        .iter()
        .map(|(section, label)| Held {
            label,
            count: data.section(section).len(),
        })
        .collect();
    Ok(render(&MyDataPage {
        layout: Layout::new("Your data", Some(&user), "my-data"),
        held,
        left_out: LEFT_OUT,
    }))
}

/// `GET /me/data/export.json`: the download.
pub async fn get_my_data_export(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let export = export_of(&state, &user, "page").await?;
    download(user.person_id, &export)
}

// ---- API ----

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_my_export))
        .routes(routes!(get_person_export))
}

/// Everything Mentorhub holds about you, as one JSON document (also offered as
/// a file download). The download is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "privacy",
    responses(
        (status = 200, body = PersonalDataExport, description = "Your data"),
        (status = 401, body = ErrorBody, description = "Not signed in"),
    ))]
pub async fn get_my_export(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<PersonalDataExport>> {
    Ok(Json(export_of(&state, &user, "api").await?))
}

/// A person's data export, by id: only for that person themselves. Nobody
/// else (administrators included: the file holds private notes that SPEC §9
/// keeps from them) learns whether it exists.
#[utoipa::path(get, path = "/api/v1/people/{id}/export", tag = "privacy",
    params(("id" = i64, Path, description = "The person")),
    responses(
        (status = 200, body = PersonalDataExport, description = "Your data"),
        (status = 401, body = ErrorBody, description = "Not signed in"),
        (status = 404, body = ErrorBody, description = "Not you"),
    ))]
pub async fn get_person_export(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<PersonalDataExport>> {
    if id != user.person_id.0 {
        return Err(not_found("person"));
    }
    Ok(Json(export_of(&state, &user, "api").await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_the_store_reads_is_in_the_file() {
        let mut data = PersonalData::default();
        let names = mentorhub_store::privacy_queries::export_section_names();
        for name in &names {
            let mut row = Map::new();
            row.insert("marker".into(), Value::from(*name));
            data.sections.push((*name, vec![row]));
        }
        let export = PersonalDataExport::new(PersonId(1), data, "now".into());
        let json = serde_json::to_string(&export).unwrap();
        for name in names {
            assert!(
                json.contains(&format!("\"marker\":\"{name}\"")),
                "section {name} is missing from the export document"
            );
        }
    }
}
