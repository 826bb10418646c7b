//! The admin's matching page: the proposal with every pair's reasons, the
//! unmatched with theirs, the objective and blocking pairs; pins and forbidden
//! pairs; re-run; publish after confirming.

use crate::access::admin_programme;
use crate::matching::{publish, run, PublishReport};
use crate::matching_api::{overrides, save_override, NewOverride, OverrideView, RunView};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, format_datetime, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "matching.html")]
pub struct MatchingPage {
    pub layout: Layout,
    pub programme: Programme,
    pub run: Option<RunView>,
    pub run_when: String,
    pub published_when: Option<String>,
    pub overrides: Vec<OverrideView>,
    /// (person id, name) of the programme's mentees and mentors, for the pin form.
    pub mentees: Vec<(i64, String)>,
    pub mentors: Vec<(i64, String)>,
    pub notice: Option<String>,
    pub alert: Option<String>,
    pub confirm_error: Option<String>,
    pub report: Option<PublishReport>,
}

impl MatchingPage {
    pub fn choice(&self, rank: &Option<u8>) -> &'static str {
        match rank {
            Some(1) => "First choice",
            Some(2) => "Second choice",
            _ => "—",
        }
    }
}

struct Extras {
    notice: Option<String>,
    alert: Option<String>,
    confirm_error: Option<String>,
    report: Option<PublishReport>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    g: Programme,
    x: Extras,
) -> AppResult<MatchingPage> {
    let store = state.store();
    let run = store
        .latest_match_run(g.id)
        .await?
        .map(RunView::of)
        .transpose()?;
    let (run_when, published_when) = match store.latest_match_run(g.id).await? {
        Some(r) => (
            format_datetime(r.created_at),
            r.published_at.map(format_datetime),
        ),
        None => (String::new(), None),
    };
    let people = |role| async move {
        let list = store.list_enrolments(g.id, Some(role), None).await?;
        Ok::<_, AppError>(
            list.into_iter()
                .filter(|l| {
                    l.enrolment.status != EnrolmentStatus::Withdrawn
                        && (role == ParticipantRole::Mentee
                            || l.enrolment.status == EnrolmentStatus::Approved)
                })
                .map(|l| (l.enrolment.person_id.0, l.name))
                .collect::<Vec<_>>(),
        )
    };
    let mentees = people(ParticipantRole::Mentee).await?;
    let mentors = people(ParticipantRole::Mentor).await?;
    Ok(MatchingPage {
        layout: Layout::new(format!("Matching · {}", g.name), Some(user), ""),
        overrides: overrides(state, g.id).await?,
        programme: g,
        run,
        run_when,
        published_when,
        mentees,
        mentors,
        notice: x.notice,
        alert: x.alert,
        confirm_error: x.confirm_error,
        report: x.report,
    })
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

pub async fn get_matching_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    let notice = match q.done.as_deref() {
        Some("ran") => Some("A new proposal is ready. Review it, pin or forbid pairs, and publish when it is right.".into()),
        Some("override") => Some("Saved. Run the matching again to apply it.".into()),
        _ => None,
    };
    let x = Extras {
        notice,
        alert: None,
        confirm_error: None,
        report: None,
    };
    Ok(render(&page(&state, &user, g, x).await?))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn create_run_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    run(&state, &g, &user).await?;
    Ok(Redirect::to(&format!("/programmes/{id}/matching?done=ran")).into_response())
}

#[derive(Deserialize)]
pub struct OverrideForm {
    pub csrf: String,
    pub mentee: i64,
    pub mentor: i64,
    #[serde(default)]
    pub kind: String,
}

pub async fn create_override_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<OverrideForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    let body = NewOverride {
        mentee_id: form.mentee,
        mentor_id: form.mentor,
        kind: form.kind,
    };
    save_override(&state, g.id, &body).await?;
    Ok(Redirect::to(&format!("/programmes/{id}/matching?done=override")).into_response())
}

pub async fn delete_override_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<OverrideForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    state
        .store()
        .remove_match_override(g.id, PersonId(form.mentee), PersonId(form.mentor))
        .await?;
    Ok(Redirect::to(&format!("/programmes/{id}/matching?done=override")).into_response())
}

#[derive(Deserialize)]
pub struct PublishForm {
    pub csrf: String,
    pub run_id: i64,
    #[serde(default)]
    pub confirm: Option<String>,
}

pub async fn create_publication_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let g = admin_programme(state.store(), &user, ProgrammeId(id)).await?;
    let mut x = Extras {
        notice: None,
        alert: None,
        confirm_error: None,
        report: None,
    };
    let status = if form.confirm.is_none() {
        x.confirm_error = Some(
            "Tick the box to confirm: publishing tells every mentor and the mentees' managers."
                .into(),
        );
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        match publish(&state, &g, &user, form.run_id).await {
            Ok(report) => {
                x.notice = Some(format!(
                    "Published: {} relationship(s) proposed{}.",
                    report.started.len(),
                    if report.skipped.is_empty() {
                        String::new()
                    } else {
                        format!(", {} skipped", report.skipped.len())
                    }
                ));
                x.report = Some(report);
                StatusCode::OK
            }
            Err(e @ (AppError::Conflict(_) | AppError::Stale(_))) => {
                let s = e.status();
                x.alert = Some(e.to_string());
                s
            }
            Err(e) => return Err(e),
        }
    };
    let mut r = render(&page(&state, &user, g, x).await?);
    *r.status_mut() = status;
    Ok(r)
}
