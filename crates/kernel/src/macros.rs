//! Macros that expand one block of query code for each backend.

/// Runs `$body` with `$pool` bound to the backend's pool.
#[macro_export]
macro_rules! with_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a write transaction bound to `$tx` and commits it when
/// the body yields `Ok`. An early return (via `?` or `return Err(..)`, which
/// leave the body's async block, not the calling function) rolls the
/// transaction back.
/// SQLite write transactions begin `IMMEDIATE` so that concurrent writers
/// wait on the busy timeout instead of failing on lock upgrade.
#[macro_export]
macro_rules! with_tx {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite(pool) => {
                #[allow(unused_mut)]
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out: $crate::Result<_> = async { $body }.await;
                if out.is_ok() {
                    $tx.commit().await?;
                } else {
                    // Roll back now: a dropped transaction is only rolled back
                    // when its connection is next used, holding its locks
                    // until then.
                    let _ = $tx.rollback().await;
                }
                out
            }
            $crate::Db::Postgres(pool) => {
                #[allow(unused_mut)]
                let mut $tx = pool.begin().await?;
                let out: $crate::Result<_> = async { $body }.await;
                if out.is_ok() {
                    $tx.commit().await?;
                } else {
                    let _ = $tx.rollback().await;
                }
                out
            }
        }
    };
}
