//! `kechuang incentive …`: compute what an event gives under a directory of
//! rules (no database), check rule files, and run the rules over the
//! registry of the configured database (what the nightly run does).

use crate::engine::{Params, compute};
use crate::rules::event::Event;
use crate::rules::money::parse_rate;
use crate::rules::{ParamUnit, load_dir};
use anyhow::Context;
use clap::{FromArgMatches, Subcommand};
use futures_util::future::BoxFuture;
use kechuang_kernel::audit::Actor;
use kechuang_shell::{CliCall, CliSpec, subcommands_of};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// The incentives' subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Incentive rules (政策兑现规则).
    #[command(subcommand)]
    Incentive(IncentiveCommand),
}

#[derive(Subcommand, Debug)]
enum IncentiveCommand {
    /// Print, as JSON, what an event gives under a directory of rules:
    /// entitlements with derivations, rules waiting for a parameter, and
    /// refusals with the condition that failed.
    Compute {
        /// A rule set directory, or a directory of them (`rules/`).
        #[arg(long)]
        rules: PathBuf,
        /// The event: {"kind", "date", "subject": {"credit_code", "county"}, "facts": {…}}.
        #[arg(long)]
        event: PathBuf,
        /// A parameter the text leaves to the bureau, as name=value
        /// (`digital_rate=10%`, `salary_years=3`); repeatable.
        #[arg(long = "param")]
        params: Vec<String>,
    },
    /// Read and check rule files; print each set's rules, or the first
    /// problem with its file, line and field.
    Check {
        #[arg(long)]
        rules: PathBuf,
    },
    /// Apply a rule set in a city over a period (施行, by the city's own
    /// notice), or only for previews.
    Enact {
        /// The rule set (`panjin-2019`).
        #[arg(long)]
        set: String,
        /// The city's division code.
        #[arg(long)]
        city: String,
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
        /// `in_force` or `preview`.
        #[arg(long, default_value = "in_force")]
        mode: String,
        /// The city's notice that applies it.
        #[arg(long, default_value = "")]
        notice: String,
    },
    /// Run every applied rule set over the registry of the configured
    /// database now (what the nightly run does) and print the report.
    Run,
}

/// The incentives' part of the command line.
pub static CLI: CliSpec = CliSpec {
    commands: subcommands_of::<Command>,
    import_kinds: &[],
    run,
};

/// Reads `name=value` parameters against the sets' declarations.
fn read_params(sets: &[crate::rules::RuleSet], given: &[String]) -> anyhow::Result<Params> {
    let mut out = Params::new();
    for g in given {
        let (name, value) = g
            .split_once('=')
            .with_context(|| format!("--param {g}: expected name=value"))?;
        let unit = sets
            .iter()
            .find_map(|s| s.parameter(name.trim()))
            .map(|p| p.unit)
            .with_context(|| format!("--param {g}: no rule set declares a parameter {name}"))?;
        let v = match unit {
            ParamUnit::Rate => parse_rate(value).map_err(|m| anyhow::anyhow!("--param {g}: {m}"))?,
            ParamUnit::Years => value
                .trim()
                .parse::<Decimal>()
                .map_err(|_| anyhow::anyhow!("--param {g}: a number of years"))?,
        };
        out.insert(name.trim().to_owned(), v);
    }
    Ok(out)
}

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let Command::Incentive(cmd) = Command::from_arg_matches(&call.matches)?;
        match cmd {
            IncentiveCommand::Compute { rules, event, params } => {
                let sets = load_dir(&rules).map_err(|e| anyhow::anyhow!("{e}"))?;
                let text =
                    std::fs::read_to_string(&event).with_context(|| format!("cannot read {}", event.display()))?;
                let event = Event::from_json(&text).map_err(|m| anyhow::anyhow!("{}: {m}", call_name(&event)))?;
                let params = read_params(&sets, &params)?;
                let outcome = compute(sets.iter().flat_map(|s| s.rules.iter()), &event, &params);
                println!("{}", serde_json::to_string_pretty(&outcome)?);
            }
            IncentiveCommand::Check { rules } => {
                let sets = load_dir(&rules).map_err(|e| anyhow::anyhow!("{e}"))?;
                for s in &sets {
                    println!("{} ({}): {} rules", s.id, s.status, s.rules.len());
                    for r in &s.rules {
                        println!("  {} v{} · {} {}", r.id, r.version, s.short, r.clause);
                    }
                }
            }
            IncentiveCommand::Enact {
                set,
                city,
                from,
                to,
                mode,
                notice,
            } => {
                use crate::store::setup::{Enactment, EnactmentMode, SetupStore};
                let db = call.ctx.db().await?;
                let extra = call.ctx.data_dir.join(crate::web::RULES_DIR);
                let svc = crate::service::Incentives::load(Some(&extra)).map_err(|e| anyhow::anyhow!("{e}"))?;
                let rules = svc.set(&set).with_context(|| format!("no rule set {set}"))?;
                let region = db
                    .region_by_code(&city)
                    .await?
                    .with_context(|| format!("no region {city}"))?;
                let mode = EnactmentMode::from_code(&mode).context("--mode: in_force or preview")?;
                db.record_rule_versions(svc.sets()).await?;
                db.enact(
                    &Actor::system(),
                    region.id,
                    rules,
                    &Enactment {
                        set_id: &set,
                        mode,
                        from,
                        to,
                        notice: &notice,
                    },
                )
                .await?;
                println!("{set}: {} {from} – {to} in {}", mode.label_zh(), region.name);
            }
            IncentiveCommand::Run => {
                let db = call.ctx.db().await?;
                let extra = call.ctx.data_dir.join(crate::web::RULES_DIR);
                let svc = crate::service::Incentives::load(Some(&extra)).map_err(|e| anyhow::anyhow!("{e}"))?;
                use crate::store::setup::SetupStore;
                db.record_rule_versions(svc.sets()).await?;
                let report = crate::web::run_and_keep(&db, &svc, &Actor::system()).await?;
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        Ok(())
    })
}

fn call_name(p: &std::path::Path) -> String {
    p.display().to_string()
}
