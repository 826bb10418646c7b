//! `/shortlist`: the mentee's private list of potential mentors, and adding,
//! reordering and removing names (`001_…` step 2, `000_…` step 5).

use crate::shortlist::{add_candidate, load_shortlist, search_people, talked_with_advice};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use mentorhub_domain::person::Person;
use mentorhub_domain::{PersonId, ShortlistEntryId};
use mentorhub_store::{ShortlistListing, ShortlistNotes};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/shortlist",
            get(list_shortlist).post(create_shortlist_entry),
        )
        .route("/shortlist/{id}/move", post(update_shortlist_position))
        .route(
            "/shortlist/{id}/remove",
            get(get_shortlist_removal).post(delete_shortlist_entry),
        )
}

/// What the add form holds, kept when it is refused.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub candidate_id: String,
    #[serde(default)]
    pub positives: String,
    #[serde(default)]
    pub constraints: String,
    #[serde(default)]
    pub recommendations: String,
}

#[derive(Template)]
#[template(path = "shortlist.html")]
pub struct ShortlistPage {
    pub layout: Layout,
    pub entries: Vec<ShortlistListing>,
    pub talked_advice: Option<String>,
    /// The next open name, shown once someone has declined.
    pub next: Option<ShortlistListing>,
    pub q: String,
    pub results: Vec<(Person, bool)>,
    /// The person being added, with the form's values.
    pub adding: Option<Person>,
    pub form: AddForm,
    pub error: Option<(String, String)>,
}

impl ShortlistPage {
    /// The error for `field`, shown next to it.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_last(&self, index: &usize) -> bool {
        *index + 1 == self.entries.len()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ShortlistQuery {
    #[serde(default)]
    pub q: String,
    pub add: Option<i64>,
}

async fn shortlist_page(
    state: &AppState,
    user: &CurrentUser,
    q: String,
    adding: Option<PersonId>,
    form: AddForm,
    error: Option<(String, String)>,
) -> AppResult<ShortlistPage> {
    let list = load_shortlist(state, user.person_id).await?;
    let listed = |p: &Person| list.entries.iter().any(|l| l.entry.candidate_id == p.id);
    let results = search_people(state, user.person_id, &q)
        .await?
        .into_iter()
        .map(|p| {
            let on_list = listed(&p);
            (p, on_list)
        })
        .collect();
    let adding = match adding {
        Some(id) if id != user.person_id => state
            .store()
            .get_person(id)
            .await
            .ok()
            .filter(|p| p.active && !listed(p)),
        _ => None,
    };
    let someone_declined = list
        .entries
        .iter()
        .any(|l| l.entry.stage == mentorhub_domain::outreach::OutreachStage::Declined);
    Ok(ShortlistPage {
        layout: Layout::new("Your shortlist", Some(user), "shortlist"),
        talked_advice: (!list.entries.is_empty())
            .then(|| talked_with_advice(list.talked_with))
            .flatten(),
        next: list.next.filter(|_| someone_declined),
        entries: list.entries,
        q,
        results,
        adding,
        form,
        error,
    })
}

pub async fn list_shortlist(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<ShortlistQuery>,
) -> AppResult<Response> {
    let page = shortlist_page(
        &state,
        &user,
        q.q,
        q.add.map(PersonId),
        AddForm::default(),
        None,
    )
    .await?;
    Ok(render(&page))
}

pub async fn create_shortlist_entry(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<AddForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let candidate = form.candidate_id.trim().parse::<i64>().ok().map(PersonId);
    let notes = ShortlistNotes {
        positives: form.positives.clone(),
        constraints: form.constraints.clone(),
        recommendations: form.recommendations.clone(),
    };
    let result = match candidate {
        Some(c) => add_candidate(&state, user.person_id, c, &notes).await,
        None => Err(AppError::Invalid {
            field: "candidate".into(),
            message: "search for a person and choose them".into(),
        }),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/shortlist/{}", id.0)).into_response()),
        Err(AppError::Invalid { field, message }) => {
            let page = shortlist_page(
                &state,
                &user,
                String::new(),
                candidate,
                form,
                Some((field, message)),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub csrf: String,
    /// `up` or `down`.
    pub direction: String,
}

/// Moves a name one place up or down the list.
pub async fn update_shortlist_position(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let entries = state.store().list_shortlist(user.person_id).await?;
    let mut order: Vec<ShortlistEntryId> = entries.iter().map(|l| l.entry.id).collect();
    let at = order
        .iter()
        .position(|e| e.0 == id)
        .ok_or_else(|| AppError::NotFound("shortlist entry".into()))?;
    match form.direction.as_str() {
        "up" if at > 0 => order.swap(at, at - 1),
        "down" if at + 1 < order.len() => order.swap(at, at + 1),
        _ => {}
    }
    state
        .store()
        .reorder_shortlist(user.person_id, &order, state.now())
        .await?;
    Ok(Redirect::to("/shortlist").into_response())
}

#[derive(Template)]
#[template(path = "shortlist_remove.html")]
pub struct RemovePage {
    pub layout: Layout,
    pub listing: ShortlistListing,
}

/// Asks before removing a name and the notes about them.
pub async fn get_shortlist_removal(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let listing = state
        .store()
        .list_shortlist(user.person_id)
        .await?
        .into_iter()
        .find(|l| l.entry.id.0 == id)
        .ok_or_else(|| AppError::NotFound("shortlist entry".into()))?;
    Ok(render(&RemovePage {
        layout: Layout::new("Remove from your shortlist", Some(&user), "shortlist"),
        listing,
    }))
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

pub async fn delete_shortlist_entry(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    state
        .store()
        .remove_shortlist_entry(ShortlistEntryId(id), user.person_id)
        .await?;
    Ok(Redirect::to("/shortlist").into_response())
}
