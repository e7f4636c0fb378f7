//! `kechuang assess hte FILE.json` and `kechuang assess tech-sme FILE.json`:
//! the self-assessments against the national rules, input and output as
//! documented in `crates/cultivation/RULES.md`.

use clap::{FromArgMatches, Subcommand};
use futures_util::future::BoxFuture;
use kechuang_shell::{CliCall, CliSpec, subcommands_of};
use std::path::PathBuf;

/// Cultivation's subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Self-assessment against the national high-tech-enterprise and
    /// tech-SME rules, from a JSON file (format in crates/cultivation/RULES.md).
    #[command(subcommand)]
    Assess(AssessCommand),
}

#[derive(Subcommand, Debug)]
enum AssessCommand {
    /// 高新技术企业认定条件自评 (国科发火〔2016〕32号).
    Hte { file: PathBuf },
    /// 科技型中小企业评价 (国科发政〔2017〕115号).
    TechSme { file: PathBuf },
}

/// Cultivation's part of the command line.
pub static CLI: CliSpec = CliSpec {
    commands: subcommands_of::<Command>,
    import_kinds: &[],
    run,
};

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let Command::Assess(cmd) = Command::from_arg_matches(&call.matches)?;
        let (file, assess): (_, fn(&str) -> Result<String, crate::AssessError>) = match cmd {
            AssessCommand::Hte { file } => (file, crate::assess_hte_json),
            AssessCommand::TechSme { file } => (file, crate::assess_tech_sme_json),
        };
        let input =
            std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
        println!("{}", assess(&input)?);
        Ok(())
    })
}
