//! One module per subcommand; [`run`] dispatches.

mod accounts;
mod backup;
mod demo;
mod serve;

use crate::cli::{Cli, Command, owner_of, owner_of_import};
use crate::settings::Settings;
use clap::FromArgMatches;
use kechuang_kernel::Db;
use kechuang_shell::{CliCall, CliCtx, ImportArgs};
use std::sync::Arc;

/// Runs the command the command line names: a capability's, or one of the
/// binary's own.
pub async fn run(matches: clap::ArgMatches, settings: Settings) -> anyhow::Result<()> {
    let caps = kechuang::CAPABILITIES;
    let name = matches.subcommand_name().unwrap_or_default().to_owned();
    let owner = if name == "import" {
        let kind = ImportArgs::of(&matches)?.kind;
        let owner = owner_of_import(caps, &kind);
        if owner.is_none() {
            let kinds: Vec<&str> = caps
                .iter()
                .filter_map(|c| c.cli)
                .flat_map(|c| c.import_kinds.iter().copied())
                .collect();
            anyhow::bail!("无法导入“{kind}” / unknown kind {kind:?}: one of {}", kinds.join(", "));
        }
        // the registry's streaming import allocates and frees in bursts
        if owner.is_some_and(|c| c.name == "registry") {
            crate::memory::keep_freed_memory();
        }
        owner
    } else {
        owner_of(caps, &name)
    };
    if let Some(cap) = owner
        && let Some(cli) = cap.cli
    {
        return (cli.run)(CliCall {
            matches,
            ctx: cli_ctx(&settings),
        })
        .await;
    }
    let command = Cli::from_arg_matches(&matches)?.command;
    match command {
        Command::Serve(args) => serve::run(args, settings).await,
        Command::Migrate => {
            let db = open(&settings).await?;
            println!(
                "数据库已是最新 / database schema is up to date ({}, version {})",
                db.backend().as_str(),
                db.schema_version(&kechuang::schemas())
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
    }
}

/// What a capability's command may use.
fn cli_ctx(settings: &Settings) -> CliCtx {
    let mut config = settings.web.clone();
    config.data_dir = Some(settings.data_dir.clone());
    let settings = settings.clone();
    CliCtx::new(
        Arc::new(config),
        settings.data_dir.clone(),
        Arc::new(move || {
            let settings = settings.clone();
            Box::pin(async move { open(&settings).await })
        }),
    )
}

/// Opens and migrates the configured database.
pub async fn open(settings: &Settings) -> anyhow::Result<Db> {
    let target = settings.database_target();
    let db = Db::connect(&target)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open database {}: {e}", crate::settings::mask_url(&target)))?;
    db.migrate(&kechuang::schemas()).await?;
    Ok(db)
}
