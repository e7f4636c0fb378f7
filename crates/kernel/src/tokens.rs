//! Bearer API tokens for machine clients. A token is shown once at creation;
//! only its hash is stored. Tokens act with their owner's role and scope.

use crate::audit::{Actor, AuditWrite, Change};
use crate::sessions::{hash_token, random_token};
use crate::users::User;
use crate::{Db, Result, StoreError, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const COLS: &str = "id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at, version";

impl Db {
    /// Creates a token for the actor's own account. Returns the secret
    /// (`kc_<prefix>_<secret>`, shown once) and the stored record.
    pub async fn create_token(
        &self,
        actor: &Actor,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(String, ApiToken)> {
        let Some(user_id) = actor.principal.user_id else {
            return Err(StoreError::Forbidden);
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(StoreError::invalid(
                "name",
                "令牌名称须为1-60字 / token name must be 1-60 characters",
            ));
        }
        let secret = random_token();
        let prefix: String = secret.chars().take(8).collect();
        let token = format!("kc_{prefix}_{secret}");
        let region = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
        let sql = format!(
            "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at, version) \
             VALUES ($1,$2,$3,$4,$5,$6,1) RETURNING {COLS}"
        );
        let rec = with_tx!(self, |tx| {
            let rec = sqlx::query_as::<_, ApiToken>(sqlx::AssertSqlSafe(sql))
                .bind(user_id)
                .bind(name.to_owned())
                .bind(prefix.clone())
                .bind(hash_token(&token))
                .bind(now())
                .bind(expires_at)
                .fetch_one(&mut *tx)
                .await?;
            tx.audit(
                actor,
                Change::create(
                    "api_token",
                    rec.id,
                    region.as_deref(),
                    json!({"name": rec.name, "prefix": rec.prefix, "expires_at": rec.expires_at}),
                ),
            )
            .await?;
            Ok(rec)
        })?;
        Ok((token, rec))
    }

    pub async fn tokens_of(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        let sql = format!("SELECT {COLS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
        with_db!(self, |p| Ok(sqlx::query_as::<_, ApiToken>(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .fetch_all(p)
            .await?))
    }

    /// Revokes one of the actor's own tokens.
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<()> {
        let Some(user_id) = actor.principal.user_id else {
            return Err(StoreError::Forbidden);
        };
        let region = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1, version = version + 1 \
                 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            )
            .bind(now())
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound {
                    entity: "api_token",
                    id: id.to_string(),
                });
            }
            tx.audit(
                actor,
                Change::new(
                    "revoke",
                    "api_token",
                    id,
                    region.as_deref(),
                    None,
                    Some(json!({"revoked": true})),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// The active account a bearer token belongs to, if the token is valid.
    pub async fn user_for_token(&self, token: &str) -> Result<Option<User>> {
        let t = now();
        let user_id: Option<i64> = with_db!(self, |p| {
            sqlx::query_scalar(
                "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 \
             AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.active = TRUE",
            )
            .bind(hash_token(token))
            .bind(t)
            .fetch_optional(p)
            .await?
        });
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        with_db!(self, |p| sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2"
        )
        .bind(t)
        .bind(hash_token(token))
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(Some(self.user(user_id).await?))
    }
}
