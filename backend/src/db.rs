//! The database: SQLite (embedded default) or PostgreSQL, chosen by the URL.
//!
//! `Db` is the connection pool plus two pieces of discipline every write path shares:
//!
//! - **Writes queue, they do not fail.** On SQLite one process writes at a time: every
//!   write transaction (`Db::write`) first takes the process's write gate (a fair async
//!   lock), then begins `IMMEDIATE`, so it never has to upgrade a read lock (the upgrade
//!   is what answered "database is locked" under concurrent sign-ups). The busy timeout
//!   still covers other processes (the command line). On PostgreSQL the gate is absent:
//!   the server orders writes, and unique races are mapped by `error::ApiError`.
//! - **A lost database is answered at once.** The pool gives up acquiring a connection
//!   after a short timeout; the first failure trips `Health`, which makes requests that
//!   need the database answer 503 at once while a probe watches for the database to
//!   come back (`startup` and `routes::health`).
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    AccessMode, ConnAcquireErr, ConnectOptions, ConnectionTrait, Database, DatabaseBackend,
    DatabaseConnection, DatabaseTransaction, DbErr, ExecResult, QueryResult, RuntimeErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a request waits for a pooled connection before the database counts as
/// unreachable (PostgreSQL). On SQLite the file is always there and writes queue on the
/// gate instead, so the wait is long.
pub const ACQUIRE_TIMEOUT_PG: Duration = Duration::from_millis(500);
const ACQUIRE_TIMEOUT_SQLITE: Duration = Duration::from_secs(30);
/// How often a tripped `Health` probes the database.
const PROBE_EVERY: Duration = Duration::from_millis(50);
/// How long a probe's answer is shared.
const PROBE_FRESH: Duration = Duration::from_millis(250);

pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url)
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let sqlite = url.starts_with("sqlite:");
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(if sqlite {
            ACQUIRE_TIMEOUT_SQLITE
        } else {
            ACQUIRE_TIMEOUT_PG
        })
        .connect_timeout(if sqlite {
            ACQUIRE_TIMEOUT_SQLITE
        } else {
            ACQUIRE_TIMEOUT_PG
        })
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
        });
    // At start-up the server may come up before its database (a restart of both, a busy
    // host): a few more tries before giving up. Requests never wait this long.
    let mut attempt = 1;
    loop {
        match Database::connect(opts.clone()).await {
            Err(e) if attempt < 5 && is_unavailable(&e) => {
                tracing::warn!(attempt, "database not reachable yet; trying again");
                tokio::time::sleep(Duration::from_millis(500) * attempt).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// The file path of an `sqlite://` URL, without its query string.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// The pool, the write gate (SQLite) and the health of the connection.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    gate: Option<Arc<Mutex<()>>>,
    health: Arc<Health>,
    /// The PostgreSQL URL, for probes on a connection of their own (never the pool's).
    probe_url: Option<Arc<String>>,
}

/// How long a request may queue for a pooled connection while the database is
/// reachable (a burst), before 503.
const MAX_QUEUE: Duration = Duration::from_secs(20);

impl Deref for Db {
    type Target = DatabaseConnection;

    /// Reads go straight to the pool.
    fn deref(&self) -> &DatabaseConnection {
        &self.conn
    }
}

impl Db {
    /// A `Db` over a pool; `url` (PostgreSQL) lets it tell a busy pool from a lost
    /// database.
    pub fn new(conn: DatabaseConnection) -> Self {
        Self::with_url(conn, None)
    }

    pub fn with_url(conn: DatabaseConnection, url: Option<&str>) -> Self {
        let sqlite = conn.get_database_backend() == DatabaseBackend::Sqlite;
        Self {
            gate: sqlite.then(|| Arc::new(Mutex::new(()))),
            conn,
            health: Arc::new(Health::default()),
            probe_url: url.filter(|_| !sqlite).map(|u| Arc::new(u.to_owned())),
        }
    }

    /// Whether the database answers on a connection of its own, within half a second.
    /// One probe at a time, its answer shared for a quarter of a second: a crowd of
    /// waiting requests costs the database one connection, not one each.
    pub async fn reachable(&self) -> bool {
        let mut last = self.health.last_probe.lock().await;
        if let Some((at, ok)) = *last
            && at.elapsed() < PROBE_FRESH
        {
            return ok;
        }
        let ok = self.probe().await;
        *last = Some((std::time::Instant::now(), ok));
        ok
    }

    async fn probe(&self) -> bool {
        use sea_orm::sqlx::{Connection, PgConnection};
        let Some(url) = &self.probe_url else {
            return self.ping(Duration::from_millis(500)).await;
        };
        let probe = async {
            let mut c = PgConnection::connect(url).await.ok()?;
            let ok = c.ping().await.is_ok();
            let _ = c.close().await;
            Some(ok)
        };
        matches!(
            tokio::time::timeout(Duration::from_millis(500), probe).await,
            Ok(Some(true))
        )
    }

    /// Runs `op`, and runs it again while it only failed to get a pooled connection
    /// and the database is reachable (the pool was busy: the request queues, as writes
    /// do); a lost database is answered at once.
    async fn queued<T, F, Fut>(&self, op: F) -> Result<T, DbErr>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, DbErr>>,
    {
        let started = std::time::Instant::now();
        loop {
            match op().await {
                Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
                    if !self.health.is_down()
                        && started.elapsed() < MAX_QUEUE
                        && self.probe_url.is_some()
                        && self.reachable().await =>
                {
                    tracing::info!("database pool busy: the request keeps its place");
                }
                other => return other,
            }
        }
    }

    /// Connects (see `connect`) and keeps the URL for the health probes.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        Ok(Self::with_url(
            connect(url, max_connections).await?,
            Some(url),
        ))
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn health(&self) -> &Arc<Health> {
        &self.health
    }

    /// Begins a write transaction: on SQLite after the writers before it (the gate) and
    /// holding the write lock from its first statement (`BEGIN IMMEDIATE`).
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        let guard = match &self.gate {
            Some(gate) => Some(Arc::clone(gate).lock_owned().await),
            None => None,
        };
        // SQLite takes no access mode (it would log a warning on every write).
        let options = TransactionOptions {
            isolation_level: None,
            access_mode: guard.is_none().then_some(AccessMode::ReadWrite),
            sqlite_transaction_mode: guard.as_ref().map(|_| SqliteTransactionMode::Immediate),
        };
        let txn = self
            .queued(|| self.conn.begin_with_options(options))
            .await?;
        Ok(WriteTxn { txn, _guard: guard })
    }

    /// Pings the database (readiness, the health probe).
    pub async fn ping(&self, within: Duration) -> bool {
        let stmt = Statement::from_string(self.conn.get_database_backend(), "SELECT 1");
        matches!(
            tokio::time::timeout(within, self.conn.execute_raw(stmt)).await,
            Ok(Ok(_))
        )
    }

    /// Records that the database was unreachable: requests that need it answer 503 at
    /// once until a probe reaches it again.
    pub fn trip(&self) {
        if self.health.trip() {
            tracing::warn!("database unreachable: answering 503 until it is back");
            let db = self.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(PROBE_EVERY).await;
                    if db.probe().await {
                        *db.health.last_probe.lock().await =
                            Some((std::time::Instant::now(), true));
                        db.health.reset();
                        tracing::info!("database reachable again");
                        return;
                    }
                }
            });
        }
    }
}

/// Reads on the pool (`.one(db)`, `.all(db)`), queued while the pool is busy. Writes go
/// through `Db::write`, so that on SQLite they queue on the gate.
#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.queued(|| self.conn.execute_raw(stmt.clone())).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.queued(|| self.conn.execute_unprepared(sql)).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.queued(|| self.conn.query_one_raw(stmt.clone())).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.queued(|| self.conn.query_all_raw(stmt.clone())).await
    }

    fn support_returning(&self) -> bool {
        self.conn.support_returning()
    }
}

/// Whether the database is known to be unreachable (a circuit breaker), and the last
/// probe's answer.
#[derive(Debug, Default)]
pub struct Health {
    down: AtomicBool,
    last_probe: Mutex<Option<(std::time::Instant, bool)>>,
}

impl Health {
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// Marks the database down; true when this call tripped it (start a probe).
    fn trip(&self) -> bool {
        !self.down.swap(true, Ordering::AcqRel)
    }

    fn reset(&self) {
        self.down.store(false, Ordering::Release);
    }
}

/// A write transaction; on SQLite it holds the process's write gate until it ends
/// (commit, or rollback when dropped).
pub struct WriteTxn {
    // Field order matters: the transaction ends before the gate opens.
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Undoes every write of the transaction (a preview computed through the real
    /// write path).
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }

    /// Takes the rows of `E` that `filter` selects for this transaction, by setting
    /// `column` to itself (PostgreSQL locks them until the transaction ends and a waiter
    /// reads the filter again on the row as committed; SQLite's writers queue already):
    /// whether any row was taken. A guard on a state ("only while open") is part of
    /// `filter`, so a row that left that state meanwhile is not taken.
    pub async fn take<E: sea_orm::EntityTrait>(
        &self,
        column: E::Column,
        filter: sea_orm::Condition,
    ) -> Result<bool, DbErr> {
        use sea_orm::QueryFilter;
        let r = E::update_many()
            .col_expr(column, sea_orm::sea_query::Expr::col(column))
            .filter(filter)
            .exec(self)
            .await?;
        Ok(r.rows_affected > 0)
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// Whether an error means the database cannot be reached (down, restarting, pool
/// exhausted by a dead server) rather than a problem with the statement.
pub fn is_unavailable(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as S;
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(s))
        | DbErr::Exec(RuntimeErr::SqlxError(s))
        | DbErr::Query(RuntimeErr::SqlxError(s)) => match s.as_ref() {
            S::Io(_) | S::PoolTimedOut | S::PoolClosed | S::Tls(_) | S::WorkerCrashed => true,
            S::Database(d) => d.code().is_some_and(|c| {
                // PostgreSQL: connection exceptions (08…), shutdown and start-up (57P0…).
                c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03")
            }),
            _ => false,
        },
        _ => false,
    }
}

/// Whether an error is a unique-constraint violation (a create-if-absent race).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_paths() {
        assert_eq!(
            super::sqlite_file("sqlite://data/x.sqlite?mode=rwc"),
            Some("data/x.sqlite")
        );
        assert_eq!(super::sqlite_file("sqlite::memory:"), None);
        assert_eq!(super::sqlite_file("postgres://a@b/c"), None);
    }

    #[test]
    fn lost_connections_are_unavailable_and_constraint_errors_are_not() {
        use sea_orm::{ConnAcquireErr, DbErr};
        assert!(super::is_unavailable(&DbErr::ConnectionAcquire(
            ConnAcquireErr::Timeout
        )));
        assert!(!super::is_unavailable(&DbErr::Custom("x".into())));
        assert!(!super::is_unique_violation(&DbErr::Custom("x".into())));
    }
}
