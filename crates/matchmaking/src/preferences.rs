//! A mentee's one or two ranked mentors (`004_…` steps 3–4). Private: read by
//! the mentee and the programme's admins; a mentor never learns who ranked them.

use crate::access::participation;
use crate::pool::Directory;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use mentorhub_domain::{EnrolmentId, ProgrammeId};
use mentorhub_web::error::{not_found, AppError, AppResult, ErrorBody};
use mentorhub_web::pages::check_csrf;
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Choice {
    /// The mentor's enrolment id in this programme (as listed by the directory).
    pub mentor_enrolment_id: i64,
    /// 1 (first choice) or 2.
    pub rank: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PreferencesBody {
    /// One or two choices; empty clears them.
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreferenceView {
    pub mentee_enrolment_id: i64,
    pub mentee_name: String,
    pub mentor_enrolment_id: i64,
    pub mentor_name: String,
    pub rank: u8,
}

/// Saves a mentee's choices after the checks the store cannot make: the
/// programme takes preferences, the mentee has assessed themselves, and every
/// choice is a mentor the directory lists.
async fn save_choices(
    state: &AppState,
    directory: &Directory,
    user: &CurrentUser,
    programme: ProgrammeId,
    choices: &[(EnrolmentId, u8)],
) -> AppResult<()> {
    let p = participation(state.store(), user, programme).await?;
    let mentee = p.mentee()?;
    if !p.programme.mode.takes_preferences() {
        return Err(AppError::Conflict(
            "this programme's admins match mentees without preferences".into(),
        ));
    }
    let pool = directory.pool(state.store(), &p.programme).await?;
    if !pool.mentees.contains_key(&user.person_id) {
        return Err(AppError::Invalid {
            field: "preferences".into(),
            message: "complete your self-assessment before ranking mentors".into(),
        });
    }
    if choices
        .iter()
        .any(|(m, _)| pool.mentor_by_enrolment(m.0).is_none())
    {
        return Err(AppError::Invalid {
            field: "preferences".into(),
            message: "choose from the mentors this programme lists".into(),
        });
    }
    state
        .store()
        .set_preferences(mentee.id, choices, state.now())
        .await?;
    Ok(())
}

async fn views(
    state: &AppState,
    prefs: Vec<mentorhub_domain::profile::Preference>,
) -> AppResult<Vec<PreferenceView>> {
    let mut out = Vec::with_capacity(prefs.len());
    for f in prefs {
        let mentee = state.store().get_enrolment(f.mentee_enrolment).await?;
        let mentor = state.store().get_enrolment(f.mentor_enrolment).await?;
        out.push(PreferenceView {
            mentee_enrolment_id: f.mentee_enrolment.0,
            mentee_name: state.store().get_person(mentee.person_id).await?.name,
            mentor_enrolment_id: f.mentor_enrolment.0,
            mentor_name: state.store().get_person(mentor.person_id).await?.name,
            rank: f.rank,
        });
    }
    Ok(out)
}

/// A mentee's own choices; for an admin, every mentee's in the programme.
/// Nobody else may read them (404).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/preferences", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    responses(
        (status = 200, description = "The choices, first choice first", body = [PreferenceView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not a mentee of this programme nor an admin", body = ErrorBody),
    ))]
pub async fn get_preferences(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<PreferenceView>>> {
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    let prefs = match (&p.as_mentee, p.is_admin) {
        (Some(e), _) => state.store().get_preferences(e.id).await?,
        (None, true) => {
            state
                .store()
                .list_programme_preferences(p.programme.id)
                .await?
        }
        (None, false) => return Err(not_found("mentee enrolment")),
    };
    Ok(Json(views(&state, prefs).await?))
}

/// Replaces the signed-in mentee's choices (one or two mentors, ranks 1 and 2).
#[utoipa::path(put, path = "/api/v1/programmes/{id}/preferences", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id")),
    request_body = PreferencesBody,
    responses(
        (status = 200, description = "Saved; the choices as stored", body = [PreferenceView]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "Not a mentee of this programme", body = ErrorBody),
        (status = 409, description = "The programme takes no preferences", body = ErrorBody),
        (status = 422, description = "Not assessed yet, a mentor not listed, or ranks not 1 and 2", body = ErrorBody),
    ))]
pub async fn update_preferences(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<PreferencesBody>,
) -> AppResult<Json<Vec<PreferenceView>>> {
    let choices: Vec<(EnrolmentId, u8)> = body
        .choices
        .iter()
        .map(|c| (EnrolmentId(c.mentor_enrolment_id), c.rank))
        .collect();
    save_choices(&state, &directory, &user, ProgrammeId(id), &choices).await?;
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    let prefs = state.store().get_preferences(p.mentee()?.id).await?;
    Ok(Json(views(&state, prefs).await?))
}

#[derive(Deserialize)]
pub struct RankForm {
    pub csrf: String,
    pub mentor: i64,
    pub rank: u8,
    /// The directory's filters and page when the mentee ranked (a query string).
    #[serde(default)]
    pub back: String,
}

/// The directory as the mentee left it: her filters and page, read back from
/// the form and written out afresh (never echoed as sent).
fn directory_as_left(id: i64, back: &str, done: &str) -> String {
    use crate::directory::DirectoryQuery;
    use axum::extract::Query;
    let q = axum::http::Uri::try_from(format!("/?{back}"))
        .ok()
        .and_then(|u| Query::<DirectoryQuery>::try_from_uri(&u).ok())
        .map(|Query(q)| q)
        .unwrap_or_default();
    let mut params = Vec::new();
    for (name, value) in [
        ("skill", &q.skill),
        ("location", &q.location),
        ("function", &q.function),
        ("style", &q.style),
    ] {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            params.push(format!("{name}={}", mentorhub_web::pages::url_encode(v)));
        }
    }
    if q.with_room
        .as_deref()
        .is_some_and(|v| matches!(v, "on" | "true" | "1"))
    {
        params.push("with_room=on".into());
    }
    if let Some(page) = q.page.filter(|p| *p > 1) {
        params.push(format!("page={page}"));
    }
    params.push(format!("done={done}"));
    format!("/programmes/{id}/directory?{}", params.join("&"))
}

/// From a directory card: makes a mentor the first or second choice, keeping
/// the other choice.
pub async fn create_preference_form(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<RankForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    let current = state.store().get_preferences(p.mentee()?.id).await?;
    let mut choices: Vec<(EnrolmentId, u8)> = current
        .iter()
        .filter(|c| c.rank != form.rank && c.mentor_enrolment.0 != form.mentor)
        .map(|c| (c.mentor_enrolment, c.rank))
        .collect();
    choices.push((EnrolmentId(form.mentor), form.rank));
    choices.sort_by_key(|c| c.1);
    save_choices(&state, &directory, &user, ProgrammeId(id), &choices).await?;
    Ok(Redirect::to(&directory_as_left(id, &form.back, "ranked")).into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn delete_preferences_form(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    save_choices(&state, &directory, &user, ProgrammeId(id), &[]).await?;
    Ok(Redirect::to(&format!("/programmes/{id}/directory?done=cleared")).into_response())
}

#[cfg(test)]
mod tests {
    use super::directory_as_left;

    #[test]
    fn ranking_returns_to_the_directory_with_the_filters_the_mentee_had() {
        assert_eq!(
            directory_as_left(
                7,
                "skill=&location=&function=Operations&style=&with_room=on&page=2",
                "ranked"
            ),
            "/programmes/7/directory?function=Operations&with_room=on&page=2&done=ranked"
        );
        assert_eq!(
            directory_as_left(7, "function=R%26D%0D%0ASet-Cookie%3A%20x", "ranked"),
            "/programmes/7/directory?function=R%26D%0D%0ASet-Cookie%3A%20x&done=ranked",
            "what comes back is re-encoded, never echoed"
        );
        assert_eq!(
            directory_as_left(7, "function=a\r\nb", "ranked"),
            "/programmes/7/directory?done=ranked",
            "what does not parse is dropped"
        );
        assert_eq!(
            directory_as_left(7, "", "ranked"),
            "/programmes/7/directory?done=ranked"
        );
    }
}
