//! Accounts and server-side sessions.

use crate::row::{flag, RowExt};
use crate::{Store, StoreError, StoreResult};
use mentorhub_domain::account::Role;
use mentorhub_domain::person::Email;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::{AccountId, PersonId};
use sqlx::any::AnyRow;

/// An account with what sign-in needs to know about its person.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub id: AccountId,
    pub person_id: PersonId,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    /// False when the account or the person was deactivated.
    pub active: bool,
    /// Their time zone (IANA name), when they chose one.
    pub time_zone: Option<String>,
    /// Their date style (`en-GB`, `en-US`, `iso`), when they chose one.
    pub date_style: Option<String>,
}

/// A live session and who it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub session_id: i64,
    pub account: AccountRecord,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
    /// What the person is, read in the same query (see [`Store::roles_of`]).
    pub roles: Vec<Role>,
}

const ACCOUNT_COLUMNS: &str =
    "a.id AS account_id, a.person_id, p.email, p.name, a.password_hash, a.is_admin, \
     (CASE WHEN a.active = 1 AND p.active = 1 THEN 1 ELSE 0 END) AS is_active, \
     a.time_zone, a.date_style";

fn account_from_row(row: &AnyRow) -> StoreResult<AccountRecord> {
    Ok(AccountRecord {
        id: AccountId(row.int("account_id")?),
        person_id: PersonId(row.int("person_id")?),
        email: row.text("email")?,
        name: row.text("name")?,
        password_hash: row.opt_text("password_hash")?,
        is_admin: row.flag("is_admin")?,
        active: row.flag("is_active")?,
        time_zone: row.opt_text("time_zone")?,
        date_style: row.opt_text("date_style")?,
    })
}

impl Store {
    pub async fn find_account_by_email(&self, email: &str) -> StoreResult<Option<AccountRecord>> {
        let email = email.trim().to_lowercase();
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1");
        let row = sqlx::query(&sql)
            .bind(email)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub async fn find_account_by_id(&self, id: AccountId) -> StoreResult<Option<AccountRecord>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.id = $1"
        );
        let row = sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    pub async fn find_account_by_person(
        &self,
        person: PersonId,
    ) -> StoreResult<Option<AccountRecord>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.person_id = $1");
        let row = sqlx::query(&sql)
            .bind(person.0)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Creates the account of an existing person (no password yet: they set one
    /// through an invitation), or returns the one they have.
    pub async fn ensure_account(&self, person: PersonId, now: Timestamp) -> StoreResult<AccountId> {
        let mut tx = self.begin().await?;
        let existing = sqlx::query("SELECT id FROM accounts WHERE person_id = $1")
            .bind(person.0)
            .fetch_optional(&mut *tx)
            .await?;
        let id = match existing {
            Some(row) => row.int("id")?,
            None => sqlx::query("INSERT INTO accounts (person_id, is_admin, active, created_at) VALUES ($1, 0, 1, $2) RETURNING id")
                .bind(person.0)
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?
                .int("id")?,
        };
        tx.commit().await?;
        Ok(AccountId(id))
    }

    /// Creates an administrator: a person (when no one has this email yet) and an
    /// account with admin rights and the given password hash. An existing person
    /// with this email is promoted and given the password. The audit log records
    /// it (`admin.create`, see [`Store::create_admin_by`]).
    pub async fn create_admin(
        &self,
        email: &Email,
        name: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<AccountId> {
        self.create_admin_by(email, name, password_hash, now, "")
            .await
    }

    /// [`Store::create_admin`], saying in the audit entry how and by whom it was
    /// done (e.g. `command line, OS user ops`). The entry — `admin.create` about
    /// `person:<id>`, no actor (nobody is signed in), whether the person is new or
    /// was promoted — is written in the same transaction as the account.
    pub async fn create_admin_by(
        &self,
        email: &Email,
        name: &str,
        password_hash: &str,
        now: Timestamp,
        by: &str,
    ) -> StoreResult<AccountId> {
        let mut tx = self.begin().await?;
        let person = sqlx::query("SELECT id FROM people WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let promoted = person.is_some();
        let person_id = match person {
            Some(row) => row.int("id")?,
            None => sqlx::query(
                "INSERT INTO people (employee_id, name, email, title, location, function, career_level, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'Programme administrator', '', '', 1, 1, $4, $4) RETURNING id",
            )
            .bind(format!("admin:{}", email.as_str()))
            .bind(name)
            .bind(email.as_str())
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?
            .int("id")?,
        };
        let account = sqlx::query("SELECT id FROM accounts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
        let account_id = match account {
            Some(row) => {
                let id = row.int("id")?;
                sqlx::query("UPDATE accounts SET is_admin = 1, active = 1, password_hash = $1, password_changed_at = $2 WHERE id = $3")
                    .bind(password_hash)
                    .bind(now.0)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
                id
            }
            None => sqlx::query(
                "INSERT INTO accounts (person_id, password_hash, is_admin, active, created_at, password_changed_at) \
                 VALUES ($1, $2, 1, 1, $3, $3) RETURNING id",
            )
            .bind(person_id)
            .bind(password_hash)
            .bind(now.0)
            .fetch_one(&mut *tx)
            .await?
            .int("id")?,
        };
        sqlx::query("UPDATE people SET active = 1 WHERE id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        let what = if promoted {
            "an existing person made administrator"
        } else {
            "a new person, administrator"
        };
        let detail = if by.is_empty() {
            what.to_string()
        } else {
            format!("{what}; {by}")
        };
        sqlx::query("INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES ($1, NULL, 'admin.create', $2, $3)")
            .bind(now.0)
            .bind(format!("person:{person_id}"))
            .bind(detail)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(AccountId(account_id))
    }

    /// Sets how the person reads times; `None` goes back to the organisation's.
    /// The values are checked by the caller (a known zone, a known style).
    pub async fn set_time_settings(
        &self,
        account: AccountId,
        time_zone: Option<&str>,
        date_style: Option<&str>,
    ) -> StoreResult<()> {
        let n = sqlx::query("UPDATE accounts SET time_zone = $1, date_style = $2 WHERE id = $3")
            .bind(time_zone)
            .bind(date_style)
            .bind(account.0)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("account"));
        }
        Ok(())
    }

    /// Sets a password and ends every session of the account: whoever knew the
    /// old one is signed out everywhere.
    pub async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now.0)
        .bind(account.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("account"));
        }
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_admin(&self, account: AccountId, is_admin: bool) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET is_admin = $1 WHERE id = $2")
            .bind(flag(is_admin))
            .bind(account.0)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Records a new session. The caller keeps the token; only its hash is stored.
    pub async fn create_session(
        &self,
        account: AccountId,
        token_hash: &str,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(account.0)
        .bind(csrf_token)
        .bind(now.0)
        .bind(expires_at.0)
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// The live session for a token hash: not past its absolute expiry, not idle
    /// longer than `idle_ms`, and of an active account. Anything else is deleted
    /// and reported as no session.
    pub async fn find_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_ms: i64,
    ) -> StoreResult<Option<SessionRecord>> {
        let sql = format!(
            "SELECT s.id AS session_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, {ACCOUNT_COLUMNS}, \
               {ROLE_COUNTS} \
             FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id \
             WHERE s.token_hash = $1",
            ROLE_COUNTS = role_counts_sql("a.person_id")
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?
        else {
            return Ok(None);
        };
        let account = account_from_row(&row)?;
        let record = SessionRecord {
            session_id: row.int("session_id")?,
            roles: roles_from_row(&row, account.is_admin)?,
            account,
            csrf_token: row.text("csrf_token")?,
            created_at: Timestamp(row.int("created_at")?),
            last_seen_at: Timestamp(row.int("last_seen_at")?),
            expires_at: Timestamp(row.int("expires_at")?),
        };
        let expired = now >= record.expires_at
            || now.0 - record.last_seen_at.0 > idle_ms
            || !record.account.active;
        if expired {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(record.session_id)
                .execute(self.writer())
                .await?;
            return Ok(None);
        }
        // Refresh the idle clock at most once a minute, so that reads stay reads.
        if now.0 - record.last_seen_at.0 > 60_000 {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(record.session_id)
                .execute(self.writer())
                .await?;
        }
        Ok(Some(record))
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Ends every session of an account (sign-out everywhere, deactivation).
    pub async fn delete_sessions_of(&self, account: AccountId) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.0)
            .execute(self.writer())
            .await?
            .rows_affected())
    }

    /// The roles a person holds now: admin by grant; manager when someone active
    /// reports to them; mentor or mentee by enrolment or relationship.
    pub async fn roles_of(&self, person: PersonId, is_admin: bool) -> StoreResult<Vec<Role>> {
        let sql = format!("SELECT {}", role_counts_sql("$1"));
        let row = sqlx::query(&sql)
            .bind(person.0)
            .fetch_one(self.reader())
            .await?;
        roles_from_row(&row, is_admin)
    }
}

/// The counts that make a person a manager, a mentor or a mentee, for the person
/// whose id is the SQL expression `person`.
fn role_counts_sql(person: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM people r WHERE r.manager_id = {person} AND r.active = 1) AS reports, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.person_id = {person} AND e.role = 'mentor' AND e.status NOT IN ('withdrawn')) \
           + (SELECT COUNT(*) FROM relationships m WHERE m.mentor_id = {person}) AS mentoring, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.person_id = {person} AND e.role = 'mentee' AND e.status NOT IN ('withdrawn')) \
           + (SELECT COUNT(*) FROM relationships m WHERE m.mentee_id = {person}) \
           + (SELECT COUNT(*) FROM shortlist_entries s WHERE s.mentee_id = {person}) AS mentored"
    )
}

fn roles_from_row(row: &AnyRow, is_admin: bool) -> StoreResult<Vec<Role>> {
    let mut roles = Vec::new();
    if is_admin {
        roles.push(Role::Admin);
    }
    if row.int("reports")? > 0 {
        roles.push(Role::Manager);
    }
    if row.int("mentoring")? > 0 {
        roles.push(Role::Mentor);
    }
    if row.int("mentored")? > 0 {
        roles.push(Role::Mentee);
    }
    Ok(roles)
}
