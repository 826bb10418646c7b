//! Consistent copies of the database while the product runs.
//!
//! SQLite: `VACUUM INTO` writes a transactionally consistent, compacted copy
//! without stopping writers for long. PostgreSQL: use `pg_dump` (documented in
//! the README); the store refuses rather than pretending.

use crate::row::RowExt;
use crate::{Backend, Store, StoreError, StoreResult};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the whole database to `path` (which must not
    /// exist yet).
    pub async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Config(
                "backups of PostgreSQL are taken with pg_dump (see the README: Backups)".into(),
            ));
        }
        if path.exists() {
            return Err(StoreError::Config(format!(
                "{} exists already; choose a new file",
                path.display()
            )));
        }
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Config(format!("{} is not a UTF-8 path", path.display())))?;
        // VACUUM INTO takes a file name literal, not a bound parameter.
        let literal = target.replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{literal}'"))
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Runs SQLite's integrity check (or, on PostgreSQL, a trivial query) and
    /// returns the problems found, empty when the database is sound.
    pub async fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        if self.backend() != Backend::Sqlite {
            self.ping().await?;
            return Ok(Vec::new());
        }
        let rows = sqlx::query("PRAGMA integrity_check")
            .fetch_all(self.reader().pool())
            .await?;
        let mut problems = Vec::new();
        for r in &rows {
            let line: String = r.text("integrity_check")?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let fk = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(self.reader().pool())
            .await?;
        if !fk.is_empty() {
            problems.push(format!("{} rows break foreign keys", fk.len()));
        }
        Ok(problems)
    }
}
