//! The workspace (home) page and the API documentation page.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::site::render;
use axum::extract::State;
use axum::response::Html;
use minijinja::context;

use crate::app::AppState;

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, AppError> {
    let mut counts = Vec::new();
    if let Some(scope) = &ctx.principal.scope {
        let regions = state.db.regions().await?;
        for level in kechuang_kernel::region::RegionLevel::ALL {
            let n = regions
                .iter()
                .filter(|r| r.level() == Some(level) && r.region_path().is_within(scope))
                .count();
            if n > 0 {
                counts.push(context! { label => level.label_zh(), count => n });
            }
        }
    }
    render(&ctx, "home.html", context! { region_counts => counts })
}

pub async fn api_docs(ctx: Ctx) -> Result<Html<String>, AppError> {
    render(&ctx, "api_docs.html", context! {})
}
