//! How every relationship starts, whichever way it was found (admin matching,
//! a self-match request, informal outreach, a mentor's offer): one place for the
//! management-line rule, the manager being told, and the mutual introduction.

use crate::error::AppResult;
use crate::notify::{queue, Message};
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::programme::ManagementLineRule;
use mentorhub_domain::relationship::{Actor, Origin, RelationshipEvent, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};
use mentorhub_store::{NewRelationship, Store};

/// What the start of a relationship led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Started {
    pub id: RelationshipId,
    pub state: RelationshipState,
}

/// A relationship about to start.
#[derive(Debug, Clone, Copy)]
pub struct Start {
    pub programme: ProgrammeId,
    pub mentor: PersonId,
    pub mentee: PersonId,
    pub origin: Origin,
    /// Who made it happen (the admin publishing, the mentor accepting, …).
    pub actor: Actor,
    /// Both sides already said yes: introduce at once (unless approval is pending).
    pub introduce_now: bool,
}

/// Whether `mentor` is above `mentee` in the mentee's management line.
pub async fn mentor_in_management_line(
    store: &Store,
    mentor: PersonId,
    mentee: PersonId,
) -> AppResult<bool> {
    Ok(store
        .management_chain(mentee)
        .await?
        .iter()
        .any(|p| p.id == mentor))
}

/// Creates a relationship in `proposed`. When the mentor is in the mentee's
/// management line and the programme requires it, the mentee's manager is asked
/// to approve first (`001_…` step 3); in every case the manager is told that their
/// report is entering a mentoring relationship (`003_…`). With `introduce_now`
/// (both sides already said yes: outreach, offers, accepted requests) the pair is
/// introduced at once unless approval is pending.
pub async fn start_relationship(store: &Store, start: Start, now: Timestamp) -> AppResult<Started> {
    let Start {
        programme,
        mentor,
        mentee,
        origin,
        actor,
        introduce_now,
    } = start;
    let prog = store.get_programme(programme).await?;
    let id = store
        .create_relationship(
            NewRelationship {
                programme_id: programme,
                mentor_id: mentor,
                mentee_id: mentee,
                state: RelationshipState::Proposed,
                origin,
            },
            actor,
            origin_reason(origin),
            now,
        )
        .await?;
    let mentee_person = store.get_person(mentee).await?;
    let mentor_person = store.get_person(mentor).await?;
    let needs_approval = prog.rules.management_line == ManagementLineRule::RequireApproval
        && mentor_in_management_line(store, mentor, mentee).await?;
    let mut state = RelationshipState::Proposed;
    if needs_approval {
        let (rel, _) = store
            .apply_relationship_event(
                id,
                RelationshipEvent::RequestManagerApproval,
                Actor::System,
                now,
                "the mentor is in the mentee's management line",
                true,
                None,
            )
            .await?;
        state = rel.state;
    }
    if let Some(manager) = mentee_person.manager_id {
        let (kind, subject, text) = if needs_approval {
            (
                NotificationKind::ManagerApprovalRequest,
                format!("Your approval is asked: {} and {}", mentee_person.name, mentor_person.name),
                format!(
                    "{} would like {} as their mentor in \"{}\". {} is in {}'s management line, so the programme asks you to approve before they are introduced.\n\nOpen Mentorhub to approve or decline; you will see that the relationship exists and its state, never their notes or check-in answers.",
                    mentee_person.name, mentor_person.name, prog.name, mentor_person.name, mentee_person.name
                ),
            )
        } else {
            (
                NotificationKind::ManagerInformed,
                format!("{} is starting a mentoring relationship", mentee_person.name),
                format!(
                    "{} is starting a mentoring relationship with {} in \"{}\". Mentoring works best with a manager's support: time to meet, and interest in what they are learning.\n\nYou will see that the relationship exists and its state, and the goals {} chooses to share with you — never their notes or check-in answers.",
                    mentee_person.name, mentor_person.name, prog.name, mentee_person.name
                ),
            )
        };
        queue(
            store,
            &Message {
                kind,
                to: manager,
                subject,
                text,
                dedupe_key: format!("manager:{}:{}", id.0, kind.as_str()),
            },
            now,
        )
        .await?;
    }
    if introduce_now && !needs_approval {
        state = introduce(store, id, actor, now).await?;
    }
    Ok(Started { id, state })
}

fn origin_reason(origin: Origin) -> &'static str {
    match origin {
        Origin::Matched => "proposed by the programme's matching",
        Origin::Requested => "requested by the mentee",
        Origin::Outreach => "the mentor said yes to the mentee's request",
        Origin::Offer => "the protégé accepted the mentor's offer",
    }
}

/// Introduces the pair (`004_…` step 5): from `proposed` (the mentor accepted) or
/// from `awaiting manager approval` (the manager approved). Both receive a mutual
/// introduction naming the expected rhythm, and the mentee is asked to share
/// their goals.
pub async fn introduce(
    store: &Store,
    id: RelationshipId,
    actor: Actor,
    now: Timestamp,
) -> AppResult<RelationshipState> {
    let current = store.get_relationship(id).await?;
    let event = if current.state == RelationshipState::AwaitingManagerApproval {
        RelationshipEvent::ManagerApprove
    } else {
        RelationshipEvent::Introduce
    };
    let (rel, _) = store
        .apply_relationship_event(id, event, actor, now, "", true, None)
        .await?;
    let prog = store.get_programme(rel.programme_id).await?;
    let mentor = store.get_person(rel.mentor_id).await?;
    let mentee = store.get_person(rel.mentee_id).await?;
    let rhythm = format!(
        "The programme expects you to meet {} ({}), for about {} months before you reassess together.",
        prog.agreement_defaults.cadence.label(),
        prog.agreement_defaults.mode.label().to_lowercase(),
        prog.agreement_defaults.duration_months
    );
    let to_mentee = format!(
        "Meet {}, {}, your mentor in \"{}\".\n\n{rhythm}\n\nYou drive this relationship: please share your goals with {} before your first meeting, and propose a time. In the first meeting, agree together how you will work: how often you meet, how, what stays confidential, and how either of you says that something isn't working.",
        mentor.name, mentor.title, prog.name, mentor.name
    );
    let to_mentor = format!(
        "Meet {}, {}, your mentee in \"{}\".\n\n{rhythm}\n\n{} will share their goals and propose a first meeting. Your role is a coach's, not a manager's: ask questions, share experience, and let them do the work.",
        mentee.name, mentee.title, prog.name, mentee.name
    );
    for (to, text, side) in [
        (mentee.id, to_mentee, "mentee"),
        (mentor.id, to_mentor, "mentor"),
    ] {
        let message = Message {
            kind: NotificationKind::Introduction,
            to,
            subject: format!("Introducing {} and {}", mentee.name, mentor.name),
            text,
            dedupe_key: format!("introduction:{}:{side}", id.0),
        };
        queue(store, &message, now).await?;
    }
    Ok(rel.state)
}
