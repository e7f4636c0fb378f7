//! The indicators plan targets and county assessments can bind to (the
//! shell's `Metric` seam): a target such as "高新技术企业达到600家" is
//! judged on the registry's count over the target's period rather than on a
//! typed-in report. Certificates and platforms are counted on the last day
//! of the period (stocks) or over the whole period (new ones), contract
//! turnover over the period; every other indicator (ratios, growth, sums
//! of yearly facts, entered statistics) for the calendar year of the
//! period's last day, as the indicator pages show it.

use crate::catalogue::IndicatorKey;
use crate::count::{gained_between, held_on};
use crate::store::prelude::*;
use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use kechuang_kernel::{Db, Result};
use kechuang_shell::Metric;

/// The value of `key` for the region with stored path `path` over the
/// China-time days `from..=to`; `None` when there is no figure.
pub async fn value(db: &Db, key: IndicatorKey, path: &str, from: NaiveDate, to: NaiveDate) -> Result<Option<f64>> {
    use IndicatorKey::*;
    let like = format!("{path}%");
    let sum = |m: std::collections::BTreeMap<i64, f64>| m.values().sum::<f64>();
    let regions: crate::store::sources::Regions =
        crate::store::region_nodes(db, &kechuang_kernel::region::RegionPath::from_stored(path.to_owned()))
            .await?
            .iter()
            .map(|r| r.id)
            .collect();
    // certificates expired before the day before the period decide nothing
    let since = from.pred_opt().unwrap_or(from).min(to);
    let certs = |kind: &'static str| db.certificate_rows(kind, &regions, since);
    Ok(Some(match key {
        HteHeld => sum(held_on(&certs("high_tech_enterprise").await?, to)),
        HteNew => sum(gained_between(&certs("high_tech_enterprise").await?, from, to)),
        TechSmeHeld => sum(held_on(&certs("tech_sme").await?, to)),
        TechSmeNew => sum(gained_between(&certs("tech_sme").await?, from, to)),
        Platforms => db
            .platform_rows(&like)
            .await?
            .iter()
            .filter(|p| {
                !matches!(p.status.as_str(), "revoked" | "under_construction")
                    && p.recognised_on.unwrap_or(p.recorded_on) <= to
            })
            .count() as f64,
        PlatformsNew => db
            .platform_rows(&like)
            .await?
            .iter()
            .filter(|p| p.recognised_on.is_some_and(|d| (from..=to).contains(&d)))
            .count() as f64,
        ContractTurnover => {
            let fen: i64 = db
                .contract_rows(&like)
                .await?
                .iter()
                .filter(|c| c.review != "confirmed" && (from..=to).contains(&c.signed_on))
                .map(|c| c.amount_fen)
                .sum();
            crate::figures::round(fen as f64 / 1_000_000.0, 2)
        }
        _ => return of_year(db, key, path, to).await,
    }))
}

/// `key` for the region at `path` in the calendar year of `on`, as the
/// indicator pages show it.
async fn of_year(db: &Db, key: IndicatorKey, path: &str, on: NaiveDate) -> Result<Option<f64>> {
    use chrono::Datelike;
    let Some(region) = db.regions().await?.into_iter().find(|r| r.path == path) else {
        return Ok(None);
    };
    let year = on.year();
    let today = kechuang_kernel::clock::today().min(on);
    let book = db
        .book(
            &kechuang_kernel::region::RegionPath::from_stored(region.path),
            &[year - 1, year],
            today,
        )
        .await?;
    Ok(book.figure(key, &crate::figures::Area::Region(region.id), year).value)
}

macro_rules! metrics {
    ($( $f:ident => $key:ident, $code:literal, $unit:literal; )+) => {
        $(
            fn $f<'a>(db: &'a Db, path: &'a str, from: NaiveDate, to: NaiveDate) -> BoxFuture<'a, Result<Option<f64>>> {
                Box::pin(value(db, IndicatorKey::$key, path, from, to))
            }
        )+
        /// The metrics of this capability.
        pub static METRICS: &[Metric] = &[
            $( Metric {
                key: concat!("indicators.", $code),
                label: concat!("indicator.", $code),
                definition: concat!("indicator.", $code, ".def"),
                unit: $unit,
                compute: $f,
            }, )+
        ];
    };
}

metrics! {
    hte_held => HteHeld, "hte_held", "家";
    hte_new => HteNew, "hte_new", "家";
    tech_sme_held => TechSmeHeld, "tech_sme_held", "家";
    tech_sme_new => TechSmeNew, "tech_sme_new", "家";
    platforms => Platforms, "platforms", "个";
    platforms_new => PlatformsNew, "platforms_new", "个";
    platforms_provincial => PlatformsProvincial, "platforms_provincial", "个";
    contract_turnover => ContractTurnover, "contract_turnover", "万元";
    contract_growth => ContractGrowth, "contract_growth", "%";
    bt_share => BeijingTianjinShare, "bt_share", "%";
    achievements_converted => AchievementsConverted, "achievements_converted", "项";
    rd_expense => RdExpense, "rd_expense", "万元";
    invention_patents => InventionPatents, "invention_patents", "件";
    above_scale_rd_share => AboveScaleRdShare, "above_scale_rd_share", "%";
    incentives_paid => IncentivesPaid, "incentives_paid", "万元";
    gdp => Gdp, "gdp", "亿元";
    population => Population, "population", "万人";
    fiscal_st => FiscalSt, "fiscal_st", "万元";
    rd_intensity => RdIntensity, "rd_intensity", "%";
    patents_per_10k => PatentsPer10k, "patents_per_10k", "件/万人";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_is_a_metric() {
        assert_eq!(METRICS.len(), IndicatorKey::ALL.len());
    }

    #[test]
    fn every_metric_names_an_indicator_with_its_unit() {
        for m in METRICS {
            let code = m.key.strip_prefix("indicators.").unwrap();
            let key = IndicatorKey::parse(code).unwrap();
            assert_eq!(m.label, key.label_key());
            assert_eq!(m.definition, key.definition_key());
            assert_eq!(
                m.unit,
                crate::catalogue::spec(key).unit.label(kechuang_kernel::vocab::Lang::Zh)
            );
        }
    }
}
