//! Keeping people in step with the HR system: a full import adds and updates by
//! employee id and deactivates whoever is no longer in the export, all in one
//! transaction.

use crate::people::{write_people, ImportSummary};
use crate::row::RowExt;
use crate::{Store, StoreResult};
use mentorhub_domain::person::NewPerson;
use mentorhub_domain::time_util::Timestamp;
use std::collections::{HashMap, HashSet};

/// People created by `create-admin` carry this employee-id prefix; HR imports
/// never deactivate them.
pub const LOCAL_EMPLOYEE_PREFIX: &str = "admin:";

/// Rows per batch of a synchronisation (progress is reported after each).
const SYNC_BATCH: usize = 5000;

/// A locally created admin whose email appears in the HR export is the same
/// person: they take the HR employee id, so the import updates them instead of
/// failing on the email.
async fn adopt_local_admins(
    conn: &mut sqlx::AnyConnection,
    people: &[NewPerson],
) -> StoreResult<()> {
    let pattern = format!("{LOCAL_EMPLOYEE_PREFIX}%");
    let locals = sqlx::query("SELECT id, email FROM people WHERE employee_id LIKE $1")
        .bind(pattern)
        .fetch_all(&mut *conn)
        .await?;
    for local in &locals {
        let email = local.text("email")?;
        if let Some(p) = people.iter().find(|p| p.email.as_str() == email) {
            let taken = sqlx::query("SELECT id FROM people WHERE employee_id = $1")
                .bind(p.employee_id.trim())
                .fetch_optional(&mut *conn)
                .await?;
            if taken.is_none() {
                sqlx::query("UPDATE people SET employee_id = $1 WHERE id = $2")
                    .bind(p.employee_id.trim())
                    .bind(local.int("id")?)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

/// What a synchronisation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub created: usize,
    pub updated: usize,
    pub deactivated: usize,
}

/// A stored person as the import checks see them.
#[derive(Debug, Clone)]
pub struct StoredEmployee {
    pub manager_employee_id: Option<String>,
    pub email: String,
    pub active: bool,
}

impl Store {
    /// Every stored person by employee id, with their manager's employee id and
    /// email: what reference and e-mail checks of an import need, in one query.
    pub async fn employee_directory(&self) -> StoreResult<HashMap<String, StoredEmployee>> {
        let rows = sqlx::query(
            "SELECT p.employee_id, m.employee_id AS manager_employee_id, p.email, p.active \
             FROM people p LEFT JOIN people m ON m.id = p.manager_id",
        )
        .fetch_all(self.reader().pool())
        .await?;
        let mut out = HashMap::with_capacity(rows.len());
        for r in &rows {
            out.insert(
                r.text("employee_id")?,
                StoredEmployee {
                    manager_employee_id: r.opt_text("manager_employee_id")?,
                    email: r.text("email")?,
                    active: r.flag("active")?,
                },
            );
        }
        Ok(out)
    }

    /// Adds or updates `people` by employee id and, when `deactivate_others`,
    /// deactivates every active person whose employee id is not in `keep` (except
    /// locally created admins) and ends their sessions. All or nothing.
    ///
    /// `people` must list managers before their reports (rows are written in
    /// batches and each batch resolves managers among what is written so far);
    /// `progress` is told how many rows are written after each batch.
    pub async fn sync_people(
        &self,
        people: &[NewPerson],
        keep: &HashSet<String>,
        deactivate_others: bool,
        now: Timestamp,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> StoreResult<SyncSummary> {
        let mut tx = self.begin().await?;
        adopt_local_admins(&mut tx, people).await?;
        let (mut created, mut updated, mut written) = (0, 0, 0);
        for batch in people.chunks(SYNC_BATCH) {
            let (
                _,
                ImportSummary {
                    created: c,
                    updated: u,
                },
            ) = write_people(&mut tx, batch, now, true).await?;
            created += c;
            updated += u;
            written += batch.len();
            progress(written);
        }
        let mut deactivated = 0;
        if deactivate_others {
            let active = sqlx::query("SELECT id, employee_id FROM people WHERE active = 1")
                .fetch_all(&mut *tx)
                .await?;
            let mut leavers = Vec::new();
            for r in &active {
                let employee_id = r.text("employee_id")?;
                if !keep.contains(&employee_id) && !employee_id.starts_with(LOCAL_EMPLOYEE_PREFIX) {
                    leavers.push(r.int("id")?);
                }
            }
            for chunk in leavers.chunks(500) {
                let list = (1..=chunk.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(",");
                // The timestamp is bound last so placeholders stay in order.
                let update = format!(
                    "UPDATE people SET active = 0, updated_at = ${}, version = version + 1 WHERE id IN ({list})",
                    chunk.len() + 1
                );
                let mut q = sqlx::query(&update);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.bind(now.0).execute(&mut *tx).await?;
                let sign_out = format!("DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id IN ({list}))");
                let mut q = sqlx::query(&sign_out);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            deactivated = leavers.len();
        }
        tx.commit().await?;
        Ok(SyncSummary {
            created,
            updated,
            deactivated,
        })
    }
}
