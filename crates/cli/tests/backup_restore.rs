//! `mentorhub backup` and `mentorhub restore` as an operator uses them.

use assert_cmd::Command;

fn mentorhub() -> Command {
    Command::cargo_bin("mentorhub").unwrap()
}

#[test]
fn backup_then_restore_brings_the_people_back() {
    let root = std::env::temp_dir().join(format!("mentorhub-cli-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let data = root.join("data");
    let csv = root.join("people.csv");
    std::fs::write(
        &csv,
        "employee_id,name,email,title,manager_employee_id,location,function,career_level\n\
         E1,Ann Ode,ann@example.org,Director,,London,Finance,11\n\
         E2,Bo Li,bo@example.org,Analyst,E1,Leeds,Finance,4\n",
    )
    .unwrap();
    mentorhub()
        .args(["import", "people", "--file"])
        .arg(&csv)
        .arg("--data-dir")
        .arg(&data)
        .assert()
        .success();

    let backup = root.join("backup.db");
    let out = mentorhub()
        .arg("backup")
        .arg("--output")
        .arg(&backup)
        .arg("--data-dir")
        .arg(&data)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("integrity checked"));
    mentorhub()
        .arg("backup")
        .arg("--output")
        .arg(&backup)
        .arg("--data-dir")
        .arg(&data)
        .assert()
        .failure();

    let restored = root.join("restored");
    let out = mentorhub()
        .arg("restore")
        .arg("--input")
        .arg(&backup)
        .arg("--data-dir")
        .arg(&restored)
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("(2 people)"));
    // Restoring over an existing database needs --force.
    mentorhub()
        .arg("restore")
        .arg("--input")
        .arg(&backup)
        .arg("--data-dir")
        .arg(&restored)
        .assert()
        .failure();
    mentorhub()
        .arg("restore")
        .arg("--input")
        .arg(&backup)
        .arg("--data-dir")
        .arg(&restored)
        .arg("--force")
        .assert()
        .success();

    // A file that is not a database is refused.
    let junk = root.join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    mentorhub()
        .arg("restore")
        .arg("--input")
        .arg(&junk)
        .arg("--data-dir")
        .arg(root.join("x"))
        .assert()
        .failure();
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn import_with_bad_rows_exits_non_zero_and_names_the_rows() {
    let root = std::env::temp_dir().join(format!("mentorhub-cli-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let csv = root.join("people.csv");
    std::fs::write(
        &csv,
        "employee_id,name,email,title,manager_employee_id,location,function,career_level\n\
         E1,Ann Ode,ann@example.org,Director,,London,Finance,11\n\
         E2,Bo Li,not-an-email,Analyst,E1,Leeds,Finance,4\n",
    )
    .unwrap();
    let out = mentorhub()
        .args(["import", "people", "--file"])
        .arg(&csv)
        .arg("--data-dir")
        .arg(root.join("data"))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("line 3, column email"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let out = mentorhub()
        .args(["import", "people", "--skip-invalid", "--file"])
        .arg(&csv)
        .arg("--data-dir")
        .arg(root.join("data"))
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("1 created"));
    let _ = std::fs::remove_dir_all(&root);
}
