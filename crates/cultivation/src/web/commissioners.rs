//! Commissioners (科技特派员) in the web UI: who looks after which high-tech
//! enterprise and how many each has, firms still without one, assigning by
//! the rules (`crate::commissioners::plan`), and the visit log
//! with follow-ups on a firm's clinic page.

use crate::store::prelude::*;
use std::collections::HashMap;

use crate::commissioners::{Commissioner, Current, Firm, plan};
use crate::store::commissioners::{NewVisit, Party};
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_registry::web::visible_enterprise;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

fn chains(p: &Party) -> Vec<String> {
    serde_json::from_str(&p.chain_tags).unwrap_or_default()
}

/// `GET /cultivation/commissioners`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let on = today().to_string();
    let firms = state.db.hte_firms(&scope, &on).await?;
    let pool = state.db.commissioner_pool(&scope).await?;
    let assigned = state.db.active_assignments(&scope).await?;
    let mut load: HashMap<i64, usize> = HashMap::new();
    for a in &assigned {
        *load.entry(a.expert_id).or_default() += 1;
    }
    let covered: std::collections::HashSet<i64> = assigned.iter().map(|a| a.enterprise_id).collect();
    let without: Vec<&Party> = firms.iter().filter(|f| !covered.contains(&f.id)).collect();
    let commissioners: Vec<Value> = pool
        .iter()
        .map(|c| context! { c => Value::from_serialize(c), chains => chains(c), load => load.get(&c.id).copied().unwrap_or(0) })
        .collect();
    let html = render(
        &ctx,
        "cultivation_commissioners.html",
        context! {
            firms => firms.len(), commissioners => commissioners, assigned => Value::from_serialize(&assigned),
            without => Value::from_serialize(&without),
            can_manage => allows(ctx.principal.role, crate::access::MANAGE_CULTIVATION),
        },
    )?;
    Ok(html.into_response())
}

/// `POST /cultivation/commissioners/assign`: ends assignments of firms that
/// are no longer high-tech enterprises or whose commissioner left, and gives
/// every firm without one a commissioner, in one transaction.
pub async fn assign(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let on = today().to_string();
    let firms: Vec<Firm> = state
        .db
        .hte_firms(&scope, &on)
        .await?
        .iter()
        .map(|f| Firm {
            id: f.id,
            region_id: f.region_id,
            chains: chains(f),
        })
        .collect();
    let pool: Vec<Commissioner> = state
        .db
        .commissioner_pool(&scope)
        .await?
        .iter()
        .map(|c| Commissioner {
            id: c.id,
            region_id: c.region_id,
            chains: chains(c),
        })
        .collect();
    let current: Vec<Current> = state
        .db
        .active_assignments(&scope)
        .await?
        .iter()
        .map(|a| Current {
            assignment_id: a.id,
            firm_id: a.enterprise_id,
            commissioner_id: a.expert_id,
        })
        .collect();
    let p = plan(&firms, &pool, &current);
    let ends: Vec<(i64, &str)> = p.end.iter().map(|(id, why)| (*id, why.as_str())).collect();
    state
        .db
        .apply_commissioner_plan(&ctx.actor(), &ends, &p.assign, &on)
        .await?;
    Ok(see_other("/cultivation/commissioners"))
}

#[derive(serde::Deserialize)]
pub struct VisitForm {
    pub code: String,
    pub visited_on: String,
    pub summary: String,
    #[serde(default)]
    pub follow_up: String,
    #[serde(default)]
    pub follow_up_due: String,
}

/// `POST /cultivation/visits`: records a visit by the firm's commissioner.
pub async fn add_visit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(v): Form<VisitForm>,
) -> Result<Response, AppError> {
    let e = visible_enterprise(&state, &ctx, &v.code).await?;
    let expert_id = state.db.commissioner_of(e.id).await?.map(|a| a.expert_id);
    let due = Some(v.follow_up_due.trim().to_owned()).filter(|d| !d.is_empty());
    state
        .db
        .add_visit(
            &ctx.actor(),
            &e,
            &NewVisit {
                expert_id,
                visited_on: v.visited_on.trim().to_owned(),
                summary: v.summary,
                follow_up: v.follow_up,
                follow_up_due: due,
            },
        )
        .await?;
    Ok(see_other(&format!("/cultivation/clinic/{}", e.credit_code)))
}

#[derive(serde::Deserialize)]
pub struct DoneForm {
    pub code: String,
    pub visit_id: i64,
}

/// `POST /cultivation/visits/done`: a visit's follow-up is done.
pub async fn follow_up_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(d): Form<DoneForm>,
) -> Result<Response, AppError> {
    let e = visible_enterprise(&state, &ctx, &d.code).await?;
    state.db.complete_follow_up(&ctx.actor(), &e, d.visit_id).await?;
    Ok(see_other(&format!("/cultivation/clinic/{}", e.credit_code)))
}
