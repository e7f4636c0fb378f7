//! The cultivation pipeline of a scope (培育梯队): how many firms hold each
//! tier today, the high-tech-enterprise certificates that run out within a
//! year (the firm must apply again in its third year), and the annual
//! "应评尽评" list: firms whose figures of last year pass the tech-SME
//! evaluation but that hold no valid tech-SME registration.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use super::clinic::profile_year;
use crate::clinic::tech_sme_of;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kechuang_registry::CertificateKind;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::scope_of;
use minijinja::{Value, context};

/// Days ahead in which an expiring HTE certificate is shown.
const REMINDER_DAYS: u64 = 365;

/// `GET /cultivation/pipeline`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let d = today();
    let on = d.to_string();
    // Tiers: firms holding each certificate valid today, summed over regions.
    let mut tiers: BTreeMap<String, i64> = BTreeMap::new();
    for c in state.db.enterprise_counts(&scope, &on).await? {
        *tiers.entry(c.kind).or_default() += c.count;
    }
    let total = tiers.remove("total").unwrap_or(0);
    let tier_rows: Vec<Value> = CertificateKind::ALL
        .iter()
        .map(|k| context! { label => k.label_zh(), count => tiers.get(k.as_str()).copied().unwrap_or(0) })
        .collect();
    let until = (d + chrono::Days::new(REMINDER_DAYS)).to_string();
    let expiring = state
        .db
        .expiring_certificates(&scope, CertificateKind::HighTechEnterprise.as_str(), &on, &until)
        .await?;
    // 应评尽评: last year's figures pass, no valid registration today.
    let year = d.year() - 1;
    let mut should_apply = Vec::new();
    let rows = state.db.facts_in_year(&scope, year, &on).await?;
    let capped = rows.len() as i64 >= crate::store::pipeline::LIST_CAP;
    for row in rows {
        if row.tech_sme_valid {
            continue;
        }
        let report = tech_sme_of(&profile_year(&row.facts.facts()), row.hte_valid);
        if report.qualified {
            should_apply.push(context! {
                code => row.credit_code, name => row.name, region => row.region_name,
                score => report.score, direct => report.qualified_via.map(|v| format!("{v:?}").to_lowercase()),
            });
        }
    }
    let html = render(
        &ctx,
        "cultivation_pipeline.html",
        context! {
            total => total, tiers => tier_rows, expiring => Value::from_serialize(&expiring),
            should_apply => should_apply, year => year, today => on, until => until, capped => capped,
            cap => crate::store::pipeline::LIST_CAP,
        },
    )?;
    Ok(html.into_response())
}
