//! Small deployment-wide settings (e.g. whether the database holds demo data).

use crate::{Db, Result, now};

pub const DEMO_KEY: &str = "demo_dataset";

impl Db {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        with_db!(self, |p| Ok(sqlx::query_scalar(
            "SELECT value FROM settings WHERE key = $1"
        )
        .bind(key.to_owned())
        .fetch_optional(p)
        .await?))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        with_db!(self, |p| {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES ($1,$2,$3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key.to_owned())
            .bind(value.to_owned())
            .bind(now())
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Sets `key` to `value` only if no one has set it: whether this call
    /// did. Instances sharing a database claim a once-a-day job this way.
    pub async fn claim_setting(&self, key: &str, value: &str) -> Result<bool> {
        let n = with_db!(self, |p| {
            sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1,$2,$3) ON CONFLICT (key) DO NOTHING")
                .bind(key.to_owned())
                .bind(value.to_owned())
                .bind(now())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }
}
