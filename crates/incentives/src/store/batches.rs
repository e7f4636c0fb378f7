//! Payment batches: approved entitlements of a scope gathered into a batch
//! that is sent to the finance bureau as a sheet, then settled from the
//! sheet it sends back (paid with a voucher number, or not paid with a
//! reason, in which case the entitlement waits for a later batch). Settling
//! checks every row first and writes all or nothing.

use super::budgets::settle_commitments;
use super::entitlements::{EntitlementRow, SELECT_ENTITLEMENT};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;

kechuang_kernel::coded_enum! {
    /// Where a payment batch stands.
    pub enum BatchStatus: "status" {
        Sent => "sent", "已送财政", "Sent to finance";
        Settled => "settled", "已结清", "Settled";
    }
}

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BatchRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub status: BatchStatus,
    pub items: i64,
    pub total_fen: i64,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub settled_at: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i64,
}

const SELECT_BATCH: &str = "SELECT b.id, b.region_id, r.name AS region_name, r.path AS region_path, b.status, b.items, \
     b.total_fen, b.created_by, b.created_at, b.settled_at, b.version FROM incentive_batches b \
     JOIN regions r ON r.id = b.region_id";

/// One row of the sheet the finance bureau returns, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentResult {
    /// The row in the sheet (for errors).
    pub line: usize,
    pub entitlement_id: i64,
    pub paid: bool,
    /// The voucher number of a payment, or why it was not made.
    pub reference: String,
}

/// What settling a batch did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Settled {
    pub paid: usize,
    pub failed: usize,
    pub paid_fen: i64,
}

#[easy_ext::ext(BatchStore)]
impl Db {
    /// Gathers the approved entitlements of `region_id`'s scope not yet in a
    /// batch into a new one; none when there is nothing to pay.
    pub async fn create_batch(&self, actor: &Actor, scope: &Scope, region_id: i64) -> Result<Option<i64>> {
        let region = self.region(region_id).await?;
        if !region.region_path().is_within(scope) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let pattern = format!("{}%", region.path);
        with_tx!(self, |tx| {
            let ids: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT n.id, COALESCE(n.approved_fen, n.amount_fen) FROM incentive_entitlements n \
                 JOIN regions r ON r.id = n.region_id \
                 WHERE n.status = 'approved' AND n.batch_id IS NULL AND r.path LIKE $1 ORDER BY n.id",
            )
            .bind(&pattern)
            .fetch_all(&mut *tx)
            .await?;
            if ids.is_empty() {
                return Ok(None);
            }
            let total: i64 = ids.iter().map(|(_, f)| f).sum();
            let (batch,): (i64,) = sqlx::query_as(
                "INSERT INTO incentive_batches (region_id, status, items, total_fen, created_by, created_at, version) \
                 VALUES ($1, 'sent', $2, $3, $4, $5, 1) RETURNING id",
            )
            .bind(region_id)
            .bind(ids.len() as i64)
            .bind(total)
            .bind(&actor.principal.username)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            for (id, _) in &ids {
                let n = sqlx::query(
                    "UPDATE incentive_entitlements SET batch_id = $1, updated_at = $2, version = version + 1 \
                     WHERE id = $3 AND status = 'approved' AND batch_id IS NULL",
                )
                .bind(batch)
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(StoreError::Conflict {
                        entity: "incentive_entitlement",
                        current: 0,
                        submitted: 0,
                    });
                }
            }
            let ids: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
            tx.audit(
                actor,
                Change::create(
                    "incentive_batch",
                    batch,
                    Some(&region.path),
                    json!({"items": ids, "total_fen": total}),
                ),
            )
            .await?;
            Ok(Some(batch))
        })
    }

    pub async fn batch(&self, id: i64) -> Result<BatchRow> {
        let sql = format!("{SELECT_BATCH} WHERE b.id = $1");
        let row: Option<BatchRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "incentive_batch",
            id: id.to_string(),
        })
    }

    /// The batches of a scope, newest first.
    pub async fn batches(&self, scope: &Scope) -> Result<Vec<BatchRow>> {
        let sql = format!("{SELECT_BATCH} WHERE r.path LIKE $1 ORDER BY b.id DESC LIMIT 200");
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(format!("{}%", scope.as_str()))
            .fetch_all(p)
            .await?))
    }

    /// The entitlements of batch `id` (those still in it).
    pub async fn batch_items(&self, id: i64) -> Result<Vec<EntitlementRow>> {
        let sql = format!("{SELECT_ENTITLEMENT} WHERE n.batch_id = $1 ORDER BY n.id");
        Ok(with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(p)
            .await?))
    }

    /// Settles batch `id` from the finance bureau's results: every row must
    /// name an entitlement of the batch still waiting for payment, once;
    /// otherwise nothing is written and the errors name the rows.
    pub async fn settle_batch(&self, actor: &Actor, id: i64, results: &[PaymentResult]) -> Result<Settled> {
        let batch = self.batch(id).await?;
        let items = self.batch_items(id).await?;
        let mut seen = std::collections::HashSet::new();
        let mut errors = Vec::new();
        for r in results {
            match items.iter().find(|e| e.id == r.entitlement_id) {
                None => errors.push(format!(
                    "第{}行：兑现编号 {} 不在本批次 / row {}: not in this batch",
                    r.line, r.entitlement_id, r.line
                )),
                Some(e) if e.status != crate::workflow::EntitlementStatus::Approved => errors.push(format!(
                    "第{}行：兑现编号 {} 已{} / row {}: already {}",
                    r.line,
                    r.entitlement_id,
                    e.status.label_zh(),
                    r.line,
                    e.status.label_en().to_lowercase()
                )),
                Some(_) if !seen.insert(r.entitlement_id) => errors.push(format!(
                    "第{}行：兑现编号 {} 重复 / row {}: entitlement listed twice",
                    r.line, r.entitlement_id, r.line
                )),
                Some(_) if r.reference.trim().is_empty() => errors.push(format!(
                    "第{}行：须填写支付凭证号或未拨付原因 / row {}: give the voucher number or the reason",
                    r.line, r.line
                )),
                Some(_) => {}
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::invalid("results", errors.join("；")));
        }
        let t = now();
        let out = with_tx!(self, |tx| {
            let mut out = Settled::default();
            for r in results {
                let e = items.iter().find(|e| e.id == r.entitlement_id).expect("checked above");
                let n = if r.paid {
                    sqlx::query(
                        "UPDATE incentive_entitlements SET status = 'paid', paid_at = $1, payment_ref = $2, \
                         updated_at = $1, version = version + 1 WHERE id = $3 AND status = 'approved' AND batch_id = $4",
                    )
                } else {
                    sqlx::query(
                        "UPDATE incentive_entitlements SET batch_id = NULL, note = $2, updated_at = $1, \
                         version = version + 1 WHERE id = $3 AND status = 'approved' AND batch_id = $4",
                    )
                }
                .bind(t)
                .bind(r.reference.trim())
                .bind(e.id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(StoreError::Conflict {
                        entity: "incentive_entitlement",
                        current: e.version + 1,
                        submitted: e.version,
                    });
                }
                if r.paid {
                    settle_commitments!(tx, e.id, t, paid);
                    out.paid += 1;
                    out.paid_fen += e.payable_fen();
                } else {
                    out.failed += 1;
                }
                tx.audit(
                    actor,
                    Change::new(
                        if r.paid { "pay" } else { "payment_failed" },
                        "incentive_entitlement",
                        e.id,
                        Some(&e.region_path),
                        Some(json!({"status": "approved", "batch_id": id})),
                        Some(json!({"status": if r.paid { "paid" } else { "approved" }, "reference": r.reference})),
                    ),
                )
                .await?;
            }
            let (left,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM incentive_entitlements WHERE batch_id = $1 AND status = 'approved'",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if left == 0 {
                sqlx::query(
                    "UPDATE incentive_batches SET status = 'settled', settled_at = $1, version = version + 1 WHERE id = $2",
                )
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.audit(
                actor,
                Change::update(
                    "incentive_batch",
                    id,
                    Some(&batch.region_path),
                    json!({"status": batch.status}),
                    json!({"paid": out.paid, "failed": out.failed, "left": left}),
                ),
            )
            .await?;
            Ok(out)
        })?;
        Ok(out)
    }

    /// Claws back a paid entitlement found improper: it returns its money to
    /// the budgets it was paid from. The caller writes the credit record.
    pub async fn claw_back(&self, actor: &Actor, id: i64, reason: &str) -> Result<EntitlementRow> {
        if reason.trim().chars().count() < 4 {
            return Err(StoreError::invalid("reason", "须写明追回理由 / give the reason"));
        }
        let t = now();
        let before = super::entitlements::EntitlementStore::entitlement(self, id).await?;
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE incentive_entitlements SET status = 'clawed_back', note = $1, updated_at = $2, \
                 version = version + 1 WHERE id = $3 AND status = 'paid'",
            )
            .bind(reason.trim())
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::invalid(
                    "status",
                    format!(
                        "{}状态的兑现事项不能追回 / only a paid entitlement is clawed back",
                        before.status.label_zh()
                    ),
                ));
            }
            settle_commitments!(tx, id, t, returned);
            tx.audit(
                actor,
                Change::new(
                    "claw_back",
                    "incentive_entitlement",
                    id,
                    Some(&before.region_path),
                    Some(json!({"status": "paid"})),
                    Some(json!({"status": "clawed_back", "reason": reason.trim()})),
                ),
            )
            .await?;
            Ok(())
        })?;
        super::entitlements::EntitlementStore::entitlement(self, id).await
    }
}
