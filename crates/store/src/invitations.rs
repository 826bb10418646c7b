//! Single-use, expiring links to set a password (invitations for imported
//! people, and resets). Only the token's hash is stored.

use crate::row::RowExt;
use crate::{Store, StoreResult};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::AccountId;

impl Store {
    /// Records an invitation for `account` valid until `expires_at`; earlier
    /// unused invitations of the account stop working.
    pub async fn create_invitation(
        &self,
        account: AccountId,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE invitations SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
        )
        .bind(now.0)
        .bind(account.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO invitations (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(account.0)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account an unused, unexpired invitation belongs to (without using it).
    pub async fn peek_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<AccountId>> {
        let row = sqlx::query("SELECT account_id FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(self.reader())
            .await?;
        row.map(|r| r.int("account_id").map(AccountId)).transpose()
    }

    /// Uses an invitation: sets the password and marks the link used, at once, so
    /// a link works exactly once. Returns the account, or None when the link is
    /// unknown, used or expired.
    pub async fn redeem_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<AccountId>> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
        )
        .bind(now.0)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let account = AccountId(row.int("account_id")?);
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now.0)
        .bind(account.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(account))
    }
}
