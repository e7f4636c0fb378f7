//! The supervision board of a published plan, target and task pages with
//! their reports, progress reporting (scoped to the reporter's regions) and
//! task updates (by the task's lead units), and a print view.

use super::board::{TargetRow, status_counts, target_row, task_row};
use crate::lead_units::may_update_task;
use crate::store::prelude::*;
use crate::store::{NewProgressReport, NewTaskUpdate, Plan, ProgressReport, to_e4};
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use kechuang_charts::{Bar, BarChart, LineChart, LineStyle, Series, horizontal_bars, line_chart, progress_bar};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};
use std::collections::HashMap;

/// Board rows of every target of `plan` as the viewer sees them.
pub(crate) async fn target_rows(state: &AppState, ctx: &Ctx, plan: &Plan) -> Result<Vec<TargetRow>, AppError> {
    let scope = scope_of(ctx)?;
    let mut reports = state.db.plan_progress_reports(&scope, plan.id).await?;
    let today = today();
    let targets = state.db.plan_targets(plan.id).await?;
    let mut notes = HashMap::new();
    for t in &targets {
        if let Some((report, note)) = computed_report(state, ctx, plan, t, today).await? {
            reports.push(report);
            notes.insert(t.id, note);
        }
    }
    Ok(targets
        .iter()
        .map(|t| {
            let mut row = target_row(plan, t, &reports, today);
            if let Some(note) = notes.remove(&t.id) {
                row.rollup_note = note;
                row.computed = true;
            }
            row
        })
        .collect())
}

/// For a target bound to a computed figure: today's value as a report of
/// the plan's region (or of the viewer's own region when the viewer works
/// below it), counted from the start of the target's period, and the note
/// saying where it came from. It is dated today and sorts after every
/// typed-in report of the day.
async fn computed_report(
    state: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    t: &crate::store::Target,
    today: NaiveDate,
) -> Result<Option<(ProgressReport, String)>, AppError> {
    let Some(metric) = ctx.site.metric(&t.metric) else {
        return Ok(None);
    };
    let Some(spec) = super::board::target_spec(plan, t) else {
        return Ok(None);
    };
    let (region_id, path, name) = if ctx.principal.covers(&plan.path()) {
        (plan.region_id, plan.region_path.clone(), plan.region_name.clone())
    } else {
        let (Some(id), Some(path)) = (ctx.principal.region_id, ctx.principal.scope.as_ref()) else {
            return Ok(None);
        };
        let name = ctx
            .user
            .as_ref()
            .and_then(|u| u.region_name.clone())
            .unwrap_or_default();
        (id, path.as_str().to_owned(), name)
    };
    let Some(value) = (metric.compute)(&state.db, &path, spec.start, today).await? else {
        return Ok(None);
    };
    let report = ProgressReport {
        id: i64::MAX,
        target_id: t.id,
        region_id,
        region_name: name,
        region_path: path,
        region_level: String::new(),
        value_e4: to_e4(value).ok_or_else(|| AppError::bug("a computed figure out of range"))?,
        reported_on: today.to_string(),
        source: metric.key.to_owned(),
        note: String::new(),
        attachment_name: None,
        created_by: None,
        created_at: kechuang_kernel::now(),
    };
    let note = format!(
        "{}：{}",
        ctx.site.catalogue.t(ctx.lang, "plans.computed_note"),
        ctx.site.catalogue.t(ctx.lang, metric.definition)
    );
    Ok(Some((report, note)))
}

fn bar_svg(r: &TargetRow) -> Value {
    Value::from_safe_string(progress_bar(r.progress_pct.unwrap_or(0.0), r.expected_pct, &r.status))
}

pub async fn board(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    if plan.status != "published" {
        if allows(ctx.principal.role, crate::access::MANAGE_PLANS) {
            return Ok(see_other(&format!("/plans/{id}/review")));
        }
        return Err(AppError::NotFound);
    }
    let rows = target_rows(&state, &ctx, &plan).await?;
    let today = today();
    let tasks: Vec<_> = state
        .db
        .plan_tasks(id)
        .await?
        .iter()
        .map(|t| task_row(t, today))
        .collect();
    let counts = status_counts(&rows);
    let bars: Vec<Value> = rows.iter().map(bar_svg).collect();
    let alerts: Vec<&TargetRow> = rows.iter().filter(|r| r.status == "behind").collect();
    let html = render(
        &ctx,
        "plan_board.html",
        context! {
            plan => Value::from_serialize(&plan), targets => Value::from_serialize(&rows), bars => bars,
            tasks => Value::from_serialize(&tasks), counts => Value::from_serialize(&counts),
            alerts => Value::from_serialize(&alerts), overdue => tasks.iter().filter(|t| t.overdue).count(),
            today => today.to_string(),
        },
    )?;
    Ok(html.into_response())
}

pub async fn print(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Html<String>, AppError> {
    let scope = scope_of(&ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    let rows = target_rows(&state, &ctx, &plan).await?;
    let today = today();
    let tasks: Vec<_> = state
        .db
        .plan_tasks(id)
        .await?
        .iter()
        .map(|t| task_row(t, today))
        .collect();
    let bars: Vec<Value> = rows.iter().map(bar_svg).collect();
    render(
        &ctx,
        "plan_print.html",
        context! { plan => Value::from_serialize(&plan), targets => Value::from_serialize(&rows), bars => bars,
        tasks => Value::from_serialize(&tasks), today => today.to_string() },
    )
}

fn year_fraction(d: NaiveDate) -> f64 {
    let days = if d.leap_year() { 366.0 } else { 365.0 };
    d.year() as f64 + (d.ordinal0() as f64) / days
}

/// The city figure after each reporting date, for the trend chart.
fn trend(plan: &Plan, target: &crate::store::Target, reports: &[ProgressReport]) -> Vec<(f64, f64)> {
    let mut dates: Vec<&str> = reports.iter().map(|r| r.reported_on.as_str()).collect();
    dates.sort_unstable();
    dates.dedup();
    dates
        .into_iter()
        .filter_map(|d| {
            let upto: Vec<ProgressReport> = reports
                .iter()
                .filter(|r| r.reported_on.as_str() <= d)
                .cloned()
                .collect();
            let on = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
            let row = target_row(plan, target, &upto, on);
            row.current.map(|v| (year_fraction(on), v))
        })
        .collect()
}

async fn target_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    item: i64,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    let target = state.db.plan_target(item).await?;
    if target.plan_id != id {
        return Err(AppError::NotFound);
    }
    let mut reports = state.db.progress_reports(&scope, item).await?;
    let computed = computed_report(state, ctx, &plan, &target, today()).await?;
    let mut row = target_row(
        &plan,
        &target,
        &[reports.clone(), computed.iter().map(|c| c.0.clone()).collect()].concat(),
        today(),
    );
    if let Some((report, note)) = computed {
        row.rollup_note = note;
        row.computed = true;
        // the trend ends at today's computed figure
        reports.push(report);
    }
    let mut series = vec![Series {
        name: "实际 / actual".into(),
        points: trend(&plan, &target, &reports),
        style: LineStyle::Solid,
    }];
    let mut x_labels = Vec::new();
    if let Some(spec) = super::board::target_spec(&plan, &target) {
        let from = spec.baseline.unwrap_or(0.0);
        series.push(Series {
            name: "目标进度线 / trajectory".into(),
            points: vec![
                (year_fraction(spec.start), from),
                (year_fraction(spec.end) + 1.0 / 365.0, spec.target_value),
            ],
            style: LineStyle::Dashed,
        });
        for y in spec.start.year()..=spec.end.year() + 1 {
            x_labels.push((y as f64, y.to_string()));
        }
    }
    let trend_svg = line_chart(&LineChart {
        title: target.indicator.clone(),
        unit: target.unit.clone(),
        x_labels,
        series,
    });
    let ranking = horizontal_bars(&BarChart {
        title: format!("{} · 各县(市、区) / by county", target.indicator),
        unit: target.unit.clone(),
        bars: {
            let mut b: Vec<Bar> = row
                .by_region
                .iter()
                .map(|r| Bar {
                    label: r.region.clone(),
                    value: r.value,
                    note: Some(r.on.clone()),
                    highlight: false,
                })
                .collect();
            b.sort_by(|a, c| c.value.total_cmp(&a.value));
            b
        },
        reference: None,
    });
    let regions = state.db.regions().await?;
    let report_regions: Vec<Value> = kechuang_shell::ui::region_options(&regions, Some(&plan.path()))
        .into_iter()
        .zip(regions.iter().filter(|r| r.region_path().is_within(&plan.path())))
        .filter(|(_, r)| ctx.principal.covers(&r.region_path()))
        .map(|(v, _)| v)
        .collect();
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "plan_target.html",
        context! {
            plan => Value::from_serialize(&plan), tg => Value::from_serialize(&row), bar => bar_svg(&row),
            reports => Value::from_serialize(&reports), trend_svg => Value::from_safe_string(trend_svg),
            ranking_svg => Value::from_safe_string(ranking), regions => report_regions,
            can_report => allows(ctx.principal.role, crate::access::REPORT_PROGRESS) && plan.status == "published",
            today => today().to_string(), form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn target_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    target_view(&state, &ctx, id, item, None).await
}

/// Reads a multipart form into text fields and at most one file.
async fn read_form(mut form: Multipart) -> Result<(HashMap<String, String>, Option<(String, Vec<u8>)>), AppError> {
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::invalid("attachment", format!("上传失败 / upload failed: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "attachment" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::invalid("attachment", format!("上传失败 / upload failed: {e}")))?;
            if !file_name.is_empty() && !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
        } else {
            fields.insert(name, field.text().await.unwrap_or_default());
        }
    }
    Ok((fields, file))
}

pub async fn add_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
    form: Multipart,
) -> Result<Response, AppError> {
    let result = async {
        let (f, attachment) = read_form(form).await?;
        let target = state.db.plan_target(item).await?;
        if target.plan_id != id {
            return Err(AppError::NotFound);
        }
        let value: f64 = f
            .get("value")
            .map(|v| v.trim().replace([',', '，'], ""))
            .and_then(|v| v.parse().ok())
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| AppError::invalid("value", "请输入数值 / enter a number"))?;
        let region_id = f
            .get("region_id")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| AppError::invalid("region_id", "请选择区域 / choose a region"))?;
        let new = NewProgressReport {
            target_id: item,
            region_id,
            value_e4: to_e4(value).ok_or_else(|| AppError::invalid("value", "数值超出范围 / value out of range"))?,
            reported_on: f.get("reported_on").cloned().unwrap_or_default(),
            source: f.get("source").cloned().unwrap_or_default(),
            note: f.get("note").cloned().unwrap_or_default(),
            attachment,
        };
        Ok::<_, AppError>(state.db.add_progress_report(&ctx.actor(), new).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/plans/{id}/targets/{item}"))),
        Err(e @ AppError::Invalid { .. }) => target_view(&state, &ctx, id, item, Some(e)).await,
        Err(e) => Err(e),
    }
}

pub async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    state.db.plan(&scope, id).await?;
    let reports = state.db.plan_progress_reports(&scope, id).await?;
    if !reports.iter().any(|r| r.id == item) {
        return Err(AppError::NotFound);
    }
    let (name, bytes) = state.db.progress_attachment(item).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename*=UTF-8''{}", percent(&name));
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5987 encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn task_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    item: i64,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    let task = state.db.plan_task(item).await?;
    if task.plan_id != id {
        return Err(AppError::NotFound);
    }
    let row = task_row(&task, today());
    let updates = state.db.task_updates(item).await?;
    let can_update = plan.status == "published"
        && allows(ctx.principal.role, crate::access::REPORT_PROGRESS)
        && may_update_task(
            ctx.principal.role,
            ctx.principal.unit.as_deref(),
            row.accountable_units(),
        );
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "plan_task.html",
        context! {
            plan => Value::from_serialize(&plan), task => Value::from_serialize(&row), body => task.body,
            updates => Value::from_serialize(&updates), can_update => can_update, form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn task_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    task_view(&state, &ctx, id, item, None).await
}

pub async fn add_task_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
    form: Multipart,
) -> Result<Response, AppError> {
    let result = async {
        let (f, attachment) = read_form(form).await?;
        let task = state.db.plan_task(item).await?;
        if task.plan_id != id {
            return Err(AppError::NotFound);
        }
        let row = task_row(&task, today());
        if !may_update_task(
            ctx.principal.role,
            ctx.principal.unit.as_deref(),
            row.accountable_units(),
        ) {
            return Err(AppError::Forbidden);
        }
        let new = NewTaskUpdate {
            task_id: item,
            status: f.get("status").cloned().unwrap_or_default(),
            evidence: f.get("evidence").cloned().unwrap_or_default(),
            attachment,
        };
        Ok::<_, AppError>(state.db.add_task_update(&ctx.actor(), new).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/plans/{id}/tasks/{item}"))),
        Err(e @ AppError::Invalid { .. }) => task_view(&state, &ctx, id, item, Some(e)).await,
        Err(e) => Err(e),
    }
}
