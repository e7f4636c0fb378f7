//! Users' feedback on proposed matches, and saved searches with alerts.

use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A user's judgement of one proposed match.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Feedback {
    pub username: String,
    pub from_kind: String,
    pub from_id: i64,
    pub to_kind: String,
    pub to_id: i64,
    pub useful: bool,
    pub reason: String,
    pub note: String,
    pub rank: Option<i64>,
}

/// Feedback counted by verdict and reason.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct FeedbackCount {
    pub useful: bool,
    pub reason: String,
    pub n: i64,
}

/// A saved search.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SavedSearch {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub kind: String,
    pub query: String,
    pub field: String,
    pub alert: bool,
}

#[easy_ext::ext(InboxStore)]
impl Db {
    /// Records (or replaces) the acting user's judgement of a match, audited.
    pub async fn record_feedback(&self, actor: &Actor, f: &Feedback) -> Result<()> {
        if !crate::vocab::FEEDBACK_REASONS.iter().any(|r| r.0 == f.reason) {
            return Err(StoreError::invalid("reason", "未知的反馈原因 / unknown reason"));
        }
        let t = now();
        let user = actor.principal.username.clone();
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO match_feedback (username, from_kind, from_id, to_kind, to_id, useful, reason, note, rank, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                 ON CONFLICT (username, from_kind, from_id, to_kind, to_id) DO UPDATE SET useful = $6, reason = $7, \
                 note = $8, rank = $9, updated_at = $10",
            )
            .bind(user.clone())
            .bind(f.from_kind.clone())
            .bind(f.from_id)
            .bind(f.to_kind.clone())
            .bind(f.to_id)
            .bind(f.useful)
            .bind(f.reason.clone())
            .bind(f.note.clone())
            .bind(f.rank)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "match_feedback",
                    format!("{}:{}>{}:{}", f.from_kind, f.from_id, f.to_kind, f.to_id),
                    None,
                    kechuang_kernel::audit::snapshot(f)?,
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// The acting user's feedback on the matches of one item.
    pub async fn feedback_of(&self, username: &str, from_kind: &str, from_id: i64) -> Result<Vec<Feedback>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT username, from_kind, from_id, to_kind, to_id, useful, reason, note, rank FROM match_feedback \
             WHERE username = $1 AND from_kind = $2 AND from_id = $3"
        )
        .bind(username.to_owned())
        .bind(from_kind.to_owned())
        .bind(from_id)
        .fetch_all(p)
        .await?))
    }

    /// All feedback counted by verdict and reason (for reporting).
    pub async fn feedback_counts(&self) -> Result<Vec<FeedbackCount>> {
        with_db!(self, |p| {
            Ok(sqlx::query_as(
            "SELECT useful, reason, COUNT(*) AS n FROM match_feedback GROUP BY useful, reason ORDER BY useful DESC, n DESC"
        )
        .fetch_all(p)
        .await?)
        })
    }

    /// Saves a search for the user; returns its id.
    pub async fn save_search(&self, user_id: i64, name: &str, kind: &str, query: &str, field: &str) -> Result<i64> {
        if name.trim().is_empty() || query.trim().is_empty() {
            return Err(StoreError::invalid(
                "query",
                "名称和检索词不能为空 / name and words are required",
            ));
        }
        if !matches!(kind, "achievement" | "demand") {
            return Err(StoreError::invalid(
                "kind",
                "只能订阅成果或需求 / achievements or demands only",
            ));
        }
        let t = now();
        let (id,): (i64,) = with_db!(self, |p| sqlx::query_as(
            "INSERT INTO saved_searches (user_id, name, kind, query, field, alert, created_at) \
             VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id"
        )
        .bind(user_id)
        .bind(name.trim().to_owned())
        .bind(kind.to_owned())
        .bind(query.trim().to_owned())
        .bind(field.to_owned())
        .bind(t)
        .fetch_one(p)
        .await?);
        Ok(id)
    }

    pub async fn saved_searches(&self, user_id: i64) -> Result<Vec<SavedSearch>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, user_id, name, kind, query, field, alert FROM saved_searches WHERE user_id = $1 ORDER BY id"
        )
        .bind(user_id)
        .fetch_all(p)
        .await?))
    }

    /// Saved searches with alerts on items of `kind`.
    pub async fn alerting_searches(&self, kind: &str) -> Result<Vec<SavedSearch>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, user_id, name, kind, query, field, alert FROM saved_searches WHERE kind = $1 AND alert = TRUE \
             ORDER BY id"
        )
        .bind(kind.to_owned())
        .fetch_all(p)
        .await?))
    }

    pub async fn delete_saved_search(&self, user_id: i64, id: i64) -> Result<()> {
        with_db!(self, |p| sqlx::query(
            "DELETE FROM saved_searches WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(user_id)
        .execute(p)
        .await
        .map(|_| ())?);
        Ok(())
    }

    /// Accounts to tell about an item: its creator and the accounts of the
    /// enterprise or institution it belongs to.
    pub async fn item_watchers(&self, kind: &str, id: i64) -> Result<Vec<i64>> {
        let sql = match kind {
            "achievement" => {
                "SELECT u.id FROM users u JOIN achievements a ON a.id = $1 WHERE u.active = TRUE AND (u.id = a.created_by_id \
                 OR (a.owner_code <> '' AND u.enterprise_code = a.owner_code) \
                 OR (a.owner_kind = 'institution' AND u.institution_id = a.owner_id)) ORDER BY u.id"
            }
            "demand" => {
                "SELECT u.id FROM users u JOIN demands d ON d.id = $1 WHERE u.active = TRUE AND (u.id = d.created_by_id \
                 OR (d.enterprise_code <> '' AND u.enterprise_code = d.enterprise_code)) ORDER BY u.id"
            }
            _ => return Ok(Vec::new()),
        };
        let rows: Vec<(i64,)> = with_db!(self, |p| sqlx::query_as(sql).bind(id).fetch_all(p).await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
