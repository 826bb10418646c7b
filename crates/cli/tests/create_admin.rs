//! `mentorhub create-admin` leaves a trace: the audit log says who was made an
//! administrator, when, and from where, and the new administrator reads it
//! through the API. Runs on SQLite and on PostgreSQL.

mod support;

use mentorhub_store::Backend;
use serde_json::Value;
use support::*;

const EMAIL: &str = "olu.ops@example.org";
const PASSWORD: &str = "a long enough password";

fn create_admin(db: &Database) {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_mentorhub"))
        .args(["create-admin", "--email", EMAIL, "--name", "Olu Ops"])
        .arg("--password-stdin")
        .arg("--data-dir")
        .arg(&db.dir)
        .arg("--database-url")
        .arg(&db.url)
        .env("USER", "ops-on-call")
        .env("MENTORHUB_LOG", "warn")
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .success();
}

async fn creating_an_admin_is_audited(backend: Backend) {
    let Some(db) = Database::fresh(backend).await else {
        return;
    };
    create_admin(&db);
    // Running it again for the same address promotes the person that is there
    // (and resets the password): recorded too.
    create_admin(&db);

    let store = db.store().await;
    let person = store
        .get_person_by_email(EMAIL)
        .await
        .unwrap()
        .expect("the administrator is a person");
    store.close().await;

    let server = Server::start(&db, free_port(), &ServeOptions::default()).await;
    let admin = signed_in(&server.base, EMAIL, PASSWORD).await;
    let log: Value = admin
        .get(server.url("/api/v1/audit?action=admin.create"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["total"], 2, "{log}");
    let entries = log["entries"].as_array().unwrap();
    for e in entries {
        assert_eq!(e["subject"], format!("person:{}", person.id.0), "{e}");
        // Nobody is signed in on the command line: the OS user is named instead.
        assert!(e["actor_id"].is_null(), "{e}");
        let detail = e["detail"].as_str().unwrap();
        assert!(detail.contains("create-admin"), "{detail}");
        assert!(detail.contains("OS user ops-on-call"), "{detail}");
        assert!(e["at"].as_str().unwrap().starts_with("20"), "{e}");
    }
    // Newest first: the promotion, then the creation.
    assert!(
        entries[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("an existing person made administrator"),
        "{log}"
    );
    assert!(
        entries[1]["detail"]
            .as_str()
            .unwrap()
            .starts_with("a new person, administrator"),
        "{log}"
    );
    drop(server);
    db.cleanup().await;
}

#[tokio::test]
async fn creating_an_admin_is_audited_on_sqlite() {
    creating_an_admin_is_audited(Backend::Sqlite).await;
}

#[tokio::test]
async fn creating_an_admin_is_audited_on_postgres() {
    creating_an_admin_is_audited(Backend::Postgres).await;
}
