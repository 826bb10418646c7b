//! The mentee's self-assessment page, and the admin's read-only view of it.

use crate::programme_page::{done_message, DoneQuery};
use crate::self_assessment::{save, SelfAssessmentForm, SelfAssessmentInput};
use crate::support::{render_status, visible_programme, FieldErrors};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::enrolment::{Enrolment, EnrolmentStatus, ParticipantRole};
use mentorhub_domain::profile::SelfAssessment;
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{EnrolmentId, ProgrammeId};
use mentorhub_store::{EnrolmentListing, StoreError};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};

#[derive(Template)]
#[template(path = "self_assessment.html")]
pub struct SelfAssessmentPage {
    pub layout: Layout,
    pub p: Programme,
    pub form: SelfAssessmentForm,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub done: Option<&'static str>,
    pub complete: bool,
}

/// The signed-in person's mentee enrolment in the programme; anyone else: 404.
async fn my_mentee_enrolment(
    state: &AppState,
    user: &CurrentUser,
    id: ProgrammeId,
) -> AppResult<(Programme, Enrolment)> {
    let (p, mine) = visible_programme(state.store(), user, id).await?;
    let e = mine
        .into_iter()
        .find(|e| e.role == ParticipantRole::Mentee && e.status != EnrolmentStatus::Withdrawn)
        .ok_or_else(|| AppError::NotFound("self-assessment".into()))?;
    Ok((p, e))
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    id: ProgrammeId,
    typed: Option<SelfAssessmentForm>,
    errors: FieldErrors,
    notice: Option<String>,
) -> AppResult<SelfAssessmentPage> {
    let (p, enrolment) = my_mentee_enrolment(state, user, id).await?;
    let saved = state.store().get_self_assessment(enrolment.id).await?;
    let form = match (typed, &saved) {
        (Some(f), _) => f,
        (None, Some(v)) => {
            SelfAssessmentForm::of(&SelfAssessmentInput::of(&v.value), Some(v.version))
        }
        (None, None) => SelfAssessmentForm {
            style_preference: "any".into(),
            ..SelfAssessmentForm::default()
        },
    };
    Ok(SelfAssessmentPage {
        layout: Layout::new("Your self-assessment", Some(user), "programmes"),
        p,
        form,
        errors,
        notice,
        done: None,
        complete: saved.is_some(),
    })
}

pub async fn get_self_assessment(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let mut pg = page(
        &state,
        &user,
        ProgrammeId(id),
        None,
        FieldErrors::default(),
        None,
    )
    .await?;
    pg.done = done_message(&q.done);
    Ok(render(&pg))
}

pub async fn update_self_assessment(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<SelfAssessmentForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (p, enrolment) = my_mentee_enrolment(&state, &user, ProgrammeId(id)).await?;
    let assessment = match form.to_input().to_assessment(enrolment.id) {
        Ok(a) => a,
        Err(errors) => {
            let pg = page(&state, &user, p.id, Some(form), errors, None).await?;
            return Ok(render_status(&pg, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    match save(
        state.store(),
        &enrolment,
        &assessment,
        form.version(),
        state.now(),
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/programmes/{id}/self-assessment?done=assessed"))
                .into_response(),
        ),
        Err(AppError::Stale(_)) => {
            let notice = "Your self-assessment was changed elsewhere since you opened it. The latest version is shown; your changes were not saved.".to_string();
            let pg = page(
                &state,
                &user,
                p.id,
                None,
                FieldErrors::default(),
                Some(notice),
            )
            .await?;
            Ok(render_status(&pg, StatusCode::PRECONDITION_FAILED))
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "self_assessment_view.html")]
pub struct SelfAssessmentView {
    pub layout: Layout,
    pub p: Programme,
    pub listing: EnrolmentListing,
    pub assessment: Option<SelfAssessment>,
}

/// An admin reads a mentee's self-assessment (SPEC §9: theirs and the admins').
pub async fn get_mentee(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, enrolment)): Path<(i64, i64)>,
) -> AppResult<Response> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_programme(ProgrammeId(id)).await?;
    let listing = store
        .list_enrolments(p.id, Some(ParticipantRole::Mentee), None)
        .await?
        .into_iter()
        .find(|l| l.enrolment.id == EnrolmentId(enrolment))
        .ok_or(StoreError::NotFound("mentee"))?;
    store
        .record_audit(
            Some(user.person_id),
            "participant.view",
            &format!("person:{}", listing.enrolment.person_id.0),
            &format!("self-assessment of enrolment {enrolment}"),
            state.now(),
        )
        .await?;
    let assessment = store
        .get_self_assessment(listing.enrolment.id)
        .await?
        .map(|v| v.value);
    Ok(render(&SelfAssessmentView {
        layout: Layout::new(
            format!("{}: self-assessment", listing.name),
            Some(&user),
            "programmes",
        ),
        p,
        listing,
        assessment,
    }))
}
