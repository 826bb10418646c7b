//! Where an informal "yes" becomes a relationship: the open self-directed
//! programmes a pair may use, enrolling both without an admin, and the start
//! through the web kit's one way of starting relationships.

use crate::drafts::MenteeGoals;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::person::Person;
use mentorhub_domain::programme::{Formality, ManagementLineRule, ProgrammeMode, ProgrammeStatus};
use mentorhub_domain::relationship::{Actor, Origin};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{PersonId, ProgrammeId};
use mentorhub_store::Store;
use mentorhub_web::error::{AppError, AppResult};
use mentorhub_web::start::{mentor_in_management_line, start_relationship, Start, Started};
use serde::Serialize;
use utoipa::ToSchema;

/// A programme an informal relationship between two people can be recorded in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProgrammeChoice {
    pub id: i64,
    pub name: String,
    /// Whether the mentee already takes part (otherwise they are enrolled on "yes").
    pub mentee_enrolled: bool,
}

/// The open self-directed programmes (`self_match` mode or informal) that
/// `mentee` is enrolled in or may enrol in, and that `mentor` may mentor in:
/// not declined there by the admin, not excluded by the programme's
/// management-line rule.
pub async fn programme_choices(
    store: &Store,
    mentee: &Person,
    mentor: &Person,
) -> AppResult<Vec<ProgrammeChoice>> {
    let in_line = mentor_in_management_line(store, mentor.id, mentee.id).await?;
    let mut choices = Vec::new();
    for summary in store.list_programmes().await? {
        let p = summary.programme;
        let self_directed =
            p.mode == ProgrammeMode::SelfMatch || p.formality == Formality::Informal;
        if p.status != ProgrammeStatus::Open || !self_directed {
            continue;
        }
        if in_line && p.rules.management_line == ManagementLineRule::Exclude {
            continue;
        }
        let as_mentee = store
            .find_enrolment(p.id, mentee.id, ParticipantRole::Mentee)
            .await?
            .filter(|e| e.status != EnrolmentStatus::Withdrawn);
        let mentee_ok = as_mentee.is_some()
            || p.target_pool
                .admits_mentee(mentee.career_level.get(), &mentee.function);
        let mentor_ok = match store
            .find_enrolment(p.id, mentor.id, ParticipantRole::Mentor)
            .await?
        {
            Some(e) if e.status == EnrolmentStatus::Declined => false,
            Some(e) if e.status != EnrolmentStatus::Withdrawn => true,
            _ => p.target_pool.admits_mentor(mentor.career_level.get()),
        };
        if mentee_ok && mentor_ok {
            choices.push(ProgrammeChoice {
                id: p.id.0,
                name: p.name,
                mentee_enrolled: as_mentee.is_some(),
            });
        }
    }
    Ok(choices)
}

/// Picks the programme for a relationship: the one asked for if it is a
/// choice, the only choice when there is one. `field` names the form field.
pub fn pick_programme(
    choices: &[ProgrammeChoice],
    wanted: Option<i64>,
    field: &str,
) -> AppResult<ProgrammeId> {
    let invalid = |message: &str| AppError::Invalid {
        field: field.into(),
        message: message.into(),
    };
    match (wanted, choices) {
        (_, []) => Err(invalid(
            "there is no open informal or self-match programme you can both take part in; ask your programme administrator to open one",
        )),
        (Some(id), _) => choices
            .iter()
            .find(|c| c.id == id)
            .map(|c| ProgrammeId(c.id))
            .ok_or_else(|| invalid("choose one of the programmes listed")),
        (None, [only]) => Ok(ProgrammeId(only.id)),
        (None, _) => Err(invalid("choose the programme to record your mentoring in")),
    }
}

/// Enrols both (informal mentoring needs no admin approval: the two people agreed
/// in person) and starts the relationship. The mentee's manager is told, or
/// asked first when the mentor is in the mentee's management line and the
/// programme requires it (`001_…` step 3, `003_…`).
pub async fn start_informal(
    store: &Store,
    programme: ProgrammeId,
    mentor: PersonId,
    mentee: PersonId,
    origin: Origin,
    actor: PersonId,
    now: Timestamp,
) -> AppResult<Started> {
    store
        .ensure_informal_enrolment(programme, mentee, ParticipantRole::Mentee, now)
        .await?;
    store
        .ensure_informal_enrolment(programme, mentor, ParticipantRole::Mentor, now)
        .await?;
    start_relationship(
        store,
        Start {
            programme,
            mentor,
            mentee,
            origin,
            actor: Actor::Person(actor),
            introduce_now: true,
        },
        now,
    )
    .await
}

/// The mentee's most recent self-assessment, for the drafts.
pub async fn mentee_goals(store: &Store, mentee: PersonId) -> AppResult<MenteeGoals> {
    for e in store.list_enrolments_of_person(mentee).await? {
        if e.enrolment.role != ParticipantRole::Mentee {
            continue;
        }
        if let Some(a) = store.get_self_assessment(e.enrolment.id).await? {
            return Ok(MenteeGoals {
                skills: a.value.focus_skills,
                goals_this_year: a.value.goals_this_year,
            });
        }
    }
    Ok(MenteeGoals::default())
}

/// What the person who said yes sees about the start.
pub fn started_message(started: &Started, mentor_name: &str, has_manager: bool) -> String {
    use mentorhub_domain::relationship::RelationshipState;
    if started.state == RelationshipState::AwaitingManagerApproval {
        return format!("{mentor_name} is in your management line, so your manager has been asked to approve before you are introduced.");
    }
    let manager = if has_manager {
        " Your manager has been told, so that they can support you."
    } else {
        ""
    };
    format!("You have both been sent an introduction.{manager} Agree together in your first meeting how you will work.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(id: i64) -> ProgrammeChoice {
        ProgrammeChoice {
            id,
            name: format!("P{id}"),
            mentee_enrolled: false,
        }
    }

    #[test]
    fn the_only_programme_is_picked_and_several_need_a_choice() {
        assert_eq!(
            pick_programme(&[choice(4)], None, "programme_id").unwrap(),
            ProgrammeId(4)
        );
        let both = [choice(4), choice(5)];
        assert!(pick_programme(&both, None, "programme_id")
            .unwrap_err()
            .to_string()
            .contains("choose the programme"));
        assert_eq!(
            pick_programme(&both, Some(5), "programme_id").unwrap(),
            ProgrammeId(5)
        );
        assert!(pick_programme(&both, Some(9), "programme_id").is_err());
        assert!(pick_programme(&[], Some(4), "programme_id")
            .unwrap_err()
            .to_string()
            .contains("administrator"));
    }
}
