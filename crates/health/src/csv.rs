//! CSV as spreadsheets read it (RFC 4180, CRLF line ends), with formula
//! injection defused: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is prefixed with `'`, so a spreadsheet shows it as text
//! instead of running it (OWASP "CSV injection").

/// A CSV document built row by row.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    pub fn new(header: &[&str]) -> CsvWriter {
        let mut w = CsvWriter::default();
        w.row(header.iter().copied());
        w
    }

    /// Appends one row; each cell is escaped.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_cell(&mut self.out, cell.as_ref());
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Whether a spreadsheet could take the cell for a formula.
fn looks_like_formula(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

fn push_cell(out: &mut String, cell: &str) {
    let defused = looks_like_formula(cell);
    let quoted = defused || cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if defused {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

/// One escaped cell, as it would appear in a row.
pub fn escape_cell(cell: &str) -> String {
    let mut out = String::new();
    push_cell(&mut out, cell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_spreadsheets_would_run_are_defused() {
        assert_eq!(
            escape_cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(escape_cell("+1 555"), "\"'+1 555\"");
        assert_eq!(escape_cell("-2"), "\"'-2\"");
        assert_eq!(escape_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(escape_cell("\tcmd"), "\"'\tcmd\"");
        assert_eq!(escape_cell("\rcmd"), "\"'\rcmd\"");
    }

    #[test]
    fn ordinary_cells_are_quoted_only_when_needed() {
        assert_eq!(escape_cell("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(escape_cell("Smith, Jo"), "\"Smith, Jo\"");
        assert_eq!(escape_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            escape_cell("a=b"),
            "a=b",
            "only the first character matters"
        );
        assert_eq!(escape_cell(""), "");
    }

    #[test]
    fn rows_end_with_crlf() {
        let mut w = CsvWriter::new(&["name", "count"]);
        w.row(["Jo", "3"]);
        assert_eq!(w.finish(), "name,count\r\nJo,3\r\n");
    }
}
