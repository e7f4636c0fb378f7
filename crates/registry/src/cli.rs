//! `kechuang import KIND FILE [--dry-run] [--report OUT]`: check a registry
//! sheet, print its issues, optionally write the report, and (unless a dry
//! run) write it in one transaction that commits only when the whole file
//! has no errors, with live counts of the rows checked and written.

use crate::run::{check_against_store, region_index};
use crate::{Checked, ImportKind, check, import_file};
use anyhow::{Context, bail};
use futures_util::future::BoxFuture;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_shell::{CliCall, CliSpec, ImportArgs};

/// A live count of rows with their rate (the total is known only at the end).
fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let template = format!("{{spinner}} {what} {{pos}} 行 / rows ({{per_sec}})");
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_spinner()));
    bar
}

async fn import(args: ImportArgs, db: &Db) -> anyhow::Result<()> {
    if args.kind == "regions" {
        return regions(&args, db).await;
    }
    let kind = ImportKind::parse(&args.kind).context("unknown kind")?;
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let actor = Actor::system();
    let regions = region_index(db, &actor).await?;
    let started = std::time::Instant::now();
    let bars = MultiProgress::new();
    let reading = bars.add(counter("读取并检查 / checked"));
    let r = reading.clone();
    let checked_progress = move |n: usize| r.set_position(n as u64);
    let (checked, counts) = if args.dry_run {
        let mut checked = tokio::task::spawn_blocking(move || {
            let mut progress = checked_progress;
            check(kind, &file_name, &bytes, &regions, &mut progress)
        })
        .await??;
        check_against_store(db, &mut checked).await?;
        (checked, None)
    } else {
        let writing = bars.add(counter("写入 / written"));
        let w = writing.clone();
        let imported = import_file(
            db,
            &actor,
            None,
            kind,
            file_name,
            bytes,
            regions,
            Box::new(checked_progress),
            &move |n| w.set_position(n as u64),
        )
        .await?;
        writing.finish_and_clear();
        (imported.checked, imported.counts)
    };
    reading.finish_and_clear();
    print_report(&args, &checked)?;
    if checked.errors() > 0 {
        bail!("文件有错误，未导入任何数据 / the file has errors; nothing was imported");
    }
    match counts {
        None => println!(
            "试运行，未写入 / dry run: nothing written ({:.1} s)",
            started.elapsed().as_secs_f64()
        ),
        Some(counts) => println!(
            "已导入 / imported in {:.1} s: 新增 / created {}, 更新 / updated {}, 未变 / unchanged {}",
            started.elapsed().as_secs_f64(),
            counts.created,
            counts.updated,
            counts.unchanged
        ),
    }
    Ok(())
}

/// Prints the summary and the first issues of a checked file, and writes the
/// full report when asked.
fn print_report(args: &ImportArgs, checked: &Checked) -> anyhow::Result<()> {
    let report = &checked.report;
    println!(
        "{}: {} 行 / rows, {} 行无误 / rows without errors, {} 个错误 / errors, {} 个警告 / warnings{}",
        args.file.display(),
        report.rows,
        report.ok_rows,
        checked.errors(),
        checked.warnings(),
        checked
            .encoding
            .as_deref()
            .map(|e| format!(" (encoding {e})"))
            .unwrap_or_default()
    );
    for i in report.issues.iter().take(50) {
        println!(
            "  第 {} 行 / row {} · {} · “{}” · {}",
            i.line, i.line, i.column, i.value, i.reason
        );
    }
    if report.issues.len() > 50 {
        println!("  … {} more (see --report)", report.issues.len() - 50);
    }
    if let Some(out) = &args.report {
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

/// Imports a region sheet (行政区划代码, 名称, 拼音, 级别, 上级代码), parents
/// before children; regions already present (by code) are left as they are.
async fn regions(args: &ImportArgs, db: &Db) -> anyhow::Result<()> {
    use kechuang_kernel::region::{DivisionCode, RegionLevel};
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let table = kechuang_sheets::read_table(&args.file.to_string_lossy(), &bytes)?;
    let col = |names: &[&str]| {
        table.headers.iter().position(|h| {
            names
                .iter()
                .any(|n| kechuang_sheets::normalize_header(h) == kechuang_sheets::normalize_header(n))
        })
    };
    let (Some(code), Some(name), Some(level)) = (
        col(&["行政区划代码", "code"]),
        col(&["名称", "name"]),
        col(&["级别", "level"]),
    ) else {
        bail!("需要列 行政区划代码、名称、级别 / columns code, name and level are required");
    };
    let (name_en, parent) = (col(&["拼音", "name_en"]), col(&["上级代码", "parent_code"]));
    let (mut created, mut kept) = (0, 0);
    for row in &table.rows {
        let c = row.cell(code);
        if db.region_by_code(c).await?.is_some() {
            kept += 1;
            continue;
        }
        let lv = RegionLevel::parse(row.cell(level))
            .or_else(|| match row.cell(level) {
                "省" => Some(RegionLevel::Province),
                "市" => Some(RegionLevel::City),
                "县区" | "县" | "区" => Some(RegionLevel::County),
                _ => None,
            })
            .with_context(|| format!("第 {} 行：无法识别的级别 / row {}: unknown level", row.line, row.line))?;
        let parent_id = match parent.map(|p| row.cell(p)).filter(|p| !p.is_empty()) {
            Some(p) => Some(
                db.region_by_code(p)
                    .await?
                    .with_context(|| format!("第 {} 行：上级 {p} 不存在 / row {}: unknown parent", row.line, row.line))?
                    .id,
            ),
            None => None,
        };
        db.create_region(
            &Actor::system(),
            kechuang_kernel::regions::NewRegion {
                code: DivisionCode::parse(c)
                    .map_err(|e| anyhow::anyhow!("第 {} 行 / row {}: {e}", row.line, row.line))?,
                name: row.cell(name).to_owned(),
                name_en: name_en.map(|i| row.cell(i).to_owned()).unwrap_or_default(),
                level: lv,
                parent_id,
            },
        )
        .await?;
        created += 1;
    }
    println!("地区 / regions: 新增 / created {created}, 已有 / already present {kept}");
    Ok(())
}

/// The registry's part of the command line: its sheet kinds.
pub static CLI: CliSpec = CliSpec {
    commands: Vec::new,
    import_kinds: &[
        "regions",
        "enterprises",
        "facts",
        "certificates",
        "platforms",
        "experts",
        "institutions",
        "agencies",
        "investors",
    ],
    run,
};

fn run(call: CliCall) -> BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let args = ImportArgs::of(&call.matches)?;
        import(args, &call.ctx.db().await?).await
    })
}
