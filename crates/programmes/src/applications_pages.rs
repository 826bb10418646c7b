//! Pages for mentor applications: the applicant's form and decision, and the
//! admin's list, assessment and decision. Assessment notes and scores are shown
//! to administrators only.

use crate::application_form::ApplicationForm;
use crate::applications::{apply, decide, ApplyError, MentorProfileInput};
use crate::programme_page::{done_message, DoneQuery};
use crate::support::{render_status, visible_programme, FieldErrors};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::participation::check_mentor_application;
use mentorhub_domain::profile::{MentorAssessment, MentorProfile};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{EnrolmentId, ProgrammeId};
use mentorhub_store::{EnrolmentListing, MentorAssessmentRecord, StoreError};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, format_date, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "apply.html")]
pub struct ApplyPage {
    pub layout: Layout,
    pub p: Programme,
    pub status: Option<&'static str>,
    pub reason: Option<String>,
    pub blocked: Option<String>,
    pub show_form: bool,
    pub form: ApplicationForm,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub done: Option<&'static str>,
}

impl ApplyPage {
    pub fn is(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

pub async fn get_application_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let page = apply_page(
        &state,
        &user,
        ProgrammeId(id),
        None,
        FieldErrors::default(),
        None,
    )
    .await?;
    let page = ApplyPage {
        done: done_message(&q.done),
        ..page
    };
    Ok(render(&page))
}

/// The applicant's page; `typed` keeps what they submitted when it had errors.
async fn apply_page(
    state: &AppState,
    user: &CurrentUser,
    id: ProgrammeId,
    typed: Option<ApplicationForm>,
    errors: FieldErrors,
    notice: Option<String>,
) -> AppResult<ApplyPage> {
    let store = state.store();
    let (p, mine) = visible_programme(store, user, id).await?;
    let me = store.get_person(user.person_id).await?;
    let mentor = mine.into_iter().find(|e| e.role == ParticipantRole::Mentor);
    let mut form = ApplicationForm::blank();
    let mut show_form = false;
    let mut blocked = None;
    if let Some(e) = &mentor {
        if matches!(
            e.status,
            EnrolmentStatus::Applied | EnrolmentStatus::Approved
        ) {
            show_form = true;
            if let Some(v) = store.get_mentor_profile(e.id).await? {
                form = ApplicationForm::of(&MentorProfileInput::of(&v.value), v.version);
            }
        }
    } else {
        match check_mentor_application(&p, &me) {
            Ok(()) => show_form = true,
            Err(e) => blocked = Some(e.to_string()),
        }
    }
    Ok(ApplyPage {
        layout: Layout::new(format!("Mentor in {}", p.name), Some(user), "programmes"),
        status: mentor.as_ref().map(|e| e.status.as_str()),
        reason: mentor.and_then(|e| e.decision_reason),
        blocked,
        show_form,
        form: typed.unwrap_or(form),
        errors,
        notice,
        done: None,
        p,
    })
}

pub async fn create_application(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ApplicationForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let store = state.store();
    let (p, mine) = visible_programme(store, &user, ProgrammeId(id)).await?;
    let input = match form.to_input() {
        Ok(i) => i,
        Err(errors) => return invalid(&state, &user, p.id, errors, form).await,
    };
    let existing = mine.into_iter().find(|e| e.role == ParticipantRole::Mentor);
    let Some(enrolment) = existing else {
        let me = store.get_person(user.person_id).await?;
        return match apply(store, &p, &me, &input, state.now()).await {
            Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}?done=applied")).into_response()),
            Err(ApplyError::Invalid(errors)) => invalid(&state, &user, p.id, errors, form).await,
            Err(ApplyError::App(e)) => Err(e),
        };
    };
    if !matches!(
        enrolment.status,
        EnrolmentStatus::Applied | EnrolmentStatus::Approved
    ) {
        return Err(AppError::Forbidden(format!(
            "your application is {} and can no longer be changed",
            enrolment.status.as_str()
        )));
    }
    let profile = match input.to_profile(enrolment.id) {
        Ok(p) => p,
        Err(errors) => return invalid(&state, &user, p.id, errors, form).await,
    };
    let version = form.version.trim().parse::<i64>().ok();
    match store
        .save_mentor_profile(&profile, version, state.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}/apply?done=saved")).into_response()),
        Err(StoreError::StaleVersion(_)) => {
            let notice = "Your profile was changed elsewhere since you opened it. The latest version is shown; your changes were not saved.".to_string();
            let page = apply_page(
                &state,
                &user,
                p.id,
                None,
                FieldErrors::default(),
                Some(notice),
            )
            .await?;
            Ok(render_status(&page, StatusCode::PRECONDITION_FAILED))
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.absorb(e, "bio")?;
            invalid(&state, &user, p.id, errors, form).await
        }
    }
}

async fn invalid(
    state: &AppState,
    user: &CurrentUser,
    programme: ProgrammeId,
    errors: FieldErrors,
    form: ApplicationForm,
) -> AppResult<Response> {
    let page = apply_page(state, user, programme, Some(form), errors, None).await?;
    Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
}

pub struct ApplicationRow {
    pub listing: EnrolmentListing,
    pub assessed: Option<(u8, u8)>,
    pub qualified: bool,
}

#[derive(Template)]
#[template(path = "applications.html")]
pub struct ApplicationsPage {
    pub layout: Layout,
    pub p: Programme,
    pub rows: Vec<ApplicationRow>,
}

pub async fn list_applications(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let qualified = store.qualified_mentors(p.id).await?;
    let mut rows = Vec::new();
    for listing in store
        .list_enrolments(p.id, Some(ParticipantRole::Mentor), None)
        .await?
    {
        let assessed = store
            .get_mentor_assessment(listing.enrolment.id)
            .await?
            .map(|a| {
                (
                    a.assessment.expertise_score,
                    a.assessment.communication_score,
                )
            });
        rows.push(ApplicationRow {
            qualified: qualified
                .iter()
                .any(|q| q.enrolment_id == listing.enrolment.id),
            assessed,
            listing,
        });
    }
    Ok(render(&ApplicationsPage {
        layout: Layout::new(
            format!("Mentor applications: {}", p.name),
            Some(&user),
            "programmes",
        ),
        p,
        rows,
    }))
}

#[derive(Template)]
#[template(path = "application.html")]
pub struct ApplicationPage {
    pub layout: Layout,
    pub p: Programme,
    pub listing: EnrolmentListing,
    pub profile: Option<MentorProfile>,
    pub assessment: Option<MentorAssessmentRecord>,
    pub assessed_on: Option<String>,
    pub expertise_score: String,
    pub communication_score: String,
    pub notes: String,
    /// The version the assessment form is based on (empty before the first).
    pub version: String,
    pub reason: String,
    pub qualified: bool,
    pub training_done: bool,
    pub errors: FieldErrors,
    pub done: Option<&'static str>,
    /// Why the form was not saved, when someone else's assessment came first.
    pub notice: Option<String>,
    /// What the admin typed when their save was refused as stale.
    pub unsaved: Option<AssessmentForm>,
}

impl ApplicationPage {
    pub fn is(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

async fn application_page(
    state: &AppState,
    user: &CurrentUser,
    programme: i64,
    enrolment: i64,
) -> AppResult<ApplicationPage> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(programme)).await?;
    let listing = store
        .list_enrolments(p.id, Some(ParticipantRole::Mentor), None)
        .await?
        .into_iter()
        .find(|l| l.enrolment.id == EnrolmentId(enrolment))
        .ok_or_else(|| AppError::NotFound("application".into()))?;
    let profile = store
        .get_mentor_profile(listing.enrolment.id)
        .await?
        .map(|v| v.value);
    let assessment = store.get_mentor_assessment(listing.enrolment.id).await?;
    let scores = |f: fn(&MentorAssessment) -> u8| {
        assessment
            .as_ref()
            .map(|a| f(&a.assessment).to_string())
            .unwrap_or_default()
    };
    Ok(ApplicationPage {
        layout: Layout::new(
            format!("Application: {}", listing.name),
            Some(user),
            "programmes",
        ),
        expertise_score: scores(|a| a.expertise_score),
        communication_score: scores(|a| a.communication_score),
        notes: assessment
            .as_ref()
            .map(|a| a.assessment.notes.clone())
            .unwrap_or_default(),
        assessed_on: assessment.as_ref().map(|a| format_date(a.created_at)),
        version: assessment
            .as_ref()
            .map(|a| a.version.to_string())
            .unwrap_or_default(),
        reason: listing
            .enrolment
            .decision_reason
            .clone()
            .unwrap_or_default(),
        qualified: store
            .is_qualified_mentor(p.id, listing.enrolment.person_id)
            .await?,
        training_done: store
            .required_training_complete(listing.enrolment.person_id, p.id, ParticipantRole::Mentor)
            .await?,
        errors: FieldErrors::default(),
        done: None,
        notice: None,
        unsaved: None,
        profile,
        assessment,
        listing,
        p,
    })
}

pub async fn get_application(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((programme, enrolment)): Path<(i64, i64)>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let mut page = application_page(&state, &user, programme, enrolment).await?;
    if page.listing.enrolment.person_id != user.person_id {
        state
            .store()
            .record_audit(
                Some(user.person_id),
                "participant.view",
                &format!("person:{}", page.listing.enrolment.person_id.0),
                &format!("mentor application {enrolment}"),
                state.now(),
            )
            .await?;
    }
    page.done = match q.done.as_str() {
        "assessed" => Some("The assessment was saved. Only administrators see it."),
        "decided" => {
            Some("The decision was saved and the applicant was told by email, with your reason.")
        }
        _ => None,
    };
    Ok(render(&page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssessmentForm {
    pub csrf: String,
    /// The version of the assessment the form was opened on; empty for the first.
    pub version: String,
    pub expertise_score: String,
    pub communication_score: String,
    pub notes: String,
}

pub async fn update_assessment(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((programme, enrolment)): Path<(i64, i64)>,
    Form(form): Form<AssessmentForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let mut page = application_page(&state, &user, programme, enrolment).await?;
    let score = |raw: &str| raw.trim().parse::<u8>().unwrap_or(0);
    let assessment = MentorAssessment {
        enrolment_id: page.listing.enrolment.id,
        assessor_id: user.person_id,
        expertise_score: score(&form.expertise_score),
        communication_score: score(&form.communication_score),
        notes: form.notes.clone(),
    };
    if let Err(e) = assessment.validate() {
        page.errors.add_domain(e, "notes");
        page.expertise_score = form.expertise_score;
        page.communication_score = form.communication_score;
        page.notes = form.notes;
        page.version = form.version;
        return Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let version = form.version.trim().parse::<i64>().ok();
    match state
        .store()
        .save_mentor_assessment(&assessment, version, state.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/programmes/{programme}/applications/{enrolment}?done=assessed"
        ))
        .into_response()),
        Err(StoreError::StaleVersion(_)) => {
            // The page as it is now (read again: the other save may have come
            // after this request began): the other administrator's assessment
            // in the form, with its version, and what this one typed beside it.
            let mut page = application_page(&state, &user, programme, enrolment).await?;
            page.notice = Some(
                "Another administrator saved an assessment of this applicant since you opened the page. Theirs is shown in the form; yours was not saved — what you typed is below, to compare and save again if you still mean it."
                    .into(),
            );
            page.unsaved = Some(form);
            Ok(render_status(&page, StatusCode::PRECONDITION_FAILED))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    pub csrf: String,
    pub decision: String,
    pub reason: String,
}

pub async fn create_decision(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((programme, enrolment)): Path<(i64, i64)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let mut page = application_page(&state, &user, programme, enrolment).await?;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "decline" => false,
        _ => {
            page.errors.add("decision", "choose approve or decline");
            page.reason = form.reason;
            return Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    match decide(
        state.store(),
        &page.p,
        page.listing.enrolment.id,
        approve,
        &form.reason,
        user.person_id,
        state.now(),
    )
    .await
    {
        Ok(_) => {
            state
                .store()
                .record_audit(
                    Some(user.person_id),
                    "role.change",
                    &format!("person:{}", page.listing.enrolment.person_id.0),
                    &format!(
                        "mentor application {enrolment} {}",
                        if approve { "approved" } else { "declined" }
                    ),
                    state.now(),
                )
                .await?;
            Ok(Redirect::to(&format!(
                "/programmes/{programme}/applications/{enrolment}?done=decided"
            ))
            .into_response())
        }
        Err(AppError::Invalid { field, message }) => {
            page.errors.add(field, message);
            page.reason = form.reason;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}
