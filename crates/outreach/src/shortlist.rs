//! The mentee's private shortlist and each candidate's way from first contact to
//! an answer (`000_…` steps 5–8, `001_…` steps 2–3). Pages and API both call these;
//! every lookup is by the signed-in mentee, so nobody else's list is ever found.

use crate::drafts::{self, MenteeGoals};
use crate::informal::{
    mentee_goals, pick_programme, programme_choices, start_informal, started_message,
    ProgrammeChoice,
};
use mentorhub_domain::outreach::{
    next_candidate, ContactMethod, OutreachAction, OutreachStage, ADVISED_CONVERSATIONS,
};
use mentorhub_domain::person::{required_text, Person};
use mentorhub_domain::relationship::Origin;
use mentorhub_domain::{PersonId, ShortlistEntryId};
use mentorhub_store::{PeopleFilter, ShortlistAsk, ShortlistListing, ShortlistNotes};
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::start::Started;
use mentorhub_web::AppState;

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Puts an active colleague (never oneself) at the end of the mentee's list.
pub async fn add_candidate(
    state: &AppState,
    mentee: PersonId,
    candidate: PersonId,
    notes: &ShortlistNotes,
) -> AppResult<ShortlistEntryId> {
    if candidate == mentee {
        return Err(invalid("candidate", "you cannot shortlist yourself"));
    }
    let person = state
        .store()
        .get_person(candidate)
        .await
        .map_err(|_| invalid("candidate", "choose a person from the search"))?;
    if !person.active {
        return Err(invalid(
            "candidate",
            format!(
                "{} is no longer active in the organisation's directory and cannot be shortlisted",
                person.name
            ),
        ));
    }
    Ok(state
        .store()
        .add_shortlist_entry(mentee, candidate, None, notes, state.now())
        .await?)
}

/// Active people whose name matches, without the mentee; at most 20.
pub async fn search_people(state: &AppState, me: PersonId, query: &str) -> AppResult<Vec<Person>> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let filter = PeopleFilter {
        search: Some(query.trim().to_string()),
        limit: 21,
        ..PeopleFilter::default()
    };
    let mut people = state.store().list_people(&filter).await?;
    people.retain(|p| p.id != me);
    people.truncate(20);
    Ok(people)
}

/// The mentee's list and what the page says about it.
pub struct Shortlist {
    pub entries: Vec<ShortlistListing>,
    /// How many people on the list the mentee has talked with: the guide advises
    /// at least three before asking anyone (`000_…` step 6).
    pub talked_with: usize,
    /// The first open candidate in order, for after a decline (`001_…` step 3).
    pub next: Option<ShortlistListing>,
}

pub async fn load_shortlist(state: &AppState, mentee: PersonId) -> AppResult<Shortlist> {
    let entries = state.store().list_shortlist(mentee).await?;
    let plain: Vec<_> = entries.iter().map(|l| l.entry.clone()).collect();
    let next_id = next_candidate(&plain).map(|e| e.id);
    Ok(Shortlist {
        talked_with: entries.iter().filter(|l| l.entry.conversations > 0).count(),
        next: entries
            .iter()
            .find(|l| Some(l.entry.id) == next_id)
            .cloned(),
        entries,
    })
}

/// The advice about talking with several people before asking.
pub fn talked_with_advice(talked_with: usize) -> Option<String> {
    (talked_with < ADVISED_CONVERSATIONS as usize).then(|| {
        format!(
            "You have talked with {talked_with} of the people on your list. The guide suggests conversations with at least {ADVISED_CONVERSATIONS} before you ask anyone to be your mentor."
        )
    })
}

/// One candidate with everything the mentee's page about them shows.
pub struct Candidate {
    pub listing: ShortlistListing,
    pub person: Person,
    pub ask: ShortlistAsk,
    pub goals: MenteeGoals,
    pub list: Shortlist,
    /// Where a "yes" can be recorded (only looked up once the candidate is asked).
    pub programmes: Vec<ProgrammeChoice>,
    pub mentee_name: String,
}

impl Candidate {
    pub fn contact_draft(&self) -> String {
        drafts::contact_request(&self.mentee_name, &self.person.name, &self.goals)
    }

    pub fn thanks_draft(&self) -> String {
        let e = &self.listing.entry;
        drafts::thank_you(
            &self.mentee_name,
            &self.person.name,
            e.conversations > 0,
            e.follow_up_welcome == Some(true) && e.stage != OutreachStage::RuledOut,
        )
    }

    /// The ask as stated, or as it would read with the given text.
    pub fn ask_draft(&self, looking_for: &str, how: &str) -> String {
        drafts::ask(&self.mentee_name, &self.person.name, looking_for, how)
    }
}

/// Loads one entry of `mentee`'s own list (404 for anyone else's).
pub async fn load_candidate(
    state: &AppState,
    mentee: PersonId,
    id: ShortlistEntryId,
) -> AppResult<Candidate> {
    let store = state.store();
    let list = load_shortlist(state, mentee).await?;
    let listing = list
        .entries
        .iter()
        .find(|l| l.entry.id == id)
        .cloned()
        .ok_or_else(|| AppError::NotFound("shortlist entry".into()))?;
    let person = store.get_person(listing.entry.candidate_id).await?;
    let me = store.get_person(mentee).await?;
    let programmes = if listing.entry.stage == OutreachStage::Asked {
        programme_choices(store, &me, &person).await?
    } else {
        Vec::new()
    };
    Ok(Candidate {
        ask: store.get_shortlist_ask(id, mentee).await?,
        goals: mentee_goals(store, mentee).await?,
        listing,
        person,
        list,
        programmes,
        mentee_name: me.name,
    })
}

/// A step the mentee records on a candidate.
#[derive(Debug, Clone)]
pub enum Step {
    Contact {
        method: ContactMethod,
    },
    Conversation {
        notes: String,
        follow_up_welcome: bool,
    },
    Thanks,
    Ask {
        looking_for: String,
        how: String,
    },
    Answer {
        accepted: bool,
        programme_id: Option<i64>,
    },
    RuleOut,
}

/// What recording a step led to.
pub struct StepOutcome {
    pub version: i64,
    pub advice: Vec<String>,
    pub started: Option<Started>,
}

/// Records a step through the domain's rules at `version`. A "yes" starts the
/// relationship in the chosen informal programme; the programme is checked
/// before anything is written, so a refused choice changes nothing.
pub async fn record_step(
    state: &AppState,
    mentee: PersonId,
    id: ShortlistEntryId,
    step: Step,
    version: i64,
) -> AppResult<StepOutcome> {
    let store = state.store();
    let now = state.now();
    let current = store.get_shortlist_entry(id, mentee).await?;
    let mut extra_advice = Vec::new();
    let mut programme = None;
    let action = match &step {
        Step::Contact { method } => OutreachAction::Contact { method: *method },
        Step::Conversation {
            notes,
            follow_up_welcome,
        } => OutreachAction::LogConversation {
            notes: notes.clone(),
            follow_up_welcome: *follow_up_welcome,
        },
        Step::Thanks => OutreachAction::SendThanks,
        Step::Ask { looking_for, how } => {
            required_text("looking_for", looking_for, 4000)?;
            required_text("how", how, 4000)?;
            let list = load_shortlist(state, mentee).await?;
            extra_advice.extend(talked_with_advice(list.talked_with));
            OutreachAction::Ask
        }
        Step::Answer {
            accepted,
            programme_id,
        } => {
            if *accepted && current.value.stage == OutreachStage::Asked {
                let me = store.get_person(mentee).await?;
                let mentor = store.get_person(current.value.candidate_id).await?;
                let choices = programme_choices(store, &me, &mentor).await?;
                programme = Some(pick_programme(&choices, *programme_id, "programme_id")?);
            }
            OutreachAction::RecordAnswer {
                accepted: *accepted,
            }
        }
        Step::RuleOut => OutreachAction::RuleOut,
    };
    let (entry, mut advice) = store
        .apply_outreach_action(id, mentee, &action, version, now)
        .await?;
    if let Step::Ask { looking_for, how } = &step {
        store
            .save_shortlist_ask(id, mentee, looking_for, how, now)
            .await?;
    }
    advice.extend(extra_advice);
    let mut started = None;
    if let Some(programme) = programme {
        let mentor = entry.value.candidate_id;
        let s = start_informal(
            store,
            programme,
            mentor,
            mentee,
            Origin::Outreach,
            mentee,
            now,
        )
        .await?;
        store.link_shortlist_relationship(id, mentee, s.id).await?;
        let name = store.get_person(mentor).await?.name;
        let has_manager = store.get_person(mentee).await?.manager_id.is_some();
        advice.push(started_message(&s, &name, has_manager));
        started = Some(s);
    }
    Ok(StepOutcome {
        version: entry.version,
        advice,
        started,
    })
}
