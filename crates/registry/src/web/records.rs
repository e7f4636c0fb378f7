//! Pages of platforms, experts, institutions, agencies and investors: one
//! set of handlers for every kind, driven by its field spec (list columns,
//! filters, detail fields, forms, export columns).

use crate::store::prelude::*;
use std::collections::{BTreeMap, HashMap};

use super::form::{FormPage, getter, render_form};
use super::sees_contacts;
use crate::export::{Sheet, headers, record_row};
use crate::record::{field_text, parse_record};
use crate::run::region_index;
use crate::spec::{FieldType, KindSpec, Place};
use crate::store::records::{Record, RecordFilter, RecordSort};
use crate::{RegionIndex, kind_spec};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::{AuditFilter, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{CSV, PAGE, XLSX, file_response, keep_query, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, scope_of, see_other};
use minijinja::{Value, context};

fn spec_of(kind: &str) -> Result<&'static KindSpec, AppError> {
    kind_spec(kind).ok_or(AppError::NotFound)
}

pub(crate) fn filter_of(q: &BTreeMap<String, String>) -> RecordFilter {
    let get = |k: &str| q.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let page = get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    RecordFilter {
        query: get("q"),
        region_id: get("region_id").and_then(|v| v.parse().ok()),
        category: get("category"),
        level: get("level"),
        area: get("area"),
        status: get("status"),
        chain: get("chain"),
        sort: match get("sort").as_deref() {
            Some("code") => RecordSort::Code,
            Some("updated") => RecordSort::UpdatedDesc,
            Some("region") => RecordSort::Region,
            _ => RecordSort::Name,
        },
        offset: (page - 1) * PAGE,
        limit: PAGE,
    }
}

/// Filters offered for a kind: its coded fields stored in common columns.
fn filters(spec: &KindSpec) -> Vec<Value> {
    spec.fields
        .iter()
        .filter_map(|f| {
            let param = match f.place {
                Place::Category => "category",
                Place::Level => "level",
                Place::Area => "area",
                Place::Status => "status",
                _ => return None,
            };
            let FieldType::Coded(v) = &f.ty else { return None };
            let options: Vec<Value> = (v.options)()
                .into_iter()
                .map(|(code, zh)| context! { value => code, label => zh })
                .collect();
            Some(context! { param => param, label => f.zh, options => options })
        })
        .collect()
}

async fn index(state: &AppState, ctx: &Ctx) -> Result<RegionIndex, AppError> {
    Ok(region_index(&state.db, &ctx.actor()).await?)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let scope = scope_of(&ctx)?;
    let f = filter_of(&q);
    let (list, total) = state.db.records(spec.kind, &scope, &f).await?;
    let regions = index(&state, &ctx).await?;
    let columns: Vec<_> = spec.fields.iter().filter(|f| f.listed).collect();
    let rows: Vec<Value> = list
        .iter()
        .map(|r| {
            let cells: Vec<String> = columns.iter().map(|c| field_text(spec, c.key, r, &regions)).collect();
            context! { id => r.id, cells => cells, name_index => columns.iter().position(|c| c.place == Place::Name) }
        })
        .collect();
    let all_regions = state.db.regions().await?;
    let html = render(
        &ctx,
        "registry_records.html",
        context! {
            kind => spec.plural, title => spec.zh, title_en => spec.en,
            headers => columns.iter().map(|c| c.zh).collect::<Vec<_>>(),
            rows => rows, q => q, filters => filters(spec), keep => keep_query(&q),
            pages => pages(total, f.offset / PAGE + 1),
            regions => region_options(&all_regions, Some(&scope)),
            has_chains => spec.at(Place::Chains).is_some(),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_REGISTRY),
        },
    )?;
    Ok(html.into_response())
}

async fn visible(state: &AppState, ctx: &Ctx, spec: &KindSpec, id: i64) -> Result<Record, AppError> {
    let r = state.db.record(spec.kind, id).await?;
    if !ctx.principal.covers(&RegionPath::from_stored(r.region_path.clone())) {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

pub async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let r = visible(&state, &ctx, spec, id).await?;
    let regions = index(&state, &ctx).await?;
    let private = sees_contacts(&ctx);
    let fields: Vec<Value> = spec
        .fields
        .iter()
        .filter(|f| private || f.place != Place::Contact)
        .map(|f| context! { label => f.zh, en => f.en, value => field_text(spec, f.key, &r, &regions) })
        .collect();
    let filter = AuditFilter {
        entity: Some(spec.kind.into()),
        entity_id: Some(r.code.clone()),
        limit: 50,
        ..Default::default()
    };
    let mut history = state.db.audit_entries(scope_of(&ctx).ok().as_deref(), &filter).await?;
    if !private {
        super::redact_history(&mut history);
    }
    let host = if r.host_code.is_empty() {
        None
    } else {
        Some(r.host_code.clone())
    };
    let html = render(
        &ctx,
        "registry_record.html",
        context! {
            kind => spec.plural, title => spec.zh, r => Value::from_serialize(&r), fields => fields,
            history => Value::from_serialize(&history), host => host,
            can_edit => allows(ctx.principal.role, crate::access::MANAGE_REGISTRY),
        },
    )?;
    Ok(html.into_response())
}

async fn form(
    state: &AppState,
    ctx: &Ctx,
    spec: &'static KindSpec,
    existing: Option<&Record>,
    values: HashMap<String, String>,
    issues: Vec<crate::FieldIssue>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let regions: Vec<_> = state
        .db
        .regions()
        .await?
        .into_iter()
        .filter(|r| r.region_path().is_within(&scope))
        .collect();
    let base = format!("/registry/{}", spec.plural);
    let (title, action, back) = match existing {
        Some(r) => (
            format!("编辑{} / Edit: {}", spec.zh, r.name),
            format!("{base}/{}", r.id),
            format!("{base}/{}", r.id),
        ),
        None => (format!("新增{} / New", spec.zh), base.clone(), base),
    };
    render_form(
        ctx,
        FormPage {
            spec,
            title,
            action,
            back,
            values,
            issues,
            version: existing.map(|r| r.version),
            key_locked: existing.is_some(),
            regions: &regions,
        },
    )
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(kind): Path<String>) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    form(&state, &ctx, spec, None, HashMap::new(), Vec::new()).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let r = visible(&state, &ctx, spec, id).await?;
    let regions = index(&state, &ctx).await?;
    let mut values: HashMap<String, String> = spec
        .fields
        .iter()
        .map(|f| (f.key.to_owned(), field_text(spec, f.key, &r, &regions)))
        .collect();
    // Coded fields are submitted by code, not label.
    for f in spec.fields {
        let code = match f.place {
            Place::Category => &r.category,
            Place::Level => &r.level,
            Place::Area => &r.area,
            Place::Status => &r.status,
            Place::Attr => {
                if let (FieldType::Coded(_), Some(serde_json::Value::String(s))) = (&f.ty, r.attrs_map().get(f.key)) {
                    values.insert(f.key.to_owned(), s.clone());
                }
                continue;
            }
            _ => continue,
        };
        values.insert(f.key.to_owned(), code.clone());
    }
    form(&state, &ctx, spec, Some(&r), values, Vec::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let regions = index(&state, &ctx).await?;
    let parsed = parse_record(spec, &getter(&values), &regions);
    let (code, fields) = match parsed {
        Ok(ok) => ok,
        Err(issues) => return form(&state, &ctx, spec, None, values, issues).await,
    };
    if state.db.record_by_code(spec.kind, &code).await?.is_some() {
        let key = spec.at(Place::Code).map_or("id", |f| f.key);
        let issue = crate::FieldIssue {
            key,
            column: spec.at(Place::Code).map_or("编号", |f| f.zh),
            value: code,
            reason: "该编号已登记 / already registered".into(),
        };
        return form(&state, &ctx, spec, None, values, vec![issue]).await;
    }
    let (r, _) = state.db.upsert_record(&ctx.actor(), spec.kind, &code, fields).await?;
    Ok(see_other(&format!("/registry/{}/{}", spec.plural, r.id)))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, i64)>,
    Form(mut values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let r = visible(&state, &ctx, spec, id).await?;
    let version: i64 = values.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    if let Some(f) = spec.at(Place::Code) {
        values.insert(f.key.to_owned(), r.code.clone());
    }
    let regions = index(&state, &ctx).await?;
    let parsed = parse_record(spec, &getter(&values), &regions);
    let (_, fields) = match parsed {
        Ok(ok) => ok,
        Err(issues) => return form(&state, &ctx, spec, Some(&r), values, issues).await,
    };
    state
        .db
        .update_record(&ctx.actor(), spec.kind, r.id, version, fields)
        .await?;
    Ok(see_other(&format!("/registry/{}/{}", spec.plural, r.id)))
}

pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(kind): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let spec = spec_of(&kind)?;
    let scope = scope_of(&ctx)?;
    let private = sees_contacts(&ctx);
    let regions = index(&state, &ctx).await?;
    let mut f = filter_of(&q);
    f.limit = 1000;
    f.offset = 0;
    let mut sheet = Sheet {
        headers: headers(spec, private),
        rows: Vec::new(),
    };
    loop {
        let (page, _) = state.db.records(spec.kind, &scope, &f).await?;
        sheet
            .rows
            .extend(page.iter().map(|r| record_row(spec, r, &regions, private)));
        if page.len() < 1000 {
            break;
        }
        f.offset += 1000;
    }
    let csv = q.get("format").is_some_and(|f| f == "csv");
    let summary = serde_json::json!({"rows": sheet.rows.len(), "format": if csv { "csv" } else { "xlsx" },
        "filters": keep_query(&q), "contacts": private});
    state
        .db
        .record_event(
            &ctx.actor(),
            Change::new("export", spec.kind, "list", Some(scope.as_str()), None, Some(summary)),
        )
        .await?;
    let name = format!("{}-{}", spec.zh, today());
    Ok(if csv {
        file_response(
            sheet.to_csv().map_err(|e| AppError::internal("building the CSV", e))?,
            &format!("{name}.csv"),
            CSV,
        )
    } else {
        let bytes = sheet
            .to_xlsx(spec.zh)
            .map_err(|e| AppError::internal("building the sheet", e))?;
        file_response(bytes, &format!("{name}.xlsx"), XLSX)
    })
}
