//! Reading the records indicators are counted from: the registry's
//! certificates, platforms, yearly facts and enterprises, the market's
//! technology contracts and incentives' payments. This module is the one
//! place indicators read other capabilities' tables, read-only; what counts
//! is decided by `crate::count`.

use crate::catalogue::Base;
use crate::count::{Bases, CertRow, ContractRow, PlatformRow};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kechuang_kernel::{Db, Result, with_db};
use std::collections::HashSet;

/// The ids of the regions an evaluation covers.
pub type Regions = HashSet<i64>;

/// Platform kinds that are an enterprise's R&D institution (研发机构).
pub const RD_PLATFORM_KINDS: &[&str] = &[
    "key_lab",
    "tech_innovation_center",
    "engineering_research_center",
    "enterprise_tech_center",
    "new_rd_institution",
    "industrial_tech_institute",
    "academician_workstation",
];

fn date(s: &str) -> Option<NaiveDate> {
    s.get(..10).and_then(|d| d.parse().ok())
}

#[easy_ext::ext(SourceStore)]
impl Db {
    /// Certificates of `kind` of unmerged firms in `regions` still valid on
    /// or after `since` (older ones decide nothing from then on).
    pub async fn certificate_rows(&self, kind: &str, regions: &Regions, since: NaiveDate) -> Result<Vec<CertRow>> {
        let rows: Vec<(i64, i64, String, String)> = with_db!(self, |p| sqlx::query_as(
            "SELECT c.enterprise_id, e.region_id, c.issued_on, c.expires_on FROM certificates c \
             JOIN enterprises e ON e.id = c.enterprise_id \
             WHERE c.kind = $1 AND c.expires_on >= $2 AND e.merged_into IS NULL"
        )
        .bind(kind)
        .bind(since.to_string())
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .filter(|r| regions.contains(&r.1))
            .filter_map(|(enterprise_id, region_id, i, e)| {
                Some(CertRow {
                    enterprise_id,
                    region_id,
                    issued_on: date(&i)?,
                    expires_on: date(&e)?,
                })
            })
            .collect())
    }

    /// Platforms under the region path pattern.
    pub async fn platform_rows(&self, like: &str) -> Result<Vec<PlatformRow>> {
        let rows: Vec<(i64, String, String, String, DateTime<Utc>)> = with_db!(self, |p| sqlx::query_as(
            "SELECT g.region_id, g.level, g.status, g.attrs, g.created_at FROM registry_records g \
             JOIN regions r ON r.id = g.region_id WHERE g.kind = 'platform' AND r.path LIKE $1"
        )
        .bind(like)
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(region_id, level, status, attrs, created)| {
                let recognised_on = serde_json::from_str::<serde_json::Value>(&attrs)
                    .ok()
                    .and_then(|a| a.get("recognised_on").and_then(|v| v.as_str()).and_then(date));
                PlatformRow {
                    region_id,
                    level,
                    status,
                    recognised_on,
                    recorded_on: kechuang_kernel::clock::date_in_china(created),
                }
            })
            .collect())
    }

    /// Technology contracts registered under the region path pattern.
    pub async fn contract_rows(&self, like: &str) -> Result<Vec<ContractRow>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, i64, String, String, String, i64, i64, Option<i64>, String)> =
            with_db!(self, |p| sqlx::query_as(
                "SELECT c.id, c.region_id, c.signed_on, c.buyer_area, c.seller_area, c.amount_fen, \
                 c.tech_amount_fen, c.achievement_id, c.review FROM tech_contracts c \
                 JOIN regions r ON r.id = c.region_id WHERE r.path LIKE $1"
            )
            .bind(like)
            .fetch_all(p)
            .await?);
        Ok(rows
            .into_iter()
            .filter_map(
                |(
                    id,
                    region_id,
                    signed,
                    buyer_area,
                    seller_area,
                    amount_fen,
                    tech_amount_fen,
                    achievement_id,
                    review,
                )| {
                    Some(ContractRow {
                        id,
                        region_id,
                        signed_on: date(&signed)?,
                        buyer_area,
                        seller_area,
                        amount_fen,
                        tech_amount_fen,
                        achievement_id,
                        review,
                    })
                },
            )
            .collect())
    }

    /// R&D expenditure and invention patents summed from the yearly facts
    /// of `years`, added to `bases` by region and year.
    pub async fn add_fact_sums(&self, regions: &Regions, years: (i32, i32), bases: &mut Bases) -> Result<()> {
        let rows: Vec<(i64, i64, i64, i64)> = with_db!(self, |p| {
            sqlx::query_as(
            "SELECT e.region_id, f.year, CAST(SUM(f.rd_expense_fen) AS BIGINT), CAST(SUM(f.invention_patents) AS BIGINT) \
             FROM enterprise_facts f JOIN enterprises e ON e.id = f.enterprise_id \
             WHERE f.year BETWEEN $1 AND $2 AND e.merged_into IS NULL GROUP BY e.region_id, f.year"
        )
        .bind(i64::from(years.0))
        .bind(i64::from(years.1))
        .fetch_all(p)
        .await?
        });
        for (region, year, rd, patents) in rows.into_iter().filter(|r| regions.contains(&r.0)) {
            let year = year as i32;
            *bases.entry((region, year, Base::RdFen)).or_insert(0.0) += rd as f64;
            *bases.entry((region, year, Base::InventionPatents)).or_insert(0.0) += patents as f64;
        }
        Ok(())
    }

    /// Above-scale industrial firms today and those hosting a running R&D
    /// platform, added to `bases` under `year`.
    pub async fn add_above_scale(&self, regions: &Regions, year: i32, bases: &mut Bases) -> Result<()> {
        let kinds = RD_PLATFORM_KINDS
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ");
        // the kinds are this module's constants, not input
        let sql = format!(
            "SELECT DISTINCT host_code FROM registry_records WHERE kind = 'platform' AND host_code <> '' \
             AND category IN ({kinds}) AND status NOT IN ('revoked', 'under_construction')"
        );
        let hosts: Vec<(String,)> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(p)
            .await?);
        let hosts: HashSet<String> = hosts.into_iter().map(|(h,)| h).collect();
        let firms: Vec<(i64, String)> = with_db!(self, |p| sqlx::query_as(
            "SELECT e.region_id, e.credit_code FROM enterprises e \
             WHERE e.above_scale_industrial = TRUE AND e.merged_into IS NULL"
        )
        .fetch_all(p)
        .await?);
        for (region, code) in firms.into_iter().filter(|f| regions.contains(&f.0)) {
            *bases.entry((region, year, Base::AboveScale)).or_insert(0.0) += 1.0;
            let with = if hosts.contains(&code) { 1.0 } else { 0.0 };
            *bases.entry((region, year, Base::AboveScaleWithRd)).or_insert(0.0) += with;
        }
        Ok(())
    }

    /// Incentives paid, by the firm's region and the China-time year of
    /// payment, added to `bases`.
    pub async fn add_paid(&self, like: &str, bases: &mut Bases) -> Result<()> {
        let rows: Vec<(i64, Option<DateTime<Utc>>, i64)> = with_db!(self, |p| sqlx::query_as(
            "SELECT n.region_id, n.paid_at, COALESCE(n.approved_fen, n.amount_fen) FROM incentive_entitlements n \
             JOIN regions r ON r.id = n.region_id WHERE n.status = 'paid' AND r.path LIKE $1"
        )
        .bind(like)
        .fetch_all(p)
        .await?);
        for (region, at, fen) in rows {
            if let Some(at) = at {
                let year = kechuang_kernel::clock::date_in_china(at).year();
                *bases.entry((region, year, Base::PaidFen)).or_insert(0.0) += fen as f64;
            }
        }
        Ok(())
    }
}
