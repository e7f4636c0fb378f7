//! The yearly report (年度指标报告) of an area: every indicator of the year
//! beside the year before, the breakdown by county of the headline
//! indicators, five-year charts and the definitions; as a page that prints
//! cleanly, as .xlsx, and as a PDF the server prints from the same HTML
//! with headless Chromium, so staff can send it.

use super::view::{AreaQuery, Scene, cell, unit};
use crate::catalogue::{CATALOGUE, IndicatorKey};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_charts::{LineChart, Series, line_chart};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::Query;
use kechuang_shell::page::file_response;
use minijinja::{Value, context};
use serde::Deserialize;
use std::time::Duration;

/// The indicators broken down by county and drawn as charts.
const HEADLINE: &[IndicatorKey] = &[
    IndicatorKey::HteHeld,
    IndicatorKey::TechSmeHeld,
    IndicatorKey::Platforms,
    IndicatorKey::ContractTurnover,
    IndicatorKey::RdIntensity,
    IndicatorKey::IncentivesPaid,
];

/// How long the server waits for Chromium to print.
const PRINT_TIMEOUT: Duration = Duration::from_secs(60);

/// The area and year (as [`AreaQuery`]) and the format.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub year: Option<i32>,
    /// `html` (default), `xlsx` or `pdf`.
    #[serde(default)]
    pub format: String,
}

/// The report's content as the templates read it.
fn content(scene: &Scene, ctx: &Ctx) -> Value {
    let year = *scene.years.last().unwrap_or(&0);
    let rows: Vec<Value> = CATALOGUE
        .iter()
        .map(|s| {
            let now = cell(&scene.book, s.key, &scene.chosen.area, year);
            let before = cell(&scene.book, s.key, &scene.chosen.area, year - 1);
            let change = match (now.value, before.value) {
                (Some(a), Some(b)) if b != 0.0 => Some(super::view::show((a - b) / b * 100.0, 1) + "%"),
                _ => None,
            };
            context! { name => s.key.label(ctx.lang), unit => unit(s.key, ctx.lang), now => now, before => before,
            change => change, definition => s.key.definition(ctx.lang), version => s.version }
        })
        .collect();
    let breakdown: Vec<Value> = scene
        .breakdown()
        .iter()
        .map(|a| {
            let cells: Vec<_> = HEADLINE.iter().map(|k| cell(&scene.book, *k, &a.area, year)).collect();
            context! { name => a.name, cells => cells }
        })
        .collect();
    let charts: Vec<Value> = HEADLINE
        .iter()
        .map(|k| {
            let points = scene
                .years
                .iter()
                .filter_map(|&y| {
                    scene
                        .book
                        .figure(*k, &scene.chosen.area, y)
                        .value
                        .map(|v| (y as f64, v))
                })
                .collect();
            Value::from_safe_string(line_chart(&LineChart {
                title: k.label(ctx.lang).to_owned(),
                unit: unit(*k, ctx.lang).to_owned(),
                x_labels: scene.years.iter().map(|&y| (y as f64, y.to_string())).collect(),
                series: vec![Series {
                    name: scene.chosen.name.clone(),
                    points,
                    ..Default::default()
                }],
            }))
        })
        .collect();
    context! {
        title => format!("{}{}{}", scene.chosen.name, year, ctx.t("report.title_suffix")),
        area_name => scene.chosen.name, area => scene.chosen.code, year => year, previous => year - 1,
        rows => rows, breakdown => breakdown, charts => charts,
        headline => HEADLINE.iter().map(|k| (k.label(ctx.lang), unit(*k, ctx.lang))).collect::<Vec<_>>(),
        computed_at => scene.computed_at,
    }
}

/// `GET /indicators/report?area=&year=&format=`.
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let scene = Scene::load(
        &state,
        &ctx,
        &AreaQuery {
            area: q.area.clone(),
            year: q.year,
        },
    )
    .await?;
    let year = *scene.years.last().unwrap_or(&0);
    let file = format!("{}{}年度科技创新指标报告", scene.chosen.name, year);
    match q.format.as_str() {
        "" | "html" => {
            Ok(kechuang_shell::render(&ctx, "indicators_report.html", content(&scene, &ctx))?.into_response())
        }
        "xlsx" => {
            let bytes = super::pages::sheet(&scene, ctx.lang)?;
            Ok(file_response(
                bytes,
                &format!("{file}.xlsx"),
                kechuang_shell::page::XLSX,
            ))
        }
        "pdf" => {
            let body = content(&scene, &ctx);
            let html = kechuang_shell::render(
                &ctx,
                "indicators_report_doc.html",
                context! { content => "_indicators_report.html", ..body },
            )?
            .0;
            let pdf = print_pdf(&html).await?;
            Ok(file_response(pdf, &format!("{file}.pdf"), "application/pdf"))
        }
        _ => Err(AppError::invalid(
            "format",
            "格式应为 html、xlsx 或 pdf / html, xlsx or pdf",
        )),
    }
}

/// The Chromium the server prints with: `KECHUANG_CHROMIUM`, or the first
/// of the usual paths that exists.
fn chromium() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("KECHUANG_CHROMIUM") {
        return Some(p.into());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())
}

/// `html` (a whole document with its styles inline) printed to PDF.
pub(super) async fn print_pdf(html: &str) -> Result<Vec<u8>, AppError> {
    let Some(browser) = chromium() else {
        return Err(AppError::invalid(
            "format",
            "服务器未安装 Chromium，无法生成 PDF；可打开网页版用浏览器打印 / no Chromium on the server to print a PDF; print the page from the browser",
        ));
    };
    let dir = tempfile::tempdir().map_err(|e| AppError::internal("report folder", e))?;
    let input = dir.path().join("report.html");
    let output = dir.path().join("report.pdf");
    tokio::fs::write(&input, html)
        .await
        .map_err(|e| AppError::internal("report html", e))?;
    let mut cmd = tokio::process::Command::new(browser);
    cmd.arg("--headless")
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(format!("file://{}", input.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    let status = tokio::time::timeout(PRINT_TIMEOUT, cmd.status())
        .await
        .map_err(|_| AppError::internal("printing the report", std::io::Error::other("Chromium timed out")))?
        .map_err(|e| AppError::internal("starting Chromium", e))?;
    let pdf = tokio::fs::read(&output).await.unwrap_or_default();
    if !status.success() || !pdf.starts_with(b"%PDF") {
        return Err(AppError::internal(
            "printing the report",
            std::io::Error::other(format!("Chromium: {status}")),
        ));
    }
    Ok(pdf)
}
