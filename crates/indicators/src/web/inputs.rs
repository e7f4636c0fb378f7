//! Entering figures with their source, and keeping groups of counties.

use crate::catalogue::{CATALOGUE, IndicatorKey};
use crate::store::inputs::NewInput;
use crate::store::prelude::*;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::form::Form;
use kechuang_shell::render;
use kechuang_shell::ui::{region_options, scope_of, see_other};
use minijinja::{Value, context};
use serde::Deserialize;

/// `GET /indicators/inputs`: the entered figures of the scope and the form.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let rows: Vec<Value> = state
        .db
        .inputs(&scope)
        .await?
        .into_iter()
        .map(|r| {
            let name = IndicatorKey::parse(&r.indicator).map_or(r.indicator.clone(), |k| k.label(ctx.lang).to_owned());
            let at = kechuang_kernel::clock::china_time_text(r.updated_at);
            context! { r => Value::from_serialize(&r), name => name, at => at }
        })
        .collect();
    let regions = state.db.regions().await?;
    let all: Vec<_> = regions.iter().filter(|r| r.level != "province").cloned().collect();
    let groups: Vec<Value> = state
        .db
        .groups(&scope)
        .await?
        .into_iter()
        .map(|g| {
            let names: Vec<String> = g
                .members
                .iter()
                .filter_map(|m| regions.iter().find(|r| r.id == *m).map(|r| r.name.clone()))
                .collect();
            context! { g => Value::from_serialize(&g), names => names.join("、") }
        })
        .collect();
    let kinds: Vec<(String, String, String)> = CATALOGUE
        .iter()
        .filter(|s| s.is_entered())
        .map(|s| {
            (
                s.key.as_str().to_owned(),
                s.key.label(ctx.lang).to_owned(),
                s.unit.label(ctx.lang).to_owned(),
            )
        })
        .collect();
    let html = render(
        &ctx,
        "indicators_inputs.html",
        context! { rows => rows, groups => groups, kinds => kinds,
        regions => region_options(&all, Some(&scope)),
        last_year => kechuang_kernel::clock::today().year() - 1,
        can_enter => allows(ctx.principal.role, crate::access::ENTER_INDICATORS) },
    )?;
    Ok(html.into_response())
}

#[derive(Debug, Deserialize)]
pub struct InputForm {
    pub region_id: i64,
    pub year: i64,
    pub indicator: String,
    pub value: String,
    pub source: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// `POST /indicators/inputs`: enters or changes one figure.
pub async fn enter(State(state): State<AppState>, ctx: Ctx, Form(f): Form<InputForm>) -> Result<Response, AppError> {
    let indicator = IndicatorKey::parse(&f.indicator)
        .ok_or_else(|| AppError::invalid("indicator", "请选择指标 / choose an indicator"))?;
    state
        .db
        .set_input(
            &ctx.actor(),
            &scope_of(&ctx)?,
            &NewInput {
                region_id: f.region_id,
                year: f.year,
                indicator,
                value: f.value,
                source: f.source,
                note: f.note,
                version: f.version,
            },
        )
        .await?;
    super::view::forget_books(&state)?;
    Ok(see_other("/indicators/inputs"))
}

#[derive(Debug, Deserialize)]
pub struct VersionForm {
    pub version: i64,
}

/// `POST /indicators/inputs/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<VersionForm>,
) -> Result<Response, AppError> {
    state
        .db
        .delete_input(&ctx.actor(), &scope_of(&ctx)?, id, f.version)
        .await?;
    super::view::forget_books(&state)?;
    Ok(see_other("/indicators/inputs"))
}

/// `POST /indicators/groups`: `name` and one `members` field per region id.
pub async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut name = String::new();
    let mut members = Vec::new();
    for (k, v) in fields {
        match k.as_str() {
            "name" => name = v,
            "members" => members.push(
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| AppError::invalid("members", "地区编号应为数字 / a region id"))?,
            ),
            _ => {}
        }
    }
    let id = state
        .db
        .create_group(&ctx.actor(), &scope_of(&ctx)?, &name, &members)
        .await?;
    Ok(see_other(&format!("/indicators?area=g{id}")))
}

/// `POST /indicators/groups/{id}/delete`.
pub async fn delete_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<VersionForm>,
) -> Result<Response, AppError> {
    state
        .db
        .delete_group(&ctx.actor(), &scope_of(&ctx)?, id, f.version)
        .await?;
    Ok(see_other("/indicators/inputs"))
}
