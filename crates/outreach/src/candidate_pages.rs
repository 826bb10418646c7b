//! `/shortlist/{id}`: one candidate's way from first contact to an answer
//! (`000_…` steps 6–8), with the drafts to copy and the advice the guide gives.

use crate::drafts::{suggested_looking_for, SUGGESTED_HOW};
use crate::shortlist::{load_candidate, record_step, Candidate, Step};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use mentorhub_domain::outreach::{ContactMethod, OutreachStage, ADVISED_CONVERSATIONS};
use mentorhub_domain::ShortlistEntryId;
use mentorhub_store::ShortlistNotes;
use mentorhub_web::error::{bad_request, AppError, AppResult};
use mentorhub_web::pages::{check_csrf, render, Layout};
use mentorhub_web::{AppState, CurrentUser, PageUser};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/shortlist/{id}", get(get_candidate))
        .route("/shortlist/{id}/notes", post(update_candidate_notes))
        .route("/shortlist/{id}/steps", post(create_candidate_step))
        .route("/shortlist/{id}/ask-draft", post(get_ask_draft))
}

/// Every field the candidate page's forms send; what was typed is kept when a
/// form is refused.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CandidateForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub positives: String,
    #[serde(default)]
    pub constraints: String,
    #[serde(default)]
    pub recommendations: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub follow_up_welcome: String,
    #[serde(default)]
    pub looking_for: String,
    #[serde(default)]
    pub how: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub programme_id: String,
}

impl CandidateForm {
    /// The values a fresh page starts from.
    fn fresh(c: &Candidate) -> Self {
        let e = &c.listing.entry;
        let asked = !c.ask.looking_for.is_empty();
        CandidateForm {
            positives: e.positives.clone(),
            constraints: e.constraints.clone(),
            recommendations: e.recommendations.clone(),
            looking_for: if asked {
                c.ask.looking_for.clone()
            } else {
                suggested_looking_for(&c.goals)
            },
            how: if asked {
                c.ask.how.clone()
            } else {
                SUGGESTED_HOW.into()
            },
            ..CandidateForm::default()
        }
    }

    /// A fresh page's values with what was typed into the submitted form.
    fn keeping(self, fresh: CandidateForm) -> Self {
        let typed = self;
        let mut form = fresh;
        match typed.step.as_str() {
            "notes" => {
                form.positives = typed.positives;
                form.constraints = typed.constraints;
                form.recommendations = typed.recommendations;
            }
            "contact" => form.method = typed.method,
            "conversation" => {
                form.notes = typed.notes;
                form.follow_up_welcome = typed.follow_up_welcome;
            }
            "ask" => {
                form.looking_for = typed.looking_for;
                form.how = typed.how;
            }
            "answer" => {
                form.answer = typed.answer;
                form.programme_id = typed.programme_id;
            }
            _ => {}
        }
        form
    }

    fn version(&self) -> AppResult<i64> {
        self.version
            .trim()
            .parse()
            .map_err(|_| bad_request("this form has no version; reload the page"))
    }

    fn to_step(&self) -> AppResult<Step> {
        let invalid = |field: &str, message: &str| AppError::Invalid {
            field: field.into(),
            message: message.into(),
        };
        Ok(match self.step.as_str() {
            "contact" => Step::Contact {
                method: ContactMethod::parse(&self.method)
                    .map_err(|_| invalid("method", "say how you contacted them"))?,
            },
            "conversation" => Step::Conversation {
                notes: self.notes.clone(),
                follow_up_welcome: match self.follow_up_welcome.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => {
                        return Err(invalid(
                            "follow_up_welcome",
                            "say whether they welcomed follow-up questions",
                        ))
                    }
                },
            },
            "thanks" => Step::Thanks,
            "ask" => Step::Ask {
                looking_for: self.looking_for.clone(),
                how: self.how.clone(),
            },
            "answer" => Step::Answer {
                accepted: match self.answer.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return Err(invalid("answer", "choose their answer")),
                },
                programme_id: self.programme_id.trim().parse().ok(),
            },
            "rule_out" => Step::RuleOut,
            _ => return Err(bad_request("unknown step")),
        })
    }
}

#[derive(Template)]
#[template(path = "candidate.html")]
pub struct CandidatePage {
    pub layout: Layout,
    pub c: Candidate,
    pub stage: &'static str,
    pub advice: Vec<String>,
    pub error: Option<String>,
    pub field_error: Option<(String, String)>,
    pub form: CandidateForm,
    /// The ask as it would read, when the mentee asked to see it.
    pub ask_preview: Option<String>,
    pub advised: u32,
}

impl CandidatePage {
    fn new(user: &CurrentUser, c: Candidate, typed: Option<CandidateForm>) -> Self {
        let fresh = CandidateForm::fresh(&c);
        let form = match typed {
            Some(t) => t.keeping(fresh),
            None => fresh,
        };
        CandidatePage {
            layout: Layout::new(c.person.name.clone(), Some(user), "shortlist"),
            stage: c.listing.entry.stage.as_str(),
            advice: Vec::new(),
            error: None,
            field_error: None,
            form,
            ask_preview: None,
            advised: ADVISED_CONVERSATIONS,
            c,
        }
    }

    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.field_error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Whether a conversation can be logged now.
    pub fn can_converse(&self) -> bool {
        matches!(self.stage, "contacted" | "conversation_held")
    }

    /// Whether the mentee can ask now (a follow-up was not refused).
    pub fn can_ask(&self) -> bool {
        self.stage == "conversation_held" && self.c.listing.entry.follow_up_welcome != Some(false)
    }

    /// A thank-you is owed once they gave their time, ruled out or not.
    pub fn thanks_owed(&self) -> bool {
        self.stage != "shortlisted" && !self.c.listing.entry.thanked
    }

    pub fn is_final(&self) -> bool {
        self.c.listing.entry.stage.is_final()
    }

    pub fn contact_method(&self) -> &'static str {
        match self.c.listing.entry.contact_method {
            Some(ContactMethod::Phone) => "by phone",
            Some(ContactMethod::Email) => "by email",
            Some(ContactMethod::InPerson) => "in person",
            None => "",
        }
    }

    pub fn stated_ask(&self) -> Option<String> {
        (!self.c.ask.looking_for.is_empty())
            .then(|| self.c.ask_draft(&self.c.ask.looking_for, &self.c.ask.how))
    }

    /// The next name after a decline.
    pub fn next_after_decline(&self) -> Option<&mentorhub_store::ShortlistListing> {
        (self.c.listing.entry.stage == OutreachStage::Declined)
            .then_some(self.c.list.next.as_ref())
            .flatten()
    }
}

pub async fn get_candidate(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = load_candidate(&state, user.person_id, ShortlistEntryId(id)).await?;
    Ok(render(&CandidatePage::new(&user, c, None)))
}

/// Renders the page again after a refused form: the message next to its field
/// (or at the top), what was typed kept, and the entry as it is now.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    id: ShortlistEntryId,
    form: CandidateForm,
    err: AppError,
) -> AppResult<Response> {
    let status = err.status();
    let (general, field) = match err {
        AppError::Invalid { field, message } => (None, Some((field, message))),
        AppError::Stale(_) => (
            Some("This candidate changed since you opened the page (perhaps in another tab). Nothing was saved; here is the latest, with what you typed.".to_string()),
            None,
        ),
        AppError::Forbidden(m) | AppError::Conflict(m) => (Some(m), None),
        other => return Err(other),
    };
    let c = load_candidate(state, user.person_id, id).await?;
    let mut page = CandidatePage::new(user, c, Some(form));
    page.error = general;
    page.field_error = field;
    Ok((status, render(&page)).into_response())
}

pub async fn update_candidate_notes(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CandidateForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let id = ShortlistEntryId(id);
    let notes = ShortlistNotes {
        positives: form.positives.clone(),
        constraints: form.constraints.clone(),
        recommendations: form.recommendations.clone(),
    };
    let result = state
        .store()
        .update_shortlist_notes(id, user.person_id, &notes, form.version()?, state.now())
        .await;
    match result {
        Ok(_) => {
            let c = load_candidate(&state, user.person_id, id).await?;
            let mut page = CandidatePage::new(&user, c, None);
            page.advice.push("Your notes are saved.".into());
            Ok(render(&page))
        }
        Err(e) => refused(&state, &user, id, form, e.into()).await,
    }
}

pub async fn create_candidate_step(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CandidateForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let id = ShortlistEntryId(id);
    let version = form.version()?;
    let result = match form.to_step() {
        Ok(step) => record_step(&state, user.person_id, id, step, version).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(outcome) => {
            let c = load_candidate(&state, user.person_id, id).await?;
            let mut page = CandidatePage::new(&user, c, None);
            // A decline has the page's own notice (with the next name), so the
            // advice saying the same is not shown a second time.
            if page.c.listing.entry.stage != OutreachStage::Declined {
                page.advice = outcome.advice;
            }
            Ok(render(&page))
        }
        Err(e) => refused(&state, &user, id, form, e).await,
    }
}

/// Shows the ask as it would read with what the mentee typed; nothing is saved.
pub async fn get_ask_draft(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CandidateForm>,
) -> AppResult<Response> {
    check_csrf(&user, &form.csrf)?;
    let c = load_candidate(&state, user.person_id, ShortlistEntryId(id)).await?;
    let preview = c.ask_draft(&form.looking_for, &form.how);
    let mut page = CandidatePage::new(&user, c, Some(form));
    page.ask_preview = Some(preview);
    Ok(render(&page))
}
