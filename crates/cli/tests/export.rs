//! `mentorhub export` as an admin uses it: a programme's health CSVs from the
//! command line, the same files as the health page's download links.

use assert_cmd::Command;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::Store;
use std::path::{Path, PathBuf};

fn mentorhub() -> Command {
    Command::cargo_bin("mentorhub").unwrap()
}

/// A data directory holding the demo organisation.
fn demo_data_dir(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("mentorhub-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open_sqlite(&root.join("mentorhub.db"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let today = Timestamp::parse_rfc3339("2026-11-23T09:00:00Z").expect("a date");
        mentorhub_demo::load_if_empty(&store, today, "not-a-password-hash")
            .await
            .unwrap()
            .expect("an empty database takes the demo");
        store.close().await;
    });
    root
}

fn run(data: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    mentorhub()
        .arg("export")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .assert()
}

#[test]
fn an_admin_exports_a_programme_by_name_or_number() {
    let data = demo_data_dir("export");
    let by_number = run(&data, &["participants", "--programme", "1"]).success();
    let csv = String::from_utf8_lossy(&by_number.get_output().stdout).to_string();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("employee_id,name,role,status,enrolled_on,required_training_complete,open_relationships")
    );
    let rows = lines.count();
    assert!(
        rows > 100,
        "the demo programme has its participants: {rows}"
    );

    let by_name = run(
        &data,
        &["participants", "--programme", "Leadership Depth 2026"],
    )
    .success();
    assert_eq!(String::from_utf8_lossy(&by_name.get_output().stdout), csv);

    let out = data.join("exports");
    run(
        &data,
        &[
            "all",
            "--programme",
            "1",
            "--output-dir",
            out.to_str().unwrap(),
        ],
    )
    .success();
    for kind in [
        "participants",
        "relationships",
        "meetings",
        "checkins",
        "pairs",
    ] {
        let file = out.join(format!("programme-1-{kind}.csv"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        assert!(text.lines().count() >= 2, "{kind} has a header and rows");
    }
    let meetings = std::fs::read_to_string(out.join("programme-1-meetings.csv")).unwrap();
    assert!(
        !meetings.to_lowercase().contains("agenda"),
        "meetings export dates and modes, never what was discussed"
    );
}

#[test]
fn a_mistyped_export_says_what_is_wrong_and_writes_nothing() {
    let data = demo_data_dir("export-bad");
    let bad_kind = run(&data, &["people", "--programme", "1"]).code(2);
    let err = String::from_utf8_lossy(&bad_kind.get_output().stderr).to_string();
    assert!(err.contains("unknown export \"people\""), "{err}");
    assert!(err.contains("participants, relationships"), "{err}");

    let bad_programme = run(&data, &["participants", "--programme", "Nope"]).code(2);
    let err = String::from_utf8_lossy(&bad_programme.get_output().stderr).to_string();
    assert!(err.contains("no programme \"Nope\""), "{err}");
    assert!(err.contains("Leadership Depth 2026"), "{err}");

    let out = data.join("nothing");
    run(
        &data,
        &[
            "all",
            "--programme",
            "Nope",
            "--output-dir",
            out.to_str().unwrap(),
        ],
    )
    .code(2);
    assert!(!out.exists(), "nothing written for a bad programme");
    run(&data, &["all", "--programme", "1"]).code(2);
}
