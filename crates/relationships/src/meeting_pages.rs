//! The meeting pages: schedule or log one, change it, write your note, and
//! download it as a calendar invite.

use crate::access::{relationship_for, FieldErrors};
use crate::meetings::{
    invite, load, meeting_of, previous_question, require_meeting_rights, save_new, MeetingFields,
    NoteFields,
};
use crate::view::{meeting_view, MeetingView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::meeting::{Meeting, MeetingStatus};
use mentorhub_domain::programme::MeetingMode;
use mentorhub_domain::relationship::Relationship;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "meeting_form.html")]
pub struct MeetingPage {
    pub layout: Layout,
    pub relationship_id: i64,
    pub mentee_name: String,
    pub partner_name: String,
    pub is_mentee: bool,
    /// The meeting being changed, with the viewer's notes; none when new.
    pub meeting: Option<MeetingView>,
    pub values: MeetingFields,
    pub version: String,
    pub errors: FieldErrors,
    pub stale_notice: Option<String>,
    /// The question posed last time, to prepare this meeting around.
    pub previous_question: Option<String>,
    /// Fewer than three meetings so far: say why the question matters.
    pub early: bool,
    pub note: NoteFields,
    pub modes: Vec<(&'static str, &'static str)>,
    pub statuses: Vec<(&'static str, &'static str)>,
}

async fn meeting_page(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    meeting: Option<&Meeting>,
) -> AppResult<MeetingPage> {
    let store = state.store();
    let mentee = store.get_person(rel.mentee_id).await?;
    let partner_id = rel.partner_of(user.person_id).unwrap_or(rel.mentor_id);
    let partner = store.get_person(partner_id).await?;
    let meetings = store.list_meetings(rel.id).await?;
    let values = match meeting {
        Some(m) => MeetingFields::of(m, &user.time),
        None => {
            // Start from the next meeting the pair agreed last time, and their agreed mode.
            let agreed_next = meetings
                .iter()
                .filter_map(|m| m.next_meeting_at)
                .filter(|t| *t > state.now())
                .max();
            let mode = match store.get_agreement(rel.id).await? {
                Some(a) => a.terms.mode,
                None => MeetingMode::Video,
            };
            MeetingFields {
                starts_at: agreed_next
                    .map(|t| user.time.input_value(t))
                    .unwrap_or_default(),
                duration_minutes: "60".into(),
                mode: mode.as_str().into(),
                status: MeetingStatus::Scheduled.as_str().into(),
                ..Default::default()
            }
        }
    };
    let view = match meeting {
        Some(m) => Some(meeting_view(store, m.clone(), user.person_id).await?),
        None => None,
    };
    let note = view
        .as_ref()
        .and_then(|v| v.my_note.as_ref())
        .map(|n| NoteFields {
            body: n.body.clone(),
            shared: n.shared,
        })
        .unwrap_or_default();
    Ok(MeetingPage {
        layout: Layout::new(
            if meeting.is_some() {
                "Meeting"
            } else {
                "Plan a meeting"
            },
            Some(user),
            "relationships",
        ),
        relationship_id: rel.id.0,
        mentee_name: mentee.name,
        partner_name: partner.name,
        is_mentee: standing == Standing::Mentee,
        previous_question: previous_question(&meetings, meeting),
        early: meetings.len() < 3,
        version: meeting.map(|m| m.version.to_string()).unwrap_or_default(),
        meeting: view,
        values,
        errors: FieldErrors::default(),
        stale_notice: None,
        note,
        modes: MeetingMode::ALL
            .iter()
            .map(|m| (m.as_str(), m.label()))
            .collect(),
        statuses: [
            (MeetingStatus::Scheduled, "Scheduled"),
            (MeetingStatus::Held, "Held (logs contact)"),
            (MeetingStatus::Cancelled, "Cancelled"),
        ]
        .iter()
        .map(|(s, l)| (s.as_str(), *l))
        .collect(),
    })
}

pub async fn get_new_meeting_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_meeting_rights(&rel, standing)?;
    Ok(render(
        &meeting_page(&state, &user, &rel, standing, None).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub fields: MeetingFields,
}

pub async fn create_meeting_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<MeetingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_meeting_rights(&rel, standing)?;
    let saved = match form.fields.check(standing, "", &user.time) {
        Ok(input) => save_new(&state, &user, &rel, input)
            .await
            .map_err(FieldErrors::from_error),
        Err(errors) => Err(Ok(errors)),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/relationships/{id}#meetings-heading")).into_response()),
        Err(errors) => {
            let mut p = meeting_page(&state, &user, &rel, standing, None).await?;
            p.errors = errors?;
            p.values = form.fields;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

/// The meeting page, or its calendar invite when the address ends in `.ics`.
pub async fn get_meeting_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, mid)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (number, ics) = match mid.strip_suffix(".ics") {
        Some(n) => (n, true),
        None => (mid.as_str(), false),
    };
    let mid: i64 = number
        .parse()
        .map_err(|_| AppError::NotFound("meeting".into()))?;
    let (rel, standing, m) = load(&state, &user, id, mid).await?;
    if ics {
        return invite(&state, &rel, &m).await;
    }
    Ok(render(
        &meeting_page(&state, &user, &rel, standing, Some(&m)).await?,
    ))
}

pub async fn update_meeting_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, mid)): Path<(i64, i64)>,
    Form(form): Form<MeetingForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing, current) = load(&state, &user, id, mid).await?;
    require_meeting_rights(&rel, standing)?;
    let expected = form.version.trim().parse::<i64>().unwrap_or(-1);
    let input = match form.fields.check(standing, &current.agenda, &user.time) {
        Ok(input) => input,
        Err(errors) => {
            let mut p = meeting_page(&state, &user, &rel, standing, Some(&current)).await?;
            p.errors = errors;
            p.values = form.fields;
            p.version = form.version;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
        }
    };
    let saved = state
        .store()
        .update_meeting(current.id, input, expected, state.now())
        .await
        .map_err(AppError::from);
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/relationships/{id}#meetings-heading")).into_response()),
        Err(AppError::Stale(_)) => {
            let newer = meeting_of(&state, &rel, mid).await?;
            let mut p = meeting_page(&state, &user, &rel, standing, Some(&newer)).await?;
            p.stale_notice = Some(format!(
                "{} changed this meeting since you opened it, so your changes were not saved. The newer version is shown below.",
                p.partner_name
            ));
            Ok((StatusCode::CONFLICT, render(&p)).into_response())
        }
        Err(e) => {
            let mut p = meeting_page(&state, &user, &rel, standing, Some(&current)).await?;
            p.errors = FieldErrors::from_error(e)?;
            p.values = form.fields;
            p.version = form.version;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub fields: NoteFields,
}

pub async fn update_note_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, mid)): Path<(i64, i64)>,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing, m) = load(&state, &user, id, mid).await?;
    match state
        .store()
        .save_meeting_note(
            m.id,
            user.person_id,
            &form.fields.body,
            form.fields.shared,
            state.now(),
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/relationships/{id}/meetings/{mid}#note-heading"))
                .into_response(),
        ),
        Err(e) => {
            let mut p = meeting_page(&state, &user, &rel, standing, Some(&m)).await?;
            p.errors = FieldErrors::from_error(e.into())?;
            p.note = form.fields;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}
