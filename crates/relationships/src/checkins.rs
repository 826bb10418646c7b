//! Check-ins (`004_…` step 7, `001_…` step 6, `003_…`): the scheduler creates them;
//! here each of the pair answers their own — in regular contact? is it working?
//! what would help? — privately: the partner and the manager never see the
//! answers; the programme's administrators do.

use crate::access::{audit_read, relationship_for, require_party, FieldErrors};
use crate::view::CheckInView;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use mentorhub_domain::checkin::{CheckIn, CheckInAnswer};
use mentorhub_domain::relationship::Relationship;
use mentorhub_domain::{CheckInId, ProgrammeId};
use mentorhub_store::{ProgrammeCheckIn, StoreError};
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::pages::{check_csrf, format_date, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/relationships/{id}/checkins/{cid}",
            get(get_checkin_page).post(update_checkin_page),
        )
        .route(
            "/programmes/{id}/checkins",
            get(list_programme_checkins_page),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_checkins))
        .routes(routes!(update_checkin))
        .routes(routes!(list_programme_checkins))
}

/// Answers to a check-in, as a form or the API sends them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CheckInFields {
    /// Are you in regular contact? "yes"/"no" (or true/false).
    #[schema(value_type = bool)]
    #[serde(default, deserialize_with = "yes_no")]
    pub in_regular_contact: Option<bool>,
    /// Is it working, 1 (not at all) to 5 (very well).
    #[schema(value_type = i64, example = 4)]
    #[serde(default, deserialize_with = "crate::forms::number_text")]
    pub working: String,
    /// What would help.
    #[serde(default)]
    pub what_would_help: String,
}

fn yes_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        B(bool),
        S(String),
    }
    Ok(match V::deserialize(d)? {
        V::B(b) => Some(b),
        V::S(s) => match s.as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        },
    })
}

impl CheckInFields {
    fn answer(&self, now: mentorhub_domain::time_util::Timestamp) -> AppResult<CheckInAnswer> {
        let contact = self.in_regular_contact.ok_or_else(|| AppError::Invalid {
            field: "in_regular_contact".into(),
            message: "say whether you are in regular contact".into(),
        })?;
        let working: i64 = self.working.trim().parse().map_err(|_| AppError::Invalid {
            field: "working".into(),
            message: "choose from 1 (not at all) to 5 (very well)".into(),
        })?;
        Ok(CheckInAnswer::new(
            contact,
            working,
            &self.what_would_help,
            now,
        )?)
    }
}

/// The signed-in person's own check-in on this relationship; anyone else's is not found.
async fn own_checkin(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    cid: i64,
) -> AppResult<CheckIn> {
    match state.store().get_checkin(CheckInId(cid)).await {
        Ok(c) if c.relationship_id == rel.id && c.person_id == user.person_id => {
            if c.due_at > state.now() {
                return Err(AppError::Conflict(format!(
                    "this check-in opens on {}",
                    format_date(c.due_at)
                )));
            }
            Ok(c)
        }
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::NotFound("check-in".into())),
        Err(e) => Err(e.into()),
    }
}

async fn answer(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    cid: i64,
    fields: &CheckInFields,
) -> AppResult<CheckIn> {
    require_party(standing, "answering a check-in")?;
    let c = own_checkin(state, user, rel, cid).await?;
    let a = fields.answer(state.now())?;
    state
        .store()
        .answer_checkin(c.id, user.person_id, &a)
        .await?;
    Ok(state.store().get_checkin(c.id).await?)
}

// ---- API ----

/// Check-ins: your own (the pair), everyone's (admins). Managers see none.
#[utoipa::path(get, path = "/api/v1/relationships/{id}/checkins", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "Check-ins you may read", body = Vec<CheckInView>),
        (status = 403, description = "Managers never see check-ins", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
    ))]
pub async fn list_checkins(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<CheckInView>>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    if standing == Standing::Manager {
        return Err(mentorhub_web::error::forbidden(
            "check-in answers stay with the pair and the programme's administrators",
        ));
    }
    let checkins = crate::view::build(state.store(), &user, &rel, standing)
        .await?
        .checkins;
    audit_read(&state, &user, &rel, standing, "api check-ins").await?;
    Ok(Json(checkins))
}

/// Answer your check-in (answering again replaces your answers).
#[utoipa::path(put, path = "/api/v1/relationships/{id}/checkins/{cid}", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"), ("cid" = i64, Path, description = "Check-in id")),
    request_body = CheckInFields,
    responses(
        (status = 200, description = "Answered", body = CheckInView),
        (status = 403, description = "Only the pair answer check-ins", body = ErrorBody),
        (status = 404, description = "Not your check-in", body = ErrorBody),
        (status = 409, description = "Not due yet", body = ErrorBody),
        (status = 422, description = "An answer is missing or out of range", body = ErrorBody),
    ))]
pub async fn update_checkin(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, cid)): Path<(i64, i64)>,
    Json(fields): Json<CheckInFields>,
) -> AppResult<Json<CheckInView>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let c = answer(&state, &user, &rel, standing, cid, &fields).await?;
    Ok(Json(CheckInView::of(&c, user.name.clone())))
}

/// One row of a programme's check-ins, for its administrators.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeCheckInRow {
    pub relationship_id: i64,
    pub mentor_name: String,
    pub mentee_name: String,
    #[schema(value_type = String, example = "active")]
    pub relationship_state: &'static str,
    /// Whose answers: mentor or mentee.
    pub role: &'static str,
    #[serde(flatten)]
    pub checkin: CheckInView,
}

impl ProgrammeCheckInRow {
    fn of(p: ProgrammeCheckIn) -> Self {
        ProgrammeCheckInRow {
            relationship_id: p.checkin.relationship_id.0,
            relationship_state: p.state.as_str(),
            role: p.role,
            checkin: CheckInView::of(&p.checkin, p.person_name),
            mentor_name: p.mentor_name,
            mentee_name: p.mentee_name,
        }
    }
    pub fn state_label(&self) -> &'static str {
        mentorhub_domain::relationship::RelationshipState::parse(self.relationship_state)
            .map(|s| s.label())
            .unwrap_or("")
    }
}

async fn programme_rows(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(String, Vec<ProgrammeCheckInRow>)> {
    if !user.is_admin {
        // Whether a programme exists is itself an administrator's matter.
        return Err(AppError::NotFound("programme".into()));
    }
    let programme = state.store().get_programme(ProgrammeId(id)).await?;
    let rows = state.store().list_programme_checkins(programme.id).await?;
    Ok((
        programme.name,
        rows.into_iter().map(ProgrammeCheckInRow::of).collect(),
    ))
}

/// Every check-in of a programme with its answers (administrators only).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/checkins", tag = "relationships",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, description = "Check-ins by relationship", body = Vec<ProgrammeCheckInRow>),
        (status = 404, description = "No such programme, or not an administrator", body = ErrorBody),
    ))]
pub async fn list_programme_checkins(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ProgrammeCheckInRow>>> {
    Ok(Json(programme_rows(&state, &user, id).await?.1))
}

// ---- Pages ----

#[derive(Template)]
#[template(path = "checkin_form.html")]
pub struct CheckInPage {
    pub layout: Layout,
    pub relationship_id: i64,
    pub partner_name: String,
    pub checkin: CheckInView,
    pub values: CheckInFields,
    pub errors: FieldErrors,
}

impl CheckInPage {
    pub fn contact_is(&self, v: bool) -> bool {
        self.values.in_regular_contact == Some(v)
    }
}

async fn checkin_page(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    c: &CheckIn,
) -> AppResult<CheckInPage> {
    let partner = rel.partner_of(user.person_id).unwrap_or(rel.mentor_id);
    let view = CheckInView::of(c, user.name.clone());
    Ok(CheckInPage {
        layout: Layout::new("Check-in", Some(user), "relationships"),
        relationship_id: rel.id.0,
        partner_name: state.store().get_person(partner).await?.name,
        values: CheckInFields {
            in_regular_contact: view.in_regular_contact,
            working: view.working.map(|w| w.to_string()).unwrap_or_default(),
            what_would_help: view.what_would_help.clone().unwrap_or_default(),
        },
        checkin: view,
        errors: FieldErrors::default(),
    })
}

pub async fn get_checkin_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, cid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_party(standing, "answering a check-in")?;
    let c = own_checkin(&state, &user, &rel, cid).await?;
    Ok(render(&checkin_page(&state, &user, &rel, &c).await?))
}

#[derive(Debug, Deserialize)]
pub struct CheckInForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub fields: CheckInFields,
}

pub async fn update_checkin_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, cid)): Path<(i64, i64)>,
    Form(form): Form<CheckInForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    match answer(&state, &user, &rel, standing, cid, &form.fields).await {
        Ok(_) => Ok(Redirect::to(&format!("/relationships/{id}#checkins-heading")).into_response()),
        Err(e) => {
            let errors = FieldErrors::from_error(e)?;
            let c = own_checkin(&state, &user, &rel, cid).await?;
            let mut p = checkin_page(&state, &user, &rel, &c).await?;
            p.values = form.fields;
            p.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "programme_checkins.html")]
pub struct ProgrammeCheckInsPage {
    pub layout: Layout,
    pub programme_name: String,
    pub rows: Vec<ProgrammeCheckInRow>,
}

pub async fn list_programme_checkins_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (programme_name, rows) = programme_rows(&state, &user, id).await?;
    Ok(render(&ProgrammeCheckInsPage {
        layout: Layout::new(
            format!("Check-ins · {programme_name}"),
            Some(&user),
            "relationships",
        ),
        programme_name,
        rows,
    }))
}
