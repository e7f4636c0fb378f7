//! Registry storage, part 1: enterprises keyed by the unified social credit
//! code, their yearly facts and certificates. Writes are scoped to the
//! actor's regions, versioned and audited; an upsert that would change
//! nothing writes nothing (re-importing a file is a no-op).

use crate::audit::{Actor, AuditWrite, Change};
use crate::{Db, Result, StoreError, now};
use chrono::{DateTime, Utc};
use kechuang_domain::credit_code::CreditCode;
use kechuang_domain::region::RegionPath;
use serde::{Deserialize, Serialize};

/// The editable fields of an enterprise (everything but identity and
/// bookkeeping).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseFields {
    pub name: String,
    /// JSON array of earlier names.
    pub former_names: String,
    pub region_id: i64,
    pub address: String,
    pub industry_code: String,
    pub industry_name: String,
    /// JSON array of industry-chain tags.
    pub chain_tags: String,
    pub founded_on: Option<String>,
    pub listed: bool,
    pub listing_reserve: bool,
    pub contact_name: String,
    pub contact_phone: String,
}

impl EnterpriseFields {
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::invalid(
                "name",
                "企业名称不能为空 / the name must not be empty",
            ));
        }
        for (field, v) in [("former_names", &self.former_names), ("chain_tags", &self.chain_tags)] {
            if serde_json::from_str::<Vec<String>>(v).is_err() {
                return Err(StoreError::invalid(
                    field,
                    "列表格式错误 / must be a JSON array of text",
                ));
            }
        }
        if let Some(d) = &self.founded_on
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
        {
            return Err(StoreError::invalid(
                "founded_on",
                "成立日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enterprise {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub former_names: String,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub address: String,
    pub industry_code: String,
    pub industry_name: String,
    pub chain_tags: String,
    pub founded_on: Option<String>,
    pub listed: bool,
    pub listing_reserve: bool,
    pub contact_name: String,
    pub contact_phone: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Enterprise {
    pub fn fields(&self) -> EnterpriseFields {
        EnterpriseFields {
            name: self.name.clone(),
            former_names: self.former_names.clone(),
            region_id: self.region_id,
            address: self.address.clone(),
            industry_code: self.industry_code.clone(),
            industry_name: self.industry_name.clone(),
            chain_tags: self.chain_tags.clone(),
            founded_on: self.founded_on.clone(),
            listed: self.listed,
            listing_reserve: self.listing_reserve,
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
        }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// Filters for listing enterprises. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// Name search on the normalised name (Traditional and Simplified match).
    pub query: Option<String>,
    pub industry_code: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

const SELECT: &str = "SELECT e.id, e.credit_code, e.name, e.former_names, e.region_id, r.name AS region_name, \
     r.path AS region_path, e.address, e.industry_code, e.industry_name, e.chain_tags, e.founded_on, e.listed, \
     e.listing_reserve, e.contact_name, e.contact_phone, e.created_at, e.updated_at, e.version \
     FROM enterprises e JOIN regions r ON r.id = e.region_id";

/// The key the name search compares: the normalised name.
fn name_key(name: &str) -> String {
    kechuang_domain::registry::normalize_name(name)
}

impl Db {
    pub async fn enterprise_by_code(&self, code: &CreditCode) -> Result<Option<Enterprise>> {
        let sql = format!("{SELECT} WHERE e.credit_code = $1");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(sql))
            .bind(code.as_str().to_owned())
            .fetch_optional(p)
            .await?))
    }

    /// Enterprises in `scope`, filtered and paged, with the total count.
    pub async fn enterprises(&self, scope: &RegionPath, f: &EnterpriseFilter) -> Result<(Vec<Enterprise>, i64)> {
        let mut where_sql = String::from(" WHERE r.path LIKE $1");
        let mut binds = vec![scope.like_pattern()];
        if let Some(q) = f.query.as_deref().map(name_key).filter(|q| !q.is_empty()) {
            binds.push(format!("%{q}%"));
            where_sql.push_str(&format!(
                " AND (e.name_norm LIKE ${0} OR e.credit_code LIKE ${0})",
                binds.len()
            ));
        }
        if let Some(code) = f.industry_code.as_deref().filter(|c| !c.is_empty()) {
            binds.push(format!("{code}%"));
            where_sql.push_str(&format!(" AND e.industry_code LIKE ${}", binds.len()));
        }
        let list = format!(
            "{SELECT}{where_sql} ORDER BY e.credit_code LIMIT {} OFFSET {}",
            f.limit.clamp(1, 1000),
            f.offset.max(0)
        );
        let count = format!("SELECT COUNT(*) FROM enterprises e JOIN regions r ON r.id = e.region_id{where_sql}");
        with_db!(self, |p| {
            let mut q = sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(list));
            let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
            for b in &binds {
                q = q.bind(b.clone());
                c = c.bind(b.clone());
            }
            Ok((q.fetch_all(p).await?, c.fetch_one(p).await?))
        })
    }

    /// Creates the enterprise with `code`, or brings it to `fields` when it
    /// exists; unchanged fields write nothing. The actor must cover the
    /// enterprise's region (old and new).
    pub async fn upsert_enterprise(
        &self,
        actor: &Actor,
        code: &CreditCode,
        fields: EnterpriseFields,
    ) -> Result<(Enterprise, Upsert)> {
        fields.check()?;
        let region = self.region(fields.region_id).await?;
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        let existing = self.enterprise_by_code(code).await?;
        if let Some(e) = &existing {
            if !actor.principal.covers(&RegionPath::from_stored(e.region_path.clone())) {
                return Err(StoreError::Forbidden);
            }
            if e.fields() == fields {
                return Ok((e.clone(), Upsert::Unchanged));
            }
        }
        let t = now();
        let f = &fields;
        let outcome = with_tx!(self, |tx| {
            let (id, outcome) = match &existing {
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO enterprises (credit_code, name, name_norm, former_names, region_id, address, \
                         industry_code, industry_name, chain_tags, founded_on, listed, listing_reserve, contact_name, \
                         contact_phone, created_at, updated_at, version) \
                         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,1) RETURNING id",
                    )
                    .bind(code.as_str().to_owned())
                    .bind(f.name.trim().to_owned())
                    .bind(name_key(&f.name))
                    .bind(f.former_names.clone())
                    .bind(f.region_id)
                    .bind(f.address.clone())
                    .bind(f.industry_code.clone())
                    .bind(f.industry_name.clone())
                    .bind(f.chain_tags.clone())
                    .bind(f.founded_on.clone())
                    .bind(f.listed)
                    .bind(f.listing_reserve)
                    .bind(f.contact_name.clone())
                    .bind(f.contact_phone.clone())
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        StoreError::on_unique(
                            e,
                            "credit_code",
                            format!("统一社会信用代码 {code} 已存在 / credit code already registered"),
                        )
                    })?;
                    let after = serde_json::to_value(f).unwrap_or_default();
                    tx.audit(
                        actor,
                        Change::create("enterprise", code.as_str(), Some(&region.path), after),
                    )
                    .await?;
                    (id, Upsert::Created)
                }
                Some(e) => {
                    let n = sqlx::query(
                        "UPDATE enterprises SET name = $1, name_norm = $2, former_names = $3, region_id = $4, address = $5, \
                         industry_code = $6, industry_name = $7, chain_tags = $8, founded_on = $9, listed = $10, \
                         listing_reserve = $11, contact_name = $12, contact_phone = $13, updated_at = $14, \
                         version = version + 1 WHERE id = $15 AND version = $16",
                    )
                    .bind(f.name.trim().to_owned())
                    .bind(name_key(&f.name))
                    .bind(f.former_names.clone())
                    .bind(f.region_id)
                    .bind(f.address.clone())
                    .bind(f.industry_code.clone())
                    .bind(f.industry_name.clone())
                    .bind(f.chain_tags.clone())
                    .bind(f.founded_on.clone())
                    .bind(f.listed)
                    .bind(f.listing_reserve)
                    .bind(f.contact_name.clone())
                    .bind(f.contact_phone.clone())
                    .bind(t)
                    .bind(e.id)
                    .bind(e.version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err(StoreError::Conflict {
                            entity: "enterprise",
                            current: e.version + 1,
                            submitted: e.version,
                        });
                    }
                    let before = serde_json::to_value(e.fields()).unwrap_or_default();
                    let after = serde_json::to_value(f).unwrap_or_default();
                    tx.audit(
                        actor,
                        Change::update("enterprise", code.as_str(), Some(&region.path), before, after),
                    )
                    .await?;
                    (e.id, Upsert::Updated)
                }
            };
            Ok((id, outcome))
        })?;
        let e = self.enterprise_by_code(code).await?.ok_or(StoreError::NotFound {
            entity: "enterprise",
            id: code.to_string(),
        })?;
        debug_assert_eq!(e.id, outcome.0);
        Ok((e, outcome.1))
    }
}

/// A certificate as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub fn certificate(&self) -> Option<kechuang_domain::registry::Certificate> {
        Some(kechuang_domain::registry::Certificate {
            kind: kechuang_domain::registry::CertificateKind::parse(&self.kind).ok()?,
            number: self.number.clone(),
            issued_on: self.issued_on.parse().ok()?,
            expires_on: self.expires_on.parse().ok()?,
        })
    }
}

impl Db {
    /// Records a certificate of an enterprise; a certificate with the same
    /// kind and number is kept once (a second identical record is a no-op).
    pub async fn add_certificate(
        &self,
        actor: &Actor,
        enterprise: &Enterprise,
        cert: &kechuang_domain::registry::Certificate,
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
            let after = serde_json::to_value(cert).unwrap_or_default();
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
}

/// Yearly facts as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub fn facts(&self) -> kechuang_domain::registry::YearFacts {
        kechuang_domain::registry::YearFacts {
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

const FACT_COLS: &str = "employees, st_staff, revenue_fen, high_tech_revenue_fen, rd_expense_fen, rd_expense_in_china_fen, \
     total_assets_fen, net_assets_fen, invention_patents, utility_models, software_copyrights, pct_applications";

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
    pub async fn upsert_facts(
        &self,
        actor: &Actor,
        enterprise: &Enterprise,
        f: &kechuang_domain::registry::YearFacts,
    ) -> Result<Upsert> {
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
            let after = serde_json::to_value(f).unwrap_or_default();
            let change = match &before {
                None => Change::create("enterprise_facts", &entity_id, Some(&enterprise.region_path), after),
                Some(b) => Change::update(
                    "enterprise_facts",
                    &entity_id,
                    Some(&enterprise.region_path),
                    serde_json::to_value(b.facts()).unwrap_or_default(),
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
}
