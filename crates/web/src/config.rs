//! How an instance is configured. The command line fills this in; tests build it
//! directly.

use anyhow::Context;
use mentorhub_store::Store;
use std::path::PathBuf;
use std::time::Duration;

/// Where the data lives: an embedded SQLite file in `data_dir` (the default), or
/// the database at `database_url` (PostgreSQL for several instances).
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
}

impl DatabaseConfig {
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("mentorhub.db")
    }

    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.sqlite_path().display()),
        }
    }

    /// Opens the database (creating the data directory and SQLite file when
    /// needed) and brings the schema up to date.
    pub async fn open_and_migrate(&self) -> anyhow::Result<Store> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                self.data_dir.display()
            )
        })?;
        let store = Store::connect(&self.url()).await?;
        store.migrate().await?;
        Ok(store)
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on, e.g. `127.0.0.1:8080`; port 0 picks a free one.
    pub addr: String,
    pub database: DatabaseConfig,
    /// Fill an empty database with the demo organisation.
    pub demo: bool,
    /// The address people use to reach the product (for links in emails). When it
    /// is https, cookies are `Secure` and HSTS is sent.
    pub public_url: Option<String>,
    /// SMTP server for outgoing email; without it, email is written to files.
    pub smtp_url: Option<String>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Run the background work in this process (email delivery, check-ins,
    /// dormancy, reassessment). Every instance may: work is claimed with leases.
    pub background_jobs: bool,
    /// The organisation's time zone: times are shown in it to people who have
    /// not chosen their own, and emails state times in it.
    pub time_zone: chrono_tz::Tz,
}

impl Config {
    pub fn new(addr: impl Into<String>, database: DatabaseConfig) -> Self {
        Config {
            addr: addr.into(),
            database,
            demo: false,
            public_url: None,
            smtp_url: None,
            session_idle: Duration::from_secs(8 * 3600),
            session_absolute: Duration::from_secs(7 * 24 * 3600),
            background_jobs: true,
            time_zone: chrono_tz::Tz::UTC,
        }
    }

    /// How times read for people without settings of their own, and in emails.
    pub fn organisation_time(&self) -> crate::local_time::TimePrefs {
        crate::local_time::TimePrefs {
            zone: self.time_zone,
            ..Default::default()
        }
    }

    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}
