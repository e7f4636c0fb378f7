//! The indicator pages: the catalogue with every figure of an area over
//! five years, one indicator by county and year with its definition,
//! lineage and chart, the .xlsx export and the API.

use super::view::{AreaQuery, Cell, Scene, cell, unit};
use crate::catalogue::{CATALOGUE, IndicatorKey, spec};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_charts::{LineChart, Series, line_chart};
use kechuang_kernel::access::allows;
use kechuang_sheets::{Cell as SheetCell, table_to_xlsx};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::form::Query;
use kechuang_shell::page::{XLSX, file_response};
use kechuang_shell::render;
use minijinja::{Value, context};
use serde::Serialize;

fn key_of(code: &str) -> Result<IndicatorKey, AppError> {
    IndicatorKey::parse(code).ok_or(AppError::NotFound)
}

fn area_options(scene: &Scene) -> Vec<(String, String)> {
    scene.choices.iter().map(|c| (c.code.clone(), c.name.clone())).collect()
}

/// `GET /indicators?area=&year=`: every indicator of the area, five years.
pub async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AreaQuery>,
) -> Result<Response, AppError> {
    let scene = Scene::load(&state, &ctx, &q).await?;
    let rows: Vec<Value> = CATALOGUE
        .iter()
        .map(|s| {
            let cells: Vec<Cell> = scene
                .years
                .iter()
                .map(|&y| cell(&scene.book, s.key, &scene.chosen.area, y))
                .collect();
            context! { code => s.key.as_str(), name => s.key.label(ctx.lang), unit => unit(s.key, ctx.lang),
            entered => s.is_entered(), cells => cells }
        })
        .collect();
    let html = render(
        &ctx,
        "indicators_overview.html",
        context! { rows => rows, years => scene.years, areas => area_options(&scene), area => scene.chosen.code,
        area_name => scene.chosen.name, year => scene.years.last(), computed_at => scene.computed_at,
        can_enter => allows(ctx.principal.role, crate::access::ENTER_INDICATORS) },
    )?;
    Ok(html.into_response())
}

/// `GET /indicators/{key}?area=&year=`: one indicator by region and year.
pub async fn indicator(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<AreaQuery>,
) -> Result<Response, AppError> {
    let key = key_of(&code)?;
    let s = spec(key);
    let scene = Scene::load(&state, &ctx, &q).await?;
    let row = |name: &str, area: &crate::figures::Area| {
        let cells: Vec<Cell> = scene.years.iter().map(|&y| cell(&scene.book, key, area, y)).collect();
        context! { name => name, cells => cells }
    };
    let main: Vec<Cell> = scene
        .years
        .iter()
        .map(|&y| cell(&scene.book, key, &scene.chosen.area, y))
        .collect();
    let used: Vec<Value> = main
        .iter()
        .flat_map(|c| c.figure.used.iter().map(Value::from_serialize))
        .collect();
    let chart = line_chart(&LineChart {
        title: format!("{} · {}", key.label(ctx.lang), scene.chosen.name),
        unit: unit(key, ctx.lang).to_owned(),
        x_labels: scene.years.iter().map(|&y| (y as f64, y.to_string())).collect(),
        series: vec![Series {
            name: scene.chosen.name.clone(),
            points: main
                .iter()
                .filter_map(|c| c.value.map(|v| (c.year as f64, v)))
                .collect(),
            ..Default::default()
        }],
    });
    let breakdown: Vec<Value> = scene.breakdown().iter().map(|c| row(&c.name, &c.area)).collect();
    let html = render(
        &ctx,
        "indicators_indicator.html",
        context! {
            code => key.as_str(), name => key.label(ctx.lang), definition => key.definition(ctx.lang),
            unit => unit(key, ctx.lang), version => s.version, sources => s.sources, entered => s.is_entered(),
            years => scene.years, areas => area_options(&scene), area => scene.chosen.code,
            area_name => scene.chosen.name, year => scene.years.last(), total => row(&scene.chosen.name, &scene.chosen.area),
            breakdown => breakdown, used => used, chart => Value::from_safe_string(chart), computed_at => scene.computed_at,
        },
    )?;
    Ok(html.into_response())
}

/// One figure as exported and served by the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FigureRow {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub area: String,
    pub year: i32,
    pub value: Option<f64>,
    /// Why there is no value, or which parts are missing.
    pub missing: Vec<String>,
    /// The tables counted, or `indicator_inputs` with the entries used.
    pub sources: Vec<String>,
    pub definition_version: String,
    /// Entered figures used: region, year, value, source, who and when.
    #[schema(value_type = Vec<Object>)]
    pub entered: Vec<serde_json::Value>,
    /// When the figure was computed (China time).
    pub computed_at: String,
}

fn figure_rows(scene: &Scene, lang: kechuang_kernel::vocab::Lang, all_areas: bool) -> Vec<FigureRow> {
    let at = scene.computed_at.clone();
    let mut areas = vec![&scene.chosen];
    if all_areas {
        areas.extend(scene.breakdown());
    }
    let mut out = Vec::new();
    for a in areas {
        for s in CATALOGUE {
            for &y in &scene.years {
                let f = scene.book.figure(s.key, &a.area, y);
                out.push(FigureRow {
                    indicator: s.key.as_str().to_owned(),
                    name: s.key.label(lang).to_owned(),
                    unit: s.unit.label(lang).to_owned(),
                    area: a.name.clone(),
                    year: y,
                    value: f.value,
                    missing: f.missing,
                    sources: s.sources.iter().map(|t| (*t).to_owned()).collect(),
                    definition_version: s.version.to_owned(),
                    entered: f.used.iter().filter_map(|u| serde_json::to_value(u).ok()).collect(),
                    computed_at: at.clone(),
                });
            }
        }
    }
    out
}

/// Every indicator of the scene's area and of each region and group below
/// it, five years, as an .xlsx workbook.
pub fn sheet(scene: &Scene, lang: kechuang_kernel::vocab::Lang) -> Result<Vec<u8>, AppError> {
    let rows: Vec<Vec<SheetCell>> = figure_rows(scene, lang, true)
        .into_iter()
        .map(|r| {
            let source = if r.entered.is_empty() {
                r.sources.join(", ")
            } else {
                r.entered
                    .iter()
                    .filter_map(|e| e.get("source").and_then(|s| s.as_str()).map(str::to_owned))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            vec![
                SheetCell::Text(r.area),
                SheetCell::Number(r.year as f64),
                SheetCell::Text(r.name),
                r.value.map_or_else(|| SheetCell::Text("—".into()), SheetCell::Number),
                SheetCell::Text(r.unit),
                SheetCell::Text(source),
                SheetCell::Text(r.missing.join("; ")),
                SheetCell::Text(r.definition_version),
                SheetCell::Text(r.computed_at),
            ]
        })
        .collect();
    let headers = [
        "地区",
        "年度",
        "指标",
        "数值",
        "单位",
        "来源",
        "缺失说明",
        "口径版本",
        "计算时间",
    ];
    table_to_xlsx("指标", &headers, &rows).map_err(|e| AppError::internal("indicator sheet", e))
}

/// `GET /indicators/export?area=&year=`: every indicator of the area and of
/// each region and group below it, five years, as .xlsx.
pub async fn export(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AreaQuery>) -> Result<Response, AppError> {
    let scene = Scene::load(&state, &ctx, &q).await?;
    let bytes = sheet(&scene, ctx.lang)?;
    let name = format!(
        "指标-{}-{}.xlsx",
        scene.chosen.name,
        scene.years.last().copied().unwrap_or_default()
    );
    Ok(file_response(bytes, &name, XLSX))
}

/// Every indicator of an area over five years, with lineage.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators", params(AreaQuery),
    responses((status = 200, body = Vec<FigureRow>), (status = 422, body = ErrorBody)))]
pub async fn api_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AreaQuery>,
) -> Result<Json<Vec<FigureRow>>, AppError> {
    let scene = Scene::load(&state, &ctx, &q).await?;
    Ok(Json(figure_rows(&scene, ctx.lang, false)))
}
