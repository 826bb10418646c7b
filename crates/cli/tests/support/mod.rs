//! What the process-level tests share: a fresh database per run, the real
//! `mentorhub serve` binary started on loopback and killed (SIGKILL) or stopped
//! by a guard that also runs when a test fails, HTTP clients with their own
//! cookie jars, and a small seeded random source.

#![allow(dead_code)]

use mentorhub_store::test_support::TestDb;
use mentorhub_store::Backend;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const DEMO_PASSWORD: &str = "mentorhub-demo";
pub const MENTEE: &str = "mentee@demo.mentorhub.test";
pub const MENTOR: &str = "mentor@demo.mentorhub.test";
pub const ADMIN: &str = "admin@demo.mentorhub.test";

/// An integer from the environment, else `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A fresh database for one run and the folder the server's files go in.
pub struct Database {
    pub backend: Backend,
    pub url: String,
    pub dir: PathBuf,
    db: Option<TestDb>,
}

impl Database {
    /// `None` (reason printed) when PostgreSQL is asked for but not configured
    /// and not required.
    pub async fn fresh(backend: Backend) -> Option<Database> {
        let db = TestDb::for_backend(backend).await?;
        // The test does not hold the database open while servers run.
        db.store.close().await;
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "mentorhub-proc-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create data dir");
        Some(Database {
            backend,
            url: db.url.clone(),
            dir,
            db: Some(db),
        })
    }

    /// A database the test made itself (nothing is removed at cleanup).
    pub fn existing(backend: Backend, url: &str, dir: &Path) -> Database {
        Database {
            backend,
            url: url.to_string(),
            dir: dir.to_path_buf(),
            db: None,
        }
    }

    /// A new connection pool of the test's own (for checks beside the API).
    pub async fn store(&self) -> mentorhub_store::Store {
        mentorhub_store::Store::connect(&self.url)
            .await
            .expect("connect to the test database")
    }

    pub async fn cleanup(mut self) {
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free loopback port (bound then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// How to start one instance.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    pub demo: bool,
    pub background_jobs: bool,
    pub smtp_url: Option<String>,
    pub extra_env: Vec<(String, String)>,
}

/// One running `mentorhub serve`. Dropping it kills the process.
pub struct Server {
    pub port: u16,
    pub base: String,
    child: Option<Child>,
    log: PathBuf,
}

impl Server {
    /// Starts the binary on `port` and waits until `/healthz` answers (at most
    /// `MENTORHUB_TEST_START_SECS`, default 120 s: the demo load is slow on a
    /// busy machine).
    pub async fn start(db: &Database, port: u16, options: &ServeOptions) -> Server {
        let log = db.dir.join(format!("server-{port}.log"));
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("open server log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mentorhub"));
        cmd.arg("serve")
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(&db.dir)
            .arg("--database-url")
            .arg(&db.url)
            .env("MENTORHUB_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file);
        if options.demo {
            cmd.arg("--demo");
        }
        if !options.background_jobs {
            cmd.arg("--no-background-jobs");
        }
        if let Some(url) = &options.smtp_url {
            cmd.arg("--smtp-url").arg(url);
        }
        for (k, v) in &options.extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start mentorhub serve");
        let mut server = Server {
            port,
            base: format!("http://127.0.0.1:{port}"),
            child: Some(child),
            log,
        };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&mut self) {
        let limit = Duration::from_secs(env_usize("MENTORHUB_TEST_START_SECS", 120) as u64);
        let started = Instant::now();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("client");
        loop {
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    panic!(
                        "mentorhub serve exited ({status}) before it was ready:\n{}",
                        self.log_tail()
                    );
                }
            }
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            if started.elapsed() > limit {
                panic!(
                    "mentorhub serve did not answer /healthz within {limit:?}:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    /// SIGKILL: no shutdown code runs, no lease is given back.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The server's resident memory in KiB (Linux), if it runs.
    pub fn rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A client with its own cookie jar, like a separate browser.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Signs in through the JSON API at `base`; panics unless it works.
pub async fn signed_in(base: &str, email: &str, password: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("sign-in request");
    let status = r.status();
    assert_eq!(
        status,
        200,
        "sign-in as {email}: {}",
        r.text().await.unwrap_or_default()
    );
    c
}

/// A small, seeded random source (xorshift), so a failing run can be
/// repeated with `MENTORHUB_TEST_SEED`.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The seed from `MENTORHUB_TEST_SEED`, else the clock (printed by callers).
    pub fn seed_from_env() -> u64 {
        std::env::var("MENTORHUB_TEST_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(7)
            })
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// The version in a response's `ETag`.
pub fn version_of(r: &reqwest::Response) -> Option<i64> {
    r.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_matches('"').parse().ok())
}
pub mod smtp;
