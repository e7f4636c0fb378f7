//! Technology-market commands: `kechuang import achievements|demands|contracts
//! FILE` (all or nothing, the registry importer's rules), `kechuang match
//! demand --text … | --id N` and `kechuang match achievement --id N` (JSON or
//! a table), and `kechuang index rebuild|status` for this instance's search
//! index.

use crate::store::prelude::*;
use clap::{FromArgMatches, Subcommand};
use futures_util::future::BoxFuture;
use kechuang_shell::{CliCall, CliCtx, CliSpec, ImportArgs, subcommands_of};
use std::sync::Arc;

use crate::rank::QueryFacts;
use crate::search::MarketIndex;
use crate::search::engine::{Engine, Filters, MatchView};
use anyhow::{Context, bail};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_sheets::Report;

/// Opens this instance's index over `db` (read-only when a running server
/// holds it) and brings it up to date when it can write.
async fn engine(ctx: &CliCtx, db: Db) -> anyhow::Result<Arc<Engine>> {
    let dir = crate::web::index_dir(&ctx.config).unwrap_or_else(|| ctx.data_dir.join(crate::web::INDEX_DIR));
    let budget = ctx.config.index_writer_mib.max(16) * 1024 * 1024;
    let index = tokio::task::spawn_blocking(move || MarketIndex::open(Some(&dir), budget)).await??;
    let engine = Engine::new(db, Arc::new(index));
    engine.catch_up().await?;
    Ok(engine)
}

fn print_issues(file: &std::path::Path, report: &Report, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    let errors = report
        .issues
        .iter()
        .filter(|i| i.severity == kechuang_sheets::Severity::Error)
        .count();
    println!(
        "{}: {} 行 / rows, {} 行无误 / rows without errors, {} 个问题 / issues ({errors} 个错误 / errors)",
        file.display(),
        report.rows,
        report.ok_rows,
        report.issues.len()
    );
    for i in report.issues.iter().take(50) {
        println!(
            "  第 {} 行 / row {} · {} · “{}” · {}",
            i.line, i.line, i.column, i.value, i.reason
        );
    }
    if let Some(out) = out {
        let bytes = if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            report.to_csv()
        } else {
            report.to_xlsx()?
        };
        std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
        println!("报告已写入 / report written to {}", out.display());
    }
    Ok(())
}

/// `kechuang import achievements|demands FILE`: imported items are
/// published in the top-level region (the bureau's own curated lists).
async fn import(args: ImportArgs, db: &Db, ctx: &CliCtx) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let region = db
        .regions()
        .await?
        .into_iter()
        .find(|r| r.parent_id.is_none())
        .context("没有地区，请先导入地区 / no regions yet: import regions first")?;
    let today = kechuang_kernel::clock::today();
    let actor = Actor::system();
    let written = match args.kind.as_str() {
        "achievements" => {
            let sheet = match crate::sheet::read_achievements(&name, &bytes) {
                Ok(s) => s,
                Err(report) => {
                    print_issues(&args.file, &report, args.report.as_deref())?;
                    bail!("文件有错误，未写入任何数据 / the file has errors: nothing was written");
                }
            };
            print_issues(&args.file, &sheet.report, args.report.as_deref())?;
            if args.dry_run {
                return Ok(());
            }
            let rows: Vec<(i64, _)> = sheet.rows.into_iter().map(|(_, a)| (region.id, a)).collect();
            db.import_achievements(&actor, &rows, crate::vocab::AchievementStatus::Published, None)
                .await?
        }
        "demands" => {
            let sheet = match crate::sheet::read_demands(&name, &bytes, today) {
                Ok(s) => s,
                Err(report) => {
                    print_issues(&args.file, &report, args.report.as_deref())?;
                    bail!("文件有错误，未写入任何数据 / the file has errors: nothing was written");
                }
            };
            print_issues(&args.file, &sheet.report, args.report.as_deref())?;
            if args.dry_run {
                return Ok(());
            }
            let rows: Vec<(i64, _)> = sheet.rows.into_iter().map(|(_, d)| (region.id, d)).collect();
            db.import_demands(&actor, &rows, crate::vocab::DemandStatus::Published, None, today)
                .await?
        }
        "contracts" => {
            let sheet = match crate::sheet::read_contracts(&name, &bytes, today) {
                Ok(s) => s,
                Err(report) => {
                    print_issues(&args.file, &report, args.report.as_deref())?;
                    bail!("文件有错误，未写入任何数据 / the file has errors: nothing was written");
                }
            };
            print_issues(&args.file, &sheet.report, args.report.as_deref())?;
            let mut rows = Vec::with_capacity(sheet.rows.len());
            let mut unknown = Vec::new();
            for (line, (c, place)) in sheet.rows {
                let id = if place.trim().is_empty() {
                    Some(region.id)
                } else {
                    db.find_region(place.trim()).await?.map(|r| r.id)
                };
                match id {
                    Some(id) => rows.push((id, c)),
                    None => unknown.push(format!(
                        "  第 {line} 行 / row {line} · 登记地区 · “{place}” · 未知地区 / unknown region"
                    )),
                }
            }
            if !unknown.is_empty() {
                println!("{}", unknown.join("\n"));
                bail!("文件有错误，未写入任何数据 / the file has errors: nothing was written");
            }
            if args.dry_run {
                return Ok(());
            }
            let ids = db.register_contracts(&actor, &rows).await?;
            let flagged = db
                .contracts(&crate::store::ContractQuery {
                    scope_like: "/%".into(),
                    pending_only: true,
                    limit: 1000,
                    ..Default::default()
                })
                .await?
                .iter()
                .filter(|c| ids.contains(&c.id))
                .count();
            println!(
                "已登记 {} 份合同，其中 {flagged} 份有异常标记待核查 / {} contracts registered, {flagged} flagged for review",
                ids.len(),
                ids.len()
            );
            return Ok(());
        }
        other => bail!("unknown market kind {other}"),
    };
    println!(
        "新增并发布 {} 项，更新 {} 项，未变 {} 项 / {} {kind} created and published, {} updated, {} unchanged",
        written.created,
        written.updated,
        written.unchanged,
        written.created,
        written.updated,
        written.unchanged,
        kind = args.kind
    );
    let engine = engine(ctx, db.clone()).await?;
    if engine.index.writable() {
        println!(
            "搜索索引已更新 / search index updated (sequence {})",
            engine.index.seq()
        );
    } else {
        println!("运行中的服务会在 1 秒内完成索引 / the running server indexes them within a second");
    }
    Ok(())
}

fn print_matches(found: &[MatchView], format: &str) -> anyhow::Result<()> {
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(found)?);
        return Ok(());
    }
    for (i, m) in found.iter().enumerate() {
        println!(
            "{:>2}. [{:.2}] #{} {} · {} · 共同关键词 / shared words: {}{}",
            i + 1,
            m.score,
            m.id,
            m.title,
            m.party,
            m.matched_terms.join(" "),
            if m.shared_field.is_some() {
                " · 同领域 / same field"
            } else {
                ""
            }
        );
    }
    if found.is_empty() {
        println!("暂无匹配 / no matches");
    }
    Ok(())
}

/// `kechuang match demand|achievement …`.
async fn matching(cmd: MatchCommand, db: Db, ctx: &CliCtx) -> anyhow::Result<()> {
    let engine = engine(ctx, db).await?;
    match cmd {
        MatchCommand::Demand {
            text,
            id,
            top,
            format,
            field,
            min_maturity,
        } => {
            let filters = Filters {
                field: field.clone(),
                min_maturity,
                ..Default::default()
            };
            let found = match (text, id) {
                (Some(t), None) if !t.trim().is_empty() => {
                    let q = QueryFacts::from_text(&t, field.as_deref().unwrap_or(""), &[]);
                    engine.match_text(&q, &filters, None, top).await?
                }
                (None, Some(id)) => engine.match_demand(id, &filters, top).await?,
                _ => bail!("请给出 --text 或 --id 之一 / give exactly one of --text or --id"),
            };
            print_matches(&found.iter().map(MatchView::from).collect::<Vec<_>>(), &format)
        }
        MatchCommand::Achievement { id, top, format } => {
            let found = engine.match_achievement(id, top).await?;
            print_matches(&found.iter().map(MatchView::from).collect::<Vec<_>>(), &format)
        }
    }
}

/// `kechuang index rebuild|status`.
async fn index(cmd: IndexCommand, db: Db, ctx: &CliCtx) -> anyhow::Result<()> {
    let engine = engine(ctx, db.clone()).await?;
    match cmd {
        IndexCommand::Rebuild => {
            if !engine.index.writable() {
                bail!("{}", crate::search::SearchError::ReadOnly);
            }
            let started = std::time::Instant::now();
            let n = engine.rebuild().await?;
            let secs = started.elapsed().as_secs_f64();
            println!(
                "已重建索引 / index rebuilt: {n} 项 / items in {secs:.1} s ({:.0}/s), sequence {}",
                n as f64 / secs.max(1e-9),
                engine.index.seq()
            );
        }
        IndexCommand::Status => {
            println!(
                "索引目录 / directory: {}\n成果 / achievements: {}\n需求 / demands: {}\n索引序号 / index sequence: {}\n数据库序号 / database sequence: {}{}",
                crate::web::index_dir(&ctx.config)
                    .unwrap_or_else(|| ctx.data_dir.join(crate::web::INDEX_DIR))
                    .display(),
                engine.index.count("achievement")?,
                engine.index.count("demand")?,
                engine.index.seq(),
                db.market_seq().await?,
                if engine.index.writable() {
                    ""
                } else {
                    "\n（只读：服务正在运行 / read-only: a server is running）"
                }
            );
        }
    }
    Ok(())
}

/// The market's subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Technology-market matching from the command line.
    #[command(subcommand)]
    Match(MatchCommand),
    /// This instance's technology-market search index.
    #[command(subcommand)]
    Index(IndexCommand),
}

#[derive(Subcommand, Debug)]
enum MatchCommand {
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
enum IndexCommand {
    /// Rebuild the index from the database.
    Rebuild,
    /// Show what the index holds and how far it has followed the database.
    Status,
}

/// The market's part of the command line.
pub static CLI: CliSpec = CliSpec {
    commands: subcommands_of::<Command>,
    import_kinds: &["achievements", "demands", "contracts"],
    run,
};

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let ctx = call.ctx;
        if call.matches.subcommand_name() == Some("import") {
            let args = ImportArgs::of(&call.matches)?;
            return import(args, &ctx.db().await?, &ctx).await;
        }
        match Command::from_arg_matches(&call.matches)? {
            Command::Match(cmd) => matching(cmd, ctx.db().await?, &ctx).await,
            Command::Index(cmd) => index(cmd, ctx.db().await?, &ctx).await,
        }
    })
}
