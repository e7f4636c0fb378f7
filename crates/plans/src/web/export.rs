//! Excel exports of the supervision board and of county assessments.

use super::assessment::{computed, counties, indicators_of, scores};
use super::board::task_row;
use super::supervise::target_rows;
use crate::store::prelude::*;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::ui::scope_of;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn xlsx_err(e: XlsxError) -> AppError {
    AppError::internal("building the workbook", e)
}

fn header_row(ws: &mut Worksheet, cols: &[&str]) -> Result<(), AppError> {
    let bold = Format::new().set_bold();
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *c, &bold).map_err(xlsx_err)?;
        ws.set_column_width(i as u16, 16).map_err(xlsx_err)?;
    }
    Ok(())
}

fn download(bytes: Vec<u8>, name: &str) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn opt_num(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>) -> Result<(), AppError> {
    if let Some(v) = v {
        ws.write_number(row, col, v).map_err(xlsx_err)?;
    }
    Ok(())
}

pub async fn plan_xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    let rows = target_rows(&state, &ctx, &plan).await?;
    let tasks: Vec<_> = state
        .db
        .plan_tasks(id)
        .await?
        .iter()
        .map(|t| task_row(t, today()))
        .collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("目标 targets").map_err(xlsx_err)?;
    header_row(
        ws,
        &[
            "指标 indicator",
            "类型 kind",
            "单位 unit",
            "基期值 baseline",
            "目标值 target",
            "目标年 year",
            "当前值 current",
            "日期 as of",
            "应达到 expected",
            "完成进度% progress",
            "状态 status",
            "说明 explanation",
        ],
    )?;
    for (r, t) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &t.indicator).map_err(xlsx_err)?;
        ws.write_string(r, 1, &t.kind).map_err(xlsx_err)?;
        ws.write_string(r, 2, &t.unit).map_err(xlsx_err)?;
        opt_num(ws, r, 3, t.baseline)?;
        ws.write_number(r, 4, t.target_value).map_err(xlsx_err)?;
        opt_num(ws, r, 5, t.target_year.map(|y| y as f64))?;
        opt_num(ws, r, 6, t.current)?;
        ws.write_string(r, 7, t.current_on.as_deref().unwrap_or(""))
            .map_err(xlsx_err)?;
        opt_num(ws, r, 8, t.expected_now)?;
        opt_num(ws, r, 9, t.progress_pct)?;
        ws.write_string(r, 10, &t.status_label).map_err(xlsx_err)?;
        ws.write_string(r, 11, &t.explanation).map_err(xlsx_err)?;
    }
    let ws = wb.add_worksheet().set_name("任务 tasks").map_err(xlsx_err)?;
    header_row(
        ws,
        &[
            "编号 numbering",
            "任务 task",
            "牵头单位 lead units",
            "责任单位 responsible units",
            "状态 status",
            "完成时限 due",
            "逾期 overdue",
        ],
    )?;
    for (r, t) in tasks.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &t.numbering).map_err(xlsx_err)?;
        ws.write_string(r, 1, &t.title).map_err(xlsx_err)?;
        ws.write_string(r, 2, t.lead_units.join("、")).map_err(xlsx_err)?;
        ws.write_string(r, 3, t.responsible_units.join("、"))
            .map_err(xlsx_err)?;
        ws.write_string(r, 4, &t.status).map_err(xlsx_err)?;
        ws.write_string(r, 5, t.due_on.as_deref().unwrap_or(""))
            .map_err(xlsx_err)?;
        ws.write_string(r, 6, if t.overdue { "是 yes" } else { "" })
            .map_err(xlsx_err)?;
    }
    let bytes = wb.save_to_buffer().map_err(xlsx_err)?;
    Ok(download(bytes, &format!("督查台账-plan-{id}.xlsx")))
}

pub async fn assessment_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let a = state.db.assessment(&scope, id).await?;
    let counties = counties(&state, &a).await?;
    let computed = computed(&state, &ctx, &a, &counties).await?;
    let scored = scores(&a, &counties, &computed)?;
    let inds = indicators_of(&a);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("考核 assessment").map_err(xlsx_err)?;
    let mut cols: Vec<String> = vec!["排名 rank".into(), "县(市、区) county".into(), "总分 total".into()];
    for i in &inds {
        cols.push(format!("{} 数值", i.label));
        cols.push(format!("{} 得分({}分)", i.label, i.weight));
    }
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    header_row(ws, &col_refs)?;
    for (r, s) in scored.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, s.rank as f64).map_err(xlsx_err)?;
        ws.write_string(r, 1, &s.county).map_err(xlsx_err)?;
        ws.write_number(r, 2, s.total).map_err(xlsx_err)?;
        for (k, part) in s.parts.iter().enumerate() {
            let c = 3 + 2 * k as u16;
            opt_num(ws, r, c, part.value)?;
            ws.write_number(r, c + 1, part.points).map_err(xlsx_err)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(xlsx_err)?;
    Ok(download(bytes, &format!("考核-{}-{}.xlsx", a.year, a.id)))
}
