//! The demo city's technology market: achievements and demands
//! ([`items`]), contracts and challenges ([`deals`]), dated from the day the
//! demo is loaded.

mod deals;
mod items;

use futures_util::future::BoxFuture;
use kechuang_shell::DemoCtx;

/// Loads the market's part of the demo city.
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let firms: Vec<String> = ctx.city.enterprises.iter().map(|e| e.credit_code.clone()).collect();
        items::load(&ctx.db, ctx.city_id, &ctx.city_path, &firms, ctx.enterprise.as_deref()).await?;
        deals::load(&ctx.db, &ctx.city, &ctx.regions, ctx.city_id).await
    })
}
