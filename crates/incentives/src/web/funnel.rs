//! The 应享未享 funnel: per policy clause and county, how many firms are
//! eligible, told, confirmed, approved and paid, with the money; a chart of
//! the stages; and the list of firms that qualify but were not told or paid.

use super::firm::entitlement_view;
use super::view::{money, service};
use crate::store::entitlements::EntitlementQuery;
use crate::store::funnel::{FunnelQuery, FunnelRow};
use crate::store::prelude::*;
use crate::workflow::EntitlementStatus;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_charts::{Bar, BarChart, horizontal_bars};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::Query;
use kechuang_shell::page::{PAGE, pages};
use kechuang_shell::render;
use kechuang_shell::ui::scope_of;
use minijinja::{Value, context};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct FunnelParams {
    #[serde(default)]
    pub set: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub page: Option<i64>,
}

fn year_of(q: &FunnelParams) -> Result<Option<i64>, AppError> {
    if q.year.is_empty() {
        return Ok(None);
    }
    q.year
        .parse()
        .map(Some)
        .map_err(|_| AppError::invalid("year", "年度应为数字 / a year"))
}

fn row_view(ctx: &Ctx, title: &str, r: &FunnelRow) -> Value {
    context! { r => Value::from_serialize(r), title => title, unpaid => r.unpaid(),
    eligible_money => money(ctx.lang, r.eligible_fen), paid_money => money(ctx.lang, r.paid_fen) }
}

/// `GET /incentives?set=&year=`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<FunnelParams>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let rows = state
        .db
        .funnel(&FunnelQuery {
            scope: scope_of(&ctx)?,
            set_id: Some(q.set.clone()).filter(|s| !s.is_empty()),
            year: year_of(&q)?,
        })
        .await?;
    let mut total = FunnelRow::default();
    for r in &rows {
        total.merge(r);
    }
    let title_of = |id: &str| {
        svc.rule(id)
            .map(|(_, r)| r.title.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let views: Vec<Value> = rows.iter().map(|r| row_view(&ctx, &title_of(&r.rule_id), r)).collect();
    let stage = |key: &str, n: i64| Bar {
        label: ctx.t(key),
        value: n as f64,
        note: None,
        highlight: false,
    };
    let chart = horizontal_bars(&BarChart {
        title: ctx.t("incentives.funnel"),
        unit: ctx.t("incentives.firms_unit"),
        bars: vec![
            stage("incentives.eligible", total.eligible),
            stage("incentives.told", total.told),
            stage("incentives.confirmed", total.confirmed),
            stage("incentives.approved", total.approved),
            stage("incentives.paid", total.paid),
        ],
        reference: None,
    });
    let html = render(
        &ctx,
        "incentives_funnel.html",
        context! {
            rows => views, total => row_view(&ctx, "", &total), chart => chart,
            filters => context! { set => q.set, year => q.year },
            sets => svc.sets().iter().map(|s| (s.id.clone(), s.title.clone())).collect::<Vec<_>>(),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /incentives/unpaid?set=&year=&page=`: firms that qualify but were
/// not told, or were told and not paid (应享未享), newest first.
pub async fn unpaid(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<FunnelParams>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let page = q.page.unwrap_or(1).max(1);
    let mut query = EntitlementQuery::new(scope_of(&ctx)?);
    query.statuses = vec![
        EntitlementStatus::Found,
        EntitlementStatus::Withheld,
        EntitlementStatus::Told,
        EntitlementStatus::Confirmed,
        EntitlementStatus::Approved,
    ];
    query.set_id = Some(q.set.clone()).filter(|s| !s.is_empty());
    query.year = year_of(&q)?;
    query.limit = PAGE;
    query.offset = (page - 1) * PAGE;
    let total = state.db.count_entitlements(&query).await?;
    let rows: Vec<Value> = state
        .db
        .entitlements(&query)
        .await?
        .iter()
        .map(|e| {
            let title = svc.rule(&e.rule_id).map(|(_, r)| r.title.clone()).unwrap_or_default();
            entitlement_view(&ctx, e, &title)
        })
        .collect();
    let html = render(
        &ctx,
        "incentives_unpaid.html",
        context! { rows => rows, total => total, pages => pages(total, page),
        keep => format!("set={}&year={}", q.set, q.year), filters => context! { set => q.set, year => q.year } },
    )?;
    Ok(html.into_response())
}
