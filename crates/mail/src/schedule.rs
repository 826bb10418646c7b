//! What time does to relationships: check-ins fall due, silence turns into a
//! warning and then dormancy, agreed periods run out. A periodic sweep finds
//! this work and queues one job per thing to do; each job checks again when it
//! runs, so that it is right even if something changed in between, and can be
//! run twice without doing anything twice.

use mentorhub_domain::checkin::due_checkins;
use mentorhub_domain::relationship::{dormancy_warning_due, is_dormant, RelationshipState};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::ScheduledRelationship;
use serde::{Deserialize, Serialize};

/// One unit of scheduled work, stored as a job's payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Task {
    /// Look over every open relationship and queue what has fallen due.
    Sweep,
    /// Create the check-in `day` for both and ask them to answer.
    CheckIn { relationship: i64, day: u32 },
    /// Tell both that the dormancy day is near.
    DormancyWarning { relationship: i64 },
    /// Close the relationship as dormant and tell both, kindly.
    DeclareDormant { relationship: i64 },
    /// The period that started at `period_started_at` is over: ask both to
    /// continue or complete.
    Reassessment {
        relationship: i64,
        period_started_at: i64,
    },
}

impl Task {
    /// The job's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Task::Sweep => "sweep",
            Task::CheckIn { .. } => "checkin_due",
            Task::DormancyWarning { .. } => "dormancy_warning",
            Task::DeclareDormant { .. } => "dormancy",
            Task::Reassessment { .. } => "reassessment_due",
        }
    }

    /// The same work twice is one job. A sweep is once per period.
    pub fn dedupe_key(&self, sweep_period: i64) -> String {
        match self {
            Task::Sweep => format!("sweep:{sweep_period}"),
            Task::CheckIn { relationship, day } => format!("checkin:{relationship}:{day}"),
            Task::DormancyWarning { relationship } => format!("dormancy-warning:{relationship}"),
            Task::DeclareDormant { relationship } => format!("dormancy:{relationship}"),
            Task::Reassessment {
                relationship,
                period_started_at,
            } => format!("reassessment:{relationship}:{period_started_at}"),
        }
    }
}

/// The work due at `now` for these relationships, most decisive first: a
/// relationship about to be declared dormant gets nothing else.
pub fn plan(relationships: &[ScheduledRelationship], now: Timestamp) -> Vec<Task> {
    let mut tasks = Vec::new();
    for s in relationships {
        let r = &s.relationship;
        let id = r.id.0;
        let dormancy = s.dormancy;
        if is_dormant(
            r.state,
            r.introduced_at,
            s.last_contact_at,
            now,
            dormancy.days,
        ) {
            tasks.push(Task::DeclareDormant { relationship: id });
            continue;
        }
        if dormancy_warning_due(
            r.state,
            r.introduced_at,
            s.last_contact_at,
            now,
            dormancy.days,
            dormancy.warn_days_before,
        ) {
            tasks.push(Task::DormancyWarning { relationship: id });
        }
        if r.state == RelationshipState::Active {
            if let Some(start) = r.period_started_at {
                if add_months(start, s.duration_months) <= now {
                    tasks.push(Task::Reassessment {
                        relationship: id,
                        period_started_at: start.0,
                    });
                }
            }
        }
        if matches!(
            r.state,
            RelationshipState::Active | RelationshipState::ReassessmentDue
        ) {
            // Only the latest check-in due: after a long pause of the scheduler,
            // nobody is asked the one-month questions at month three.
            let latest = r
                .activated_at
                .and_then(|at| due_checkins(at, &s.checkins.days, now).last().copied());
            if let Some(day) = latest.filter(|d| !s.checkin_days_created.contains(d)) {
                tasks.push(Task::CheckIn {
                    relationship: id,
                    day,
                });
            }
        }
    }
    tasks
}

/// `months` calendar months after `t` (the 31st becomes the month's last day).
pub fn add_months(t: Timestamp, months: u32) -> Timestamp {
    let dt = t.to_datetime();
    let total = dt.year() * 12 + (u8::from(dt.month()) as i32 - 1) + months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let Ok(month) = time::Month::try_from(month0 as u8 + 1) else {
        return t;
    };
    let day = dt.day().min(month.length(year));
    match time::Date::from_calendar_date(year, month, day) {
        Ok(date) => Timestamp::from_datetime(dt.replace_date(date)),
        Err(_) => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mentorhub_domain::programme::{CheckInSchedule, DormancyRule};
    use mentorhub_domain::relationship::{Origin, Relationship};
    use mentorhub_domain::{PersonId, ProgrammeId, RelationshipId};

    const START: Timestamp = Timestamp(1_795_435_200_000); // 2026-11-23T12:00Z

    fn active(contact: Option<Timestamp>) -> ScheduledRelationship {
        ScheduledRelationship {
            relationship: Relationship {
                id: RelationshipId(7),
                programme_id: ProgrammeId(1),
                mentor_id: PersonId(1),
                mentee_id: PersonId(2),
                state: RelationshipState::Active,
                origin: Origin::Matched,
                created_at: START,
                introduced_at: Some(START),
                activated_at: Some(START),
                closed_at: None,
                period_started_at: Some(START),
                version: 3,
            },
            last_contact_at: contact,
            checkins: CheckInSchedule::default(),
            dormancy: DormancyRule::default(),
            duration_months: 6,
            checkin_days_created: Default::default(),
        }
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(add_months(START, 6).to_rfc3339(), "2027-05-23T12:00:00Z");
        assert_eq!(add_months(START, 14).to_rfc3339(), "2028-01-23T12:00:00Z");
        let jan31 = Timestamp::parse_rfc3339("2027-01-31T09:00:00Z").unwrap();
        assert_eq!(add_months(jan31, 1).to_rfc3339(), "2027-02-28T09:00:00Z");
    }

    #[test]
    fn a_silent_pair_is_warned_then_declared_dormant_and_asked_nothing_else() {
        let silent = [active(None)];
        assert_eq!(
            plan(&silent, START.plus_days(75)),
            vec![Task::CheckIn {
                relationship: 7,
                day: 30
            }]
        );
        assert!(
            plan(&silent, START.plus_days(76)).contains(&Task::DormancyWarning { relationship: 7 })
        );
        assert_eq!(
            plan(&silent, START.plus_days(90)),
            vec![Task::DeclareDormant { relationship: 7 }]
        );
    }

    #[test]
    fn a_pair_in_contact_gets_check_ins_and_then_its_reassessment() {
        let mut met = active(Some(START.plus_days(3)));
        assert_eq!(plan(&[met.clone()], START.plus_days(29)), vec![]);
        assert_eq!(
            plan(&[met.clone()], START.plus_days(90)),
            vec![Task::CheckIn {
                relationship: 7,
                day: 90
            }]
        );
        met.checkin_days_created = [30, 90].into();
        assert_eq!(plan(&[met.clone()], START.plus_days(150)), vec![]);
        assert_eq!(
            plan(&[met], add_months(START, 6)),
            vec![Task::Reassessment {
                relationship: 7,
                period_started_at: START.0
            }]
        );
    }
}
