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
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("create temp dir");
        let path = dir.path().join("kechuang.db");
        let db = Db::open_sqlite(&path).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb {
            db,
            url: path.display().to_string(),
            schema: None,
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> TestDb {
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
        db.migrate().await.expect("migrate postgres");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options[search_path]={schema}");
        TestDb {
            db,
            url,
            schema: Some(schema),
            _dir: None,
        }
    }

    /// A database of the named backend: `"sqlite"` or `"postgres"`.
    pub async fn new(backend: &str) -> TestDb {
        match backend {
            "postgres" => Self::postgres().await,
            _ => Self::sqlite().await,
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
