//! Command-line interface (clap). `--data-dir`, `--database-url` and
//! `--config` are global: every subcommand honours them, before or after the
//! subcommand name.

use clap::{Args, Parser, Subcommand};
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
    /// Policy documents (plans).
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Self-assessment against the national high-tech-enterprise and
    /// tech-SME rules, from a JSON file (format in crates/cultivation/RULES.md).
    #[command(subcommand)]
    Assess(AssessCommand),
    /// Import a registry sheet (.xlsx, .xls, .csv): regions, enterprises, facts,
    /// certificates, platforms, experts, institutions, agencies, investors.
    /// All or nothing per file; a re-import of the same file changes nothing.
    Import(ImportArgs),
    /// Technology-market matching from the command line.
    #[command(subcommand)]
    Match(MatchCommand),
    /// This instance's technology-market search index.
    #[command(subcommand)]
    Index(IndexCommand),
}

#[derive(Subcommand, Debug)]
pub enum MatchCommand {
    /// Published achievements for a demand: free text (--text) or a stored
    /// demand (--id).
    Demand {
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        id: Option<i64>,
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// `json` or `table`.
        #[arg(long, default_value = "table", value_parser = ["json", "table"])]
        format: String,
        /// Only this technology field (code, e.g. new_materials).
        #[arg(long)]
        field: Option<String>,
        /// Least maturity (lab, pilot, small_batch, industrialised).
        #[arg(long)]
        min_maturity: Option<String>,
    },
    /// Open demands for a stored achievement.
    Achievement {
        #[arg(long)]
        id: i64,
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[arg(long, default_value = "table", value_parser = ["json", "table"])]
        format: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum IndexCommand {
    /// Rebuild the index from the database.
    Rebuild,
    /// Show what the index holds and how far it has followed the database.
    Status,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// What the sheet holds.
    #[arg(value_parser = ["regions", "enterprises", "facts", "certificates", "platforms", "experts", "institutions", "agencies", "investors", "achievements", "demands", "contracts"])]
    pub kind: String,
    pub file: PathBuf,
    /// Check the file and report problems without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the issue report (row, column, value, reason) to this .xlsx or .csv file.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum AssessCommand {
    /// 高新技术企业认定条件自评 (国科发火〔2016〕32号).
    Hte { file: PathBuf },
    /// 科技型中小企业评价 (国科发政〔2017〕115号).
    TechSme { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Extract metadata, targets, tasks and incentives from a policy document
    /// (.txt, .html, .docx or .pdf with a text layer).
    Parse {
        file: PathBuf,
        /// `json` (the documented schema) or `summary` (a short overview).
        #[arg(long, default_value = "json")]
        format: String,
    },
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
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
