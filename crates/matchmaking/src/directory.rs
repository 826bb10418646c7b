//! The mentor directory (`004_…` steps 2–3, `000_…` step 5): a programme's
//! qualified mentors with bios and expertise, filtered and paged, the places each
//! has left, and the mentee's top recommendations with their reasons.

use crate::access::{participation, Participation};
use crate::pool::{places_left, Directory, Filter, Pool};
use crate::reasons::{explain, PairView, Reason};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::{Extension, Json};
use mentorhub_domain::enrolment::ParticipantRole;
use mentorhub_domain::mentor_request::MentorRequest;
use mentorhub_domain::programme::ProgrammeMode;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_store::PoolMentor;
use mentorhub_web::error::{AppResult, ErrorBody};
use mentorhub_web::pages::{render, Layout};
use mentorhub_web::{ApiUser, AppState, CurrentUser, PageUser};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Mentors per page.
pub const PER_PAGE: usize = 20;
/// Recommendations shown to a mentee.
pub const TOP: usize = 3;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct DirectoryQuery {
    /// An area of expertise, e.g. `Strategy`.
    pub skill: Option<String>,
    pub location: Option<String>,
    /// Business function.
    pub function: Option<String>,
    /// Leadership style, e.g. `decisive`.
    pub style: Option<String>,
    /// Only mentors with a place left (`true` or `on`).
    pub with_room: Option<String>,
    /// Page number, from 1.
    pub page: Option<usize>,
}

impl DirectoryQuery {
    fn filter(&self) -> Filter {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        Filter {
            skill: s(&self.skill),
            location: s(&self.location),
            function: s(&self.function),
            style: s(&self.style),
            with_room: self
                .with_room
                .as_deref()
                .is_some_and(|v| matches!(v, "on" | "true" | "1")),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExpertiseView {
    pub skill: String,
    /// 1 (some) to 5 (expert).
    pub level: u8,
}

/// A mentor as mentees see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DirectoryMentor {
    pub enrolment_id: i64,
    pub person_id: i64,
    pub name: String,
    pub title: String,
    pub location: String,
    pub function: String,
    pub bio: String,
    pub track_record: String,
    pub availability: String,
    pub expertise: Vec<ExpertiseView>,
    pub leadership_style: String,
    pub personal_style: Vec<String>,
    pub meeting_modes: Vec<String>,
    pub capacity: u8,
    /// Capacity less open relationships.
    pub places_left: i64,
    pub full: bool,
}

impl DirectoryMentor {
    pub fn of(m: &PoolMentor) -> Self {
        let left = places_left(m);
        DirectoryMentor {
            enrolment_id: m.enrolment_id.0,
            person_id: m.person.id.0,
            name: m.person.name.clone(),
            title: m.person.title.clone(),
            location: m.person.location.clone(),
            function: m.person.function.clone(),
            bio: m.profile.bio.clone(),
            track_record: m.profile.track_record.clone(),
            availability: m.profile.availability.clone(),
            expertise: m
                .profile
                .expertise
                .iter()
                .map(|e| ExpertiseView {
                    skill: e.skill.clone(),
                    level: e.level,
                })
                .collect(),
            leadership_style: m.profile.leadership_style.as_str().to_string(),
            personal_style: m
                .profile
                .personal_style
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
            meeting_modes: m
                .profile
                .meeting_modes
                .iter()
                .map(|x| x.label().to_string())
                .collect(),
            capacity: m.profile.capacity,
            places_left: left,
            full: left == 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecommendedMentor {
    pub mentor: DirectoryMentor,
    /// Compatibility 0–100, the matching engine's score.
    pub score: i32,
    /// The score by criterion, in words.
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facets {
    pub skills: Vec<String>,
    pub locations: Vec<String>,
    pub functions: Vec<String>,
    pub styles: Vec<String>,
}

/// One page of the directory.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DirectoryListing {
    pub programme_id: i64,
    pub programme_name: String,
    /// Mentors matching the filters, all pages.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub mentors: Vec<DirectoryMentor>,
    /// The viewer's top mentors (mentees with a self-assessment only).
    pub recommendations: Vec<RecommendedMentor>,
    pub facets: Facets,
}

/// Builds a page of the directory for `user`.
pub async fn listing(pool: &Pool, user: &CurrentUser, q: &DirectoryQuery) -> DirectoryListing {
    let filter = q.filter();
    let matching: Vec<&PoolMentor> = pool.filtered(&filter);
    let total = matching.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let mentors = matching
        .iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .map(|m| DirectoryMentor::of(m))
        .collect();
    DirectoryListing {
        programme_id: pool.programme.id.0,
        programme_name: pool.programme.name.clone(),
        total,
        page,
        pages,
        mentors,
        recommendations: recommendations(pool, user.person_id).await,
        facets: Facets {
            skills: pool.facets.skills.clone(),
            locations: pool.facets.locations.clone(),
            functions: pool.facets.functions.clone(),
            styles: pool.facets.styles.clone(),
        },
    }
}

async fn recommendations(pool: &Pool, mentee: PersonId) -> Vec<RecommendedMentor> {
    let Some(me) = pool.mentees.get(&mentee) else {
        return Vec::new();
    };
    let found = pool.recommend(mentee, TOP).await;
    found
        .iter()
        .filter_map(|r| {
            let m = pool.mentor(crate::engine::person_of(&r.mentor)?)?;
            let pair = PairView {
                mentor: &m.profile,
                mentor_level: m.person.career_level.get(),
                mentor_location: &m.person.location,
                mentor_function: &m.person.function,
                mentee: &me.assessment,
                mentee_level: me.person.career_level.get(),
                mentee_location: &me.person.location,
                mentee_function: &me.person.function,
            };
            Some(RecommendedMentor {
                mentor: DirectoryMentor::of(m),
                score: r.score,
                reasons: explain(&pool.programme, &r.explanation, &pair),
            })
        })
        .collect()
}

/// Browse a programme's qualified mentors, filtered and paged, with the viewer's
/// top recommendations. For the programme's participants and admins.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/mentors", tag = "matchmaking",
    params(("id" = i64, Path, description = "Programme id"), DirectoryQuery),
    responses(
        (status = 200, description = "One page of the directory", body = DirectoryListing),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such programme, or not a participant", body = ErrorBody),
    ))]
pub async fn list_mentors(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<DirectoryQuery>,
) -> AppResult<Json<DirectoryListing>> {
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    let pool = directory.pool(state.store(), &p.programme).await?;
    Ok(Json(listing(&pool, &user, &q).await))
}

/// What the page shows besides the listing: the mentee's choices and requests.
pub struct MenteeSide {
    pub assessed: bool,
    pub takes_preferences: bool,
    pub self_match: bool,
    /// (rank, mentor enrolment id, name).
    pub choices: Vec<(u8, i64, String)>,
    pub open_request: Option<(i64, String)>,
    pub has_relationship: bool,
}

impl MenteeSide {
    /// "first" or "second" when the mentee ranked this mentor.
    pub fn rank_label(&self, enrolment: &i64) -> Option<&'static str> {
        self.choices
            .iter()
            .find(|(_, e, _)| e == enrolment)
            .map(|(r, _, _)| if *r == 1 { "first" } else { "second" })
    }
}

pub async fn mentee_side(
    state: &AppState,
    p: &Participation,
    pool: &Pool,
    user: &CurrentUser,
) -> AppResult<Option<MenteeSide>> {
    let Some(enrolment) = &p.as_mentee else {
        return Ok(None);
    };
    let store = state.store();
    let choices = store
        .get_preferences(enrolment.id)
        .await?
        .into_iter()
        .map(|c| {
            let name = pool
                .mentor_by_enrolment(c.mentor_enrolment.0)
                .map(|m| m.person.name.clone())
                .unwrap_or_else(|| "a mentor no longer listed".into());
            (c.rank, c.mentor_enrolment.0, name)
        })
        .collect();
    let requests: Vec<MentorRequest> = store
        .list_requests_of(p.programme.id, user.person_id)
        .await?;
    let open_request = requests
        .iter()
        .find(|r| r.state == mentorhub_domain::mentor_request::RequestState::Open)
        .map(|r| {
            let name = pool
                .mentor(r.mentor_id)
                .map(|m| m.person.name.clone())
                .unwrap_or_default();
            (r.id, name)
        });
    Ok(Some(MenteeSide {
        assessed: pool.mentees.contains_key(&user.person_id),
        takes_preferences: p.programme.mode.takes_preferences(),
        self_match: p.programme.mode == ProgrammeMode::SelfMatch,
        choices,
        open_request,
        has_relationship: store
            .has_open_relationship_in(p.programme.id, user.person_id)
            .await?,
    }))
}

#[derive(Template)]
#[template(path = "directory.html")]
pub struct DirectoryPage {
    pub layout: Layout,
    pub listing: DirectoryListing,
    pub query: DirectoryQuery,
    pub mentee: Option<MenteeSide>,
    pub is_mentor_here: bool,
    pub notice: Option<String>,
}

impl DirectoryPage {
    pub fn q(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }
    pub fn selected(&self, v: &Option<String>, option: &str) -> bool {
        v.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(option))
    }
    pub fn with_room(&self) -> bool {
        self.query.filter().with_room
    }
    /// The query string of the current filters, for paging links.
    pub fn filters_qs(&self) -> String {
        let enc = mentorhub_web::pages::url_encode;
        let q = &self.query;
        format!(
            "skill={}&location={}&function={}&style={}{}",
            enc(&self.q(&q.skill)),
            enc(&self.q(&q.location)),
            enc(&self.q(&q.function)),
            enc(&self.q(&q.style)),
            if self.with_room() {
                "&with_room=on"
            } else {
                ""
            }
        )
    }
    pub fn has_filters(&self) -> bool {
        let f = self.query.filter();
        !(f.skill.is_empty()
            && f.location.is_empty()
            && f.function.is_empty()
            && f.style.is_empty()
            && !f.with_room)
    }
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    pub done: Option<String>,
}

pub fn notice_text(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "ranked" => "Your choices are saved. Only you and the programme's admins see them.",
            "cleared" => "Your choices are cleared.",
            "requested" => "Your request is sent. You will hear by email when the mentor answers.",
            "withdrawn" => "Your request is withdrawn.",
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn get_directory_page(
    State(state): State<AppState>,
    Extension(directory): Extension<Directory>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DirectoryQuery>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Response> {
    let p = participation(state.store(), &user, ProgrammeId(id)).await?;
    let pool: Arc<Pool> = directory.pool(state.store(), &p.programme).await?;
    let listing = listing(&pool, &user, &q).await;
    let mentee = mentee_side(&state, &p, &pool, &user).await?;
    let page = DirectoryPage {
        layout: Layout::new(
            format!("Mentors of {}", p.programme.name),
            Some(&user),
            "find-a-mentor",
        ),
        listing,
        query: q,
        mentee,
        is_mentor_here: p.as_mentor.is_some(),
        notice: notice_text(n.done.as_deref()),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "find.html")]
pub struct FindPage {
    pub layout: Layout,
    /// (programme id, name, mode label).
    pub programmes: Vec<(i64, String, String)>,
}

/// The programmes in which the signed-in person is a mentee: where to look.
pub async fn get_find_page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    let mut programmes = Vec::new();
    for e in state
        .store()
        .list_enrolments_of_person(user.person_id)
        .await?
    {
        if e.enrolment.role == ParticipantRole::Mentee
            && e.enrolment.status != mentorhub_domain::enrolment::EnrolmentStatus::Withdrawn
        {
            let g = state
                .store()
                .get_programme(e.enrolment.programme_id)
                .await?;
            let how = match g.mode {
                ProgrammeMode::AdminMatch => "The programme's admins match you",
                ProgrammeMode::SelfMatch => "You ask a mentor directly",
                ProgrammeMode::Hybrid => "You rank one or two mentors; the admins match",
            };
            programmes.push((g.id.0, g.name, how.to_string()));
        }
    }
    let page = FindPage {
        layout: Layout::new("Find a mentor", Some(&user), "find-a-mentor"),
        programmes,
    };
    Ok(render(&page))
}
