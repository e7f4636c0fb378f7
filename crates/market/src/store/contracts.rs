//! Technology contracts (技术合同登记): registration in one audited,
//! all-or-nothing batch with anomaly flags computed against the database
//! (a contract number registered before, the local party's revenue of the
//! year before signing), the staff's review of flags, lists, and the rows
//! turnover statistics add up.

use std::collections::HashSet;

use crate::contract::{Contract, Flag, FlagContext, StatRow, flags};
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A registered contract with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ContractRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub buyer_name: String,
    pub buyer_code: String,
    pub buyer_area: String,
    pub seller_name: String,
    pub seller_code: String,
    pub seller_area: String,
    pub amount_fen: i64,
    pub tech_amount_fen: i64,
    pub signed_on: String,
    pub achievement_id: Option<i64>,
    pub demand_id: Option<i64>,
    pub challenge_id: Option<i64>,
    /// JSON array of flag codes.
    pub flags: String,
    /// `''` (nothing to review), `pending`, `cleared` or `confirmed`.
    pub review: String,
    pub review_note: String,
    pub created_by: String,
    pub version: i64,
}

/// What a contract list shows.
#[derive(Debug, Clone, Default)]
pub struct ContractQuery {
    pub scope_like: String,
    pub year: Option<i32>,
    pub kind: String,
    /// Only registrations whose flags await review.
    pub pending_only: bool,
    /// Only contracts that came out of this challenge.
    pub challenge_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

const SELECT: &str = "SELECT c.id, c.region_id, r.name AS region_name, r.path AS region_path, c.number, c.kind, \
     c.title, c.buyer_name, c.buyer_code, c.buyer_area, c.seller_name, c.seller_code, c.seller_area, c.amount_fen, \
     c.tech_amount_fen, c.signed_on, c.achievement_id, c.demand_id, c.challenge_id, c.flags, c.review, c.review_note, c.created_by, \
     c.version FROM tech_contracts c JOIN regions r ON r.id = c.region_id";

/// The WHERE clause of a contract query; binds $1 scope, $2 year pattern,
/// $3 kind (each used or compared with itself, so the binds stay the same).
fn contract_where(q: &ContractQuery) -> String {
    let mut sql = String::from("WHERE r.path LIKE $1");
    sql.push_str(if q.year.is_some() {
        " AND c.signed_on LIKE $2"
    } else {
        " AND $2 = $2"
    });
    sql.push_str(if q.kind.is_empty() {
        " AND $3 = $3"
    } else {
        " AND c.kind = $3"
    });
    if q.pending_only {
        sql.push_str(" AND c.review = 'pending'");
    }
    if let Some(id) = q.challenge_id {
        sql.push_str(&format!(" AND c.challenge_id = {id}"));
    }
    sql
}

fn flag_json(f: &[Flag]) -> String {
    serde_json::to_string(&f.iter().map(|f| f.as_str()).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

#[easy_ext::ext(ContractStore)]
impl Db {
    /// Registers contracts (region, contract) in one transaction with their
    /// flags; an earlier registration with a number used again is flagged
    /// too. Returns the new ids.
    pub async fn register_contracts(&self, actor: &Actor, rows: &[(i64, Contract)]) -> Result<Vec<i64>> {
        let mut contexts = Vec::with_capacity(rows.len());
        let mut numbers: HashSet<&str> = HashSet::new();
        let mut repeated: HashSet<String> = HashSet::new();
        for (_, c) in rows {
            if !numbers.insert(c.number.as_str()) {
                repeated.insert(c.number.clone());
            }
        }
        for (_, c) in rows {
            let year: i32 = c.signed_on.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            let local_code = if c.buyer_area == "local" {
                &c.buyer_code
            } else {
                &c.seller_code
            };
            let (taken,): (i64,) = with_db!(self, |p| sqlx::query_as(
                "SELECT COUNT(*) FROM tech_contracts WHERE number = $1"
            )
            .bind(c.number.clone())
            .fetch_one(p)
            .await?);
            contexts.push(FlagContext {
                party_revenue_fen: self.revenue_of(local_code, year - 1).await?,
                number_taken: taken > 0 || repeated.contains(&c.number),
            });
        }
        let paths = self.region_paths(rows.iter().map(|r| r.0)).await?;
        let t = now();
        let by = actor.principal.username.clone();
        with_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for ((region_id, c), ctx) in rows.iter().zip(&contexts) {
                let f = flags(c, ctx);
                let review = if f.is_empty() { "" } else { "pending" };
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO tech_contracts (region_id, number, kind, title, buyer_name, buyer_code, buyer_area, \
                     seller_name, seller_code, seller_area, amount_fen, tech_amount_fen, signed_on, achievement_id, \
                     demand_id, challenge_id, flags, review, created_by, created_at, updated_at, version) VALUES ($1, $2, \
                     $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, 1) \
                     RETURNING id",
                )
                .bind(*region_id)
                .bind(c.number.clone())
                .bind(c.kind.clone())
                .bind(c.title.clone())
                .bind(c.buyer_name.clone())
                .bind(c.buyer_code.clone())
                .bind(c.buyer_area.clone())
                .bind(c.seller_name.clone())
                .bind(c.seller_code.clone())
                .bind(c.seller_area.clone())
                .bind(c.amount_fen)
                .bind(c.tech_amount_fen)
                .bind(c.signed_on.clone())
                .bind(c.achievement_id)
                .bind(c.demand_id)
                .bind(c.challenge_id)
                .bind(flag_json(&f))
                .bind(review.to_owned())
                .bind(by.clone())
                .bind(t)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::invalid(
                        "achievement_id",
                        "关联的成果、需求或榜单不存在 / the linked achievement, demand or challenge does not exist",
                    ),
                    _ => StoreError::Database(e),
                })?;
                if f.contains(&Flag::DuplicateNumber) {
                    // the earlier registrations with this number need a look too
                    sqlx::query(
                        "UPDATE tech_contracts SET flags = CASE WHEN flags LIKE '%duplicate_number%' THEN flags \
                         WHEN flags = '[]' THEN '[\"duplicate_number\"]' \
                         ELSE REPLACE(flags, ']', ',\"duplicate_number\"]') END, \
                         review = CASE WHEN review = 'cleared' THEN review ELSE 'pending' END, updated_at = $1, \
                         version = version + 1 WHERE number = $2 AND id <> $3 AND flags NOT LIKE '%duplicate_number%'",
                    )
                    .bind(t)
                    .bind(c.number.clone())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                let mut after = kechuang_kernel::audit::snapshot(c)?;
                after["flags"] = serde_json::json!(f.iter().map(|f| f.as_str()).collect::<Vec<_>>());
                tx.audit(
                    actor,
                    Change::create("tech_contract", id, paths.get(region_id).map(String::as_str), after),
                )
                .await?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    pub async fn contract(&self, id: i64) -> Result<ContractRow> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let row: Option<ContractRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "tech_contract",
            id: id.to_string(),
        })
    }

    /// A page of contracts in scope, newest signing first.
    pub async fn contracts(&self, q: &ContractQuery) -> Result<Vec<ContractRow>> {
        let sql = format!(
            "{SELECT} {} ORDER BY c.signed_on DESC, c.id DESC LIMIT {} OFFSET {}",
            contract_where(q),
            q.limit.clamp(1, 1000),
            q.offset.max(0)
        );
        let year = q.year.map(|y| format!("{y}-%")).unwrap_or_default();
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(q.scope_like.clone())
            .bind(year)
            .bind(q.kind.clone())
            .fetch_all(p)
            .await?))
    }

    /// How many registrations meet `q` (limit and offset ignored), counted up
    /// to [`kechuang_registry::store::COUNT_CAP`].
    pub async fn count_contracts(&self, q: &ContractQuery) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM tech_contracts c JOIN regions r ON r.id = c.region_id {} LIMIT {}) x",
            contract_where(q),
            kechuang_registry::store::COUNT_CAP
        );
        let year = q.year.map(|y| format!("{y}-%")).unwrap_or_default();
        let (n,): (i64,) = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(q.scope_like.clone())
            .bind(year)
            .bind(q.kind.clone())
            .fetch_one(p)
            .await?);
        Ok(n)
    }

    /// Records the staff's verdict on a flagged contract: `cleared` (nothing
    /// wrong) or `confirmed` (a real problem), with a note.
    pub async fn review_contract(&self, actor: &Actor, id: i64, version: i64, verdict: &str, note: &str) -> Result<()> {
        if !matches!(verdict, "cleared" | "confirmed") {
            return Err(StoreError::invalid(
                "review",
                "应为“无异常”或“确认异常” / cleared or confirmed",
            ));
        }
        if note.trim().is_empty() {
            return Err(StoreError::invalid("note", "请填写核查说明 / a note is required"));
        }
        let before = self.contract(id).await?;
        if before.review.is_empty() {
            return Err(StoreError::invalid(
                "review",
                "该合同没有异常标记 / the contract has no flags",
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE tech_contracts SET review = $1, review_note = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $4 AND version = $5",
            )
            .bind(verdict.to_owned())
            .bind(note.trim().to_owned())
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "tech_contract",
                    current: before.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::update(
                    "tech_contract",
                    id,
                    Some(&before.region_path),
                    serde_json::json!({"review": before.review}),
                    serde_json::json!({"review": verdict, "note": note.trim()}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// Every contract in scope as statistics read it (county = the
    /// registering region's name).
    pub async fn contract_stat_rows(&self, scope_like: &str) -> Result<Vec<StatRow>> {
        let rows: Vec<(String, String, String, String, String, i64, i64)> = with_db!(self, |p| sqlx::query_as(
            "SELECT c.signed_on, c.kind, r.name, c.buyer_area, c.seller_area, c.amount_fen, c.tech_amount_fen \
             FROM tech_contracts c JOIN regions r ON r.id = c.region_id WHERE r.path LIKE $1"
        )
        .bind(scope_like.to_owned())
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(
                |(signed, kind, county, buyer_area, seller_area, amount_fen, tech_amount_fen)| StatRow {
                    year: signed.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0),
                    kind,
                    county,
                    buyer_area,
                    seller_area,
                    amount_fen,
                    tech_amount_fen,
                },
            )
            .collect())
    }
}

#[easy_ext::ext(ContractStoreInternal)]
impl Db {
    /// Revenue (fen) of the enterprise with `code` in `year`, if on record.
    async fn revenue_of(&self, code: &str, year: i32) -> Result<Option<i64>> {
        if code.is_empty() {
            return Ok(None);
        }
        let row: Option<(i64,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT f.revenue_fen FROM enterprise_facts f JOIN enterprises e ON e.id = f.enterprise_id \
             WHERE e.credit_code = $1 AND f.year = $2"
        )
        .bind(code.to_owned())
        .bind(i64::from(year))
        .fetch_optional(p)
        .await?);
        Ok(row.map(|r| r.0))
    }
}
