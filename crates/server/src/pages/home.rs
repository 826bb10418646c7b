//! The home page: what matters now to each role the person holds.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use mentorhub_domain::account::Role;
use mentorhub_store::{GoalCard, ProgrammeOverview, RelationshipCard, ReportRelationship};
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::{format_date, render, Layout};
use mentorhub_web::AppState;
use mentorhub_web::PageUser;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub first_name: String,
    pub is_admin: bool,
    pub programmes: Vec<ProgrammeOverview>,
    pub as_mentee: Vec<RelationshipView>,
    pub as_mentor: Vec<RelationshipView>,
    pub goals: Vec<GoalCard>,
    pub reports: Vec<ReportRelationship>,
    pub awaiting_approval: usize,
}

pub struct RelationshipView {
    pub card: RelationshipCard,
    pub since: String,
    pub next_meeting: Option<String>,
    pub open: bool,
}

impl RelationshipView {
    fn of(card: RelationshipCard) -> Self {
        RelationshipView {
            since: format_date(card.created_at),
            next_meeting: card.next_meeting_at.map(format_date),
            open: card.state.is_open(),
            card,
        }
    }
}

impl HomePage {
    pub fn mode_label(&self, mode: &str) -> &'static str {
        mentorhub_domain::programme::ProgrammeMode::parse(mode)
            .map(|m| m.label())
            .unwrap_or("")
    }

    pub fn has_nothing(&self) -> bool {
        !self.is_admin
            && self.as_mentee.is_empty()
            && self.as_mentor.is_empty()
            && self.reports.is_empty()
    }
}

pub async fn show_home(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let store = state.store();
    let programmes = if user.is_admin {
        store.programme_overview().await?
    } else {
        Vec::new()
    };
    let cards = store
        .relationship_cards(user.person_id, state.now())
        .await?;
    let (as_mentor, as_mentee): (Vec<_>, Vec<_>) = cards
        .into_iter()
        .map(RelationshipView::of)
        .partition(|v| v.card.my_role == "mentor");
    let goals = if as_mentee.is_empty() {
        Vec::new()
    } else {
        store.mentee_goal_cards(user.person_id).await?
    };
    let reports = if user.has(Role::Manager) {
        store.report_relationships(user.person_id).await?
    } else {
        Vec::new()
    };
    let awaiting_approval = reports
        .iter()
        .filter(|r| {
            r.state == mentorhub_domain::relationship::RelationshipState::AwaitingManagerApproval
        })
        .count();
    let first_name = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&user.name)
        .to_string();
    Ok(render(&HomePage {
        layout: Layout::new("Home", Some(&user), "home"),
        first_name,
        is_admin: user.is_admin,
        programmes,
        as_mentee,
        as_mentor,
        goals,
        reports,
        awaiting_approval,
    }))
}
