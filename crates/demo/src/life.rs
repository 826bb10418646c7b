//! A relationship's life after the introduction: the agreement both confirm, the
//! mentee's goals, meetings with agendas and notes, check-ins at one and three
//! months, and closing reflections. Every value passes the domain's validation.

use crate::clock::Clock;
use crate::life_text as text;
use crate::model::*;
use crate::rng::DemoRng;
use mentorhub_domain::agreement::{
    default_confidentiality, default_raising_concerns, AgreementTerms,
};
use mentorhub_domain::checkin::CheckInAnswer;
use mentorhub_domain::goal::{GoalInput, GoalStatus};
use mentorhub_domain::meeting::{MeetingInput, MeetingStatus};
use mentorhub_domain::programme::{Cadence, MeetingMode};
use mentorhub_domain::relationship::{RelationshipEvent, RelationshipState as S};
use mentorhub_domain::time_util::Timestamp;

pub fn fill(
    rng: &mut DemoRng,
    clock: Clock,
    rel: &mut DemoRelationship,
    programme: &DemoProgramme,
    assessment: &DemoSelfAssessment,
    is_demo: bool,
) {
    let today = clock.today;
    let intro = rel.time_of(S::Introduced);
    let Some(active) = rel.time_of(S::Active) else {
        // Introduced recently: the mentor has drafted and confirmed the agreement,
        // and the first meeting is in the diary. Pairs near the dormancy line have
        // neither, which is what the health pages show.
        if rel.state == S::Introduced {
            if let Some(intro) = intro {
                if clock.days_ago(intro) < 60 {
                    rel.agreement = Some(agreement(
                        rng,
                        rel,
                        programme,
                        false,
                        rel.mentor,
                        intro.plus_days(2).min(today),
                    ));
                    rel.meetings.push(first_meeting_ahead(rng, clock, rel));
                }
            }
        }
        return;
    };
    let confirmer = match rel
        .history
        .iter()
        .find(|t| t.event == RelationshipEvent::ConfirmAgreement)
        .map(|t| t.actor)
    {
        Some(DemoActor::Person(p)) => p,
        _ => rel.mentee,
    };
    let mut agreed = agreement(rng, rel, programme, true, confirmer, active);
    if is_demo {
        // The demo pair keeps to the programme's rhythm, so the pages show it.
        agreed.terms.cadence = programme.agreement_defaults.cadence;
        agreed.terms.mode = programme.agreement_defaults.mode;
    }
    let cadence = agreed.terms.cadence;
    let mode = agreed.terms.mode;
    let duration_days = agreed.terms.duration_months as i64 * 30;
    rel.agreement = Some(agreed);
    let closed = rel
        .state
        .is_closed()
        .then(|| rel.history.last().map(|t| t.at))
        .flatten();
    let end = closed.unwrap_or(today);

    meetings(rng, clock, rel, active, end, cadence, mode);
    // Goals belong to the current period: a pair that chose to continue is
    // part-way through new goals, not past the end of the old ones.
    let period = rel
        .history
        .iter()
        .rev()
        .find(|t| t.to == S::Active)
        .map_or(active, |t| t.at);
    goals(
        rng,
        clock,
        rel,
        assessment,
        period,
        end,
        duration_days,
        is_demo,
    );
    checkins(
        rng,
        rel,
        programme,
        active,
        end,
        closed.is_some(),
        today,
        is_demo,
    );
    if rel.state == S::Completed {
        let at = end.plus_days(rng.range(0, 2)).min(today);
        rel.reflections.push(DemoReflection {
            person: rel.mentee,
            body: rng.pick(&text::MENTEE_REFLECTIONS).to_string(),
            at,
        });
        rel.reflections.push(DemoReflection {
            person: rel.mentor,
            body: rng.pick(&text::MENTOR_REFLECTIONS).to_string(),
            at,
        });
    }
}

fn agreement(
    rng: &mut DemoRng,
    rel: &DemoRelationship,
    programme: &DemoProgramme,
    both: bool,
    by: PersonIx,
    at: Timestamp,
) -> DemoAgreement {
    let defaults = programme.agreement_defaults;
    let cadence = match rng.below(10) {
        0 if defaults.cadence != Cadence::Weekly => Cadence::Weekly,
        1 if defaults.cadence != Cadence::Monthly => Cadence::Monthly,
        _ => defaults.cadence,
    };
    let mode = match rng.below(10) {
        0..=5 => defaults.mode,
        6..=8 => MeetingMode::Video,
        _ => MeetingMode::InPerson,
    };
    let terms = AgreementTerms {
        cadence,
        mode,
        confidentiality: default_confidentiality(),
        raising_concerns: default_raising_concerns(),
        duration_months: defaults.duration_months,
        mentor_concerns: rng.pick(&text::MENTOR_CONCERNS).to_string(),
        mentee_concerns: rng.pick(&text::MENTEE_CONCERNS).to_string(),
    };
    terms
        .validate(programme.formality)
        .expect("demo agreement terms are valid");
    DemoAgreement {
        terms,
        mentor_confirmed: true,
        mentee_confirmed: both,
        updated_by: by,
        updated_at: at.max(rel.created_at),
    }
}

fn first_meeting_ahead(rng: &mut DemoRng, clock: Clock, rel: &DemoRelationship) -> DemoMeeting {
    let input = MeetingInput {
        starts_at: clock.ahead(rng.range(2, 6), rng.range(9, 15)),
        duration_minutes: 60,
        mode: MeetingMode::InPerson,
        status: MeetingStatus::Scheduled,
        agenda: text::FIRST_AGENDA.into(),
        next_meeting_at: None,
        question_for_next: String::new(),
    };
    DemoMeeting {
        input: input.validate(clock.today).expect("valid meeting"),
        created_by: rel.mentee,
        notes: Vec::new(),
    }
}

fn meetings(
    rng: &mut DemoRng,
    clock: Clock,
    rel: &mut DemoRelationship,
    active: Timestamp,
    end: Timestamp,
    cadence: Cadence,
    mode: MeetingMode,
) {
    let today = clock.today;
    let ended_badly = rel.state == S::EndedEarly;
    // Meetings thin out before an early ending; that is usually why it ended.
    let stop = if ended_badly { end.plus_days(-30) } else { end };
    let mut times = Vec::new();
    // The agreement was confirmed at the first meeting, two hours before it was recorded.
    let mut t = Timestamp(active.0 - 2 * 3_600_000);
    while t <= stop && t <= today {
        times.push(t);
        let next = clock.days_ago(t) - cadence.interval_days() - rng.range(-2, 2);
        if next < 1 {
            break;
        }
        t = clock.at(next, rng.range(9, 16));
    }
    let open = !rel.state.is_closed() && rel.state != S::Introduced;
    let upcoming = open.then(|| {
        clock.ahead(
            rng.range(3, cadence.interval_days().min(12)),
            rng.range(9, 16),
        )
    });
    for (i, &starts_at) in times.iter().enumerate() {
        let next_at = times.get(i + 1).copied().or(upcoming);
        let cancelled = i > 2 && rng.chance(5);
        let agenda = match i {
            0 => text::FIRST_AGENDA.to_string(),
            1 => text::SECOND_AGENDA.to_string(),
            _ => rng.pick(&text::AGENDAS).to_string(),
        };
        let question = if cancelled || (i >= 3 && !rng.chance(40)) {
            String::new()
        } else {
            rng.pick(&text::QUESTIONS).to_string()
        };
        let status = if cancelled {
            MeetingStatus::Cancelled
        } else {
            MeetingStatus::Held
        };
        let input = MeetingInput {
            starts_at,
            duration_minutes: *rng.pick(&[30, 45, 60, 60]),
            mode: meeting_mode(rng, mode),
            status,
            agenda,
            next_meeting_at: next_at.filter(|n| *n > starts_at),
            question_for_next: question,
        }
        .validate(today)
        .expect("demo meetings are valid");
        let mut notes = Vec::new();
        if !cancelled {
            if rng.chance(90) {
                notes.push(DemoNote {
                    author: rel.mentee,
                    body: rng.pick(&text::MENTEE_NOTES).to_string(),
                    shared: rng.chance(35),
                });
            }
            if rng.chance(55) {
                notes.push(DemoNote {
                    author: rel.mentor,
                    body: rng.pick(&text::MENTOR_NOTES).to_string(),
                    shared: rng.chance(30),
                });
            }
        }
        let created_by = if rng.chance(80) {
            rel.mentee
        } else {
            rel.mentor
        };
        rel.meetings.push(DemoMeeting {
            input,
            created_by,
            notes,
        });
    }
    if let Some(starts_at) = upcoming {
        let agenda = if rel.state == S::ReassessmentDue {
            "Reassessment: what we set out to do, what changed, and whether to continue for another period or close with a reflection.".to_string()
        } else {
            rng.pick(&text::AGENDAS).to_string()
        };
        let input = MeetingInput {
            starts_at,
            duration_minutes: 45,
            mode: meeting_mode(rng, mode),
            status: MeetingStatus::Scheduled,
            agenda,
            next_meeting_at: None,
            question_for_next: String::new(),
        }
        .validate(today)
        .expect("demo meetings are valid");
        rel.meetings.push(DemoMeeting {
            input,
            created_by: rel.mentee,
            notes: Vec::new(),
        });
    }
}

fn meeting_mode(rng: &mut DemoRng, agreed: MeetingMode) -> MeetingMode {
    match agreed {
        MeetingMode::Mixed => *rng.pick(&[
            MeetingMode::InPerson,
            MeetingMode::Video,
            MeetingMode::Video,
            MeetingMode::Phone,
        ]),
        m => m,
    }
}

#[allow(clippy::too_many_arguments)]
fn goals(
    rng: &mut DemoRng,
    clock: Clock,
    rel: &mut DemoRelationship,
    assessment: &DemoSelfAssessment,
    active: Timestamp,
    end: Timestamp,
    duration_days: i64,
    is_demo: bool,
) {
    let mut list: Vec<(String, String)> = assessment
        .focus_skills
        .iter()
        .map(|s| {
            (
                text::goal_title(s, rng.below(2)).to_string(),
                format!("Focus skill: {s}."),
            )
        })
        .collect();
    if list.len() < 3 && (is_demo || rng.chance(60)) {
        let (title, description) = *rng.pick(&text::EXTRA_GOALS);
        list.push((title.into(), description.into()));
    }
    let elapsed = (end.0 - active.0) as f64 / (duration_days as f64 * 86_400_000.0);
    let created_at = active.plus_days(14).min(clock.today);
    for (i, (title, description)) in list.into_iter().enumerate() {
        let base = (elapsed * 100.0) as i64 + rng.range(-15, 15);
        let (progress, status) = match rel.state {
            S::Completed if i < 2 => (100, GoalStatus::Achieved),
            S::EndedEarly if i == 1 => (base.clamp(0, 60), GoalStatus::Dropped),
            _ if base >= 100 => (100, GoalStatus::Achieved),
            _ => (base.clamp(0, 95), GoalStatus::InProgress),
        };
        let shared = if is_demo { i < 2 } else { rng.chance(40) };
        let input = GoalInput {
            title,
            description,
            progress,
            status,
            shared_with_manager: shared,
        }
        .validate()
        .expect("demo goals are valid");
        let updated_at = rel.last_contact().unwrap_or(created_at).max(created_at);
        rel.goals.push(DemoGoal {
            input,
            created_at,
            updated_at,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn checkins(
    rng: &mut DemoRng,
    rel: &mut DemoRelationship,
    programme: &DemoProgramme,
    active: Timestamp,
    end: Timestamp,
    closed: bool,
    today: Timestamp,
    is_demo: bool,
) {
    let struggling = rel.state == S::EndedEarly;
    for &day in &programme.checkins.days {
        let due_at = active.plus_days(day as i64);
        if due_at > end {
            continue;
        }
        for person in [rel.mentee, rel.mentor] {
            let overdue_days = due_at.days_until(today);
            let answered = if is_demo {
                // The demo mentee has the three-month check-in still to answer.
                !(day == 90 && person == rel.mentee)
            } else if closed || overdue_days > 12 {
                rng.chance(92)
            } else {
                rng.chance(if person == rel.mentor { 60 } else { 35 })
            };
            let answer = answered.then(|| {
                let at = due_at.plus_days(rng.range(0, 5)).min(today);
                let (contact, working, help) = if struggling && day > 30 {
                    (false, 2, rng.pick(&text::HELP_STRUGGLING).to_string())
                } else {
                    (
                        true,
                        rng.range(3, 5),
                        rng.pick(&text::HELP_POSITIVE).to_string(),
                    )
                };
                CheckInAnswer::new(contact, working, &help, at)
                    .expect("demo check-in answers are valid")
            });
            rel.checkins.push(DemoCheckIn {
                person,
                due_day: day,
                due_at,
                answer,
            });
        }
    }
}
