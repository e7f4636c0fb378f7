//! Credit files (诚信档案) and the blacklist: recording a credit record in a
//! region, lifting it (信用修复) with a reason, lists by scope, kind, subject
//! and standing (a viewer sees the records of its region, the regions below
//! and the regions above), and the blacklist check other capabilities call before they
//! accept a bid or an application. Every change is audited; a record is
//! never deleted. The rules are `kechuang_credit`.

use crate::record::{CreditRecord, MIN_REASON_CHARS};
use crate::standing::{Standing, Subject, blocking};
use chrono::NaiveDate;
use serde::Serialize;

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};

/// A stored credit record with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CreditRecordRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub subject_kind: String,
    pub subject_name: String,
    pub subject_code: String,
    pub name_norm: String,
    pub kind: String,
    pub reason: String,
    pub basis: String,
    pub document_no: String,
    pub decided_on: String,
    pub until: Option<String>,
    pub lifted_on: Option<String>,
    pub lift_reason: String,
    pub lifted_by: String,
    pub created_by: String,
    pub version: i64,
}

fn day(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

impl CreditRecordRow {
    /// What the standing rules need of this record.
    pub fn standing(&self) -> Standing {
        Standing {
            kind: self.kind.clone(),
            subject_code: self.subject_code.clone(),
            name_norm: self.name_norm.clone(),
            decided_on: day(&self.decided_on).unwrap_or(NaiveDate::MAX),
            until: self.until.as_deref().and_then(day),
            lifted_on: self.lifted_on.as_deref().and_then(day),
        }
    }
}

/// What a list of credit records shows.
#[derive(Debug, Clone, Default)]
pub struct CreditQuery {
    /// The viewer's region path: records kept in it, below it, or above it
    /// (a city's blacklist applies in its counties too).
    pub scope: String,
    /// One kind of record, or all.
    pub kind: String,
    /// Part of the subject's name (any script or width) or its credit code.
    pub text: String,
    /// Only records in force on this day.
    pub in_force_on: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

const SELECT: &str = "SELECT c.id, c.region_id, r.name AS region_name, r.path AS region_path, c.subject_kind, \
     c.subject_name, c.subject_code, c.name_norm, c.kind, c.reason, c.basis, c.document_no, c.decided_on, c.until, \
     c.lifted_on, c.lift_reason, c.lifted_by, c.created_by, c.version FROM credit_records c \
     JOIN regions r ON r.id = c.region_id";

#[easy_ext::ext(CreditStore)]
impl Db {
    /// Records `r` in the credit file, kept by `region_id`.
    pub async fn add_credit_record(&self, actor: &Actor, region_id: i64, r: &CreditRecord) -> Result<i64> {
        let path = self.region_paths(std::iter::once(region_id)).await?;
        let region = path
            .get(&region_id)
            .ok_or_else(|| StoreError::invalid("region_id", "地区不存在 / no such region"))?;
        let t = now();
        with_tx!(self, |tx| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO credit_records (region_id, subject_kind, subject_name, subject_code, name_norm, kind, \
                 reason, basis, document_no, decided_on, until, created_by, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1) RETURNING id",
            )
            .bind(region_id)
            .bind(r.subject_kind.clone())
            .bind(r.subject_name.clone())
            .bind(r.subject_code.clone())
            .bind(r.name_norm.clone())
            .bind(r.kind.clone())
            .bind(r.reason.clone())
            .bind(r.basis.clone())
            .bind(r.document_no.clone())
            .bind(r.decided_on.to_string())
            .bind(r.until.map(|u| u.to_string()))
            .bind(actor.principal.username.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create("credit_record", id, Some(region), kechuang_kernel::audit::snapshot(r)?),
            )
            .await?;
            Ok(id)
        })
    }

    pub async fn credit_record(&self, id: i64) -> Result<CreditRecordRow> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let row: Option<CreditRecordRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "credit_record",
            id: id.to_string(),
        })
    }

    /// Records matching `q`, newest decision first.
    pub async fn credit_records(&self, q: &CreditQuery) -> Result<Vec<CreditRecordRow>> {
        let sql = format!(
            "{SELECT} {} ORDER BY c.decided_on DESC, c.id DESC LIMIT {} OFFSET {}",
            credit_where(q),
            q.limit.clamp(1, 1000),
            q.offset.max(0)
        );
        let b = credit_binds(q);
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(b.0.clone())
            .bind(b.1.clone())
            .bind(b.2.clone())
            .bind(b.3.clone())
            .bind(b.4.clone())
            .bind(b.5.clone())
            .fetch_all(p)
            .await?))
    }

    /// How many records match `q` (limit and offset ignored).
    pub async fn count_credit_records(&self, q: &CreditQuery) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM credit_records c JOIN regions r ON r.id = c.region_id {}",
            credit_where(q)
        );
        let b = credit_binds(q);
        let (n,): (i64,) = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(b.0.clone())
            .bind(b.1.clone())
            .bind(b.2.clone())
            .bind(b.3.clone())
            .bind(b.4.clone())
            .bind(b.5.clone())
            .fetch_one(p)
            .await?);
        Ok(n)
    }

    /// Lifts a record from `on` (信用修复, or a decision withdrawn), with the
    /// reason; the record stays in the file.
    pub async fn lift_credit_record(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        reason: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let before = self.credit_record(id).await?;
        if before.lifted_on.is_some() {
            return Err(StoreError::invalid(
                "lifted_on",
                "该记录已撤销 / the record is already lifted",
            ));
        }
        let reason = reason.trim();
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(StoreError::invalid(
                "lift_reason",
                format!(
                    "请写明撤销理由（至少 {MIN_REASON_CHARS} 字） / give the reason in at least {MIN_REASON_CHARS} characters"
                ),
            ));
        }
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE credit_records SET lifted_on = $1, lift_reason = $2, lifted_by = $3, updated_at = $4, \
                 version = version + 1 WHERE id = $5 AND version = $6 AND lifted_on IS NULL",
            )
            .bind(on.to_string())
            .bind(reason.to_owned())
            .bind(actor.principal.username.clone())
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "credit_record",
                    current: before.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::update(
                    "credit_record",
                    id,
                    Some(&before.region_path),
                    serde_json::json!({"lifted_on": null}),
                    serde_json::json!({"lifted_on": on.to_string(), "lift_reason": reason}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// The blacklist record in force on `on` that is about `subject`, kept by
    /// any region: a blacklisted unit is blocked city-wide.
    pub async fn blacklist_hit(&self, subject: &Subject, on: NaiveDate) -> Result<Option<CreditRecordRow>> {
        let names: Vec<String> = subject
            .names
            .iter()
            .map(|n| kechuang_text::name_key(n))
            .filter(|n| !n.is_empty())
            .collect();
        let code = subject.code.trim().to_ascii_uppercase();
        if code.is_empty() && names.is_empty() {
            return Ok(None);
        }
        let marks: Vec<String> = (0..names.len()).map(|i| format!("${}", i + 2)).collect();
        let by_name = if marks.is_empty() {
            String::new()
        } else {
            format!(" OR c.name_norm IN ({})", marks.join(", "))
        };
        let sql = format!(
            "{SELECT} WHERE c.kind = 'blacklist' AND c.lifted_on IS NULL AND ((c.subject_code <> '' AND \
             c.subject_code = $1){by_name}) ORDER BY c.decided_on DESC, c.id DESC"
        );
        let rows: Vec<CreditRecordRow> = with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(code.clone());
            for n in &names {
                query = query.bind(n.clone());
            }
            query.fetch_all(p).await?
        });
        Ok(blocking(&rows, subject, on, CreditRecordRow::standing).cloned())
    }
}
/// The WHERE clause of a credit query; binds $1 scope pattern, $2 kind, $3
/// code, $4 name pattern, $5 day, $6 scope (see [`credit_binds`]).
fn credit_where(q: &CreditQuery) -> String {
    let mut sql = String::from("WHERE (r.path LIKE $1 OR $6 LIKE (r.path || '%'))");
    sql.push_str(if q.kind.is_empty() {
        " AND $2 = $2"
    } else {
        " AND c.kind = $2"
    });
    if q.text.trim().is_empty() {
        sql.push_str(" AND $3 = $3 AND $4 = $4");
    } else {
        sql.push_str(" AND (c.subject_code = $3 OR c.name_norm LIKE $4 ESCAPE '\\')");
    }
    if q.in_force_on.is_some() {
        sql.push_str(
            " AND c.decided_on <= $5 AND (c.until IS NULL OR c.until >= $5) \
                 AND (c.lifted_on IS NULL OR c.lifted_on > $5)",
        );
    } else {
        sql.push_str(" AND $5 = $5");
    }
    sql
}

/// The six values [`credit_where`] binds, in order.
fn credit_binds(q: &CreditQuery) -> (String, String, String, String, String, String) {
    let text = q.text.trim();
    let like = kechuang_kernel::like::contains(&kechuang_text::name_key(text));
    let scope_like = format!("{}%", q.scope.replace(['%', '_'], ""));
    let on = q.in_force_on.map(|d| d.to_string()).unwrap_or_default();
    (
        scope_like,
        q.kind.clone(),
        text.to_ascii_uppercase(),
        like,
        on,
        q.scope.clone(),
    )
}
