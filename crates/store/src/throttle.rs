//! Failed sign-in counters in the database, so that every instance of a
//! deployment counts the same attempts (per account and per client address).

use crate::row::RowExt;
use crate::{Store, StoreResult};
use mentorhub_domain::time_util::Timestamp;

impl Store {
    /// The most failures any of `keys` has within the window that started after
    /// `window_start`.
    pub async fn throttle_failures(
        &self,
        keys: &[&str],
        window_start: Timestamp,
    ) -> StoreResult<i64> {
        let mut worst = 0;
        for key in keys {
            let row = sqlx::query("SELECT failures FROM auth_throttle WHERE throttle_key = $1 AND window_started_at > $2")
                .bind(*key)
                .bind(window_start.0)
                .fetch_optional(self.reader())
                .await?;
            if let Some(r) = row {
                worst = worst.max(r.int("failures")?);
            }
        }
        Ok(worst)
    }

    /// Counts one attempt against each key (a key whose window has passed
    /// starts a new window) and returns the highest count afterwards. The
    /// count is taken before the password is checked, in one statement per
    /// key, so concurrent attempts on any instance each see a different number
    /// and no more than the limit get through; a successful attempt gives its
    /// count back with [`Store::refund_throttle_attempt`].
    pub async fn record_throttle_failure(
        &self,
        keys: &[&str],
        now: Timestamp,
        window_start: Timestamp,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let mut worst = 0;
        for key in keys {
            let row = sqlx::query(
                "INSERT INTO auth_throttle (throttle_key, window_started_at, failures) VALUES ($1, $2, 1) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                   failures = CASE WHEN auth_throttle.window_started_at <= $3 THEN 1 ELSE auth_throttle.failures + 1 END, \
                   window_started_at = CASE WHEN auth_throttle.window_started_at <= $3 THEN $2 ELSE auth_throttle.window_started_at END \
                 RETURNING failures",
            )
            .bind(*key)
            .bind(now.0)
            .bind(window_start.0)
            .fetch_one(&mut *tx)
            .await?;
            worst = worst.max(row.int("failures")?);
        }
        tx.commit().await?;
        Ok(worst)
    }

    /// Takes back one attempt counted by [`Store::record_throttle_failure`]
    /// (it turned out not to be a failure).
    pub async fn refund_throttle_attempt(&self, keys: &[&str]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for key in keys {
            sqlx::query("UPDATE auth_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
                .bind(*key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets a key's failures (after a successful sign-in).
    pub async fn clear_throttle(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM auth_throttle WHERE throttle_key = $1")
            .bind(key)
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
