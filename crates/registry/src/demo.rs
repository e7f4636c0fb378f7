//! The demo city's registry: the generated firms, their facts and
//! certificates, platforms, experts, institutions, agencies and investors,
//! loaded through the same sheet import a bureau uses.

use anyhow::Context;
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_shell::DemoCtx;

/// Loads the demo city's enterprises, facts, certificates, platforms,
/// experts, institutions, agencies and investors through the same sheet
/// import a bureau uses (the generator writes the sheets).
pub fn load(ctx: DemoCtx) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move { load_sheets(&ctx.db, ctx.enterprises).await })
}

async fn load_sheets(db: &Db, enterprises: usize) -> anyhow::Result<()> {
    use crate::run::{region_index, write_rows};
    let dir = std::env::temp_dir().join(format!("kechuang-demo-{}", std::process::id()));
    let opts = kechuang_demo::GenerateOptions::new(enterprises as u64);
    let out = dir.clone();
    tokio::task::spawn_blocking(move || kechuang_demo::generate_to_dir(&opts, &out, &mut |_| {})).await??;
    let sys = Actor::system();
    let regions = region_index(db, &sys).await?;
    let files = [
        ("enterprises.csv", "enterprises"),
        ("enterprise_facts.csv", "facts"),
        ("certificates.csv", "certificates"),
        ("platforms.csv", "platforms"),
        ("experts.csv", "experts"),
        ("institutions.csv", "institutions"),
        ("service_agencies.csv", "agencies"),
        ("investors.csv", "investors"),
    ];
    let result = async {
        for (file, kind) in files {
            let kind = crate::ImportKind::parse(kind).context("import kind")?;
            let bytes = std::fs::read(dir.join(file))?;
            let checked = crate::check(kind, file, &bytes, &regions, &mut |_| {})?;
            if let Some(first) = checked
                .report
                .issues
                .iter()
                .find(|i| i.severity == kechuang_sheets::Severity::Error)
            {
                anyhow::bail!("demo sheet {file}: row {}: {}", first.line, first.reason);
            }
            write_rows(db, &sys, None, checked.rows, &|_| {}).await?;
        }
        Ok(())
    }
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}
