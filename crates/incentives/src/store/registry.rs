//! The registry as incentives read it: high-tech enterprise certificates and
//! innovation platforms with their firm's region, and the accounts of a
//! firm (to tell it what it is entitled to). Read-only: the registry's tables
//! are written by the registry alone.

use crate::sources::{HteCertificate, PlatformRecord};
use chrono::NaiveDate;
use kechuang_kernel::{Db, Result, with_db};

/// A registry row with the region it lies in.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub region_id: i64,
    pub region_path: String,
    pub item: T,
}

fn day(s: &str) -> Option<NaiveDate> {
    s.get(..10)?.parse().ok()
}

#[easy_ext::ext(RegistryReader)]
impl Db {
    /// High-tech enterprise certificates issued from `from` to `to`
    /// (inclusive) of firms in `scope_path` (not merged into another),
    /// each saying whether the firm held one before; or one firm's.
    pub async fn hte_certificates(
        &self,
        scope_path: &str,
        from: NaiveDate,
        to: NaiveDate,
        credit_code: Option<&str>,
    ) -> Result<Vec<Located<HteCertificate>>> {
        let by_code = if credit_code.is_some() {
            " AND e.credit_code = $4"
        } else {
            ""
        };
        let sql = format!(
            "SELECT c.id, e.credit_code, e.name, r.id, r.path, r.name, c.issued_on, \
             EXISTS (SELECT 1 FROM certificates p WHERE p.enterprise_id = c.enterprise_id AND p.kind = c.kind \
                     AND p.issued_on < c.issued_on) \
             FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id JOIN regions r ON r.id = e.region_id \
             WHERE c.kind = 'high_tech_enterprise' AND e.merged_into IS NULL AND r.path LIKE $1 \
             AND c.issued_on >= $2 AND c.issued_on <= $3{by_code} ORDER BY c.id"
        );
        let rows: Vec<(i64, String, String, i64, String, String, String, bool)> = with_db!(self, |p| {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(format!("{scope_path}%"))
                .bind(from.to_string())
                .bind(to.to_string());
            if let Some(c) = credit_code {
                q = q.bind(c.to_owned());
            }
            q.fetch_all(p).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(
                |(id, credit_code, name, region_id, region_path, county, issued, held_before)| {
                    Some(Located {
                        region_id,
                        region_path,
                        item: HteCertificate {
                            id,
                            credit_code,
                            name,
                            county,
                            issued_on: day(&issued)?,
                            held_before,
                        },
                    })
                },
            )
            .collect())
    }

    /// Innovation platforms of `scope_path` hosted by a firm (or by one
    /// firm), with the host's name when the registry holds the firm.
    pub async fn hosted_platforms(
        &self,
        scope_path: &str,
        host_code: Option<&str>,
    ) -> Result<Vec<Located<PlatformRecord>>> {
        let by_code = if host_code.is_some() {
            " AND p.host_code = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT p.id, p.category, p.level, p.status, p.host_code, COALESCE(e.name, p.name), r.id, r.path, r.name, \
             p.attrs FROM registry_records p JOIN regions r ON r.id = p.region_id \
             LEFT JOIN enterprises e ON e.credit_code = p.host_code \
             WHERE p.kind = 'platform' AND p.host_code <> '' AND r.path LIKE $1{by_code} ORDER BY p.id"
        );
        let rows: Vec<(i64, String, String, String, String, String, i64, String, String, String)> =
            with_db!(self, |p| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(format!("{scope_path}%"));
                if let Some(c) = host_code {
                    q = q.bind(c.to_owned());
                }
                q.fetch_all(p).await?
            });
        Ok(rows
            .into_iter()
            .map(
                |(id, category, level, status, host_code, host_name, region_id, region_path, county, attrs)| {
                    let attrs: serde_json::Value = serde_json::from_str(&attrs).unwrap_or_default();
                    let recognised_on = attrs.get("recognised_on").and_then(|v| v.as_str()).and_then(day);
                    Located {
                        region_id,
                        region_path,
                        item: PlatformRecord {
                            id,
                            category,
                            level,
                            status,
                            host_code,
                            host_name,
                            county,
                            recognised_on,
                        },
                    }
                },
            )
            .collect())
    }

    /// The firm's region (id, path, name) and name, if the registry holds it.
    pub async fn enterprise_place(&self, credit_code: &str) -> Result<Option<(i64, String, String, String)>> {
        Ok(with_db!(self, |p| sqlx::query_as(
            "SELECT r.id, r.path, r.name, e.name FROM enterprises e JOIN regions r ON r.id = e.region_id \
             WHERE e.credit_code = $1"
        )
        .bind(credit_code.to_owned())
        .fetch_optional(p)
        .await?))
    }

    /// The active accounts of a firm.
    pub async fn enterprise_accounts(&self, credit_code: &str) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT id FROM users WHERE enterprise_code = $1 AND active = TRUE ORDER BY id"
        )
        .bind(credit_code.to_owned())
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }
}
