//! Market list API: published achievements and demands page by page, with
//! the browse pages' filters (`q`, `field`, `status`, `page`) and a page
//! size of up to 100 (`per_page`), for integrations and exports by script.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use super::browse::list_query;
use crate::store::{AchievementRow, DemandRow, ListQuery, list_of};
use axum::Json;
use axum::extract::{Query, State};
use kechuang_shell::AppState;
use kechuang_shell::api::Page;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use serde::Serialize;
use utoipa::ToSchema;

/// Most rows one page returns.
const MAX_PER_PAGE: i64 = 100;

/// An achievement as the list API gives it (codes, not labels; money in fen).
#[derive(Serialize, ToSchema)]
pub struct AchievementListing {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub field: String,
    pub keywords: Vec<String>,
    pub patents: Vec<String>,
    pub maturity: String,
    pub trl: Option<i64>,
    pub transfer_modes: Vec<String>,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub owner_name: String,
    /// The owner's unified social credit code or registry code, if known.
    pub owner_code: String,
    /// Where the achievement comes from: local, beijing_tianjin, elsewhere, abroad.
    pub area: String,
    pub region: String,
    pub status: String,
    pub published_on: Option<String>,
    pub expires_on: Option<String>,
    pub url: String,
}

/// A demand as the list API gives it.
#[derive(Serialize, ToSchema)]
pub struct DemandListing {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub expected: String,
    pub field: String,
    pub keywords: Vec<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: Option<String>,
    pub cooperation: String,
    pub enterprise_name: String,
    pub enterprise_code: String,
    pub region: String,
    pub status: String,
    pub published_on: Option<String>,
    pub url: String,
}

impl From<AchievementRow> for AchievementListing {
    fn from(r: AchievementRow) -> Self {
        Self {
            url: format!("/market/achievements/{}", r.id),
            id: r.id,
            keywords: list_of(&r.keywords),
            patents: list_of(&r.patents),
            transfer_modes: list_of(&r.transfer_modes),
            title: r.title,
            summary: r.summary,
            field: r.field,
            maturity: r.maturity,
            trl: r.trl,
            price_min_fen: r.price_min_fen,
            price_max_fen: r.price_max_fen,
            owner_name: r.owner_name,
            owner_code: r.owner_code,
            area: r.area,
            region: r.region_name,
            status: r.status.as_str().to_owned(),
            published_on: r.published_on,
            expires_on: r.expires_on,
        }
    }
}

impl From<DemandRow> for DemandListing {
    fn from(r: DemandRow) -> Self {
        Self {
            url: format!("/market/demands/{}", r.id),
            id: r.id,
            keywords: list_of(&r.keywords),
            title: r.title,
            description: r.description,
            expected: r.expected,
            field: r.field,
            budget_min_fen: r.budget_min_fen,
            budget_max_fen: r.budget_max_fen,
            deadline: r.deadline,
            cooperation: r.cooperation,
            enterprise_name: r.enterprise_name,
            enterprise_code: r.enterprise_code,
            region: r.region_name,
            status: r.status.as_str().to_owned(),
            published_on: r.published_on,
        }
    }
}

/// The browse query with the API's page size.
fn api_query(ctx: &Ctx, q: &BTreeMap<String, String>, kind: &str) -> Result<ListQuery, AppError> {
    let (mut query, page) = list_query(ctx, q, kind)?;
    if let Some(n) = q.get("per_page").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        query.limit = n
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::invalid(
                    "per_page",
                    format!("每页条数应为 1–{MAX_PER_PAGE} / per_page must be 1 to {MAX_PER_PAGE}"),
                )
            })?;
        query.offset = (page - 1) * query.limit;
    }
    Ok(query)
}

/// Achievements, newest first. Query parameters: `q` (words of the title),
/// `field`, `status` (public statuses by default; others for bureau staff,
/// in their region), `page` (from 1), `per_page` (1–100, default 20).
#[utoipa::path(get, path = "/api/v1/market/achievements", tag = "market",
    params(
        ("q" = Option<String>, Query, description = "Words of the title"),
        ("field" = Option<String>, Query, description = "Technical field"),
        ("status" = Option<String>, Query, description = "Public statuses by default; others for bureau staff"),
        ("page" = Option<i64>, Query, description = "Page from 1"),
        ("per_page" = Option<i64>, Query, description = "1 to 100, default 20"),
    ),
    responses((status = 200, body = Page<AchievementListing>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list_achievements(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<AchievementListing>>, AppError> {
    let query = api_query(&ctx, &q, "achievement")?;
    let total = state.db.count_market_items("achievement", &query).await?;
    let items = state.db.achievements(&query).await?;
    Ok(Json(Page {
        total,
        items: items.into_iter().map(AchievementListing::from).collect(),
    }))
}

/// Demands, newest first, with the same parameters as the achievements.
#[utoipa::path(get, path = "/api/v1/market/demands", tag = "market",
    params(
        ("q" = Option<String>, Query, description = "Words of the title"),
        ("field" = Option<String>, Query, description = "Technical field"),
        ("status" = Option<String>, Query, description = "Public statuses by default; others for bureau staff"),
        ("page" = Option<i64>, Query, description = "Page from 1"),
        ("per_page" = Option<i64>, Query, description = "1 to 100, default 20"),
    ),
    responses((status = 200, body = Page<DemandListing>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list_demands(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Json<Page<DemandListing>>, AppError> {
    let query = api_query(&ctx, &q, "demand")?;
    let total = state.db.count_market_items("demand", &query).await?;
    let items = state.db.demands(&query).await?;
    Ok(Json(Page {
        total,
        items: items.into_iter().map(DemandListing::from).collect(),
    }))
}
