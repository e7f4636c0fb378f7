//! Rate limits shared by every instance on one database: a counter per key
//! (`login:user:alice`, `login:ip:10.0.0.7`) over a fixed window. Taking a
//! unit is one statement (an upsert returning the new count), so twenty
//! concurrent requests see twenty different counts and exactly the allowed
//! number get through; reading the count first and writing later would let
//! them all pass.

use crate::{Db, Result};
use chrono::{DateTime, Utc};

/// One limit: at most `max` units per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

/// Starts a new window when the stored one is older than the window.
const TAKE_SQL: &str = "INSERT INTO rate_limits (key, window_started, used) VALUES ($1, $2, 1) \
     ON CONFLICT (key) DO UPDATE SET \
     used = CASE WHEN rate_limits.window_started <= $3 THEN 1 ELSE rate_limits.used + 1 END, \
     window_started = CASE WHEN rate_limits.window_started <= $3 THEN $2 ELSE rate_limits.window_started END \
     RETURNING used";

impl Db {
    /// Takes one unit of `key` at `now`: `true` when it was within the
    /// limit. A refused request still counts, so hammering does not reopen
    /// the window early.
    pub async fn take(&self, key: &str, limit: Limit, now: DateTime<Utc>) -> Result<bool> {
        let t = now.timestamp();
        let used: i64 = with_db!(self, |p| sqlx::query_scalar(TAKE_SQL)
            .bind(key)
            .bind(t)
            .bind(t - limit.window_secs)
            .fetch_one(p)
            .await?);
        Ok(used <= limit.max)
    }

    /// Gives one unit of `key` back (a sign-in that succeeded is not a
    /// failure); never below zero.
    pub async fn give_back(&self, key: &str) -> Result<()> {
        with_db!(self, |p| sqlx::query(
            "UPDATE rate_limits SET used = used - 1 WHERE key = $1 AND used > 0"
        )
        .bind(key)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Units of `key` used in the current window (0 when none or expired).
    pub async fn used(&self, key: &str, limit: Limit, now: DateTime<Utc>) -> Result<i64> {
        let row: Option<(i64, i64)> = with_db!(self, |p| sqlx::query_as(
            "SELECT window_started, used FROM rate_limits WHERE key = $1"
        )
        .bind(key)
        .fetch_optional(p)
        .await?);
        Ok(match row {
            Some((started, used)) if started > now.timestamp() - limit.window_secs => used,
            _ => 0,
        })
    }
}
