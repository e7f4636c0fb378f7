//! The demo city's plan: a fictional three-year plan, published, with a
//! year and a half of county progress reports.

use crate::store::prelude::*;
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_shell::DemoCtx;
use std::collections::HashMap;

/// A fictional plan of the demo city, published, with a year and a half of
/// county progress reports, so the supervision board has something to show.
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move { publish(&ctx.db, ctx.city_id, &ctx.regions).await })
}

async fn publish(db: &Db, city_id: i64, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
    use crate::store::{NewProgressReport, to_e4};
    let text = include_str!("../demo/yunzhou_plan.txt");
    let parsed = crate::parse_plan(text);
    let sys = Actor::system();
    let plan = db
        .create_plan(
            &sys,
            crate::draft_plan(city_id, "云州市科技创新三年行动方案.txt", text.to_owned(), &parsed),
        )
        .await?;
    let plan = db.publish_plan(&sys, plan.id, plan.version).await?;
    let counties: Vec<i64> = kechuang_demo::demo_regions()
        .iter()
        .filter(|r| r.level == "county")
        .filter_map(|r| ids.get(r.code).copied())
        .collect();
    for (idx, target) in db.plan_targets(plan.id).await?.into_iter().enumerate() {
        let (Some(base), Some(goal)) = (target.baseline_e4, Some(target.target_e4)) else {
            continue;
        };
        let summed = target.unit != "%";
        for (k, on) in ["2025-06-30", "2025-12-31", "2026-06-30"].iter().enumerate() {
            // by mid-2026 some targets are ahead of the straight line, some near it, some behind
            let share = [0.3, 0.65, 1.0][k] * [0.52, 0.62, 0.72][idx % 3];
            let value = base as f64 + (goal - base) as f64 * share;
            let reports: Vec<(i64, f64)> = if summed {
                let n = counties.len().max(1) as f64;
                counties
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (*c, value / n * (0.7 + 0.1 * i as f64) / (0.7 + 0.05 * (n - 1.0))))
                    .collect()
            } else {
                vec![(city_id, value)]
            };
            for (region_id, v) in reports {
                let value_e4 = to_e4(v / 10_000.0).unwrap_or(0);
                db.add_progress_report(
                    &sys,
                    NewProgressReport {
                        target_id: target.id,
                        region_id,
                        value_e4,
                        reported_on: (*on).to_owned(),
                        source: "演示数据 / demo".into(),
                        note: String::new(),
                        attachment: None,
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}
