//! The in-app inbox. A capability puts a [`Notice`] in a user's inbox: its
//! kind (namespaced, `market.demand_pushed`) and the parameters it is told
//! from (a title, an id). Text and links are made where the notice is shown,
//! in the reader's language, by the capability that registered the kind; a
//! notice of an unknown kind shows the text stored with it (notices written
//! before kinds carried parameters).

use serde::Serialize;
use serde_json::Value;

use crate::{Db, Result, now};

/// A notice to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub user_id: i64,
    /// Namespaced kind, e.g. `market.demand_pushed`.
    pub kind: &'static str,
    /// What the notice is told from: a JSON object of text and numbers.
    pub params: Value,
    /// A user receives at most one notice per key.
    pub dedup_key: String,
}

/// One stored notification.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    /// Text stored with notices of kinds without parameters.
    pub title: String,
    pub body: String,
    pub link: String,
    /// The parameters, a JSON object.
    pub params: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Notification {
    /// The parameters as JSON (an empty object when they do not parse).
    pub fn params(&self) -> Value {
        serde_json::from_str(&self.params).unwrap_or_else(|_| Value::Object(Default::default()))
    }
}

impl Db {
    /// Puts `notice` in its user's inbox unless one with the same key is
    /// there already; returns whether it was added.
    pub async fn notify(&self, notice: &Notice) -> Result<bool> {
        let t = now();
        let n = with_db!(self, |p| sqlx::query(
            "INSERT INTO notifications (user_id, kind, title, body, link, params, dedup_key, created_at) \
             VALUES ($1, $2, '', '', '', $3, $4, $5) ON CONFLICT (user_id, dedup_key) DO NOTHING"
        )
        .bind(notice.user_id)
        .bind(notice.kind)
        .bind(notice.params.to_string())
        .bind(notice.dedup_key.clone())
        .bind(t)
        .execute(p)
        .await?
        .rows_affected());
        Ok(n > 0)
    }

    /// The newest `limit` notifications of a user.
    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<Notification>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, kind, title, body, link, params, created_at, read_at FROM notifications \
             WHERE user_id = $1 ORDER BY id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(p)
        .await?))
    }

    /// How many notifications of the user are unread.
    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64> {
        let (n,): (i64,) = with_db!(self, |p| sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL"
        )
        .bind(user_id)
        .fetch_one(p)
        .await?);
        Ok(n)
    }

    /// Marks one (or, with `None`, every) notification of the user read.
    pub async fn mark_read(&self, user_id: i64, id: Option<i64>) -> Result<()> {
        let t = now();
        with_db!(self, |p| sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)"
        )
        .bind(t)
        .bind(user_id)
        .bind(id)
        .execute(p)
        .await
        .map(|_| ())?);
        Ok(())
    }
}
