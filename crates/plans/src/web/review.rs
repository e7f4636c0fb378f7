//! Upload and review: a document is parsed into a draft plan, shown beside
//! its highlighted source text, corrected item by item (each correction
//! versioned and audited), and published.

use super::highlight::{Mark, highlight};
use super::import::new_plan;
use crate::store::prelude::*;
use crate::store::{IncentiveFields, PlanFields, TargetFields, TaskFields, from_e4, to_e4};
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::money::Fen;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{opt, region_options, scope_of, see_other};
use minijinja::{Value, context};
use std::collections::HashMap;

/// Largest document accepted for parsing (20 MiB).
const MAX_DOCUMENT: usize = 20 * 1024 * 1024;

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    list_page(&state, &ctx, None).await
}

async fn list_page(state: &AppState, ctx: &Ctx, error: Option<AppError>) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let plans = state.db.plans(&scope).await?;
    let regions = state.db.regions().await?;
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "plans.html",
        context! {
            plans => Value::from_serialize(&plans),
            regions => region_options(&regions, Some(&scope)),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_PLANS),
            form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

/// `POST /plans` (multipart): a document file or pasted text, and the region.
pub async fn upload(State(state): State<AppState>, ctx: Ctx, mut form: Multipart) -> Result<Response, AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut text = String::new();
    let mut region_id: Option<i64> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::invalid("file", format!("上传失败 / upload failed: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::invalid("file", format!("上传失败 / upload failed: {e}")))?;
                if bytes.len() > MAX_DOCUMENT {
                    return list_page(
                        &state,
                        &ctx,
                        Some(AppError::invalid("file", "文件不能超过20MB / the file exceeds 20 MB")),
                    )
                    .await;
                }
                if !name.is_empty() && !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            "text" => text = field.text().await.unwrap_or_default(),
            "region_id" => region_id = field.text().await.ok().and_then(|v| v.trim().parse().ok()),
            _ => {}
        }
    }
    let result = async {
        let region_id =
            region_id.ok_or_else(|| AppError::invalid("region_id", "请选择方案所属区域 / choose the plan's region"))?;
        let (name, source) = match (file, text.trim().is_empty()) {
            (Some((name, bytes)), _) => {
                let text = crate::extract_text(&name, &bytes)
                    .map_err(|e| AppError::invalid("file", format!("无法读取文档 / cannot read the document: {e}")))?;
                (name, text)
            }
            (None, false) => ("粘贴文本 / pasted text".to_owned(), text.clone()),
            (None, true) => {
                return Err(AppError::invalid(
                    "file",
                    "请上传文件或粘贴文本 / upload a file or paste the text",
                ));
            }
        };
        let parsed = crate::parse_plan(&source);
        let new = new_plan(region_id, &name, source, &parsed);
        Ok::<_, AppError>(state.db.create_plan(&ctx.actor(), new).await?)
    }
    .await;
    match result {
        Ok(plan) => Ok(see_other(&format!("/plans/{}/review", plan.id))),
        Err(e @ AppError::Invalid { .. }) => list_page(&state, &ctx, Some(e)).await,
        Err(e) => Err(e),
    }
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    review_page(&state, &ctx, id, None).await
}

pub(crate) async fn review_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let plan = state.db.plan(&scope, id).await?;
    let (source, _) = state.db.plan_source(id).await?;
    let targets = state.db.plan_targets(id).await?;
    let tasks = state.db.plan_tasks(id).await?;
    let incentives = state.db.plan_incentives(id).await?;
    let mut marks = Vec::new();
    for t in &targets {
        marks.push(Mark {
            anchor: format!("src-target-{}", t.id),
            needle: &t.source_text,
            class: "m-target",
        });
    }
    for t in &tasks {
        marks.push(Mark {
            anchor: format!("src-task-{}", t.id),
            needle: &t.title,
            class: "m-task",
        });
    }
    for i in &incentives {
        marks.push(Mark {
            anchor: format!("src-incentive-{}", i.id),
            needle: &i.source_text,
            class: "m-incentive",
        });
    }
    let source_html = highlight(&source, &marks);
    let target_rows: Vec<Value> = targets
        .iter()
        .map(|t| {
            context! { id => t.id, version => t.version, indicator => t.indicator, kind => t.kind, direction => t.direction,
                       baseline => t.baseline_e4.map(from_e4), target_value => from_e4(t.target_e4), unit => t.unit,
                       target_year => t.target_year, section => t.section, source_text => t.source_text,
                       metric => t.metric }
        })
        .collect();
    let task_rows: Vec<Value> = tasks
        .iter()
        .map(|t| {
            let f = t.fields();
            context! { id => t.id, version => t.version, numbering => t.numbering, title => t.title,
                       lead_units => f.lead_unit_list().join("、"),
                       responsible_units => serde_json::from_str::<Vec<String>>(&t.responsible_units).unwrap_or_default().join("、"),
                       category => t.category, due_on => t.due_on, status => t.status }
        })
        .collect();
    let incentive_rows: Vec<Value> = incentives
        .iter()
        .map(|i| {
            context! { id => i.id, version => i.version, beneficiary => i.beneficiary,
            amount => i.amount_fen.map(|f| Fen(f).to_string()), cap => i.cap_fen.map(|f| Fen(f).to_string()),
            rate => i.rate_e4.map(from_e4), cost_share => i.cost_share, source_text => i.source_text }
        })
        .collect();
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "plan_review.html",
        context! {
            plan => Value::from_serialize(&plan), source_html => Value::from_safe_string(source_html),
            targets => target_rows, tasks => task_rows, incentives => incentive_rows,
            kinds => super::KINDS, metrics => metric_options(ctx),
            form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

fn num(form: &HashMap<String, String>, key: &'static str, required: bool) -> Result<Option<f64>, AppError> {
    match form
        .get(key)
        .map(|v| v.trim().replace([',', '，'], ""))
        .filter(|v| !v.is_empty())
    {
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| AppError::invalid(key, format!("请输入数字 / not a number: {v}"))),
        None if required => Err(AppError::invalid(key, "此项必填 / this field is required")),
        None => Ok(None),
    }
}

fn text(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|v| v.trim().to_owned()).unwrap_or_default()
}

fn year(form: &HashMap<String, String>, key: &'static str) -> Result<Option<i64>, AppError> {
    Ok(num(form, key, false)?.map(|y| y as i64))
}

fn e4(v: f64, key: &'static str) -> Result<i64, AppError> {
    to_e4(v).ok_or_else(|| AppError::invalid(key, "数值超出范围 / value out of range"))
}

fn yuan(form: &HashMap<String, String>, key: &'static str) -> Result<Option<i64>, AppError> {
    match opt(&form.get(key).cloned()) {
        Some(v) => Fen::parse_yuan(&v)
            .map(|f| Some(f.0))
            .map_err(|e| AppError::invalid(key, e.to_string())),
        None => Ok(None),
    }
}

fn unit_list(s: &str) -> String {
    let list: Vec<String> = s
        .split(['、', ',', '，', ';', '；'])
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// The computed figures a target can be bound to: (key, name with unit).
fn metric_options(ctx: &Ctx) -> Vec<(String, String)> {
    ctx.site
        .metrics
        .iter()
        .map(|m| {
            (
                m.key.to_owned(),
                format!("{}（{}）", ctx.site.catalogue.t(ctx.lang, m.label), m.unit),
            )
        })
        .collect()
}

pub(crate) fn target_fields(ctx: &Ctx, form: &HashMap<String, String>) -> Result<TargetFields, AppError> {
    let metric = text(form, "metric");
    if !metric.is_empty() && ctx.site.metric(&metric).is_none() {
        return Err(AppError::invalid(
            "metric",
            format!("没有可计算指标“{metric}” / no computed figure {metric:?}"),
        ));
    }
    Ok(TargetFields {
        indicator: text(form, "indicator"),
        kind: text(form, "kind"),
        direction: opt(&form.get("direction").cloned()).unwrap_or_else(|| "up".into()),
        baseline_e4: num(form, "baseline", false)?.map(|v| e4(v, "baseline")).transpose()?,
        target_e4: e4(num(form, "target_value", true)?.unwrap_or_default(), "target_value")?,
        unit: text(form, "unit"),
        target_year: year(form, "target_year")?,
        section: text(form, "section"),
        source_text: text(form, "source_text"),
        metric,
    })
}

fn task_fields(form: &HashMap<String, String>) -> Result<TaskFields, AppError> {
    Ok(TaskFields {
        numbering: text(form, "numbering"),
        title: text(form, "title"),
        body: text(form, "body"),
        lead_units: unit_list(&text(form, "lead_units")),
        responsible_units: unit_list(&text(form, "responsible_units")),
        category: opt(&form.get("category").cloned()).unwrap_or_else(|| "task".into()),
        due_on: opt(&form.get("due_on").cloned()),
        status: opt(&form.get("status").cloned()).unwrap_or_else(|| "not_started".into()),
    })
}

fn incentive_fields(form: &HashMap<String, String>) -> Result<IncentiveFields, AppError> {
    Ok(IncentiveFields {
        beneficiary: text(form, "beneficiary"),
        amount_fen: yuan(form, "amount")?,
        cap_fen: yuan(form, "cap")?,
        rate_e4: num(form, "rate", false)?.map(|v| e4(v, "rate")).transpose()?,
        cost_share: text(form, "cost_share"),
        source_text: text(form, "source_text"),
    })
}

pub async fn update_header(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let result = async {
        let version = num(&form, "version", true)?.unwrap_or_default() as i64;
        let fields = PlanFields {
            title: text(&form, "title"),
            doc_number: opt(&form.get("doc_number").cloned()),
            issuer: opt(&form.get("issuer").cloned()),
            issued_on: opt(&form.get("issued_on").cloned()),
            period_start: year(&form, "period_start")?,
            period_end: year(&form, "period_end")?,
        };
        Ok::<_, AppError>(state.db.update_plan(&ctx.actor(), id, version, fields).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/plans/{id}/review"))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => review_page(&state, &ctx, id, Some(e)).await,
        Err(e) => Err(e),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let version = num(&form, "version", true)?.unwrap_or_default() as i64;
    match state
        .db
        .publish_plan(&ctx.actor(), id, version)
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(see_other(&format!("/plans/{id}"))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => review_page(&state, &ctx, id, Some(e)).await,
        Err(e) => Err(e),
    }
}

pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind)): Path<(i64, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = ctx.actor();
    let result: Result<i64, AppError> = async {
        Ok(match kind.as_str() {
            "targets" => state.db.add_target(&actor, id, target_fields(&ctx, &form)?).await?.id,
            "tasks" => state.db.add_task(&actor, id, task_fields(&form)?).await?.id,
            "incentives" => state.db.add_incentive(&actor, id, incentive_fields(&form)?).await?.id,
            _ => return Err(AppError::NotFound),
        })
    }
    .await;
    match result {
        Ok(item) => Ok(see_other(&format!(
            "/plans/{id}/review#{}-{item}",
            kind.trim_end_matches('s')
        ))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => review_page(&state, &ctx, id, Some(e)).await,
        Err(e) => Err(e),
    }
}

/// Saves (`action=save`) or removes (`action=delete`) one item.
pub async fn change_item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, kind, item)): Path<(i64, String, i64)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let actor = ctx.actor();
    let delete = form.get("action").is_some_and(|a| a == "delete");
    let result: Result<(), AppError> = async {
        let version = num(&form, "version", true)?.unwrap_or_default() as i64;
        // the item must belong to this plan
        let plan_of = match kind.as_str() {
            "targets" => state.db.plan_target(item).await?.plan_id,
            "tasks" => state.db.plan_task(item).await?.plan_id,
            "incentives" => state.db.plan_incentive(item).await?.plan_id,
            _ => return Err(AppError::NotFound),
        };
        if plan_of != id {
            return Err(AppError::NotFound);
        }
        match (kind.as_str(), delete) {
            ("targets", true) => state.db.delete_target(&actor, item, version).await?,
            ("tasks", true) => state.db.delete_task(&actor, item, version).await?,
            ("incentives", true) => state.db.delete_incentive(&actor, item, version).await?,
            ("targets", false) => drop(
                state
                    .db
                    .update_target(&actor, item, version, target_fields(&ctx, &form)?)
                    .await?,
            ),
            ("tasks", false) => drop(state.db.update_task(&actor, item, version, task_fields(&form)?).await?),
            _ => drop(
                state
                    .db
                    .update_incentive(&actor, item, version, incentive_fields(&form)?)
                    .await?,
            ),
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) if delete => Ok(see_other(&format!("/plans/{id}/review#{kind}"))),
        Ok(()) => Ok(see_other(&format!(
            "/plans/{id}/review#{}-{item}",
            kind.trim_end_matches('s')
        ))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => review_page(&state, &ctx, id, Some(e)).await,
        Err(e) => Err(e),
    }
}
