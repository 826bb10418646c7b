//! Pages to list, create and edit programmes (SPEC §3). Only administrators
//! create or edit; everyone signed in sees the programmes they can take part in.

use crate::programme_form::*;
use crate::programme_input::ProgrammeInput;
use crate::support::{render_status, FieldErrors};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::participation::programme_visible_to;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::{ProgrammeSummary, StoreError};
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::{check_csrf, format_date, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};

pub struct ProgrammeRow {
    pub summary: ProgrammeSummary,
    pub objective: String,
    pub announced: Option<String>,
    /// The signed-in participant's enrolments here, e.g. "mentee: enrolled".
    pub mine: Vec<String>,
}

#[derive(Template)]
#[template(path = "programmes.html")]
pub struct ProgrammesPage {
    pub layout: Layout,
    pub is_admin: bool,
    pub rows: Vec<ProgrammeRow>,
}

pub async fn list_programmes(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let store = state.store();
    let mine = store.list_enrolments_of_person(user.person_id).await?;
    let me = store.get_person(user.person_id).await?;
    let mut rows = Vec::new();
    for summary in store.list_programmes().await? {
        let p = &summary.programme;
        let my: Vec<String> = mine
            .iter()
            .filter(|l| l.enrolment.programme_id == p.id)
            .map(|l| {
                format!(
                    "{}: {}",
                    l.enrolment.role.as_str(),
                    l.enrolment.status.as_str()
                )
            })
            .collect();
        if !user.is_admin && !programme_visible_to(p, &me, !my.is_empty()) {
            continue;
        }
        rows.push(ProgrammeRow {
            objective: p.objective.label(),
            announced: summary.announced_at.map(format_date),
            mine: my,
            summary,
        });
    }
    Ok(render(&ProgrammesPage {
        layout: Layout::new("Programmes", Some(&user), "programmes"),
        is_admin: user.is_admin,
        rows,
    }))
}

#[derive(Template)]
#[template(path = "programme_form.html")]
pub struct ProgrammeFormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: String,
    pub form: ProgrammeForm,
    pub errors: FieldErrors,
    /// Said above the form (e.g. that someone else changed the programme).
    pub notice: Option<String>,
    pub objectives: Vec<Choice>,
    pub modes: Vec<Choice>,
    pub formalities: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub cadences: Vec<Choice>,
    pub meeting_modes: Vec<Choice>,
    pub management_lines: Vec<Choice>,
    pub function_rules: Vec<Choice>,
}

impl ProgrammeFormPage {
    fn new(
        user: &CurrentUser,
        heading: String,
        action: String,
        form: ProgrammeForm,
        errors: FieldErrors,
        notice: Option<String>,
    ) -> Self {
        ProgrammeFormPage {
            layout: Layout::new(heading.clone(), Some(user), "programmes"),
            objectives: choices(OBJECTIVES, &form.objective),
            modes: choices(MODES, &form.mode),
            formalities: choices(FORMALITIES, &form.formality),
            statuses: choices(STATUSES, &form.status),
            cadences: choices(CADENCES, &form.cadence),
            meeting_modes: choices(MEETING_MODES, &form.meeting_mode),
            management_lines: choices(MANAGEMENT_LINE, &form.management_line),
            function_rules: choices(FUNCTION_RULES, &form.function_rule),
            heading,
            action,
            form,
            errors,
            notice,
        }
    }

    pub fn checked(&self, value: &str) -> bool {
        ProgrammeForm::checked(value)
    }
}

pub async fn new_programme_form(
    State(_state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    user.require_admin()?;
    let form = ProgrammeForm::of(&ProgrammeInput::new_defaults(), 0);
    Ok(render(&ProgrammeFormPage::new(
        &user,
        "New programme".into(),
        "/programmes".into(),
        form,
        FieldErrors::default(),
        None,
    )))
}

/// Parses the form into a programme, or the errors to show beside its fields.
fn programme_of(
    form: &ProgrammeForm,
    id: ProgrammeId,
    version: i64,
) -> Result<mentorhub_domain::programme::Programme, FieldErrors> {
    let input = form.to_input()?;
    input
        .to_programme(id, version)
        .map_err(|e| e.renamed(form_field))
}

pub async fn create_programme(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<ProgrammeForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let page = |errors: FieldErrors| {
        render_status(
            &ProgrammeFormPage::new(
                &user,
                "New programme".into(),
                "/programmes".into(),
                form.clone(),
                errors,
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let programme = match programme_of(&form, ProgrammeId(0), 0) {
        Ok(p) => p,
        Err(errors) => return Ok(page(errors)),
    };
    match state
        .store()
        .create_programme(&programme, state.now())
        .await
    {
        Ok(id) => {
            tracing::info!(target: "mentorhub::audit", person = %user.person_id, programme = %id, "programme created");
            Ok(Redirect::to(&format!("/programmes/{id}?done=created")).into_response())
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.absorb(e, "name")?;
            Ok(page(errors.renamed(form_field)))
        }
    }
}

pub async fn edit_programme_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    let p = state.store().get_programme(ProgrammeId(id)).await?;
    let form = ProgrammeForm::of(&ProgrammeInput::of(&p), p.version);
    Ok(render(&ProgrammeFormPage::new(
        &user,
        format!("Edit {}", p.name),
        format!("/programmes/{id}/edit"),
        form,
        FieldErrors::default(),
        None,
    )))
}

pub async fn update_programme(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ProgrammeForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    check_csrf(&user, &form.csrf)?;
    let store = state.store();
    let current = store.get_programme(ProgrammeId(id)).await?;
    let heading = format!("Edit {}", current.name);
    let action = format!("/programmes/{id}/edit");
    let version: i64 = form.version.trim().parse().unwrap_or(-1);
    let page = |form: ProgrammeForm, errors: FieldErrors, notice: Option<String>, status| {
        render_status(
            &ProgrammeFormPage::new(&user, heading.clone(), action.clone(), form, errors, notice),
            status,
        )
    };
    let programme = match programme_of(&form, ProgrammeId(id), version) {
        Ok(p) => p,
        Err(errors) => return Ok(page(form, errors, None, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    match store.update_programme(&programme, state.now()).await {
        Ok(_) => {
            tracing::info!(target: "mentorhub::audit", person = %user.person_id, programme = %id, "programme updated");
            Ok(Redirect::to(&format!("/programmes/{id}?done=saved")).into_response())
        }
        Err(StoreError::StaleVersion(_)) => {
            // Show the newer version; the person's changes were not saved.
            let latest = store.get_programme(ProgrammeId(id)).await?;
            let fresh = ProgrammeForm::of(&ProgrammeInput::of(&latest), latest.version);
            Ok(page(
                fresh,
                FieldErrors::default(),
                Some("Someone else changed this programme since you opened it. Their version is shown below; your changes were not saved — make them again if they are still needed.".into()),
                StatusCode::PRECONDITION_FAILED,
            ))
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.absorb(e, "name")?;
            Ok(page(
                form,
                errors.renamed(form_field),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}
