//! The read side of the store: on SQLite, reads run on the calling thread.
//!
//! sqlx's SQLite driver gives every connection a thread of its own and hands
//! each statement and each row across a channel, waking one thread and then
//! the other: on a page of a dozen small indexed reads, those hand-offs cost
//! more than SQLite's own work (more than half of the server's CPU under load
//! went to futex waits and wake-ups). [`Reader`] is an sqlx executor, so every
//! query of the store reads through it unchanged; on SQLite it prepares the
//! statement on a connection of its own (statements cached per connection),
//! steps it right there and builds the same rows the `Any` driver would. A
//! statement that would write, or that SQLite cannot prepare alone (several
//! statements in one string), goes to the pooled connections as before, and so
//! does everything on PostgreSQL.
//!
//! A read takes microseconds, so it does not leave the async worker; the
//! queries that read a whole programme (health figures, exports) use
//! [`Reader::pool`] instead, which also lets them run side by side.

use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, StreamExt};
use sqlx::AnyPool;
use sqlx::{Any, Either, Error, Executor};
use sqlx_core::any::{
    AnyArguments, AnyColumn, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo, AnyTypeInfoKind,
    AnyValue, AnyValueKind,
};
use sqlx_core::describe::Describe;
use sqlx_core::executor::Execute;
use sqlx_core::ext::ustr::UStr;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Connections kept for reuse; more may be open at a moment of many
/// concurrent reads, and are closed again after.
const KEPT_CONNECTIONS: usize = 8;
/// Prepared statements kept per connection.
const STATEMENTS_PER_CONNECTION: usize = 256;

/// Where the store reads: the pooled connections, and on SQLite the file
/// itself, read on the calling thread.
#[derive(Debug, Clone)]
pub struct Reader {
    pool: AnyPool,
    inline: Option<Arc<InlineSqlite>>,
}

impl Reader {
    pub(crate) fn pooled(pool: AnyPool) -> Reader {
        Reader { pool, inline: None }
    }

    /// On SQLite, reads of the database at `url` (a file) run inline. A URL
    /// that is not a file (an in-memory database) keeps the pool only.
    pub(crate) fn sqlite(pool: AnyPool, url: &str) -> Reader {
        Reader {
            pool,
            inline: sqlite_file(url).map(|path| {
                Arc::new(InlineSqlite {
                    path,
                    idle: Mutex::new(Vec::new()),
                })
            }),
        }
    }

    /// The pooled connections: for transactions, and for reads that scan
    /// much (they then run on the pool's threads, several at once).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) async fn close(&self) {
        if let Some(inline) = &self.inline {
            inline
                .idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
        }
        self.pool.close().await;
    }
}

/// The file of a `sqlite://` URL, unless the database lives in memory.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path.contains(":memory:") || query.contains("mode=memory") {
        return None;
    }
    Some(PathBuf::from(path))
}

#[derive(Debug)]
struct InlineSqlite {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// What an inline run gives: the rows, or "not mine" (the pool runs it).
type Ran = Option<Vec<AnyRow>>;

impl InlineSqlite {
    fn connection(&self) -> Result<rusqlite::Connection, Error> {
        if let Some(c) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(c);
        }
        use rusqlite::OpenFlags;
        let c = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| protocol("open", &e))?;
        // As the pooled connections: wait out a writer's checkpoint rather
        // than fail, and read through the shared memory map. The connection
        // opens the file for writing (a WAL reader updates the shared index)
        // but refuses to write rows.
        c.execute_batch(
            "PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1073741824; PRAGMA query_only = 1;",
        )
        .map_err(|e| protocol("open", &e))?;
        c.set_prepared_statement_cache_capacity(STATEMENTS_PER_CONNECTION);
        Ok(c)
    }

    fn give_back(&self, c: rusqlite::Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < KEPT_CONNECTIONS {
            idle.push(c);
        }
    }

    /// Runs `sql` with `args` and returns at most `limit` rows; `None` when the
    /// statement is not a lone read (the pool then runs it).
    fn run(&self, sql: &str, args: Option<&AnyArguments<'_>>, limit: usize) -> Result<Ran, Error> {
        let conn = self.connection()?;
        let ran = run_on(&conn, sql, args, limit);
        self.give_back(conn);
        ran
    }
}

fn run_on(
    conn: &rusqlite::Connection,
    sql: &str,
    args: Option<&AnyArguments<'_>>,
    limit: usize,
) -> Result<Ran, Error> {
    let mut stmt = match conn.prepare_cached(sql) {
        Ok(s) => s,
        // Several statements, or anything SQLite refuses: the pool runs it and
        // reports its own error.
        Err(_) => return Ok(None),
    };
    if !stmt.readonly() {
        return Ok(None);
    }
    let values: &[AnyValueKind<'_>] = args.map_or(&[], |a| &a.values.0);
    for i in 1..=stmt.parameter_count() {
        // `$n` is the n-th argument wherever it appears (SQLite numbers
        // parameters by first appearance); `?` takes the next one.
        let n = stmt
            .parameter_name(i)
            .and_then(|name| name.strip_prefix(['$', '?']))
            .and_then(|d| d.parse::<usize>().ok())
            .unwrap_or(i);
        let value = values.get(n.wrapping_sub(1)).ok_or_else(|| {
            Error::Protocol(format!(
                "query has parameter {n} but only {} arguments",
                values.len()
            ))
        })?;
        bind(&mut stmt, i, value).map_err(|e| protocol("bind", &e))?;
    }
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    let column_names: Arc<sqlx_core::HashMap<UStr, usize>> = Arc::new(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (UStr::from(n.clone()), i))
            .collect(),
    );
    let columns: Vec<AnyColumn> = names
        .into_iter()
        .enumerate()
        .map(|(ordinal, name)| AnyColumn {
            ordinal,
            name: UStr::from(name),
            type_info: AnyTypeInfo {
                kind: AnyTypeInfoKind::Null,
            },
        })
        .collect();
    let width = columns.len();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while out.len() < limit {
        let Some(row) = rows.next().map_err(|e| protocol("step", &e))? else {
            break;
        };
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(AnyValue {
                kind: value_of(row.get_ref(i).map_err(|e| protocol("read", &e))?)?,
            });
        }
        out.push(AnyRow {
            column_names: column_names.clone(),
            columns: columns.clone(),
            values,
        });
    }
    Ok(Some(out))
}

fn bind(
    stmt: &mut rusqlite::CachedStatement<'_>,
    i: usize,
    value: &AnyValueKind<'_>,
) -> rusqlite::Result<()> {
    match value {
        AnyValueKind::Null(_) => stmt.raw_bind_parameter(i, rusqlite::types::Null),
        AnyValueKind::Bool(b) => stmt.raw_bind_parameter(i, i64::from(*b)),
        AnyValueKind::SmallInt(v) => stmt.raw_bind_parameter(i, i64::from(*v)),
        AnyValueKind::Integer(v) => stmt.raw_bind_parameter(i, i64::from(*v)),
        AnyValueKind::BigInt(v) => stmt.raw_bind_parameter(i, *v),
        AnyValueKind::Real(v) => stmt.raw_bind_parameter(i, f64::from(*v)),
        AnyValueKind::Double(v) => stmt.raw_bind_parameter(i, *v),
        AnyValueKind::Text(t) => stmt.raw_bind_parameter(i, t.as_ref()),
        AnyValueKind::Blob(b) => stmt.raw_bind_parameter(i, b.as_ref()),
        other => Err(rusqlite::Error::ToSqlConversionFailure(
            format!("unsupported argument {other:?}").into(),
        )),
    }
}

/// A column's value as the `Any` driver gives it on SQLite: the stored type
/// (integer, real, text, blob), or null.
fn value_of(v: rusqlite::types::ValueRef<'_>) -> Result<AnyValueKind<'static>, Error> {
    use rusqlite::types::ValueRef;
    Ok(match v {
        ValueRef::Null => AnyValueKind::Null(AnyTypeInfoKind::Null),
        ValueRef::Integer(i) => AnyValueKind::BigInt(i),
        ValueRef::Real(f) => AnyValueKind::Double(f),
        ValueRef::Text(t) => AnyValueKind::Text(Cow::Owned(
            std::str::from_utf8(t)
                .map_err(|e| Error::Decode(Box::new(e)))?
                .to_owned(),
        )),
        ValueRef::Blob(b) => AnyValueKind::Blob(Cow::Owned(b.to_vec())),
    })
}

fn protocol(what: &str, e: &rusqlite::Error) -> Error {
    Error::Protocol(format!("SQLite {what}: {e}"))
}

impl<'c> Executor<'c> for &'c Reader {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let Some(inline) = &self.inline else {
            return self.pool.fetch_many(query);
        };
        let sql = query.sql();
        let args = match query.take_arguments() {
            Ok(a) => a,
            Err(e) => return stream::once(async move { Err(Error::Encode(e)) }).boxed(),
        };
        match inline.run(sql, args.as_ref(), usize::MAX) {
            Ok(Some(rows)) => {
                let done = AnyQueryResult {
                    rows_affected: 0,
                    last_insert_id: None,
                };
                stream::iter(
                    rows.into_iter()
                        .map(|r| Ok(Either::Right(r)))
                        .chain(std::iter::once(Ok(Either::Left(done)))),
                )
                .boxed()
            }
            Ok(None) => self
                .pool
                .fetch_many(sqlx::query_with(sql, args.unwrap_or_default())),
            Err(e) => stream::once(async move { Err(e) }).boxed(),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        let Some(inline) = &self.inline else {
            return self.pool.fetch_optional(query);
        };
        let sql = query.sql();
        let args = match query.take_arguments() {
            Ok(a) => a,
            Err(e) => return Box::pin(async move { Err(Error::Encode(e)) }),
        };
        match inline.run(sql, args.as_ref(), 1) {
            Ok(Some(rows)) => Box::pin(async move { Ok(rows.into_iter().next()) }),
            Ok(None) => self
                .pool
                .fetch_optional(sqlx::query_with(sql, args.unwrap_or_default())),
            Err(e) => Box::pin(async move { Err(e) }),
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, Error>>
    where
        'c: 'e,
    {
        self.pool.prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, Error>>
    where
        'c: 'e,
    {
        self.pool.describe(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_are_read_inline() {
        assert_eq!(
            sqlite_file("sqlite:///tmp/a/mentorhub.db?mode=rwc"),
            Some(PathBuf::from("/tmp/a/mentorhub.db"))
        );
        assert_eq!(
            sqlite_file("sqlite://data.db"),
            Some(PathBuf::from("data.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://x.db?mode=memory&cache=shared"), None);
        assert_eq!(sqlite_file("postgres://h/db"), None);
    }
}
