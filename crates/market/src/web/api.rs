//! Market API: matches for free text, for a demand and for an achievement,
//! each result with its explanation.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::rank::QueryFacts;
use crate::search::engine::{Filters, MatchView, PartyMatch};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum_extra::extract::WithRejection;
use kechuang_shell::AppState;
use kechuang_shell::api::ApiPath;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use serde::Serialize;
use utoipa::ToSchema;

/// Most results one request returns.
pub const MAX_TOP: usize = 100;

/// `top` from the query (default 10, at most [`MAX_TOP`]).
pub(crate) fn top_of(q: &BTreeMap<String, String>) -> Result<usize, AppError> {
    match q.get("top").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(10),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=MAX_TOP).contains(&n) => Ok(n),
            _ => Err(AppError::invalid(
                "top",
                format!("top 应为 1–{MAX_TOP} / top must be 1 to {MAX_TOP}"),
            )),
        },
    }
}

/// Supply-side filters from the query string.
pub(crate) fn filters_of(q: &BTreeMap<String, String>) -> Filters {
    let get = |k: &str| q.get(k).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    Filters {
        field: get("field"),
        area: get("area"),
        min_maturity: get("min_maturity"),
        mode: get("mode"),
    }
}

/// Matches of one item, and the parties behind them.
#[derive(Serialize, ToSchema)]
pub struct ItemMatches {
    pub matches: Vec<MatchView>,
    /// Institutions and experts (for a demand) or enterprises (for an
    /// achievement) behind the matching items.
    pub parties: Vec<PartyMatch>,
}

/// Published achievements for free text, best first. Query parameters:
/// `text` (required; Traditional and Simplified match), `top` (1–100,
/// default 10), `field`, `area`, `min_maturity`, `mode`.
#[utoipa::path(get, path = "/api/v1/market/match", tag = "market",
    params(
        ("text" = String, Query, description = "What is sought, in free text (Traditional and Simplified match)"),
        ("top" = Option<i64>, Query, description = "1 to 100, default 10"),
        ("field" = Option<String>, Query, description = "Technical field"),
        ("area" = Option<String>, Query, description = "Area of application"),
        ("min_maturity" = Option<String>, Query, description = "Lowest maturity"),
        ("mode" = Option<String>, Query, description = "Matching mode"),
    ),
    responses((status = 200, body = Vec<MatchView>), (status = 422, body = ErrorBody)))]
pub async fn match_text(
    State(state): State<AppState>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Vec<MatchView>>, AppError> {
    let text = q.get("text").map(|s| s.trim()).unwrap_or("");
    if text.is_empty() {
        return Err(AppError::invalid("text", "请输入检索内容 / text is required"));
    }
    let top = top_of(&q)?;
    let f = filters_of(&q);
    let facts = QueryFacts::from_text(text, f.field.as_deref().unwrap_or(""), &[]);
    let found = state
        .service::<crate::search::engine::Engine>()?
        .match_text(&facts, &f, None, top)
        .await?;
    Ok(Json(found.iter().map(MatchView::from).collect()))
}

/// Achievements matching demand `id`, with the institutions and experts
/// owning them. The demand must be visible to the caller.
#[utoipa::path(get, path = "/api/v1/market/demands/{id}/matches", tag = "market",
    params(("id" = i64, Path)),
    responses((status = 200, body = ItemMatches), (status = 404, body = ErrorBody)))]
pub async fn demand_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<ItemMatches>, AppError> {
    let d = state.db.demand(id).await?;
    if !d.visible_to(&ctx.principal) {
        return Err(AppError::NotFound);
    }
    let top = top_of(&q)?;
    let (found, parties) = state
        .service::<crate::search::engine::Engine>()?
        .for_demand(&d, &filters_of(&q), top, top)
        .await?;
    Ok(Json(ItemMatches {
        matches: found.iter().map(MatchView::from).collect(),
        parties,
    }))
}

/// Open demands matching achievement `id`, with the enterprises behind them.
#[utoipa::path(get, path = "/api/v1/market/achievements/{id}/matches", tag = "market",
    params(("id" = i64, Path)),
    responses((status = 200, body = ItemMatches), (status = 404, body = ErrorBody)))]
pub async fn achievement_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<ItemMatches>, AppError> {
    let a = state.db.achievement(id).await?;
    if !a.visible_to(&ctx.principal) {
        return Err(AppError::NotFound);
    }
    let top = top_of(&q)?;
    let (found, parties) = state
        .service::<crate::search::engine::Engine>()?
        .for_achievement(&a, top, top)
        .await?;
    Ok(Json(ItemMatches {
        matches: found.iter().map(MatchView::from).collect(),
        parties,
    }))
}
