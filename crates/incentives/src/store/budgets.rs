//! Budgets: the money of a budget line for a year, held by the city (its
//! part) and by each county (its part). Approving an entitlement commits its
//! parts; paying it moves them to paid; clawing it back returns them. A
//! budget is never committed past its amount: the commitment is one
//! conditional `UPDATE` (`committed + x <= amount`), which both backends
//! apply atomically however many clerks approve at once, and a `CHECK`
//! guards the table.

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;

/// A budget with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BudgetRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub region_level: String,
    pub set_id: String,
    pub line: String,
    pub year: i64,
    pub amount_fen: i64,
    pub committed_fen: i64,
    pub paid_fen: i64,
    pub version: i64,
}

impl BudgetRow {
    /// Committed and not yet paid.
    pub fn reserved_fen(&self) -> i64 {
        self.committed_fen - self.paid_fen
    }

    /// Not committed.
    pub fn remaining_fen(&self) -> i64 {
        self.amount_fen - self.committed_fen
    }
}

const SELECT_BUDGET: &str = "SELECT b.id, b.region_id, r.name AS region_name, r.path AS region_path, \
     r.level AS region_level, b.set_id, b.line, b.year, b.amount_fen, b.committed_fen, b.paid_fen, b.version \
     FROM incentive_budgets b JOIN regions r ON r.id = b.region_id";

/// Commits `parts` ((region id, fen) pairs) of entitlement `$id` against the
/// budgets of `$set`/`$line`/`$year`, inside transaction `$tx`; returns from
/// the enclosing body with an error naming the region when a budget is
/// missing or short.
macro_rules! commit_budgets {
    ($tx:ident, $id:expr, $set:expr, $line:expr, $year:expr, $parts:expr, $t:expr) => {{
        for &(region_id, fen) in $parts.iter() {
            if fen <= 0 {
                continue;
            }
            let budget: Option<(i64, i64, i64, String)> = sqlx::query_as(
                "SELECT b.id, b.amount_fen, b.committed_fen, r.name FROM incentive_budgets b \
                 JOIN regions r ON r.id = b.region_id \
                 WHERE b.region_id = $1 AND b.set_id = $2 AND b.line = $3 AND b.year = $4",
            )
            .bind(region_id)
            .bind($set)
            .bind($line)
            .bind($year)
            .fetch_optional(&mut *$tx)
            .await?;
            let Some((budget_id, _, _, region_name)) = budget else {
                return Err(kechuang_kernel::StoreError::invalid(
                    "budget",
                    format!("未安排{}年“{}”预算（地区编号 {}） / no {} budget for line {}", $year, $line, region_id, $year, $line),
                ));
            };
            let n = sqlx::query(
                "UPDATE incentive_budgets SET committed_fen = committed_fen + $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND committed_fen + $1 <= amount_fen",
            )
            .bind(fen)
            .bind($t)
            .bind(budget_id)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if n != 1 {
                let (amount, committed): (i64, i64) =
                    sqlx::query_as("SELECT amount_fen, committed_fen FROM incentive_budgets WHERE id = $1")
                        .bind(budget_id)
                        .fetch_one(&mut *$tx)
                        .await?;
                return Err(kechuang_kernel::StoreError::invalid(
                    "budget",
                    format!(
                        "{region_name}{}年“{}”预算余额{}，不足{} / the budget has {} left, {} is needed",
                        $year,
                        $line,
                        $crate::rules::money::show(amount - committed),
                        $crate::rules::money::show(fen),
                        $crate::rules::money::show(amount - committed),
                        $crate::rules::money::show(fen)
                    ),
                ));
            }
            sqlx::query("INSERT INTO incentive_commitments (entitlement_id, budget_id, amount_fen) VALUES ($1, $2, $3)")
                .bind($id)
                .bind(budget_id)
                .bind(fen)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use commit_budgets;

/// Moves entitlement `$id`'s commitments to paid (`$sign` = 1) or returns
/// them (`$sign` = -1 after a claw-back: paid and committed both fall).
macro_rules! settle_commitments {
    ($tx:ident, $id:expr, $t:expr, paid) => {{
        sqlx::query(
            "UPDATE incentive_budgets SET paid_fen = paid_fen + (SELECT c.amount_fen FROM incentive_commitments c \
             WHERE c.budget_id = incentive_budgets.id AND c.entitlement_id = $1), updated_at = $2, version = version + 1 \
             WHERE id IN (SELECT budget_id FROM incentive_commitments WHERE entitlement_id = $1)",
        )
        .bind($id)
        .bind($t)
        .execute(&mut *$tx)
        .await?;
    }};
    ($tx:ident, $id:expr, $t:expr, returned) => {{
        sqlx::query(
            "UPDATE incentive_budgets SET paid_fen = paid_fen - (SELECT c.amount_fen FROM incentive_commitments c \
             WHERE c.budget_id = incentive_budgets.id AND c.entitlement_id = $1), committed_fen = committed_fen - \
             (SELECT c.amount_fen FROM incentive_commitments c WHERE c.budget_id = incentive_budgets.id AND \
             c.entitlement_id = $1), updated_at = $2, version = version + 1 \
             WHERE id IN (SELECT budget_id FROM incentive_commitments WHERE entitlement_id = $1)",
        )
        .bind($id)
        .bind($t)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use settle_commitments;

/// What a budget is set to.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetInput {
    pub region_id: i64,
    pub set_id: String,
    pub line: String,
    pub year: i64,
    pub amount_fen: i64,
}

#[easy_ext::ext(BudgetStore)]
impl Db {
    /// Sets a budget (creating it or changing its amount); an amount below
    /// what is committed already is refused.
    pub async fn set_budget(&self, actor: &Actor, b: &BudgetInput) -> Result<i64> {
        if b.amount_fen < 0 {
            return Err(StoreError::invalid("amount", "预算不能为负 / a budget is not negative"));
        }
        if !(2000..=2100).contains(&b.year) {
            return Err(StoreError::invalid(
                "year",
                "年度应在2000到2100之间 / a year from 2000 to 2100",
            ));
        }
        let region = self.region(b.region_id).await?;
        if !matches!(region.level.as_str(), "city" | "county") {
            return Err(StoreError::invalid(
                "region_id",
                "预算由市或县安排 / a city or a county holds a budget",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let before: Option<(i64, i64, i64)> = sqlx::query_as(
                "SELECT id, amount_fen, committed_fen FROM incentive_budgets \
                 WHERE region_id = $1 AND set_id = $2 AND line = $3 AND year = $4",
            )
            .bind(b.region_id)
            .bind(&b.set_id)
            .bind(&b.line)
            .bind(b.year)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match before {
                Some((id, amount, committed)) => {
                    if b.amount_fen < committed {
                        return Err(StoreError::invalid(
                            "amount",
                            format!(
                                "已核准{}，预算不能低于此数 / {} is committed already",
                                crate::rules::money::show(committed),
                                crate::rules::money::show(committed)
                            ),
                        ));
                    }
                    sqlx::query(
                        "UPDATE incentive_budgets SET amount_fen = $1, updated_at = $2, version = version + 1 \
                         WHERE id = $3 AND committed_fen <= $1",
                    )
                    .bind(b.amount_fen)
                    .bind(t)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    tx.audit(
                        actor,
                        Change::update(
                            "incentive_budget",
                            id,
                            Some(&region.path),
                            json!({"amount_fen": amount}),
                            kechuang_kernel::audit::snapshot(b)?,
                        ),
                    )
                    .await?;
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO incentive_budgets (region_id, set_id, line, year, amount_fen, committed_fen, paid_fen, \
                         created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, 0, 0, $6, $7, $7, 1) \
                         RETURNING id",
                    )
                    .bind(b.region_id)
                    .bind(&b.set_id)
                    .bind(&b.line)
                    .bind(b.year)
                    .bind(b.amount_fen)
                    .bind(&actor.principal.username)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?;
                    tx.audit(
                        actor,
                        Change::create(
                            "incentive_budget",
                            id,
                            Some(&region.path),
                            kechuang_kernel::audit::snapshot(b)?,
                        ),
                    )
                    .await?;
                    id
                }
            };
            Ok(id)
        })
    }

    /// The budgets of the scope (the regions at or below it, and the city
    /// above a county: a county sees the city's part it draws on too), by
    /// year, line and region.
    pub async fn budgets(&self, scope: &Scope, year: Option<i64>) -> Result<Vec<BudgetRow>> {
        let by_year = if year.is_some() { " AND b.year = $3" } else { "" };
        let sql = format!(
            "{SELECT_BUDGET} WHERE (r.path LIKE $1 OR $2 LIKE r.path || '%'){by_year} \
             ORDER BY b.year DESC, b.set_id, b.line, r.path"
        );
        let pattern = format!("{}%", scope.as_str());
        Ok(with_db!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(pattern.clone())
                .bind(scope.as_str().to_owned());
            if let Some(y) = year {
                q = q.bind(y);
            }
            q.fetch_all(p).await?
        }))
    }

    pub async fn budget(&self, id: i64) -> Result<BudgetRow> {
        let sql = format!("{SELECT_BUDGET} WHERE b.id = $1");
        let row: Option<BudgetRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "incentive_budget",
            id: id.to_string(),
        })
    }
}
