//! Entitlements as staff see them: the list of the scope with filters, and
//! one entitlement with its derivation, the evidence (the event and where it
//! came from), its history, a replay against the rule version it was
//! computed under, and the steps staff take (approve at a figure, refuse,
//! claw back with a credit record).

use super::firm::entitlement_view;
use super::view::{in_scope, label, money, service};
use crate::store::entitlements::EntitlementQuery;
use crate::store::prelude::*;
use crate::workflow::EntitlementStatus;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::AuditFilter;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::{Form, Query};
use kechuang_shell::page::{PAGE, pages, today};
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub set: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// `GET /incentives/entitlements?status=&set=&rule=&code=&year=&page=`.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let page = q.page.unwrap_or(1).max(1);
    let mut query = EntitlementQuery::new(scope_of(&ctx)?);
    query.statuses = q.status.split(',').filter_map(EntitlementStatus::from_code).collect();
    query.set_id = Some(q.set.clone()).filter(|s| !s.is_empty());
    query.rule_id = Some(q.rule.clone()).filter(|s| !s.is_empty());
    query.subject_code = Some(q.code.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
    query.year = if q.year.is_empty() {
        None
    } else {
        Some(
            q.year
                .parse()
                .map_err(|_| AppError::invalid("year", "年度应为数字 / a year"))?,
        )
    };
    query.limit = PAGE;
    query.offset = (page - 1) * PAGE;
    let total = state.db.count_entitlements(&query).await?;
    let rows: Vec<Value> = state
        .db
        .entitlements(&query)
        .await?
        .iter()
        .map(|e| {
            let title = svc.rule(&e.rule_id).map(|(_, r)| r.title.clone()).unwrap_or_default();
            entitlement_view(&ctx, e, &title)
        })
        .collect();
    let keep = format!(
        "status={}&set={}&rule={}&code={}&year={}",
        q.status, q.set, q.rule, q.code, q.year
    );
    let html = render(
        &ctx,
        "incentives_entitlements.html",
        context! {
            rows => rows, total => total, pages => pages(total, page), keep => keep, filters => context! {
                status => q.status, set => q.set, rule => q.rule, code => q.code, year => q.year },
            statuses => EntitlementStatus::ALL.iter().map(|s| (s.as_str(), label(ctx.lang, *s))).collect::<Vec<_>>(),
            sets => svc.sets().iter().map(|s| (s.id.clone(), s.title.clone())).collect::<Vec<_>>(),
        },
    )?;
    Ok(html.into_response())
}

/// `GET /incentives/entitlements/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let e = state.db.entitlement(id).await?;
    in_scope(&ctx, &e.region_path)?;
    let event = state.db.incentive_event(e.event_id).await?;
    let rule = svc.rule(&e.rule_id);
    let title = rule.map(|(_, r)| r.title.clone()).unwrap_or_default();
    let replay = match svc.replay(&state.db, &e).await {
        Ok(r) => Some(context! { same => r.same, derivation => r.replayed_derivation,
        amount => r.replayed_fen.map(|f| money(ctx.lang, f)) }),
        Err(err) => Some(context! { same => false, error => err.to_string() }),
    };
    let history = state
        .db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("incentive_entitlement".into()),
                entity_id: Some(id.to_string()),
                limit: 50,
                ..AuditFilter::default()
            },
        )
        .await?;
    let manage = allows(ctx.principal.role, crate::access::MANAGE_INCENTIVES);
    let html = render(
        &ctx,
        "incentives_entitlement.html",
        context! {
            item => entitlement_view(&ctx, &e, &title),
            rule => rule.map(|(s, r)| super::view::rule_view(ctx.lang, s, r)),
            event => Value::from_serialize(&event), event_kind => label(ctx.lang, event.kind),
            facts => event.event().map(|e| super::view::facts_view(ctx.lang, &e)).unwrap_or_default(),
            replay => replay, history => Value::from_serialize(&history),
            can_approve => manage && e.status == EntitlementStatus::Confirmed,
            can_refuse => manage && e.status.after(crate::workflow::EntitlementStep::Refuse).is_some(),
            can_claw_back => manage && e.status == EntitlementStatus::Paid,
            fixed => !e.upper_bound && !e.lower_bound,
        },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    /// The figure approved, as written; empty for the computed one.
    #[serde(default)]
    pub amount: String,
}

/// `POST /incentives/entitlements/{id}/approve`: reserves the money and
/// approves, once however many clerks press at once.
pub async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let e = state.db.entitlement(id).await?;
    in_scope(&ctx, &e.region_path)?;
    let amount = if f.amount.trim().is_empty() {
        None
    } else {
        Some(crate::rules::money::parse_money(&f.amount).map_err(|m| AppError::invalid("amount", m))?)
    };
    let line = svc
        .rule(&e.rule_id)
        .map(|(_, r)| r.budget_line.clone())
        .unwrap_or_default();
    state.db.approve_entitlement(&ctx.actor(), id, amount, &line).await?;
    Ok(see_other(&format!("/incentives/entitlements/{id}")))
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    pub reason: String,
    /// Write a credit record (claw-back): 1.
    #[serde(default)]
    pub credit: Option<String>,
}

/// `POST /incentives/entitlements/{id}/refuse`.
pub async fn refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let e = state.db.entitlement(id).await?;
    in_scope(&ctx, &e.region_path)?;
    state.db.refuse_entitlement(&ctx.actor(), id, &f.reason).await?;
    Ok(see_other(&format!("/incentives/entitlements/{id}")))
}

/// `POST /incentives/entitlements/{id}/claw-back`: the money returns to
/// its budgets, and (when asked) a credit record of the firm is written.
pub async fn claw_back(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let e = state.db.entitlement(id).await?;
    in_scope(&ctx, &e.region_path)?;
    state.db.claw_back(&ctx.actor(), id, &f.reason).await?;
    if f.credit.as_deref() == Some("1") {
        let record = kechuang_credit::record::CreditRecordInput {
            subject_kind: "enterprise".into(),
            subject_name: e.subject_name.clone(),
            subject_code: e.subject_code.clone(),
            kind: "dishonesty".into(),
            reason: format!("政策兑现资金追回（兑现编号 {id}）：{}", f.reason.trim()),
            basis: format!("{} 追回决定", e.rule_id),
            document_no: String::new(),
            decided_on: today().to_string(),
            until: String::new(),
        }
        .validate(today())
        .map_err(|errs| AppError::fields(errs.iter().map(|e| (e.field, e.message.as_str())).collect::<Vec<_>>()))?;
        let region = ctx
            .principal
            .region_id
            .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
        state.db.add_credit_record(&ctx.actor(), region, &record).await?;
    }
    Ok(see_other(&format!("/incentives/entitlements/{id}")))
}
