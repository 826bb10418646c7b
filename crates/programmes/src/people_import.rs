//! Importing people from the HR export: used by `mentorhub import people` and by
//! `POST /api/v1/people/import`.

use mentorhub_domain::import::{check_managers, parse_people_csv, PersonRow, RowError};
use mentorhub_domain::person::NewPerson;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{Store, StoreError, LOCAL_EMPLOYEE_PREFIX};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// Largest HR file accepted (larger ones get 413).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Commit the valid rows even when some rows are refused.
    pub skip_invalid: bool,
    /// Only add and update: do not deactivate people missing from the file.
    pub partial: bool,
}

/// What an import did, or would have done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// Whether anything was written. False when rows were refused and
    /// `skip_invalid` was not given: then nothing at all is written.
    pub committed: bool,
    pub created: usize,
    pub updated: usize,
    pub deactivated: usize,
    /// Lines refused (each has one or more errors).
    pub refused: usize,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<RowError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be read (header, encoding).
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses, checks and (unless refused) writes the file.
pub async fn import_people(
    store: &Store,
    bytes: &[u8],
    options: ImportOptions,
    now: Timestamp,
    progress: &(dyn Fn(ImportPhase) + Send + Sync),
) -> Result<ImportReport, ImportError> {
    progress(ImportPhase::Checking);
    let mut parsed = parse_people_csv(bytes).map_err(|e| ImportError::File(e.0))?;
    let in_file: HashSet<String> = employee_ids_in(bytes);
    let directory = store.employee_directory().await?;
    let stored: HashMap<String, Option<String>> = directory
        .iter()
        .map(|(k, v)| (k.clone(), v.manager_employee_id.clone()))
        .collect();
    check_emails(&mut parsed.rows, &mut parsed.errors, &directory);
    check_managers(&mut parsed, &stored);
    let refused = parsed
        .errors
        .iter()
        .map(|e| e.line)
        .collect::<HashSet<_>>()
        .len();
    if refused > 0 && !options.skip_invalid {
        return Ok(ImportReport {
            committed: false,
            created: 0,
            updated: 0,
            deactivated: 0,
            refused,
            errors: parsed.errors,
        });
    }
    let rows = managers_first(parsed.rows);
    let people: Vec<NewPerson> = rows.into_iter().map(to_new_person).collect();
    let total = people.len();
    progress(ImportPhase::Writing { done: 0, total });
    let report_progress = |done: usize| progress(ImportPhase::Writing { done, total });
    let summary = store
        .sync_people(&people, &in_file, !options.partial, now, &report_progress)
        .await?;
    Ok(ImportReport {
        committed: true,
        created: summary.created,
        updated: summary.updated,
        deactivated: summary.deactivated,
        refused,
        errors: parsed.errors,
    })
}

/// Where a long import is, for progress bars.
#[derive(Debug, Clone, Copy)]
pub enum ImportPhase {
    Checking,
    Writing { done: usize, total: usize },
}

/// Every employee id named in the file, valid row or not: a person whose row was
/// refused is still in the export and must not be deactivated.
fn employee_ids_in(bytes: &[u8]) -> HashSet<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let Ok(headers) = reader.byte_headers().cloned() else {
        return HashSet::new();
    };
    let Some(col) = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case(b"employee_id"))
    else {
        return HashSet::new();
    };
    reader
        .byte_records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            r.get(col)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// An email may not belong to another stored person, unless that person is also
/// in the file with a different email (they swap) or is a locally created admin
/// (adopted by the import).
fn check_emails(
    rows: &mut Vec<PersonRow>,
    errors: &mut Vec<RowError>,
    directory: &HashMap<String, mentorhub_store::StoredEmployee>,
) {
    let owner_of: HashMap<&str, &str> = directory
        .iter()
        .map(|(id, e)| (e.email.as_str(), id.as_str()))
        .collect();
    let file_email: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.employee_id.as_str(), r.email.as_str()))
        .collect();
    let mut bad = HashSet::new();
    for row in rows.iter() {
        if let Some(owner) = owner_of.get(row.email.as_str()) {
            let same = *owner == row.employee_id;
            let owner_moves = file_email
                .get(owner)
                .is_some_and(|e| *e != row.email.as_str());
            if !same && !owner_moves && !owner.starts_with(LOCAL_EMPLOYEE_PREFIX) {
                errors.push(RowError {
                    line: row.line,
                    column: "email".into(),
                    message: format!(
                        "{} already belongs to employee {owner:?}",
                        row.email.as_str()
                    ),
                });
                bad.insert(row.line);
            }
        }
    }
    rows.retain(|r| !bad.contains(&r.line));
}

/// Orders rows so that every manager in the file comes before their reports
/// (the reporting lines have no cycles by now).
fn managers_first(rows: Vec<PersonRow>) -> Vec<PersonRow> {
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.employee_id.clone(), i))
        .collect();
    let mut depth = vec![usize::MAX; rows.len()];
    for start in 0..rows.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        let mut base = 0;
        while let Some(i) = cur {
            if depth[i] != usize::MAX {
                base = depth[i] + 1;
                break;
            }
            path.push(i);
            cur = rows[i]
                .manager_employee_id
                .as_ref()
                .and_then(|m| index.get(m).copied());
            if path.len() > rows.len() {
                break;
            }
        }
        for (k, i) in path.iter().rev().enumerate() {
            depth[*i] = base + k;
        }
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (depth[i], rows[i].line));
    let mut slots: Vec<Option<PersonRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn to_new_person(r: PersonRow) -> NewPerson {
    NewPerson {
        employee_id: r.employee_id,
        name: r.name,
        email: r.email,
        title: r.title,
        manager_employee_id: r.manager_employee_id,
        location: r.location,
        function: r.function,
        career_level: r.career_level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_come_before_their_reports() {
        let csv = "employee_id,name,email,title,manager_employee_id,location,function,career_level\n\
                   c,C,c@x.org,,b,L,F,3\nb,B,b@x.org,,a,L,F,5\na,A,a@x.org,,,L,F,9\nd,D,d@x.org,,a,L,F,4\n";
        let parsed = parse_people_csv(csv.as_bytes()).unwrap();
        let ordered: Vec<String> = managers_first(parsed.rows)
            .into_iter()
            .map(|r| r.employee_id)
            .collect();
        assert_eq!(ordered, vec!["a", "b", "d", "c"]);
    }

    #[test]
    fn refused_rows_still_count_as_present() {
        let csv = "employee_id,name,email,title,manager_employee_id,location,function,career_level\ne1,A,bad,,,L,F,3\n,B,b@x.org,,,L,F,3\n";
        let ids = employee_ids_in(csv.as_bytes());
        assert!(ids.contains("e1"));
        assert_eq!(ids.len(), 1);
    }
}
