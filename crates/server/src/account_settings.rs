//! A person's account page (`/account`): how they read dates and times — their
//! time zone and date style — and the way to change their password. The same
//! settings are in the API (`GET /api/v1/me`, `PUT /api/v1/me/settings`).

use crate::session_api::Me;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::local_time::{parse_zone, zone_names, DateStyle, TimePrefs};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn pages() -> Router<AppState> {
    Router::new().route("/account", get(get_account_page).post(update_account_page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(update_settings))
}

/// How you read dates and times. Empty (or absent) means your organisation's.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TimeSettings {
    /// An IANA time zone name.
    #[serde(default)]
    #[schema(example = "America/New_York")]
    pub time_zone: Option<String>,
    /// `en-GB` (23 Nov 2026, 14:30), `en-US` (Nov 23, 2026, 2:30 PM) or `iso`
    /// (2026-11-23 14:30).
    #[serde(default)]
    #[schema(example = "en-US")]
    pub date_style: Option<String>,
}

/// The settings as stored (`None`: the organisation's), or every field that is
/// not valid with what is wrong with it.
type Checked = (Option<&'static str>, Option<&'static str>);

fn check(settings: &TimeSettings) -> Result<Checked, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let zone = match settings.time_zone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => match parse_zone(name) {
            Some(tz) => Some(tz.name()),
            None => {
                errors.push((
                    "time_zone",
                    format!(
                        "“{name}” is not a time zone we know; give its IANA name, such as Europe/London or America/New_York"
                    ),
                ));
                None
            }
        },
    };
    let style = match settings.date_style.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match DateStyle::parse(s) {
            Some(d) => Some(d.as_str()),
            None => {
                errors.push(("date_style", "choose en-GB, en-US or iso".to_string()));
                None
            }
        },
    };
    if errors.is_empty() {
        Ok((zone, style))
    } else {
        Err(errors)
    }
}

/// Saves valid settings; returns how the person now reads times.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    (zone, style): Checked,
) -> AppResult<TimePrefs> {
    state
        .store()
        .set_time_settings(user.account_id, zone, style)
        .await?;
    tracing::info!(target: "mentorhub::audit", person = %user.person_id, "time settings changed");
    Ok(TimePrefs::resolve(
        zone,
        style,
        state.config().organisation_time(),
    ))
}

/// Change how you read dates and times: your time zone and date style.
#[utoipa::path(put, path = "/api/v1/me/settings", tag = "session", request_body = TimeSettings,
    responses(
        (status = 200, description = "Saved; you, with the settings in force", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "An unknown time zone or date style (the field is named)", body = ErrorBody),
    ))]
pub async fn update_settings(
    State(state): State<AppState>,
    ApiUser(mut user): ApiUser,
    Json(body): Json<serde_json::Value>,
) -> AppResult<Json<Me>> {
    // Read as a value first: serde would also take a JSON array for this
    // struct of optional fields, and the API accepts only an object.
    if !body.is_object() {
        return Err(AppError::Invalid {
            field: "body".into(),
            message: "send a JSON object with time_zone and/or date_style".into(),
        });
    }
    let body: TimeSettings = serde_json::from_value(body).map_err(|e| AppError::Invalid {
        field: "body".into(),
        message: format!("the settings could not be read: {e}"),
    })?;
    let checked = check(&body).map_err(|errors| {
        let (field, message) = errors.into_iter().next().unwrap_or_default();
        AppError::Invalid {
            field: field.into(),
            message,
        }
    })?;
    user.time = save(&state, &user, checked).await?;
    Ok(Json(Me::of(&user)))
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub email: String,
    /// What the form shows: the typed values, or the stored ones.
    pub time_zone: String,
    pub date_style: String,
    pub organisation_zone: &'static str,
    /// (value, example of now in that style, what it means).
    pub styles: Vec<(&'static str, String, &'static str)>,
    pub zones: Vec<&'static str>,
    pub errors: Vec<(&'static str, String)>,
    pub saved: Option<String>,
}

impl AccountPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn account_page(state: &AppState, user: &CurrentUser) -> AppResult<AccountPage> {
    let account = state
        .store()
        .find_account_by_id(user.account_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let now = state.now();
    Ok(AccountPage {
        layout: Layout::new("Your account", Some(user), ""),
        email: user.email.clone(),
        time_zone: account.time_zone.unwrap_or_default(),
        date_style: account
            .date_style
            .unwrap_or_else(|| user.time.style.as_str().to_string()),
        organisation_zone: state.config().time_zone.name(),
        styles: DateStyle::ALL
            .into_iter()
            .map(|style| {
                let example = TimePrefs { style, ..user.time }.datetime(now);
                (style.as_str(), example, style.description())
            })
            .collect(),
        zones: zone_names().collect(),
        errors: Vec::new(),
        saved: None,
    })
}

pub async fn get_account_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    Ok(render(&account_page(&state, &user).await?))
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub settings: TimeSettings,
}

pub async fn update_account_page(
    State(state): State<AppState>,
    PageUser(mut user): PageUser,
    Form(form): Form<AccountForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    match check(&form.settings) {
        Ok(checked) => {
            user.time = save(&state, &user, checked).await?;
            // This page, and every page after it, in the new settings.
            mentorhub_web::local_time::set_viewer(user.time);
            let mut page = account_page(&state, &user).await?;
            page.saved = Some(format!(
                "Saved. Times are now shown in {}, like this: {}.",
                user.time.zone.name(),
                user.time.datetime(state.now())
            ));
            Ok(render(&page))
        }
        Err(errors) => {
            let mut page = account_page(&state, &user).await?;
            page.time_zone = form.settings.time_zone.unwrap_or_default();
            if let Some(style) = form.settings.date_style {
                page.date_style = style;
            }
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invalid_setting_is_reported_at_once() {
        let errors = check(&TimeSettings {
            time_zone: Some("Mars/Olympus_Mons".into()),
            date_style: Some("klingon".into()),
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["time_zone", "date_style"]);
        assert_eq!(
            check(&TimeSettings {
                time_zone: Some(" europe/london ".into()),
                date_style: Some("en-US".into()),
            }),
            Ok((Some("Europe/London"), Some("en-US"))),
            "the zone is stored by its proper name"
        );
        assert_eq!(check(&TimeSettings::default()), Ok((None, None)));
    }
}
