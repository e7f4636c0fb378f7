//! A firm's own incentives: what was found for it (免申即享), which it
//! confirms with the account to pay into, or declines; its applications;
//! and the policy calculator.

use super::view::{money, own_code, service};
use crate::calculator::{Standing, calculate};
use crate::store::entitlements::EntitlementQuery;
use crate::store::prelude::*;
use crate::workflow::ApplicationStatus;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::scope::Scope;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::Form;
use kechuang_shell::render;
use kechuang_shell::ui::see_other;
use minijinja::{Value, context};
use serde::Deserialize;

pub(super) fn entitlement_view(ctx: &Ctx, e: &crate::store::entitlements::EntitlementRow, title: &str) -> Value {
    context! {
        e => Value::from_serialize(e), title => title, amount => money(ctx.lang, e.amount_fen),
        payable => money(ctx.lang, e.payable_fen()), status => super::view::label(ctx.lang, e.status),
        city => money(ctx.lang, e.city_fen), county => money(ctx.lang, e.county_fen),
        province => money(ctx.lang, e.province_fen),
        actionable => matches!(e.status, crate::workflow::EntitlementStatus::Found | crate::workflow::EntitlementStatus::Told),
    }
}

/// `GET /incentives/mine`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let code = own_code(&ctx)?;
    let svc = service(&state)?;
    let mut q = EntitlementQuery::new(Scope::everything());
    q.subject_code = Some(code.clone());
    q.limit = 500;
    let rows: Vec<Value> = state
        .db
        .entitlements(&q)
        .await?
        .iter()
        .filter(|e| e.status != crate::workflow::EntitlementStatus::Withheld)
        .map(|e| {
            let title = svc.rule(&e.rule_id).map(|(_, r)| r.title.clone()).unwrap_or_default();
            entitlement_view(&ctx, e, &title)
        })
        .collect();
    let apps: Vec<Value> = state
        .db
        .applications(&Scope::everything(), Some(&code), &[])
        .await?
        .iter()
        .map(|a| super::applications::application_view(&ctx, &svc, a))
        .collect();
    let html = render(
        &ctx,
        "incentives_mine.html",
        context! { entitlements => rows, applications => apps, open => ApplicationStatus::Submitted.as_str() },
    )?;
    Ok(html.into_response())
}

/// The calculator's lines for one firm, as the templates show them, and
/// the total the data says it is entitled to.
async fn calculator_rows(state: &AppState, ctx: &Ctx, code: &str) -> Result<(Vec<Value>, i64), AppError> {
    let svc = service(state)?;
    let lines = calculate(&svc, &state.db, code).await?;
    let total: i64 = lines
        .iter()
        .filter_map(|l| match l.standing {
            Standing::Entitled { amount_fen, .. } => Some(amount_fen),
            _ => None,
        })
        .sum();
    let rows = lines
        .iter()
        .map(|l| {
            let amount = match &l.standing {
                Standing::Entitled { amount_fen, .. } => money(ctx.lang, *amount_fen),
                _ => String::new(),
            };
            context! { l => Value::from_serialize(l), amount => amount,
            stem => l.rule_id.rsplit('/').next().unwrap_or_default() }
        })
        .collect();
    Ok((rows, total))
}

async fn calculator_page(state: &AppState, ctx: &Ctx, code: &str, name: Option<&str>) -> Result<Response, AppError> {
    let (rows, total) = calculator_rows(state, ctx, code).await?;
    let html = render(
        ctx,
        "incentives_calculator.html",
        context! { lines => rows, total => money(ctx.lang, total), code => code, name => name,
        own => name.is_none() },
    )?;
    Ok(html.into_response())
}

/// `GET /incentives/calculator`: the firm's own calculator.
pub async fn calculator(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let code = own_code(&ctx)?;
    calculator_page(&state, &ctx, &code, None).await
}

/// `GET /incentives/calculator/{code}`: staff read the calculator of a firm
/// in their scope (to advise it, or before a clinic visit).
pub async fn calculator_for(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let e = kechuang_registry::web::visible_enterprise(&state, &ctx, &code).await?;
    calculator_page(&state, &ctx, &e.credit_code, Some(&e.name)).await
}

/// At most this many clauses are listed on the panel under "what it would
/// take"; the calculator lists them all.
const PANEL_MORE: usize = 5;

/// The panel on the pages about one firm (the clinic report): what the
/// firm could claim now, and what it would take to qualify for more. Shown
/// to the firm itself and to staff who review incentives.
pub fn firm_panel<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
    code: &'a str,
) -> futures_util::future::BoxFuture<'a, Result<Option<String>, AppError>> {
    Box::pin(async move {
        let own = ctx.principal.enterprise_code.as_deref() == Some(code);
        let staff = kechuang_kernel::access::allows(ctx.principal.role, crate::access::VIEW_INCENTIVES);
        let firm = own && kechuang_kernel::access::allows(ctx.principal.role, crate::access::CLAIM_INCENTIVES);
        if !staff && !firm {
            return Ok(None);
        }
        let (rows, total) = calculator_rows(state, ctx, code).await?;
        let standing = |v: &Value| {
            v.get_attr("l")
                .and_then(|l| l.get_attr("standing"))
                .and_then(|s| s.get_attr("standing"))
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let (now, mut more): (Vec<Value>, Vec<Value>) = rows
            .into_iter()
            .partition(|r| matches!(standing(r).as_str(), "entitled" | "pending"));
        // what it would take: what the data cannot tell first (the firm may
        // apply), then conditions not met, then events it has not had yet
        more.sort_by_key(|r| match standing(r).as_str() {
            "unknown" => 0,
            "not_met" => 1,
            _ => 2,
        });
        let more_count = more.len();
        let more: Vec<Value> = more.into_iter().take(PANEL_MORE).collect();
        let html = render(
            ctx,
            "incentives_firm_panel.html",
            context! { now => now, more => more, more_count => more_count,
            total => money(ctx.lang, total), own => firm, code => code },
        )?;
        Ok(Some(html.0))
    })
}

#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    pub bank_name: String,
    pub bank_account: String,
}

async fn own(state: &AppState, ctx: &Ctx, id: i64) -> Result<crate::store::entitlements::EntitlementRow, AppError> {
    let code = own_code(ctx)?;
    let e = state.db.entitlement(id).await?;
    if e.subject_code != code || e.status == crate::workflow::EntitlementStatus::Withheld {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

/// `POST /incentives/mine/{id}/confirm`: the firm confirms an entitlement
/// and the account it is paid into, in one step.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    own(&state, &ctx, id).await?;
    state
        .db
        .confirm_entitlement(&ctx.actor(), id, &f.bank_name, &f.bank_account)
        .await?;
    Ok(see_other(&format!("/incentives/mine#e{id}")))
}

#[derive(Debug, Deserialize)]
pub struct DeclineForm {
    #[serde(default)]
    pub reason: String,
}

/// `POST /incentives/mine/{id}/decline`.
pub async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DeclineForm>,
) -> Result<Response, AppError> {
    own(&state, &ctx, id).await?;
    state.db.decline_entitlement(&ctx.actor(), id, &f.reason).await?;
    Ok(see_other(&format!("/incentives/mine#e{id}")))
}
