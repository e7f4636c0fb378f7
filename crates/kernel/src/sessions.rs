//! Browser sessions. The cookie holds a random token; the database keeps only
//! its SHA-256 hash, so a leaked database cannot be replayed as cookies. Each
//! session carries its own CSRF token for state-changing forms.

use crate::audit::{Actor, AuditWrite, Change};
use crate::users::User;
use crate::{Db, Result, now};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh random secret, URL-safe base64 of 32 random bytes.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A signed-in session: its user and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl Db {
    /// Starts a session for `user` and records the sign-in. Returns the
    /// cookie token (shown once) and the session.
    pub async fn create_session(
        &self,
        actor: &Actor,
        user: &User,
        ttl: Duration,
        user_agent: Option<String>,
    ) -> Result<(String, Session)> {
        let token = random_token();
        let csrf = random_token();
        let t = now();
        let expires = t + ttl;
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7)",
            )
            .bind(hash_token(&token))
            .bind(user.id)
            .bind(csrf.clone())
            .bind(t)
            .bind(expires)
            .bind(actor.ip.clone())
            .bind(user_agent.clone())
            .execute(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::new("login", "user", user.id, user.region_path.as_deref(), None, None),
            )
            .await?;
            Ok(())
        })?;
        Ok((
            token,
            Session {
                user: user.clone(),
                csrf_token: csrf,
                expires_at: expires,
            },
        ))
    }

    /// The live session for a cookie token, if any (expired sessions and
    /// disabled accounts yield `None`).
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let row: Option<(i64, String, DateTime<Utc>)> = with_db!(self, |p| {
            sqlx::query_as(
                "SELECT s.user_id, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.active = TRUE",
            )
            .bind(hash_token(token))
            .bind(now())
            .fetch_optional(p)
            .await?
        });
        let Some((user_id, csrf_token, expires_at)) = row else {
            return Ok(None);
        };
        let user = self.user(user_id).await?;
        Ok(Some(Session {
            user,
            csrf_token,
            expires_at,
        }))
    }

    /// Ends the session of `token` and records the sign-out.
    pub async fn end_session(&self, actor: &Actor, token: &str) -> Result<()> {
        let region = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
        let uid = actor.principal.user_id.unwrap_or(0);
        with_tx!(self, |tx| {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(hash_token(token))
                .execute(&mut *tx)
                .await?;
            tx.audit(actor, Change::new("logout", "user", uid, region.as_deref(), None, None))
                .await?;
            Ok(())
        })
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        with_db!(self, |p| Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(p)
            .await?
            .rows_affected()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_is_stable() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token("x"), hash_token("x"));
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
