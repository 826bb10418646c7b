//! The programme's announcement to every stakeholder — mentors, mentees, their
//! managers and the administrators — of its objective and what is expected of
//! each (`002_…` §4: mentoring is a business strategy first and foremost).

use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::participation::Stakeholder;
use mentorhub_domain::programme::{Programme, ProgrammeMode};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::Store;
use mentorhub_web::error::AppResult;
use mentorhub_web::notify::{queue, Message};
use std::collections::{BTreeMap, BTreeSet};

/// What announcing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announced {
    /// Everyone the announcement is for now.
    pub recipients: usize,
    /// Messages queued by this call (people told before are not told twice).
    pub newly_queued: usize,
}

/// Everyone the programme's announcement goes to, with why.
pub async fn stakeholders(
    store: &Store,
    programme: &Programme,
) -> AppResult<BTreeMap<PersonId, BTreeSet<Stakeholder>>> {
    let mut out: BTreeMap<PersonId, BTreeSet<Stakeholder>> = BTreeMap::new();
    for listing in store.list_enrolments(programme.id, None, None).await? {
        let e = &listing.enrolment;
        let Some(role) = Stakeholder::of_enrolment(e.role, e.status) else {
            continue;
        };
        let person = store.get_person(e.person_id).await?;
        if !person.active {
            continue;
        }
        out.entry(person.id).or_default().insert(role);
        if let Some(manager) = person.manager_id {
            if store.get_person(manager).await?.active {
                out.entry(manager).or_default().insert(Stakeholder::Manager);
            }
        }
    }
    for admin in store.list_admin_people().await? {
        out.entry(admin.id).or_default().insert(Stakeholder::Admin);
    }
    Ok(out)
}

/// Queues one message per stakeholder (dedupe key `announcement:<programme>:<person>`,
/// so announcing again only tells people who joined since) and records when the
/// programme was first announced.
pub async fn announce(
    store: &Store,
    programme: &Programme,
    now: Timestamp,
) -> AppResult<Announced> {
    let everyone = stakeholders(store, programme).await?;
    let mut newly_queued = 0;
    for (person, roles) in &everyone {
        let message = Message {
            kind: NotificationKind::Announcement,
            to: *person,
            subject: format!("{}: what it is for and what it asks of you", programme.name),
            text: announcement_text(programme, roles),
            dedupe_key: format!("announcement:{}:{}", programme.id.0, person.0),
        };
        if queue(store, &message, now).await? {
            newly_queued += 1;
        }
    }
    store.mark_programme_announced(programme.id, now).await?;
    Ok(Announced {
        recipients: everyone.len(),
        newly_queued,
    })
}

fn mode_sentence(mode: ProgrammeMode) -> &'static str {
    match mode {
        ProgrammeMode::AdminMatch => "The programme's administrators match each mentee with a qualified mentor.",
        ProgrammeMode::SelfMatch => "Mentees choose a mentor from the list of qualified mentors, and the mentor accepts or declines.",
        ProgrammeMode::Hybrid => "Mentees read the qualified mentors' profiles and name one or two they would like; the administrators then match everyone, giving first choices where possible.",
    }
}

/// The announcement's text for a person holding `roles` in the programme.
pub fn announcement_text(p: &Programme, roles: &BTreeSet<Stakeholder>) -> String {
    let mut parts = vec![format!(
        "\"{}\" is starting. Its objective: {}.",
        p.name,
        p.objective.label().to_lowercase()
    )];
    if !p.description.trim().is_empty() {
        parts.push(p.description.trim().to_string());
    }
    let mut focus = String::new();
    if !p.focus_skills.is_empty() {
        focus.push_str(&format!(
            "It focuses on these skills: {}. ",
            p.focus_skills.join(", ")
        ));
    }
    if !p.at_risk_functions.is_empty() {
        focus.push_str(&format!(
            "The business functions it aims to strengthen first: {}.",
            p.at_risk_functions.join(", ")
        ));
    }
    if !focus.is_empty() {
        parts.push(focus.trim().to_string());
    }
    parts.push("Mentoring here is a business strategy first and foremost: it exists to grow the leaders the organisation needs.".into());
    let days: Vec<String> = p.checkins.days.iter().map(u32::to_string).collect();
    parts.push(format!(
        "How it works: {} Pairs meet {} ({}) for about {} months before they reassess together. Both are asked how it is going after {} days. A pair with no contact in the first {} days is closed without blame, and both are free to try again.",
        mode_sentence(p.mode),
        p.agreement_defaults.cadence.label(),
        p.agreement_defaults.mode.label().to_lowercase(),
        p.agreement_defaults.duration_months,
        days.join(" and "),
        p.dormancy.days
    ));
    let mut expected = String::from("What is expected of you:");
    for role in roles {
        expected.push_str("\n- ");
        expected.push_str(role.expectations());
    }
    parts.push(expected);
    let mut training = Vec::new();
    if p.mentor_training_required {
        training.push("mentors");
    }
    if p.mentee_training_required {
        training.push("mentees");
    }
    if !training.is_empty() {
        parts.push(format!(
            "Training is required for {} before they are matched: find it under Resources in Mentorhub.",
            training.join(" and ")
        ));
    }
    parts.push(format!(
        "Open Mentorhub and go to Programmes → {} to take part.",
        p.name
    ));
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mentorhub_domain::programme::*;
    use mentorhub_domain::ProgrammeId;

    #[test]
    fn each_reader_learns_what_is_expected_of_their_roles_only() {
        let p = Programme {
            id: ProgrammeId(3),
            name: "Finance leaders".into(),
            description: String::new(),
            objective: Objective::SuccessionPipeline,
            focus_skills: vec!["Strategic decisions".into()],
            at_risk_functions: vec!["Finance".into()],
            mode: ProgrammeMode::Hybrid,
            formality: Formality::Formal,
            status: ProgrammeStatus::Open,
            target_pool: TargetPool::default(),
            weights: CriteriaWeights::default(),
            rules: HardRules::default(),
            agreement_defaults: AgreementDefaults::formal(),
            checkins: CheckInSchedule::default(),
            dormancy: DormancyRule::default(),
            mentor_training_required: true,
            mentee_training_required: false,
            version: 1,
        };
        let text = announcement_text(&p, &BTreeSet::from([Stakeholder::Manager]));
        assert!(text.contains("succession pipeline"));
        assert!(text.contains("Strategic decisions"));
        assert!(text.contains("As the manager"));
        assert!(!text.contains("As a mentor"));
        assert!(text.contains("after 30 and 90 days"));
        assert!(text.contains("Training is required for mentors"));
    }
}
