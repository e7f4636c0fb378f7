//! E-mail copies of inbox notifications: an instance claims a batch of
//! notifications waiting to go out to accounts with an address (a claim is a
//! lease, so several instances never send the same one and a crashed
//! instance's batch is taken up again when its lease ends), then records
//! each outcome. A notification whose mail failed [`MAX_MAIL_ATTEMPTS`]
//! times is given up. Sending itself is the web crate's `mail` module.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::{Db, Result, now};

/// Attempts before a notification's e-mail is given up.
pub const MAX_MAIL_ATTEMPTS: i64 = 5;

/// A notification to send by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MailItem {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub params: String,
}

impl Db {
    /// Claims up to `limit` notifications created since `since` whose e-mail
    /// has not gone out, for `lease`, under the token `claimer` (unique per
    /// call), and returns them.
    pub async fn claim_mail(
        &self,
        claimer: &str,
        since: DateTime<Utc>,
        lease: Duration,
        limit: i64,
    ) -> Result<Vec<MailItem>> {
        let t = now();
        let until = t + lease;
        // the outer conditions are checked again on the row as it is when the
        // update reaches it, so two instances never claim the same row
        with_db!(self, |p| sqlx::query(
            "UPDATE notifications SET mail_claimed_by = $1, mail_claimed_until = $2 WHERE id IN (\
             SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.mail_state = '' AND u.email <> '' AND u.active AND n.created_at >= $3 \
             AND (n.mail_claimed_until IS NULL OR n.mail_claimed_until < $4) ORDER BY n.id LIMIT $5) \
             AND mail_state = '' AND (mail_claimed_until IS NULL OR mail_claimed_until < $4)"
        )
        .bind(claimer.to_owned())
        .bind(until)
        .bind(since)
        .bind(t)
        .bind(limit)
        .execute(p)
        .await?
        .rows_affected());
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT n.id, u.email, u.display_name, n.kind, n.title, n.body, n.link, n.params FROM notifications n \
             JOIN users u ON u.id = n.user_id WHERE n.mail_claimed_by = $1 AND n.mail_state = '' ORDER BY n.id"
        )
        .bind(claimer.to_owned())
        .fetch_all(p)
        .await?))
    }

    /// Records that the e-mail of notification `id` went out.
    pub async fn mail_sent(&self, id: i64) -> Result<()> {
        with_db!(self, |p| sqlx::query(
            "UPDATE notifications SET mail_state = 'sent', mail_attempts = mail_attempts + 1, mail_error = '', \
             mail_claimed_until = NULL WHERE id = $1"
        )
        .bind(id)
        .execute(p)
        .await?
        .rows_affected());
        Ok(())
    }

    /// Records a failed attempt: tried again after `retry_after`, given up
    /// after [`MAX_MAIL_ATTEMPTS`].
    pub async fn mail_failed(&self, id: i64, error: &str, retry_after: Duration) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        with_db!(self, |p| sqlx::query(
            "UPDATE notifications SET mail_attempts = mail_attempts + 1, mail_error = $1, \
             mail_state = CASE WHEN mail_attempts + 1 >= $2 THEN 'failed' ELSE '' END, \
             mail_claimed_until = $3 WHERE id = $4"
        )
        .bind(error)
        .bind(MAX_MAIL_ATTEMPTS)
        .bind(now() + retry_after)
        .bind(id)
        .execute(p)
        .await?
        .rows_affected());
        Ok(())
    }

    /// The e-mail state of a notification: (`''`/`sent`/`failed`, attempts, last error).
    pub async fn mail_state(&self, id: i64) -> Result<(String, i64, String)> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT mail_state, mail_attempts, mail_error FROM notifications WHERE id = $1"
        )
        .bind(id)
        .fetch_one(p)
        .await?))
    }
}
