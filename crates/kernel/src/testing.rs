//! Fresh databases for tests: a new SQLite file in a temporary directory, or
//! a new schema in the PostgreSQL named by `KECHUANG_TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`). A missing PostgreSQL
//! fails the test loudly; it is never skipped.

use crate::Db;

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The PostgreSQL server tests use.
pub fn pg_url() -> String {
    std::env::var("KECHUANG_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

/// A migrated, empty test database; the SQLite directory or PostgreSQL schema
/// is removed when this is dropped.
pub struct TestDb {
    pub db: Db,
    /// The URL another process (or a second instance) can open the same
    /// database with.
    pub url: String,
    schema: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A database of the named backend (`"sqlite"` or `"postgres"`) with the
    /// foundation's schema.
    pub async fn new(backend: &str) -> TestDb {
        Self::with(backend, &[&crate::schema::SCHEMA]).await
    }

    /// A database of the named backend with `schemas` (the foundation's
    /// first, then each capability's after those it builds on).
    pub async fn with(backend: &str, schemas: &[&crate::schema::Schema]) -> TestDb {
        let t = Self::empty(backend).await;
        t.db.migrate(schemas).await.expect("migrate");
        t
    }

    /// A database of the named backend with no schema at all.
    pub async fn empty(backend: &str) -> TestDb {
        match backend {
            "postgres" => Self::postgres().await,
            _ => Self::sqlite().await,
        }
    }

    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("create temp dir");
        let path = dir.path().join("kechuang.db");
        let db = Db::open_sqlite(&path).await.expect("open sqlite");
        TestDb {
            db,
            url: path.display().to_string(),
            schema: None,
            _dir: Some(dir),
        }
    }

    async fn postgres() -> TestDb {
        let base = pg_url();
        let admin = Db::connect_postgres(&base, None).await.unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is required for the storage tests but is not reachable at {base}: {e}\n\
                 Start it (e.g. `pg_ctlcluster 15 main start`) or set KECHUANG_TEST_DATABASE_URL."
            )
        });
        let schema = format!(
            "t_{}",
            crate::sessions::random_token()
                .to_ascii_lowercase()
                .replace(['-', '_'], "")[..16]
                .to_owned()
        );
        let Db::Postgres(pool) = &admin else { unreachable!() };
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
            .execute(pool)
            .await
            .expect("create test schema");
        admin.close().await;
        let db = Db::connect_postgres(&base, Some(&schema))
            .await
            .expect("connect to test schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options[search_path]={schema}");
        TestDb {
            db,
            url,
            schema: Some(schema),
            _dir: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            // drop the schema on a separate thread: Drop cannot await
            let base = pg_url();
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(rt) = rt {
                    rt.block_on(async move {
                        if let Ok(Db::Postgres(pool)) = Db::connect_postgres(&base, None).await {
                            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                                .execute(&pool)
                                .await;
                            pool.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Generates one `#[tokio::test]` per backend, SQLite and PostgreSQL, for each
/// async fn listed. Each fn receives a fresh migrated [`TestDb`]; with
/// `both_backends!(make => a, b)` it receives what `make("sqlite")` /
/// `make("postgres")` builds instead (a running application, say).
#[macro_export]
macro_rules! both_backends {
    ($make:expr => $($name:ident),* $(,)?) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(($make)("sqlite").await).await } )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(($make)("postgres").await).await } )*
        }
    };
    ($($name:ident),* $(,)?) => {
        $crate::both_backends!($crate::testing::TestDb::new => $($name),*);
    };
}

/// A column as the database describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// The declared type, lower case.
    pub ty: String,
    /// Not null (a primary key counts as not null on both backends).
    pub not_null: bool,
    pub default: Option<String>,
}

/// What a database holds, as its catalogue says: tables with their columns
/// in order, named indexes with their definitions, triggers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Described {
    pub tables: std::collections::BTreeMap<String, Vec<Column>>,
    pub indexes: std::collections::BTreeMap<String, String>,
    pub triggers: std::collections::BTreeSet<String>,
}

/// Describes the schema of `db` (the migrations table left out).
pub async fn describe(db: &Db) -> Described {
    use sqlx::Row;
    let mut d = Described::default();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    match db {
        Db::Sqlite(p) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name <> '_sqlx_migrations'",
            )
            .fetch_all(p)
            .await
            .expect("tables");
            for t in tables {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info({t})")))
                    .fetch_all(p)
                    .await
                    .expect("columns");
                let cols = rows
                    .iter()
                    .map(|r| Column {
                        name: r.get("name"),
                        ty: r.get::<String, _>("type").to_lowercase(),
                        not_null: r.get::<i64, _>("notnull") != 0 || r.get::<i64, _>("pk") != 0,
                        default: r.get("dflt_value"),
                    })
                    .collect();
                d.tables.insert(t, cols);
            }
            for r in sqlx::query(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL",
            )
            .fetch_all(p)
            .await
            .expect("indexes")
            {
                let (kind, name, sql): (String, String, String) = (r.get(0), r.get(1), r.get(2));
                if kind == "index" {
                    d.indexes.insert(name, squash(&sql));
                } else {
                    d.triggers.insert(name);
                }
            }
        }
        Db::Postgres(p) => {
            let rows = sqlx::query(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, column_default::text \
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position",
            )
            .fetch_all(p)
            .await
            .expect("columns");
            for r in rows {
                let t: String = r.get(0);
                d.tables.entry(t).or_default().push(Column {
                    name: r.get(1),
                    ty: r.get::<String, _>(2).to_lowercase(),
                    not_null: r.get::<String, _>(3) == "NO",
                    default: r.get(4),
                });
            }
            for r in sqlx::query(
                "SELECT i.indexname::text, i.indexdef::text FROM pg_indexes i WHERE i.schemaname = current_schema() \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            )
            .fetch_all(p)
            .await
            .expect("indexes")
            {
                let (name, def): (String, String) = (r.get(0), r.get(1));
                let schema_prefix = format!(" ON {}.", current_schema(p).await);
                d.indexes.insert(name, squash(&def.replace(&schema_prefix, " ON ")));
            }
            for r in sqlx::query(
                "SELECT DISTINCT trigger_name::text FROM information_schema.triggers WHERE trigger_schema = current_schema()",
            )
            .fetch_all(p)
            .await
            .expect("triggers")
            {
                d.triggers.insert(r.get(0));
            }
        }
    }
    d
}

async fn current_schema(p: &sqlx::PgPool) -> String {
    sqlx::query_scalar("SELECT current_schema()::text")
        .fetch_one(p)
        .await
        .expect("current schema")
}

/// Makes a region named `地区<code>` for a test; its id and stored path.
pub async fn region(db: &Db, code: &str, level: crate::region::RegionLevel, parent: Option<i64>) -> (i64, String) {
    let r = db
        .create_region(
            &crate::audit::Actor::system(),
            crate::regions::NewRegion {
                code: crate::region::DivisionCode::parse(code).expect("a division code"),
                name: format!("地区{code}"),
                name_en: String::new(),
                level,
                parent_id: parent,
            },
        )
        .await
        .expect("the region");
    (r.id, r.path.as_str().to_owned())
}
