//! Commissioners (科技特派员): the high-tech enterprises that need one, the
//! experts who can be one (available for clinic tours), the assignments in
//! force, applying an assignment plan in one audited transaction, and the
//! visit log with follow-ups.

use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};
use kechuang_registry::store::Enterprise;

/// A firm or an expert as the assignment needs it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Party {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub code: String,
    pub name: String,
    /// JSON array of industry-chain tags.
    pub chain_tags: String,
}

/// An assignment in force.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Assignment {
    pub id: i64,
    pub enterprise_id: i64,
    pub expert_id: i64,
    pub credit_code: String,
    pub enterprise_name: String,
    pub expert_name: String,
    pub started_on: String,
}

/// One visit.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Visit {
    pub id: i64,
    pub enterprise_id: i64,
    pub expert_id: Option<i64>,
    pub visited_on: String,
    pub summary: String,
    pub follow_up: String,
    pub follow_up_due: Option<String>,
    pub follow_up_done: bool,
    pub recorded_by: String,
    pub version: i64,
}

/// A visit to record.
#[derive(Debug, Clone, Default)]
pub struct NewVisit {
    pub expert_id: Option<i64>,
    pub visited_on: String,
    pub summary: String,
    pub follow_up: String,
    pub follow_up_due: Option<String>,
}

const ASSIGNMENTS: &str = "SELECT a.id, a.enterprise_id, a.expert_id, e.credit_code, e.name AS enterprise_name, \
     x.name AS expert_name, a.started_on FROM commissioner_assignments a \
     JOIN enterprises e ON e.id = a.enterprise_id JOIN regions r ON r.id = e.region_id \
     JOIN registry_records x ON x.id = a.expert_id";

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

#[easy_ext::ext(CommissionerStore)]
impl Db {
    /// Enterprises in `scope` holding a high-tech-enterprise certificate
    /// valid on `on` (ISO date), by id.
    pub async fn hte_firms(&self, scope: &Scope, on: &str) -> Result<Vec<Party>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT e.id, e.region_id, r.name AS region_name, e.credit_code AS code, e.name, e.chain_tags \
             FROM enterprises e JOIN regions r ON r.id = e.region_id \
             WHERE e.merged_into IS NULL AND r.path LIKE $1 AND EXISTS (SELECT 1 FROM certificates c \
             WHERE c.enterprise_id = e.id AND c.kind = 'high_tech_enterprise' AND c.issued_on <= $2 \
             AND c.expires_on >= $2) ORDER BY e.id"
        )
        .bind(scope.like_pattern())
        .bind(on.to_owned())
        .fetch_all(p)
        .await?))
    }

    /// Experts available for clinic tours, registered in `scope` or in a
    /// region above it (a provincial expert serves every city): the
    /// commissioners.
    pub async fn commissioner_pool(&self, scope: &Scope) -> Result<Vec<Party>> {
        let rows: Vec<(i64, i64, String, String, String, String, String)> = with_db!(self, |p| sqlx::query_as(
            "SELECT x.id, x.region_id, r.name, x.code, x.name, x.chain_tags, x.attrs FROM registry_records x \
             JOIN regions r ON r.id = x.region_id WHERE x.kind = 'expert' \
             AND (r.path LIKE $1 OR $2 LIKE r.path || '%') ORDER BY x.id"
        )
        .bind(scope.like_pattern())
        .bind(scope.as_str().to_owned())
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .filter(|r| {
                serde_json::from_str::<serde_json::Value>(&r.6)
                    .ok()
                    .and_then(|a| a.get("clinic_available").and_then(serde_json::Value::as_bool))
                    == Some(true)
            })
            .map(|(id, region_id, region_name, code, name, chain_tags, _)| Party {
                id,
                region_id,
                region_name,
                code,
                name,
                chain_tags,
            })
            .collect())
    }

    /// Assignments in force for firms in `scope`.
    pub async fn active_assignments(&self, scope: &Scope) -> Result<Vec<Assignment>> {
        let sql = format!("{ASSIGNMENTS} WHERE a.ended_on IS NULL AND r.path LIKE $1 ORDER BY e.name_norm, a.id");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(scope.like_pattern())
            .fetch_all(p)
            .await?))
    }

    /// The assignment in force of one firm.
    pub async fn commissioner_of(&self, enterprise_id: i64) -> Result<Option<Assignment>> {
        let sql = format!("{ASSIGNMENTS} WHERE a.ended_on IS NULL AND a.enterprise_id = $1");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(enterprise_id)
            .fetch_optional(p)
            .await?))
    }

    /// Ends `ends` (assignment id, reason) and starts `assign` (firm id,
    /// expert id) on `on`, in one transaction with an audit entry each. The
    /// database refuses a second assignment in force for a firm.
    pub async fn apply_commissioner_plan(
        &self,
        actor: &Actor,
        ends: &[(i64, &str)],
        assign: &[(i64, i64)],
        on: &str,
    ) -> Result<()> {
        let t = now();
        let by = actor.principal.username.clone();
        let scope = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
        with_tx!(self, |tx| {
            for (id, reason) in ends {
                let n = sqlx::query(
                    "UPDATE commissioner_assignments SET ended_on = $1, end_reason = $2, updated_at = $3, \
                     version = version + 1 WHERE id = $4 AND ended_on IS NULL",
                )
                .bind(on.to_owned())
                .bind(reason.to_string())
                .bind(t)
                .bind(*id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict {
                        entity: "commissioner_assignment",
                        current: 0,
                        submitted: *id,
                    });
                }
                tx.audit(
                    actor,
                    Change::update(
                        "commissioner_assignment",
                        id,
                        scope.as_deref(),
                        serde_json::json!({"ended_on": null}),
                        serde_json::json!({"ended_on": on, "end_reason": reason}),
                    ),
                )
                .await?;
            }
            for (firm, expert) in assign {
                sqlx::query(
                    "INSERT INTO commissioner_assignments (enterprise_id, expert_id, started_on, assigned_by, \
                     created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $5, 1)",
                )
                .bind(*firm)
                .bind(*expert)
                .bind(on.to_owned())
                .bind(by.clone())
                .bind(t)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    StoreError::on_unique(
                        e,
                        "enterprise_id",
                        "该企业已有科技特派员 / the firm already has a commissioner",
                    )
                })?;
                tx.audit(
                    actor,
                    Change::create(
                        "commissioner_assignment",
                        firm,
                        scope.as_deref(),
                        serde_json::json!({"enterprise_id": firm, "expert_id": expert, "started_on": on}),
                    ),
                )
                .await?;
            }
            Ok(())
        })
    }

    /// Records a visit to `enterprise` (audited).
    pub async fn add_visit(&self, actor: &Actor, enterprise: &Enterprise, v: &NewVisit) -> Result<i64> {
        let region = RegionPath::from_stored(enterprise.region_path.clone());
        if !actor.principal.covers(&region) {
            return Err(StoreError::Forbidden);
        }
        if !is_date(&v.visited_on) {
            return Err(StoreError::invalid(
                "visited_on",
                "请填写走访日期（如 2026-05-20）/ a date such as 2026-05-20",
            ));
        }
        if v.follow_up_due.as_deref().is_some_and(|d| !is_date(d)) {
            return Err(StoreError::invalid(
                "follow_up_due",
                "日期格式应为 2026-05-20 / a date such as 2026-05-20",
            ));
        }
        if v.summary.trim().is_empty() {
            return Err(StoreError::invalid("summary", "请填写走访情况 / describe the visit"));
        }
        let t = now();
        with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO commissioner_visits (enterprise_id, expert_id, visited_on, summary, follow_up, \
                 follow_up_due, follow_up_done, recorded_by, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $8, $8, 1) RETURNING id",
            )
            .bind(enterprise.id)
            .bind(v.expert_id)
            .bind(v.visited_on.clone())
            .bind(v.summary.trim().to_owned())
            .bind(v.follow_up.trim().to_owned())
            .bind(v.follow_up_due.clone())
            .bind(actor.principal.username.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "commissioner_visit",
                    id,
                    Some(region.as_str()),
                    serde_json::json!({"enterprise": enterprise.credit_code, "visited_on": v.visited_on,
                        "summary": v.summary, "follow_up": v.follow_up, "follow_up_due": v.follow_up_due}),
                ),
            )
            .await?;
            Ok(id)
        })
    }

    /// Visits of one firm, newest first.
    pub async fn visits_of(&self, enterprise_id: i64) -> Result<Vec<Visit>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT id, enterprise_id, expert_id, visited_on, summary, follow_up, follow_up_due, follow_up_done, \
             recorded_by, version FROM commissioner_visits WHERE enterprise_id = $1 ORDER BY visited_on DESC, id DESC"
        )
        .bind(enterprise_id)
        .fetch_all(p)
        .await?))
    }

    /// Marks a visit's follow-up done (audited).
    pub async fn complete_follow_up(&self, actor: &Actor, enterprise: &Enterprise, visit_id: i64) -> Result<()> {
        let region = RegionPath::from_stored(enterprise.region_path.clone());
        if !actor.principal.covers(&region) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE commissioner_visits SET follow_up_done = TRUE, updated_at = $1, version = version + 1 \
                 WHERE id = $2 AND enterprise_id = $3 AND NOT follow_up_done",
            )
            .bind(t)
            .bind(visit_id)
            .bind(enterprise.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound {
                    entity: "commissioner_visit",
                    id: visit_id.to_string(),
                });
            }
            tx.audit(
                actor,
                Change::update(
                    "commissioner_visit",
                    visit_id,
                    Some(region.as_str()),
                    serde_json::json!({"follow_up_done": false}),
                    serde_json::json!({"follow_up_done": true}),
                ),
            )
            .await?;
            Ok(())
        })
    }
}
