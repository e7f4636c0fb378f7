//! `kechuang plan parse FILE`: runs the policy-document parser and prints
//! the plan as JSON (schema in `crates/plans/SCHEMA.md`) or a short summary.

use crate::cli::PlanCommand;
use anyhow::Context;

pub fn command(cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::Parse { file, format } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let plan = kechuang_plans::parse_file(&name, &bytes)?;
            match format.as_str() {
                "json" => println!("{}", kechuang_plans::plan_to_json(&plan)),
                "summary" => {
                    println!("标题 / title: {}", plan.title.as_deref().unwrap_or("-"));
                    println!("文号 / doc number: {}", plan.doc_number.as_deref().unwrap_or("-"));
                    println!("目标 / targets: {}", plan.targets.len());
                    println!("任务 / tasks: {}", plan.tasks.len());
                    println!("奖补 / incentives: {}", plan.incentives.len());
                }
                other => anyhow::bail!("unknown format {other:?}: use json or summary"),
            }
            Ok(())
        }
    }
}
