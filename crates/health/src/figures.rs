//! A programme's health (SPEC §10), figure by figure, from the store's counts.
//! The same value feeds the page, the JSON API and the check-in CSV.

use crate::share::{may_break_down, Breakdown, Part, Share};
use crate::timeline::{months, MonthFigures};
use crate::waits::Waits;
use mentorhub_domain::enrolment::{EnrolmentStatus, ParticipantRole};
use mentorhub_domain::programme::Programme;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{CheckInCounts, Store, StoreResult};
use mentorhub_web::pages::format_date;
use serde::Serialize;
use utoipa::ToSchema;

/// How many named pairs the lists of pairs behind and near dormancy show; the
/// pairs CSV has them all.
pub const PAIRS_LISTED: i64 = 50;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeHealth {
    pub programme_id: i64,
    pub programme_name: String,
    /// When the figures were computed (RFC 3339, UTC).
    pub as_of: String,
    pub participants: Participants,
    pub mentor_pool: MentorPool,
    pub matching: Matching,
    pub cadence: CadenceFigures,
    /// One entry per check-in of the schedule that has fallen due (1 and 3 months by default).
    pub checkins: Vec<CheckInFigures>,
    pub dormancy: DormancyFigures,
    pub goals: GoalFigures,
    /// Mentors, then mentees.
    pub training: Vec<TrainingFigures>,
    pub timeline: TimelineFigures,
}

/// Participants by role and enrolment status, and relationships by state.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Participants {
    pub mentors: Breakdown,
    pub mentees: Breakdown,
    pub relationships: Breakdown,
}

/// The qualified mentor pool against mentee demand.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorPool {
    /// Approved, trained where required, still with the organisation.
    pub qualified_mentors: i64,
    /// Mentees they can take at once, together.
    pub places: i64,
    /// Places not taken by an open relationship.
    pub places_left: i64,
    /// Mentees without an open relationship in the programme.
    pub mentees_waiting: i64,
    /// Places left minus mentees waiting: below zero when mentees outnumber places.
    pub balance: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Matching {
    /// Mentees enrolled (not withdrawn).
    pub mentees: i64,
    /// Mentees with a relationship that was not declined.
    pub matched: Share,
    /// Of matched mentees who named preferences: matched with their first choice.
    pub first_choice: Share,
    /// … with their second choice.
    pub second_choice: Share,
    /// Days from enrolment to the first relationship, per matched mentee.
    pub enrolment_to_match: Waits,
    /// Days from a relationship's start to its first meeting held, per pair.
    pub match_to_first_meeting: Waits,
}

/// Meetings held against the agreed cadence, over the pairs meeting now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CadenceFigures {
    pub pairs: i64,
    pub meetings_expected: i64,
    pub meetings_held: i64,
    /// Meetings held within each pair's cadence, of those expected.
    pub kept: Share,
    /// Pairs that held fewer meetings than agreed, of all pairs.
    pub behind: Share,
    /// The pairs furthest behind (at most 50), the furthest first.
    pub pairs_behind: Vec<PairBehindFigure>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairBehindFigure {
    pub relationship_id: i64,
    pub mentor_name: String,
    pub mentee_name: String,
    /// `weekly`, `fortnightly` or `monthly`.
    pub cadence: String,
    /// The day the agreement was first confirmed.
    pub active_since: String,
    pub meetings_expected: i64,
    pub meetings_held: i64,
    pub meetings_behind: i64,
    pub last_meeting: Option<String>,
}

/// One check-in of the schedule: who answered and what the answers add up to.
/// What anyone wrote under "what would help" never appears.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckInFigures {
    /// Days after activation.
    pub due_day: i64,
    /// E.g. "After 1 month".
    pub label: String,
    /// Check-ins answered, of those due.
    pub answered: Share,
    /// "We are in regular contact", of the answers.
    pub in_regular_contact: Share,
    /// "Is it working", 1 (not at all) to 5 (very well), over the answers.
    pub working: Breakdown,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DormancyFigures {
    /// No contact within this many days of the introduction ⇒ dormant.
    pub window_days: i64,
    /// Dormant relationships, of those introduced.
    pub dormant: Share,
    /// Pairs without contact near or past the end of the window.
    pub approaching: i64,
    /// Those pairs, named (at most 50), the most urgent first.
    pub pairs_approaching: Vec<PairNearDormancyFigure>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairNearDormancyFigure {
    pub relationship_id: i64,
    pub mentor_name: String,
    pub mentee_name: String,
    /// `introduced` or `active`.
    pub state: String,
    pub introduced_on: String,
    /// Days until the window ends; 0 or below when it has passed.
    pub days_left: i64,
}

/// Goals, in aggregate only (SPEC §9).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalFigures {
    pub goals: i64,
    pub mentees_with_goals: i64,
    /// Average progress of the goals not dropped, whole percent; absent when
    /// fewer than 5 mentees have goals.
    pub average_progress: Option<i64>,
    pub by_status: Breakdown,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingFigures {
    /// `mentor` or `mentee`.
    pub role: String,
    pub required_items: i64,
    /// Participants with all required training done, of those taking part.
    pub trained: Share,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineFigures {
    pub relationships: i64,
    /// True when the programme has too few relationships to show month by month.
    pub withheld: bool,
    pub months: Vec<MonthFigures>,
}

/// How an enrolment status reads for a role.
pub fn status_label(role: ParticipantRole, status: EnrolmentStatus) -> &'static str {
    match (role, status) {
        (_, EnrolmentStatus::Applied) => "Applied, not yet assessed",
        (_, EnrolmentStatus::Enrolled) => "Enrolled, self-assessment to do",
        (ParticipantRole::Mentor, EnrolmentStatus::Approved) => "Approved",
        (ParticipantRole::Mentee, EnrolmentStatus::Approved) => "Ready to be matched",
        (_, EnrolmentStatus::Declined) => "Declined",
        (_, EnrolmentStatus::Withdrawn) => "Withdrawn",
    }
}

/// "After 1 month", "After 3 months", "After 45 days".
pub fn checkin_label(due_day: i64) -> String {
    match due_day {
        30 => "After 1 month".to_string(),
        d if d % 30 == 0 => format!("After {} months", d / 30),
        d => format!("After {d} days"),
    }
}

/// The check-in figures of one day of the schedule.
pub fn checkin_figures(c: &CheckInCounts) -> CheckInFigures {
    const WORKING: [&str; 5] = ["1 – not at all", "2", "3", "4", "5 – very well"];
    let parts = WORKING
        .iter()
        .zip(c.working)
        .enumerate()
        .map(|(i, (label, n))| Part::new(format!("working_{}", i + 1), *label, n))
        .collect();
    CheckInFigures {
        due_day: c.due_day,
        label: checkin_label(c.due_day),
        answered: Share::of_people(c.answered, c.due),
        in_regular_contact: Share::of_people(c.in_regular_contact, c.answered),
        working: Breakdown::new(parts, c.answered),
    }
}

/// Every figure of `programme`'s health at `now`, its queries run side by side.
pub async fn programme_health(
    store: &Store,
    programme: &Programme,
    now: Timestamp,
) -> StoreResult<ProgrammeHealth> {
    let id = programme.id;
    let (
        enrolments,
        relationships_counts,
        pool,
        matching,
        (cadence, behind),
        checkins,
        near,
        goals,
        training,
        timeline,
    ) = tokio::try_join!(
        store.health_enrolments(id),
        store.health_relationships(id, now),
        store.health_mentor_pool(id),
        store.health_matching(id),
        store.health_cadence(id, now, PAIRS_LISTED),
        store.health_checkins(id),
        store.health_pairs_near_dormancy(id, now, PAIRS_LISTED),
        store.health_goals(id),
        store.health_training(id),
        store.health_timeline(id),
    )?;

    let by_role = |role: ParticipantRole| {
        let parts: Vec<Part> = EnrolmentStatus::ALL
            .iter()
            .map(|s| {
                let n = enrolments
                    .iter()
                    .filter(|e| e.role == role && e.status == *s)
                    .map(|e| e.people)
                    .sum();
                Part::new(s.as_str(), status_label(role, *s), n)
            })
            .collect();
        let people = parts.iter().map(|p| p.count).sum();
        Breakdown::new(parts, people)
    };
    let state_parts: Vec<Part> = RelationshipState::ALL
        .iter()
        .map(|s| {
            let n = relationships_counts
                .by_state
                .iter()
                .find(|(x, _)| x == s)
                .map_or(0, |(_, n)| *n);
            Part::new(s.as_str(), s.label(), n)
        })
        .collect();
    let relationships: i64 = state_parts.iter().map(|p| p.count).sum();

    let window_days = i64::from(programme.dormancy.days);
    let goal_parts = goals
        .by_status
        .iter()
        .map(|(s, n)| Part::new(s.as_str(), s.label(), *n))
        .collect();
    let goals_shown = may_break_down(goals.mentees) && goals.goals_not_dropped > 0;
    Ok(ProgrammeHealth {
        programme_id: id.0,
        programme_name: programme.name.clone(),
        as_of: now.to_rfc3339(),
        participants: Participants {
            mentors: by_role(ParticipantRole::Mentor),
            mentees: by_role(ParticipantRole::Mentee),
            relationships: Breakdown::new(state_parts, relationships * 2),
        },
        mentor_pool: MentorPool {
            qualified_mentors: pool.qualified_mentors,
            places: pool.places,
            places_left: pool.places_left,
            mentees_waiting: pool.mentees_waiting,
            balance: pool.places_left - pool.mentees_waiting,
        },
        matching: Matching {
            mentees: matching.mentees,
            matched: Share::of_people(matching.matched, matching.mentees),
            first_choice: Share::of_people(
                matching.first_choice,
                matching.matched_with_preferences,
            ),
            second_choice: Share::of_people(
                matching.second_choice,
                matching.matched_with_preferences,
            ),
            enrolment_to_match: Waits::from_days(&matching.days_to_match, 1),
            match_to_first_meeting: Waits::from_days(&matching.days_to_first_meeting, 2),
        },
        cadence: CadenceFigures {
            pairs: cadence.pairs,
            meetings_expected: cadence.meetings_expected,
            meetings_held: cadence.meetings_held,
            kept: Share::new(
                cadence.meetings_held_within_cadence,
                cadence.meetings_expected,
                cadence.pairs * 2,
            ),
            behind: Share::of_pairs(cadence.pairs_behind, cadence.pairs),
            pairs_behind: behind
                .into_iter()
                .map(|p| PairBehindFigure {
                    relationship_id: p.relationship_id.0,
                    mentor_name: p.mentor_name,
                    mentee_name: p.mentee_name,
                    cadence: p.cadence.as_str().to_string(),
                    active_since: format_date(p.active_since),
                    meetings_expected: p.expected,
                    meetings_held: p.held,
                    meetings_behind: p.expected - p.held,
                    last_meeting: p.last_meeting_at.map(format_date),
                })
                .collect(),
        },
        checkins: checkins.iter().map(checkin_figures).collect(),
        dormancy: DormancyFigures {
            window_days,
            dormant: Share::of_pairs(
                relationships_counts.dormant,
                relationships_counts.introduced,
            ),
            approaching: relationships_counts.approaching,
            pairs_approaching: near
                .into_iter()
                .map(|p| PairNearDormancyFigure {
                    relationship_id: p.relationship_id.0,
                    mentor_name: p.mentor_name,
                    mentee_name: p.mentee_name,
                    state: p.state.as_str().to_string(),
                    introduced_on: format_date(p.introduced_at),
                    days_left: window_days - p.introduced_at.days_until(now),
                })
                .collect(),
        },
        goals: GoalFigures {
            goals: goals.goals,
            mentees_with_goals: goals.mentees,
            average_progress: goals_shown.then(|| {
                (goals.progress_sum * 2 + goals.goals_not_dropped) / (2 * goals.goals_not_dropped)
            }),
            by_status: Breakdown::new(goal_parts, goals.mentees),
        },
        training: training
            .iter()
            .map(|t| TrainingFigures {
                role: t.role.as_str().to_string(),
                required_items: t.required_items,
                trained: Share::of_people(t.trained, t.participants),
            })
            .collect(),
        timeline: TimelineFigures {
            relationships,
            withheld: !may_break_down(relationships * 2),
            months: if may_break_down(relationships * 2) {
                months(&timeline, now)
            } else {
                Vec::new()
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkins_read_in_months() {
        assert_eq!(checkin_label(30), "After 1 month");
        assert_eq!(checkin_label(90), "After 3 months");
        assert_eq!(checkin_label(45), "After 45 days");
    }

    #[test]
    fn a_checkin_answered_by_four_people_shows_only_who_answered() {
        let c = CheckInCounts {
            due_day: 30,
            due: 6,
            answered: 4,
            in_regular_contact: 3,
            working: [0, 0, 1, 2, 1],
        };
        let f = checkin_figures(&c);
        assert_eq!(f.answered.display(), "67%");
        assert!(f.in_regular_contact.withheld);
        assert!(f.working.withheld());
        assert_eq!(f.working.total, 4);
    }
}
