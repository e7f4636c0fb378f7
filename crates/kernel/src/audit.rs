//! The append-only audit log: who changed what, when, with the values before
//! and after. Entries are written in the same transaction as the change they
//! describe; no function here (and no database trigger) allows editing or
//! deleting one.

use crate::region::RegionPath;
use crate::role::Principal;
use crate::{Db, Result, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// The actor of a change: the principal and the client address.
#[derive(Debug, Clone)]
pub struct Actor {
    pub principal: Principal,
    pub ip: Option<String>,
}

impl Actor {
    pub fn new(principal: Principal, ip: Option<String>) -> Self {
        Self { principal, ip }
    }
    /// The operator acting from the command line on the server.
    pub fn system() -> Self {
        Self::new(Principal::system(None), None)
    }

    /// The regions this actor may see: its principal's scope, everything for
    /// the operator without a region; an account without a region is
    /// refused.
    pub fn scope(&self) -> Result<crate::scope::Scope> {
        match (self.principal.scope(), self.principal.user_id) {
            (Some(s), _) => Ok(s),
            (None, None) if self.principal.is_authenticated() => Ok(crate::scope::Scope::everything()),
            _ => Err(crate::StoreError::Forbidden),
        }
    }
}

/// A record as the audit log keeps it (before or after a change). A value
/// that cannot be written as JSON is an error, never an empty snapshot.
pub fn snapshot<T: Serialize>(value: T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| crate::StoreError::Snapshot(e.to_string()))
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub region_path: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    pub fn create(entity: &'static str, id: impl ToString, region: Option<&str>, after: Value) -> Self {
        Self::new("create", entity, id, region, None, Some(after))
    }
    pub fn update(entity: &'static str, id: impl ToString, region: Option<&str>, before: Value, after: Value) -> Self {
        Self::new("update", entity, id, region, Some(before), Some(after))
    }
    pub fn delete(entity: &'static str, id: impl ToString, region: Option<&str>, before: Value) -> Self {
        Self::new("delete", entity, id, region, Some(before), None)
    }
    pub fn new(
        action: &'static str,
        entity: &'static str,
        id: impl ToString,
        region: Option<&str>,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Self {
        Self {
            action,
            entity,
            entity_id: id.to_string(),
            region_path: region.map(str::to_owned),
            before,
            after,
        }
    }
}

/// A stored audit entry.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub region_path: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub ip: Option<String>,
}

/// Filters for browsing the log. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_name: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Only entries with an id below this (keyset pagination, newest first).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Writes audit entries inside an open transaction.
#[allow(async_fn_in_trait)]
pub trait AuditWrite {
    async fn audit(&mut self, actor: &Actor, change: Change) -> Result<()>;
}

macro_rules! impl_audit_write {
    ($db:ty) => {
        impl AuditWrite for sqlx::Transaction<'_, $db> {
            async fn audit(&mut self, actor: &Actor, c: Change) -> Result<()> {
                let p = &actor.principal;
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor_name, actor_role, action, entity, entity_id, \
                     region_path, before_json, after_json, ip) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
                )
                .bind(now())
                .bind(p.user_id)
                .bind(p.username.clone())
                .bind(p.role.as_str())
                .bind(c.action)
                .bind(c.entity)
                .bind(c.entity_id)
                .bind(c.region_path)
                .bind(c.before.map(|v| v.to_string()))
                .bind(c.after.map(|v| v.to_string()))
                .bind(actor.ip.clone())
                .execute(&mut **self)
                .await?;
                Ok(())
            }
        }
    };
}
impl_audit_write!(sqlx::Sqlite);
impl_audit_write!(sqlx::Postgres);

impl Db {
    /// Records an event that is not itself a row change (sign-in, sign-out,
    /// failed sign-in, export).
    pub async fn record_event(&self, actor: &Actor, change: Change) -> Result<()> {
        with_tx!(self, |tx| tx.audit(actor, change).await)
    }

    /// Entries in `scope` (all entries when `scope` is `None`), newest first.
    /// Entries without a region (e.g. failed sign-ins for unknown names) are
    /// shown only to principals whose scope is a top-level region.
    pub async fn audit_entries(&self, scope: Option<&RegionPath>, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, at, actor_id, actor_name, actor_role, action, entity, entity_id, region_path, \
             before_json, after_json, ip FROM audit_log WHERE 1=1",
        );
        let mut n = 0;
        let mut next = |sql: &mut String, clause: &str| {
            n += 1;
            sql.push_str(&clause.replace('?', &format!("${n}")));
        };
        let scope_pattern = scope.map(|s| s.like_pattern());
        let top_level = scope.is_none_or(|s| s.depth() <= 1);
        if scope_pattern.is_some() {
            if top_level {
                next(&mut sql, " AND (region_path LIKE ? OR region_path IS NULL)");
            } else {
                next(&mut sql, " AND region_path LIKE ?");
            }
        }
        if f.actor_name.is_some() {
            next(&mut sql, " AND actor_name = ?");
        }
        if f.action.is_some() {
            next(&mut sql, " AND action = ?");
        }
        if f.entity.is_some() {
            next(&mut sql, " AND entity = ?");
        }
        if f.entity_id.is_some() {
            next(&mut sql, " AND entity_id = ?");
        }
        if f.since.is_some() {
            next(&mut sql, " AND at >= ?");
        }
        if f.until.is_some() {
            next(&mut sql, " AND at < ?");
        }
        if f.before_id.is_some() {
            next(&mut sql, " AND id < ?");
        }
        next(&mut sql, " ORDER BY id DESC LIMIT ?");
        let limit = f.limit.clamp(1, 100_000);
        with_db!(self, |p| {
            let mut q = sqlx::query_as::<_, AuditEntry>(sqlx::AssertSqlSafe(sql));
            if let Some(v) = &scope_pattern {
                q = q.bind(v.clone());
            }
            for v in [&f.actor_name, &f.action, &f.entity, &f.entity_id]
                .into_iter()
                .flatten()
            {
                q = q.bind(v.clone());
            }
            for v in [f.since, f.until].into_iter().flatten() {
                q = q.bind(v);
            }
            if let Some(v) = f.before_id {
                q = q.bind(v);
            }
            Ok(q.bind(limit).fetch_all(p).await?)
        })
    }

    /// Number of `action` events for `entity_id` (or from `ip`) since `since`;
    /// used to rate-limit sign-in attempts across all instances.
    pub async fn count_recent_events(
        &self,
        action: &str,
        entity_id: Option<&str>,
        ip: Option<&str>,
        since: DateTime<Utc>,
    ) -> Result<i64> {
        with_db!(self, |p| {
            let n: i64 = match (entity_id, ip) {
                (Some(id), _) => {
                    sqlx::query_scalar(
                        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity_id = $2 AND at >= $3",
                    )
                    .bind(action.to_owned())
                    .bind(id.to_owned())
                    .bind(since)
                    .fetch_one(p)
                    .await?
                }
                (None, Some(ip)) => {
                    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND ip = $2 AND at >= $3")
                        .bind(action.to_owned())
                        .bind(ip.to_owned())
                        .bind(since)
                        .fetch_one(p)
                        .await?
                }
                (None, None) => 0,
            };
            Ok(n)
        })
    }
}
