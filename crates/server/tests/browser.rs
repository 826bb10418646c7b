//! The journeys in tests/browser, in a real Chromium against the real app with
//! the demo data. Without Chromium, Node or the npm packages this test is skipped
//! with the reason printed; `MENTORHUB_REQUIRE_BROWSER=1` (set by CI) makes that a
//! failure instead.
//!
//! Email is delivered as it is sent, as `.eml` files in `MENTORHUB_MAIL_DIR`,
//! where a journey reads what a person received (an invitation link). The
//! schedule (check-ins, dormancy) is left alone: the clock stands still.

mod common;

use common::RunningApp;
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser")
}

fn missing_prerequisite() -> Option<String> {
    let chromium =
        std::env::var("MENTORHUB_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        return Some("npm packages missing (cd tests/browser && npm ci)".into());
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_journey_passes_in_chromium() {
    if let Some(reason) = missing_prerequisite() {
        let required =
            std::env::var("MENTORHUB_REQUIRE_BROWSER").is_ok_and(|v| v == "1" || v == "true");
        assert!(!required, "MENTORHUB_REQUIRE_BROWSER is set but {reason}");
        eprintln!("skipped: browser journeys: {reason}");
        return;
    }
    let running = RunningApp::spawn(mentorhub_store::Backend::Sqlite, true)
        .await
        .expect("app");
    let base = running.app.base.clone();
    let screenshots =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-screenshots");
    // One folder per run: runs at the same time must not read each other's mail.
    let mail_dir = std::env::temp_dir().join(format!(
        "mentorhub-browser-mail-{}-{}",
        std::process::id(),
        running.app.base.rsplit(':').next().unwrap_or("0")
    ));
    let _ = std::fs::remove_dir_all(&mail_dir);
    std::fs::create_dir_all(&mail_dir).expect("mail folder");
    let mailer = mentorhub_mail::Mailer::new(
        running.app.store.clone(),
        running.app.clock.clone(),
        mentorhub_mail::MailConfig::new(None, mail_dir.clone(), None),
    )
    .expect("mailer");
    let (stop_mail, mut mail_stopped) = tokio::sync::watch::channel(false);
    let postman = tokio::spawn(async move {
        while !*mail_stopped.borrow() {
            if let Err(e) = mailer.deliver_due().await {
                eprintln!("mail delivery: {e:#}");
            }
            let _ = tokio::time::timeout(
                std::time::Duration::from_millis(250),
                mail_stopped.changed(),
            )
            .await;
        }
    });
    let mail_for_node = mail_dir.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("run.js")
            .current_dir(browser_dir())
            .env("MENTORHUB_BASE_URL", base)
            .env("MENTORHUB_SCREENSHOTS", screenshots)
            .env("MENTORHUB_MAIL_DIR", mail_for_node)
            .output()
            .expect("node runs")
    })
    .await
    .unwrap();
    let _ = stop_mail.send(true);
    let _ = postman.await;
    if output.status.success() {
        // Kept after a failure, to read what was sent.
        let _ = std::fs::remove_dir_all(&mail_dir);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    running.stop().await;
    assert!(
        output.status.success(),
        "browser journeys failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(" passed, 0 failed"),
        "no journey ran: {stdout}"
    );
}
