//! The command line's part in capabilities: a capability brings its own
//! subcommands (`kechuang plan parse`, `kechuang match …`) and the sheet
//! kinds `kechuang import KIND FILE` hands to it; the binary assembles them.

use crate::config::WebConfig;
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
use std::path::PathBuf;
use std::sync::Arc;

/// What a capability adds to the `kechuang` command line.
pub struct CliSpec {
    /// Its subcommands (built with clap, usually from a `#[derive(Subcommand)]`
    /// enum through [`subcommands_of`]).
    pub commands: fn() -> Vec<clap::Command>,
    /// Sheet kinds `kechuang import KIND FILE` hands to it (as the
    /// subcommand `import`).
    pub import_kinds: &'static [&'static str],
    /// Runs one of its subcommands.
    pub run: fn(CliCall) -> BoxFuture<'static, anyhow::Result<()>>,
}

/// The subcommands of a clap `Subcommand` enum, for [`CliSpec::commands`].
pub fn subcommands_of<T: clap::Subcommand>() -> Vec<clap::Command> {
    T::augment_subcommands(clap::Command::new("kechuang"))
        .get_subcommands()
        .cloned()
        .collect()
}

/// A subcommand to run: the command line's matches (its subcommand is the
/// capability's) and what commands may use.
pub struct CliCall {
    pub matches: clap::ArgMatches,
    pub ctx: CliCtx,
}

/// What a capability's command may use: the configuration, this instance's
/// data directory, and the database (opened and migrated on first use, so a
/// command that needs none creates none).
#[derive(Clone)]
pub struct CliCtx {
    pub config: Arc<WebConfig>,
    pub data_dir: PathBuf,
    open: Arc<dyn Fn() -> BoxFuture<'static, anyhow::Result<Db>> + Send + Sync>,
}

impl CliCtx {
    pub fn new(
        config: Arc<WebConfig>,
        data_dir: PathBuf,
        open: Arc<dyn Fn() -> BoxFuture<'static, anyhow::Result<Db>> + Send + Sync>,
    ) -> Self {
        Self { config, data_dir, open }
    }

    /// The configured database, migrated.
    pub async fn db(&self) -> anyhow::Result<Db> {
        (self.open)().await
    }
}

/// The arguments of `kechuang import KIND FILE`, shared by every capability
/// that imports sheets.
#[derive(clap::Args, Debug, Clone)]
#[command(about = None, long_about = None)]
pub struct ImportArgs {
    /// What the sheet holds (the kinds are the capabilities').
    pub kind: String,
    pub file: PathBuf,
    /// Check the file and report problems without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the issue report (row, column, value, reason) to this .xlsx or .csv file.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

impl ImportArgs {
    /// The arguments of the `import` subcommand of `matches`.
    pub fn of(matches: &clap::ArgMatches) -> anyhow::Result<ImportArgs> {
        use clap::FromArgMatches;
        let sub = matches
            .subcommand_matches("import")
            .ok_or_else(|| anyhow::anyhow!("not an import command"))?;
        Ok(ImportArgs::from_arg_matches(sub)?)
    }

    /// The file name without its directory.
    pub fn file_name(&self) -> String {
        self.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}
