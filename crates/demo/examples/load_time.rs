//! How long generating and loading the demo takes, on a fresh SQLite database and,
//! when `MENTORHUB_TEST_POSTGRES` names a server, on PostgreSQL too:
//!
//! ```text
//! cargo run --release -p mentorhub-demo --example load_time
//! ```

use mentorhub_demo::{generate, load, DEFAULT_SEED};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::test_support::TestDb;
use mentorhub_store::Backend;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[tokio::main]
async fn main() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64;
    let started = Instant::now();
    let org = generate(DEFAULT_SEED, Timestamp(now));
    println!("generate: {:?}", started.elapsed());
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDb::for_backend(backend).await else {
            continue;
        };
        let started = Instant::now();
        let summary = load(&db.store, &org, "not-a-real-hash")
            .await
            .expect("demo loads");
        println!("load on {}: {:?}", backend.as_str(), started.elapsed());
        if backend == Backend::Sqlite {
            println!("{summary}");
        }
        db.cleanup().await;
    }
}
