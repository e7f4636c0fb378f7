//! Yearly facts proposed by an enterprise for its own record, and their
//! review by bureau staff (approve writes them; reject needs a reason).

use crate::store::prelude::*;
use std::collections::HashMap;

use crate::enterprise::{FACTS, parse_facts};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

/// The facts fields of the proposal form (all but the credit code).
pub(crate) fn form_fields() -> Vec<Value> {
    FACTS
        .fields
        .iter()
        .skip(1)
        .map(|f| context! { key => f.key, label => f.zh, required => f.required })
        .collect()
}

/// `POST /registry/enterprises/{code}/proposals`.
pub async fn propose(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(mut values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = CreditCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let e = state.db.enterprise_by_code(&c).await?.ok_or(AppError::NotFound)?;
    if ctx.principal.enterprise_code.as_deref() != Some(e.credit_code.as_str()) {
        return Err(AppError::NotFound);
    }
    values.insert("credit_code".into(), e.credit_code.clone());
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let (_, facts) = parse_facts(&get).map_err(|issues| {
        let first = &issues[0];
        let all: Vec<String> = issues.iter().map(|i| format!("{}：{}", i.column, i.reason)).collect();
        AppError::invalid(first.key, all.join("；"))
    })?;
    let note = values.get("note").cloned().unwrap_or_default();
    state.db.propose_facts(&ctx.actor(), &e, &facts, &note).await?;
    Ok(see_other(&format!("/registry/enterprises/{}", e.credit_code)))
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let proposals = state.db.proposals(&scope, None).await?;
    let mut rows = Vec::new();
    for p in &proposals {
        let proposed = p.facts();
        let current = match &proposed {
            Some(f) => state
                .db
                .facts_of(p.enterprise_id)
                .await?
                .into_iter()
                .find(|s| s.year == f.year as i64)
                .map(|s| s.facts()),
            None => None,
        };
        rows.push(context! {
            p => Value::from_serialize(p), proposed => Value::from_serialize(&proposed),
            current => Value::from_serialize(&current),
        });
    }
    let html = render(&ctx, "registry_proposals.html", context! { rows => rows })?;
    Ok(html.into_response())
}

#[derive(serde::Deserialize)]
pub struct Decision {
    pub proposal_id: Option<i64>,
    pub version: Option<i64>,
    pub decision: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// `POST /registry/proposals/decide`.
pub async fn decide(State(state): State<AppState>, ctx: Ctx, Form(d): Form<Decision>) -> Result<Response, AppError> {
    let (Some(id), Some(version)) = (d.proposal_id, d.version) else {
        return Err(AppError::invalid("proposal_id", "请选择申报 / choose a proposal"));
    };
    let approve = match d.decision.as_deref() {
        Some("approve") => true,
        Some("reject") => false,
        _ => return Err(AppError::invalid("decision", "请选择通过或退回 / approve or reject")),
    };
    state
        .db
        .decide_proposal(&ctx.actor(), id, version, approve, &d.note)
        .await?;
    Ok(see_other("/registry/proposals"))
}
