//! What the demo contains, counted from the generated organisation: printed by
//! `mentorhub serve --demo` and compared with the database in tests.

use crate::model::*;
use mentorhub_domain::enrolment::EnrolmentStatus;
use mentorhub_domain::relationship::RelationshipState;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub people: usize,
    pub managers: usize,
    pub programmes: usize,
    /// Mentor enrolments approved, across both programmes.
    pub mentors_approved: usize,
    pub mentor_applications_pending: usize,
    pub mentor_applications_declined: usize,
    pub mentor_assessments: usize,
    pub mentees: usize,
    pub self_assessments: usize,
    pub preferences: usize,
    pub relationships: usize,
    /// Every state of the machine, in its order, with how many relationships are in it.
    pub relationships_by_state: Vec<(RelationshipState, usize)>,
    /// Rows of history, counting each relationship's creation as one.
    pub transitions: usize,
    pub agreements: usize,
    pub goals: usize,
    pub meetings: usize,
    pub meeting_notes: usize,
    pub checkins: usize,
    pub checkins_answered: usize,
    pub reflections: usize,
    pub resources: usize,
    pub resource_completions: usize,
    pub shortlist_entries: usize,
    pub offers: usize,
    pub accounts: usize,
}

impl DemoSummary {
    pub fn of(org: &DemoOrg) -> Self {
        let mentors = |status| org.mentors.iter().filter(|m| m.status == status).count();
        let rels = &org.relationships;
        let sum = |f: &dyn Fn(&DemoRelationship) -> usize| rels.iter().map(f).sum::<usize>();
        DemoSummary {
            people: org.people.len(),
            managers: (0..org.people.len())
                .filter(|&p| org.people.iter().any(|q| q.manager == Some(p)))
                .count(),
            programmes: org.programmes.len(),
            mentors_approved: mentors(EnrolmentStatus::Approved),
            mentor_applications_pending: mentors(EnrolmentStatus::Applied),
            mentor_applications_declined: mentors(EnrolmentStatus::Declined),
            mentor_assessments: org
                .mentors
                .iter()
                .filter(|m| m.assessment.is_some())
                .count(),
            mentees: org.mentees.len(),
            self_assessments: org.mentees.len(),
            preferences: org.mentees.iter().map(|m| m.preferences.len()).sum(),
            relationships: rels.len(),
            relationships_by_state: RelationshipState::ALL
                .iter()
                .map(|s| (*s, rels.iter().filter(|r| r.state == *s).count()))
                .collect(),
            transitions: sum(&|r| 1 + r.history.len()),
            agreements: sum(&|r| r.agreement.is_some() as usize),
            goals: sum(&|r| r.goals.len()),
            meetings: sum(&|r| r.meetings.len()),
            meeting_notes: sum(&|r| r.meetings.iter().map(|m| m.notes.len()).sum()),
            checkins: sum(&|r| r.checkins.len()),
            checkins_answered: sum(&|r| r.checkins.iter().filter(|c| c.answer.is_some()).count()),
            reflections: sum(&|r| r.reflections.len()),
            resources: org.resources.len(),
            resource_completions: org.completions.len(),
            shortlist_entries: org.shortlist.len(),
            offers: org.offers.len(),
            accounts: crate::DEMO_ACCOUNTS.len(),
        }
    }

    pub fn in_state(&self, state: RelationshipState) -> usize {
        self.relationships_by_state
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let states = self
            .relationships_by_state
            .iter()
            .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "Demo organisation loaded: {} people ({} managers) in {} programmes; \
             {} approved mentor enrolments, {} applications waiting and {} declined; \
             {} mentees with self-assessments and {} ranked preferences; \
             {} relationships ({states}) with {} recorded transitions, {} agreements, {} goals, \
             {} meetings, {} notes, {} check-ins ({} answered) and {} reflections; \
             {} resources ({} completions), {} shortlist entries, {} offers; \
             {} demo sign-ins.",
            self.people,
            self.managers,
            self.programmes,
            self.mentors_approved,
            self.mentor_applications_pending,
            self.mentor_applications_declined,
            self.mentees,
            self.preferences,
            self.relationships,
            self.transitions,
            self.agreements,
            self.goals,
            self.meetings,
            self.meeting_notes,
            self.checkins,
            self.checkins_answered,
            self.reflections,
            self.resources,
            self.resource_completions,
            self.shortlist_entries,
            self.offers,
            self.accounts,
        )
    }
}
