//! `/offers`: offers of mentoring made and received (`003_…`), a form to make
//! one, and the protégé's page to take their time, ask, accept or decline.

use crate::offers::{
    accept_offer, add_message, decline_offer, list_offers, load_offer, make_offer, withdraw_offer,
    OfferView, Side,
};
use crate::shortlist::search_people;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use mentorhub_domain::outreach::OFFER_ASSURANCE;
use mentorhub_domain::person::Person;
use mentorhub_domain::{OfferId, PersonId};
use mentorhub_store::OfferRecord;
use mentorhub_web::error::{bad_request, AppError, AppResult};
use mentorhub_web::pages::{check_csrf, format_date, format_datetime, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offers", get(list_offers_page).post(create_offer))
        .route("/offers/new", get(get_new_offer))
        .route("/offers/{id}", get(get_offer))
        .route("/offers/{id}/{action}", post(update_offer))
}

#[derive(Template)]
#[template(path = "offers.html")]
pub struct OffersPage {
    pub layout: Layout,
    pub received: Vec<(OfferRecord, String)>,
    pub made: Vec<(OfferRecord, String)>,
}

pub async fn list_offers_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let (received, made) = list_offers(&state, user.person_id).await?;
    let dated = |v: Vec<OfferRecord>| {
        v.into_iter()
            .map(|r| {
                let d = format_date(r.created_at);
                (r, d)
            })
            .collect()
    };
    Ok(render(&OffersPage {
        layout: Layout::new("Offers of mentoring", Some(&user), "offers"),
        received: dated(received),
        made: dated(made),
    }))
}

#[derive(Template)]
#[template(path = "offer_new.html")]
pub struct NewOfferPage {
    pub layout: Layout,
    pub to: Option<Person>,
    pub q: String,
    pub results: Vec<Person>,
    pub noticed: String,
    pub assurance: &'static str,
    pub error: Option<(String, String)>,
}

impl NewOfferPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewOfferQuery {
    pub to: Option<i64>,
    #[serde(default)]
    pub q: String,
}

async fn new_offer_page(
    state: &AppState,
    user: &CurrentUser,
    to: Option<PersonId>,
    q: String,
    noticed: String,
    error: Option<(String, String)>,
) -> AppResult<NewOfferPage> {
    let to = match to {
        Some(id) if id != user.person_id => {
            state.store().get_person(id).await.ok().filter(|p| p.active)
        }
        _ => None,
    };
    Ok(NewOfferPage {
        layout: Layout::new("Offer mentoring", Some(user), "offers"),
        results: search_people(state, user.person_id, &q).await?,
        to,
        q,
        noticed,
        assurance: OFFER_ASSURANCE,
        error,
    })
}

pub async fn get_new_offer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<NewOfferQuery>,
) -> AppResult<Response> {
    let page = new_offer_page(&state, &user, q.to.map(PersonId), q.q, String::new(), None).await?;
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewOfferForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub protege_id: String,
    #[serde(default)]
    pub noticed: String,
}

pub async fn create_offer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(form): Form<NewOfferForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let to = form.protege_id.trim().parse::<i64>().ok().map(PersonId);
    let result = match to {
        Some(p) => make_offer(&state, user.person_id, p, &form.noticed).await,
        None => Err(AppError::Invalid {
            field: "protege".into(),
            message: "search for a person and choose them".into(),
        }),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/offers/{}", id.0)).into_response()),
        Err(AppError::Invalid { field, message }) => {
            let page = new_offer_page(
                &state,
                &user,
                to,
                String::new(),
                form.noticed,
                Some((field, message)),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "offer.html")]
pub struct OfferPage {
    pub layout: Layout,
    pub v: OfferView,
    pub is_protege: bool,
    pub sent: String,
    pub messages: Vec<(String, String, String)>,
    pub assurance: &'static str,
    pub notice: Option<String>,
    pub error: Option<(String, String)>,
    pub form: OfferForm,
}

impl OfferPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn state(&self) -> &'static str {
        self.v.record.offer.state.as_str()
    }

    pub fn reason(&self) -> Option<&str> {
        self.v.visible_reason()
    }
}

/// Every field the offer page's forms send.
#[derive(Debug, Default, Deserialize)]
pub struct OfferForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub programme_id: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub share_reason: Option<String>,
    /// Ticked to confirm a withdrawal.
    #[serde(default)]
    pub confirm: Option<String>,
}

async fn offer_page(
    state: &AppState,
    user: &CurrentUser,
    id: OfferId,
    form: OfferForm,
) -> AppResult<OfferPage> {
    let v = load_offer(state, user.person_id, id).await?;
    let title = match v.side {
        Side::Mentor => format!("Your offer to {}", v.record.protege_name),
        Side::Protege => format!("{} offers to mentor you", v.record.mentor_name),
    };
    Ok(OfferPage {
        layout: Layout::new(title, Some(user), "offers"),
        is_protege: v.side == Side::Protege,
        sent: format_date(v.record.created_at),
        messages: v
            .messages
            .iter()
            .map(|m| {
                (
                    m.author_name.clone(),
                    format_datetime(m.created_at),
                    m.body.clone(),
                )
            })
            .collect(),
        v,
        assurance: OFFER_ASSURANCE,
        notice: None,
        error: None,
        form,
    })
}

pub async fn get_offer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = offer_page(&state, &user, OfferId(id), OfferForm::default()).await?;
    Ok(render(&page))
}

/// The offer page's forms: `messages`, `accept`, `decline`, `withdraw`.
pub async fn update_offer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, action)): Path<(i64, String)>,
    Form(form): Form<OfferForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let id = OfferId(id);
    let me = user.person_id;
    let version = || -> AppResult<i64> {
        form.version
            .trim()
            .parse()
            .map_err(|_| bad_request("this form has no version; reload the page"))
    };
    let result: AppResult<String> = match action.as_str() {
        "messages" => add_message(&state, me, id, &form.body)
            .await
            .map(|_| "Sent. They have been emailed.".to_string()),
        "accept" => {
            let programme = form.programme_id.trim().parse().ok();
            match version() {
                Ok(v) => accept_offer(&state, me, id, programme, v)
                    .await
                    .map(|(_, said)| format!("You accepted. {said}")),
                Err(e) => Err(e),
            }
        }
        "decline" => match version() {
            Ok(v) => decline_offer(&state, me, id, &form.reason, form.share_reason.is_some(), v)
                .await
                .map(|_| {
                    "You declined the offer. Thank you for answering: it helps the mentor too."
                        .to_string()
                }),
            Err(e) => Err(e),
        },
        "withdraw" if form.confirm.is_none() => Err(AppError::Invalid {
            field: "confirm".into(),
            message: "tick the box to confirm that you want to withdraw the offer".into(),
        }),
        "withdraw" => match version() {
            Ok(v) => withdraw_offer(&state, me, id, v)
                .await
                .map(|_| "You withdrew the offer; they have been told kindly.".to_string()),
            Err(e) => Err(e),
        },
        _ => return Err(AppError::NotFound("page".into())),
    };
    match result {
        Ok(notice) => {
            let mut page = offer_page(&state, &user, id, OfferForm::default()).await?;
            page.notice = Some(notice);
            Ok(render(&page))
        }
        Err(err) => {
            let status = err.status();
            let error = match err {
                AppError::Invalid { field, message } => (field, message),
                AppError::Stale(_) => (
                    String::new(),
                    "This offer changed since you opened the page. Nothing was saved; here is the latest.".to_string(),
                ),
                AppError::Forbidden(m) | AppError::Conflict(m) => (String::new(), m),
                other => return Err(other),
            };
            let mut page = offer_page(&state, &user, id, form).await?;
            page.error = Some(error);
            Ok((status, render(&page)).into_response())
        }
    }
}
