//! The dense `score_matrix`: rows are kept as raw JSON text while the file is
//! parsed, then read in parallel by a small integer-list reader straight into
//! one flat vector — 20 million scores cost 80 MB and a fraction of a second,
//! not 20 million small allocations.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Largest explicit score (SPEC: integers 0–10,000; `-1` means ineligible).
pub const MAX_EXPLICIT_SCORE: i64 = 10_000;

/// The matrix as it appears in the file: one raw JSON array per row.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct RawMatrix<'a> {
    #[serde(borrow)]
    pub rows: Vec<&'a RawValue>,
}

/// Why a row could not be read: (column, message).
type RowError = (usize, String);

impl RawMatrix<'_> {
    /// Reads every row (each must have `columns` entries) into a row-major vector.
    /// Errors name the row: `(row, message)`.
    pub fn read(&self, columns: usize) -> Result<Vec<i32>, (usize, String)> {
        let mut data = vec![0i32; self.rows.len() * columns];
        if columns == 0 {
            return match self
                .rows
                .iter()
                .position(|r| read_row(r.get(), &mut []) != Ok(0))
            {
                Some(r) => Err((r, describe(read_row(self.rows[r].get(), &mut []), 0))),
                None => Ok(data),
            };
        }
        data.par_chunks_mut(columns)
            .zip(self.rows.par_iter())
            .enumerate()
            .try_for_each(|(r, (out, raw))| match read_row(raw.get(), out) {
                Ok(len) if len == columns => Ok(()),
                other => Err((r, describe(other, columns))),
            })?;
        Ok(data)
    }
}

fn describe(result: Result<usize, RowError>, columns: usize) -> String {
    match result {
        Ok(len) => format!("{len} entries, expected {columns} (one per mentor, in file order)"),
        Err((c, msg)) => format!("column {c}: {msg}"),
    }
}

/// Parses `[int, int, …]` into `out`; returns how many entries the row has
/// (counting past the end of `out` so a long row reports its length).
fn read_row(text: &str, out: &mut [i32]) -> Result<usize, RowError> {
    let b = text.as_bytes();
    let mut k = skip_ws(b, 0);
    if b.get(k) != Some(&b'[') {
        return Err((0, "a row must be an array of integer scores".into()));
    }
    k = skip_ws(b, k + 1);
    let mut n = 0usize;
    if b.get(k) == Some(&b']') {
        return Ok(0);
    }
    loop {
        let neg = b.get(k) == Some(&b'-');
        if neg {
            k += 1;
        }
        let start = k;
        let mut v: i64 = 0;
        while let Some(&d) = b.get(k).filter(|d| d.is_ascii_digit()) {
            v = (v * 10 + i64::from(d - b'0')).min(1 << 40);
            k += 1;
        }
        if k == start || matches!(b.get(k), Some(b'.' | b'e' | b'E')) {
            return Err((n, "expected an integer score".into()));
        }
        let v = if neg { -v } else { v };
        if !(v == -1 || (0..=MAX_EXPLICIT_SCORE).contains(&v)) {
            return Err((
                n,
                format!("score {v} out of range (0–{MAX_EXPLICIT_SCORE}, or -1 for ineligible)"),
            ));
        }
        if let Some(slot) = out.get_mut(n) {
            *slot = v as i32;
        }
        n += 1;
        k = skip_ws(b, k);
        match b.get(k) {
            Some(b',') => k = skip_ws(b, k + 1),
            Some(b']') => return Ok(n),
            _ => return Err((n, "expected ',' or ']'".into())),
        }
    }
}

fn skip_ws(b: &[u8], mut k: usize) -> usize {
    while matches!(b.get(k), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        k += 1;
    }
    k
}
