//! The store's reader: on SQLite it steps reads on the calling thread and must
//! give exactly what sqlx's pooled `Any` connections give, for every kind of
//! value and parameter; what it cannot run alone goes to the pool.

use mentorhub_store::test_support::TestDb;
use mentorhub_store::Store;
use sqlx::Row;

/// Every read below, on `store.reader()` and on `store.reader().pool()`:
/// the two must agree.
async fn both<T: PartialEq + std::fmt::Debug>(
    store: &Store,
    read: impl for<'a> Fn(&'a Store, bool) -> futures_util::future::BoxFuture<'a, T>,
) -> T {
    let inline = read(store, false).await;
    let pooled = read(store, true).await;
    assert_eq!(inline, pooled, "the reader and the pool disagree");
    inline
}

#[tokio::test]
async fn reads_on_the_calling_thread_give_what_the_pool_gives() {
    let db = TestDb::sqlite().await;
    let store = &db.store;
    sqlx::query(
        "CREATE TABLE reader_probe (id INTEGER PRIMARY KEY, n INTEGER, x REAL, t TEXT, b BLOB)",
    )
    .execute(store.writer())
    .await
    .unwrap();
    sqlx::query("INSERT INTO reader_probe (id, n, x, t, b) VALUES (1, 42, 2.5, 'Zoë ✓', x'00ff'), (2, NULL, NULL, NULL, NULL), (3, -7, 0.0, '', x'')")
        .execute(store.writer())
        .await
        .unwrap();

    // Every stored type and NULL, read by name.
    let rows = both(store, |s, pooled| {
        Box::pin(async move {
            let q = sqlx::query("SELECT id, n, x, t, b FROM reader_probe ORDER BY id");
            let rows = if pooled {
                q.fetch_all(s.reader().pool()).await
            } else {
                q.fetch_all(s.reader()).await
            }
            .unwrap();
            rows.iter()
                .map(|r| {
                    (
                        r.get::<i64, _>("id"),
                        r.get::<Option<i64>, _>("n"),
                        r.get::<Option<f64>, _>("x"),
                        r.get::<Option<String>, _>("t"),
                        r.get::<Option<Vec<u8>>, _>("b"),
                    )
                })
                .collect::<Vec<_>>()
        })
    })
    .await;
    assert_eq!(
        rows,
        vec![
            (
                1,
                Some(42),
                Some(2.5),
                Some("Zoë ✓".into()),
                Some(vec![0, 255])
            ),
            (2, None, None, None, None),
            (3, Some(-7), Some(0.0), Some(String::new()), Some(vec![])),
        ]
    );

    // `$n` is the n-th argument wherever and however often it appears; NULL,
    // text and real arguments bind as given.
    let found = both(store, |s, pooled| {
        Box::pin(async move {
            let q = sqlx::query(
                "SELECT id FROM reader_probe WHERE (n > $2 OR t = $1) AND id <> $3 AND ($4 IS NULL OR x >= $4) \
                 AND (t = $1 OR $2 < 0) ORDER BY id",
            )
            .bind("Zoë ✓")
            .bind(-10_i64)
            .bind(3_i64)
            .bind(None::<f64>);
            let rows = if pooled {
                q.fetch_all(s.reader().pool()).await
            } else {
                q.fetch_all(s.reader()).await
            }
            .unwrap();
            rows.iter().map(|r| r.get::<i64, _>("id")).collect::<Vec<_>>()
        })
    })
    .await;
    assert_eq!(found, vec![1]);

    // One row asked for, none found.
    let none = both(store, |s, pooled| {
        Box::pin(async move {
            let q = sqlx::query("SELECT id FROM reader_probe WHERE id = $1").bind(99_i64);
            if pooled {
                q.fetch_optional(s.reader().pool()).await
            } else {
                q.fetch_optional(s.reader()).await
            }
            .unwrap()
            .is_none()
        })
    })
    .await;
    assert!(none);
}

#[tokio::test]
async fn what_the_reader_cannot_run_alone_goes_to_the_pool() {
    let db = TestDb::sqlite().await;
    let store = &db.store;
    // A write through the reader is run by the pool (a write connection of its
    // own), not refused by the reader's read-only connections.
    sqlx::query("CREATE TABLE reader_write_probe (id INTEGER PRIMARY KEY, v TEXT)")
        .execute(store.reader())
        .await
        .unwrap();
    sqlx::query("INSERT INTO reader_write_probe (id, v) VALUES ($1, $2)")
        .bind(1_i64)
        .bind("written")
        .execute(store.reader())
        .await
        .unwrap();
    // Several statements in one string.
    sqlx::query("UPDATE reader_write_probe SET v = 'again' WHERE id = 1; SELECT 1")
        .execute(store.reader())
        .await
        .unwrap();
    let v: String = sqlx::query_scalar("SELECT v FROM reader_write_probe WHERE id = $1")
        .bind(1_i64)
        .fetch_one(store.reader())
        .await
        .unwrap();
    assert_eq!(v, "again", "a read right after the write sees it");
    // A statement SQLite refuses is reported, as by the pool.
    let err = match sqlx::query("SELECT nope FROM reader_write_probe")
        .fetch_all(store.reader())
        .await
    {
        Ok(_) => panic!("a column that does not exist was read"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("nope"), "{err}");
}
