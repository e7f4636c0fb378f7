//! Sheet imports in the UI: choose a kind and upload a file; the dry run
//! checks every row and shows the report (row, column, value, reason, also
//! as .xlsx); a file without errors is committed in the background, all or
//! nothing, while the page shows its progress. Templates per kind can be
//! downloaded with the accepted headers and values.

use crate::run::{check_against_store, record_dry_run, region_index};
use crate::spec::FieldType;
use crate::store::imports::{ImportRun, status};
use crate::store::prelude::*;
use crate::{ImportKind, check};
use crate::{Imported, import_file};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_sheets::{Issue, Report};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{XLSX, file_response};
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

/// Progress of the imports this instance is writing (run id → rows done).
/// SQLite admits one writer at a time, so while an import's transaction is
/// open the progress cannot be written to the run row; it is kept here and
/// written to the row where the database allows it (PostgreSQL).
static PROGRESS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<i64, usize>>> =
    std::sync::LazyLock::new(Default::default);

fn set_progress(run: i64, n: Option<usize>) {
    if let Ok(mut map) = PROGRESS.lock() {
        match n {
            Some(n) => {
                map.insert(run, n);
            }
            None => {
                map.remove(&run);
            }
        }
    }
}

fn kinds() -> Vec<Value> {
    ImportKind::all()
        .into_iter()
        .map(|k| context! { value => k.name(), label => k.spec().zh, en => k.spec().en })
        .collect()
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    page_with(&state, &ctx, None).await
}

async fn page_with(state: &AppState, ctx: &Ctx, error: Option<AppError>) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let mut runs: Vec<ImportRun> = Vec::new();
    for k in ImportKind::all() {
        runs.extend(state.db.import_runs(k.name(), &scope, 10).await?);
    }
    runs.sort_by(|a, b| b.id.cmp(&a.id));
    runs.truncate(20);
    let status = error.as_ref().map_or(axum::http::StatusCode::OK, |e| e.status());
    let html = render(
        ctx,
        "registry_import.html",
        context! {
            kinds => kinds(), runs => Value::from_serialize(&runs),
            form_error => error.map(|e| e.to_string()),
        },
    )?;
    Ok((status, html).into_response())
}

/// `POST /registry/import` (multipart: kind, file): the dry run.
pub async fn upload(State(state): State<AppState>, ctx: Ctx, mut form: Multipart) -> Result<Response, AppError> {
    let mut kind = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::invalid("file", format!("上传失败 / upload failed: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "kind" => kind = field.text().await.ok().as_deref().and_then(ImportKind::parse),
            "file" => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::invalid("file", format!("上传失败 / upload failed: {e}")))?;
                if !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let Some(kind) = kind else {
        return page_with(
            &state,
            &ctx,
            Some(AppError::invalid("kind", "请选择数据类型 / choose what the file holds")),
        )
        .await;
    };
    let Some((name, bytes)) = file else {
        return page_with(
            &state,
            &ctx,
            Some(AppError::invalid("file", "请选择文件 / choose a file")),
        )
        .await;
    };
    let actor = ctx.actor();
    let regions = region_index(&state.db, &actor).await?;
    let (name2, bytes2) = (name.clone(), bytes.clone());
    let checked = tokio::task::spawn_blocking(move || check(kind, &name2, &bytes2, &regions, &mut |_| {}))
        .await
        .map_err(|e| AppError::internal("building the sheet", e))?;
    let mut checked = match checked {
        Ok(c) => c,
        Err(e) => return page_with(&state, &ctx, Some(AppError::invalid("file", e.to_string()))).await,
    };
    check_against_store(&state.db, &mut checked).await?;
    let run = record_dry_run(&state.db, &actor, &checked, &name, bytes).await?;
    Ok(see_other(&format!("/registry/imports/{}", run.id)))
}

/// The run if it was started within the viewer's scope.
async fn visible_run(state: &AppState, ctx: &Ctx, id: i64) -> Result<ImportRun, AppError> {
    let run = state.db.import_run(id).await?;
    let scope = scope_of(ctx)?;
    let path = kechuang_kernel::region::RegionPath::from_stored(run.scope_path.clone());
    if run.scope_path.is_empty() || path.is_within(&scope) {
        Ok(run)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn run_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let run = visible_run(&state, &ctx, id).await?;
    let issues: Vec<Issue> = serde_json::from_str(&run.report_json).unwrap_or_default();
    let kind = ImportKind::parse(&run.kind);
    let html = render(
        &ctx,
        "registry_import_run.html",
        context! {
            run => Value::from_serialize(&run), issues => Value::from_serialize(&issues[..issues.len().min(500)]),
            more => issues.len().saturating_sub(500),
            kind_label => kind.map_or("", |k| k.spec().zh), list => kind.map(|k| format!("/registry/{}", k.name())),
            can_commit => run.error_count == 0 && (run.status == status::CHECKED || run.status == status::FAILED),
        },
    )?;
    Ok(html.into_response())
}

pub async fn status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let run = visible_run(&state, &ctx, id).await?;
    let here = PROGRESS.lock().ok().and_then(|m| m.get(&run.id).copied());
    let processed = here.map_or(run.processed, |n| (n as i64).max(run.processed));
    Ok(Json(serde_json::json!({
        "status": run.status, "processed": processed, "total": run.total_rows,
        "created": run.created, "updated": run.updated, "unchanged": run.unchanged, "message": run.message,
    }))
    .into_response())
}

pub async fn report(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let run = visible_run(&state, &ctx, id).await?;
    let issues: Vec<Issue> = serde_json::from_str(&run.report_json).unwrap_or_default();
    let report = Report {
        rows: run.total_rows as usize,
        ok_rows: 0,
        issues,
    };
    let bytes = report
        .to_xlsx()
        .map_err(|e| AppError::internal("building the sheet", e))?;
    Ok(file_response(
        bytes,
        &format!("导入报告-{}-{}.xlsx", run.id, run.file_name),
        XLSX,
    ))
}

/// `POST /registry/imports/{id}/commit`: writes the checked file in the
/// background; the run page follows its progress.
pub async fn commit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let run = visible_run(&state, &ctx, id).await?;
    if run.error_count > 0 {
        return Err(AppError::invalid(
            "file",
            "文件有错误，请修正后重新上传 / the file has errors; fix it and upload again",
        ));
    }
    let kind = ImportKind::parse(&run.kind).ok_or(AppError::NotFound)?;
    state.db.start_import_run(run.id, run.version).await?;
    let db = state.db.clone();
    let actor = ctx.actor();
    tokio::spawn(async move {
        let outcome = async {
            let bytes = db.import_run_file(run.id).await.map_err(|e| e.to_string())?;
            let regions = region_index(&db, &actor).await.map_err(|e| e.to_string())?;
            let (tx, mut rx) = tokio::sync::watch::channel(0usize);
            let progress_db = db.clone();
            let follower = tokio::spawn(async move {
                while rx.changed().await.is_ok() {
                    let n = *rx.borrow_and_update();
                    let _ = progress_db.set_import_progress(run.id, n as i64).await;
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
            });
            let run_id = run.id;
            // the heartbeat says this instance is still writing the run
            let beat_db = db.clone();
            let heartbeat = tokio::spawn(async move {
                let mut tick =
                    tokio::time::interval(std::time::Duration::from_secs(crate::store::imports::HEARTBEAT_SECS));
                loop {
                    tick.tick().await;
                    let _ = beat_db.touch_import_run(run_id).await;
                }
            });
            let imported = import_file(
                &db,
                &actor,
                Some(run.id),
                kind,
                run.file_name.clone(),
                bytes,
                regions,
                Box::new(|_| {}),
                &move |n| {
                    set_progress(run_id, Some(n));
                    let _ = tx.send(n);
                },
            )
            .await
            .map_err(|e| e.to_string());
            let counts = match imported {
                Ok(Imported { counts: Some(c), .. }) => Ok(c),
                Ok(Imported { counts: None, .. }) => {
                    Err("文件内容已变化，请重新检查 / the file no longer passes the check".to_owned())
                }
                Err(e) => Err(e),
            };
            follower.abort();
            heartbeat.abort();
            counts
        }
        .await;
        let finished = db.finish_import_run(run.id, outcome).await;
        set_progress(run.id, None);
        if let Err(e) = finished {
            tracing::error!(run = run.id, error = %e, "could not record the outcome of an import");
        }
    });
    Ok(see_other(&format!("/registry/imports/{id}")))
}

/// `GET /registry/templates/{kind}`: an .xlsx with the kind's headers and a
/// second sheet explaining every column.
pub async fn template(Path(kind): Path<String>) -> Result<Response, AppError> {
    let kind = ImportKind::parse(kind.trim_end_matches(".xlsx")).ok_or(AppError::NotFound)?;
    let spec = kind.spec();
    let xe = |e: rust_xlsxwriter::XlsxError| AppError::internal("building the sheet", e);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(spec.zh).map_err(xe)?;
    for (c, f) in spec.fields.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, f.zh, &bold).map_err(xe)?;
        ws.set_column_width(c as u16, (f.zh.chars().count() as f64 * 2.2).max(12.0))
            .map_err(xe)?;
    }
    let help = wb.add_worksheet();
    help.set_name("填写说明").map_err(xe)?;
    for (c, h) in ["列名", "English", "必填", "说明 / accepted values"].iter().enumerate() {
        help.write_string_with_format(0, c as u16, *h, &bold).map_err(xe)?;
    }
    for (r, f) in spec.fields.iter().enumerate() {
        let row = r as u32 + 1;
        let note = match &f.ty {
            FieldType::Coded(v) => (v.options)()
                .into_iter()
                .map(|(_, zh)| zh)
                .collect::<Vec<_>>()
                .join("、"),
            FieldType::Date => "日期，如 2024-03-01 / a date".into(),
            FieldType::Bool => "是 / 否".into(),
            FieldType::Int => "整数 / whole number".into(),
            FieldType::Money => "金额（元），可写“万”“亿” / yuan".into(),
            FieldType::List => "多个值用“、”分隔 / several values separated by 、".into(),
            FieldType::CreditCode => "18位统一社会信用代码 / 18-character credit code".into(),
            FieldType::Text => String::new(),
        };
        let aliases = if f.aliases.is_empty() {
            String::new()
        } else {
            format!("（也可写作：{}）", f.aliases.join("、"))
        };
        help.write_string(row, 0, f.zh).map_err(xe)?;
        help.write_string(row, 1, f.en).map_err(xe)?;
        help.write_string(row, 2, if f.required { "是" } else { "" })
            .map_err(xe)?;
        help.write_string(row, 3, format!("{note}{aliases}")).map_err(xe)?;
    }
    help.set_column_width(0, 24).map_err(xe)?;
    help.set_column_width(3, 60).map_err(xe)?;
    let bytes = wb.save_to_buffer().map_err(xe)?;
    Ok(file_response(bytes, &format!("导入模板-{}.xlsx", spec.zh), XLSX))
}
