//! `kechuang indicators`: every indicator for a region and every region
//! below it, over a span of years, as CSV (what the yearly statistics
//! return and the scale benchmark are made from).

use crate::catalogue::CATALOGUE;
use crate::figures::Area;
use crate::store::prelude::*;
use anyhow::Context;
use chrono::Datelike;
use clap::{FromArgMatches, Subcommand};
use futures_util::future::BoxFuture;
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::vocab::Lang;
use kechuang_shell::{CliCall, CliSpec, subcommands_of};

/// The indicators' subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Print every indicator of a region and of every region below it, for
    /// each year of a span, as CSV (UTF-8 with BOM) on standard output.
    Indicators {
        /// The region's division code (a city or county).
        #[arg(long)]
        region: String,
        /// The first year (default: five years before the last).
        #[arg(long)]
        from: Option<i32>,
        /// The last year (default: this year).
        #[arg(long)]
        to: Option<i32>,
    },
}

/// The indicators' part of the command line.
pub static CLI: CliSpec = CliSpec {
    commands: subcommands_of::<Command>,
    import_kinds: &[],
    run,
};

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let Command::Indicators { region, from, to } = Command::from_arg_matches(&call.matches)?;
        let today = kechuang_kernel::clock::today();
        let to = to.unwrap_or(today.year());
        let from = from.unwrap_or(to - 4);
        anyhow::ensure!(
            from <= to && to - from <= 50,
            "--from must be before --to, at most 50 years apart"
        );
        let db = call.ctx.db().await?;
        let root = db
            .region_by_code(&region)
            .await?
            .with_context(|| format!("no region {region}"))?;
        let path = RegionPath::from_stored(root.path.clone());
        // the year before the first, for growth rates
        let years: Vec<i32> = (from - 1..=to).collect();
        let book = db.book(&path, &years, today).await?;
        let areas: Vec<_> = db
            .regions()
            .await?
            .into_iter()
            .filter(|r| RegionPath::from_stored(r.path.clone()).is_within(&path))
            .collect();
        let mut rows = Vec::new();
        for r in &areas {
            for s in CATALOGUE {
                for y in from..=to {
                    let f = book.figure(s.key, &Area::Region(r.id), y);
                    rows.push(vec![
                        r.code.clone(),
                        r.name.clone(),
                        y.to_string(),
                        s.key.as_str().to_owned(),
                        s.key.label(Lang::Zh).to_owned(),
                        f.value.map(|v| v.to_string()).unwrap_or_default(),
                        s.unit.label(Lang::Zh).to_owned(),
                        f.missing.join("; "),
                    ]);
                }
            }
        }
        let csv = kechuang_sheets::table_to_csv(
            &[
                "region_code",
                "region",
                "year",
                "indicator",
                "name",
                "value",
                "unit",
                "missing",
            ],
            rows,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        use std::io::Write;
        std::io::stdout().write_all(&csv)?;
        Ok(())
    })
}
