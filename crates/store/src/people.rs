//! People of the organisation: HR imports, the directory and the management line.

use crate::row::{flag, RowExt};
use crate::util::{contains_pattern, page_bounds, stored};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::person::{CareerLevel, Email, NewPerson, Person};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{DomainError, PersonId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// How far up a management chain is followed; HR data with a loop stops here.
pub const MAX_CHAIN_DEPTH: i64 = 64;

/// Rows per multi-row statement in bulk writes (8 binds a row). Far below both
/// databases' bind limits; larger statements measured no faster.
const BULK_ROWS: usize = 200;

pub(crate) const PERSON_COLUMNS: &str =
    "p.id, p.employee_id, p.name, p.email, p.title, p.manager_id, p.location, p.function, p.career_level, p.active";

pub(crate) fn person_from_row(row: &AnyRow) -> StoreResult<Person> {
    Ok(Person {
        id: PersonId(row.int("id")?),
        employee_id: row.text("employee_id")?,
        name: row.text("name")?,
        email: stored("email", Email::parse(&row.text("email")?))?,
        title: row.text("title")?,
        manager_id: row.opt_int("manager_id")?.map(PersonId),
        location: row.text("location")?,
        function: row.text("function")?,
        career_level: stored("career_level", CareerLevel::new(row.int("career_level")?))?,
        active: row.flag("active")?,
    })
}

/// Filters and paging for the people directory. Empty filters match everyone.
#[derive(Debug, Clone)]
pub struct PeopleFilter {
    /// Part of a name, email or employee id, case-insensitive.
    pub search: Option<String>,
    pub location: Option<String>,
    pub function: Option<String>,
    pub active: Option<bool>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for PeopleFilter {
    fn default() -> Self {
        PeopleFilter {
            search: None,
            location: None,
            function: None,
            active: Some(true),
            limit: 50,
            offset: 0,
        }
    }
}

/// What a bulk import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
}

/// Builds ` WHERE …` for a filter, returning the clause and its text binds in order.
fn people_where(f: &PeopleFilter) -> (String, Vec<String>, Option<i64>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    if let Some(s) = f.search.as_deref().filter(|s| !s.trim().is_empty()) {
        binds.push(contains_pattern(s));
        let n = binds.len();
        clauses.push(format!(
            "(LOWER(p.name) LIKE ${n} ESCAPE '\\' OR LOWER(p.email) LIKE ${n} ESCAPE '\\' OR LOWER(p.employee_id) LIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(l) = f.location.as_deref().filter(|s| !s.trim().is_empty()) {
        binds.push(l.trim().to_lowercase());
        clauses.push(format!("LOWER(p.location) = ${}", binds.len()));
    }
    if let Some(func) = f.function.as_deref().filter(|s| !s.trim().is_empty()) {
        binds.push(func.trim().to_lowercase());
        clauses.push(format!("LOWER(p.function) = ${}", binds.len()));
    }
    let active = f.active.map(flag);
    if active.is_some() {
        clauses.push(format!("p.active = ${}", binds.len() + 1));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql, binds, active)
}

impl Store {
    /// Adds one person; the manager is found by employee id.
    pub async fn create_person(&self, person: &NewPerson, now: Timestamp) -> StoreResult<PersonId> {
        Ok(self
            .create_people(std::slice::from_ref(person), now)
            .await?[0])
    }

    /// Adds many people in one transaction, in multi-row statements (100 000 rows
    /// take seconds). Managers may be anywhere in the batch or already stored.
    /// A duplicate employee id or email fails the whole batch.
    pub async fn create_people(
        &self,
        people: &[NewPerson],
        now: Timestamp,
    ) -> StoreResult<Vec<PersonId>> {
        let mut tx = self.begin().await?;
        let ids = write_people(&mut tx, people, now, false).await?.0;
        tx.commit().await?;
        Ok(ids)
    }

    /// Adds or updates people by employee id (an HR import is repeatable and never
    /// duplicates), in one transaction: all rows or none.
    pub async fn import_people(
        &self,
        people: &[NewPerson],
        now: Timestamp,
    ) -> StoreResult<ImportSummary> {
        let mut tx = self.begin().await?;
        let (_, summary) = write_people(&mut tx, people, now, true).await?;
        tx.commit().await?;
        Ok(summary)
    }

    pub async fn get_person(&self, id: PersonId) -> StoreResult<Person> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.id = $1");
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref()
            .map(person_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound("person"))
    }

    pub async fn get_person_by_employee_id(
        &self,
        employee_id: &str,
    ) -> StoreResult<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.employee_id = $1");
        let row = sqlx::query(&sql)
            .bind(employee_id.trim())
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(person_from_row).transpose()
    }

    pub async fn get_person_by_email(&self, email: &str) -> StoreResult<Option<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.email = $1");
        let row = sqlx::query(&sql)
            .bind(email.trim().to_lowercase())
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(person_from_row).transpose()
    }

    /// One page of the directory, by name.
    pub async fn list_people(&self, filter: &PeopleFilter) -> StoreResult<Vec<Person>> {
        let (clause, binds, active) = people_where(filter);
        let (limit, offset) = page_bounds(filter.limit, filter.offset);
        let n = binds.len() + usize::from(active.is_some());
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p{clause} ORDER BY p.name, p.id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        if let Some(a) = active {
            q = q.bind(a);
        }
        let rows = q.bind(limit).bind(offset).fetch_all(self.reader()).await?;
        rows.iter().map(person_from_row).collect()
    }

    /// How many people match a filter (ignoring its paging).
    pub async fn count_people(&self, filter: &PeopleFilter) -> StoreResult<i64> {
        let (clause, binds, active) = people_where(filter);
        let sql = format!("SELECT COUNT(*) AS n FROM people p{clause}");
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        if let Some(a) = active {
            q = q.bind(a);
        }
        q.fetch_one(self.reader()).await?.int("n")
    }

    /// Everyone above `person`, nearest first. Bad HR data with a loop ends the
    /// chain where it would repeat, never runs away.
    pub async fn management_chain(&self, person: PersonId) -> StoreResult<Vec<Person>> {
        let sql = format!(
            "WITH RECURSIVE chain(id, depth) AS ( \
               SELECT manager_id, 1 FROM people WHERE id = $1 AND manager_id IS NOT NULL \
               UNION ALL \
               SELECT p.manager_id, c.depth + 1 FROM chain c JOIN people p ON p.id = c.id \
               WHERE p.manager_id IS NOT NULL AND c.depth < $2 \
             ) \
             SELECT {PERSON_COLUMNS}, c.depth FROM chain c JOIN people p ON p.id = c.id ORDER BY c.depth"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .bind(MAX_CHAIN_DEPTH)
            .fetch_all(self.reader())
            .await?;
        let mut chain: Vec<Person> = Vec::new();
        for row in &rows {
            let p = person_from_row(row)?;
            if p.id == person || chain.iter().any(|c| c.id == p.id) {
                break;
            }
            chain.push(p);
        }
        Ok(chain)
    }

    /// The people who report directly to `manager`, active ones only, by name.
    pub async fn direct_reports(&self, manager: PersonId) -> StoreResult<Vec<Person>> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.manager_id = $1 AND p.active = 1 ORDER BY p.name, p.id");
        let rows = sqlx::query(&sql)
            .bind(manager.0)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(person_from_row).collect()
    }

    /// Activates or deactivates a person. Deactivating also signs them out
    /// everywhere: a leaver's open sessions must not outlive them.
    pub async fn set_person_active(
        &self,
        person: PersonId,
        active: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE people SET active = $1, updated_at = $2, version = version + 1 WHERE id = $3",
        )
        .bind(flag(active))
        .bind(now.0)
        .bind(person.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("person"));
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)")
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Inserts (or, with `upsert`, inserts-or-updates by employee id) `people`, then
/// sets every manager link. Returns the ids in input order.
pub(crate) async fn write_people(
    conn: &mut AnyConnection,
    people: &[NewPerson],
    now: Timestamp,
    upsert: bool,
) -> StoreResult<(Vec<PersonId>, ImportSummary)> {
    let mut summary = ImportSummary::default();
    let mut by_employee: HashMap<String, i64> = HashMap::with_capacity(people.len());
    if upsert {
        // Which employee ids exist already, to report created vs updated.
        for chunk in people.chunks(BULK_ROWS) {
            let known =
                lookup_employee_ids(conn, chunk.iter().map(|p| p.employee_id.as_str())).await?;
            summary.updated += known.len();
        }
        summary.created = people.len() - summary.updated;
    } else {
        summary.created = people.len();
    }
    for chunk in people.chunks(BULK_ROWS) {
        let mut sql = String::from(
            "INSERT INTO people (employee_id, name, email, title, location, function, career_level, active, created_at, updated_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 8;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, 1, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 8
            ));
        }
        if upsert {
            sql.push_str(
                " ON CONFLICT (employee_id) DO UPDATE SET name = excluded.name, email = excluded.email, title = excluded.title, \
                 location = excluded.location, function = excluded.function, career_level = excluded.career_level, \
                 active = 1, updated_at = excluded.updated_at, version = people.version + 1",
            );
        }
        sql.push_str(" RETURNING id, employee_id");
        let mut q = sqlx::query(&sql);
        for p in chunk {
            q = q
                .bind(p.employee_id.trim())
                .bind(p.name.trim())
                .bind(p.email.as_str())
                .bind(p.title.trim())
                .bind(p.location.trim())
                .bind(p.function.trim())
                .bind(i64::from(p.career_level))
                .bind(now.0);
        }
        let rows = q.fetch_all(&mut *conn).await.map_err(|e| {
            let e = StoreError::from(e);
            if e.is_unique_violation() {
                StoreError::conflict(
                    "people",
                    "an employee id or email appears twice or belongs to someone else",
                )
            } else {
                e
            }
        })?;
        for row in &rows {
            by_employee.insert(row.text("employee_id")?, row.int("id")?);
        }
    }

    // Managers outside the batch are looked up; unknown ones are refused.
    let missing: Vec<&str> = people
        .iter()
        .filter_map(|p| p.manager_employee_id.as_deref().map(str::trim))
        .filter(|m| !by_employee.contains_key(*m))
        .collect();
    for chunk in missing.chunks(BULK_ROWS) {
        by_employee.extend(lookup_employee_ids(conn, chunk.iter().copied()).await?);
    }
    let mut links: Vec<(i64, i64)> = Vec::new();
    let mut without: Vec<i64> = Vec::new();
    for p in people {
        let id = by_employee[p.employee_id.trim()];
        match p.manager_employee_id.as_deref().map(str::trim) {
            Some(m) => {
                let manager = *by_employee.get(m).ok_or_else(|| {
                    DomainError::invalid(
                        "manager_employee_id",
                        format!("{}: no person has employee id {m:?}", p.employee_id.trim()),
                    )
                })?;
                links.push((id, manager));
            }
            None => without.push(id),
        }
    }
    for chunk in links.chunks(BULK_ROWS) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect();
        let sql = format!(
            // `UPDATE … FROM` joins on the primary key (SQLite ≥ 3.33 and PostgreSQL);
            // a correlated subquery here would be quadratic in the chunk size.
            "WITH v(pid, mid) AS (VALUES {}) UPDATE people SET manager_id = v.mid FROM v WHERE people.id = v.pid",
            values.join(",")
        );
        let mut q = sqlx::query(&sql);
        for (pid, mid) in chunk {
            q = q.bind(*pid).bind(*mid);
        }
        q.execute(&mut *conn).await?;
    }
    if upsert {
        for chunk in without.chunks(BULK_ROWS) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "UPDATE people SET manager_id = NULL WHERE id IN ({})",
                list.join(",")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *conn).await?;
        }
    }
    let ids = people
        .iter()
        .map(|p| PersonId(by_employee[p.employee_id.trim()]))
        .collect();
    Ok((ids, summary))
}

/// Employee id → person id for those of `employee_ids` that exist.
async fn lookup_employee_ids<'a>(
    conn: &mut AnyConnection,
    employee_ids: impl Iterator<Item = &'a str>,
) -> StoreResult<HashMap<String, i64>> {
    let ids: Vec<&str> = employee_ids.map(str::trim).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, employee_id FROM people WHERE employee_id IN ({})",
        list.join(",")
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.text("employee_id")?, r.int("id")?)))
        .collect()
}
