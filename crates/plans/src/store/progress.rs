//! Progress reports on targets (value, date, region, source, attachment) and
//! status updates on tasks with evidence. Both are append-only records:
//! a correction is a newer report.

use super::Plan;
use crate::store::prelude::*;
use chrono::{DateTime, NaiveDate, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::Serialize;
use serde_json::json;

/// Largest attachment kept with a report (10 MiB).
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, utoipa::ToSchema)]
pub struct ProgressReport {
    pub id: i64,
    pub target_id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub region_level: String,
    pub value_e4: i64,
    pub reported_on: String,
    pub source: String,
    pub note: String,
    pub attachment_name: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewProgressReport {
    pub target_id: i64,
    pub region_id: i64,
    pub value_e4: i64,
    pub reported_on: String,
    pub source: String,
    pub note: String,
    pub attachment: Option<(String, Vec<u8>)>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, utoipa::ToSchema)]
pub struct TaskUpdate {
    pub id: i64,
    pub task_id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub status: String,
    pub evidence: String,
    pub attachment_name: Option<String>,
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewTaskUpdate {
    pub task_id: i64,
    pub status: String,
    pub evidence: String,
    pub attachment: Option<(String, Vec<u8>)>,
}

fn check_attachment(a: &Option<(String, Vec<u8>)>) -> Result<()> {
    if let Some((name, bytes)) = a {
        if bytes.len() > MAX_ATTACHMENT {
            return Err(StoreError::invalid(
                "attachment",
                "附件不能超过10MB / attachments are limited to 10 MB",
            ));
        }
        if name.trim().is_empty() || name.chars().count() > 200 {
            return Err(StoreError::invalid(
                "attachment",
                "附件文件名无效 / invalid attachment name",
            ));
        }
    }
    Ok(())
}

const REPORT_SELECT: &str = "SELECT pr.id, pr.target_id, pr.region_id, r.name AS region_name, r.path AS region_path, \
     r.level AS region_level, pr.value_e4, pr.reported_on, pr.source, pr.note, pr.attachment_name, pr.created_by, \
     pr.created_at FROM progress_reports pr JOIN regions r ON r.id = pr.region_id";

#[easy_ext::ext(ProgressStore)]
impl Db {
    /// Records a progress value for a target of a published plan, for a
    /// region inside the plan's region and the actor's scope.
    pub async fn add_progress_report(&self, actor: &Actor, new: NewProgressReport) -> Result<ProgressReport> {
        check_attachment(&new.attachment)?;
        if NaiveDate::parse_from_str(&new.reported_on, "%Y-%m-%d").is_err() {
            return Err(StoreError::invalid(
                "reported_on",
                "填报日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD",
            ));
        }
        let target = self.plan_target(new.target_id).await?;
        let scope = actor.scope()?;
        let plan: Plan = self.plan(&scope, target.plan_id).await?;
        if plan.status != "published" {
            return Err(StoreError::invalid(
                "target_id",
                "方案发布后才能填报进度 / publish the plan before reporting progress",
            ));
        }
        let region = self.region(new.region_id).await?;
        if !region.region_path().is_within(&plan.path()) {
            return Err(StoreError::invalid(
                "region_id",
                "填报区域不在方案范围内 / the region is outside the plan's region",
            ));
        }
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let (att_name, att_bytes) = match new.attachment.clone() {
            Some((n, b)) => (Some(n), Some(b)),
            None => (None, None),
        };
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO progress_reports (target_id, region_id, value_e4, reported_on, source, note, attachment_name, \
                 attachment, created_by, created_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1) RETURNING id",
            )
            .bind(new.target_id)
            .bind(new.region_id)
            .bind(new.value_e4)
            .bind(new.reported_on.clone())
            .bind(new.source.trim().to_owned())
            .bind(new.note.trim().to_owned())
            .bind(att_name.clone())
            .bind(att_bytes.clone())
            .bind(actor.principal.user_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let after = json!({"target_id": new.target_id, "indicator": target.indicator, "region": region.name,
                               "value": super::from_e4(new.value_e4), "reported_on": new.reported_on, "source": new.source,
                               "attachment": att_name, "attachment_bytes": att_bytes.as_ref().map(Vec::len)});
            tx.audit(actor, Change::create("progress_report", id, Some(&region.path), after))
                .await?;
            Ok(id)
        })?;
        let sql = format!("{REPORT_SELECT} WHERE pr.id = $1");
        with_db!(self, |p| Ok(sqlx::query_as::<_, ProgressReport>(sqlx::AssertSqlSafe(
            sql
        ))
        .bind(id)
        .fetch_one(p)
        .await?))
    }

    /// Reports on `target_id` visible to `scope` (its own regions and the
    /// regions above it), oldest first.
    pub async fn progress_reports(&self, scope: &Scope, target_id: i64) -> Result<Vec<ProgressReport>> {
        let sql = format!("{REPORT_SELECT} WHERE pr.target_id = $1 ORDER BY pr.reported_on, pr.id");
        let all: Vec<ProgressReport> =
            with_db!(self, |p| sqlx::query_as::<_, ProgressReport>(sqlx::AssertSqlSafe(sql))
                .bind(target_id)
                .fetch_all(p)
                .await?);
        Ok(all
            .into_iter()
            .filter(|r| {
                let path = RegionPath::from_stored(r.region_path.clone());
                path.is_within(scope) || scope.is_within(&path)
            })
            .collect())
    }

    /// Reports on all targets of a plan (for boards and exports).
    pub async fn plan_progress_reports(&self, scope: &Scope, plan_id: i64) -> Result<Vec<ProgressReport>> {
        let mut out = Vec::new();
        for t in self.plan_targets(plan_id).await? {
            out.extend(self.progress_reports(scope, t.id).await?);
        }
        Ok(out)
    }

    /// The attachment of a report: (file name, bytes).
    pub async fn progress_attachment(&self, id: i64) -> Result<Option<(String, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> = with_db!(self, |p| sqlx::query_as(
            "SELECT attachment_name, attachment FROM progress_reports WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?);
        Ok(match row {
            Some((Some(n), Some(b))) => Some((n, b)),
            _ => None,
        })
    }

    /// Records a status update of a task with its evidence and sets the
    /// task's status. Who may do it is decided by the caller with
    /// `crate::lead_units::may_update_task`.
    pub async fn add_task_update(&self, actor: &Actor, new: NewTaskUpdate) -> Result<TaskUpdate> {
        check_attachment(&new.attachment)?;
        if !super::items::TASK_STATUSES.contains(&new.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("任务状态无效 / unknown status {:?}", new.status),
            ));
        }
        if new.status == "completed" && new.evidence.trim().is_empty() && new.attachment.is_none() {
            return Err(StoreError::invalid(
                "evidence",
                "标记完成需提供佐证材料 / completing a task needs evidence",
            ));
        }
        let task = self.plan_task(new.task_id).await?;
        let scope = actor.scope()?;
        let plan: Plan = self.plan(&scope, task.plan_id).await?;
        if plan.status != "published" {
            return Err(StoreError::invalid(
                "task_id",
                "方案发布后才能更新任务 / publish the plan before updating tasks",
            ));
        }
        let region_id = actor.principal.region_id.ok_or(StoreError::Forbidden)?;
        let region = self.region(region_id).await?;
        let t = now();
        let (att_name, att_bytes) = match new.attachment.clone() {
            Some((n, b)) => (Some(n), Some(b)),
            None => (None, None),
        };
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO task_updates (task_id, region_id, status, evidence, attachment_name, attachment, created_by, \
                 created_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1) RETURNING id",
            )
            .bind(new.task_id)
            .bind(region_id)
            .bind(new.status.clone())
            .bind(new.evidence.trim().to_owned())
            .bind(att_name.clone())
            .bind(att_bytes)
            .bind(actor.principal.user_id)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE plan_tasks SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3")
                .bind(new.status.clone())
                .bind(t)
                .bind(new.task_id)
                .execute(&mut *tx)
                .await?;
            tx.audit(
                actor,
                Change::new(
                    "update",
                    "plan_task",
                    new.task_id,
                    Some(&region.path),
                    Some(json!({"status": task.status})),
                    Some(json!({"status": new.status, "evidence": new.evidence, "attachment": att_name, "task_update_id": id})),
                ),
            )
            .await?;
            Ok(id)
        })?;
        Ok(self
            .task_updates(new.task_id)
            .await?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or(StoreError::NotFound {
                entity: "task_update",
                id: id.to_string(),
            })?)
    }

    /// Updates of a task, newest first.
    pub async fn task_updates(&self, task_id: i64) -> Result<Vec<TaskUpdate>> {
        with_db!(self, |p| {
            Ok(sqlx::query_as::<_, TaskUpdate>(
            "SELECT tu.id, tu.task_id, tu.region_id, r.name AS region_name, tu.status, tu.evidence, tu.attachment_name, \
             tu.created_by, u.display_name AS created_by_name, tu.created_at FROM task_updates tu \
             JOIN regions r ON r.id = tu.region_id LEFT JOIN users u ON u.id = tu.created_by \
             WHERE tu.task_id = $1 ORDER BY tu.id DESC"
        )
        .bind(task_id)
        .fetch_all(p)
        .await?)
        })
    }
}
