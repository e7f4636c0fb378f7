//! The region hierarchy page (public) with a creation form for admins.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, see_other};
use minijinja::context;
use serde::Deserialize;

async fn page_with(state: &AppState, ctx: &Ctx, error: Option<AppError>) -> Result<Response, AppError> {
    let regions = state.db.regions().await?;
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "regions.html",
        context! {
            regions => region_options(&regions, None),
            can_manage => allows(ctx.principal.role, kechuang_kernel::access::MANAGE_REGIONS),
            form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    page_with(&state, &ctx, None).await
}

#[derive(Deserialize)]
pub struct RegionForm {
    code: String,
    name: String,
    name_en: Option<String>,
    level: String,
    parent_id: Option<String>,
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<RegionForm>) -> Result<Response, AppError> {
    let result = async {
        let code = DivisionCode::parse(&f.code).map_err(|e| AppError::invalid("code", e.to_string()))?;
        let level =
            RegionLevel::parse(&f.level).ok_or_else(|| AppError::invalid("level", "级别无效 / invalid level"))?;
        let parent_id = match kechuang_shell::ui::opt(&f.parent_id) {
            Some(v) => Some(
                v.parse::<i64>()
                    .map_err(|_| AppError::invalid("parent_id", "上级区域无效 / invalid parent"))?,
            ),
            None => None,
        };
        let new = NewRegion {
            code,
            name: f.name.clone(),
            name_en: f.name_en.clone().unwrap_or_default(),
            level,
            parent_id,
        };
        Ok::<_, AppError>(state.db.create_region(&ctx.actor(), new).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other("/regions")),
        Err(e @ AppError::Invalid { .. }) => page_with(&state, &ctx, Some(e)).await,
        Err(e) => Err(e),
    }
}
