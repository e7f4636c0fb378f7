//! One module per subcommand; [`run`] dispatches.

mod accounts;
mod backup;
mod demo;
mod demo_deals;
mod demo_market;
mod import;
mod market;
mod plan;
mod serve;

use crate::cli::Command;
use crate::settings::Settings;
use kechuang_kernel::Db;

pub async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(args, settings).await,
        Command::Migrate => {
            let db = open(&settings).await?;
            println!(
                "数据库已是最新 / database schema is up to date ({}, version {})",
                db.backend().as_str(),
                db.schema_version()
            );
            Ok(())
        }
        Command::User(cmd) => accounts::user(cmd, &open(&settings).await?).await,
        Command::Region(cmd) => accounts::region(cmd, &open(&settings).await?).await,
        Command::Backup { to } => backup::backup(&open(&settings).await?, &to).await,
        Command::Restore { from } => backup::restore(&open(&settings).await?, &from).await,
        Command::Config => {
            println!(
                "# effective configuration (file < environment < flags)\n# database: {}\n",
                crate::settings::mask_url(&settings.database_target())
            );
            print!("{}", settings.masked_toml());
            Ok(())
        }
        Command::Demo(cmd) => demo::command(cmd).await,
        Command::Plan(cmd) => plan::command(cmd),
        Command::Import(args) if matches!(args.kind.as_str(), "achievements" | "demands" | "contracts") => {
            market::import(args, &open(&settings).await?, &settings).await
        }
        Command::Import(args) => {
            crate::memory::keep_freed_memory();
            import::run(args, &open(&settings).await?).await
        }
        Command::Match(cmd) => market::matching(cmd, open(&settings).await?, &settings).await,
        Command::Index(cmd) => market::index(cmd, open(&settings).await?, &settings).await,
        Command::Assess(cmd) => {
            let (file, run): (_, fn(&str) -> Result<String, kechuang_cultivation::AssessError>) = match cmd {
                crate::cli::AssessCommand::Hte { file } => (file, kechuang_cultivation::assess_hte_json),
                crate::cli::AssessCommand::TechSme { file } => (file, kechuang_cultivation::assess_tech_sme_json),
            };
            let input =
                std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            println!("{}", run(&input)?);
            Ok(())
        }
    }
}

/// Opens and migrates the configured database.
pub async fn open(settings: &Settings) -> anyhow::Result<Db> {
    let target = settings.database_target();
    let db = Db::connect(&target)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", crate::settings::mask_url(&target)))?;
    db.migrate().await?;
    Ok(db)
}
