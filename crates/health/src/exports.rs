//! A programme's CSV exports, for the page's download links, the API and the
//! `mentorhub export …` command. Dates, states, counts and names only: no meeting
//! agenda or note, no check-in comment, no goal, no reason typed by a person.

use crate::csv::CsvWriter;
use crate::figures::checkin_figures;
use crate::share::Share;
use mentorhub_domain::relationship::RelationshipState;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::ProgrammeId;
use mentorhub_store::{Store, StoreResult};
use serde::Deserialize;
use utoipa::ToSchema;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// Every enrolment: role, status, training, open relationships.
    Participants,
    /// Every relationship with its state history, one row per step.
    Relationships,
    /// Every meeting: date, length, mode, held or not.
    Meetings,
    /// Check-in rates per check-in of the schedule.
    Checkins,
    /// Every open pair: meetings held against the cadence, days to dormancy.
    Pairs,
}

impl ExportKind {
    pub const ALL: [ExportKind; 5] = [
        ExportKind::Participants,
        ExportKind::Relationships,
        ExportKind::Meetings,
        ExportKind::Checkins,
        ExportKind::Pairs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Participants => "participants",
            ExportKind::Relationships => "relationships",
            ExportKind::Meetings => "meetings",
            ExportKind::Checkins => "checkins",
            ExportKind::Pairs => "pairs",
        }
    }

    pub fn parse(s: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the download link says.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Participants => "Participants",
            ExportKind::Relationships => "Relationships and their state history",
            ExportKind::Meetings => "Meetings (dates and modes)",
            ExportKind::Checkins => "Check-in rates",
            ExportKind::Pairs => "Open pairs: cadence and dormancy",
        }
    }

    /// The file name offered for `programme`.
    pub fn file_name(self, programme: ProgrammeId) -> String {
        format!("programme-{}-{}.csv", programme.0, self.as_str())
    }
}

fn date(t: Timestamp) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    t.to_datetime().format(&fmt).unwrap_or_default()
}

fn date_time(t: Timestamp) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.to_datetime().format(&fmt).unwrap_or_default()
}

fn opt_date(t: Option<Timestamp>) -> String {
    t.map(date).unwrap_or_default()
}

fn count(share: &Share) -> String {
    share.count.map(|c| c.to_string()).unwrap_or_default()
}

fn percent(share: &Share) -> String {
    share.percent.map(|p| format!("{p:.1}")).unwrap_or_default()
}

/// The CSV of `kind` for `programme` at `now` (UTF-8, CRLF line ends).
pub async fn export_csv(
    store: &Store,
    programme: ProgrammeId,
    kind: ExportKind,
    now: Timestamp,
) -> StoreResult<String> {
    let p = store.get_programme(programme).await?;
    let id = p.id;
    let csv = match kind {
        ExportKind::Participants => {
            let mut w = CsvWriter::new(&[
                "employee_id",
                "name",
                "role",
                "status",
                "enrolled_on",
                "required_training_complete",
                "open_relationships",
            ]);
            for r in store.health_export_participants(id).await? {
                w.row([
                    r.employee_id,
                    r.name,
                    r.role.as_str().into(),
                    r.status.as_str().into(),
                    date(r.enrolled_at),
                    if r.training_complete { "yes" } else { "no" }.into(),
                    r.open_relationships.to_string(),
                ]);
            }
            w
        }
        ExportKind::Relationships => {
            let mut w = CsvWriter::new(&[
                "relationship_id",
                "mentor",
                "mentee",
                "origin",
                "current_state",
                "at_utc",
                "from_state",
                "to_state",
                "event",
            ]);
            for r in store.health_export_transitions(id).await? {
                w.row([
                    r.relationship_id.0.to_string(),
                    r.mentor_name,
                    r.mentee_name,
                    r.origin.as_str().into(),
                    r.current_state.as_str().into(),
                    date_time(r.at),
                    r.from.map(|s| s.as_str()).unwrap_or("").into(),
                    r.to.as_str().into(),
                    r.event,
                ]);
            }
            w
        }
        ExportKind::Meetings => {
            let mut w = CsvWriter::new(&[
                "relationship_id",
                "mentor",
                "mentee",
                "starts_at_utc",
                "duration_minutes",
                "mode",
                "status",
            ]);
            for m in store.health_export_meetings(id).await? {
                w.row([
                    m.relationship_id.0.to_string(),
                    m.mentor_name,
                    m.mentee_name,
                    date_time(m.starts_at),
                    m.duration_minutes.to_string(),
                    m.mode.as_str().into(),
                    m.status.as_str().into(),
                ]);
            }
            w
        }
        ExportKind::Checkins => {
            let mut header = vec![
                "checkin",
                "due_day",
                "due",
                "answered",
                "answered_percent",
                "in_regular_contact",
                "in_regular_contact_percent",
            ];
            header.extend([
                "working_1",
                "working_2",
                "working_3",
                "working_4",
                "working_5",
            ]);
            let mut w = CsvWriter::new(&header);
            for c in store.health_checkins(id).await?.iter().map(checkin_figures) {
                let mut row = vec![
                    c.label.clone(),
                    c.due_day.to_string(),
                    c.answered.of.to_string(),
                    count(&c.answered),
                    percent(&c.answered),
                    count(&c.in_regular_contact),
                    percent(&c.in_regular_contact),
                ];
                // Left empty when fewer than 5 people answered (SPEC §9).
                for i in 0..5 {
                    row.push(
                        c.working
                            .parts
                            .as_ref()
                            .map(|parts| parts[i].count.to_string())
                            .unwrap_or_default(),
                    );
                }
                w.row(row);
            }
            w
        }
        ExportKind::Pairs => {
            let mut w = CsvWriter::new(&[
                "relationship_id",
                "mentor",
                "mentee",
                "state",
                "introduced_on",
                "active_since",
                "cadence",
                "meetings_expected",
                "meetings_held",
                "meetings_behind",
                "last_contact_on",
                "days_to_dormancy",
            ]);
            let window = i64::from(p.dormancy.days);
            for r in store.health_export_open_pairs(id, now).await? {
                let expected = r
                    .activated_at
                    .map(|a| r.cadence.expected_meetings(a.days_until(now)));
                let behind = expected.map(|e| (e - r.held_since_activation).max(0));
                // Only pairs the dormancy rule still watches: introduced, no contact.
                // 0 when the window has run out and the sweep has not closed it yet.
                let watched = matches!(
                    r.state,
                    RelationshipState::Introduced | RelationshipState::Active
                );
                let days_left = match (r.introduced_at, r.last_contact_at) {
                    (Some(i), None) if watched => (window - i.days_until(now)).max(0).to_string(),
                    _ => String::new(),
                };
                w.row([
                    r.relationship_id.0.to_string(),
                    r.mentor_name,
                    r.mentee_name,
                    r.state.as_str().into(),
                    opt_date(r.introduced_at),
                    opt_date(r.activated_at),
                    r.cadence.as_str().into(),
                    expected.map(|e| e.to_string()).unwrap_or_default(),
                    r.held_since_activation.to_string(),
                    behind.map(|b| b.to_string()).unwrap_or_default(),
                    opt_date(r.last_contact_at),
                    days_left,
                ]);
            }
            w
        }
    };
    Ok(csv.finish())
}
