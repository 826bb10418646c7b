//! Meetings (`001_…` step 5, `003_…`): scheduled or logged by either of the pair;
//! the mentee proposes the agenda; each person keeps their own note, private
//! unless shared; a question posed for the next meeting structures the first
//! ones. Logging a held meeting records contact (what the dormancy rule reads).

use crate::access::{
    if_match, relationship_for, require_party, stale, with_etag, FieldErrors, StaleBody,
};
use crate::view::{meeting_view, meeting_views, MeetingView};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use mentorhub_domain::meeting::{Meeting, MeetingInput, MeetingStatus};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::MeetingId;
use mentorhub_store::StoreError;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::local_time::{LocalTimeError, TimePrefs};
use mentorhub_web::{ApiUser, AppState, CurrentUser};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn pages() -> Router<AppState> {
    use crate::meeting_pages as p;
    Router::new()
        .route(
            "/relationships/{id}/meetings/new",
            get(p::get_new_meeting_page),
        )
        .route("/relationships/{id}/meetings", post(p::create_meeting_page))
        .route(
            "/relationships/{id}/meetings/{mid}",
            get(p::get_meeting_page).post(p::update_meeting_page),
        )
        .route(
            "/relationships/{id}/meetings/{mid}/note",
            post(p::update_note_page),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_meetings, create_meeting))
        .routes(routes!(update_meeting))
        .routes(routes!(update_note))
        .routes(routes!(get_meeting_invite))
}

/// A meeting as sent by a form or the API. Times are RFC 3339, or a local date
/// and time (`2026-11-30T14:00`, what a page's `datetime-local` input sends) read
/// in the sender's time zone (their account setting, else the organisation's).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MeetingFields {
    #[schema(example = "2026-11-30T14:00:00Z")]
    pub starts_at: String,
    #[schema(value_type = i64, example = 60)]
    #[serde(default, deserialize_with = "crate::forms::number_text")]
    pub duration_minutes: String,
    /// in_person, phone, video or mixed.
    #[serde(default)]
    pub mode: String,
    /// scheduled, held or cancelled.
    #[serde(default)]
    pub status: String,
    /// The mentee's agenda. A mentor leaves it empty: the mentee drives the agenda.
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    #[schema(example = "2026-12-14T14:00:00Z")]
    pub next_meeting_at: String,
    /// A question to prepare an answer to for the next meeting.
    #[serde(default)]
    pub question_for_next: String,
}

impl MeetingFields {
    /// The form's values for `m`, its times in the viewer's zone.
    pub fn of(m: &Meeting, time: &TimePrefs) -> Self {
        MeetingFields {
            starts_at: time.input_value(m.starts_at),
            duration_minutes: m.duration_minutes.to_string(),
            mode: m.mode.as_str().into(),
            status: m.status.as_str().into(),
            agenda: m.agenda.clone(),
            next_meeting_at: m
                .next_meeting_at
                .map(|t| time.input_value(t))
                .unwrap_or_default(),
            question_for_next: m.question_for_next.clone(),
        }
    }

    /// The domain's input, local times read in `time`'s zone, or the first
    /// field that is not valid (the API names one field).
    pub fn input(
        &self,
        standing: Standing,
        current_agenda: &str,
        time: &TimePrefs,
    ) -> AppResult<MeetingInput> {
        self.check(standing, current_agenda, time)
            .map_err(FieldErrors::into_first)
    }

    /// The domain's input, or every field that is not valid (pages show each
    /// next to its field). A mentor cannot set or change the agenda: it is the
    /// mentee's (`001_…` step 5); `current_agenda` is what stands.
    pub fn check(
        &self,
        standing: Standing,
        current_agenda: &str,
        time: &TimePrefs,
    ) -> Result<MeetingInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let starts_at = read_time(
            &mut errors,
            time,
            "starts_at",
            &self.starts_at,
            "give the date and time of the meeting",
        );
        let duration_minutes = match self.duration_minutes.trim() {
            "" => Some(60),
            d => d.parse().ok().or_else(|| {
                errors.add("duration_minutes", "give the length in minutes");
                None
            }),
        };
        let mode = MeetingMode::parse(self.mode.trim())
            .map_err(|e| errors.note(e.into()))
            .ok();
        let status = match self.status.trim() {
            "" => Some(MeetingStatus::Scheduled),
            s => MeetingStatus::parse(s)
                .map_err(|e| errors.note(e.into()))
                .ok(),
        };
        let agenda = if standing == Standing::Mentee {
            self.agenda.clone()
        } else if self.agenda.trim().is_empty() || self.agenda.trim() == current_agenda.trim() {
            current_agenda.to_string()
        } else {
            errors.add(
                "agenda",
                "the mentee proposes the agenda: ask them to add what you would like to discuss",
            );
            String::new()
        };
        let next_meeting_at = match self.next_meeting_at.trim() {
            "" => None,
            raw => read_time(
                &mut errors,
                time,
                "next_meeting_at",
                raw,
                "give the date and time of the next meeting",
            ),
        };
        match (starts_at, duration_minutes, mode, status) {
            (Some(starts_at), Some(duration_minutes), Some(mode), Some(status))
                if errors.is_empty() =>
            {
                Ok(MeetingInput {
                    starts_at,
                    duration_minutes,
                    mode,
                    status,
                    agenda,
                    next_meeting_at,
                    question_for_next: self.question_for_next.clone(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A typed time read in the person's zone; what is wrong goes to `errors`.
fn read_time(
    errors: &mut FieldErrors,
    time: &TimePrefs,
    field: &str,
    raw: &str,
    what: &str,
) -> Option<Timestamp> {
    match time.parse_input(raw) {
        Ok(t) => Some(t),
        Err(LocalTimeError::Unreadable) => {
            errors.add(field, what);
            None
        }
        Err(skipped) => {
            errors.add(field, skipped.to_string());
            None
        }
    }
}

/// The meeting, if it belongs to this relationship.
pub async fn meeting_of(state: &AppState, rel: &Relationship, mid: i64) -> AppResult<Meeting> {
    match state.store().get_meeting(MeetingId(mid)).await {
        Ok(m) if m.relationship_id == rel.id => Ok(m),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::NotFound("meeting".into())),
        Err(e) => Err(e.into()),
    }
}

/// Meetings are the pair's, while they work together.
pub fn require_meeting_rights(rel: &Relationship, standing: Standing) -> AppResult<()> {
    require_party(standing, "meetings")?;
    if rel.state.is_open() {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "meetings cannot be changed once the relationship is {}",
            rel.state.label().to_lowercase()
        )))
    }
}

/// The calendar invite of a meeting (agenda and the question to prepare; never notes).
pub async fn invite(
    state: &AppState,
    rel: &Relationship,
    meeting: &Meeting,
) -> AppResult<Response> {
    let store = state.store();
    let mentor = store.get_person(rel.mentor_id).await?;
    let mentee = store.get_person(rel.mentee_id).await?;
    let previous = previous_question(&store.list_meetings(rel.id).await?, Some(meeting));
    let mut description = String::new();
    if !meeting.agenda.is_empty() {
        description.push_str(&format!(
            "Agenda (set by {}): {}\n\n",
            mentee.name, meeting.agenda
        ));
    }
    if let Some(q) = &previous {
        description.push_str(&format!("Question to prepare: {q}\n\n"));
    }
    description.push_str(&format!("How: {}.", meeting.mode.label()));
    let base = state.config().public_url.clone().unwrap_or_default();
    if !base.is_empty() {
        description.push_str(&format!(
            "\n\n{}/relationships/{}",
            base.trim_end_matches('/'),
            rel.id.0
        ));
    }
    let host = base
        .split("://")
        .nth(1)
        .and_then(|h| h.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("mentorhub");
    let organizer = if meeting.created_by == mentor.id {
        &mentor
    } else {
        &mentee
    };
    let summary = format!("Mentoring: {} and {}", mentee.name, mentor.name);
    let body = crate::ics::calendar(&crate::ics::Invite {
        uid: format!("meeting-{}-relationship-{}@{host}", meeting.id.0, rel.id.0),
        stamp: state.now(),
        start: meeting.starts_at,
        end: mentorhub_domain::time_util::Timestamp(
            meeting.starts_at.0 + i64::from(meeting.duration_minutes) * 60_000,
        ),
        summary: &summary,
        description: &description,
        location: "",
        organizer: crate::ics::Attendee {
            name: &organizer.name,
            email: organizer.email.as_str(),
        },
        attendees: vec![
            crate::ics::Attendee {
                name: &mentee.name,
                email: mentee.email.as_str(),
            },
            crate::ics::Attendee {
                name: &mentor.name,
                email: mentor.email.as_str(),
            },
        ],
        sequence: meeting.version - 1,
        cancelled: meeting.status == MeetingStatus::Cancelled,
    });
    let disposition = format!(
        "attachment; filename=\"mentoring-meeting-{}.ics\"",
        meeting.id.0
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The question posed at the latest meeting before `before` (or before any new one).
pub fn previous_question(meetings: &[Meeting], before: Option<&Meeting>) -> Option<String> {
    meetings
        .iter()
        .filter(|m| before.is_none_or(|b| (m.starts_at, m.id) < (b.starts_at, b.id)))
        .filter(|m| m.status != MeetingStatus::Cancelled && !m.question_for_next.is_empty())
        .max_by_key(|m| (m.starts_at, m.id))
        .map(|m| m.question_for_next.clone())
}

// ---- API ----

/// The pair's meetings, each with the notes you may read (yours; your partner's if shared).
#[utoipa::path(get, path = "/api/v1/relationships/{id}/meetings", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "Meetings", body = Vec<MeetingView>),
        (status = 403, description = "Meetings are the pair's", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
    ))]
pub async fn list_meetings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<MeetingView>>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "meetings")?;
    let meetings = state.store().list_meetings(rel.id).await?;
    Ok(Json(
        meeting_views(state.store(), rel.id, meetings, user.person_id).await?,
    ))
}

/// Schedule a meeting, or log one held (which records contact).
#[utoipa::path(post, path = "/api/v1/relationships/{id}/meetings", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = MeetingFields,
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 201, description = "Saved", body = MeetingView, headers(("ETag" = String, description = "The version"))),
        (status = 403, description = "Meetings are the pair's", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 422, description = "A field is not valid (a mentor sending an agenda, too)", body = ErrorBody),
    ))]
pub async fn create_meeting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<MeetingFields>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_meeting_rights(&rel, standing)?;
    let input = fields.input(standing, "", &user.time)?;
    let m = save_new(&state, &user, &rel, input).await?;
    let view = meeting_view(state.store(), m, user.person_id).await?;
    Ok(with_etag(StatusCode::CREATED, view.version, view))
}

pub async fn save_new(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    input: MeetingInput,
) -> AppResult<Meeting> {
    Ok(state
        .store()
        .create_meeting(rel.id, input, user.person_id, state.now())
        .await?)
}

/// Change a meeting at the version you read (`If-Match`); marking it held records contact.
#[utoipa::path(put, path = "/api/v1/relationships/{id}/meetings/{mid}", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("mid" = i64, Path, description = "Meeting id"),
           ("If-Match" = String, Header, description = "The version you read")),
    request_body = MeetingFields,
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 200, description = "Saved", body = MeetingView, headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "No If-Match", body = ErrorBody),
        (status = 403, description = "Meetings are the pair's", body = ErrorBody),
        (status = 404, description = "No such meeting", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = StaleBody),
        (status = 422, description = "A field is not valid", body = ErrorBody),
    ))]
pub async fn update_meeting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, mid)): Path<(i64, i64)>,
    headers: HeaderMap,
    Json(fields): Json<MeetingFields>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_meeting_rights(&rel, standing)?;
    let expected = if_match(&headers)?;
    let current = meeting_of(&state, &rel, mid).await?;
    let input = fields.input(standing, &current.agenda, &user.time)?;
    match state
        .store()
        .update_meeting(current.id, input, expected, state.now())
        .await
    {
        Ok(m) => {
            let view = meeting_view(state.store(), m, user.person_id).await?;
            Ok(with_etag(StatusCode::OK, view.version, view))
        }
        Err(StoreError::StaleVersion(_)) => Ok(stale(
            "meeting",
            meeting_of(&state, &rel, mid).await?.version,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Your note on a meeting: private unless `shared` with your partner. Managers
/// and admins never see notes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NoteFields {
    pub body: String,
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub shared: bool,
}

/// Write your note on a meeting.
#[utoipa::path(put, path = "/api/v1/relationships/{id}/meetings/{mid}/note", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("mid" = i64, Path, description = "Meeting id")),
    request_body = NoteFields,
    responses(
        (status = 200, description = "Saved; the meeting with your note", body = MeetingView),
        (status = 403, description = "Notes are the pair's", body = ErrorBody),
        (status = 404, description = "No such meeting", body = ErrorBody),
        (status = 422, description = "Too long", body = ErrorBody),
    ))]
pub async fn update_note(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, mid)): Path<(i64, i64)>,
    Json(fields): Json<NoteFields>,
) -> AppResult<Json<MeetingView>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "meeting notes")?;
    let m = meeting_of(&state, &rel, mid).await?;
    state
        .store()
        .save_meeting_note(
            m.id,
            user.person_id,
            &fields.body,
            fields.shared,
            state.now(),
        )
        .await?;
    Ok(Json(meeting_view(state.store(), m, user.person_id).await?))
}

/// The meeting as a calendar invite (text/calendar, RFC 5545).
#[utoipa::path(get, path = "/api/v1/relationships/{id}/meetings/{mid}/ics", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("mid" = i64, Path, description = "Meeting id")),
    responses(
        (status = 200, description = "The invite", content_type = "text/calendar", body = String),
        (status = 403, description = "Meetings are the pair's", body = ErrorBody),
        (status = 404, description = "No such meeting", body = ErrorBody),
    ))]
pub async fn get_meeting_invite(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, mid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "meetings")?;
    let m = meeting_of(&state, &rel, mid).await?;
    invite(&state, &rel, &m).await
}

/// For the page module: the signed-in person's standing and the meeting.
pub async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    mid: i64,
) -> AppResult<(Relationship, Standing, Meeting)> {
    let (rel, standing) = relationship_for(state, user, id).await?;
    require_party(standing, "meetings")?;
    let m = meeting_of(state, &rel, mid).await?;
    Ok((rel, standing, m))
}
