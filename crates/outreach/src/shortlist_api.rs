//! `/api/v1/shortlist`: the mentee's private shortlist and outreach log as JSON.
//! Only the mentee ever finds their entries; anyone else gets 404.

use crate::informal::ProgrammeChoice;
use crate::shortlist::{
    add_candidate, load_candidate, load_shortlist, record_step, search_people, Candidate, Step,
};
use crate::versions::{etag, if_match};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mentorhub_domain::outreach::ContactMethod;
use mentorhub_domain::{PersonId, ShortlistEntryId};
use mentorhub_store::{ShortlistListing, ShortlistNotes};
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::{ApiUser, AppState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_shortlist, create_shortlist_entry))
        .routes(routes!(list_shortlist_candidates))
        .routes(routes!(update_shortlist_order))
        .routes(routes!(
            get_shortlist_entry,
            update_shortlist_entry,
            delete_shortlist_entry
        ))
        .routes(routes!(create_shortlist_step))
}

/// A person one can shortlist.
#[derive(Debug, Serialize, ToSchema)]
pub struct ColleagueBody {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub function: String,
}

/// A candidate on the mentee's list and where they stand.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryBody {
    pub id: i64,
    pub position: i32,
    pub candidate: ColleagueBody,
    /// shortlisted, contacted, conversation_held, asked, accepted, declined or ruled_out
    pub stage: String,
    pub stage_label: String,
    pub contact_method: Option<String>,
    pub conversations: u32,
    pub follow_up_welcome: Option<bool>,
    pub thanked: bool,
    pub positives: String,
    pub constraints: String,
    pub recommendations: String,
    /// Notes from the conversations.
    pub notes: String,
    pub version: i64,
}

impl EntryBody {
    fn of(l: &ShortlistListing) -> Self {
        let e = &l.entry;
        EntryBody {
            id: e.id.0,
            position: e.position,
            candidate: ColleagueBody {
                id: e.candidate_id.0,
                name: l.candidate_name.clone(),
                title: l.candidate_title.clone(),
                function: l.candidate_function.clone(),
            },
            stage: e.stage.as_str().into(),
            stage_label: e.stage.label().into(),
            contact_method: e.contact_method.map(|m| m.as_str().into()),
            conversations: e.conversations,
            follow_up_welcome: e.follow_up_welcome,
            thanked: e.thanked,
            positives: e.positives.clone(),
            constraints: e.constraints.clone(),
            recommendations: e.recommendations.clone(),
            notes: e.notes.clone(),
            version: l.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistBody {
    pub entries: Vec<EntryBody>,
    /// People on the list the mentee has talked with (at least three are advised before asking).
    pub people_talked_with: usize,
    /// The first candidate still open, in order: whom to approach next after a decline.
    pub next_candidate_id: Option<i64>,
}

async fn shortlist_body(state: &AppState, mentee: PersonId) -> AppResult<ShortlistBody> {
    let list = load_shortlist(state, mentee).await?;
    Ok(ShortlistBody {
        entries: list.entries.iter().map(EntryBody::of).collect(),
        people_talked_with: list.talked_with,
        next_candidate_id: list.next.map(|l| l.entry.id.0),
    })
}

/// Drafts for the mentee to copy; the product sends none of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftsBody {
    pub contact_request: String,
    pub thank_you: String,
    /// The ask as stated, once the mentee has asked.
    pub ask: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateBody {
    pub entry: EntryBody,
    pub looking_for: String,
    pub how: String,
    pub relationship_id: Option<i64>,
    pub drafts: DraftsBody,
    /// Where a "yes" can be recorded (listed once the candidate has been asked).
    pub programme_choices: Vec<ProgrammeChoice>,
}

impl CandidateBody {
    fn of(c: &Candidate) -> Self {
        let asked = !c.ask.looking_for.is_empty();
        CandidateBody {
            entry: EntryBody::of(&c.listing),
            looking_for: c.ask.looking_for.clone(),
            how: c.ask.how.clone(),
            relationship_id: c.ask.relationship_id.map(|r| r.0),
            drafts: DraftsBody {
                contact_request: c.contact_draft(),
                thank_you: c.thanks_draft(),
                ask: asked.then(|| c.ask_draft(&c.ask.looking_for, &c.ask.how)),
            },
            programme_choices: c.programmes.clone(),
        }
    }
}

/// Your shortlist, in your order of preference. Private to you.
#[utoipa::path(get, path = "/api/v1/shortlist", tag = "outreach",
    responses((status = 200, body = ShortlistBody), (status = 401, body = ErrorBody)))]
pub async fn list_shortlist(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> AppResult<Json<ShortlistBody>> {
    Ok(Json(shortlist_body(&state, user.person_id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CandidateQuery {
    /// Part of a name, email or employee id.
    pub q: String,
}

/// Active colleagues matching a name, inside or outside your department.
#[utoipa::path(get, path = "/api/v1/shortlist/candidates", tag = "outreach", params(CandidateQuery),
    responses((status = 200, body = Vec<ColleagueBody>), (status = 401, body = ErrorBody)))]
pub async fn list_shortlist_candidates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<CandidateQuery>,
) -> AppResult<Json<Vec<ColleagueBody>>> {
    let people = search_people(&state, user.person_id, &q.q).await?;
    Ok(Json(
        people
            .into_iter()
            .map(|p| ColleagueBody {
                id: p.id.0,
                name: p.name,
                title: p.title,
                function: p.function,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEntryBody {
    pub candidate_id: i64,
    #[serde(default)]
    pub positives: String,
    #[serde(default)]
    pub constraints: String,
    /// What colleagues said when you asked them for recommendations.
    #[serde(default)]
    pub recommendations: String,
}

/// Adds a colleague to the end of your shortlist.
#[utoipa::path(post, path = "/api/v1/shortlist", tag = "outreach", request_body = NewEntryBody,
    responses((status = 201, body = EntryBody), (status = 401, body = ErrorBody),
        (status = 422, description = "Yourself, someone inactive, or already listed", body = ErrorBody)))]
pub async fn create_shortlist_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<NewEntryBody>,
) -> AppResult<Response> {
    let notes = ShortlistNotes {
        positives: body.positives,
        constraints: body.constraints,
        recommendations: body.recommendations,
    };
    let id = add_candidate(&state, user.person_id, PersonId(body.candidate_id), &notes).await?;
    let c = load_candidate(&state, user.person_id, id).await?;
    Ok((StatusCode::CREATED, Json(EntryBody::of(&c.listing))).into_response())
}

/// One candidate, with the drafts to copy. `ETag` carries the version.
#[utoipa::path(get, path = "/api/v1/shortlist/{id}", tag = "outreach",
    params(("id" = i64, Path, description = "Shortlist entry id")),
    responses((status = 200, body = CandidateBody), (status = 401, body = ErrorBody),
        (status = 404, description = "Not on your shortlist", body = ErrorBody)))]
pub async fn get_shortlist_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = load_candidate(&state, user.person_id, ShortlistEntryId(id)).await?;
    Ok((etag(c.listing.version), Json(CandidateBody::of(&c))).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NotesBody {
    pub positives: String,
    pub constraints: String,
    pub recommendations: String,
}

/// Rewrites what you noted about a candidate. Needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/shortlist/{id}", tag = "outreach", request_body = NotesBody,
    params(("id" = i64, Path, description = "Shortlist entry id"),
        ("If-Match" = String, Header, description = "The version you read, e.g. \"3\"")),
    responses((status = 200, body = EntryBody), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 412, description = "Changed since you read it", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update_shortlist_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<NotesBody>,
) -> AppResult<Response> {
    let version = if_match(&headers)?;
    let id = ShortlistEntryId(id);
    let notes = ShortlistNotes {
        positives: body.positives,
        constraints: body.constraints,
        recommendations: body.recommendations,
    };
    state
        .store()
        .update_shortlist_notes(id, user.person_id, &notes, version, state.now())
        .await?;
    let c = load_candidate(&state, user.person_id, id).await?;
    Ok((etag(c.listing.version), Json(EntryBody::of(&c.listing))).into_response())
}

/// Removes a candidate and everything you noted about them.
#[utoipa::path(delete, path = "/api/v1/shortlist/{id}", tag = "outreach",
    params(("id" = i64, Path, description = "Shortlist entry id")),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_shortlist_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    state
        .store()
        .remove_shortlist_entry(ShortlistEntryId(id), user.person_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OrderBody {
    /// Every entry of your shortlist, each once, most preferred first.
    pub entry_ids: Vec<i64>,
}

/// Puts your shortlist in a new order of preference.
#[utoipa::path(put, path = "/api/v1/shortlist/order", tag = "outreach", request_body = OrderBody,
    responses((status = 200, body = ShortlistBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_shortlist_order(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<OrderBody>,
) -> AppResult<Json<ShortlistBody>> {
    let order: Vec<_> = body.entry_ids.into_iter().map(ShortlistEntryId).collect();
    state
        .store()
        .reorder_shortlist(user.person_id, &order, state.now())
        .await?;
    Ok(Json(shortlist_body(&state, user.person_id).await?))
}

/// A step of the outreach, as the mentee records it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepBody {
    /// First contact, asking for about 30 minutes.
    Contact {
        /// phone, email or in_person
        #[schema(value_type = String, example = "email")]
        method: ContactMethod,
    },
    /// A conversation held, and whether a follow-up is welcome.
    Conversation {
        #[serde(default)]
        notes: String,
        follow_up_welcome: bool,
    },
    /// A thank-you note sent (owed even to those ruled out).
    Thanks,
    /// The mentee asked; what they look for and how it should work.
    Ask { looking_for: String, how: String },
    /// The candidate's answer. A yes starts the relationship in `programme_id`
    /// (optional when only one programme is possible).
    Answer {
        accepted: bool,
        #[serde(default)]
        programme_id: Option<i64>,
    },
    /// The mentee decided not to ask this candidate.
    RuleOut,
}

impl From<StepBody> for Step {
    fn from(b: StepBody) -> Step {
        match b {
            StepBody::Contact { method } => Step::Contact { method },
            StepBody::Conversation {
                notes,
                follow_up_welcome,
            } => Step::Conversation {
                notes,
                follow_up_welcome,
            },
            StepBody::Thanks => Step::Thanks,
            StepBody::Ask { looking_for, how } => Step::Ask { looking_for, how },
            StepBody::Answer {
                accepted,
                programme_id,
            } => Step::Answer {
                accepted,
                programme_id,
            },
            StepBody::RuleOut => Step::RuleOut,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartedBody {
    pub relationship_id: i64,
    /// introduced, or awaiting_manager_approval when the mentor is in your management line
    pub state: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepResultBody {
    pub entry: EntryBody,
    /// Reminders, e.g. fewer than three conversations before asking, or thanking them.
    pub advice: Vec<String>,
    /// After a decline: the next open candidate on your list.
    pub next_candidate: Option<EntryBody>,
    pub relationship: Option<StartedBody>,
}

/// Records a step of the outreach on a candidate. Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/shortlist/{id}/steps", tag = "outreach", request_body = StepBody,
    params(("id" = i64, Path, description = "Shortlist entry id"),
        ("If-Match" = String, Header, description = "The version you read, e.g. \"3\"")),
    responses((status = 200, body = StepResultBody), (status = 400, body = ErrorBody),
        (status = 403, description = "Not possible at this stage", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 412, description = "Changed since you read it", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_shortlist_step(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(body): Json<StepBody>,
) -> AppResult<Response> {
    let version = if_match(&headers)?;
    let id = ShortlistEntryId(id);
    let outcome = record_step(&state, user.person_id, id, body.into(), version).await?;
    let c = load_candidate(&state, user.person_id, id).await?;
    let declined = c.listing.entry.stage == mentorhub_domain::outreach::OutreachStage::Declined;
    let body = StepResultBody {
        entry: EntryBody::of(&c.listing),
        advice: outcome.advice,
        next_candidate: c.list.next.as_ref().filter(|_| declined).map(EntryBody::of),
        relationship: outcome.started.map(|s| StartedBody {
            relationship_id: s.id.0,
            state: s.state.as_str().into(),
        }),
    };
    Ok((etag(outcome.version), Json(body)).into_response())
}
