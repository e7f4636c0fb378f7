//! Handlers of the credit-file pages.

use crate::store::CreditStore;
use std::collections::BTreeMap;

use crate::record::{CreditRecordInput, RECORD_KINDS, RecordError, SUBJECT_KINDS, zh};
use crate::store::{CreditQuery, CreditRecordRow};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::{PAGE, keep_query, pages, today};
use kechuang_shell::page::{options, page_of};
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

fn invalid(errors: Vec<RecordError>) -> AppError {
    AppError::fields(errors.iter().map(|e| (e.field, e.message.as_str())))
}

fn view(r: &CreditRecordRow) -> Value {
    context! {
        r => Value::from_serialize(r), kind => zh(RECORD_KINDS, &r.kind),
        subject_kind => zh(SUBJECT_KINDS, &r.subject_kind), in_force => r.standing().in_force(today()),
    }
}

/// `GET /credit?kind=&q=&in_force=1&page=`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let page = page_of(&q)?;
    let query = CreditQuery {
        scope: scope.as_str().to_owned(),
        kind: q.get("kind").cloned().unwrap_or_default(),
        text: q.get("q").cloned().unwrap_or_default(),
        in_force_on: q.get("in_force").filter(|v| *v == "1").map(|_| today()),
        limit: PAGE,
        offset: (page - 1) * PAGE,
    };
    let total = state.db.count_credit_records(&query).await?;
    let rows: Vec<Value> = state.db.credit_records(&query).await?.iter().map(view).collect();
    let html = render(
        &ctx,
        "credit_records.html",
        context! {
            rows => rows, kinds => options(RECORD_KINDS), filters => Value::from_serialize(&q),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_CREDIT),
            pages => pages(total, page), keep => keep_query(&q),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /credit/new`.
pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    let html = render(
        &ctx,
        "credit_new.html",
        context! {
            kinds => options(RECORD_KINDS), subject_kinds => options(SUBJECT_KINDS), today => today().to_string(),
        },
    )?;
    Ok(html.into_response())
}

/// `POST /credit`: records one credit record in the officer's region.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CreditRecordInput>,
) -> Result<Response, AppError> {
    let r = f.validate(today()).map_err(invalid)?;
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let id = state.db.add_credit_record(&ctx.actor(), region, &r).await?;
    Ok(see_other(&format!("/credit/{id}")))
}

async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> Result<CreditRecordRow, AppError> {
    let r = state.db.credit_record(id).await?;
    let scope = scope_of(ctx)?;
    let (kept, viewer) = (r.region_path.as_str(), scope.as_str());
    // the region's own records, those below it, and those of the regions above
    if !(kept.starts_with(viewer) || viewer.starts_with(kept)) {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// `GET /credit/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let r = visible(&state, &ctx, id).await?;
    let html = render(
        &ctx,
        "credit_record.html",
        context! { item => view(&r), can_manage => allows(ctx.principal.role, crate::access::MANAGE_CREDIT) },
    )?;
    Ok(html.into_response())
}

/// `POST /credit/{id}/lift`: `reason`, `version`.
pub async fn lift(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    visible(&state, &ctx, id).await?;
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
    let reason = f.get("reason").map(String::as_str).unwrap_or("");
    state
        .db
        .lift_credit_record(&ctx.actor(), id, version, reason, today())
        .await?;
    Ok(see_other(&format!("/credit/{id}")))
}
