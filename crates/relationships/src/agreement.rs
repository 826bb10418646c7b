//! The mentoring agreement (`000_…` step 7, `003_…`): proposed by either from the
//! programme's defaults, edited until both confirm. An edit withdraws both
//! confirmations; an edit made on a stale copy is refused, never merged silently.

use crate::access::{
    self, audit_read, if_match, relationship_for, require_party, stale, with_etag,
};
use crate::view::AgreementView;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::agreement::{Agreement, AgreementTerms, Confirmation};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{Actor, Relationship, RelationshipEvent, RelationshipState};
use mentorhub_store::StoreError;
use mentorhub_web::authz::Standing;
use mentorhub_web::error::{AppError, AppResult, ErrorBody};
use mentorhub_web::notify::{queue, Message};
use mentorhub_web::{ApiUser, AppState, CurrentUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_agreement, create_agreement, update_agreement))
        .routes(routes!(update_agreement_confirmation))
}

/// The terms as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AgreementInput {
    /// weekly (ideal), fortnightly or monthly (the minimum).
    pub cadence: String,
    /// in_person, phone, video or mixed.
    pub mode: String,
    /// Months before you reassess (formal programmes 6–24, default 9; informal 4–24).
    #[schema(value_type = String, example = "9")]
    #[serde(deserialize_with = "crate::forms::number_text")]
    pub duration_months: String,
    pub confidentiality: String,
    pub raising_concerns: String,
    #[serde(default)]
    pub mentor_concerns: String,
    #[serde(default)]
    pub mentee_concerns: String,
}

impl AgreementInput {
    pub(crate) fn of(t: &AgreementTerms) -> Self {
        AgreementInput {
            cadence: t.cadence.as_str().into(),
            mode: t.mode.as_str().into(),
            duration_months: t.duration_months.to_string(),
            confidentiality: t.confidentiality.clone(),
            raising_concerns: t.raising_concerns.clone(),
            mentor_concerns: t.mentor_concerns.clone(),
            mentee_concerns: t.mentee_concerns.clone(),
        }
    }

    fn terms(&self) -> AppResult<AgreementTerms> {
        let months: u32 = self
            .duration_months
            .trim()
            .parse()
            .map_err(|_| AppError::Invalid {
                field: "duration_months".into(),
                message: "give a whole number of months".into(),
            })?;
        Ok(AgreementTerms {
            cadence: Cadence::parse(self.cadence.trim())?,
            mode: MeetingMode::parse(self.mode.trim())?,
            confidentiality: self.confidentiality.clone(),
            raising_concerns: self.raising_concerns.clone(),
            duration_months: months,
            mentor_concerns: self.mentor_concerns.clone(),
            mentee_concerns: self.mentee_concerns.clone(),
        })
    }
}

/// A save refused because someone else changed the agreement first.
pub(crate) enum Saved {
    Ok(Agreement),
    Stale(Agreement),
}

pub(crate) fn require_workable(rel: &Relationship, standing: Standing) -> AppResult<()> {
    require_party(standing, "the agreement")?;
    if matches!(
        rel.state,
        RelationshipState::Introduced
            | RelationshipState::Active
            | RelationshipState::ReassessmentDue
    ) {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "the agreement cannot be changed while the relationship is {}",
            rel.state.label().to_lowercase()
        )))
    }
}

/// Proposes (no `expected`) or edits (at `expected`) the agreement.
pub(crate) async fn save(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    input: &AgreementInput,
    expected: Option<i64>,
) -> AppResult<Saved> {
    let terms = input.terms()?;
    let store = state.store();
    let current = store.get_agreement(rel.id).await?;
    match (current, expected) {
        (None, _) => {
            let created = store
                .create_agreement(
                    rel.id,
                    Some(terms.clone()),
                    Some(user.person_id),
                    state.now(),
                )
                .await?;
            // The partner proposed at the same moment: theirs stands, ours is shown back.
            if created.terms != terms {
                return Ok(Saved::Stale(created));
            }
            Ok(Saved::Ok(created))
        }
        (Some(current), None) => Ok(Saved::Stale(current)),
        (Some(_), Some(v)) => {
            match store
                .update_agreement_terms(rel.id, terms, user.person_id, v, state.now())
                .await
            {
                Ok(a) => Ok(Saved::Ok(a)),
                Err(StoreError::StaleVersion(_)) => Ok(Saved::Stale(
                    store
                        .get_agreement(rel.id)
                        .await?
                        .ok_or(AppError::NotFound("agreement".into()))?,
                )),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// Confirms the version the person read. Both confirmed ⇒ the relationship
/// becomes active and both are told by email.
pub(crate) async fn confirm(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    seen_version: i64,
) -> AppResult<Saved> {
    let store = state.store();
    let now = state.now();
    let outcome = match store
        .confirm_agreement(rel.id, user.person_id, seen_version, now)
        .await
    {
        Ok(c) => c,
        Err(StoreError::StaleVersion(_)) => {
            return Ok(Saved::Stale(
                store
                    .get_agreement(rel.id)
                    .await?
                    .ok_or(AppError::NotFound("agreement".into()))?,
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let agreement = store
        .get_agreement(rel.id)
        .await?
        .ok_or(AppError::NotFound("agreement".into()))?;
    if outcome == Confirmation::Agreed {
        if rel.state == RelationshipState::Introduced {
            match store
                .apply_relationship_event(
                    rel.id,
                    RelationshipEvent::ConfirmAgreement,
                    Actor::Person(user.person_id),
                    now,
                    "both confirmed the mentoring agreement",
                    true,
                    None,
                )
                .await
            {
                // Both confirmed at the same moment: the other request activated it.
                Ok(_) | Err(StoreError::StaleVersion(_)) | Err(StoreError::Invalid(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        tell_both_agreed(state, rel, &agreement).await?;
    }
    Ok(Saved::Ok(agreement))
}

async fn tell_both_agreed(state: &AppState, rel: &Relationship, a: &Agreement) -> AppResult<()> {
    let store = state.store();
    let mentor = store.get_person(rel.mentor_id).await?;
    let mentee = store.get_person(rel.mentee_id).await?;
    for (to, partner, side) in [(&mentor, &mentee, "mentor"), (&mentee, &mentor, "mentee")] {
        let text = format!(
            "You and {} have both confirmed your mentoring agreement: you meet {} ({}), and reassess together after {} months.\n\n{}",
            partner.name,
            a.terms.cadence.label(),
            a.terms.mode.label().to_lowercase(),
            a.terms.duration_months,
            if side == "mentee" {
                "You drive the relationship: propose your first meeting and its agenda, and share your goals."
            } else {
                "Your mentee proposes the agenda; you coach — ask, listen, share experience."
            }
        );
        let message = Message {
            kind: NotificationKind::AgreementConfirmed,
            to: to.id,
            subject: format!(
                "Your mentoring agreement with {} is confirmed",
                partner.name
            ),
            text,
            dedupe_key: format!("agreement-confirmed:{}:{}:{side}", rel.id.0, a.version),
        };
        queue(store, &message, state.now()).await?;
    }
    Ok(())
}

// ---- API ----

fn agreement_or_404(a: Option<Agreement>) -> AppResult<Agreement> {
    a.ok_or_else(|| AppError::NotFound("agreement".into()))
}

/// The agreement: in full for the pair, its rhythm only for admins. The ETag is its version.
#[utoipa::path(get, path = "/api/v1/relationships/{id}/agreement", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "The agreement", body = AgreementView, headers(("ETag" = String, description = "The version"))),
        (status = 403, description = "A manager does not see the agreement", body = ErrorBody),
        (status = 404, description = "No agreement yet, or no such relationship", body = ErrorBody),
    ))]
pub async fn get_agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    if standing == Standing::Manager {
        return Err(mentorhub_web::error::forbidden(
            "the agreement stays between the pair",
        ));
    }
    let a = agreement_or_404(state.store().get_agreement(rel.id).await?)?;
    audit_read(&state, &user, &rel, standing, "api agreement").await?;
    Ok(with_etag(
        StatusCode::OK,
        a.version,
        AgreementView::of(&a, standing.is_party()),
    ))
}

/// Propose the agreement (either of the pair). Terms not sent start from the
/// programme's defaults on the page; here all are required but the concerns.
#[utoipa::path(post, path = "/api/v1/relationships/{id}/agreement", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = AgreementInput,
    responses(
        (status = 201, description = "Proposed", body = AgreementView, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "An agreement exists already: change it with PUT", body = ErrorBody),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 422, description = "A term is not valid", body = ErrorBody),
    ))]
pub async fn create_agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(input): Json<AgreementInput>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    match save(&state, &user, &rel, &input, None).await? {
        Saved::Ok(a) => Ok(with_etag(
            StatusCode::CREATED,
            a.version,
            AgreementView::of(&a, true),
        )),
        Saved::Stale(a) => Err(AppError::Conflict(format!(
            "an agreement was proposed already (version {}): read it, then change it with PUT",
            a.version
        ))),
    }
}

/// Change the terms. Send `If-Match` with the version you read; both
/// confirmations are withdrawn when the terms change.
#[utoipa::path(put, path = "/api/v1/relationships/{id}/agreement", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = String, Header, description = "The version you read, e.g. \"2\"")),
    request_body = AgreementInput,
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 200, description = "Saved", body = AgreementView, headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "No If-Match", body = ErrorBody),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No agreement yet, or no such relationship", body = ErrorBody),
        (status = 412, description = "Changed by someone else since you read it", body = access::StaleBody),
        (status = 422, description = "A term is not valid", body = ErrorBody),
    ))]
pub async fn update_agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(input): Json<AgreementInput>,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    let expected = if_match(&headers)?;
    agreement_or_404(state.store().get_agreement(rel.id).await?)?;
    Ok(
        match save(&state, &user, &rel, &input, Some(expected)).await? {
            Saved::Ok(a) => with_etag(StatusCode::OK, a.version, AgreementView::of(&a, true)),
            Saved::Stale(a) => stale("agreement", a.version),
        },
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConfirmationResult {
    pub agreement: AgreementView,
    /// The relationship's state afterwards (active once both confirmed).
    #[schema(value_type = String, example = "active")]
    pub relationship_state: &'static str,
}

/// Confirm the agreement at the version you read (`If-Match`).
#[utoipa::path(post, path = "/api/v1/relationships/{id}/agreement/confirm", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id"),
           ("If-Match" = String, Header, description = "The version you read and confirm")),
    responses(
        (status = 409, description = "The relationship has ended, or its state does not allow this", body = ErrorBody),
        (status = 200, description = "Confirmed", body = ConfirmationResult),
        (status = 400, description = "No If-Match", body = ErrorBody),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No agreement yet, or no such relationship", body = ErrorBody),
        (status = 412, description = "Changed since you read it: read it again", body = access::StaleBody),
    ))]
pub async fn update_agreement_confirmation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    require_workable(&rel, standing)?;
    let seen = if_match(&headers)?;
    agreement_or_404(state.store().get_agreement(rel.id).await?)?;
    Ok(match confirm(&state, &user, &rel, seen).await? {
        Saved::Ok(a) => {
            let now = state.store().get_relationship(rel.id).await?;
            Json(ConfirmationResult {
                agreement: AgreementView::of(&a, true),
                relationship_state: now.state.as_str(),
            })
            .into_response()
        }
        Saved::Stale(a) => stale("agreement", a.version),
    })
}
