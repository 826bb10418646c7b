//! Programme setup, people and the HR import, mentor applications and qualification, training and resources, mentee self-assessment.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod announcement;
pub mod application_form;
pub mod applications;
pub mod applications_api;
pub mod applications_pages;
pub mod builtin_resources;
pub mod enrolment;
pub mod multipart;
pub mod people_api;
pub mod people_directory_api;
pub mod people_import;
pub mod people_pages;
pub mod programme_form;
pub mod programme_input;
pub mod programme_page;
pub mod programmes_api;
pub mod programmes_pages;
pub mod resources;
pub mod resources_api;
pub mod resources_pages;
pub mod self_assessment;
pub mod self_assessment_api;
pub mod self_assessment_pages;
pub mod support;

/// This area's pages.
pub fn router() -> Router<AppState> {
    use applications_pages as apps;
    use people_pages as people;
    use programme_page as one;
    use programmes_pages as list;
    use resources_pages as res;
    use self_assessment_pages as mine;
    Router::new()
        .route(
            "/programmes",
            get(list::list_programmes).post(list::create_programme),
        )
        .route("/programmes/new", get(list::new_programme_form))
        .route("/programmes/{id}", get(one::get_programme))
        .route(
            "/programmes/{id}/edit",
            get(list::edit_programme_form).post(list::update_programme),
        )
        .route("/programmes/{id}/announce", post(one::create_announcement))
        .route("/programmes/{id}/enrol", post(one::create_enrolment))
        .route(
            "/programmes/{id}/enrolments",
            post(one::create_enrolment_for),
        )
        .route(
            "/programmes/{id}/apply",
            get(apps::get_application_form).post(apps::create_application),
        )
        .route(
            "/programmes/{id}/applications",
            get(apps::list_applications),
        )
        .route(
            "/programmes/{id}/applications/{enrolment}",
            get(apps::get_application),
        )
        .route(
            "/programmes/{id}/applications/{enrolment}/assessment",
            post(apps::update_assessment),
        )
        .route(
            "/programmes/{id}/applications/{enrolment}/decision",
            post(apps::create_decision),
        )
        .route(
            "/programmes/{id}/self-assessment",
            get(mine::get_self_assessment).post(mine::update_self_assessment),
        )
        .route(
            "/programmes/{id}/mentees/{enrolment}",
            get(mine::get_mentee),
        )
        .route("/people", get(people::list_people))
        .route(
            "/people/import",
            get(people::get_import_form)
                .post(people::create_import)
                .layer(DefaultBodyLimit::max(people_import::MAX_IMPORT_BYTES)),
        )
        .route("/people/{id}", get(people::get_person))
        .route(
            "/resources",
            get(res::list_resources).post(res::create_resource),
        )
        .route("/resources/{id}", get(res::get_resource))
        .route("/resources/{id}/complete", post(res::create_completion))
        .route("/resources/{id}/incomplete", post(res::delete_completion))
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(people_api::router())
        .merge(people_directory_api::router())
        .merge(programmes_api::router())
        .merge(applications_api::router())
        .merge(self_assessment_api::router())
        .merge(resources_api::router())
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = include_str!("../static/programmes.css");
