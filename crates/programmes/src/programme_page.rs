//! One programme's page: the admin's overview (settings, announcement,
//! participants and their training) or a participant's view (objective, what is
//! expected of them, their enrolment, how to take part).

use crate::announcement::announce;
use crate::enrolment::{enrol_mentee, find_person};
use crate::programme_form::{CADENCES, MEETING_MODES, MODES};
use crate::support::{render_status, visible_programme, FieldErrors};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::enrolment::{Enrolment, EnrolmentStatus, ParticipantRole};
use mentorhub_domain::participation::{
    check_mentee_enrolment, check_mentor_application, Stakeholder,
};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::TrainingProgress;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, format_date, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub done: String,
}

/// A fixed message for a finished action (never echoes the query string).
pub fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "created" => "The programme was created. Announce it when it is ready to open.",
        "saved" => "Your changes were saved.",
        "announced" => "The announcement was queued: each stakeholder gets one email.",
        "enrolled" => "Enrolled as a mentee. Next: complete your self-assessment.",
        "enrolled_other" => "The person was enrolled as a mentee and will see the programme.",
        "applied" => {
            "Your application was sent. An administrator will assess it and tell you the decision."
        }
        "assessed" => "Your self-assessment was saved. You are ready for matching.",
        _ => return None,
    })
}

fn label(options: &[(&'static str, &'static str)], value: &str) -> &'static str {
    options
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// What both views show about the programme itself.
pub struct Summary {
    pub objective: String,
    pub mode: &'static str,
    pub cadence: &'static str,
    pub meeting_mode: &'static str,
    pub checkin_days: String,
}

impl Summary {
    fn of(p: &Programme) -> Self {
        Summary {
            objective: p.objective.label(),
            mode: label(MODES, p.mode.as_str()),
            cadence: label(CADENCES, p.agreement_defaults.cadence.as_str()),
            meeting_mode: label(MEETING_MODES, p.agreement_defaults.mode.as_str()),
            checkin_days: p
                .checkins
                .days
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

#[derive(Template)]
#[template(path = "programme_admin.html")]
pub struct AdminPage {
    pub layout: Layout,
    pub p: Programme,
    pub s: Summary,
    pub done: Option<&'static str>,
    pub announced: Option<String>,
    pub announced_to: i64,
    pub participants: Vec<TrainingProgress>,
    pub mentors_applied: usize,
    pub mentors_approved: usize,
    pub qualified: usize,
    pub mentees: usize,
    pub mentees_ready: usize,
    pub enrol_value: String,
    pub errors: FieldErrors,
}

pub struct MyEnrolment {
    pub role: &'static str,
    pub status: &'static str,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "programme_participant.html")]
pub struct ParticipantPage {
    pub layout: Layout,
    pub p: Programme,
    pub s: Summary,
    pub done: Option<&'static str>,
    pub expectations: Vec<&'static str>,
    pub mine: Vec<MyEnrolment>,
    pub is_mentee: bool,
    pub is_mentor_applicant: bool,
    pub mentee_needs_assessment: bool,
    /// Why the person cannot enrol as a mentee, when they cannot (None: they can).
    pub mentee_blocked: Option<String>,
    pub mentor_blocked: Option<String>,
    pub training_due: Vec<&'static str>,
    pub errors: FieldErrors,
}

pub async fn get_programme(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let done = done_message(&q.done);
    if user.is_admin {
        let p = state.store().get_programme(ProgrammeId(id)).await?;
        return Ok(render(
            &admin_page(
                &state,
                &user,
                p,
                done,
                String::new(),
                FieldErrors::default(),
            )
            .await?,
        ));
    }
    participant_view(&state, &user, ProgrammeId(id), done, FieldErrors::default()).await
}

async fn admin_page(
    state: &AppState,
    user: &CurrentUser,
    p: Programme,
    done: Option<&'static str>,
    enrol_value: String,
    errors: FieldErrors,
) -> AppResult<AdminPage> {
    let store = state.store();
    let participants = store.training_progress(p.id).await?;
    let count = |role: ParticipantRole, status: Option<EnrolmentStatus>| {
        participants
            .iter()
            .filter(|t| t.role == role && status.is_none_or(|s| t.status == s))
            .count()
    };
    Ok(AdminPage {
        layout: Layout::new(p.name.clone(), Some(user), "programmes"),
        s: Summary::of(&p),
        done,
        announced: store.programme_announced_at(p.id).await?.map(format_date),
        announced_to: store.count_announcement_messages(p.id).await?,
        mentors_applied: count(ParticipantRole::Mentor, Some(EnrolmentStatus::Applied)),
        mentors_approved: count(ParticipantRole::Mentor, Some(EnrolmentStatus::Approved)),
        qualified: store.qualified_mentors(p.id).await?.len(),
        mentees: count(ParticipantRole::Mentee, None),
        mentees_ready: count(ParticipantRole::Mentee, Some(EnrolmentStatus::Approved)),
        participants,
        enrol_value,
        errors,
        p,
    })
}

async fn participant_view(
    state: &AppState,
    user: &CurrentUser,
    id: ProgrammeId,
    done: Option<&'static str>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let store = state.store();
    let (p, mine) = visible_programme(store, user, id).await?;
    let me = store.get_person(user.person_id).await?;
    let find = |role| mine.iter().find(|e: &&Enrolment| e.role == role);
    let mentee = find(ParticipantRole::Mentee);
    let mentor = find(ParticipantRole::Mentor);
    let mut expectations = Vec::new();
    let mut training_due = Vec::new();
    for e in &mine {
        if let Some(s) = Stakeholder::of_enrolment(e.role, e.status) {
            expectations.push(s.expectations());
            let required = match e.role {
                ParticipantRole::Mentor => p.mentor_training_required,
                ParticipantRole::Mentee => p.mentee_training_required,
            };
            if required
                && !store
                    .required_training_complete(me.id, p.id, e.role)
                    .await?
            {
                training_due.push(e.role.as_str());
            }
        }
    }
    if mine.is_empty() {
        expectations.push(Stakeholder::Mentee.expectations());
        expectations.push(Stakeholder::Mentor.expectations());
    }
    let mentee_needs_assessment = match mentee {
        Some(e) if e.status == EnrolmentStatus::Enrolled => true,
        Some(e) if e.status == EnrolmentStatus::Approved => {
            store.get_self_assessment(e.id).await?.is_none()
        }
        _ => false,
    };
    let page = ParticipantPage {
        layout: Layout::new(p.name.clone(), Some(user), "programmes"),
        s: Summary::of(&p),
        done,
        expectations,
        mine: mine
            .iter()
            .map(|e| MyEnrolment {
                role: e.role.as_str(),
                status: e.status.as_str(),
                reason: e.decision_reason.clone(),
            })
            .collect(),
        is_mentee: mentee.is_some(),
        is_mentor_applicant: mentor.is_some(),
        mentee_needs_assessment,
        mentee_blocked: check_mentee_enrolment(&p, &me).err().map(|e| e.to_string()),
        mentor_blocked: check_mentor_application(&p, &me)
            .err()
            .map(|e| e.to_string()),
        training_due,
        errors,
        p,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(&page, status))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn create_announcement(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let p = state.store().get_programme(ProgrammeId(id)).await?;
    let outcome = announce(state.store(), &p, state.now()).await?;
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, programme = %id, queued = outcome.newly_queued, "programme announced");
    Ok(Redirect::to(&format!("/programmes/{id}?done=announced")).into_response())
}

/// The signed-in person enrols themselves as a mentee.
pub async fn create_enrolment(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let store = state.store();
    let (p, _) = visible_programme(store, &user, ProgrammeId(id)).await?;
    let me = store.get_person(user.person_id).await?;
    match enrol_mentee(store, &p, &me, state.now()).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}?done=enrolled")).into_response()),
        Err(AppError::Invalid { message, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("enrol", message);
            participant_view(&state, &user, p.id, None, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct EnrolOtherForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub person: String,
}

/// An admin enrols someone as a mentee, by email address or employee id.
pub async fn create_enrolment_for(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<EnrolOtherForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let result = match find_person(store, &form.person).await {
        Ok(person) => enrol_mentee(store, &p, &person, state.now())
            .await
            .map(|e| (person.id, e)),
        Err(e) => Err(e),
    };
    match result {
        Ok((person, enrolment)) => {
            store
                .record_audit(
                    Some(user.person_id),
                    "role.change",
                    &format!("person:{}", person.0),
                    &format!(
                        "enrolled as mentee in programme {id} (enrolment {})",
                        enrolment.0
                    ),
                    state.now(),
                )
                .await?;
            Ok(Redirect::to(&format!("/programmes/{id}?done=enrolled_other")).into_response())
        }
        Err(AppError::Invalid { message, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("person", message);
            let page = admin_page(&state, &user, p, None, form.person.clone(), errors).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}
