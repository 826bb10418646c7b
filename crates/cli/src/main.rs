//! `mentorhub`: the one binary. It parses the command line and calls into the
//! libraries; everything else is testable without spawning a process.

mod match_cmd;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use mentorhub_domain::account::NewPassword;
use mentorhub_domain::person::Email;
use mentorhub_server::config::{Config, DatabaseConfig};
use mentorhub_server::Application;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "mentorhub",
    version,
    about = "Run mentoring programmes end to end: profiles, qualification, optimal matching, agreements, meetings, check-ins and programme health."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (pages and JSON API).
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseArgs),
    /// Create an administrator account, or promote an existing person to admin.
    CreateAdmin(CreateAdminArgs),
    /// Compute an optimal mentor–mentee matching from a JSON instance file.
    Match(match_cmd::MatchArgs),
    /// Write a consistent copy of the database while the server runs (SQLite;
    /// for PostgreSQL use pg_dump).
    Backup(BackupArgs),
    /// Replace the SQLite database with a backup (stop the server first).
    Restore(RestoreArgs),
    /// Import data from files (people from the HR export).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a programme's health exports as CSV (the same files as the health
    /// page's download links).
    Export(ExportArgs),
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// What to export: participants, relationships, meetings, checkins, pairs,
    /// or all (one file per kind; needs --output-dir).
    kind: String,
    /// The programme: its number or its exact name.
    #[arg(long)]
    programme: String,
    /// The file to write (standard output when absent).
    #[arg(long, conflicts_with = "output_dir")]
    output: Option<PathBuf>,
    /// With `all`: the directory to write `programme-N-KIND.csv` files into.
    #[arg(long)]
    output_dir: Option<PathBuf>,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Args, Debug)]
struct BackupArgs {
    /// The file to write; it must not exist yet.
    #[arg(long)]
    output: PathBuf,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Args, Debug)]
struct RestoreArgs {
    /// A file written by `mentorhub backup`.
    #[arg(long)]
    input: PathBuf,
    /// Replace an existing database in the data directory.
    #[arg(long)]
    force: bool,
    /// Directory whose database is replaced.
    #[arg(long, env = "MENTORHUB_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import people from the HR system's CSV export. Re-importing updates by
    /// employee id; people missing from a full import are deactivated.
    People(ImportPeopleArgs),
}

#[derive(Args, Debug)]
struct ImportPeopleArgs {
    /// The CSV file: employee_id,name,email,title,manager_employee_id,location,function,career_level
    #[arg(long)]
    file: PathBuf,
    /// Import the valid rows even when some rows are refused.
    #[arg(long)]
    skip_invalid: bool,
    /// Only add and update; do not deactivate people missing from the file.
    #[arg(long)]
    partial: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Where the data lives. Every subcommand that touches the database takes these.
#[derive(Args, Debug, Clone)]
struct DatabaseArgs {
    /// Directory for the embedded SQLite database (`mentorhub.db`) and outgoing
    /// email files. Created if absent.
    #[arg(long, env = "MENTORHUB_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// Use this database instead of the embedded SQLite file, e.g.
    /// postgres://user@host:5432/mentorhub (needed for several instances).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

impl DatabaseArgs {
    fn config(&self) -> DatabaseConfig {
        DatabaseConfig {
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
        }
    }
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MENTORHUB_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Fill an empty database with a generated demo organisation and show the
    /// demo sign-ins.
    #[arg(long)]
    demo: bool,
    /// The address people reach the product at (used in email links; https
    /// turns on Secure cookies and HSTS).
    #[arg(long, env = "MENTORHUB_PUBLIC_URL")]
    public_url: Option<String>,
    /// SMTP server for outgoing email, e.g. smtp://127.0.0.1:2525. Without it,
    /// email is written as .eml files under the data directory.
    #[arg(long, env = "MENTORHUB_SMTP_URL")]
    smtp_url: Option<String>,
    /// Do not run background work (email delivery, check-ins, dormancy) in this
    /// instance; another instance on the same database does it.
    #[arg(long)]
    no_background_jobs: bool,
    /// The organisation's time zone (IANA name, e.g. Europe/London): pages show
    /// times in it to people who have not chosen their own, and emails use it.
    #[arg(long, env = "MENTORHUB_TIME_ZONE", default_value = "UTC")]
    time_zone: String,
}

#[derive(Args, Debug)]
struct CreateAdminArgs {
    /// The administrator's email address (their sign-in).
    #[arg(long)]
    email: String,
    /// Their name as shown in the product (defaults to the email's local part).
    #[arg(long)]
    name: Option<String>,
    /// Read the password from the first line of standard input instead of
    /// prompting.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Match(args) = &cli.command {
        // Pure computation: no runtime, no logging set-up.
        return match_cmd::run(args);
    }
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
            Command::Migrate(args) => migrate(args).await.map(|()| ExitCode::SUCCESS),
            Command::CreateAdmin(args) => create_admin(args).await.map(|()| ExitCode::SUCCESS),
            Command::Import(ImportCommand::People(args)) => import_people(args).await,
            Command::Backup(args) => backup(args).await.map(|()| ExitCode::SUCCESS),
            Command::Restore(args) => restore(args).await.map(|()| ExitCode::SUCCESS),
            Command::Export(args) => export(args).await,
            Command::Match(_) => unreachable!("handled above"),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("MENTORHUB_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = Config::new(args.addr, args.database.config());
    config.demo = args.demo;
    config.public_url = args.public_url;
    config.smtp_url = args.smtp_url;
    config.background_jobs = !args.no_background_jobs;
    config.time_zone =
        mentorhub_server::local_time::parse_zone(&args.time_zone).ok_or_else(|| {
            anyhow::anyhow!(
                "--time-zone {:?} is not a time zone name (try Europe/London or America/New_York)",
                args.time_zone
            )
        })?;
    let app = Application::build(config.clone()).await?;
    let addr = app.local_addr();
    let backend = app.state().store().backend().as_str();
    println!("Mentorhub is running at http://{addr}/ (database: {backend})");
    if let Some(summary) = &app.demo_summary {
        println!("Demo data loaded: {summary}");
    }
    if config.demo {
        println!(
            "Demo sign-ins (password: {}):",
            mentorhub_demo::DEMO_PASSWORD
        );
        for (email, role) in mentorhub_demo::DEMO_ACCOUNTS {
            println!("  {email:<32} {role}");
        }
    }
    println!("Press Ctrl+C to stop.");
    app.run_until(shutdown_signal()).await?;
    println!("Stopped.");
    Ok(())
}

/// Completes on Ctrl+C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn migrate(args: DatabaseArgs) -> anyhow::Result<()> {
    let store = args.config().open_and_migrate().await?;
    println!("Database is up to date ({}).", store.backend().as_str());
    store.close().await;
    Ok(())
}

async fn create_admin(args: CreateAdminArgs) -> anyhow::Result<()> {
    let email = Email::parse(&args.email).map_err(|e| anyhow::anyhow!("--{e}"))?;
    let name = args.name.clone().unwrap_or_else(|| {
        email
            .as_str()
            .split('@')
            .next()
            .unwrap_or("Administrator")
            .to_string()
    });
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        if !std::io::stdin().is_terminal() {
            bail!("no terminal to prompt for a password: pass --password-stdin and pipe it in");
        }
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        first
    };
    let password = NewPassword::parse(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = args.database.config().open_and_migrate().await?;
    let hash =
        mentorhub_server::auth::password::hash_password(password.expose().to_string()).await?;
    let now = mentorhub_server::clock::Clock::now(&mentorhub_server::clock::SystemClock);
    store
        .create_admin_by(&email, &name, &hash, now, &created_by())
        .await?;
    println!("Administrator {email} can now sign in (recorded in the audit log).");
    store.close().await;
    Ok(())
}

/// Who ran `create-admin`, for its audit entry: nobody is signed in, so the
/// operating-system user is the best answer there is.
fn created_by() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()));
    match user {
        Some(u) => format!(
            "mentorhub create-admin on the command line, OS user {}",
            u.trim()
        ),
        None => "mentorhub create-admin on the command line".to_string(),
    }
}

async fn import_people(args: ImportPeopleArgs) -> anyhow::Result<ExitCode> {
    use mentorhub_server::people_import::{ImportOptions, ImportPhase, MAX_IMPORT_BYTES};
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    if bytes.len() > MAX_IMPORT_BYTES {
        bail!(
            "{} is larger than 20 MB; split the export",
            args.file.display()
        );
    }
    let store = args.database.config().open_and_migrate().await?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let progress = |phase: ImportPhase| match phase {
        ImportPhase::Checking => bar.set_message("checking"),
        ImportPhase::Writing { done, total } => {
            bar.set_message("writing");
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let options = ImportOptions {
        skip_invalid: args.skip_invalid,
        partial: args.partial,
    };
    let now = mentorhub_server::clock::Clock::now(&mentorhub_server::clock::SystemClock);
    let result =
        mentorhub_server::people_import::import_people(&store, &bytes, options, now, &progress)
            .await;
    bar.finish_and_clear();
    store.close().await;
    let report = match result {
        Ok(r) => r,
        Err(mentorhub_server::people_import::ImportError::File(m)) => {
            bail!("{}: {m}", args.file.display())
        }
        Err(e) => return Err(e.into()),
    };
    const SHOWN: usize = 50;
    for e in report.errors.iter().take(SHOWN) {
        eprintln!("{}: {e}", args.file.display());
    }
    if report.errors.len() > SHOWN {
        eprintln!("… and {} more errors", report.errors.len() - SHOWN);
    }
    if !report.committed {
        eprintln!("{} line(s) refused; nothing was imported. Fix them, or rerun with --skip-invalid to import the valid rows only.", report.refused);
        return Ok(ExitCode::from(1));
    }
    println!(
        "Imported {}: {} created, {} updated, {} deactivated, {} refused.",
        args.file.display(),
        report.created,
        report.updated,
        report.deactivated,
        report.refused
    );
    Ok(ExitCode::SUCCESS)
}

async fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    use mentorhub_health::ExportKind;
    let kinds: Vec<ExportKind> = if args.kind == "all" {
        ExportKind::ALL.to_vec()
    } else {
        match ExportKind::parse(&args.kind) {
            Some(k) => vec![k],
            None => {
                let known: Vec<&str> = ExportKind::ALL.iter().map(|k| k.as_str()).collect();
                eprintln!(
                    "error: unknown export {:?}; choose one of {} or all",
                    args.kind,
                    known.join(", ")
                );
                return Ok(ExitCode::from(2));
            }
        }
    };
    if kinds.len() > 1 && args.output_dir.is_none() {
        eprintln!("error: `all` writes one file per kind: give --output-dir");
        return Ok(ExitCode::from(2));
    }
    let store = args.database.config().open_and_migrate().await?;
    let programmes = store.list_programmes().await?;
    let wanted = args.programme.trim();
    let found = programmes
        .iter()
        .map(|s| &s.programme)
        .find(|p| wanted.parse::<i64>().is_ok_and(|n| n == p.id.0) || p.name == wanted);
    let Some(programme) = found else {
        let names: Vec<String> = programmes
            .iter()
            .map(|s| format!("{} ({})", s.programme.id.0, s.programme.name))
            .collect();
        eprintln!(
            "error: no programme {wanted:?}; programmes: {}",
            if names.is_empty() {
                "none yet".to_string()
            } else {
                names.join(", ")
            }
        );
        store.close().await;
        return Ok(ExitCode::from(2));
    };
    let now = mentorhub_server::clock::Clock::now(&mentorhub_server::clock::SystemClock);
    // Every CSV is built before anything is written, so a failure leaves no partial files.
    let mut files = Vec::new();
    for kind in kinds {
        let csv = mentorhub_health::export_csv(&store, programme.id, kind, now).await?;
        store
            .record_audit(
                None,
                "health.export",
                &format!("programme:{}", programme.id.0),
                &format!("{} exported from the command line", kind.as_str()),
                now,
            )
            .await?;
        files.push((kind, csv));
    }
    store.close().await;
    match (&args.output, &args.output_dir) {
        (Some(path), _) => {
            write_whole(path, files[0].1.as_bytes())?;
            eprintln!("Wrote {}.", path.display());
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for (kind, csv) in &files {
                let path = dir.join(kind.file_name(programme.id));
                write_whole(&path, csv.as_bytes())?;
                eprintln!("Wrote {}.", path.display());
            }
        }
        (None, None) => {
            use std::io::Write;
            std::io::stdout().write_all(files[0].1.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` beside `path` and renames it into place: never a half-written file.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let store = args.database.config().open_and_migrate().await?;
    let result = store.backup_to(&args.output).await;
    store.close().await;
    result?;
    let check = mentorhub_store::Store::open_sqlite(&args.output).await?;
    let problems = check.integrity_problems().await?;
    check.close().await;
    if !problems.is_empty() {
        bail!(
            "the backup failed its integrity check: {}",
            problems.join("; ")
        );
    }
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "Backup written to {} ({} KiB, integrity checked).",
        args.output.display(),
        size / 1024
    );
    Ok(())
}

async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    if !args.input.is_file() {
        bail!("{} is not a file", args.input.display());
    }
    let check = mentorhub_store::Store::open_sqlite(&args.input).await?;
    let problems = check.integrity_problems().await?;
    check.close().await;
    if !problems.is_empty() {
        bail!(
            "{} failed its integrity check: {}",
            args.input.display(),
            problems.join("; ")
        );
    }
    let target = DatabaseConfig {
        data_dir: args.data_dir.clone(),
        database_url: None,
    }
    .sqlite_path();
    if target.exists() && !args.force {
        bail!(
            "{} exists; stop the server and pass --force to replace it",
            target.display()
        );
    }
    std::fs::create_dir_all(&args.data_dir)?;
    // Copy beside the target, then rename: the database is never half-written.
    let partial = target.with_extension("db.restoring");
    std::fs::copy(&args.input, &partial)
        .with_context(|| format!("copying {}", args.input.display()))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&partial, &target)?;
    let store = DatabaseConfig {
        data_dir: args.data_dir,
        database_url: None,
    }
    .open_and_migrate()
    .await?;
    let people = store
        .count_people(&mentorhub_store::PeopleFilter {
            active: None,
            ..Default::default()
        })
        .await?;
    store.close().await;
    println!(
        "Restored {} into {} ({people} people).",
        args.input.display(),
        target.display()
    );
    Ok(())
}
