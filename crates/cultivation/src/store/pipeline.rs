//! Reads for the cultivation pipeline: certificates that run out within a
//! window (re-certification reminders), and one year's facts of every
//! enterprise in a scope with what it holds (for the annual list of firms
//! that should be evaluated).

use kechuang_kernel::scope::Scope;
use serde::Serialize;

use kechuang_kernel::{Db, Result};
use kechuang_registry::store::facts::{FACT_COLS, StoredFacts};

/// A certificate that runs out within a window, with its holder.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ExpiringCertificate {
    pub enterprise_id: i64,
    pub credit_code: String,
    pub name: String,
    pub region_name: String,
    pub kind: String,
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
}

/// One enterprise's facts of one year, with its name, founding date, listing
/// and the certificates the cultivation rules look at, valid on the day asked.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct YearRow {
    pub credit_code: String,
    pub name: String,
    pub region_name: String,
    pub founded_on: Option<String>,
    pub listed: bool,
    pub hte_valid: bool,
    pub tech_sme_valid: bool,
    pub gazelle_valid: bool,
    pub leading_valid: bool,
    #[sqlx(flatten)]
    pub facts: StoredFacts,
}

/// At most this many rows per list.
pub const LIST_CAP: i64 = 5_000;

#[easy_ext::ext(PipelineStore)]
impl Db {
    /// Certificates of `kind` held by enterprises in `scope` that expire
    /// between `from` and `to` (ISO dates, inclusive) and have not been
    /// followed by a later certificate of the same kind, soonest first.
    pub async fn expiring_certificates(
        &self,
        scope: &Scope,
        kind: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<ExpiringCertificate>> {
        let sql = format!(
            "SELECT e.id AS enterprise_id, e.credit_code, e.name, r.name AS region_name, c.kind, c.number, \
             c.issued_on, c.expires_on \
             FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id JOIN regions r ON r.id = e.region_id \
             WHERE e.merged_into IS NULL AND r.path LIKE $1 AND c.kind = $2 AND c.expires_on >= $3 \
             AND c.expires_on <= $4 AND NOT EXISTS (SELECT 1 FROM certificates n WHERE n.enterprise_id = c.enterprise_id \
             AND n.kind = c.kind AND n.expires_on > c.expires_on) \
             ORDER BY c.expires_on, e.name_norm LIMIT {LIST_CAP}"
        );
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(scope.like_pattern())
            .bind(kind.to_owned())
            .bind(from.to_owned())
            .bind(to.to_owned())
            .fetch_all(p)
            .await?))
    }

    /// The facts of `year` of every enterprise in `scope` that has them, in
    /// name order, with whether it holds a high-tech-enterprise and a
    /// tech-SME certificate valid on `on` (ISO date).
    pub async fn facts_in_year(&self, scope: &Scope, year: i32, on: &str) -> Result<Vec<YearRow>> {
        let cols: String = FACT_COLS.split(", ").map(|c| format!("f.{c}, ")).collect();
        let valid = |kind: &str| {
            format!(
                "EXISTS (SELECT 1 FROM certificates c WHERE c.enterprise_id = e.id AND c.kind = '{kind}' \
                 AND c.issued_on <= $3 AND c.expires_on >= $3)"
            )
        };
        let sql = format!(
            "SELECT e.credit_code, e.name, r.name AS region_name, e.founded_on, e.listed, {} AS hte_valid, \
             {} AS tech_sme_valid, {} AS gazelle_valid, {} AS leading_valid, \
             f.id, f.enterprise_id, f.year, {cols}f.version \
             FROM enterprise_facts f JOIN enterprises e ON e.id = f.enterprise_id JOIN regions r ON r.id = e.region_id \
             WHERE e.merged_into IS NULL AND r.path LIKE $1 AND f.year = $2 ORDER BY e.name_norm, e.id LIMIT {LIST_CAP}",
            valid("high_tech_enterprise"),
            valid("tech_sme"),
            valid("gazelle"),
            valid("leading_enterprise"),
        );
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(scope.like_pattern())
            .bind(i64::from(year))
            .bind(on.to_owned())
            .fetch_all(p)
            .await?))
    }
}
