//! SQLite on mimalloc: the allocator is accepted before the first connection,
//! the database works on it, and a second attempt after start-up is refused
//! rather than swapping allocators under live connections.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

#[tokio::test]
async fn sqlite_runs_on_mimalloc_and_refuses_a_late_switch() {
    kechuang_kernel::sqlite_memory::install().expect("first call, before any connection");
    let dir = tempfile::tempdir().unwrap();
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.path().join("m.db"))
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL UNIQUE)")
        .execute(&mut conn)
        .await
        .unwrap();
    let mut tx = conn.begin().await.unwrap();
    for i in 0..5_000 {
        sqlx::query("INSERT INTO t (s) VALUES (?)")
            .bind(format!("第{i}行-{}", "长文本".repeat(i % 50)))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let (n, longest): (i64, i64) = sqlx::query_as("SELECT COUNT(*), MAX(LENGTH(s)) FROM t")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 5_000);
    assert_eq!(longest, "第4999行-".chars().count() as i64 + 3 * 49);
    assert!(
        kechuang_kernel::sqlite_memory::install().is_err(),
        "SQLite is running now"
    );
}
