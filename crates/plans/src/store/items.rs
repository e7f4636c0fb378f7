//! The items of a plan (targets, tasks, incentives): listing, adding,
//! correcting and removing them, each change versioned and audited.
//!
//! The three item kinds share one shape, so [`plan_items!`] generates their
//! storage functions from the list of editable columns; each `*Fields`
//! struct names its fields exactly like the columns.

use super::Plan;
use crate::store::prelude::*;
use chrono::{DateTime, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::{Deserialize, Serialize};

/// Target kinds the supervision rules understand.
pub const TARGET_KINDS: &[&str] = &["level", "annual_increase", "increase", "growth_rate", "share"];
/// Task states.
pub const TASK_STATUSES: &[&str] = &["not_started", "in_progress", "completed"];

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TargetFields {
    pub indicator: String,
    pub kind: String,
    /// `up` (the value must rise) or `down`.
    pub direction: String,
    pub baseline_e4: Option<i64>,
    pub target_e4: i64,
    pub unit: String,
    pub target_year: Option<i64>,
    pub section: String,
    pub source_text: String,
    /// Key of the computed figure the target is bound to (see
    /// `kechuang_shell::Metric`), empty for reported targets.
    #[serde(default)]
    pub metric: String,
}

impl TargetFields {
    pub fn check(&self) -> Result<()> {
        if self.indicator.trim().is_empty() {
            return Err(StoreError::invalid(
                "indicator",
                "指标名称不能为空 / indicator must not be empty",
            ));
        }
        if !TARGET_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid(
                "kind",
                format!("指标类型无效 / unknown kind {:?}", self.kind),
            ));
        }
        if self.direction != "up" && self.direction != "down" {
            return Err(StoreError::invalid(
                "direction",
                "方向须为 up 或 down / direction must be up or down",
            ));
        }
        if let Some(y) = self.target_year
            && !(1990..=2100).contains(&y)
        {
            return Err(StoreError::invalid(
                "target_year",
                format!("目标年份无效 / implausible target year {y}"),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TaskFields {
    pub numbering: String,
    pub title: String,
    pub body: String,
    /// JSON array of unit names.
    pub lead_units: String,
    /// JSON array of unit names.
    pub responsible_units: String,
    /// `task` or `safeguard`.
    pub category: String,
    pub due_on: Option<String>,
    pub status: String,
}

impl TaskFields {
    pub fn check(&self) -> Result<()> {
        if self.title.trim().is_empty() {
            return Err(StoreError::invalid(
                "title",
                "任务名称不能为空 / task title must not be empty",
            ));
        }
        for (field, v) in [
            ("lead_units", &self.lead_units),
            ("responsible_units", &self.responsible_units),
        ] {
            if serde_json::from_str::<Vec<String>>(v).is_err() {
                return Err(StoreError::invalid(
                    field,
                    "单位列表格式错误 / unit list must be a JSON array of names",
                ));
            }
        }
        if !TASK_STATUSES.contains(&self.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("任务状态无效 / unknown status {:?}", self.status),
            ));
        }
        if let Some(d) = &self.due_on
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
        {
            return Err(StoreError::invalid(
                "due_on",
                "完成时限格式应为 YYYY-MM-DD / due date must be YYYY-MM-DD",
            ));
        }
        Ok(())
    }

    pub fn lead_unit_list(&self) -> Vec<String> {
        serde_json::from_str(&self.lead_units).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct IncentiveFields {
    pub beneficiary: String,
    pub amount_fen: Option<i64>,
    pub cap_fen: Option<i64>,
    pub rate_e4: Option<i64>,
    pub cost_share: String,
    pub source_text: String,
}

impl IncentiveFields {
    pub fn check(&self) -> Result<()> {
        for (field, v) in [("amount_fen", self.amount_fen), ("cap_fen", self.cap_fen)] {
            if v.is_some_and(|v| v < 0) {
                return Err(StoreError::invalid(
                    field,
                    "金额不能为负 / amounts must not be negative",
                ));
            }
        }
        Ok(())
    }
}

/// Generates the row type, the insert used when a plan is created, and the
/// list / get / add / update / delete functions of one item kind.
macro_rules! plan_items {
    ($row:ident, $fields:ident, $table:literal, $entity:literal, [$($col:ident : $ty:ty),* $(,)?],
     $insert:ident, $store:ident, $list:ident, $get:ident, $add:ident, $update:ident, $delete:ident) => {
        #[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
        #[derive(utoipa::ToSchema)]
        pub struct $row {
            pub id: i64,
            pub plan_id: i64,
            pub seq: i64,
            $(pub $col: $ty,)*
            pub created_at: DateTime<Utc>,
            pub updated_at: DateTime<Utc>,
            pub version: i64,
        }

        impl $row {
            pub fn fields(&self) -> $fields {
                $fields { $($col: self.$col.clone(),)* }
            }
        }

        fn cols() -> Vec<&'static str> {
            vec![$(stringify!($col)),*]
        }

        /// Inserts a new item inside an open transaction.
        pub(crate) trait $insert {
            async fn insert_item(&mut self, plan_id: i64, seq: i64, f: &$fields, t: DateTime<Utc>) -> Result<i64>;
        }

        impl $insert for sqlx::Transaction<'_, sqlx::Sqlite> {
            async fn insert_item(&mut self, plan_id: i64, seq: i64, f: &$fields, t: DateTime<Utc>) -> Result<i64> {
                let q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(insert_sql())).bind(plan_id).bind(seq);
                $(let q = q.bind(f.$col.clone());)*
                Ok(q.bind(t).fetch_one(&mut **self).await?)
            }
        }

        impl $insert for sqlx::Transaction<'_, sqlx::Postgres> {
            async fn insert_item(&mut self, plan_id: i64, seq: i64, f: &$fields, t: DateTime<Utc>) -> Result<i64> {
                let q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(insert_sql())).bind(plan_id).bind(seq);
                $(let q = q.bind(f.$col.clone());)*
                Ok(q.bind(t).fetch_one(&mut **self).await?)
            }
        }

        fn insert_sql() -> String {
            let c = cols();
            let marks: Vec<String> = (3..c.len() + 3).map(|i| format!("${i}")).collect();
            let n = c.len() + 3;
            format!(
                "INSERT INTO {} (plan_id, seq, {}, created_at, updated_at, version) VALUES ($1, $2, {}, ${n}, ${n}, 1) RETURNING id",
                $table, c.join(", "), marks.join(", ")
            )
        }

        #[easy_ext::ext($store)]
        impl Db {
            pub async fn $list(&self, plan_id: i64) -> Result<Vec<$row>> {
                let sql = format!("SELECT id, plan_id, seq, {}, created_at, updated_at, version FROM {} WHERE plan_id = $1 ORDER BY seq, id", cols().join(", "), $table);
                with_db!(self, |p| Ok(sqlx::query_as::<_, $row>(sqlx::AssertSqlSafe(sql)).bind(plan_id).fetch_all(p).await?))
            }

            pub async fn $get(&self, id: i64) -> Result<$row> {
                let sql = format!("SELECT id, plan_id, seq, {}, created_at, updated_at, version FROM {} WHERE id = $1", cols().join(", "), $table);
                with_db!(self, |p| sqlx::query_as::<_, $row>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(p)
                    .await?
                    .ok_or(StoreError::NotFound { entity: $entity, id: id.to_string() }))
            }

            /// Adds an item at the end of the plan.
            pub async fn $add(&self, actor: &Actor, plan_id: i64, f: $fields) -> Result<$row> {
                f.check()?;
                let plan: Plan = self.plan_for_change(actor, plan_id).await?;
                let seq_sql = format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {} WHERE plan_id = $1", $table);
                let id = with_tx!(self, |tx| {
                    let seq: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(seq_sql)).bind(plan_id).fetch_one(&mut *tx).await?;
                    let id = $insert::insert_item(&mut tx, plan_id, seq, &f, now()).await?;
                    tx.audit(actor, Change::create($entity, id, Some(&plan.region_path), kechuang_kernel::audit::snapshot(&f)?)).await?;
                    Ok(id)
                })?;
                self.$get(id).await
            }

            /// Corrects an item still at `version`.
            pub async fn $update(&self, actor: &Actor, id: i64, version: i64, f: $fields) -> Result<$row> {
                f.check()?;
                let before = self.$get(id).await?;
                let plan: Plan = self.plan_for_change(actor, before.plan_id).await?;
                if before.version != version {
                    return Err(StoreError::Conflict { entity: $entity, current: before.version, submitted: version });
                }
                let c = cols();
                let sets: Vec<String> = c.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
                let n = c.len();
                let sql = format!(
                    "UPDATE {} SET {}, updated_at = ${}, version = version + 1 WHERE id = ${} AND version = ${}",
                    $table, sets.join(", "), n + 1, n + 2, n + 3
                );
                with_tx!(self, |tx| {
                    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    $(let q = q.bind(f.$col.clone());)*
                    let done = q.bind(now()).bind(id).bind(version).execute(&mut *tx).await?.rows_affected();
                    if done == 0 {
                        return Err(StoreError::Conflict { entity: $entity, current: version + 1, submitted: version });
                    }
                    let before_v = kechuang_kernel::audit::snapshot(before.fields())?;
                    let after_v = kechuang_kernel::audit::snapshot(&f)?;
                    tx.audit(actor, Change::update($entity, id, Some(&plan.region_path), before_v, after_v)).await?;
                    Ok(())
                })?;
                self.$get(id).await
            }

            /// Removes an item still at `version`.
            pub async fn $delete(&self, actor: &Actor, id: i64, version: i64) -> Result<()> {
                let before = self.$get(id).await?;
                let plan: Plan = self.plan_for_change(actor, before.plan_id).await?;
                if before.version != version {
                    return Err(StoreError::Conflict { entity: $entity, current: before.version, submitted: version });
                }
                let sql = format!("DELETE FROM {} WHERE id = $1 AND version = $2", $table);
                with_tx!(self, |tx| {
                    let done = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(version).execute(&mut *tx).await?.rows_affected();
                    if done == 0 {
                        return Err(StoreError::Conflict { entity: $entity, current: version + 1, submitted: version });
                    }
                    tx.audit(actor, Change::delete($entity, id, Some(&plan.region_path), kechuang_kernel::audit::snapshot(before.fields())?)).await?;
                    Ok(())
                })
            }
        }
    };
}

mod target_items {
    use super::*;
    plan_items!(Target, TargetFields, "plan_targets", "plan_target",
        [indicator: String, kind: String, direction: String, baseline_e4: Option<i64>, target_e4: i64, unit: String,
         target_year: Option<i64>, section: String, source_text: String, metric: String],
        InsertTarget, TargetStore, plan_targets, plan_target, add_target, update_target, delete_target);
}
mod task_items {
    use super::*;
    plan_items!(Task, TaskFields, "plan_tasks", "plan_task",
        [numbering: String, title: String, body: String, lead_units: String, responsible_units: String,
         category: String, due_on: Option<String>, status: String],
        InsertTask, TaskStore, plan_tasks, plan_task, add_task, update_task, delete_task);
}
mod incentive_items {
    use super::*;
    plan_items!(Incentive, IncentiveFields, "plan_incentives", "plan_incentive",
        [beneficiary: String, amount_fen: Option<i64>, cap_fen: Option<i64>, rate_e4: Option<i64>, cost_share: String,
         source_text: String],
        InsertIncentive, IncentiveStore, plan_incentives, plan_incentive, add_incentive, update_incentive, delete_incentive);
}

pub(crate) use incentive_items::InsertIncentive;
pub use incentive_items::{Incentive, IncentiveStore};
pub(crate) use target_items::InsertTarget;
pub use target_items::{Target, TargetStore};
pub(crate) use task_items::InsertTask;
pub use task_items::{Task, TaskStore};
