//! The people directory in the API (administrators): search, filter, page, and
//! one person with their management line and enrolments.

use crate::people_pages::{PeopleQuery, PAGE_SIZE};
use crate::programmes_api::EnrolmentBody;
use axum::extract::{Path, Query, State};
use axum::Json;
use mentorhub_domain::person::Person;
use mentorhub_domain::PersonId;
use mentorhub_web::error::{bad_request, AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_people))
        .routes(routes!(get_person))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonBody {
    pub id: i64,
    pub employee_id: String,
    pub name: String,
    pub email: String,
    pub title: String,
    pub manager_id: Option<i64>,
    pub location: String,
    pub function: String,
    pub career_level: u8,
    pub active: bool,
}

impl PersonBody {
    fn of(p: &Person) -> Self {
        PersonBody {
            id: p.id.0,
            employee_id: p.employee_id.clone(),
            name: p.name.clone(),
            email: p.email.as_str().into(),
            title: p.title.clone(),
            manager_id: p.manager_id.map(|m| m.0),
            location: p.location.clone(),
            function: p.function.clone(),
            career_level: p.career_level.get(),
            active: p.active,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeoplePageBody {
    /// How many match the filters.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub people: Vec<PersonBody>,
}

/// Search people by name, email or employee id; filter by location, function and
/// `active` (`active`, `inactive`, `all`); 50 a page from `page=0`.
#[utoipa::path(get, path = "/api/v1/people", tag = "people",
    params(("q" = Option<String>, Query), ("location" = Option<String>, Query), ("function" = Option<String>, Query),
        ("active" = Option<String>, Query),
        ("page" = Option<i64>, Query, minimum = 0, description = "The page, from 0")),
    responses((status = 200, body = PeoplePageBody),
        (status = 400, body = ErrorBody, description = "A negative page, or one that is not a number"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_people(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<PeopleQuery>,
) -> AppResult<Json<PeoplePageBody>> {
    user.require_admin()?;
    if query.page < 0 {
        return Err(bad_request("page must be 0 or more"));
    }
    let filter = query.filter();
    let people = state.store().list_people(&filter).await?;
    Ok(Json(PeoplePageBody {
        total: state.store().count_people(&filter).await?,
        page: query.page,
        page_size: PAGE_SIZE,
        people: people.iter().map(PersonBody::of).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetailBody {
    #[serde(flatten)]
    pub person: PersonBody,
    /// Managers above the person, nearest first.
    pub management_chain: Vec<PersonBody>,
    pub enrolments: Vec<EnrolmentBody>,
}

/// One person with their management line and enrolments.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = PersonDetailBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<PersonDetailBody>> {
    user.require_admin()?;
    let store = state.store();
    let p = store.get_person(PersonId(id)).await?;
    store
        .record_audit(
            Some(user.person_id),
            "person.view",
            &format!("person:{}", p.id.0),
            "api",
            state.now(),
        )
        .await?;
    Ok(Json(PersonDetailBody {
        person: PersonBody::of(&p),
        management_chain: store
            .management_chain(p.id)
            .await?
            .iter()
            .map(PersonBody::of)
            .collect(),
        enrolments: store
            .list_enrolments_of_person(p.id)
            .await?
            .iter()
            .map(|l| EnrolmentBody::of(&l.enrolment))
            .collect(),
    }))
}
