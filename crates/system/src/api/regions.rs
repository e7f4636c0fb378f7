//! Regions API: the hierarchy (public), creation and renaming by admins.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::WithRejection;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::{NewRegion, Region};
use kechuang_shell::AppState;
use kechuang_shell::api::{ApiJson, ApiPath};
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use serde::Deserialize;
use utoipa::ToSchema;

/// All regions, ordered as a depth-first walk of the tree.
#[utoipa::path(get, path = "/api/v1/regions", tag = "regions", responses((status = 200, body = Vec<Region>)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Region>>, AppError> {
    Ok(Json(state.db.regions().await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewRegionBody {
    /// Six-digit division code (GB/T 2260).
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    /// `province`, `city` or `county`.
    pub level: String,
    pub parent_id: Option<i64>,
}

/// Creates a region under a parent in the caller's scope.
#[utoipa::path(post, path = "/api/v1/regions", tag = "regions", request_body = NewRegionBody,
    responses((status = 201, body = Region), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Json(b), _): ApiJson<NewRegionBody>,
) -> Result<(StatusCode, Json<Region>), AppError> {
    let code = DivisionCode::parse(&b.code).map_err(|e| AppError::invalid("code", e.to_string()))?;
    let level = RegionLevel::parse(&b.level).ok_or_else(|| {
        AppError::invalid(
            "level",
            "级别须为 province/city/county / level must be province, city or county",
        )
    })?;
    let new = NewRegion {
        code,
        name: b.name,
        name_en: b.name_en,
        level,
        parent_id: b.parent_id,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.db.create_region(&ctx.actor(), new).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RenameBody {
    /// The version last read; a stale one gets 409.
    pub version: i64,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
}

/// Renames a region.
#[utoipa::path(patch, path = "/api/v1/regions/{id}", tag = "regions", request_body = RenameBody, params(("id" = i64, Path)),
    responses((status = 200, body = Region), (status = 409, body = ErrorBody)))]
pub async fn rename(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(axum::extract::Path(id), _): ApiPath<i64>,
    WithRejection(Json(b), _): ApiJson<RenameBody>,
) -> Result<Json<Region>, AppError> {
    Ok(Json(
        state
            .db
            .rename_region(&ctx.actor(), id, b.version, &b.name, &b.name_en)
            .await?,
    ))
}
