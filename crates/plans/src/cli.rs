//! `kechuang plan parse FILE`: runs the policy-document parser and prints
//! the plan as JSON (schema in `crates/plans/SCHEMA.md`) or a short summary.

use anyhow::Context;
use clap::{FromArgMatches, Subcommand};
use futures_util::future::BoxFuture;
use kechuang_shell::{CliCall, CliSpec, subcommands_of};
use std::path::PathBuf;

/// The plans' subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Policy documents (plans).
    #[command(subcommand)]
    Plan(PlanCommand),
}

#[derive(Subcommand, Debug)]
enum PlanCommand {
    /// Extract metadata, targets, tasks and incentives from a policy document
    /// (.txt, .html, .docx or .pdf with a text layer).
    Parse {
        file: PathBuf,
        /// `json` (the documented schema) or `summary` (a short overview).
        #[arg(long, default_value = "json", value_parser = ["json", "summary"])]
        format: String,
    },
}

/// The plans' part of the command line.
pub static CLI: CliSpec = CliSpec {
    commands: subcommands_of::<Command>,
    import_kinds: &[],
    run,
};

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let Command::Plan(PlanCommand::Parse { file, format }) = Command::from_arg_matches(&call.matches)?;
        let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let plan = crate::parse_file(&name, &bytes)?;
        if format == "json" {
            println!("{}", crate::plan_to_json(&plan));
        } else {
            println!("标题 / title: {}", plan.title.as_deref().unwrap_or("-"));
            println!("文号 / doc number: {}", plan.doc_number.as_deref().unwrap_or("-"));
            println!("目标 / targets: {}", plan.targets.len());
            println!("任务 / tasks: {}", plan.tasks.len());
            println!("奖补 / incentives: {}", plan.incentives.len());
        }
        Ok(())
    })
}
