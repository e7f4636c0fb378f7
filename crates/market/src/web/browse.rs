//! Browsing the market's achievements and demands page by page, newest
//! first, filtered by words of the title, field and status. Everyone sees
//! the public statuses city-wide; market reviewers may also list the other
//! statuses (drafts, under review, closed, expired) of the items in their
//! region and below.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use super::{achievements, demands};
use crate::store::ListQuery;
use crate::vocab::{self, FIELDS, item_statuses, parse_item_status};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::options;
use kechuang_shell::page::{keep_query, page_of, pages};
use kechuang_shell::render;
use kechuang_shell::ui::scope_of;
use minijinja::{Value, context};

/// Rows per page (the registry's page size).
pub(super) const PAGE: i64 = kechuang_shell::page::PAGE;
/// The last page that may be asked for (deeper pages are refused).

/// `GET /market/achievements?q=&field=&status=&page=`.
pub async fn achievements(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    list(&state, &ctx, &q, "achievement").await
}

/// `GET /market/demands?q=&field=&status=&page=`.
pub async fn demands(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    list(&state, &ctx, &q, "demand").await
}

/// The list query and page number a browse request asks for: public
/// statuses by default; another status only for market reviewers, and then
/// within their region.
pub(super) fn list_query(ctx: &Ctx, q: &BTreeMap<String, String>, kind: &str) -> Result<(ListQuery, i64), AppError> {
    let reviewer = allows(ctx.principal.role, crate::access::REVIEW_MARKET);
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut query = ListQuery {
        q: get("q").unwrap_or_default().to_owned(),
        ..Default::default()
    };
    if let Some(f) = get("field") {
        query.field = vocab::parse(FIELDS, f)
            .ok_or_else(|| AppError::invalid("field", format!("未知技术领域 / unknown field: {f}")))?
            .to_owned();
    }
    match get("status") {
        None => {
            query.statuses = item_statuses(kind)
                .iter()
                .filter(|s| s.public)
                .map(|s| s.code.to_owned())
                .collect();
        }
        Some(s) => {
            let status = parse_item_status(kind, s).map_err(|e| AppError::invalid("status", e.to_string()))?;
            if !status.public {
                if !reviewer {
                    return Err(AppError::Forbidden);
                }
                query.scope_like = Some(scope_of(ctx)?.like_pattern());
            }
            query.statuses = vec![status.code.to_owned()];
        }
    }
    let page = page_of(q)?;
    query.limit = PAGE;
    query.offset = (page - 1) * PAGE;
    Ok((query, page))
}

async fn list(state: &AppState, ctx: &Ctx, q: &BTreeMap<String, String>, kind: &str) -> Result<Response, AppError> {
    let reviewer = allows(ctx.principal.role, crate::access::REVIEW_MARKET);
    let (query, page) = list_query(ctx, q, kind)?;
    let total = state.db.count_market_items(kind, &query).await?;
    let rows: Vec<Value> = if kind == "achievement" {
        state
            .db
            .achievements(&query)
            .await?
            .iter()
            .map(achievements::view)
            .collect()
    } else {
        state.db.demands(&query).await?.iter().map(demands::view).collect()
    };
    let status_options: Vec<(&str, &str)> = item_statuses(kind)
        .into_iter()
        .filter(|s| reviewer || s.public)
        .map(|s| {
            (
                s.code,
                if ctx.lang == kechuang_shell::i18n::Lang::En {
                    s.label_en
                } else {
                    s.label_zh
                },
            )
        })
        .collect();
    let html = render(
        ctx,
        "market_browse.html",
        context! {
            kind => kind, rows => rows, filters => Value::from_serialize(q),
            fields => options(FIELDS), statuses => status_options,
            pages => pages(total, page), keep => keep_query(q),
        },
    )?;
    Ok(html.into_response())
}
