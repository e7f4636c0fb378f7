//! Demand lists pushed to universities and institutes: staff pick published
//! demands and institutions; an institution's users see the demands
//! addressed to them.

use crate::store::ListQuery;
use crate::store::prelude::*;
use crate::vocab::{self, FIELDS};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

/// `GET /market/push`: published demands in scope and the institutions.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let demands = state
        .db
        .demands(&ListQuery {
            statuses: vec!["published".into(), "in_talks".into()],
            scope_like: Some(scope.like_pattern()),
            limit: 500,
            ..Default::default()
        })
        .await?;
    let institutions = state.db.institutions_for_push(&scope).await?;
    let demands: Vec<Value> = demands
        .iter()
        .map(|d| context! { d => Value::from_serialize(d), field => vocab::zh(FIELDS, &d.field) })
        .collect();
    let html = render(
        &ctx,
        "market_push.html",
        context! { demands => demands, institutions => Value::from_serialize(&institutions) },
    )?;
    Ok(html.into_response())
}

#[derive(serde::Deserialize)]
pub struct PushForm {
    #[serde(default)]
    pub demand: Vec<i64>,
    #[serde(default)]
    pub institution: Vec<i64>,
    #[serde(default)]
    pub note: String,
}

/// `POST /market/push`: every chosen demand to every chosen institution.
pub async fn push(State(state): State<AppState>, ctx: Ctx, Form(f): Form<PushForm>) -> Result<Response, AppError> {
    if f.demand.is_empty() {
        return Err(AppError::invalid("demand", "请选择需求 / choose at least one demand"));
    }
    if f.institution.is_empty() {
        return Err(AppError::invalid(
            "institution",
            "请选择高校院所 / choose at least one institution",
        ));
    }
    let n = state
        .db
        .push_demands(&ctx.actor(), &f.demand, &f.institution, f.note.trim())
        .await?;
    Ok(see_other(&format!("/market/push?pushed={n}")))
}

/// `GET /market/pushed`: demands addressed to the user's institution.
pub async fn pushed(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let list = match ctx.principal.institution_id {
        Some(inst) => state.db.demands_pushed_to(inst).await?,
        None => Vec::new(),
    };
    let rows: Vec<Value> = list
        .iter()
        .map(|p| context! { p => Value::from_serialize(p), field => vocab::zh(FIELDS, &p.field) })
        .collect();
    let html = render(&ctx, "market_pushed.html", context! { rows => rows })?;
    Ok(html.into_response())
}
