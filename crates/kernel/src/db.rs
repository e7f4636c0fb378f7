//! The database handle: connection set-up for SQLite and PostgreSQL,
//! readiness. Migrations are [`crate::schema`]'s.

use crate::Result;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Which kind of database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// A pooled connection to the kechuang database. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The page cache of each SQLite connection (negative: KiB), 16 MiB: pages
/// beyond the memory map are copied here, once per connection.
pub const SQLITE_CACHE_SIZE: &str = "-16384";

/// How much of the SQLite file each process reads through a memory map
/// (128 MiB). Mapped pages are shared by the connections, but every page
/// read through the map counts in the process's resident memory, so the map
/// is what bounds it: own memory + map + index + 8 connection caches stays
/// under 500 MB with a million market items, however much of a large file
/// the queries touch.
pub const SQLITE_MMAP_SIZE: &str = "134217728";

impl Db {
    /// Opens (creating if needed) the SQLite database file at `path` in WAL
    /// mode with a busy timeout and foreign keys on.
    pub async fn open_sqlite(path: &Path) -> Result<Db> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| crate::StoreError::invalid("data_dir", format!("cannot create {}: {e}", dir.display())))?;
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("cache_size", SQLITE_CACHE_SIZE)
            // Reads through the memory map share the operating system's page
            // cache among connections instead of copying pages per connection.
            .pragma("mmap_size", SQLITE_MMAP_SIZE)
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Connects to PostgreSQL. `search_path` selects a schema other than the
    /// default (used to give each test its own schema).
    pub async fn connect_postgres(url: &str, search_path: Option<&str>) -> Result<Db> {
        let mut opts = PgConnectOptions::from_str(url)?;
        if let Some(schema) = search_path {
            opts = opts.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(Db::Postgres(pool))
    }

    /// Opens the database named by `url`: `postgres://…` / `postgresql://…`
    /// for PostgreSQL, `sqlite://PATH` or a plain file path for SQLite.
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::connect_postgres(url, None).await
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Self::open_sqlite(Path::new(path)).await
        }
    }

    /// The statements a bulk write transaction runs first on PostgreSQL
    /// (none on SQLite): the planner's statistics describe the tables as
    /// they were before the transaction, so a lookup in a table the
    /// transaction is filling (is this code already there?) would be planned
    /// as a sequential scan, and a million-row import would take hours.
    /// Index scans are preferred until the transaction ends, and every
    /// statement is planned afresh (a plan cached on the connection before
    /// the transaction, made for the small table, is not reused).
    pub fn bulk_plans(&self) -> &'static [&'static str] {
        match self {
            Db::Sqlite(_) => &[],
            Db::Postgres(_) => &[
                "SET LOCAL enable_seqscan = off",
                "SET LOCAL plan_cache_mode = force_custom_plan",
            ],
        }
    }

    /// After a bulk write, refreshes the planner's statistics of `tables`
    /// (static names). On PostgreSQL autovacuum would, minutes later, and
    /// until then every plan assumes the tables are as small as before (a
    /// list of a million firms planned as a scan of three hundred). SQLite
    /// never would: without statistics it cannot tell a covering index of a
    /// million rows from a narrow one, and sums over the registry take twice
    /// as long (its analysis of a million firms takes about a second).
    pub async fn refresh_statistics(&self, tables: &[&'static str]) -> Result<()> {
        if tables.is_empty() {
            return Ok(());
        }
        match self {
            Db::Postgres(p) => {
                sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {}", tables.join(", "))))
                    .execute(p)
                    .await?;
            }
            Db::Sqlite(p) => {
                for t in tables {
                    sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {t}")))
                        .execute(p)
                        .await?;
                }
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        with_db!(self, |p| {
            sqlx::query("SELECT 1").execute(p).await?;
        });
        Ok(())
    }

    /// Pool statistics: (open connections, idle connections).
    pub fn pool_stats(&self) -> (u32, usize) {
        with_db!(self, |p| (p.size(), p.num_idle()))
    }

    pub async fn close(&self) {
        with_db!(self, |p| p.close().await)
    }
}
