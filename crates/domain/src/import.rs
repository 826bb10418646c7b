//! Reading the HR system's people export (CSV) and checking it row by row.
//!
//! Every problem is reported with its line, column and reason, so an admin can fix
//! the file; nothing here touches the database. Reference checks that need the
//! people already stored (unknown managers, manager cycles) take them as a map.

use crate::management::find_cycles;
use crate::person::{CareerLevel, Email};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The columns the export must have (order free, extra columns ignored).
pub const COLUMNS: [&str; 8] = [
    "employee_id",
    "name",
    "email",
    "title",
    "manager_employee_id",
    "location",
    "function",
    "career_level",
];

/// One valid row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    /// Line in the file (the header is line 1).
    pub line: usize,
    pub employee_id: String,
    pub name: String,
    pub email: Email,
    pub title: String,
    pub manager_employee_id: Option<String>,
    pub location: String,
    pub function: String,
    pub career_level: CareerLevel,
}

/// What is wrong with one row (or, with `line` 1 and no row, with the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The file, split into the rows that passed and the errors found.
#[derive(Debug, Default)]
pub struct ParsedPeople {
    pub rows: Vec<PersonRow>,
    pub errors: Vec<RowError>,
    /// Lines that had at least one error.
    pub refused_lines: usize,
}

/// A file-level problem that stops reading at once (no header, missing columns,
/// not UTF-8).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FileError(pub String);

fn err(line: usize, column: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// Parses the export: header check, then each row's fields, then duplicates
/// within the file. References to managers are checked by [`check_managers`].
pub fn parse_people_csv(bytes: &[u8]) -> Result<ParsedPeople, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| FileError(format!("line 1: cannot read the header: {e}")))?
        .clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().to_ascii_lowercase();
        if let Some(col) = COLUMNS.iter().find(|c| **c == name) {
            index.entry(col).or_insert(i);
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(FileError(format!(
            "line 1: the header lacks column(s) {}; expected {}",
            missing.join(", "),
            COLUMNS.join(",")
        )));
    }

    let mut parsed = ParsedPeople::default();
    let mut bad_lines: HashSet<usize> = HashSet::new();
    let mut first_seen_id: HashMap<String, usize> = HashMap::new();
    let mut first_seen_email: HashMap<String, usize> = HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_string(),
                    _ => format!("cannot be read: {e}"),
                };
                parsed.errors.push(err(line, "*", message));
                bad_lines.insert(line);
                continue;
            }
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let get = |col: &str| record.get(index[col]).unwrap_or("").to_string();
        let mut row_errors = Vec::new();
        let mut required = |col: &str| {
            let v = get(col);
            if v.is_empty() {
                row_errors.push(err(line, col, "is missing"));
            }
            v
        };
        let employee_id = required("employee_id");
        let name = required("name");
        let email_raw = required("email");
        let level_raw = required("career_level");
        let email = if email_raw.is_empty() {
            None
        } else {
            match Email::parse(&email_raw) {
                Ok(e) => Some(e),
                Err(_) => {
                    row_errors.push(err(
                        line,
                        "email",
                        format!("{email_raw:?} is not a valid email address"),
                    ));
                    None
                }
            }
        };
        let level = if level_raw.is_empty() {
            None
        } else {
            match CareerLevel::parse(&level_raw) {
                Ok(l) => Some(l),
                Err(_) => {
                    row_errors.push(err(
                        line,
                        "career_level",
                        format!("must be a number from 1 to 15, got {level_raw:?}"),
                    ));
                    None
                }
            }
        };
        for (col, max) in [
            ("employee_id", 64),
            ("name", 200),
            ("title", 200),
            ("location", 120),
            ("function", 120),
        ] {
            if get(col).chars().count() > max {
                row_errors.push(err(line, col, format!("is longer than {max} characters")));
            }
        }
        let manager = get("manager_employee_id");
        if !employee_id.is_empty() && manager == employee_id {
            row_errors.push(err(
                line,
                "manager_employee_id",
                "a person cannot be their own manager",
            ));
        }
        if !employee_id.is_empty() {
            if let Some(first) = first_seen_id.get(&employee_id) {
                row_errors.push(err(
                    line,
                    "employee_id",
                    format!("{employee_id:?} appears again (first on line {first})"),
                ));
            } else {
                first_seen_id.insert(employee_id.clone(), line);
            }
        }
        if let Some(e) = &email {
            if let Some(first) = first_seen_email.get(e.as_str()) {
                row_errors.push(err(
                    line,
                    "email",
                    format!("{} appears again (first on line {first})", e.as_str()),
                ));
            } else {
                first_seen_email.insert(e.as_str().to_string(), line);
            }
        }
        match (row_errors.is_empty(), email, level) {
            (true, Some(email), Some(career_level)) => parsed.rows.push(PersonRow {
                line,
                employee_id,
                name,
                email,
                title: get("title"),
                manager_employee_id: (!manager.is_empty()).then_some(manager),
                location: get("location"),
                function: get("function"),
                career_level,
            }),
            _ => {
                bad_lines.insert(line);
                parsed.errors.append(&mut row_errors);
            }
        }
    }
    parsed.refused_lines = bad_lines.len();
    Ok(parsed)
}

/// Checks that every manager is known (in the file or among the people already
/// stored) and that the reporting lines have no cycles. Rows with a problem are
/// removed from `parsed.rows`, and with them rows whose manager was removed.
///
/// `stored` maps each stored person's employee id to their manager's employee id;
/// the file's rows take precedence over it (they are the newer truth).
pub fn check_managers(parsed: &mut ParsedPeople, stored: &HashMap<String, Option<String>>) {
    loop {
        let in_file: HashSet<&str> = parsed.rows.iter().map(|r| r.employee_id.as_str()).collect();
        let mut new_errors = Vec::new();
        for row in &parsed.rows {
            if let Some(m) = &row.manager_employee_id {
                if !in_file.contains(m.as_str()) && !stored.contains_key(m) {
                    new_errors.push(err(row.line, "manager_employee_id", format!("unknown manager {m:?}: not in this file nor among the people already imported")));
                }
            }
        }
        if new_errors.is_empty() {
            break;
        }
        let lines: HashSet<usize> = new_errors.iter().map(|e| e.line).collect();
        parsed.rows.retain(|r| !lines.contains(&r.line));
        parsed.errors.extend(new_errors);
    }

    // Cycles over the merged graph: stored people, overridden by the file.
    let mut graph: HashMap<String, String> = stored
        .iter()
        .filter_map(|(e, m)| m.as_ref().map(|m| (e.clone(), m.clone())))
        .collect();
    for row in &parsed.rows {
        match &row.manager_employee_id {
            Some(m) => graph.insert(row.employee_id.clone(), m.clone()),
            None => graph.remove(&row.employee_id),
        };
    }
    let cycles = find_cycles(&graph);
    if !cycles.is_empty() {
        let line_of: HashMap<&str, usize> = parsed
            .rows
            .iter()
            .map(|r| (r.employee_id.as_str(), r.line))
            .collect();
        let mut cycle_lines = HashSet::new();
        for cycle in &cycles {
            let loop_text = cycle
                .iter()
                .map(String::as_str)
                .chain(cycle.first().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" → ");
            for member in cycle {
                if let Some(line) = line_of.get(member.as_str()) {
                    cycle_lines.insert(*line);
                    parsed.errors.push(err(
                        *line,
                        "manager_employee_id",
                        format!("manager cycle: {loop_text}"),
                    ));
                }
            }
        }
        parsed.rows.retain(|r| !cycle_lines.contains(&r.line));
    }
    parsed
        .errors
        .sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    parsed.errors.dedup();
    let all_bad: HashSet<usize> = parsed.errors.iter().map(|e| e.line).collect();
    parsed.refused_lines = all_bad.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "employee_id,name,email,title,manager_employee_id,location,function,career_level\n";

    fn parse(body: &str) -> ParsedPeople {
        let mut p = parse_people_csv(format!("{HEADER}{body}").as_bytes()).unwrap();
        check_managers(&mut p, &HashMap::new());
        p
    }

    #[test]
    fn a_clean_file_parses_with_managers_in_any_order() {
        let p = parse("e2,Bo Li,bo@example.org,Analyst,e1,Leeds,Finance,4\ne1,Ann Ode,ann@example.org,Director,,London,Finance,11\n");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].manager_employee_id.as_deref(), Some("e1"));
        assert_eq!(p.rows[1].career_level.get(), 11);
    }

    #[test]
    fn bom_column_order_and_extra_columns_are_fine() {
        let body = "\u{feff}career_level,email,name,employee_id,cost_centre,title,function,location,manager_employee_id\n7,x@example.org,Xi,e9,CC1,Lead,Sales,Remote,\n";
        let mut p = parse_people_csv(body.as_bytes()).unwrap();
        check_managers(&mut p, &HashMap::new());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.rows[0].employee_id, "e9");
        assert_eq!(p.rows[0].location, "Remote");
    }

    #[test]
    fn a_missing_column_is_a_file_error_naming_it() {
        let e = parse_people_csv(b"employee_id,name,email\n1,a,a@b.co\n").unwrap_err();
        assert!(e.0.contains("title") && e.0.contains("career_level"), "{e}");
    }

    #[test]
    fn every_bad_row_is_reported_with_line_column_and_reason() {
        let p = parse(concat!(
            "e1,Ann,ann@example.org,Director,,London,Finance,11\n",
            ",Nobody,nobody@example.org,,e1,London,Finance,3\n",
            "e3,Cy,not-an-email,,e1,London,Finance,3\n",
            "e4,Di,di@example.org,,e1,London,Finance,16\n",
            "e1,Ann Again,ann2@example.org,,,London,Finance,5\n",
            "e6,Ed,ed@example.org,,e404,London,Finance,5\n",
            "e7,Fa,ANN@example.org,,e1,London,Finance,5\n",
        ));
        let found: Vec<(usize, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "employee_id"),
                (4, "email"),
                (5, "career_level"),
                (6, "employee_id"),
                (7, "manager_employee_id"),
                (8, "email")
            ]
        );
        assert!(p.errors[3].message.contains("first on line 2"));
        assert!(p.errors[4].message.contains("unknown manager \"e404\""));
        assert_eq!(p.rows.len(), 1, "only e1 is valid");
        assert_eq!(p.refused_lines, 6);
    }

    #[test]
    fn manager_cycles_are_reported_on_every_line_of_the_loop() {
        let p = parse("a,A,a@x.org,,b,L,F,5\nb,B,b@x.org,,c,L,F,6\nc,C,c@x.org,,a,L,F,7\nd,D,d@x.org,,,L,F,9\n");
        assert_eq!(p.rows.len(), 1);
        let lines: Vec<usize> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(
            p.errors[0].message.contains("manager cycle: a → b → c → a"),
            "{}",
            p.errors[0].message
        );
    }

    #[test]
    fn a_row_whose_manager_was_refused_is_refused_too() {
        let p = parse("a,A,a@x.org,,,L,F,5\nb,B,bad email,,a,L,F,4\nc,C,c@x.org,,b,L,F,3\n");
        assert_eq!(
            p.rows
                .iter()
                .map(|r| r.employee_id.as_str())
                .collect::<Vec<_>>(),
            vec!["a"]
        );
        assert!(p
            .errors
            .iter()
            .any(|e| e.line == 4 && e.column == "manager_employee_id"));
    }

    #[test]
    fn managers_may_be_people_already_stored_and_cycles_through_them_are_found() {
        let mut stored = HashMap::new();
        stored.insert("boss".to_string(), None);
        stored.insert("m".to_string(), Some("x".to_string()));
        let mut p =
            parse_people_csv(format!("{HEADER}x,X,x@x.org,,boss,L,F,8\n").as_bytes()).unwrap();
        check_managers(&mut p, &stored);
        assert!(p.errors.is_empty());
        let mut p = parse_people_csv(format!("{HEADER}x,X,x@x.org,,m,L,F,8\n").as_bytes()).unwrap();
        check_managers(&mut p, &stored);
        assert_eq!(
            p.rows.len(),
            0,
            "x → m → x is a cycle through a stored person"
        );
    }

    #[test]
    fn invalid_utf8_is_a_row_error() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"e1,Ann \xff,ann@example.org,,,L,F,5\n");
        let p = parse_people_csv(&bytes).unwrap();
        assert_eq!(p.errors[0].line, 2);
        assert!(p.errors[0].message.contains("UTF-8"));
    }

    proptest::proptest! {
        /// Whatever the bytes, parsing never panics, and every line is either a
        /// row or has an error.
        #[test]
        fn parsing_never_panics(body in "[a-z0-9@.,\\n \"]{0,400}") {
            if let Ok(mut p) = parse_people_csv(format!("{HEADER}{body}").as_bytes()) {
                check_managers(&mut p, &HashMap::new());
                let row_lines: HashSet<usize> = p.rows.iter().map(|r| r.line).collect();
                let err_lines: HashSet<usize> = p.errors.iter().map(|e| e.line).collect();
                proptest::prop_assert!(row_lines.is_disjoint(&err_lines));
            }
        }
    }
}
