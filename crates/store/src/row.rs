//! Reading columns from `Any` rows with messages that name the column.

use crate::{StoreError, StoreResult};
use sqlx::any::AnyRow;
use sqlx::Row;

pub trait RowExt {
    fn int(&self, col: &str) -> StoreResult<i64>;
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>>;
    fn text(&self, col: &str) -> StoreResult<String>;
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>>;
    fn flag(&self, col: &str) -> StoreResult<bool> {
        Ok(self.int(col)? != 0)
    }
    fn opt_flag(&self, col: &str) -> StoreResult<Option<bool>> {
        Ok(self.opt_int(col)?.map(|v| v != 0))
    }
    fn float(&self, col: &str) -> StoreResult<f64>;
    /// A JSON text column decoded into `T`.
    fn json<T: serde::de::DeserializeOwned>(&self, col: &str) -> StoreResult<T> {
        let raw = self.text(col)?;
        serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
    }
}

fn col_err(col: &str, e: sqlx::Error) -> StoreError {
    StoreError::Corrupt(format!("column {col}: {e}"))
}

impl RowExt for AnyRow {
    fn int(&self, col: &str) -> StoreResult<i64> {
        self.try_get::<i64, _>(col).map_err(|e| col_err(col, e))
    }
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>> {
        self.try_get::<Option<i64>, _>(col)
            .map_err(|e| col_err(col, e))
    }
    fn text(&self, col: &str) -> StoreResult<String> {
        self.try_get::<String, _>(col).map_err(|e| col_err(col, e))
    }
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        self.try_get::<Option<String>, _>(col)
            .map_err(|e| col_err(col, e))
    }
    fn float(&self, col: &str) -> StoreResult<f64> {
        self.try_get::<f64, _>(col).map_err(|e| col_err(col, e))
    }
}

/// `true`/`false` as the 0/1 integers both databases store.
pub fn flag(b: bool) -> i64 {
    b as i64
}
