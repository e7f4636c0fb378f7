//! Import runs: one row per uploaded sheet. A dry run stores the file, its
//! issue report and row counts; the commit reads the file back, writes the
//! rows (see the registry bulk imports) and records the outcome. Progress is
//! kept in the row so that any instance can show it.

use chrono::{DateTime, Utc};
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use crate::store::ImportCounts;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// The stages of a run.
/// A running import with no heartbeat for this long was interrupted (its
/// instance stopped); heartbeats come every [`HEARTBEAT_SECS`].
pub const INTERRUPTED_AFTER_SECS: i64 = 120;
/// How often a running import says it is alive.
pub const HEARTBEAT_SECS: u64 = 20;

pub mod status {
    /// Checked; the report is ready; not written.
    pub const CHECKED: &str = "checked";
    /// Being written.
    pub const RUNNING: &str = "running";
    pub const COMMITTED: &str = "committed";
    /// The write failed; nothing was written.
    pub const FAILED: &str = "failed";
}

/// An import run without its file bytes.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ImportRun {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub status: String,
    pub total_rows: i64,
    pub error_count: i64,
    pub warning_count: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub processed: i64,
    /// JSON array of issues (row, column, value, reason).
    pub report_json: String,
    pub message: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub scope_path: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A checked file to record as a run.
#[derive(Debug, Clone)]
pub struct NewRun {
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub total_rows: i64,
    pub error_count: i64,
    pub warning_count: i64,
    pub report_json: String,
    pub bytes: Vec<u8>,
}

const COLS: &str = "id, kind, file_name, sha256, status, total_rows, error_count, warning_count, created, updated, \
     unchanged, processed, report_json, message, actor_id, actor_name, scope_path, created_at, updated_at, version";

#[easy_ext::ext(ImportRunStore)]
impl Db {
    /// Records a checked file (a dry run). Audited.
    pub async fn create_import_run(&self, actor: &Actor, new: NewRun) -> Result<ImportRun> {
        let t = now();
        let scope = actor
            .principal
            .scope
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO import_runs (kind, file_name, sha256, status, total_rows, error_count, warning_count, \
                 report_json, file_bytes, actor_id, actor_name, scope_path, created_at, updated_at, version) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13,1) RETURNING id",
            )
            .bind(new.kind.clone())
            .bind(new.file_name.clone())
            .bind(new.sha256.clone())
            .bind(status::CHECKED)
            .bind(new.total_rows)
            .bind(new.error_count)
            .bind(new.warning_count)
            .bind(new.report_json.clone())
            .bind(new.bytes.clone())
            .bind(actor.principal.user_id)
            .bind(actor.principal.username.clone())
            .bind(scope.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let after = serde_json::json!({
                "kind": new.kind, "file_name": new.file_name, "sha256": new.sha256,
                "rows": new.total_rows, "errors": new.error_count, "warnings": new.warning_count
            });
            tx.audit(actor, Change::create("import_run", id, Some(&scope), after))
                .await?;
            Ok(id)
        })?;
        self.import_run(id).await
    }

    pub async fn import_run(&self, id: i64) -> Result<ImportRun> {
        let sql = format!("SELECT {COLS} FROM import_runs WHERE id = $1");
        let found = with_db!(self, |p| sqlx::query_as::<_, ImportRun>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        found.ok_or(StoreError::NotFound {
            entity: "import_run",
            id: id.to_string(),
        })
    }

    /// The run's file, as uploaded.
    pub async fn import_run_file(&self, id: i64) -> Result<Vec<u8>> {
        let bytes: Option<Option<Vec<u8>>> = with_db!(self, |p| sqlx::query_scalar(
            "SELECT file_bytes FROM import_runs WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?);
        bytes.flatten().ok_or(StoreError::NotFound {
            entity: "import_file",
            id: id.to_string(),
        })
    }

    /// The latest runs of `kind` started within `scope` (newest first).
    pub async fn import_runs(&self, kind: &str, scope: &Scope, limit: i64) -> Result<Vec<ImportRun>> {
        let sql = format!(
            "SELECT {COLS} FROM import_runs WHERE kind = $1 AND (scope_path LIKE $2 OR $3 = '') \
             ORDER BY id DESC LIMIT {}",
            limit.clamp(1, 200)
        );
        with_db!(self, |p| Ok(sqlx::query_as::<_, ImportRun>(sqlx::AssertSqlSafe(sql))
            .bind(kind.to_owned())
            .bind(scope.like_pattern())
            .bind(scope.as_str().to_owned())
            .fetch_all(p)
            .await?))
    }

    /// Moves a checked (or failed) run to running; `Conflict` when another
    /// request got there first, so a file is never written twice. A run
    /// whose instance stopped while writing it (killed, crashed: no
    /// heartbeat for [`INTERRUPTED_AFTER_SECS`]) counts as failed: its
    /// transaction was rolled back with the instance's connection, and it
    /// can be started again from any instance.
    pub async fn start_import_run(&self, id: i64, version: i64) -> Result<()> {
        let t = now();
        let stale = t - chrono::Duration::seconds(INTERRUPTED_AFTER_SECS);
        let n = with_db!(self, |p| {
            sqlx::query(
            "UPDATE import_runs SET status = $1, processed = 0, message = '', updated_at = $2, version = version + 1 \
             WHERE id = $3 AND version = $4 AND error_count = 0 \
             AND (status IN ($5, $6) OR (status = $1 AND updated_at < $7))"
        )
        .bind(status::RUNNING)
        .bind(t)
        .bind(id)
        .bind(version)
        .bind(status::CHECKED)
        .bind(status::FAILED)
        .bind(stale)
        .execute(p)
        .await?
        .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::Conflict {
                entity: "import_run",
                current: version + 1,
                submitted: version,
            });
        }
        Ok(())
    }

    /// The heartbeat of a running import, sent while it writes.
    pub async fn touch_import_run(&self, id: i64) -> Result<()> {
        with_db!(self, |p| sqlx::query(
            "UPDATE import_runs SET updated_at = $1 WHERE id = $2 AND status = $3"
        )
        .bind(now())
        .bind(id)
        .bind(status::RUNNING)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Progress of a running import (rows done); also its heartbeat.
    pub async fn set_import_progress(&self, id: i64, processed: i64) -> Result<()> {
        with_db!(self, |p| sqlx::query(
            "UPDATE import_runs SET processed = $1, updated_at = $3 WHERE id = $2"
        )
        .bind(processed)
        .bind(id)
        .bind(now())
        .execute(p)
        .await
        .map(|_| ())?);
        Ok(())
    }

    /// Records the outcome of a run: its counts when committed (the file is
    /// then dropped), or the reason it failed.
    pub async fn finish_import_run(&self, id: i64, outcome: std::result::Result<ImportCounts, String>) -> Result<()> {
        let (st, c, message) = match outcome {
            Ok(c) => (status::COMMITTED, c, String::new()),
            Err(m) => (status::FAILED, ImportCounts::default(), m),
        };
        let sql = if st == status::COMMITTED {
            "UPDATE import_runs SET status = $1, created = $2, updated = $3, unchanged = $4, message = $5, \
             processed = total_rows, file_bytes = NULL, updated_at = $6, version = version + 1 WHERE id = $7"
        } else {
            "UPDATE import_runs SET status = $1, created = $2, updated = $3, unchanged = $4, message = $5, \
             updated_at = $6, version = version + 1 WHERE id = $7"
        };
        with_db!(self, |p| sqlx::query(sql)
            .bind(st)
            .bind(c.created as i64)
            .bind(c.updated as i64)
            .bind(c.unchanged as i64)
            .bind(message)
            .bind(now())
            .bind(id)
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(())
    }
}
