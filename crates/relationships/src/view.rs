//! One relationship as one person may see it (SPEC §9). The page and the API
//! both read this, so what a role may not see is left out in one place:
//! managers get the state, the shared goals and history without reasons; admins
//! get check-in answers and aggregates, never notes or goals one by one; each of
//! the pair gets everything except the partner's private notes, check-in answers
//! and kept reasons.

use crate::access::standing_name;
use crate::timefmt::{opt_rfc3339, rfc3339};
use mentorhub_domain::agreement::Agreement;
use mentorhub_domain::checkin::CheckIn;
use mentorhub_domain::closing::{reason_visible, ReassessmentChoice};
use mentorhub_domain::goal::Goal;
use mentorhub_domain::meeting::{Meeting, MeetingStatus};
use mentorhub_domain::relationship::{Relationship, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, RelationshipId};
use mentorhub_store::{MeetingNoteRecord, RelationshipSummary, Store};
use mentorhub_web::authz::Standing;
use mentorhub_web::error::AppResult;
use mentorhub_web::pages::{format_date, format_datetime};
use mentorhub_web::CurrentUser;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonBrief {
    pub id: i64,
    pub name: String,
    pub title: String,
}

/// The relationship page's content for one viewer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipView {
    pub id: i64,
    pub programme_id: i64,
    pub programme_name: String,
    #[schema(value_type = String, example = "active")]
    pub state: RelationshipState,
    pub state_label: String,
    /// How the viewer stands to it: mentor, mentee, manager or admin.
    pub viewer: &'static str,
    pub mentor: PersonBrief,
    pub mentee: PersonBrief,
    /// What to do next, in the viewer's words.
    pub next_step: String,
    #[serde(serialize_with = "rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[serde(serialize_with = "opt_rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub activated_at: Option<Timestamp>,
    /// When the current agreed period started (reset when both continue).
    #[serde(serialize_with = "opt_rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub period_started_at: Option<Timestamp>,
    /// What the mentee's manager will do to support the pair.
    pub manager_support_note: String,
    /// The agreement: in full for the pair; the rhythm only for admins; absent for managers.
    pub agreement: Option<AgreementView>,
    /// The mentee's goals: all for the pair, the shared ones for the manager, none for admins.
    pub goals: Option<Vec<GoalView>>,
    /// Aggregate progress (what admins see instead of goals).
    pub goals_summary: GoalsSummary,
    /// Meetings with the viewer's notes: for the pair only.
    pub meetings: Option<Vec<MeetingView>>,
    pub meetings_held: i64,
    /// Check-ins: the viewer's own for the pair, everyone's for admins, none for managers.
    pub checkins: Vec<CheckInView>,
    pub history: Vec<HistoryEntry>,
    /// Closing reflections, for the pair only.
    pub reflections: Option<Vec<ReflectionView>>,
    /// At reassessment, for the pair: who has chosen what.
    pub reassessment: Option<ReassessmentView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementView {
    #[schema(value_type = String, example = "weekly")]
    pub cadence: &'static str,
    pub cadence_label: &'static str,
    #[schema(value_type = String, example = "video")]
    pub mode: &'static str,
    pub mode_label: &'static str,
    pub duration_months: u32,
    /// How confidential matters are handled (the pair only).
    pub confidentiality: Option<String>,
    /// How either says that something isn't working (the pair only).
    pub raising_concerns: Option<String>,
    pub mentor_concerns: Option<String>,
    pub mentee_concerns: Option<String>,
    pub mentor_confirmed: bool,
    pub mentee_confirmed: bool,
    pub version: i64,
}

impl AgreementView {
    pub fn of(a: &Agreement, full: bool) -> Self {
        let text = |s: &String| full.then(|| s.clone());
        AgreementView {
            cadence: a.terms.cadence.as_str(),
            cadence_label: a.terms.cadence.label(),
            mode: a.terms.mode.as_str(),
            mode_label: a.terms.mode.label(),
            duration_months: a.terms.duration_months,
            confidentiality: text(&a.terms.confidentiality),
            raising_concerns: text(&a.terms.raising_concerns),
            mentor_concerns: text(&a.terms.mentor_concerns),
            mentee_concerns: text(&a.terms.mentee_concerns),
            mentor_confirmed: a.mentor_confirmed,
            mentee_confirmed: a.mentee_confirmed,
            version: a.version,
        }
    }

    pub fn agreed(&self) -> bool {
        self.mentor_confirmed && self.mentee_confirmed
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct GoalsSummary {
    pub count: i64,
    pub achieved: i64,
    pub average_progress: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteView {
    pub author_id: i64,
    pub body: String,
    pub shared: bool,
}

/// A goal of the mentee's, with its progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalView {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// Percent, 0–100.
    pub progress: u8,
    #[schema(value_type = String, example = "in_progress")]
    pub status: &'static str,
    pub status_label: &'static str,
    /// The mentee lets their manager see this goal.
    pub shared_with_manager: bool,
    pub version: i64,
}

impl GoalView {
    pub fn of(g: &Goal) -> Self {
        GoalView {
            id: g.id.0,
            title: g.title.clone(),
            description: g.description.clone(),
            progress: g.progress,
            status: g.status.as_str(),
            status_label: g.status.label(),
            shared_with_manager: g.shared_with_manager,
            version: g.version,
        }
    }
}

/// A meeting as the pair sees it, with the notes the viewer may read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingView {
    pub id: i64,
    #[serde(serialize_with = "rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: Timestamp,
    pub duration_minutes: u32,
    #[schema(value_type = String, example = "video")]
    pub mode: &'static str,
    #[schema(value_type = String, example = "scheduled")]
    pub status: &'static str,
    /// What the mentee wants to discuss (the mentee drives the agenda).
    pub agenda: String,
    #[serde(serialize_with = "opt_rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_meeting_at: Option<Timestamp>,
    /// A question posed to prepare for the next meeting.
    pub question_for_next: String,
    pub created_by: i64,
    pub version: i64,
    /// The viewer's own note, private unless shared.
    pub my_note: Option<NoteView>,
    /// The partner's note, when they shared it.
    pub partner_note: Option<NoteView>,
    #[serde(skip)]
    #[schema(ignore)]
    pub meeting: Meeting,
}

impl MeetingView {
    pub fn when(&self) -> String {
        format_datetime(self.starts_at)
    }
    pub fn status_label(&self) -> &'static str {
        match self.meeting.status {
            MeetingStatus::Scheduled => "Scheduled",
            MeetingStatus::Held => "Held",
            MeetingStatus::Cancelled => "Cancelled",
        }
    }
    pub fn mode_label(&self) -> &'static str {
        self.meeting.mode.label()
    }
    pub fn next_when(&self) -> Option<String> {
        self.next_meeting_at.map(format_datetime)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckInView {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub due_day: u32,
    #[serde(serialize_with = "rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    pub answered: bool,
    pub in_regular_contact: Option<bool>,
    /// Is it working, 1 (not at all) to 5 (very well).
    pub working: Option<u8>,
    pub what_would_help: Option<String>,
}

impl CheckInView {
    pub fn of(c: &CheckIn, person_name: String) -> Self {
        CheckInView {
            id: c.id.0,
            person_id: c.person_id.0,
            person_name,
            due_day: c.due_day,
            due_at: c.due_at,
            answered: c.answer.is_some(),
            in_regular_contact: c.answer.as_ref().map(|a| a.in_regular_contact),
            working: c.answer.as_ref().map(|a| a.working),
            what_would_help: c.answer.as_ref().map(|a| a.what_would_help.clone()),
        }
    }
    pub fn due(&self) -> String {
        format_date(self.due_at)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    #[serde(serialize_with = "rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub from: Option<String>,
    pub to: String,
    /// Who made it happen; none when the programme's scheduler did.
    pub by: Option<String>,
    /// Why, when the viewer may read it.
    pub reason: Option<String>,
    /// The reason is kept from the partner (shown to its author and admins).
    pub reason_private: bool,
}

impl HistoryEntry {
    pub fn when(&self) -> String {
        format_datetime(self.at)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReflectionView {
    pub person_id: i64,
    pub person_name: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReassessmentView {
    #[schema(value_type = Option<String>, example = "continue")]
    pub my_choice: Option<ReassessmentChoice>,
    pub partner_has_chosen: bool,
}

impl RelationshipView {
    pub fn is_party(&self) -> bool {
        matches!(self.viewer, "mentor" | "mentee")
    }
    pub fn is_mentee(&self) -> bool {
        self.viewer == "mentee"
    }
    pub fn is_manager(&self) -> bool {
        self.viewer == "manager"
    }
    pub fn is_admin(&self) -> bool {
        self.viewer == "admin"
    }
    pub fn partner(&self) -> &PersonBrief {
        if self.viewer == "mentor" {
            &self.mentee
        } else {
            &self.mentor
        }
    }
    pub fn open(&self) -> bool {
        self.state.is_open()
    }
    /// The agreement can be proposed or changed while the pair works together.
    pub fn agreement_editable(&self) -> bool {
        self.is_party()
            && matches!(
                self.state,
                RelationshipState::Introduced
                    | RelationshipState::Active
                    | RelationshipState::ReassessmentDue
            )
    }
    pub fn works_together(&self) -> bool {
        matches!(
            self.state,
            RelationshipState::Introduced
                | RelationshipState::Active
                | RelationshipState::ReassessmentDue
        )
    }
    pub fn since(&self) -> String {
        format_date(self.activated_at.unwrap_or(self.created_at))
    }
    pub fn unanswered_checkins(&self) -> Vec<&CheckInView> {
        self.checkins.iter().filter(|c| !c.answered).collect()
    }
    pub fn my_confirmed(&self) -> bool {
        self.agreement.as_ref().is_some_and(|a| match self.viewer {
            "mentor" => a.mentor_confirmed,
            "mentee" => a.mentee_confirmed,
            _ => false,
        })
    }
    pub fn reassessment_due(&self) -> bool {
        self.state == RelationshipState::ReassessmentDue
    }
    pub fn completed(&self) -> bool {
        self.state == RelationshipState::Completed
    }
    pub fn my_reflection_written(&self) -> bool {
        let me = if self.viewer == "mentor" {
            self.mentor.id
        } else {
            self.mentee.id
        };
        self.reflections
            .as_ref()
            .is_some_and(|r| r.iter().any(|x| x.person_id == me))
    }
}

/// Names of people, read once each.
pub struct Names<'a> {
    store: &'a Store,
    known: HashMap<PersonId, String>,
}

impl<'a> Names<'a> {
    pub fn new(store: &'a Store, summary: &RelationshipSummary) -> Self {
        let r = &summary.relationship;
        let known = HashMap::from([
            (r.mentor_id, summary.mentor_name.clone()),
            (r.mentee_id, summary.mentee_name.clone()),
        ]);
        Names { store, known }
    }

    pub async fn of(&mut self, id: PersonId) -> AppResult<String> {
        if let Some(n) = self.known.get(&id) {
            return Ok(n.clone());
        }
        let name = match self.store.get_person(id).await {
            Ok(p) => p.name,
            Err(mentorhub_store::StoreError::NotFound(_)) => "a former colleague".into(),
            Err(e) => return Err(e.into()),
        };
        self.known.insert(id, name.clone());
        Ok(name)
    }
}

/// Builds the view of relationship `rel` for `user` standing as `standing`.
pub async fn build(
    store: &Store,
    user: &CurrentUser,
    rel: &Relationship,
    standing: Standing,
) -> AppResult<RelationshipView> {
    let summary = store.get_relationship_summary(rel.id).await?;
    let mut names = Names::new(store, &summary);
    let party = standing.is_party();
    let me = user.person_id;
    let mentor = store.get_person(rel.mentor_id).await?;
    let mentee = store.get_person(rel.mentee_id).await?;

    let agreement = match standing {
        Standing::Manager => None,
        _ => store
            .get_agreement(rel.id)
            .await?
            .map(|a| AgreementView::of(&a, party)),
    };

    let all_goals = store.list_goals(rel.id).await?;
    let goals_summary = summarise(&all_goals);
    let goals = match standing {
        Standing::Mentor | Standing::Mentee => Some(all_goals.iter().map(GoalView::of).collect()),
        Standing::Manager => Some(
            all_goals
                .iter()
                .filter(|g| g.shared_with_manager)
                .map(GoalView::of)
                .collect(),
        ),
        Standing::Admin => None,
    };

    let all_meetings = store.list_meetings(rel.id).await?;
    let meetings_held = all_meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held)
        .count() as i64;
    let meetings = if party {
        Some(meeting_views(store, rel.id, all_meetings, me).await?)
    } else {
        None
    };

    let mut checkins = Vec::new();
    if standing != Standing::Manager {
        for c in store.list_checkins(rel.id).await? {
            // Each of the pair reads only their own answers; admins read all.
            if standing == Standing::Admin || c.person_id == me {
                let name = names.of(c.person_id).await?;
                checkins.push(CheckInView::of(&c, name));
            }
        }
    }

    let mut history = Vec::new();
    for t in store.list_relationship_transitions(rel.id).await? {
        let by = match t.actor {
            Some(p) => Some(names.of(p).await?),
            None => None,
        };
        let readable = standing != Standing::Manager
            && reason_visible(t.actor, t.reason_shared, me, standing == Standing::Admin);
        history.push(HistoryEntry {
            at: t.at,
            from: t.from.map(|s| s.label().to_string()),
            to: t.to.label().to_string(),
            by,
            reason: (readable && !t.reason.is_empty()).then(|| t.reason.clone()),
            reason_private: !t.reason_shared,
        });
    }

    let reflections = if party {
        let mut out = Vec::new();
        for r in store.list_reflections(rel.id).await? {
            out.push(ReflectionView {
                person_id: r.person_id.0,
                person_name: names.of(r.person_id).await?,
                body: r.body,
            });
        }
        Some(out)
    } else {
        None
    };

    let reassessment = match (party, rel.state, rel.period_started_at) {
        (true, RelationshipState::ReassessmentDue, Some(period)) => {
            let choices = store.list_reassessment_choices(rel.id, period).await?;
            Some(ReassessmentView {
                my_choice: choices.iter().find(|(p, _)| *p == me).map(|(_, c)| *c),
                partner_has_chosen: choices.iter().any(|(p, _)| *p != me),
            })
        }
        _ => None,
    };

    let mut view = RelationshipView {
        id: rel.id.0,
        programme_id: rel.programme_id.0,
        programme_name: summary.programme_name.clone(),
        state: rel.state,
        state_label: rel.state.label().to_string(),
        viewer: standing_name(standing),
        mentor: PersonBrief {
            id: mentor.id.0,
            name: mentor.name,
            title: mentor.title,
        },
        mentee: PersonBrief {
            id: mentee.id.0,
            name: mentee.name,
            title: mentee.title,
        },
        next_step: String::new(),
        created_at: rel.created_at,
        activated_at: rel.activated_at,
        period_started_at: rel.period_started_at,
        manager_support_note: store.get_manager_support_note(rel.id).await?,
        agreement,
        goals,
        goals_summary,
        meetings,
        meetings_held,
        checkins,
        history,
        reflections,
        reassessment,
    };
    view.next_step = crate::next_step::next_step(&view);
    Ok(view)
}

fn summarise(goals: &[Goal]) -> GoalsSummary {
    let count = goals.len() as i64;
    let total: i64 = goals.iter().map(|g| i64::from(g.progress)).sum();
    GoalsSummary {
        count,
        achieved: goals
            .iter()
            .filter(|g| g.status == mentorhub_domain::goal::GoalStatus::Achieved)
            .count() as i64,
        average_progress: if count == 0 { 0 } else { total / count },
    }
}

/// A meeting with the notes `viewer` may read (their own; the partner's if shared).
pub async fn meeting_view(store: &Store, m: Meeting, viewer: PersonId) -> AppResult<MeetingView> {
    let notes = store.list_meeting_notes_for(m.id, viewer).await?;
    Ok(meeting_view_with(m, &notes, viewer))
}

/// The views of a relationship's meetings, with the notes `viewer` may read
/// fetched in one query for all of them.
pub async fn meeting_views(
    store: &Store,
    relationship: RelationshipId,
    meetings: Vec<Meeting>,
    viewer: PersonId,
) -> AppResult<Vec<MeetingView>> {
    let notes = store
        .list_relationship_meeting_notes_for(relationship, viewer)
        .await?;
    Ok(meetings
        .into_iter()
        .map(|m| {
            // Notes come ordered by meeting: this meeting's are one run of them.
            let from = notes.partition_point(|n| n.note.meeting_id.0 < m.id.0);
            let to = notes.partition_point(|n| n.note.meeting_id.0 <= m.id.0);
            meeting_view_with(m, &notes[from..to], viewer)
        })
        .collect())
}

fn meeting_view_with(m: Meeting, notes: &[MeetingNoteRecord], viewer: PersonId) -> MeetingView {
    let note = |mine: bool| {
        notes
            .iter()
            .find(|n| (n.note.author_id == viewer) == mine)
            .map(|n| NoteView {
                author_id: n.note.author_id.0,
                body: n.note.body.clone(),
                shared: n.note.shared,
            })
    };
    MeetingView {
        id: m.id.0,
        starts_at: m.starts_at,
        duration_minutes: m.duration_minutes,
        mode: m.mode.as_str(),
        status: m.status.as_str(),
        agenda: m.agenda.clone(),
        next_meeting_at: m.next_meeting_at,
        question_for_next: m.question_for_next.clone(),
        created_by: m.created_by.0,
        version: m.version,
        my_note: note(true),
        partner_note: note(false),
        meeting: m,
    }
}
