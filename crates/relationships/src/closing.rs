//! Reassessment and ending (SPEC §8), the closing reflections, the history, and
//! the manager's note of support. At reassessment both choose to continue or to
//! complete; either may end early with a reason that stays theirs unless shared.

use crate::access::{audit_read, relationship_for, require_party};
use crate::view::HistoryEntry;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use mentorhub_domain::closing::{reassessment_outcome, ReassessmentChoice};
use mentorhub_domain::notification::NotificationKind;
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
        .routes(routes!(create_reassessment_choice))
        .routes(routes!(update_reflection))
        .routes(routes!(create_ending))
        .routes(routes!(update_manager_support))
        .routes(routes!(list_history))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReassessmentFields {
    /// continue or complete.
    pub choice: String,
    /// Your closing reflection (when completing).
    #[serde(default)]
    pub reflection: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReflectionFields {
    pub body: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EndingFields {
    /// Why, briefly: it helps the programme improve.
    pub reason: String,
    /// Let your partner read the reason (otherwise only you and the programme's administrators do).
    #[serde(default, deserialize_with = "crate::forms::checkbox")]
    pub share_reason: bool,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SupportFields {
    /// What you will do to support the pair (time to meet, interest in what is learned).
    pub note: String,
}

/// The relationship's state after an action.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateResult {
    #[schema(value_type = String, example = "completed")]
    pub state: &'static str,
    pub state_label: &'static str,
}

fn state_result(s: RelationshipState) -> Json<StateResult> {
    Json(StateResult {
        state: s.as_str(),
        state_label: s.label(),
    })
}

/// Records the choice; once both have chosen, continues or completes.
pub(crate) async fn choose(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    fields: &ReassessmentFields,
) -> AppResult<RelationshipState> {
    require_party(standing, "the reassessment")?;
    if rel.state != RelationshipState::ReassessmentDue {
        return Err(AppError::Conflict(format!(
            "there is nothing to reassess while the relationship is {}",
            rel.state.label().to_lowercase()
        )));
    }
    let choice = ReassessmentChoice::parse(fields.choice.trim())?;
    let store = state.store();
    let now = state.now();
    if choice == ReassessmentChoice::Complete && !fields.reflection.trim().is_empty() {
        store
            .save_reflection(rel.id, user.person_id, &fields.reflection, now)
            .await?;
    }
    let period = rel
        .period_started_at
        .or(rel.activated_at)
        .unwrap_or(rel.created_at);
    let choices = store
        .record_reassessment_choice(rel.id, user.person_id, period, choice, now)
        .await?;
    let of = |p| choices.iter().find(|(who, _)| *who == p).map(|(_, c)| *c);
    let Some(event) = reassessment_outcome(of(rel.mentor_id), of(rel.mentee_id)) else {
        return Ok(rel.state);
    };
    let reason = match event {
        RelationshipEvent::Continue => "both chose to continue for a new period",
        _ => "the reassessment closed the relationship",
    };
    match store
        .apply_relationship_event(
            rel.id,
            event,
            Actor::Person(user.person_id),
            now,
            reason,
            true,
            None,
        )
        .await
    {
        // Both chose at the same moment: the other request moved it already.
        Ok(_) | Err(StoreError::StaleVersion(_)) | Err(StoreError::Invalid(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let after = store.get_relationship(rel.id).await?;
    if after.state == RelationshipState::Completed {
        tell_pair_completed(state, rel).await?;
    }
    Ok(after.state)
}

async fn tell_pair_completed(state: &AppState, rel: &Relationship) -> AppResult<()> {
    let store = state.store();
    for (to, other) in [
        (rel.mentor_id, rel.mentee_id),
        (rel.mentee_id, rel.mentor_id),
    ] {
        let partner = store.get_person(other).await?;
        let message = Message {
            kind: NotificationKind::RelationshipEnded,
            to,
            subject: format!("Your mentoring relationship with {} is complete", partner.name),
            text: format!(
                "Your mentoring relationship with {} is complete. Thank you for the time you gave it.\n\nIf you have not yet, write your closing reflection in Mentorhub: what you learned, and what you will take forward.",
                partner.name
            ),
            dedupe_key: format!("completed:{}:{}", rel.id.0, to.0),
        };
        queue(store, &message, state.now()).await?;
    }
    Ok(())
}

pub(crate) async fn reflect(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    body: &str,
) -> AppResult<()> {
    require_party(standing, "a closing reflection")?;
    if !matches!(
        rel.state,
        RelationshipState::ReassessmentDue | RelationshipState::Completed
    ) {
        return Err(AppError::Conflict(
            "closing reflections are written at reassessment and completion".into(),
        ));
    }
    if body.trim().is_empty() {
        return Err(AppError::Invalid {
            field: "body".into(),
            message: "write a few words: what you learned, what you take forward".into(),
        });
    }
    Ok(state
        .store()
        .save_reflection(rel.id, user.person_id, body, state.now())
        .await?)
}

/// Ends the relationship early. The partner is told; the reason only if shared.
pub(crate) async fn end_early(
    state: &AppState,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
    fields: &EndingFields,
) -> AppResult<RelationshipState> {
    require_party(standing, "ending the relationship")?;
    let store = state.store();
    let now = state.now();
    let (after, _) = store
        .apply_relationship_event(
            rel.id,
            RelationshipEvent::EndEarly,
            Actor::Person(user.person_id),
            now,
            &fields.reason,
            fields.share_reason,
            None,
        )
        .await?;
    let partner = rel.partner_of(user.person_id).unwrap_or(rel.mentor_id);
    let why = if fields.share_reason {
        format!("\n\nTheir reason: {}", fields.reason.trim())
    } else {
        String::new()
    };
    let message = Message {
        kind: NotificationKind::RelationshipEnded,
        to: partner,
        subject: format!("{} has ended your mentoring relationship", user.name),
        text: format!(
            "{} has ended your mentoring relationship early.{why}\n\nRelationships end for many reasons, and this one ending says nothing against you. You are free to find or be matched with someone else.",
            user.name
        ),
        dedupe_key: format!("ended:{}", rel.id.0),
    };
    queue(store, &message, now).await?;
    Ok(after.state)
}

pub(crate) async fn support(
    state: &AppState,
    rel: &Relationship,
    standing: Standing,
    note: &str,
) -> AppResult<String> {
    if standing != Standing::Manager {
        return Err(mentorhub_web::error::forbidden(
            "the note of support is the mentee's manager's to write",
        ));
    }
    Ok(state.store().set_manager_support_note(rel.id, note).await?)
}

// ---- API ----

/// Choose, at reassessment, to continue for a new period or to complete (with
/// your closing reflection). Once both have chosen, the relationship continues
/// only if both chose to.
#[utoipa::path(post, path = "/api/v1/relationships/{id}/reassessment", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = ReassessmentFields,
    responses(
        (status = 200, description = "Recorded; the state afterwards", body = StateResult),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 409, description = "Not at reassessment", body = ErrorBody),
        (status = 422, description = "Choose continue or complete", body = ErrorBody),
    ))]
pub async fn create_reassessment_choice(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<ReassessmentFields>,
) -> AppResult<Json<StateResult>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    Ok(state_result(
        choose(&state, &user, &rel, standing, &fields).await?,
    ))
}

/// Write (or rewrite) your closing reflection, shared with your partner.
#[utoipa::path(put, path = "/api/v1/relationships/{id}/reflection", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = ReflectionFields,
    responses(
        (status = 204, description = "Saved"),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 409, description = "Not at reassessment or completion", body = ErrorBody),
        (status = 422, description = "Empty or too long", body = ErrorBody),
    ))]
pub async fn update_reflection(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<ReflectionFields>,
) -> AppResult<StatusCode> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    reflect(&state, &user, &rel, standing, &fields.body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End the relationship early, with a reason kept from your partner unless you share it.
#[utoipa::path(post, path = "/api/v1/relationships/{id}/end", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = EndingFields,
    responses(
        (status = 200, description = "Ended", body = StateResult),
        (status = 403, description = "Not the mentor or the mentee", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 409, description = "Already closed", body = ErrorBody),
        (status = 422, description = "A reason is needed", body = ErrorBody),
    ))]
pub async fn create_ending(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<EndingFields>,
) -> AppResult<Json<StateResult>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    Ok(state_result(
        end_early(&state, &user, &rel, standing, &fields).await?,
    ))
}

/// The mentee's manager says how they will support the pair (shown to the pair).
#[utoipa::path(put, path = "/api/v1/relationships/{id}/manager-support", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    request_body = SupportFields,
    responses(
        (status = 200, description = "Saved: the note as stored, a JSON string", content_type = "application/json", body = String),
        (status = 403, description = "Only the mentee's manager", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
        (status = 422, description = "Too long", body = ErrorBody),
    ))]
pub async fn update_manager_support(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(fields): Json<SupportFields>,
) -> AppResult<Json<String>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    Ok(Json(support(&state, &rel, standing, &fields.note).await?))
}

/// Every change of state: who, when, from, to and why (reasons as you may read them).
#[utoipa::path(get, path = "/api/v1/relationships/{id}/history", tag = "relationships",
    params(("id" = i64, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "Oldest first", body = Vec<HistoryEntry>),
        (status = 404, description = "No such relationship", body = ErrorBody),
    ))]
pub async fn list_history(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    let (rel, standing) = relationship_for(&state, &user, id).await?;
    let history = crate::view::build(state.store(), &user, &rel, standing)
        .await?
        .history;
    audit_read(&state, &user, &rel, standing, "api history").await?;
    Ok(Json(history))
}
