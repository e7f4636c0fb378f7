//! Plans and supervision storage: plans parsed from policy documents with
//! their targets, tasks and incentives (corrected by staff before
//! publishing), progress reports per region, task updates, and county
//! assessments.
//!
//! Indicator values are stored as fixed-point integers scaled by 10,000
//! (`*_e4`), money as integer fen.

pub mod assessments;
pub mod backup;
pub mod items;
pub mod progress;

/// The plans' storage traits.
pub mod prelude {
    pub use super::PlanStore;
    pub use super::assessments::AssessmentStore;
    pub use super::items::{IncentiveStore, TargetStore, TaskStore};
    pub use super::progress::ProgressStore;

    pub(crate) use super::PlanStoreCrate;
}

pub use assessments::{Assessment, AssessmentFields};
pub use items::{Incentive, IncentiveFields, Target, TargetFields, Task, TaskFields};
pub use progress::{NewProgressReport, NewTaskUpdate, ProgressReport, TaskUpdate};

use chrono::{DateTime, Utc};
use items::{InsertIncentive, InsertTarget, InsertTask};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::Serialize;
use serde_json::json;

/// Converts an indicator value to its stored fixed-point form.
pub fn to_e4(v: f64) -> Option<i64> {
    let scaled = (v * 10_000.0).round();
    (scaled.is_finite() && scaled.abs() < 9.0e17).then_some(scaled as i64)
}

/// Converts a stored fixed-point value back.
pub fn from_e4(v: i64) -> f64 {
    v as f64 / 10_000.0
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq, utoipa::ToSchema)]
pub struct Plan {
    pub id: i64,
    pub region_id: i64,
    pub region_path: String,
    pub region_name: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
    /// `draft` or `published`.
    pub status: String,
    pub source_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl Plan {
    pub fn path(&self) -> RegionPath {
        RegionPath::from_stored(self.region_path.clone())
    }

    fn audit_value(&self) -> serde_json::Value {
        json!({"title": self.title, "doc_number": self.doc_number, "issuer": self.issuer, "issued_on": self.issued_on,
               "period_start": self.period_start, "period_end": self.period_end, "status": self.status,
               "region_id": self.region_id, "version": self.version})
    }
}

/// The header fields of a plan.
#[derive(Debug, Clone, Default)]
pub struct PlanFields {
    pub title: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub period_start: Option<i64>,
    pub period_end: Option<i64>,
}

/// A plan to create from a parsed document.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub region_id: i64,
    pub fields: PlanFields,
    pub source_name: String,
    pub source_text: String,
    pub parsed_json: String,
    pub targets: Vec<TargetFields>,
    pub tasks: Vec<TaskFields>,
    pub incentives: Vec<IncentiveFields>,
}

const PLAN_SELECT: &str = "SELECT p.id, p.region_id, r.path AS region_path, r.name AS region_name, p.title, p.doc_number, \
     p.issuer, p.issued_on, p.period_start, p.period_end, p.status, p.source_name, p.created_at, p.updated_at, \
     p.published_at, p.version FROM plans p JOIN regions r ON r.id = p.region_id";

/// The scope the actor works in; the system actor (no account, no scope)
/// sees everything, an account without a region nothing.

/// Whether `scope` may see a plan of `plan_path`: plans of the scope's own
/// region, of regions above it (a county sees its city's plan) and below it.
pub fn plan_visible(scope: &Scope, plan_path: &RegionPath) -> bool {
    scope.is_within(plan_path) || plan_path.is_within(scope)
}

fn check_fields(f: &PlanFields) -> Result<()> {
    if f.title.trim().is_empty() {
        return Err(StoreError::invalid(
            "title",
            "方案标题不能为空 / the title must not be empty",
        ));
    }
    if let (Some(a), Some(b)) = (f.period_start, f.period_end)
        && a > b
    {
        return Err(StoreError::invalid(
            "period_end",
            "实施期末年不能早于起始年 / the period must not end before it starts",
        ));
    }
    if let Some(d) = &f.issued_on
        && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(StoreError::invalid(
            "issued_on",
            "发文日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD",
        ));
    }
    Ok(())
}

#[easy_ext::ext(PlanStore)]
impl Db {
    /// Plans visible to `scope`, newest first.
    pub async fn plans(&self, scope: &Scope) -> Result<Vec<Plan>> {
        let sql = format!("{PLAN_SELECT} ORDER BY p.id DESC");
        let all: Vec<Plan> = with_db!(self, |p| sqlx::query_as::<_, Plan>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?);
        Ok(all.into_iter().filter(|p| plan_visible(scope, &p.path())).collect())
    }

    /// One plan, if `scope` may see it.
    pub async fn plan(&self, scope: &Scope, id: i64) -> Result<Plan> {
        let sql = format!("{PLAN_SELECT} WHERE p.id = $1");
        let plan = with_db!(self, |p| sqlx::query_as::<_, Plan>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?)
        .ok_or(StoreError::NotFound {
            entity: "plan",
            id: id.to_string(),
        })?;
        if !plan_visible(scope, &plan.path()) {
            return Err(StoreError::Forbidden);
        }
        Ok(plan)
    }

    /// The original text and the parser's output kept with a plan.
    pub async fn plan_source(&self, id: i64) -> Result<(String, String)> {
        with_db!(self, |p| sqlx::query_as::<_, (String, String)>(
            "SELECT source_text, parsed_json FROM plans WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "plan",
            id: id.to_string()
        }))
    }

    /// Stores a parsed document as a draft plan with all its items, in one
    /// transaction.
    pub async fn create_plan(&self, actor: &Actor, new: NewPlan) -> Result<Plan> {
        check_fields(&new.fields)?;
        let region = self.region(new.region_id).await?;
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        for (i, t) in new.targets.iter().enumerate() {
            t.check().map_err(|e| prefix_row(e, "targets", i))?;
        }
        for (i, t) in new.tasks.iter().enumerate() {
            t.check().map_err(|e| prefix_row(e, "tasks", i))?;
        }
        let t = now();
        let f = &new.fields;
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (region_id, title, doc_number, issuer, issued_on, period_start, period_end, status, \
                 source_name, source_text, parsed_json, created_at, updated_at, version) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,'draft',$8,$9,$10,$11,$11,1) RETURNING id",
            )
            .bind(new.region_id)
            .bind(f.title.trim().to_owned())
            .bind(f.doc_number.clone())
            .bind(f.issuer.clone())
            .bind(f.issued_on.clone())
            .bind(f.period_start)
            .bind(f.period_end)
            .bind(new.source_name.clone())
            .bind(new.source_text.clone())
            .bind(new.parsed_json.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            for (i, item) in new.targets.iter().enumerate() {
                InsertTarget::insert_item(&mut tx, id, i as i64 + 1, item, t).await?;
            }
            for (i, item) in new.tasks.iter().enumerate() {
                InsertTask::insert_item(&mut tx, id, i as i64 + 1, item, t).await?;
            }
            for (i, item) in new.incentives.iter().enumerate() {
                InsertIncentive::insert_item(&mut tx, id, i as i64 + 1, item, t).await?;
            }
            let after = json!({"title": f.title, "doc_number": f.doc_number, "source_name": new.source_name,
                               "targets": new.targets.len(), "tasks": new.tasks.len(), "incentives": new.incentives.len()});
            tx.audit(actor, Change::create("plan", id, Some(&region.path), after))
                .await?;
            Ok(id)
        })?;
        self.plan(&actor.scope()?, id).await
    }

    /// Changes the header of a plan at `version`.
    pub async fn update_plan(&self, actor: &Actor, id: i64, version: i64, f: PlanFields) -> Result<Plan> {
        check_fields(&f)?;
        let before = self.plan_for_change(actor, id).await?;
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: "plan",
                current: before.version,
                submitted: version,
            });
        }
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE plans SET title = $1, doc_number = $2, issuer = $3, issued_on = $4, period_start = $5, \
                 period_end = $6, updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9",
            )
            .bind(f.title.trim().to_owned())
            .bind(f.doc_number.clone())
            .bind(f.issuer.clone())
            .bind(f.issued_on.clone())
            .bind(f.period_start)
            .bind(f.period_end)
            .bind(now())
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "plan",
                    current: version + 1,
                    submitted: version,
                });
            }
            let after = Plan {
                title: f.title.trim().to_owned(),
                doc_number: f.doc_number.clone(),
                issuer: f.issuer.clone(),
                issued_on: f.issued_on.clone(),
                period_start: f.period_start,
                period_end: f.period_end,
                version: version + 1,
                ..before.clone()
            };
            tx.audit(
                actor,
                Change::update(
                    "plan",
                    id,
                    Some(&before.region_path),
                    before.audit_value(),
                    after.audit_value(),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.plan_for_change(actor, id).await
    }

    /// Publishes a draft plan: from now on it drives the supervision board.
    pub async fn publish_plan(&self, actor: &Actor, id: i64, version: i64) -> Result<Plan> {
        let before = self.plan_for_change(actor, id).await?;
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: "plan",
                current: before.version,
                submitted: version,
            });
        }
        if before.status == "published" {
            return Err(StoreError::invalid(
                "status",
                "方案已发布 / the plan is already published",
            ));
        }
        with_tx!(self, |tx| {
            let t = now();
            let n = sqlx::query(
                "UPDATE plans SET status = 'published', published_at = $1, updated_at = $1, version = version + 1 \
                 WHERE id = $2 AND version = $3",
            )
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "plan",
                    current: version + 1,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::new(
                    "publish",
                    "plan",
                    id,
                    Some(&before.region_path),
                    Some(json!({"status": "draft"})),
                    Some(json!({"status": "published"})),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.plan_for_change(actor, id).await
    }
}

#[easy_ext::ext(PlanStoreCrate)]
impl Db {
    /// A plan the actor may change (in its scope, not above it).
    pub(crate) async fn plan_for_change(&self, actor: &Actor, id: i64) -> Result<Plan> {
        let plan = self.plan(&actor.scope()?, id).await?;
        if !actor.principal.covers(&plan.path()) {
            return Err(StoreError::Forbidden);
        }
        Ok(plan)
    }
}
/// Names the row of a list an item error belongs to (`targets[3].unit`).
fn prefix_row(e: StoreError, list: &str, i: usize) -> StoreError {
    match e {
        StoreError::Invalid { field, message } => StoreError::Invalid {
            field,
            message: format!("{list}[{}].{field}: {message}", i + 1),
        },
        other => other,
    }
}
