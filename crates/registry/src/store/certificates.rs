//! Certificates of enterprises (科技型中小企业, 高新技术企业 …): one record per
//! kind and number, added singly or imported from a sheet in one transaction.

use crate::store::prelude::*;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use super::{Enterprise, ImportCounts, Upsert};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A certificate as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredCertificate {
    pub id: i64,
    pub enterprise_id: i64,
    pub kind: String,
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
    pub version: i64,
}

impl StoredCertificate {
    /// The domain form, for tier derivation; `None` if a stored value no
    /// longer parses.
    pub fn certificate(&self) -> Option<crate::Certificate> {
        Some(crate::Certificate {
            kind: crate::CertificateKind::parse(&self.kind).ok()?,
            number: self.number.clone(),
            issued_on: self.issued_on.parse().ok()?,
            expires_on: self.expires_on.parse().ok()?,
        })
    }
}

#[easy_ext::ext(CertificateStore)]
impl Db {
    /// Records a certificate of an enterprise; a certificate with the same
    /// kind and number is kept once (a second identical record is a no-op).
    pub async fn add_certificate(
        &self,
        actor: &Actor,
        enterprise: &Enterprise,
        cert: &crate::Certificate,
    ) -> Result<(StoredCertificate, Upsert)> {
        cert.validate()
            .map_err(|e| StoreError::invalid("certificate", e.to_string()))?;
        if !actor
            .principal
            .covers(&RegionPath::from_stored(enterprise.region_path.clone()))
        {
            return Err(StoreError::Forbidden);
        }
        let kind = cert.kind.as_str();
        let existing = self
            .certificates_of(enterprise.id)
            .await?
            .into_iter()
            .find(|c| c.kind == kind && c.number == cert.number.trim());
        if let Some(c) = existing {
            if c.issued_on == cert.issued_on.to_string() && c.expires_on == cert.expires_on.to_string() {
                return Ok((c, Upsert::Unchanged));
            }
            return Err(StoreError::Duplicate {
                field: "number",
                message: format!(
                    "证书编号 {} 已登记且日期不同 / certificate {} is registered with other dates",
                    cert.number, cert.number
                ),
            });
        }
        let t = now();
        let id = with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO certificates (enterprise_id, kind, number, issued_on, expires_on, created_at, updated_at, version) \
                 VALUES ($1,$2,$3,$4,$5,$6,$6,1) RETURNING id",
            )
            .bind(enterprise.id)
            .bind(kind)
            .bind(cert.number.trim().to_owned())
            .bind(cert.issued_on.to_string())
            .bind(cert.expires_on.to_string())
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::on_unique(e, "number", format!("证书编号 {} 已被其他企业使用 / certificate number already used", cert.number)))?;
            let after = kechuang_kernel::audit::snapshot(cert)?;
            tx.audit(
                actor,
                Change::create("certificate", id, Some(&enterprise.region_path), after),
            )
            .await?;
            Ok(id)
        })?;
        let stored = self
            .certificates_of(enterprise.id)
            .await?
            .into_iter()
            .find(|c| c.id == id);
        stored.map(|c| (c, Upsert::Created)).ok_or(StoreError::NotFound {
            entity: "certificate",
            id: id.to_string(),
        })
    }

    pub async fn certificates_of(&self, enterprise_id: i64) -> Result<Vec<StoredCertificate>> {
        with_db!(self, |p| Ok(sqlx::query_as::<_, StoredCertificate>(
            "SELECT id, enterprise_id, kind, number, issued_on, expires_on, version FROM certificates \
             WHERE enterprise_id = $1 ORDER BY issued_on, id"
        )
        .bind(enterprise_id)
        .fetch_all(p)
        .await?))
    }

    /// Imports certificates in one transaction. A certificate is identified
    /// by kind and number: the same one again writes nothing, new dates
    /// update it (audited), a number held by another enterprise is refused.
    pub async fn import_certificates(
        &self,
        actor: &Actor,
        run_id: Option<i64>,
        rows: Vec<CertificateRow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let keys = self.enterprise_keys(&codes).await?;
        for r in &rows {
            r.certificate
                .validate()
                .map_err(|e| super::bulk::at_line(r.line, StoreError::invalid("certificate", e.to_string())))?;
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
        let mut counts = ImportCounts::default();
        with_tx!(self, |tx| {
            for sql in self.bulk_plans() {
                sqlx::query(*sql).execute(&mut *tx).await?;
            }
            for (i, r) in rows.iter().enumerate() {
                let (id, path) = &keys[&r.code];
                let c = &r.certificate;
                let number = c.number.trim().to_owned();
                let before: Option<StoredCertificate> = sqlx::query_as(
                    "SELECT id, enterprise_id, kind, number, issued_on, expires_on, version FROM certificates \
                     WHERE kind = $1 AND number = $2",
                )
                .bind(c.kind.as_str())
                .bind(number.clone())
                .fetch_optional(&mut *tx)
                .await?;
                match before {
                    Some(b) if b.enterprise_id != *id => {
                        return Err(super::bulk::at_line(
                            r.line,
                            StoreError::invalid(
                                "number",
                                format!(
                                    "证书编号 {number} 已属于其他企业 / certificate number held by another enterprise"
                                ),
                            ),
                        ));
                    }
                    Some(b) if b.issued_on == c.issued_on.to_string() && b.expires_on == c.expires_on.to_string() => {
                        counts.unchanged += 1;
                    }
                    Some(b) => {
                        sqlx::query(
                            "UPDATE certificates SET issued_on = $1, expires_on = $2, updated_at = $3, \
                             version = version + 1 WHERE id = $4",
                        )
                        .bind(c.issued_on.to_string())
                        .bind(c.expires_on.to_string())
                        .bind(t)
                        .bind(b.id)
                        .execute(&mut *tx)
                        .await?;
                        let before = serde_json::json!({"issued_on": b.issued_on, "expires_on": b.expires_on});
                        let after = kechuang_kernel::audit::snapshot(c)?;
                        tx.audit(actor, Change::update("certificate", b.id, Some(path), before, after))
                            .await?;
                        counts.updated += 1;
                    }
                    None => {
                        sqlx::query(
                            "INSERT INTO certificates (enterprise_id, kind, number, issued_on, expires_on, created_at, \
                             updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$6,1)",
                        )
                        .bind(*id)
                        .bind(c.kind.as_str())
                        .bind(number)
                        .bind(c.issued_on.to_string())
                        .bind(c.expires_on.to_string())
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                        counts.created += 1;
                    }
                }
                if i % 1000 == 0 {
                    progress(i);
                }
            }
            tx.audit(
                actor,
                super::bulk::run_change("certificate_import", actor, run_id, rows.len(), counts),
            )
            .await?;
            Ok(())
        })?;
        self.refresh_statistics(&["certificates"]).await?;
        progress(rows.len());
        Ok(counts)
    }

    /// The certificates of several enterprises at once (for a list page).
    pub async fn certificates_for(&self, enterprise_ids: &[i64]) -> Result<Vec<StoredCertificate>> {
        if enterprise_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = enterprise_ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT id, enterprise_id, kind, number, issued_on, expires_on, version FROM certificates \
             WHERE enterprise_id IN ({}) ORDER BY issued_on, id",
            ids.join(",")
        );
        with_db!(self, |p| Ok(sqlx::query_as::<_, StoredCertificate>(
            sqlx::AssertSqlSafe(sql)
        )
        .fetch_all(p)
        .await?))
    }

    /// Enterprises per region in `scope` (`kind` = "total"), and per
    /// certificate kind valid on `on` (ISO date).
    pub async fn enterprise_counts(&self, scope: &Scope, on: &str) -> Result<Vec<EnterpriseCount>> {
        let totals = "SELECT r.id AS region_id, r.name AS region_name, 'total' AS kind, COUNT(*) AS count \
             FROM enterprises e JOIN regions r ON r.id = e.region_id \
             WHERE e.merged_into IS NULL AND r.path LIKE $1 GROUP BY r.id, r.name";
        let by_kind = "SELECT r.id AS region_id, r.name AS region_name, c.kind AS kind, COUNT(DISTINCT e.id) AS count \
             FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id JOIN regions r ON r.id = e.region_id \
             WHERE e.merged_into IS NULL AND r.path LIKE $1 AND c.issued_on <= $2 AND c.expires_on >= $2 \
             GROUP BY r.id, r.name, c.kind";
        with_db!(self, |p| {
            let mut out: Vec<EnterpriseCount> = sqlx::query_as(totals).bind(scope.like_pattern()).fetch_all(p).await?;
            out.extend(
                sqlx::query_as::<_, EnterpriseCount>(by_kind)
                    .bind(scope.like_pattern())
                    .bind(on.to_owned())
                    .fetch_all(p)
                    .await?,
            );
            Ok(out)
        })
    }
}
/// One row of a certificates sheet.
#[derive(Debug, Clone)]
pub struct CertificateRow {
    pub line: usize,
    pub code: String,
    pub certificate: crate::Certificate,
}

/// A count of enterprises of one region: all of them (`kind` = "total") or
/// those holding a valid certificate of `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct EnterpriseCount {
    pub region_id: i64,
    pub region_name: String,
    pub kind: String,
    pub count: i64,
}
