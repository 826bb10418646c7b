//! Privacy rights: everything the product holds about one person (their data
//! export), erasing a person in one transaction, and the audit log read with
//! filters.
//!
//! [`PERSON_COLUMNS`] is the map of where person data lives: every column that
//! refers to a person, with what the export and the erasure do with it. A test
//! compares it with the live schema, so a new table or column that refers to a
//! person cannot be added without deciding both.

use crate::audit::AuditEntry;
use crate::row::RowExt;
use crate::util::page_bounds;
use crate::{Backend, Store, StoreError, StoreResult};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Column, Row};

/// What the export and the erasure do with one column that refers to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// Which export sections read rows through this column, or why none does.
    pub export: &'static str,
    /// What erasing the person does to rows found through this column.
    pub erasure: &'static str,
}

const fn col(
    table: &'static str,
    column: &'static str,
    export: &'static str,
    erasure: &'static str,
) -> PersonColumn {
    PersonColumn {
        table,
        column,
        export,
        erasure,
    }
}

/// Every column that refers to a person (a foreign key to `people` or to
/// `accounts`), with its treatment. Kept equal to the schema by a test.
pub const PERSON_COLUMNS: &[PersonColumn] = &[
    col(
        "people",
        "id",
        "person",
        "name, email, employee id, title, location and function replaced; inactive; erased_at set",
    ),
    col(
        "people",
        "manager_id",
        "manager, direct_reports",
        "kept: the management line of their reports stays intact",
    ),
    col(
        "accounts",
        "person_id",
        "account",
        "disabled, password, admin right and time settings removed",
    ),
    col(
        "sessions",
        "account_id",
        "sessions (no token or CSRF hashes)",
        "deleted",
    ),
    col(
        "invitations",
        "account_id",
        "invitations (no token hashes)",
        "deleted",
    ),
    col(
        "enrolments",
        "person_id",
        "enrolments",
        "kept with role and status (health counts); decision reason cleared",
    ),
    col(
        "enrolments",
        "decided_by",
        "actions (as the admin who decided)",
        "kept: points at the anonymised record",
    ),
    col(
        "mentor_assessments",
        "assessor_id",
        "actions (as the assessor)",
        "kept: points at the anonymised record",
    ),
    col(
        "match_overrides",
        "mentee_id",
        "withheld: an admin's matching plan",
        "deleted",
    ),
    col(
        "match_overrides",
        "mentor_id",
        "withheld: an admin's matching plan",
        "deleted",
    ),
    col(
        "match_runs",
        "created_by",
        "actions (as the admin who ran matching)",
        "kept; the name is replaced in stored results",
    ),
    col("shortlist_entries", "mentee_id", "shortlist", "deleted"),
    col(
        "shortlist_entries",
        "candidate_id",
        "withheld: another mentee's private shortlist (SPEC §9)",
        "notes about them cleared",
    ),
    col(
        "offers",
        "mentor_id",
        "offers_made",
        "kept with state; what was noticed and the reason cleared",
    ),
    col(
        "offers",
        "protege_id",
        "offers_received",
        "kept with state; what was noticed and the reason cleared",
    ),
    col(
        "offer_messages",
        "author_id",
        "offer_messages",
        "every message of their offers deleted",
    ),
    col(
        "relationships",
        "mentor_id",
        "relationships",
        "kept with states and dates (health counts); manager's note cleared",
    ),
    col(
        "relationships",
        "mentee_id",
        "relationships",
        "kept with states and dates (health counts); manager's note cleared",
    ),
    col(
        "relationship_transitions",
        "actor_id",
        "relationship_transitions",
        "kept; reasons they wrote cleared",
    ),
    col(
        "agreements",
        "updated_by",
        "agreements",
        "kept; both parties' concerns cleared",
    ),
    col(
        "meetings",
        "created_by",
        "meetings",
        "kept (cadence counts); agenda and question cleared",
    ),
    col(
        "meeting_notes",
        "author_id",
        "meeting_notes (own, and the partner's shared ones)",
        "their notes deleted",
    ),
    col(
        "checkins",
        "person_id",
        "checkins",
        "kept with the yes/no and 1–5 answers (health counts); free text cleared",
    ),
    col("reflections", "person_id", "reflections", "deleted"),
    col(
        "resource_completions",
        "person_id",
        "training",
        "kept (training completion counts)",
    ),
    col("notifications", "recipient_person_id", "emails", "deleted"),
    col(
        "audit_log",
        "actor_id",
        "audit",
        "kept (who did what, never data); erasure recorded",
    ),
    col(
        "mentor_requests",
        "mentee_id",
        "mentor_requests_made",
        "kept with state; message and reason cleared",
    ),
    col(
        "mentor_requests",
        "mentor_id",
        "mentor_requests_received",
        "kept with state; message and reason cleared",
    ),
    col(
        "reassessment_choices",
        "person_id",
        "reassessment_choices",
        "kept (continue or complete, no text)",
    ),
];

/// Tables that hold person data only through another table's key (an
/// enrolment, relationship, meeting or offer), and how they are reached.
pub const LINKED_TABLES: &[(&str, &str)] = &[
    ("mentor_profiles", "through enrolments: exported; texts cleared on erasure, capacity kept"),
    ("mentor_assessments", "through enrolments: withheld (SPEC §9: the applicant sees the decision); deleted on erasure"),
    ("self_assessments", "through enrolments: exported; deleted on erasure"),
    ("preferences", "through enrolments: the mentee's own exported, never who ranked a mentor; kept (first-choice counts)"),
    ("goals", "through relationships: exported; the mentee's goal texts cleared, progress kept"),
    ("agreements", "through relationships: exported"),
    ("meetings", "through relationships: exported"),
    ("relationship_transitions", "through relationships: exported, reasons only when shared or their own"),
];

/// Tables without person data, and why.
pub const NO_PERSON_DATA: &[(&str, &str)] = &[
    ("programmes", "programme settings"),
    ("resources", "training and resources"),
    ("jobs", "scheduled work by id; any name in a payload is replaced on erasure"),
    ("directory_changes", "a change counter (SQLite)"),
    ("health_changes", "a change counter (SQLite)"),
    ("change_stripes", "change counters (PostgreSQL)"),
    ("auth_throttle", "failed sign-in counters by email or address: short-lived; the person's is deleted on erasure"),
];

/// One foreign key of the live schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub table: String,
    pub column: String,
    pub target: String,
}

/// Everything held about one person, section by section; each row is a JSON
/// object of column name to value (instants are milliseconds since the epoch).
#[derive(Debug, Clone, Default)]
pub struct PersonalData {
    pub sections: Vec<(&'static str, Vec<Map<String, Value>>)>,
}

impl PersonalData {
    pub fn section(&self, name: &str) -> &[Map<String, Value>] {
        self.sections
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or(&[])
    }
}

/// The export, section by section. `$1` is the person's id, `$2` (only where
/// `subject` is set) the audit subject `person:<id>`. Secrets (password, token
/// and CSRF hashes) and what SPEC §9 keeps from the person (a partner's private
/// notes and reasons, who ranked them, others' shortlists, assessors' notes) are
/// never selected.
const EXPORT_SECTIONS: &[(&str, &str)] = &[
    ("person", "SELECT id, employee_id, name, email, title, manager_id, location, function, career_level, active, erased_at, created_at, updated_at FROM people WHERE id = $1"),
    ("manager", "SELECT m.id, m.name, m.title FROM people p JOIN people m ON m.id = p.manager_id WHERE p.id = $1"),
    ("direct_reports", "SELECT id, name, title FROM people WHERE manager_id = $1 ORDER BY id"),
    ("account", "SELECT id, is_admin, active, created_at, password_changed_at, time_zone, date_style, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password FROM accounts WHERE person_id = $1"),
    ("sessions", "SELECT s.id, s.created_at, s.last_seen_at, s.expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.person_id = $1 ORDER BY s.id"),
    ("invitations", "SELECT i.id, i.created_at, i.expires_at, i.used_at FROM invitations i JOIN accounts a ON a.id = i.account_id WHERE a.person_id = $1 ORDER BY i.id"),
    ("enrolments", "SELECT e.id, e.programme_id, g.name AS programme_name, e.role, e.status, e.decision_reason, e.decided_by, e.decided_at, e.created_at, e.updated_at FROM enrolments e JOIN programmes g ON g.id = e.programme_id WHERE e.person_id = $1 ORDER BY e.id"),
    ("mentor_profiles", "SELECT m.enrolment_id, m.bio, m.expertise, m.leadership_style, m.personal_style, m.track_record, m.capacity, m.availability, m.meeting_modes, m.updated_at FROM mentor_profiles m JOIN enrolments e ON e.id = m.enrolment_id WHERE e.person_id = $1 ORDER BY m.enrolment_id"),
    ("self_assessments", "SELECT s.enrolment_id, s.focus_skills, s.leadership_style, s.style_preference, s.personal_preference, s.goals_this_year, s.three_year_view, s.updated_at FROM self_assessments s JOIN enrolments e ON e.id = s.enrolment_id WHERE e.person_id = $1 ORDER BY s.enrolment_id"),
    ("preferences", "SELECT p.mentee_enrolment_id, p.mentor_enrolment_id, mp.id AS mentor_id, mp.name AS mentor_name, p.rank, p.created_at FROM preferences p JOIN enrolments e ON e.id = p.mentee_enrolment_id JOIN enrolments me ON me.id = p.mentor_enrolment_id JOIN people mp ON mp.id = me.person_id WHERE e.person_id = $1 ORDER BY p.mentee_enrolment_id, p.rank"),
    ("shortlist", "SELECT s.id, s.candidate_id, c.name AS candidate_name, s.programme_id, s.position, s.positives, s.constraints, s.recommendations, s.stage, s.contact_method, s.conversations, s.follow_up_welcome, s.thanked, s.notes, s.ask_looking_for, s.ask_how, s.relationship_id, s.created_at, s.updated_at FROM shortlist_entries s JOIN people c ON c.id = s.candidate_id WHERE s.mentee_id = $1 ORDER BY s.position, s.id"),
    ("offers_made", "SELECT o.id, o.protege_id, pp.name AS protege_name, o.programme_id, o.noticed, o.state, CASE WHEN o.reason_shared = 1 THEN o.decline_reason ELSE '' END AS decline_reason, o.relationship_id, o.created_at, o.decided_at FROM offers o JOIN people pp ON pp.id = o.protege_id WHERE o.mentor_id = $1 ORDER BY o.id"),
    ("offers_received", "SELECT o.id, o.mentor_id, m.name AS mentor_name, o.programme_id, o.noticed, o.state, o.decline_reason, o.reason_shared, o.relationship_id, o.created_at, o.decided_at FROM offers o JOIN people m ON m.id = o.mentor_id WHERE o.protege_id = $1 ORDER BY o.id"),
    ("offer_messages", "SELECT om.id, om.offer_id, om.author_id, om.body, om.created_at FROM offer_messages om JOIN offers o ON o.id = om.offer_id WHERE o.mentor_id = $1 OR o.protege_id = $1 ORDER BY om.id"),
    ("mentor_requests_made", "SELECT q.id, q.programme_id, q.mentor_id, m.name AS mentor_name, q.message, q.state, CASE WHEN q.reason_shared = 1 THEN q.reason ELSE '' END AS reason, q.relationship_id, q.created_at, q.decided_at FROM mentor_requests q JOIN people m ON m.id = q.mentor_id WHERE q.mentee_id = $1 ORDER BY q.id"),
    ("mentor_requests_received", "SELECT q.id, q.programme_id, q.mentee_id, me.name AS mentee_name, q.message, q.state, q.reason, q.reason_shared, q.relationship_id, q.created_at, q.decided_at FROM mentor_requests q JOIN people me ON me.id = q.mentee_id WHERE q.mentor_id = $1 ORDER BY q.id"),
    ("relationships", "SELECT r.id, r.programme_id, g.name AS programme_name, r.mentor_id, mr.name AS mentor_name, r.mentee_id, me.name AS mentee_name, r.state, r.origin, r.created_at, r.introduced_at, r.activated_at, r.closed_at, r.period_started_at, r.last_contact_at, r.manager_support_note FROM relationships r JOIN programmes g ON g.id = r.programme_id JOIN people mr ON mr.id = r.mentor_id JOIN people me ON me.id = r.mentee_id WHERE r.mentor_id = $1 OR r.mentee_id = $1 ORDER BY r.id"),
    ("relationship_transitions", "SELECT t.id, t.relationship_id, t.from_state, t.to_state, t.event, t.actor_id, t.at, CASE WHEN t.reason_shared = 1 OR t.actor_id = $1 THEN t.reason ELSE '' END AS reason FROM relationship_transitions t JOIN relationships r ON r.id = t.relationship_id WHERE r.mentor_id = $1 OR r.mentee_id = $1 OR t.actor_id = $1 ORDER BY t.id"),
    ("agreements", "SELECT a.relationship_id, a.cadence, a.mode, a.confidentiality, a.raising_concerns, a.duration_months, a.mentor_concerns, a.mentee_concerns, a.mentor_confirmed, a.mentee_confirmed, a.updated_by, a.updated_at FROM agreements a JOIN relationships r ON r.id = a.relationship_id WHERE r.mentor_id = $1 OR r.mentee_id = $1 ORDER BY a.relationship_id"),
    ("goals", "SELECT gl.id, gl.relationship_id, gl.title, gl.description, gl.progress, gl.status, gl.shared_with_manager, gl.created_at, gl.updated_at FROM goals gl JOIN relationships r ON r.id = gl.relationship_id WHERE r.mentor_id = $1 OR r.mentee_id = $1 ORDER BY gl.id"),
    ("meetings", "SELECT m.id, m.relationship_id, m.starts_at, m.duration_minutes, m.mode, m.status, m.agenda, m.next_meeting_at, m.question_for_next, m.created_by, m.created_at, m.updated_at FROM meetings m JOIN relationships r ON r.id = m.relationship_id WHERE r.mentor_id = $1 OR r.mentee_id = $1 ORDER BY m.starts_at, m.id"),
    ("meeting_notes", "SELECT n.id, n.meeting_id, n.author_id, n.body, n.shared, n.created_at, n.updated_at FROM meeting_notes n JOIN meetings m ON m.id = n.meeting_id JOIN relationships r ON r.id = m.relationship_id WHERE n.author_id = $1 OR (n.shared = 1 AND (r.mentor_id = $1 OR r.mentee_id = $1)) ORDER BY n.id"),
    ("checkins", "SELECT c.id, c.relationship_id, c.due_day, c.due_at, c.in_regular_contact, c.working, c.what_would_help, c.answered_at FROM checkins c WHERE c.person_id = $1 ORDER BY c.id"),
    ("reflections", "SELECT relationship_id, body, created_at FROM reflections WHERE person_id = $1 ORDER BY relationship_id"),
    ("reassessment_choices", "SELECT relationship_id, period_started_at, choice, chosen_at FROM reassessment_choices WHERE person_id = $1 ORDER BY relationship_id, period_started_at"),
    ("training", "SELECT rc.resource_id, r.title, rc.completed_at FROM resource_completions rc JOIN resources r ON r.id = rc.resource_id WHERE rc.person_id = $1 ORDER BY rc.resource_id"),
    ("emails", "SELECT id, kind, recipient_email, subject, body_text, status, created_at, sent_at FROM notifications WHERE recipient_person_id = $1 ORDER BY id"),
    ("actions", "SELECT 'enrolment_decided' AS action, e.id AS object_id, e.decided_at AS at FROM enrolments e WHERE e.decided_by = $1 \
      UNION ALL SELECT 'mentor_assessed', a.enrolment_id, a.created_at FROM mentor_assessments a WHERE a.assessor_id = $1 \
      UNION ALL SELECT 'matching_run', mr.id, mr.created_at FROM match_runs mr WHERE mr.created_by = $1 ORDER BY 3, 2"),
];

/// The audit section reads rows done by or to the person.
const AUDIT_SECTION: &str = "SELECT id, at, actor_id, action, subject, detail FROM audit_log WHERE actor_id = $1 OR subject = $2 ORDER BY at, id";

/// The names of the export's sections, in order.
pub fn export_section_names() -> Vec<&'static str> {
    EXPORT_SECTIONS
        .iter()
        .map(|(name, _)| *name)
        .chain(std::iter::once("audit"))
        .collect()
}

/// Reads any row as a JSON object: integers, floats, text and nulls.
fn row_to_json(row: &AnyRow) -> Map<String, Value> {
    let mut out = Map::new();
    for c in row.columns() {
        let i = c.ordinal();
        let v = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            v.map(Value::from).unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        out.insert(c.name().to_string(), v);
    }
    out
}

/// The audit subject for a person, as every area records it.
pub fn person_subject(person: PersonId) -> String {
    format!("person:{}", person.0)
}

/// The name an erased person is shown with.
pub fn erased_name(person: PersonId) -> String {
    format!("Erased person #{}", person.0)
}

/// The domain of erased people's placeholder addresses (RFC 2606 `.invalid`).
pub const ERASED_EMAIL_DOMAIN: &str = "@erased.invalid";

/// A unique address that can never be delivered.
pub fn erased_email(person: PersonId) -> String {
    format!("erased-{}{ERASED_EMAIL_DOMAIN}", person.0)
}

/// Whether `email` is an erased person's placeholder: nothing is sent to it.
pub fn is_erased_email(email: &str) -> bool {
    email.ends_with(ERASED_EMAIL_DOMAIN)
}

/// What stops an erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasureRefusal {
    AlreadyErased,
    /// The person is the only active administrator left.
    LastAdmin,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureSummary {
    pub person: PersonId,
    pub erased_at: Timestamp,
    pub audit_id: i64,
    /// Rows changed or deleted, all tables together.
    pub rows_touched: u64,
}

/// Filters for reading the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    /// Entries done by this person or about them (`person:<id>`).
    pub person: Option<PersonId>,
    pub limit: i64,
    pub offset: i64,
}

impl AuditFilter {
    fn where_sql(&self) -> (String, Vec<Bind>) {
        let mut clauses = Vec::new();
        let mut binds = Vec::new();
        if let Some(a) = self.action.as_deref().filter(|a| !a.is_empty()) {
            binds.push(Bind::Text(a.to_string()));
            clauses.push(format!("a.action = ${}", binds.len()));
        }
        if let Some(p) = self.person {
            binds.push(Bind::Int(p.0));
            let n = binds.len();
            binds.push(Bind::Text(person_subject(p)));
            clauses.push(format!("(a.actor_id = ${n} OR a.subject = ${})", n + 1));
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        (sql, binds)
    }
}

enum Bind {
    Int(i64),
    Text(String),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(*i),
            Bind::Text(s) => q.bind(s.as_str()),
        };
    }
    q
}

/// Quotes an identifier read from the schema catalogue.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// Everything the product holds about `person` that they may see.
    pub async fn personal_data(&self, person: PersonId) -> StoreResult<PersonalData> {
        // Make sure the person exists (a clean 404 otherwise).
        self.get_person(person).await?;
        let mut data = PersonalData::default();
        for (name, sql) in EXPORT_SECTIONS {
            let rows = sqlx::query(sql)
                .bind(person.0)
                .fetch_all(self.reader())
                .await?;
            data.sections
                .push((name, rows.iter().map(row_to_json).collect()));
        }
        let rows = sqlx::query(AUDIT_SECTION)
            .bind(person.0)
            .bind(person_subject(person))
            .fetch_all(self.reader())
            .await?;
        data.sections
            .push(("audit", rows.iter().map(row_to_json).collect()));
        Ok(data)
    }

    /// Every table of the live schema (without the migrations' own).
    pub async fn schema_tables(&self) -> StoreResult<Vec<String>> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
            Backend::Postgres => "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' ORDER BY 1",
        };
        let rows = sqlx::query(sql).fetch_all(self.reader()).await?;
        rows.iter().map(|r| r.text("name")).collect()
    }

    /// Every foreign key of the live schema.
    pub async fn schema_foreign_keys(&self) -> StoreResult<Vec<ForeignKey>> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT m.name AS tbl, f.\"from\" AS col, f.\"table\" AS target \
                FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
                WHERE m.type = 'table' ORDER BY 1, 2",
            Backend::Postgres => "SELECT CAST(kcu.table_name AS TEXT) AS tbl, CAST(kcu.column_name AS TEXT) AS col, \
                  CAST(ccu.table_name AS TEXT) AS target \
                FROM information_schema.table_constraints tc \
                JOIN information_schema.key_column_usage kcu \
                  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
                JOIN information_schema.constraint_column_usage ccu \
                  ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
                WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() ORDER BY 1, 2",
        };
        let rows = sqlx::query(sql).fetch_all(self.reader()).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(ForeignKey {
                    table: r.text("tbl")?,
                    column: r.text("col")?,
                    target: r.text("target")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Every text column of every table: (table, column).
    pub async fn schema_text_columns(&self) -> StoreResult<Vec<(String, String)>> {
        let mut conn = self.reader().pool().acquire().await?;
        text_columns(&mut conn, self.backend()).await
    }

    /// Where `needle` occurs (case-insensitively) in any text column of any
    /// table: (table, column, rows). For checking that an erasure left nothing.
    pub async fn find_text_everywhere(
        &self,
        needle: &str,
    ) -> StoreResult<Vec<(String, String, i64)>> {
        let needle = needle.to_lowercase();
        let mut found = Vec::new();
        for (table, column) in self.schema_text_columns().await? {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM {} WHERE {} IS NOT NULL AND {} > 0",
                ident(&table),
                ident(&column),
                position_sql(self.backend(), &format!("LOWER({})", ident(&column)), "$1"),
            );
            let n = sqlx::query(&sql)
                .bind(needle.as_str())
                .fetch_one(self.reader())
                .await?
                .int("n")?;
            if n > 0 {
                found.push((table, column, n));
            }
        }
        Ok(found)
    }

    /// Erases `person` in one transaction: their personal data is removed or
    /// anonymised everywhere, while relationships, their states and dates, and
    /// the counts programme health is made of stay as they were. The erasure is
    /// recorded in the audit log (who, when, which person id; never their data).
    pub async fn erase_person(
        &self,
        person: PersonId,
        actor: PersonId,
        now: Timestamp,
    ) -> StoreResult<Result<ErasureSummary, ErasureRefusal>> {
        let backend = self.backend();
        let mut tx = self.begin().await?;
        if backend == Backend::Postgres {
            // Two erasures that could each leave the other as the last admin
            // take turns (SQLite has one writer already).
            sqlx::query("SELECT id FROM accounts WHERE is_admin = 1 FOR UPDATE")
                .fetch_all(&mut *tx)
                .await?;
        }
        let row = sqlx::query("SELECT name, email, erased_at FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        if row.opt_int("erased_at")?.is_some() {
            return Ok(Err(ErasureRefusal::AlreadyErased));
        }
        let name = row.text("name")?;
        let email = row.text("email")?;
        let other_admins = sqlx::query(
            "SELECT COUNT(*) AS n FROM accounts a JOIN people p ON p.id = a.person_id \
             WHERE a.is_admin = 1 AND a.active = 1 AND p.active = 1 AND a.person_id <> $1",
        )
        .bind(person.0)
        .fetch_one(&mut *tx)
        .await?
        .int("n")?;
        let is_admin = sqlx::query(
            "SELECT COUNT(*) AS n FROM accounts WHERE person_id = $1 AND is_admin = 1 AND active = 1",
        )
        .bind(person.0)
        .fetch_one(&mut *tx)
        .await?
        .int("n")?
            > 0;
        if is_admin && other_admins == 0 {
            return Ok(Err(ErasureRefusal::LastAdmin));
        }

        let placeholder = erased_name(person);
        let placeholder_email = erased_email(person);
        let mut touched = 0u64;

        // Mentions of the name or the address in text others hold (emails to a
        // partner, stored matching results, job payloads, reasons…) are replaced
        // by the placeholder. Names shorter than 4 characters are left alone:
        // they would match inside other words.
        let mut needles: Vec<(String, String)> = vec![(email.clone(), placeholder_email.clone())];
        if name.trim().chars().count() >= 4 {
            needles.push((name.clone(), placeholder.clone()));
            let escaped = html_escape(&name);
            if escaped != name {
                needles.push((escaped, placeholder.clone()));
            }
        }
        for (table, column) in text_columns(&mut tx, backend).await? {
            if table == "people" || table == "auth_throttle" {
                continue;
            }
            let mut expr = ident(&column);
            for i in 0..needles.len() {
                expr = format!("REPLACE({expr}, ${}, ${})", 2 * i + 1, 2 * i + 2);
            }
            let sql = format!(
                "UPDATE {} SET {} = {expr} WHERE {} <> {expr}",
                ident(&table),
                ident(&column),
                ident(&column)
            );
            let mut q = sqlx::query(&sql);
            for (from, to) in &needles {
                q = q.bind(from.as_str()).bind(to.as_str());
            }
            touched += q.execute(&mut *tx).await?.rows_affected();
        }

        let p = person.0;
        let enrolments = "SELECT id FROM enrolments WHERE person_id = $1";
        let relationships = "SELECT id FROM relationships WHERE mentor_id = $1 OR mentee_id = $1";
        let statements: Vec<String> = vec![
            "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)".into(),
            "DELETE FROM invitations WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)".into(),
            "UPDATE accounts SET password_hash = NULL, is_admin = 0, active = 0, time_zone = NULL, date_style = NULL WHERE person_id = $1".into(),
            "UPDATE enrolments SET decision_reason = '' WHERE person_id = $1 AND decision_reason IS NOT NULL".into(),
            format!("UPDATE mentor_profiles SET bio = '', expertise = '[]', leadership_style = 'erased', personal_style = '[]', track_record = '', availability = '', version = version + 1 WHERE enrolment_id IN ({enrolments})"),
            format!("DELETE FROM mentor_assessments WHERE enrolment_id IN ({enrolments})"),
            format!("DELETE FROM self_assessments WHERE enrolment_id IN ({enrolments})"),
            "DELETE FROM match_overrides WHERE mentee_id = $1 OR mentor_id = $1".into(),
            "DELETE FROM shortlist_entries WHERE mentee_id = $1".into(),
            "UPDATE shortlist_entries SET positives = '', constraints = '', recommendations = '', notes = '', ask_looking_for = '', ask_how = '', version = version + 1 WHERE candidate_id = $1".into(),
            "DELETE FROM offer_messages WHERE offer_id IN (SELECT id FROM offers WHERE mentor_id = $1 OR protege_id = $1)".into(),
            "UPDATE offers SET noticed = '', decline_reason = '', version = version + 1 WHERE mentor_id = $1 OR protege_id = $1".into(),
            "UPDATE mentor_requests SET message = '', reason = '', version = version + 1 WHERE mentee_id = $1 OR mentor_id = $1".into(),
            "UPDATE relationships SET manager_support_note = '' WHERE (mentor_id = $1 OR mentee_id = $1) AND manager_support_note <> ''".into(),
            format!("UPDATE relationship_transitions SET reason = '' WHERE reason <> '' AND (actor_id = $1 OR relationship_id IN ({relationships}))"),
            format!("UPDATE agreements SET mentor_concerns = '', mentee_concerns = '', version = version + 1 WHERE relationship_id IN ({relationships})"),
            "UPDATE goals SET title = '(erased)', description = '', version = version + 1 WHERE relationship_id IN (SELECT id FROM relationships WHERE mentee_id = $1)".into(),
            format!("UPDATE meetings SET agenda = '', question_for_next = '', version = version + 1 WHERE relationship_id IN ({relationships})"),
            "DELETE FROM meeting_notes WHERE author_id = $1".into(),
            "UPDATE checkins SET what_would_help = '' WHERE person_id = $1 AND what_would_help IS NOT NULL".into(),
            "DELETE FROM reflections WHERE person_id = $1".into(),
            "DELETE FROM notifications WHERE recipient_person_id = $1".into(),
        ];
        for sql in &statements {
            touched += sqlx::query(sql)
                .bind(p)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        touched += sqlx::query("DELETE FROM notifications WHERE recipient_email = $1")
            .bind(email.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        touched += sqlx::query("DELETE FROM auth_throttle WHERE throttle_key = $1")
            .bind(format!("account:{email}"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // The HR employee id goes too: a later import of the same employee id
        // makes a new, unrelated person instead of reviving this record.
        touched += sqlx::query(
            "UPDATE people SET name = $1, email = $2, employee_id = $3, title = '', location = '', function = '', \
             active = 0, erased_at = $4, updated_at = $4, version = version + 1 WHERE id = $5",
        )
        .bind(placeholder.as_str())
        .bind(placeholder_email.as_str())
        .bind(format!("erased:{p}"))
        .bind(now.0)
        .bind(p)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let audit_id = sqlx::query(
            "INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES ($1, $2, 'person.erase', $3, '') RETURNING id",
        )
        .bind(now.0)
        .bind(actor.0)
        .bind(person_subject(person))
        .fetch_one(&mut *tx)
        .await?
        .int("id")?;
        tx.commit().await?;
        Ok(Ok(ErasureSummary {
            person,
            erased_at: now,
            audit_id,
            rows_touched: touched,
        }))
    }

    /// When `person` was erased, if they were.
    pub async fn erased_at(&self, person: PersonId) -> StoreResult<Option<Timestamp>> {
        let row = sqlx::query("SELECT erased_at FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        Ok(row.opt_int("erased_at")?.map(Timestamp))
    }

    /// One page of the audit log, newest first, filtered.
    pub async fn list_audit_filtered(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let (limit, offset) = page_bounds(filter.limit, filter.offset);
        let (where_sql, binds) = filter.where_sql();
        let n = binds.len();
        let sql = format!(
            "SELECT a.id, a.at, a.actor_id, p.name AS actor_name, a.action, a.subject, a.detail \
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id{where_sql} \
             ORDER BY a.at DESC, a.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let rows = bind_all(sqlx::query(&sql), &binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.int("id")?,
                    at: Timestamp(r.int("at")?),
                    actor_id: r.opt_int("actor_id")?.map(PersonId),
                    actor_name: r.opt_text("actor_name")?,
                    action: r.text("action")?,
                    subject: r.text("subject")?,
                    detail: r.text("detail")?,
                })
            })
            .collect()
    }

    pub async fn count_audit_filtered(&self, filter: &AuditFilter) -> StoreResult<i64> {
        let (where_sql, binds) = filter.where_sql();
        let sql = format!("SELECT COUNT(*) AS n FROM audit_log a{where_sql}");
        bind_all(sqlx::query(&sql), &binds)
            .fetch_one(self.reader())
            .await?
            .int("n")
    }

    /// The actions the log holds, for a filter's choices.
    pub async fn audit_actions(&self) -> StoreResult<Vec<String>> {
        let rows = sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(|r| r.text("action")).collect()
    }
}

/// `POSITION(needle IN haystack)` in each dialect.
fn position_sql(backend: Backend, haystack: &str, needle: &str) -> String {
    match backend {
        Backend::Sqlite => format!("instr({haystack}, {needle})"),
        Backend::Postgres => format!("strpos({haystack}, {needle})"),
    }
}

async fn text_columns(
    conn: &mut AnyConnection,
    backend: Backend,
) -> StoreResult<Vec<(String, String)>> {
    let sql = match backend {
        Backend::Sqlite => "SELECT m.name AS tbl, c.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) c \
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' \
              AND UPPER(c.type) LIKE '%TEXT%' ORDER BY 1, 2",
        Backend::Postgres => "SELECT CAST(table_name AS TEXT) AS tbl, CAST(column_name AS TEXT) AS col \
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
              AND data_type IN ('text', 'character varying') ORDER BY 1, 2",
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.text("tbl")?, r.text("col")?)))
        .collect()
}

/// The same escaping the email outbox applies to the HTML part.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
