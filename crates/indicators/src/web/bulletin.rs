//! The quarterly bulletin (季度简报) of a region: each indicator for the
//! quarter (stocks on its last day or today, flows over its days) beside
//! the same quarter of the year before, as a page, .xlsx or a PDF printed
//! on the server like the yearly report. Indicators that only exist by the
//! year (ratios, growth, yearly facts, entered statistics) show the year's
//! figure and say so.

use super::view::{AreaQuery, Scene, show, unit};
use crate::catalogue::{CATALOGUE, Formula, IndicatorKey};
use crate::figures::Area;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use kechuang_sheets::{Cell, table_to_xlsx};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::Query;
use kechuang_shell::page::{XLSX, file_response};
use minijinja::{Value, context};
use serde::Deserialize;

/// Which region, quarter and format.
#[derive(Debug, Default, Deserialize)]
pub struct BulletinQuery {
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub year: Option<i32>,
    /// 1 to 4 (default: the quarter under way).
    #[serde(default)]
    pub quarter: Option<u32>,
    /// `html` (default), `xlsx` or `pdf`.
    #[serde(default)]
    pub format: String,
}

/// The days of quarter `q` of `year`, the last one no later than `today`;
/// none for a quarter not yet begun or out of range.
pub fn quarter_days(year: i32, q: u32, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let from = NaiveDate::from_ymd_opt(year, 3 * q - 2, 1)?;
    let next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, 3 * q + 1, 1)?
    };
    let to = next.pred_opt()?.min(today);
    (from <= to).then_some((from, to))
}

/// Counted over the quarter's days (the others are yearly figures).
fn by_days(key: IndicatorKey) -> bool {
    use IndicatorKey::*;
    matches!(
        key,
        HteHeld | HteNew | TechSmeHeld | TechSmeNew | Platforms | PlatformsNew | ContractTurnover
    )
}

/// `GET /indicators/bulletin?area=&year=&quarter=&format=`.
pub async fn bulletin(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BulletinQuery>,
) -> Result<Response, AppError> {
    let today = kechuang_kernel::clock::today();
    let year = q.year.unwrap_or(today.year());
    let quarter = q.quarter.unwrap_or(today.month0() / 3 + 1);
    let (from, to) = quarter_days(year, quarter, today).ok_or_else(|| {
        AppError::invalid(
            "quarter",
            "季度应为已开始的第1至4季度 / a quarter 1 to 4 that has begun",
        )
    })?;
    let scene = Scene::load(
        &state,
        &ctx,
        &AreaQuery {
            area: q.area.clone(),
            year: Some(year),
        },
    )
    .await?;
    let Area::Region(region_id) = scene.chosen.area else {
        return Err(AppError::invalid(
            "area",
            "季度简报按地区编制，不按分组 / a bulletin is made for a region, not a group",
        ));
    };
    let region = state.db.region(region_id).await?;
    let last_year = |d: NaiveDate| d.with_year(d.year() - 1).unwrap_or(d);
    let mut rows = Vec::new();
    for s in CATALOGUE {
        let (now, before) = if by_days(s.key) {
            let now = crate::metrics::value(&state.db, s.key, &region.path, from, to).await?;
            let before = crate::metrics::value(&state.db, s.key, &region.path, last_year(from), last_year(to)).await?;
            (now, before)
        } else {
            (
                scene.book.figure(s.key, &scene.chosen.area, year).value,
                scene.book.figure(s.key, &scene.chosen.area, year - 1).value,
            )
        };
        let change = match (now, before) {
            (Some(a), Some(b)) if b != 0.0 && !matches!(s.formula, Formula::Ratio { .. } | Formula::Growth { .. }) => {
                Some(format!("{}%", show((a - b) / b * 100.0, 1)))
            }
            _ => None,
        };
        let d = s.unit.decimals();
        rows.push((s.key, now, before, change, by_days(s.key), d));
    }
    let title = format!(
        "{}{}年第{}季度{}",
        scene.chosen.name,
        year,
        quarter,
        ctx.t("bulletin.title_suffix")
    );
    let file = title.clone();
    match q.format.as_str() {
        "" | "html" | "pdf" => {
            let views: Vec<Value> = rows
                .iter()
                .map(|(k, now, before, change, days, d)| {
                    context! { name => k.label(ctx.lang), unit => unit(*k, ctx.lang),
                    now => now.map_or("—".to_owned(), |v| show(v, *d)),
                    before => before.map_or("—".to_owned(), |v| show(v, *d)),
                    change => change, yearly => !days }
                })
                .collect();
            let body = context! { title => title, area => scene.chosen.code, area_name => scene.chosen.name,
            year => year, quarter => quarter, from => from.to_string(), to => to.to_string(),
            rows => views, computed_at => scene.computed_at };
            if q.format == "pdf" {
                let html = kechuang_shell::render(
                    &ctx,
                    "indicators_report_doc.html",
                    context! { content => "_indicators_bulletin.html", ..body },
                )?
                .0;
                let pdf = super::report::print_pdf(&html).await?;
                return Ok(file_response(pdf, &format!("{file}.pdf"), "application/pdf"));
            }
            Ok(kechuang_shell::render(&ctx, "indicators_bulletin.html", body)?.into_response())
        }
        "xlsx" => {
            let cells: Vec<Vec<Cell>> = rows
                .iter()
                .map(|(k, now, before, change, days, _)| {
                    let num = |v: &Option<f64>| v.map_or_else(|| Cell::Text("—".into()), Cell::Number);
                    vec![
                        Cell::Text(k.label(ctx.lang).to_owned()),
                        Cell::Text(unit(*k, ctx.lang).to_owned()),
                        num(now),
                        num(before),
                        Cell::Text(change.clone().unwrap_or_default()),
                        Cell::Text(if *days { "季度".into() } else { "年度口径".into() }),
                    ]
                })
                .collect();
            let headers = ["指标", "单位", "本期", "上年同期", "同比", "口径"];
            let bytes =
                table_to_xlsx("季度简报", &headers, &cells).map_err(|e| AppError::internal("bulletin sheet", e))?;
            Ok(file_response(bytes, &format!("{file}.xlsx"), XLSX))
        }
        _ => Err(AppError::invalid(
            "format",
            "格式应为 html、xlsx 或 pdf / html, xlsx or pdf",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_end_on_their_last_day_or_today() {
        let today = d("2026-12-07");
        assert_eq!(quarter_days(2026, 1, today), Some((d("2026-01-01"), d("2026-03-31"))));
        assert_eq!(quarter_days(2024, 1, today), Some((d("2024-01-01"), d("2024-03-31"))));
        assert_eq!(quarter_days(2026, 4, today), Some((d("2026-10-01"), d("2026-12-07"))));
        assert_eq!(quarter_days(2025, 4, today), Some((d("2025-10-01"), d("2025-12-31"))));
        assert_eq!(quarter_days(2027, 1, today), None, "not begun");
        assert_eq!(quarter_days(2026, 5, today), None);
        assert_eq!(quarter_days(2026, 0, today), None);
    }
}
