//! Reserve-pool membership (后备库): staff confirm a proposed firm into a
//! pool, dismiss a proposal, or take a member out; one row per pool and
//! firm, each change audited with the reason and who decided. Also the
//! firm's answers to the innovation clinic's questions.

use chrono::{DateTime, Utc};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};
use kechuang_registry::store::Enterprise;

/// The statuses a pool row may hold.
pub const POOL_STATUSES: [&str; 3] = ["member", "dismissed", "removed"];

/// A firm's standing in one pool.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PoolEntry {
    pub id: i64,
    pub pool: String,
    pub enterprise_id: i64,
    pub credit_code: String,
    pub name: String,
    pub region_name: String,
    pub status: String,
    pub reason: String,
    pub note: String,
    pub decided_by: String,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

const SELECT: &str = "SELECT m.id, m.pool, m.enterprise_id, e.credit_code, e.name, r.name AS region_name, m.status, \
     m.reason, m.note, m.decided_by, m.updated_at, m.version \
     FROM pool_members m JOIN enterprises e ON e.id = m.enterprise_id JOIN regions r ON r.id = e.region_id";

#[easy_ext::ext(PoolStore)]
impl Db {
    /// Every decision about `pool` for firms in `scope`, members first.
    pub async fn pool_entries(&self, scope: &Scope, pool: &str) -> Result<Vec<PoolEntry>> {
        let sql = format!(
            "{SELECT} WHERE m.pool = $1 AND r.path LIKE $2 AND e.merged_into IS NULL \
             ORDER BY CASE m.status WHEN 'member' THEN 0 ELSE 1 END, e.name_norm, e.id"
        );
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(pool.to_owned())
            .bind(scope.like_pattern())
            .fetch_all(p)
            .await?))
    }

    /// Records staff's decision on `enterprise` for `pool`: `member`,
    /// `dismissed` or `removed`. A dismissal or removal needs a note.
    /// `version` is that of the decision the deciding person saw (`None`:
    /// there was none); it is checked in the write itself, so of concurrent
    /// decisions from one view exactly one is taken and the others are
    /// conflicts, never silent overwrites.
    pub async fn decide_pool(
        &self,
        actor: &Actor,
        pool: &str,
        enterprise: &Enterprise,
        status: &str,
        reason: &str,
        note: &str,
        version: Option<i64>,
    ) -> Result<PoolEntry> {
        if !POOL_STATUSES.contains(&status) {
            return Err(StoreError::invalid(
                "status",
                format!("未知状态 / unknown status {status}"),
            ));
        }
        if status != "member" && note.trim().is_empty() {
            return Err(StoreError::invalid("note", "请说明理由 / give a reason"));
        }
        let region = RegionPath::from_stored(enterprise.region_path.clone());
        if !actor.principal.covers(&region) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let by = actor.principal.username.clone();
        let find = format!("{SELECT} WHERE m.pool = $1 AND m.enterprise_id = $2");
        with_tx!(self, |tx| {
            let before: Option<PoolEntry> = sqlx::query_as(sqlx::AssertSqlSafe(find.clone()))
                .bind(pool.to_owned())
                .bind(enterprise.id)
                .fetch_optional(&mut *tx)
                .await?;
            let written = match version {
                None => sqlx::query(
                    "INSERT INTO pool_members (pool, enterprise_id, status, reason, note, decided_by, created_at, \
                     updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) \
                     ON CONFLICT (pool, enterprise_id) DO NOTHING",
                )
                .bind(pool.to_owned())
                .bind(enterprise.id)
                .bind(status.to_owned())
                .bind(reason.trim().to_owned())
                .bind(note.trim().to_owned())
                .bind(by.clone())
                .bind(t)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
                Some(v) => sqlx::query(
                    "UPDATE pool_members SET status = $3, reason = $4, note = $5, decided_by = $6, updated_at = $7, \
                     version = version + 1 WHERE pool = $1 AND enterprise_id = $2 AND version = $8",
                )
                .bind(pool.to_owned())
                .bind(enterprise.id)
                .bind(status.to_owned())
                .bind(reason.trim().to_owned())
                .bind(note.trim().to_owned())
                .bind(by.clone())
                .bind(t)
                .bind(v)
                .execute(&mut *tx)
                .await?
                .rows_affected(),
            };
            if written == 0 {
                return Err(StoreError::Conflict {
                    entity: "pool_member",
                    current: before.as_ref().map_or(0, |b| b.version),
                    submitted: version.unwrap_or(0),
                });
            }
            let after: PoolEntry = sqlx::query_as(sqlx::AssertSqlSafe(find.clone()))
                .bind(pool.to_owned())
                .bind(enterprise.id)
                .fetch_one(&mut *tx)
                .await?;
            let id = format!("{pool}:{}", enterprise.credit_code);
            let value = |e: &PoolEntry| serde_json::json!({"status": e.status, "reason": e.reason, "note": e.note});
            let change = match &before {
                None => Change::create("pool_member", id, Some(region.as_str()), value(&after)),
                Some(b) => Change::update("pool_member", id, Some(region.as_str()), value(b), value(&after)),
            };
            tx.audit(actor, change).await?;
            Ok(after)
        })
    }

    /// The clinic answers of one enterprise, if any were given.
    pub async fn clinic_answers(&self, enterprise_id: i64) -> Result<Option<ClinicAnswers>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT answers_json, answered_by, updated_at FROM clinic_answers WHERE enterprise_id = $1"
        )
        .bind(enterprise_id)
        .fetch_optional(p)
        .await?))
    }

    /// Stores the clinic answers of `enterprise` (a JSON object the caller
    /// validated), audited with the previous answers.
    pub async fn set_clinic_answers(&self, actor: &Actor, enterprise: &Enterprise, answers_json: &str) -> Result<()> {
        let region = RegionPath::from_stored(enterprise.region_path.clone());
        if !actor.principal.covers(&region) {
            return Err(StoreError::Forbidden);
        }
        let after: serde_json::Value = serde_json::from_str(answers_json)
            .map_err(|e| StoreError::invalid("answers", format!("不是有效的 JSON / not JSON: {e}")))?;
        let before = self
            .clinic_answers(enterprise.id)
            .await?
            .and_then(|a| serde_json::from_str::<serde_json::Value>(&a.answers_json).ok());
        let t = now();
        with_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO clinic_answers (enterprise_id, answers_json, answered_by, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $4, 1) ON CONFLICT (enterprise_id) DO UPDATE SET \
                 answers_json = excluded.answers_json, answered_by = excluded.answered_by, \
                 updated_at = excluded.updated_at, version = clinic_answers.version + 1",
            )
            .bind(enterprise.id)
            .bind(answers_json.to_owned())
            .bind(actor.principal.username.clone())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let change = match &before {
                None => Change::create(
                    "clinic_answers",
                    &enterprise.credit_code,
                    Some(region.as_str()),
                    after.clone(),
                ),
                Some(b) => Change::update(
                    "clinic_answers",
                    &enterprise.credit_code,
                    Some(region.as_str()),
                    b.clone(),
                    after.clone(),
                ),
            };
            tx.audit(actor, change).await?;
            Ok(())
        })
    }
}
/// A firm's answers to the clinic's questions, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ClinicAnswers {
    pub answers_json: String,
    pub answered_by: String,
    pub updated_at: DateTime<Utc>,
}
