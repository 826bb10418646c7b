//! Erasure by an administrator: `/people/{id}/erase` (a confirmation step where
//! the admin types the person's name or email) and `POST /api/v1/people/{id}/erase`.
//!
//! The store does the work in one transaction (`Store::erase_person`): the
//! person's name, email, HR employee id and texts are removed or replaced
//! everywhere, their sessions and invitations deleted, their account disabled
//! and emails to them dropped from the outbox, while relationships keep their
//! states and dates so programme health reads the same. The erasure itself is
//! recorded in the audit log (who, when, which person id).
//!
//! An HR re-import of the same employee id afterwards does not revive the
//! record: the erased row no longer carries the employee id, so the import
//! creates a new, unrelated person (counted as "created" in its report) with
//! none of the erased history.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Json, Router};
use mentorhub_domain::person::Person;
use mentorhub_domain::PersonId;
use mentorhub_store::privacy_queries::{ErasureRefusal, ErasureSummary};
use mentorhub_web::error::{not_found, AppError, AppResult, ErrorBody};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Why an erasure cannot go ahead, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Yourself,
    LastAdmin,
    AlreadyErased,
}

impl Refusal {
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Yourself => {
                "You cannot erase yourself: ask another administrator to do it."
            }
            Refusal::LastAdmin => {
                "This person is the last active administrator: make someone else an administrator first."
            }
            Refusal::AlreadyErased => "This person has already been erased.",
        }
    }
}

/// The typed confirmation matches the person's name or email.
pub fn confirmed(person: &Person, typed: &str) -> bool {
    let typed = typed.trim();
    !typed.is_empty()
        && (typed.eq_ignore_ascii_case(person.name.trim())
            || typed.eq_ignore_ascii_case(person.email.as_str()))
}

/// Loads the person an admin wants to erase; anyone else gets 404.
async fn target(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Person> {
    if !user.is_admin {
        return Err(not_found("person"));
    }
    Ok(state.store().get_person(PersonId(id)).await?)
}

/// Runs the erasure after the checks both the page and the API make.
async fn erase(
    state: &AppState,
    user: &CurrentUser,
    person: &Person,
) -> AppResult<Result<ErasureSummary, Refusal>> {
    if person.id == user.person_id {
        return Ok(Err(Refusal::Yourself));
    }
    let outcome = state
        .store()
        .erase_person(person.id, user.person_id, state.now())
        .await?;
    Ok(match outcome {
        Ok(summary) => {
            tracing::info!(target: "mentorhub::audit", actor = %user.person_id, person = %person.id, "person erased");
            Ok(summary)
        }
        Err(ErasureRefusal::LastAdmin) => Err(Refusal::LastAdmin),
        Err(ErasureRefusal::AlreadyErased) => Err(Refusal::AlreadyErased),
    })
}

// ---- pages ----

pub fn pages() -> Router<AppState> {
    Router::new().route("/people/{id}/erase", get(get_erasure).post(create_erasure))
}

#[derive(Template)]
#[template(path = "erase.html")]
pub struct ErasePage {
    pub layout: Layout,
    pub person: Person,
    pub erased: bool,
    pub refusal: Option<&'static str>,
    pub confirm: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "erased.html")]
pub struct ErasedPage {
    pub layout: Layout,
    pub person_id: i64,
    pub placeholder: String,
}

fn status(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

/// `GET /people/{id}/erase`: what erasing does, and the confirmation form.
pub async fn get_erasure(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let person = target(&state, &user, id).await?;
    let erased = state.store().erased_at(person.id).await?.is_some();
    let refusal = if erased {
        Some(Refusal::AlreadyErased.message())
    } else if person.id == user.person_id {
        Some(Refusal::Yourself.message())
    } else {
        None
    };
    Ok(render(&ErasePage {
        layout: Layout::new(format!("Erase {}", person.name), Some(&user), "people"),
        person,
        erased,
        refusal,
        confirm: String::new(),
        error: None,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub confirm: String,
}

/// `POST /people/{id}/erase`: erases once the typed name or email matches.
pub async fn create_erasure(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<EraseForm>,
) -> AppResult<Response> {
    let person = target(&state, &user, id).await?;
    check_csrf(&user, &form.csrf)?;
    let page = |person: Person, refusal, error: Option<String>| ErasePage {
        layout: Layout::new(format!("Erase {}", person.name), Some(&user), "people"),
        erased: false,
        person,
        refusal,
        confirm: form.confirm.clone(),
        error,
    };
    if !confirmed(&person, &form.confirm) {
        let error = Some(format!(
            "Type {}'s name or email address exactly as shown to confirm.",
            person.name
        ));
        return Ok(status(
            render(&page(person, None, error)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    match erase(&state, &user, &person).await? {
        Ok(summary) => Ok(render(&ErasedPage {
            layout: Layout::new("Person erased", Some(&user), "people"),
            person_id: summary.person.0,
            placeholder: mentorhub_store::privacy_queries::erased_name(summary.person),
        })),
        Err(refusal) => Ok(status(
            render(&page(person, Some(refusal.message()), None)),
            StatusCode::CONFLICT,
        )),
    }
}

// ---- API ----

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_person_erasure))
}

/// The confirmation an erasure needs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ErasureInput {
    /// The person's name or email address, exactly as stored (case aside).
    pub confirm: String,
}

/// What an erasure did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureBody {
    pub person_id: i64,
    /// The name the person is shown with from now on.
    pub name: String,
    /// When (RFC 3339).
    pub erased_at: String,
    /// The audit log entry that records the erasure.
    pub audit_id: i64,
}

/// Erase a person (administrators): their personal data is removed or
/// anonymised everywhere; relationships keep their states and dates. Erasing
/// yourself, the last administrator, or someone already erased is refused.
#[utoipa::path(post, path = "/api/v1/people/{id}/erase", tag = "privacy",
    params(("id" = i64, Path, description = "The person")),
    request_body = ErasureInput,
    responses(
        (status = 200, body = ErasureBody, description = "Erased"),
        (status = 401, body = ErrorBody, description = "Not signed in"),
        (status = 403, body = ErrorBody, description = "The request's CSRF or origin check failed"),
        (status = 404, body = ErrorBody, description = "No such person, or not an administrator"),
        (status = 409, body = ErrorBody, description = "Yourself, the last administrator, or already erased"),
        (status = 422, body = ErrorBody, description = "The confirmation does not match the name or email"),
    ))]
pub async fn create_person_erasure(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<ErasureInput>,
) -> AppResult<Json<ErasureBody>> {
    let person = target(&state, &user, id).await?;
    if !confirmed(&person, &input.confirm) {
        return Err(AppError::Invalid {
            field: "confirm".into(),
            message: "type the person's name or email address to confirm".into(),
        });
    }
    match erase(&state, &user, &person).await? {
        Ok(summary) => Ok(Json(ErasureBody {
            person_id: summary.person.0,
            name: mentorhub_store::privacy_queries::erased_name(summary.person),
            erased_at: summary.erased_at.to_rfc3339(),
            audit_id: summary.audit_id,
        })),
        Err(refusal) => Err(AppError::Conflict(refusal.message().into())),
    }
}
