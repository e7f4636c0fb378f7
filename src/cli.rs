//! Command-line interface (clap). `--data-dir`, `--database-url` and
//! `--config` are global: every subcommand honours them, before or after the
//! subcommand name.

use clap::{Args, CommandFactory, Parser, Subcommand};
use kechuang_shell::{Capability, ImportArgs};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kechuang",
    version,
    about = "科创 · 科技创新服务平台 / innovation services for science and technology bureaus"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The whole command line: the binary's own commands, `import` for every
/// capability's sheet kinds, and each capability's subcommands.
pub fn command(capabilities: &[&'static Capability]) -> clap::Command {
    let kinds: Vec<&str> = capabilities
        .iter()
        .filter_map(|c| c.cli)
        .flat_map(|c| c.import_kinds.iter().copied())
        .collect();
    let import = ImportArgs::augment_args(clap::Command::new("import")).about(format!(
        "Import a sheet (.xlsx, .xls, .csv) of one kind: {}. All or nothing per file; a re-import of the same \
         file changes nothing.",
        kinds.join(", ")
    ));
    let mut cmd = Cli::command().subcommand(import);
    for c in capabilities.iter().filter_map(|c| c.cli) {
        cmd = cmd.subcommands((c.commands)());
    }
    cmd
}

/// The capability a sheet kind is imported by.
pub fn owner_of_import(capabilities: &[&'static Capability], kind: &str) -> Option<&'static Capability> {
    capabilities
        .iter()
        .copied()
        .find(|c| c.cli.is_some_and(|cli| cli.import_kinds.contains(&kind)))
}

/// The capability that declares the subcommand `name`.
pub fn owner_of(capabilities: &[&'static Capability], name: &str) -> Option<&'static Capability> {
    capabilities.iter().copied().find(|c| {
        c.cli
            .is_some_and(|cli| (cli.commands)().iter().any(|s| s.get_name() == name))
    })
}

#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file (default: ./kechuang.toml when present).
    #[arg(long, global = true, env = "KECHUANG_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory for the embedded SQLite database and other data.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…); without it the embedded SQLite file is used.
    #[arg(long, global = true)]
    pub database_url: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web service.
    Serve(ServeArgs),
    /// Create or upgrade the database schema.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the region hierarchy.
    #[command(subcommand)]
    Region(RegionCommand),
    /// Write a backup of the whole database to a file.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into an empty database.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Print the effective configuration (secrets masked).
    Config,
    /// Demo and synthetic data.
    #[command(subcommand)]
    Demo(DemoCommand),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long)]
    pub bind: Option<String>,
    /// Load the demo city when the database is empty.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input with
    /// --password-stdin, otherwise a random one is generated and printed.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        /// Display name (default: the username).
        #[arg(long)]
        name: Option<String>,
        /// County or city (code or name) the account is scoped to; default:
        /// the top-level region.
        #[arg(long, alias = "region")]
        county: Option<String>,
        /// Credit code of the enterprise (enterprise_user).
        #[arg(long)]
        enterprise: Option<String>,
        /// Institution id (institution_user).
        #[arg(long)]
        institution: Option<i64>,
        /// The organisation the account works for (e.g. 市科技局), matched
        /// against the lead units of plan tasks.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
}

#[derive(Subcommand, Debug)]
pub enum RegionCommand {
    /// Add a region: a province or city at the top, a city under a province,
    /// a county under a city.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        name_en: String,
        /// province, city or county
        #[arg(long)]
        level: String,
        /// Parent region code or name.
        #[arg(long)]
        parent: Option<String>,
    },
    /// Print the hierarchy.
    List,
}

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// Write a deterministic synthetic data set (CSV) of any size.
    Generate {
        #[arg(long)]
        enterprises: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        seed: Option<u64>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::FromArgMatches;

    #[test]
    fn global_options_go_anywhere() {
        let a = Cli::try_parse_from(["kechuang", "--data-dir", "D", "migrate"]).unwrap();
        let b = Cli::try_parse_from(["kechuang", "migrate", "--data-dir", "D"]).unwrap();
        assert_eq!(a.global.data_dir, b.global.data_dir);
        let c = Cli::try_parse_from([
            "kechuang",
            "user",
            "add",
            "--username",
            "x",
            "--role",
            "expert",
            "--database-url",
            "postgres://h/db",
        ])
        .unwrap();
        assert_eq!(c.global.database_url.as_deref(), Some("postgres://h/db"));
    }

    #[test]
    fn clap_definition_is_valid() {
        command(kechuang::CAPABILITIES).debug_assert();
    }

    #[test]
    fn capability_commands_take_the_global_options() {
        let m = command(kechuang::CAPABILITIES)
            .try_get_matches_from(["kechuang", "plan", "parse", "x.txt", "--data-dir", "D"])
            .unwrap();
        assert_eq!(
            GlobalArgs::from_arg_matches(&m).unwrap().data_dir,
            Some(PathBuf::from("D"))
        );
        assert_eq!(m.subcommand_name(), Some("plan"));
        let m = command(kechuang::CAPABILITIES)
            .try_get_matches_from(["kechuang", "import", "enterprises", "e.csv", "--dry-run"])
            .unwrap();
        assert_eq!(
            owner_of_import(kechuang::CAPABILITIES, "enterprises").map(|c| c.name),
            Some("registry")
        );
        assert_eq!(
            owner_of_import(kechuang::CAPABILITIES, "achievements").map(|c| c.name),
            Some("market")
        );
        assert!(owner_of_import(kechuang::CAPABILITIES, "nothing").is_none());
        assert_eq!(m.subcommand_name(), Some("import"));
    }
}
