//! Demand pages: the form to post one, its page (the achievements that
//! match it with their explanations and the user's feedback, the
//! institutions and experts behind them, where it was pushed) and status
//! changes.

use crate::store::prelude::*;
use std::collections::{BTreeMap, HashMap};

use super::api::filters_of;
use super::{invalid, range};
use crate::item::DemandInput;
use crate::store::{DemandRow, list_of};
use crate::vocab::{self, AREAS, COOPERATION_MODES, DemandStatus, FEEDBACK_REASONS, FIELDS, MATURITIES};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::page::options;
use kechuang_shell::page::today;
use kechuang_shell::render;
use kechuang_shell::ui::see_other;
use minijinja::{Value, context};

#[derive(serde::Deserialize)]
pub struct DemandForm {
    #[serde(flatten)]
    pub input: DemandInput,
    /// `draft` or `publish`.
    #[serde(default)]
    pub action: String,
}

/// `GET /market/demands/new`.
pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    let html = render(
        &ctx,
        "market_demand_new.html",
        context! {
            fields => options(FIELDS), modes => options(COOPERATION_MODES),
            own_firm => ctx.principal.enterprise_code.clone(),
        },
    )?;
    Ok(html.into_response())
}

/// `POST /market/demands`: saves a draft or publishes.
pub async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<DemandForm>) -> Result<Response, AppError> {
    let d = f.input.validate(today()).map_err(invalid)?;
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let status = if f.action == "draft" {
        DemandStatus::Draft
    } else {
        DemandStatus::Published
    };
    let ids = state
        .db
        .create_demands(&ctx.actor(), &[(region, d)], status, None, today())
        .await?;
    state.service::<crate::search::engine::Engine>()?.poke();
    Ok(see_other(&format!("/market/demands/{}", ids[0])))
}

/// Template values describing a demand.
pub(crate) fn view(r: &DemandRow) -> Value {
    context! {
        d => Value::from_serialize(r),
        field => vocab::zh(FIELDS, &r.field),
        cooperation => vocab::zh(COOPERATION_MODES, &r.cooperation),
        status => r.status.label_zh(),
        keywords => list_of(&r.keywords),
        budget => range(r.budget_min_fen, r.budget_max_fen),
    }
}

/// `GET /market/demands/{id}?field=&min_maturity=&area=&mode=`.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let r = state.db.demand(id).await?;
    if !r.visible_to(&ctx.principal) {
        return Err(AppError::NotFound);
    }
    let editable = r.editable_by(&ctx.principal) && allows(ctx.principal.role, crate::access::POST_DEMAND);
    let filters = filters_of(&q);
    let (found, parties) = state
        .service::<crate::search::engine::Engine>()?
        .for_demand(&r, &filters, 10, 8)
        .await?;
    let mine: HashMap<i64, (bool, String)> = state
        .db
        .feedback_of(&ctx.principal.username, "demand", id)
        .await?
        .into_iter()
        .map(|f| (f.to_id, (f.useful, f.reason)))
        .collect();
    let matches: Vec<Value> = found
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let verdict = mine.get(&m.item.id);
            context! {
                rank => i + 1, a => Value::from_serialize(&m.item), score => format!("{:.2}", m.score),
                x => Value::from_serialize(&m.explanation),
                field => vocab::zh(FIELDS, &m.item.field), maturity => vocab::zh(MATURITIES, &m.item.maturity),
                area => vocab::zh(AREAS, &m.item.area),
                price => range(m.item.price_min_fen, m.item.price_max_fen),
                useful => verdict.map(|v| v.0), reason => verdict.map(|v| vocab::zh(FEEDBACK_REASONS, &v.1)),
            }
        })
        .collect();
    let pushes = if allows(ctx.principal.role, crate::access::PUSH_DEMANDS) {
        state.db.pushes_of(id).await?
    } else {
        Vec::new()
    };
    let html = render(
        &ctx,
        "market_demand.html",
        context! {
            item => view(&r), editable => editable, matches => matches,
            parties => Value::from_serialize(&parties), pushes => Value::from_serialize(&pushes),
            reasons => options(&FEEDBACK_REASONS[1..]), fields => options(FIELDS), maturities => options(MATURITIES),
            areas => options(AREAS), filters => Value::from_serialize(&q),
            can_feedback => allows(ctx.principal.role, crate::access::USE_MARKET_TOOLS),
        },
    )?;
    Ok(html.into_response())
}

/// A status change of a demand.
#[derive(Debug, serde::Deserialize)]
pub struct StatusForm {
    to: DemandStatus,
    version: i64,
}

/// `POST /market/demands/{id}/status`: `to`, `version`.
pub async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    kechuang_shell::form::Form(f): kechuang_shell::form::Form<StatusForm>,
) -> Result<Response, AppError> {
    state
        .db
        .set_demand_status(&ctx.actor(), id, f.version, f.to, today())
        .await?;
    state.service::<crate::search::engine::Engine>()?.poke();
    Ok(see_other(&format!("/market/demands/{id}")))
}
