//! The demo city's incentives, dated from the day the demo is loaded: 云州
//! applies the 盘锦 2019 and 洛阳 2019 clauses by a notice of its own (a
//! demo city adopting real texts, said so in the notice) over the last
//! three years and the next, and previews the 廊坊 2021 draft; it sets the
//! parameter the 盘锦 text leaves open and this year's budgets; the rules run
//! over the registry (免申即享); the demo firm has an IP-pledge loan whose
//! interest subsidy is found and told; some entitlements go on to be
//! confirmed, approved and paid in a batch, and another firm has applied.

use crate::service::Incentives;
use crate::store::batches::PaymentResult;
use crate::store::budgets::BudgetInput;
use crate::store::entitlements::EntitlementQuery;
use crate::store::prelude::*;
use crate::store::setup::{Enactment, EnactmentMode};
use crate::workflow::EntitlementStatus;
use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use futures_util::future::BoxFuture;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::scope::Scope;
use kechuang_shell::DemoCtx;
use serde_json::json;

/// Loads the demo city's incentives.
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move { load_at(&ctx, kechuang_kernel::clock::today()).await })
}

/// What the demo loads, as of `today`.
pub async fn load_at(ctx: &DemoCtx, today: NaiveDate) -> anyhow::Result<()> {
    let db = &ctx.db;
    let sys = Actor::system();
    let svc = Incentives::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    db.record_rule_versions(svc.sets()).await?;
    let from = NaiveDate::from_ymd_opt(today.year() - 3, 1, 1).context("demo period")?;
    let to = today + Days::new(365);
    let year = today.year();
    for (set_id, mode, notice) in [
        (
            "panjin-2019",
            EnactmentMode::InForce,
            format!("云科〔{year}〕21号 关于参照执行盘锦市科技创新政策条款的通知（演示）"),
        ),
        (
            "luoyang-2019",
            EnactmentMode::InForce,
            format!("云科〔{year}〕22号 关于参照执行洛阳市开放合作政策条款的通知（演示）"),
        ),
        (
            "langfang-2021",
            EnactmentMode::Preview,
            "征求意见稿，仅用于测算（演示）".to_owned(),
        ),
    ] {
        let set = svc.set(set_id).context("shipped set")?;
        db.enact(
            &sys,
            ctx.city_id,
            set,
            &Enactment {
                set_id,
                mode,
                from,
                to,
                notice: &notice,
            },
        )
        .await?;
    }
    let panjin = svc.set("panjin-2019").context("panjin set")?;
    db.set_parameter(&sys, ctx.city_id, panjin, "salary_years", "3", "演示：按劳动合同期3年")
        .await?;
    for (set_id, line, wan) in [
        ("panjin-2019", "science_fund", 2000),
        ("panjin-2019", "talent_fund", 1000),
        ("luoyang-2019", "innovation_fund", 5000),
    ] {
        for y in [year - 1, year] {
            db.set_budget(
                &sys,
                &BudgetInput {
                    region_id: ctx.city_id,
                    set_id: set_id.into(),
                    line: line.into(),
                    year: i64::from(y),
                    amount_fen: wan * 10_000 * 100,
                },
            )
            .await?;
        }
    }
    // The demo firm's IP-pledge loan, recorded by the bureau.
    if let Some(code) = &ctx.enterprise {
        let (region_id, _, county, name) = db.enterprise_place(code).await?.context("demo firm in the registry")?;
        let event = crate::rules::event::Event {
            kind: crate::rules::event::EventKind::IpPledgeLoan,
            date: today - Days::new(40),
            subject: crate::rules::event::Subject {
                credit_code: code.clone(),
                county,
                name,
            },
            facts: [
                ("principal_yuan".to_owned(), json!("10000000")),
                ("benchmark_rate_pct".to_owned(), json!("4.35")),
                ("days".to_owned(), json!("365")),
            ]
            .into_iter()
            .collect(),
        };
        svc.record(db, &sys, region_id, &event, "form", &format!("云银质押〔{year}〕007号"))
            .await?;
    }
    svc.run_all(db, &sys).await?;
    progress(ctx, today).await
}

/// Moves some entitlements along: three confirmed, two of them approved
/// and paid in a batch; one firm applies for a home-purchase subsidy.
async fn progress(ctx: &DemoCtx, today: NaiveDate) -> anyhow::Result<()> {
    let db = &ctx.db;
    let sys = Actor::system();
    let mut q = EntitlementQuery::new(Scope::everything());
    q.statuses = vec![EntitlementStatus::Told, EntitlementStatus::Found];
    q.limit = 200;
    let open: Vec<_> = db
        .entitlements(&q)
        .await?
        .into_iter()
        .filter(|e| Some(&e.subject_code) != ctx.enterprise.as_ref() && e.year == i64::from(today.year()) - 1)
        .take(3)
        .collect();
    let svc = Incentives::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut approved = Vec::new();
    for (i, e) in open.iter().enumerate() {
        db.confirm_entitlement(&sys, e.id, "云州银行营业部", &format!("62170000{:08}", e.id))
            .await?;
        if i < 2 {
            let line = svc
                .rule(&e.rule_id)
                .map(|(_, r)| r.budget_line.clone())
                .unwrap_or_default();
            db.approve_entitlement(&sys, e.id, None, &line).await?;
            approved.push(e.id);
        }
    }
    if !approved.is_empty()
        && let Some(batch) = db.create_batch(&sys, &Scope::everything(), ctx.city_id).await?
    {
        let results: Vec<PaymentResult> = approved
            .iter()
            .enumerate()
            .map(|(i, id)| PaymentResult {
                line: i + 2,
                entitlement_id: *id,
                paid: true,
                reference: format!("云财支〔{}〕{:04}号", today.year(), 100 + i),
            })
            .collect();
        db.settle_batch(&sys, batch, &results).await?;
    }
    // Another firm of the first county applies for what data cannot decide.
    let firm = ctx.city.enterprises.iter().rev().nth(1).context("a second demo firm")?;
    if let Some((region_id, _, county, name)) = db.enterprise_place(&firm.credit_code).await? {
        let event = crate::rules::event::Event {
            kind: crate::rules::event::EventKind::DoctorHomePurchase,
            date: today - Days::new(20),
            subject: crate::rules::event::Subject {
                credit_code: firm.credit_code.clone(),
                county,
                name,
            },
            facts: [
                ("price_yuan".to_owned(), json!("1350000")),
                ("first_home".to_owned(), json!(true)),
                ("employed_locally".to_owned(), json!(true)),
            ]
            .into_iter()
            .collect(),
        };
        db.submit_application(
            &sys,
            &crate::store::applications::ApplicationInput {
                rule_id: "panjin-2019/doctor-home".into(),
                set_id: "panjin-2019".into(),
                region_id,
                event,
                requested_fen: 12 * 10_000 * 100,
                statement: "引进全日制博士1名，在本市购买首套住房，申请购房补贴。".into(),
                bank_name: "云州银行营业部".into(),
                bank_account: "6217000011112222".into(),
            },
        )
        .await?;
    }
    Ok(())
}
