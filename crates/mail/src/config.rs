//! How the mail runner is configured: where email goes, who this instance is,
//! how often it wakes and how long it holds what it claimed.

use mentorhub_web::config::Config;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (optionally `smtp://user:pass@host:port`); without it,
    /// each message is written as an `.eml` file into `outbox_dir`.
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    /// The sender, e.g. `Mentorhub <mentorhub@example.org>`.
    pub from: String,
    /// Where people reach the product, for links in emails.
    pub public_url: Option<String>,
    /// Names this instance in leases; unique per running process.
    pub worker_id: String,
    /// How often the runner wakes up in production.
    pub tick_every: Duration,
    /// How often the schedule is swept for check-ins, dormancy and reassessment.
    pub sweep_every: Duration,
    /// How long a claimed message or job is this worker's alone. A crashed
    /// worker's claims go to others after this.
    pub lease: Duration,
    /// How many messages or jobs are claimed at once.
    pub batch: i64,
    /// Failed sends are retried with backoff; after this many the message is
    /// marked failed.
    pub max_attempts: i64,
    /// Failed jobs are retried with backoff; after this many the job is failed.
    pub max_job_attempts: i64,
    /// The most an SMTP exchange may take before it counts as failed.
    pub smtp_timeout: Duration,
}

impl MailConfig {
    /// Defaults for an instance: SMTP when configured, else files under
    /// `<data_dir>/outbox/`.
    pub fn new(smtp_url: Option<String>, outbox_dir: PathBuf, public_url: Option<String>) -> Self {
        let from = format!(
            "Mentorhub <mentorhub@{}>",
            sender_domain(public_url.as_deref())
        );
        MailConfig {
            smtp_url: smtp_url.filter(|u| !u.trim().is_empty()),
            outbox_dir,
            from,
            public_url,
            worker_id: new_worker_id(),
            tick_every: Duration::from_secs(5),
            sweep_every: Duration::from_secs(10 * 60),
            lease: Duration::from_secs(5 * 60),
            batch: 20,
            max_attempts: 10,
            max_job_attempts: 5,
            smtp_timeout: Duration::from_secs(30),
        }
    }

    /// The mail configuration of a server instance. `MENTORHUB_MAIL_LEASE_SECS`
    /// and `MENTORHUB_MAIL_TICK_MS` override the lease and the tick (operators
    /// with many instances; the multi-instance tests, which kill one).
    pub fn from_config(config: &Config) -> Self {
        let mut c = MailConfig::new(
            config.smtp_url.clone(),
            config.database.data_dir.join("outbox"),
            config.public_url.clone(),
        );
        let env_u64 = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        if let Some(secs) = env_u64("MENTORHUB_MAIL_LEASE_SECS") {
            c.lease = Duration::from_secs(secs);
        }
        if let Some(ms) = env_u64("MENTORHUB_MAIL_TICK_MS") {
            c.tick_every = Duration::from_millis(ms);
        }
        c
    }

    /// A link into the product, when its public address is known.
    pub(crate) fn link(&self, path: &str) -> Option<String> {
        self.public_url
            .as_deref()
            .map(|base| format!("{}{path}", base.trim_end_matches('/')))
    }

    /// The domain of the sender address (for Message-IDs and EHLO).
    pub(crate) fn domain(&self) -> &str {
        self.from
            .rsplit_once('@')
            .map(|(_, d)| d.trim_end_matches('>').trim())
            .filter(|d| !d.is_empty())
            .unwrap_or("localhost")
    }
}

/// The host people reach the product at, else `localhost`.
fn sender_domain(public_url: Option<&str>) -> String {
    public_url
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
        .to_string()
}

/// `host-pid-nonce-n`: different for every runner, so two instances (or a
/// restarted one) never mistake each other's leases for their own.
fn new_worker_id() -> String {
    static RUNNERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = RUNNERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{host}-{}-{nonce:08x}-{n}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_is_at_the_public_host() {
        let c = MailConfig::new(
            None,
            PathBuf::from("/tmp/outbox"),
            Some("https://mentoring.example.org:8443/app".into()),
        );
        assert_eq!(c.from, "Mentorhub <mentorhub@mentoring.example.org>");
        assert_eq!(c.domain(), "mentoring.example.org");
        assert_eq!(
            c.link("/relationships/4").as_deref(),
            Some("https://mentoring.example.org:8443/app/relationships/4")
        );
        let plain = MailConfig::new(Some(" ".into()), PathBuf::from("/tmp/o"), None);
        assert_eq!(plain.domain(), "localhost");
        assert_eq!(plain.smtp_url, None, "a blank SMTP URL means files");
        assert_eq!(plain.link("/x"), None);
    }

    #[test]
    fn worker_ids_differ_between_runners_of_one_process() {
        let a = new_worker_id();
        let b = new_worker_id();
        assert_ne!(a, b);
        assert!(a.contains(&format!("-{}-", std::process::id())), "{a}");
    }
}
