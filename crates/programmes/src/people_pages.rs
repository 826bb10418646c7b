//! People pages for administrators: the searchable directory, a person's page
//! (profile, management line, enrolments) and the HR import with its report.

use crate::multipart;
use crate::people_import::{import_people, ImportError, ImportOptions, ImportReport};
use crate::support::render_status;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use mentorhub_domain::person::Person;
use mentorhub_domain::PersonId;
use mentorhub_store::{EnrolmentListing, PeopleFilter};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, url_encode, Layout};
use mentorhub_web::{AppState, PageUser};
use serde::Deserialize;

pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PeopleQuery {
    pub q: String,
    pub location: String,
    pub function: String,
    /// `active` (default), `inactive` or `all`.
    pub active: String,
    pub page: i64,
}

impl PeopleQuery {
    pub fn filter(&self) -> PeopleFilter {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        PeopleFilter {
            search: some(&self.q),
            location: some(&self.location),
            function: some(&self.function),
            active: match self.active.as_str() {
                "all" => None,
                "inactive" => Some(false),
                _ => Some(true),
            },
            limit: PAGE_SIZE,
            offset: self.page.clamp(0, i64::MAX / PAGE_SIZE) * PAGE_SIZE,
        }
    }

    /// The query string for another page of the same search.
    pub fn page_link(&self, page: i64) -> String {
        format!(
            "/people?q={}&location={}&function={}&active={}&page={page}",
            url_encode(&self.q),
            url_encode(&self.location),
            url_encode(&self.function),
            url_encode(&self.active)
        )
    }
}

#[derive(Template)]
#[template(path = "people.html")]
pub struct PeoplePage {
    pub layout: Layout,
    pub query: PeopleQuery,
    pub people: Vec<Person>,
    pub total: i64,
    pub first: i64,
    pub last: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

pub async fn list_people(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(query): Query<PeopleQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let filter = query.filter();
    let people = state.store().list_people(&filter).await?;
    let total = state.store().count_people(&filter).await?;
    let page = query.page.max(0);
    let first = filter.offset + 1;
    let last = filter.offset + people.len() as i64;
    Ok(render(&PeoplePage {
        layout: Layout::new("People", Some(&user), "people"),
        prev: (page > 0).then(|| query.page_link(page - 1)),
        next: (last < total).then(|| query.page_link(page + 1)),
        query,
        people,
        total,
        first,
        last,
    }))
}

#[derive(Template)]
#[template(path = "person.html")]
pub struct PersonPage {
    pub layout: Layout,
    pub person: Person,
    pub chain: Vec<Person>,
    pub reports: Vec<Person>,
    pub enrolments: Vec<EnrolmentListing>,
}

pub async fn get_person(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    let store = state.store();
    let person = store.get_person(PersonId(id)).await?;
    store
        .record_audit(
            Some(user.person_id),
            "person.view",
            &format!("person:{}", person.id.0),
            "page",
            state.now(),
        )
        .await?;
    Ok(render(&PersonPage {
        layout: Layout::new(person.name.clone(), Some(&user), "people"),
        chain: store.management_chain(person.id).await?,
        reports: store.direct_reports(person.id).await?,
        enrolments: store.list_enrolments_of_person(person.id).await?,
        person,
    }))
}

#[derive(Template)]
#[template(path = "people_import.html")]
pub struct ImportPage {
    pub layout: Layout,
    pub csv_text: String,
    pub skip_invalid: bool,
    pub partial: bool,
    pub error: Option<String>,
    pub report: Option<ImportReport>,
}

pub async fn get_import_form(
    State(_state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    user.require_admin()?;
    Ok(render(&ImportPage {
        layout: Layout::new("Import people", Some(&user), "people"),
        csv_text: String::new(),
        skip_invalid: false,
        partial: false,
        error: None,
        report: None,
    }))
}

/// The import form: a file or pasted text, "import valid rows only", and
/// "only add and update". Shows the per-row report.
pub async fn create_import(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    user.require_admin()?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multipart::boundary(content_type).ok_or_else(|| {
        AppError::BadRequest("send the import form as multipart/form-data".into())
    })?;
    let parts = multipart::parse(&body, &boundary)
        .ok_or_else(|| AppError::BadRequest("the uploaded form could not be read".into()))?;
    let field = |name: &str| parts.iter().find(|p| p.name == name).map(|p| p.data);
    let text = |name: &str| String::from_utf8_lossy(field(name).unwrap_or_default()).to_string();
    check_csrf(&user, &text("csrf"))?;
    let file = field("file").filter(|f| !f.is_empty());
    let csv_text = text("csv_text");
    let mut page = ImportPage {
        layout: Layout::new("Import people", Some(&user), "people"),
        csv_text: if file.is_some() {
            String::new()
        } else {
            csv_text.clone()
        },
        skip_invalid: field("skip_invalid").is_some(),
        partial: field("partial").is_some(),
        error: None,
        report: None,
    };
    let data: &[u8] = match file {
        Some(f) => f,
        None if !csv_text.trim().is_empty() => csv_text.as_bytes(),
        None => {
            page.error = Some("Choose the HR export file, or paste its contents.".into());
            return Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let options = ImportOptions {
        skip_invalid: page.skip_invalid,
        partial: page.partial,
    };
    match import_people(state.store(), data, options, state.now(), &|_| {}).await {
        Ok(report) => {
            tracing::info!(target: "mentorhub::audit", person = %user.person_id, created = report.created, updated = report.updated, refused = report.refused, "people import (page)");
            let status = if report.committed {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page.report = Some(report);
            Ok(render_status(&page, status))
        }
        Err(ImportError::File(message)) => {
            page.error = Some(message);
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}
