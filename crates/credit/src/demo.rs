//! The demo city's credit files: a blacklisted firm and a commended
//! institution, dated from the day the demo is loaded.

use crate::store::CreditStore;
use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use futures_util::future::BoxFuture;
use kechuang_demo::DemoCity;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_shell::DemoCtx;

/// Loads the demo city's credit records.
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move { records(&ctx.db, &ctx.city, ctx.city_id, kechuang_kernel::clock::today()).await })
}

async fn records(db: &Db, city: &DemoCity, city_id: i64, today: NaiveDate) -> anyhow::Result<()> {
    let firm = city.enterprises.last().context("the demo city has no firms")?;
    let records = [
        crate::record::CreditRecordInput {
            subject_kind: "enterprise".into(),
            subject_name: firm.name.clone(),
            subject_code: firm.credit_code.clone(),
            kind: "blacklist".into(),
            reason: "科技计划项目验收中提供虚假材料".into(),
            basis: "项目验收专家组意见及核查报告".into(),
            document_no: format!("云科信〔{}〕3号", today.year()),
            decided_on: (today - Days::new(60)).to_string(),
            until: (today + Days::new(3 * 365)).to_string(),
        },
        crate::record::CreditRecordInput {
            subject_kind: "institution".into(),
            subject_name: city.institutions[0].name.clone(),
            subject_code: city.institutions[0].credit_code.clone(),
            kind: "commendation".into(),
            reason: "技术转移绩效考核优秀".into(),
            basis: "年度技术转移机构绩效评价".into(),
            document_no: format!("云科字〔{}〕12号", today.year()),
            decided_on: (today - Days::new(30)).to_string(),
            until: String::new(),
        },
    ];
    for r in records {
        let record = r
            .validate(today)
            .map_err(|e| anyhow::anyhow!("demo credit record: {:?}", e.first()))?;
        db.add_credit_record(&Actor::system(), city_id, &record).await?;
    }
    Ok(())
}
