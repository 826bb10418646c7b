//! `/api/v1/offers`: mentors' offers of mentoring, for the mentor and the
//! protégé only (anyone else gets 404).

use crate::informal::ProgrammeChoice;
use crate::offers::{
    accept_offer, add_message, decline_offer, list_offers, load_offer, make_offer, withdraw_offer,
    OfferView, Side,
};
use crate::versions::{etag, if_match};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::outreach::OFFER_ASSURANCE;
use mentorhub_domain::{OfferId, PersonId};
use mentorhub_store::OfferRecord;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_offers_api, create_offer))
        .routes(routes!(get_offer))
        .routes(routes!(create_offer_message))
        .routes(routes!(create_offer_acceptance))
        .routes(routes!(create_offer_decline))
        .routes(routes!(create_offer_withdrawal))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferSummary {
    pub id: i64,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub protege_id: i64,
    pub protege_name: String,
    /// open, accepted, declined or withdrawn
    pub state: String,
    pub created_at: String,
}

impl OfferSummary {
    fn of(r: &OfferRecord) -> Self {
        OfferSummary {
            id: r.offer.id.0,
            mentor_id: r.offer.mentor_id.0,
            mentor_name: r.mentor_name.clone(),
            protege_id: r.offer.protege_id.0,
            protege_name: r.protege_name.clone(),
            state: r.offer.state.as_str().into(),
            created_at: r.created_at.to_rfc3339(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OffersBody {
    /// Offers made to you.
    pub received: Vec<OfferSummary>,
    /// Offers you made.
    pub made: Vec<OfferSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferMessageBody {
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferBody {
    #[serde(flatten)]
    pub summary: OfferSummary,
    /// What the mentor noticed.
    pub noticed: String,
    /// Part of every offer: it implies no deficiency.
    pub assurance: String,
    /// mentor or protege: which side you are on.
    pub your_side: String,
    /// The protégé's reason for declining: shown to the mentor only if shared.
    pub decline_reason: Option<String>,
    pub relationship_id: Option<i64>,
    pub messages: Vec<OfferMessageBody>,
    /// For the protégé of an open offer: where a "yes" can be recorded.
    pub programme_choices: Vec<ProgrammeChoice>,
    pub version: i64,
}

impl OfferBody {
    fn of(v: &OfferView) -> Self {
        OfferBody {
            summary: OfferSummary::of(&v.record),
            noticed: v.record.offer.noticed.clone(),
            assurance: OFFER_ASSURANCE.into(),
            your_side: match v.side {
                Side::Mentor => "mentor",
                Side::Protege => "protege",
            }
            .into(),
            decline_reason: v.visible_reason().map(str::to_string),
            relationship_id: v.answer.relationship_id.map(|r| r.0),
            messages: v
                .messages
                .iter()
                .map(|m| OfferMessageBody {
                    author_id: m.author_id.0,
                    author_name: m.author_name.clone(),
                    body: m.body.clone(),
                    created_at: m.created_at.to_rfc3339(),
                })
                .collect(),
            programme_choices: v.programmes.clone(),
            version: v.answer.version,
        }
    }
}

async fn offer_response(state: &AppState, me: PersonId, id: OfferId) -> AppResult<Response> {
    let view = load_offer(state, me, id).await?;
    Ok((etag(view.answer.version), Json(OfferBody::of(&view))).into_response())
}

/// Offers made to you and offers you made.
#[utoipa::path(get, path = "/api/v1/offers", tag = "outreach",
    responses((status = 200, body = OffersBody), (status = 401, body = ErrorBody)))]
pub async fn list_offers_api(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<OffersBody>> {
    let (received, made) = list_offers(&state, user.person_id).await?;
    Ok(Json(OffersBody {
        received: received.iter().map(OfferSummary::of).collect(),
        made: made.iter().map(OfferSummary::of).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOfferBody {
    pub protege_id: i64,
    /// What you noticed in them: interest, energy, capability.
    pub noticed: String,
}

/// Offers mentoring to a colleague. They are emailed the offer with the
/// assurance that it implies no deficiency.
#[utoipa::path(post, path = "/api/v1/offers", tag = "outreach", request_body = NewOfferBody,
    responses((status = 201, body = OfferBody), (status = 401, body = ErrorBody),
        (status = 422, description = "Yourself, someone inactive, nothing noticed, or an offer already open", body = ErrorBody)))]
pub async fn create_offer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<NewOfferBody>,
) -> AppResult<Response> {
    let id = make_offer(
        &state,
        user.person_id,
        PersonId(body.protege_id),
        &body.noticed,
    )
    .await?;
    let mut r = offer_response(&state, user.person_id, id).await?;
    *r.status_mut() = StatusCode::CREATED;
    Ok(r)
}

/// One offer, for its mentor or its protégé. `ETag` carries the version.
#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "outreach",
    params(("id" = i64, Path, description = "Offer id")),
    responses((status = 200, body = OfferBody), (status = 401, body = ErrorBody),
        (status = 404, description = "Not your offer", body = ErrorBody)))]
pub async fn get_offer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    offer_response(&state, user.person_id, OfferId(id)).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMessageBody {
    pub body: String,
}

/// A question about an open offer (or the mentor's answer), emailed to the other.
#[utoipa::path(post, path = "/api/v1/offers/{id}/messages", tag = "outreach", request_body = NewMessageBody,
    params(("id" = i64, Path, description = "Offer id")),
    responses((status = 201, body = OfferBody), (status = 401, body = ErrorBody),
        (status = 409, description = "The offer is closed", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_offer_message(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<NewMessageBody>,
) -> AppResult<Response> {
    let id = OfferId(id);
    add_message(&state, user.person_id, id, &body.body).await?;
    let mut r = offer_response(&state, user.person_id, id).await?;
    *r.status_mut() = StatusCode::CREATED;
    Ok(r)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptBody {
    /// The programme to record the mentoring in (optional when there is one choice).
    #[serde(default)]
    pub programme_id: Option<i64>,
}

/// The protégé accepts: the relationship starts and both are introduced (the
/// manager is asked first when the mentor is in the protégé's management line).
/// Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/acceptance", tag = "outreach", request_body = AcceptBody,
    params(("id" = i64, Path, description = "Offer id"),
        ("If-Match" = String, Header, description = "The version you read, e.g. \"1\"")),
    responses((status = 200, body = OfferBody), (status = 400, body = ErrorBody),
        (status = 403, description = "Not the protégé", body = ErrorBody),
        (status = 409, description = "No longer open", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 412, description = "Changed since you read it", body = ErrorBody),
        (status = 422, description = "No programme chosen or possible", body = ErrorBody)))]
pub async fn create_offer_acceptance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<AcceptBody>,
) -> AppResult<Response> {
    let version = if_match(&headers)?;
    let id = OfferId(id);
    accept_offer(&state, user.person_id, id, body.programme_id, version).await?;
    offer_response(&state, user.person_id, id).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclineBody {
    /// Your reason, if you want to give one.
    #[serde(default)]
    pub reason: String,
    /// Whether the mentor may read the reason.
    #[serde(default)]
    pub share_reason: bool,
}

/// The protégé declines. Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/decline", tag = "outreach", request_body = DeclineBody,
    params(("id" = i64, Path, description = "Offer id"),
        ("If-Match" = String, Header, description = "The version you read, e.g. \"1\"")),
    responses((status = 200, body = OfferBody), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "No longer open", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_offer_decline(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<DeclineBody>,
) -> AppResult<Response> {
    let version = if_match(&headers)?;
    let id = OfferId(id);
    decline_offer(
        &state,
        user.person_id,
        id,
        &body.reason,
        body.share_reason,
        version,
    )
    .await?;
    offer_response(&state, user.person_id, id).await
}

/// The mentor withdraws an open offer. Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/offers/{id}/withdrawal", tag = "outreach",
    params(("id" = i64, Path, description = "Offer id"),
        ("If-Match" = String, Header, description = "The version you read, e.g. \"1\"")),
    responses((status = 200, body = OfferBody), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "No longer open", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = ErrorBody)))]
pub async fn create_offer_withdrawal(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let version = if_match(&headers)?;
    let id = OfferId(id);
    withdraw_offer(&state, user.person_id, id, version).await?;
    offer_response(&state, user.person_id, id).await
}
