//! Technology contracts in the web UI: the register (filters, flagged
//! registrations awaiting review), the registration form, one contract with
//! its flags and review, and the turnover statistics as tables and SVG charts.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::contract::{CONTRACT_KINDS, ContractInput, Flag, Stats, stats};
use crate::store::{ContractQuery, ContractRow};
use crate::vocab::{self, AREAS};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use kechuang_charts::{Bar, BarChart, horizontal_bars};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::options;
use kechuang_shell::page::{PAGE, keep_query, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

fn wan(fen: i64) -> String {
    super::wan(Some(fen))
}

fn flag_labels(json: &str) -> Vec<&'static str> {
    serde_json::from_str::<Vec<Flag>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(Flag::label_zh)
        .collect()
}

pub(super) fn view(c: &ContractRow) -> Value {
    context! {
        c => Value::from_serialize(c), kind => vocab::zh(CONTRACT_KINDS, &c.kind),
        buyer_area => vocab::zh(AREAS, &c.buyer_area), seller_area => vocab::zh(AREAS, &c.seller_area),
        amount => wan(c.amount_fen), tech_amount => wan(c.tech_amount_fen), flags => flag_labels(&c.flags),
    }
}

/// `GET /market/contracts?year=&kind=&pending=1&page=`: the registrations
/// of the officer's region and below, latest signed first, a page at a time.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let page = kechuang_shell::page::page_of(&q)?;
    let query = ContractQuery {
        limit: PAGE,
        offset: (page - 1) * PAGE,
        ..contract_query(&ctx, &q, "kind")?
    };
    let total = state.db.count_contracts(&query).await?;
    let rows: Vec<Value> = state.db.contracts(&query).await?.iter().map(view).collect();
    let html = render(
        &ctx,
        "market_contracts.html",
        context! {
            rows => rows, kinds => options(CONTRACT_KINDS), filters => Value::from_serialize(&q),
            can_register => allows(ctx.principal.role, crate::access::REGISTER_CONTRACTS),
            pages => pages(total, page), keep => keep_query(&q),
        },
    )?;
    Ok(html.into_response())
}

/// The register's filters in `q` (`year`, the contract type under
/// `kind_param`, `pending=1`) within the officer's region.
pub(super) fn contract_query(
    ctx: &Ctx,
    q: &BTreeMap<String, String>,
    kind_param: &str,
) -> Result<ContractQuery, AppError> {
    let scope = scope_of(ctx)?;
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let year = match get("year") {
        None => None,
        Some(y) => Some(
            y.parse::<i32>()
                .ok()
                .filter(|y| (1949..=9999).contains(y))
                .ok_or_else(|| {
                    AppError::invalid("year", format!("年度应为四位数字 / the year must be four digits: {y}"))
                })?,
        ),
    };
    let kind = match get(kind_param) {
        None => String::new(),
        Some(k) => vocab::parse(CONTRACT_KINDS, k)
            .ok_or_else(|| AppError::invalid(kind_param, format!("未知合同类型 / unknown contract type: {k}")))?
            .to_owned(),
    };
    Ok(ContractQuery {
        scope_like: scope.like_pattern(),
        year,
        kind,
        pending_only: get("pending") == Some("1"),
        ..Default::default()
    })
}

/// `GET /market/contracts/new`.
pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    let html = render(
        &ctx,
        "market_contract_new.html",
        context! { kinds => options(CONTRACT_KINDS), areas => options(AREAS) },
    )?;
    Ok(html.into_response())
}

/// `POST /market/contracts`: registers one contract in the officer's region.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ContractInput>,
) -> Result<Response, AppError> {
    let c = f.validate(today()).map_err(super::invalid)?;
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let ids = state.db.register_contracts(&ctx.actor(), &[(region, c)]).await?;
    Ok(see_other(&format!("/market/contracts/{}", ids[0])))
}

async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> Result<ContractRow, AppError> {
    let c = state.db.contract(id).await?;
    let scope = scope_of(ctx)?;
    if !c.region_path.starts_with(scope.as_str()) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// `GET /market/contracts/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let c = visible(&state, &ctx, id).await?;
    let html = render(
        &ctx,
        "market_contract.html",
        context! { item => view(&c), can_review => allows(ctx.principal.role, crate::access::REVIEW_MARKET) },
    )?;
    Ok(html.into_response())
}

/// `POST /market/contracts/{id}/review`: `verdict` (cleared / confirmed), `note`, `version`.
pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let verdict = f.get("verdict").map(String::as_str).unwrap_or("");
    let note = f.get("note").map(String::as_str).unwrap_or("");
    if !matches!(verdict, "cleared" | "confirmed") {
        return Err(AppError::invalid(
            "verdict",
            "应为“无异常”或“确认异常” / cleared or confirmed",
        ));
    }
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    visible(&state, &ctx, id).await?;
    state
        .db
        .review_contract(&ctx.actor(), id, version, verdict, note)
        .await?;
    Ok(see_other(&format!("/market/contracts/{id}")))
}

/// Statistics of the contracts in the viewer's scope.
pub(crate) async fn scope_stats(state: &AppState, ctx: &Ctx) -> Result<Stats, AppError> {
    let scope = scope_of(ctx)?;
    Ok(stats(&state.db.contract_stat_rows(&scope.like_pattern()).await?))
}

fn chart(title: &str, bars: Vec<(String, i64)>) -> String {
    horizontal_bars(&BarChart {
        title: title.to_owned(),
        unit: "万元".into(),
        bars: bars
            .into_iter()
            .map(|(label, fen)| Bar {
                label,
                value: fen as f64 / 1_000_000.0,
                ..Default::default()
            })
            .collect(),
        reference: None,
    })
}

/// `GET /market/contracts/stats`.
pub async fn stats_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let s = scope_stats(&state, &ctx).await?;
    let years: Vec<(String, i64)> = s
        .by_year
        .iter()
        .map(|(y, t)| (format!("{y}年"), t.tech_amount_fen))
        .collect();
    let kinds: Vec<(String, i64)> = s
        .by_kind
        .iter()
        .map(|(k, t)| (vocab::zh(CONTRACT_KINDS, k).to_owned(), t.tech_amount_fen))
        .collect();
    let mut counties: Vec<(String, i64)> = s
        .by_county
        .iter()
        .map(|(c, t)| (c.clone(), t.tech_amount_fen))
        .collect();
    counties.sort_by(|a, b| b.1.cmp(&a.1));
    let table = |m: Vec<(String, &crate::contract::Totals)>| -> Vec<Value> {
        m.into_iter()
            .map(|(k, t)| context! { key => k, n => t.contracts, amount => wan(t.amount_fen), tech => wan(t.tech_amount_fen) })
            .collect()
    };
    let html = render(
        &ctx,
        "market_contract_stats.html",
        context! {
            total => context! { n => s.total.contracts, amount => wan(s.total.amount_fen), tech => wan(s.total.tech_amount_fen) },
            absorbed => wan(s.absorbed.tech_amount_fen), output => wan(s.output.tech_amount_fen),
            bt => wan(s.absorbed_from_beijing_tianjin.tech_amount_fen),
            share => s.beijing_tianjin_share_permille.map(|p| format!("{:.1}%", p as f64 / 10.0)),
            by_year => table(s.by_year.iter().map(|(y, t)| (y.to_string(), t)).collect()),
            by_kind => table(s.by_kind.iter().map(|(k, t)| (vocab::zh(CONTRACT_KINDS, k).to_owned(), t)).collect()),
            by_county => table(s.by_county.iter().map(|(c, t)| (c.clone(), t)).collect()),
            chart_years => chart("技术交易额（按年度）/ by year", years),
            chart_kinds => chart("技术交易额（按类型）/ by type", kinds),
            chart_counties => chart("技术交易额（按地区）/ by county", counties),
        },
    )?;
    Ok(html.into_response())
}

/// Turnover of the technology contracts in the caller's scope: totals by
/// year, type and county, absorbed and output amounts, the Beijing-Tianjin
/// share of the absorbed amount (per mille). Money in fen.
#[utoipa::path(get, path = "/api/v1/market/contracts/stats", tag = "market",
    responses((status = 200, body = Object)))]
pub async fn stats_api(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Stats>, AppError> {
    Ok(Json(scope_stats(&state, &ctx).await?))
}
