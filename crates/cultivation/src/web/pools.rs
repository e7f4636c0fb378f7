//! Reserve pools in the web UI: for one pool, the members and the
//! decisions staff made, and the firms the rules propose from last years'
//! figures (those without a decision in this pool yet), which staff confirm
//! or dismiss with a reason.

use crate::store::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::clinic::profile_year;
use crate::clinic::pools::{Pool, PoolFacts, proposals};
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kechuang_kernel::access::allows;
use kechuang_registry::web::visible_enterprise;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

fn pool_of(q: &BTreeMap<String, String>) -> Pool {
    q.get("pool").and_then(|p| Pool::parse(p)).unwrap_or(Pool::HteReserve)
}

/// `GET /cultivation/pools?pool=…`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let pool = pool_of(&q);
    let d = today();
    let on = d.to_string();
    let entries = state.db.pool_entries(&scope, pool.as_str()).await?;
    let decided: HashSet<String> = entries.iter().map(|e| e.credit_code.clone()).collect();
    // Three years of figures per firm, keyed by code.
    let mut firms: HashMap<String, (PoolFacts, String, String)> = HashMap::new();
    let mut capped = false;
    for year in (d.year() - 3)..d.year() {
        let rows = state.db.facts_in_year(&scope, year, &on).await?;
        capped |= rows.len() as i64 >= crate::store::pipeline::LIST_CAP;
        for row in rows {
            let entry = firms.entry(row.credit_code.clone()).or_insert_with(|| {
                let facts = PoolFacts {
                    founded_on: row
                        .founded_on
                        .as_deref()
                        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()),
                    ..Default::default()
                };
                (facts, row.name.clone(), row.region_name.clone())
            });
            let f = &mut entry.0;
            (
                f.hte_valid,
                f.tech_sme_valid,
                f.gazelle_valid,
                f.leading_valid,
                f.listed,
            ) = (
                row.hte_valid,
                row.tech_sme_valid,
                row.gazelle_valid,
                row.leading_valid,
                row.listed,
            );
            f.years.push(profile_year(&row.facts.facts()));
        }
    }
    let mut candidates: Vec<(String, String, String, String)> = firms
        .into_iter()
        .filter(|(code, _)| !decided.contains(code))
        .filter_map(|(code, (facts, name, region))| {
            proposals(&facts, d)
                .into_iter()
                .find(|(p, _)| *p == pool)
                .map(|(_, why)| (name, code, region, why.zh))
        })
        .collect();
    candidates.sort();
    let candidates: Vec<Value> = candidates
        .into_iter()
        .map(|(name, code, region, reason)| context! { name, code, region, reason })
        .collect();
    let tabs: Vec<Value> = Pool::ALL
        .iter()
        .map(|p| context! { key => p.as_str(), label => p.label_zh(), current => *p == pool })
        .collect();
    let html = render(
        &ctx,
        "cultivation_pools.html",
        context! {
            pool => pool.as_str(), label => pool.label_zh(), tabs => tabs,
            entries => Value::from_serialize(&entries), candidates => candidates,
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_CULTIVATION), year => d.year() - 1,
            capped => capped, cap => crate::store::pipeline::LIST_CAP,
        },
    )?;
    Ok(html.into_response())
}

#[derive(serde::Deserialize)]
pub struct PoolDecision {
    pub pool: String,
    pub code: String,
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    /// The version of the decision the page showed; absent for a candidate
    /// with no decision yet.
    #[serde(default)]
    pub version: Option<i64>,
}

/// `POST /cultivation/pools/decide`: `member`, `dismissed` or `removed`.
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(d): Form<PoolDecision>,
) -> Result<Response, AppError> {
    let pool = Pool::parse(&d.pool).ok_or_else(|| AppError::invalid("pool", "未知的后备库 / unknown pool"))?;
    let e = visible_enterprise(&state, &ctx, &d.code).await?;
    state
        .db
        .decide_pool(
            &ctx.actor(),
            pool.as_str(),
            &e,
            &d.decision,
            &d.reason,
            &d.note,
            d.version,
        )
        .await?;
    Ok(see_other(&format!("/cultivation/pools?pool={}", pool.as_str())))
}
