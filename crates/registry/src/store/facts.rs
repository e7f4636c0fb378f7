//! Yearly facts of enterprises (staff, revenue, R&D expense, patents): one
//! record per enterprise and year, written singly or imported from a sheet.

use crate::store::prelude::*;
use kechuang_kernel::region::RegionPath;
use serde::Serialize;

use super::{Enterprise, ImportCounts, Upsert};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// Yearly facts as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredFacts {
    pub id: i64,
    pub enterprise_id: i64,
    pub year: i64,
    pub employees: i64,
    pub st_staff: i64,
    pub revenue_fen: i64,
    pub high_tech_revenue_fen: i64,
    pub rd_expense_fen: i64,
    pub rd_expense_in_china_fen: i64,
    pub total_assets_fen: i64,
    pub net_assets_fen: i64,
    pub invention_patents: i64,
    pub utility_models: i64,
    pub software_copyrights: i64,
    pub pct_applications: i64,
    pub version: i64,
}

impl StoredFacts {
    pub fn facts(&self) -> crate::YearFacts {
        crate::YearFacts {
            year: self.year as i32,
            employees: self.employees,
            st_staff: self.st_staff,
            revenue_fen: self.revenue_fen,
            high_tech_revenue_fen: self.high_tech_revenue_fen,
            rd_expense_fen: self.rd_expense_fen,
            rd_expense_in_china_fen: self.rd_expense_in_china_fen,
            total_assets_fen: self.total_assets_fen,
            net_assets_fen: self.net_assets_fen,
            invention_patents: self.invention_patents,
            utility_models: self.utility_models,
            software_copyrights: self.software_copyrights,
            pct_applications: self.pct_applications,
        }
    }
}

pub const FACT_COLS: &str = "employees, st_staff, revenue_fen, high_tech_revenue_fen, rd_expense_fen, rd_expense_in_china_fen, \
     total_assets_fen, net_assets_fen, invention_patents, utility_models, software_copyrights, pct_applications";

#[easy_ext::ext(FactStore)]
impl Db {
    pub async fn facts_of(&self, enterprise_id: i64) -> Result<Vec<StoredFacts>> {
        let sql = format!(
            "SELECT id, enterprise_id, year, {FACT_COLS}, version FROM enterprise_facts WHERE enterprise_id = $1 ORDER BY year"
        );
        with_db!(self, |p| Ok(sqlx::query_as::<_, StoredFacts>(sqlx::AssertSqlSafe(sql))
            .bind(enterprise_id)
            .fetch_all(p)
            .await?))
    }

    /// Creates or replaces the facts of one year; identical facts write
    /// nothing. Every field error is reported at once (the first is returned
    /// with all messages joined).
    pub async fn upsert_facts(&self, actor: &Actor, enterprise: &Enterprise, f: &crate::YearFacts) -> Result<Upsert> {
        let errors = f.validate();
        if let Some(first) = errors.first() {
            let all: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            return Err(StoreError::invalid(first.field, all.join("；")));
        }
        if !actor
            .principal
            .covers(&RegionPath::from_stored(enterprise.region_path.clone()))
        {
            return Err(StoreError::Forbidden);
        }
        let before = self
            .facts_of(enterprise.id)
            .await?
            .into_iter()
            .find(|s| s.year == f.year as i64);
        if before.as_ref().is_some_and(|b| b.facts() == *f) {
            return Ok(Upsert::Unchanged);
        }
        let vals = [
            f.employees,
            f.st_staff,
            f.revenue_fen,
            f.high_tech_revenue_fen,
            f.rd_expense_fen,
            f.rd_expense_in_china_fen,
            f.total_assets_fen,
            f.net_assets_fen,
            f.invention_patents,
            f.utility_models,
            f.software_copyrights,
            f.pct_applications,
        ];
        let t = now();
        let sql = format!(
            "INSERT INTO enterprise_facts (enterprise_id, year, {FACT_COLS}, created_at, updated_at, version) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,1) \
             ON CONFLICT (enterprise_id, year) DO UPDATE SET employees = excluded.employees, st_staff = excluded.st_staff, \
             revenue_fen = excluded.revenue_fen, high_tech_revenue_fen = excluded.high_tech_revenue_fen, \
             rd_expense_fen = excluded.rd_expense_fen, rd_expense_in_china_fen = excluded.rd_expense_in_china_fen, \
             total_assets_fen = excluded.total_assets_fen, net_assets_fen = excluded.net_assets_fen, \
             invention_patents = excluded.invention_patents, utility_models = excluded.utility_models, \
             software_copyrights = excluded.software_copyrights, pct_applications = excluded.pct_applications, \
             updated_at = excluded.updated_at, version = enterprise_facts.version + 1"
        );
        let entity_id = format!("{}:{}", enterprise.credit_code, f.year);
        with_tx!(self, |tx| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(enterprise.id)
                .bind(f.year as i64);
            for v in vals {
                q = q.bind(v);
            }
            q.bind(t).execute(&mut *tx).await?;
            let after = kechuang_kernel::audit::snapshot(f)?;
            let change = match &before {
                None => Change::create("enterprise_facts", &entity_id, Some(&enterprise.region_path), after),
                Some(b) => Change::update(
                    "enterprise_facts",
                    &entity_id,
                    Some(&enterprise.region_path),
                    kechuang_kernel::audit::snapshot(b.facts())?,
                    after,
                ),
            };
            tx.audit(actor, change).await?;
            Ok(())
        })?;
        Ok(if before.is_some() {
            Upsert::Updated
        } else {
            Upsert::Created
        })
    }

    /// Imports yearly facts in one transaction: every enterprise must be
    /// registered and in the actor's scope; identical facts write nothing,
    /// changed ones are audited one by one.
    pub async fn import_facts(
        &self,
        actor: &Actor,
        run_id: Option<i64>,
        rows: Vec<FactsRow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let keys = self.enterprise_keys(&codes).await?;
        for r in &rows {
            let errors = r.facts.validate();
            if let Some(first) = errors.first() {
                return Err(super::bulk::at_line(
                    r.line,
                    StoreError::invalid(first.field, first.message.clone()),
                ));
            }
            let (_, path) = keys.get(&r.code).ok_or_else(|| {
                super::bulk::at_line(
                    r.line,
                    StoreError::invalid(
                        "credit_code",
                        format!("企业 {} 未登记 / enterprise not registered", r.code),
                    ),
                )
            })?;
            if !actor.principal.covers(&RegionPath::from_stored(path.clone())) {
                return Err(StoreError::Forbidden);
            }
        }
        let t = now();
        let select = format!(
            "SELECT id, enterprise_id, year, {FACT_COLS}, version FROM enterprise_facts WHERE enterprise_id = $1 AND year = $2"
        );
        let insert = format!(
            "INSERT INTO enterprise_facts (enterprise_id, year, {FACT_COLS}, created_at, updated_at, version) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,1)"
        );
        let update = "UPDATE enterprise_facts SET employees = $3, st_staff = $4, revenue_fen = $5, \
             high_tech_revenue_fen = $6, rd_expense_fen = $7, rd_expense_in_china_fen = $8, total_assets_fen = $9, \
             net_assets_fen = $10, invention_patents = $11, utility_models = $12, software_copyrights = $13, \
             pct_applications = $14, updated_at = $15, version = version + 1 WHERE enterprise_id = $1 AND year = $2";
        let mut counts = ImportCounts::default();
        with_tx!(self, |tx| {
            for sql in self.bulk_plans() {
                sqlx::query(*sql).execute(&mut *tx).await?;
            }
            for (i, r) in rows.iter().enumerate() {
                let (id, path) = &keys[&r.code];
                let f = &r.facts;
                let before: Option<StoredFacts> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
                    .bind(*id)
                    .bind(f.year as i64)
                    .fetch_optional(&mut *tx)
                    .await?;
                if before.as_ref().is_some_and(|b| b.facts() == *f) {
                    counts.unchanged += 1;
                    continue;
                }
                let sql = if before.is_some() {
                    update.to_owned()
                } else {
                    insert.clone()
                };
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(*id).bind(f.year as i64);
                for v in fact_values(f) {
                    q = q.bind(v);
                }
                q.bind(t).execute(&mut *tx).await?;
                if let Some(b) = before {
                    tx.audit(
                        actor,
                        Change::update(
                            "enterprise_facts",
                            format!("{}:{}", r.code, f.year),
                            Some(path),
                            kechuang_kernel::audit::snapshot(b.facts())?,
                            kechuang_kernel::audit::snapshot(f)?,
                        ),
                    )
                    .await?;
                    counts.updated += 1;
                } else {
                    counts.created += 1;
                }
                if i % 1000 == 0 {
                    progress(i);
                }
            }
            tx.audit(
                actor,
                super::bulk::run_change("enterprise_facts_import", actor, run_id, rows.len(), counts),
            )
            .await?;
            Ok(())
        })?;
        self.refresh_statistics(&["enterprise_facts"]).await?;
        progress(rows.len());
        Ok(counts)
    }
}
/// One row of a facts sheet.
#[derive(Debug, Clone)]
pub struct FactsRow {
    pub line: usize,
    pub code: String,
    pub facts: crate::YearFacts,
}

pub(crate) fn fact_values(f: &crate::YearFacts) -> [i64; 12] {
    [
        f.employees,
        f.st_staff,
        f.revenue_fen,
        f.high_tech_revenue_fen,
        f.rd_expense_fen,
        f.rd_expense_in_china_fen,
        f.total_assets_fen,
        f.net_assets_fen,
        f.invention_patents,
        f.utility_models,
        f.software_copyrights,
        f.pct_applications,
    ]
}
