//! Budgets and payment: the dashboard of budget, committed, paid and
//! remaining per line, region and year (tables and a chart), setting a
//! budget, payment batches made from approved entitlements, the sheet sent
//! to the finance bureau and the sheet it returns.

use super::view::{in_scope, money, service};
use crate::store::batches::PaymentResult;
use crate::store::budgets::BudgetInput;
use crate::store::prelude::*;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_charts::{Bar, BarChart, horizontal_bars};
use kechuang_kernel::access::allows;
use kechuang_sheets::{Cell, table_to_xlsx};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::{Form, Query};
use kechuang_shell::page::file_response;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    pub year: String,
}

/// `GET /incentives/budgets?year=`.
pub async fn budgets(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let year = if q.year.is_empty() {
        None
    } else {
        Some(
            q.year
                .parse::<i64>()
                .map_err(|_| AppError::invalid("year", "年度应为数字 / a year"))?,
        )
    };
    let rows = state.db.budgets(&scope_of(&ctx)?, year).await?;
    let line_label = |set: &str, line: &str| {
        svc.set(set)
            .and_then(|s| s.budget_lines.iter().find(|b| b.name == line))
            .map(|b| b.label.clone())
            .unwrap_or_else(|| line.to_owned())
    };
    let views: Vec<Value> = rows
        .iter()
        .map(|b| {
            let used = if b.amount_fen > 0 {
                b.committed_fen as f64 / b.amount_fen as f64 * 100.0
            } else {
                0.0
            };
            context! { b => Value::from_serialize(b), line => line_label(&b.set_id, &b.line),
            amount => money(ctx.lang, b.amount_fen), reserved => money(ctx.lang, b.reserved_fen()),
            paid => money(ctx.lang, b.paid_fen), remaining => money(ctx.lang, b.remaining_fen()),
            used_pct => format!("{used:.1}%") }
        })
        .collect();
    let chart = horizontal_bars(&BarChart {
        title: ctx.t("incentives.budget_used"),
        unit: "%".into(),
        bars: rows
            .iter()
            .map(|b| Bar {
                label: format!("{} {} {}", b.year, b.region_name, line_label(&b.set_id, &b.line)),
                value: if b.amount_fen > 0 {
                    b.committed_fen as f64 / b.amount_fen as f64 * 100.0
                } else {
                    0.0
                },
                note: Some(format!(
                    "{} / {}",
                    money(ctx.lang, b.committed_fen),
                    money(ctx.lang, b.amount_fen)
                )),
                highlight: b.committed_fen >= b.amount_fen && b.amount_fen > 0,
            })
            .collect(),
        reference: Some((ctx.t("incentives.full"), 100.0)),
    });
    let lines: Vec<(String, String)> = svc
        .sets()
        .iter()
        .flat_map(|s| {
            s.budget_lines
                .iter()
                .map(move |b| (format!("{}/{}", s.id, b.name), format!("{} · {}", s.short, b.label)))
        })
        .collect();
    let scope = scope_of(&ctx)?;
    let all: Vec<_> = state
        .db
        .regions()
        .await?
        .into_iter()
        .filter(|r| matches!(r.level.as_str(), "city" | "county"))
        .collect();
    let regions = kechuang_shell::ui::region_options(&all, Some(&scope));
    let html = render(
        &ctx,
        "incentives_budgets.html",
        context! { rows => views, chart => chart, year => q.year, lines => lines, regions => regions,
        can_manage => allows(ctx.principal.role, crate::access::MANAGE_INCENTIVES),
        this_year => kechuang_kernel::clock::today().format("%Y").to_string() },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct BudgetForm {
    /// `<set>/<line>`.
    pub line: String,
    pub region_id: i64,
    pub year: i64,
    pub amount: String,
}

/// `POST /incentives/budgets`.
pub async fn set_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<BudgetForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let (set_id, line) = f
        .line
        .split_once('/')
        .ok_or_else(|| AppError::invalid("line", "请选择预算科目 / choose a budget line"))?;
    let set = svc
        .set(set_id)
        .ok_or_else(|| AppError::invalid("line", "没有该规则集 / no such rule set"))?;
    if !set.budget_lines.iter().any(|b| b.name == line) {
        return Err(AppError::invalid("line", "规则集没有该预算科目 / no such budget line"));
    }
    let region = state.db.region(f.region_id).await?;
    in_scope(&ctx, &region.path)?;
    let amount = crate::rules::money::parse_money(&f.amount).map_err(|m| AppError::invalid("amount", m))?;
    state
        .db
        .set_budget(
            &ctx.actor(),
            &BudgetInput {
                region_id: f.region_id,
                set_id: set_id.to_owned(),
                line: line.to_owned(),
                year: f.year,
                amount_fen: amount,
            },
        )
        .await?;
    Ok(see_other(&format!("/incentives/budgets?year={}", f.year)))
}

/// `GET /incentives/batches`.
pub async fn batches(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let rows: Vec<Value> = state
        .db
        .batches(&scope)
        .await?
        .iter()
        .map(|b| {
            context! { b => Value::from_serialize(b), total => money(ctx.lang, b.total_fen),
            status => super::view::label(ctx.lang, b.status) }
        })
        .collect();
    let mut waiting = crate::store::entitlements::EntitlementQuery::new(scope);
    waiting.statuses = vec![crate::workflow::EntitlementStatus::Approved];
    let approved = state.db.count_entitlements(&waiting).await?;
    let html = render(
        &ctx,
        "incentives_batches.html",
        context! { rows => rows, approved => approved,
        can_manage => allows(ctx.principal.role, crate::access::MANAGE_INCENTIVES) },
    )?;
    Ok(html.into_response())
}

/// `POST /incentives/batches`: a batch of the approved entitlements of the
/// viewer's region not yet in one.
pub async fn create_batch(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    match state.db.create_batch(&ctx.actor(), &scope_of(&ctx)?, region).await? {
        Some(id) => Ok(see_other(&format!("/incentives/batches/{id}"))),
        None => Err(AppError::invalid(
            "batch",
            "没有待拨付的已核准事项 / nothing approved is waiting for payment",
        )),
    }
}

/// `GET /incentives/batches/{id}`.
pub async fn batch(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let b = state.db.batch(id).await?;
    // a county sees the city's batches its firms are paid in, and its own items
    let scope = scope_of(&ctx)?;
    if !(b.region_path.starts_with(scope.as_str()) || scope.as_str().starts_with(&b.region_path)) {
        return Err(AppError::NotFound);
    }
    let all = state.db.batch_items(id).await?;
    let mine: Vec<_> = all
        .iter()
        .filter(|e| e.region_path.starts_with(scope.as_str()))
        .collect();
    let partial = mine.len() < all.len();
    let items: Vec<Value> = mine
        .iter()
        .map(|e| {
            let title = svc.rule(&e.rule_id).map(|(_, r)| r.title.clone()).unwrap_or_default();
            super::firm::entitlement_view(&ctx, e, &title)
        })
        .collect();
    let html = render(
        &ctx,
        "incentives_batch.html",
        context! { b => Value::from_serialize(&b), total => money(ctx.lang, b.total_fen), items => items, partial => partial,
        status => super::view::label(ctx.lang, b.status),
        can_manage => allows(ctx.principal.role, crate::access::MANAGE_INCENTIVES) },
    )?;
    Ok(html.into_response())
}

/// The columns of the payment sheet (sent and returned).
pub const SHEET_HEADERS: [&str; 10] = [
    "兑现编号",
    "单位名称",
    "统一社会信用代码",
    "政策条款",
    "核准金额（元）",
    "开户银行",
    "银行账号",
    "所在地区",
    "拨付结果（已拨付/未拨付）",
    "支付凭证号或未拨付原因",
];

/// `GET /incentives/batches/{id}/sheet`: the batch as the finance bureau
/// receives it; it fills the last two columns and sends it back.
pub async fn export(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let b = state.db.batch(id).await?;
    in_scope(&ctx, &b.region_path)?;
    let rows: Vec<Vec<Cell>> = state
        .db
        .batch_items(id)
        .await?
        .iter()
        .map(|e| {
            let title = svc
                .rule(&e.rule_id)
                .map(|(s, r)| format!("{}（{} {}）", r.title, s.short, r.clause))
                .unwrap_or_else(|| e.rule_id.clone());
            vec![
                Cell::Number(e.id as f64),
                Cell::Text(e.subject_name.clone()),
                Cell::Text(e.subject_code.clone()),
                Cell::Text(title),
                Cell::Number(e.payable_fen() as f64 / 100.0),
                Cell::Text(e.bank_name.clone()),
                Cell::Text(e.bank_account.clone()),
                Cell::Text(e.region_name.clone()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ]
        })
        .collect();
    let bytes = table_to_xlsx("拨付清单", &SHEET_HEADERS, &rows)
        .map_err(|e| AppError::internal("writing the payment sheet", e))?;
    Ok(file_response(
        bytes,
        &format!("payment-batch-{id}.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ))
}

/// Reads the returned sheet: the id, the result and the reference of every
/// filled row; errors name the row and column.
pub fn read_results(name: &str, bytes: &[u8]) -> Result<Vec<PaymentResult>, AppError> {
    let table = kechuang_sheets::read_table(name, bytes).map_err(|e| AppError::invalid("file", e.to_string()))?;
    let col = |h: &str| table.headers.iter().position(|x| x.trim() == h);
    let (Some(id_col), Some(result_col), Some(ref_col)) =
        (col(SHEET_HEADERS[0]), col(SHEET_HEADERS[8]), col(SHEET_HEADERS[9]))
    else {
        return Err(AppError::invalid(
            "file",
            format!(
                "表头须含“{}”“{}”“{}” / the sheet must keep the columns it was sent with",
                SHEET_HEADERS[0], SHEET_HEADERS[8], SHEET_HEADERS[9]
            ),
        ));
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let result = row.cell(result_col).trim();
        if result.is_empty() {
            continue;
        }
        let id = match row.cell(id_col).trim().trim_end_matches(".0").parse::<i64>() {
            Ok(id) => id,
            Err(_) => {
                errors.push(format!(
                    "第{}行“{}”：不是兑现编号 / row {}: not an id",
                    row.line, SHEET_HEADERS[0], row.line
                ));
                continue;
            }
        };
        let paid = match result {
            "已拨付" | "是" | "paid" => true,
            "未拨付" | "否" | "failed" => false,
            other => {
                errors.push(format!(
                    "第{}行“{}”：“{other}”应为已拨付或未拨付 / row {}: paid or not paid",
                    row.line, SHEET_HEADERS[8], row.line
                ));
                continue;
            }
        };
        out.push(PaymentResult {
            line: row.line,
            entitlement_id: id,
            paid,
            reference: row.cell(ref_col).trim().to_owned(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::invalid("file", errors.join("；")));
    }
    if out.is_empty() {
        return Err(AppError::invalid(
            "file",
            "表中没有填写拨付结果 / no row gives a result",
        ));
    }
    Ok(out)
}

/// `POST /incentives/batches/{id}/settle` (multipart `file`): settles the
/// batch from the sheet the finance bureau returned; all rows or none.
pub async fn settle(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let b = state.db.batch(id).await?;
    in_scope(&ctx, &b.region_path)?;
    let mut results = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::invalid("file", format!("上传无法读取 / the upload cannot be read: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("results.xlsx").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::invalid("file", format!("上传无法读取 / the upload cannot be read: {e}")))?;
        results = Some(read_results(&name, &bytes)?);
    }
    let results = results.ok_or_else(|| AppError::invalid("file", "请选择文件 / choose a file"))?;
    state.db.settle_batch(&ctx.actor(), id, &results).await?;
    Ok(see_other(&format!("/incentives/batches/{id}")))
}
