//! The demo city's entered statistics, dated from the day the demo is
//! loaded: each county's GDP, resident population and fiscal S&T spending
//! for the last three full years (made-up figures, said so in the source),
//! and a group of the first four counties as a demonstration zone.

use crate::catalogue::IndicatorKey;
use crate::store::inputs::NewInput;
use crate::store::prelude::*;
use chrono::Datelike;
use futures_util::future::BoxFuture;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_shell::DemoCtx;

/// Loads the demo city's statistics.
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let db = &ctx.db;
        let sys = Actor::system();
        let scope = Scope::everything();
        let mut counties: Vec<(String, i64)> = db
            .regions()
            .await?
            .into_iter()
            .filter(|r| r.parent_id == Some(ctx.city_id))
            .map(|r| (r.code, r.id))
            .collect();
        counties.sort();
        let this_year = kechuang_kernel::clock::today().year();
        for (i, (_, id)) in counties.iter().enumerate() {
            let i = i as f64;
            for (k, year) in (this_year - 3..this_year).enumerate() {
                let growth = 1.06f64.powi(k as i32);
                let figures = [
                    (IndicatorKey::Gdp, (160.0 + 41.0 * i) * growth, 2),
                    (IndicatorKey::Population, 28.0 + 6.5 * i + 0.2 * k as f64, 2),
                    (IndicatorKey::FiscalSt, (6_500.0 + 1_300.0 * i) * growth, 0),
                ];
                for (indicator, value, decimals) in figures {
                    db.set_input(
                        &sys,
                        &scope,
                        &NewInput {
                            region_id: *id,
                            year: year as i64,
                            indicator,
                            value: format!("{value:.decimals$}"),
                            source: format!("{year}年国民经济和社会发展统计公报（演示数据，虚构）"),
                            note: String::new(),
                            version: None,
                        },
                    )
                    .await?;
                }
            }
        }
        let zone: Vec<i64> = counties.iter().take(4).map(|(_, id)| *id).collect();
        if zone.len() >= 2 {
            let city = Scope::everything()
                .narrow(&RegionPath::from_stored(ctx.city_path.clone()))
                .ok_or_else(|| anyhow::anyhow!("the demo city's scope"))?;
            db.create_group(&sys, &city, "协同发展示范区（演示）", &zone).await?;
        }
        Ok(())
    })
}
