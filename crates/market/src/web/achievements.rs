//! Achievement pages: the form to offer one, its page (facts, life-cycle
//! actions, edit form, the demands and enterprises it matches), edits and
//! status changes.

use crate::store::prelude::*;

use super::{invalid, range};
use crate::item::AchievementInput;
use crate::lifecycle::Actor as Who;
use crate::store::{AchievementRow, list_of};
use crate::vocab::AchievementStatus;
use crate::vocab::{self, AREAS, FIELDS, MATURITIES, TRANSFER_MODES};
use axum::Form;
use axum::extract::{Path, State};
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
use serde::Deserialize;

#[derive(serde::Deserialize)]
pub struct AchievementForm {
    #[serde(flatten)]
    pub input: AchievementInput,
    /// `draft` or `submit`.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub version: i64,
}

fn form_options() -> Value {
    context! {
        fields => options(FIELDS), maturities => options(MATURITIES),
        modes => options(TRANSFER_MODES), areas => options(AREAS),
    }
}

/// `GET /market/achievements/new`.
pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    Ok(render(&ctx, "market_achievement_new.html", context! { opts => form_options() })?.into_response())
}

/// `POST /market/achievements`: saves a draft or submits for review.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<AchievementForm>,
) -> Result<Response, AppError> {
    let a = f.input.validate().map_err(invalid)?;
    let region = ctx
        .principal
        .region_id
        .ok_or_else(|| AppError::invalid("region_id", "账户未关联地区 / the account has no region"))?;
    let status = if f.action == "draft" {
        AchievementStatus::Draft
    } else {
        AchievementStatus::UnderReview
    };
    let id = state.db.create_achievement(&ctx.actor(), region, &a, status).await?;
    state.service::<crate::search::engine::Engine>()?.poke();
    Ok(see_other(&format!("/market/achievements/{id}")))
}

/// The form's values for an existing achievement.
fn input_of(r: &AchievementRow) -> AchievementInput {
    AchievementInput {
        title: r.title.clone(),
        summary: r.summary.clone(),
        field: r.field.clone(),
        keywords: list_of(&r.keywords).join("；"),
        patents: list_of(&r.patents).join("；"),
        maturity: r.trl.map(|t| format!("TRL{t}")).unwrap_or_else(|| r.maturity.clone()),
        transfer_modes: list_of(&r.transfer_modes).join("；"),
        price_min: r
            .price_min_fen
            .map(|f| format!("{}", f as f64 / 100.0))
            .unwrap_or_default(),
        price_max: r
            .price_max_fen
            .map(|f| format!("{}", f as f64 / 100.0))
            .unwrap_or_default(),
        owner_name: r.owner_name.clone(),
        owner_code: r.owner_code.clone(),
        area: r.area.clone(),
        chain_tags: list_of(&r.chain_tags).join("；"),
    }
}

/// Template values describing an achievement.
pub(crate) fn view(r: &AchievementRow) -> Value {
    let modes: Vec<&str> = list_of(&r.transfer_modes)
        .iter()
        .map(|m| vocab::zh(TRANSFER_MODES, m))
        .collect();
    context! {
        a => Value::from_serialize(r),
        field => vocab::zh(FIELDS, &r.field),
        maturity => vocab::zh(MATURITIES, &r.maturity),
        area => vocab::zh(AREAS, &r.area),
        status => r.status.label_zh(),
        modes => modes.join("、"),
        keywords => list_of(&r.keywords),
        patents => list_of(&r.patents),
        chains => list_of(&r.chain_tags),
        price => range(r.price_min_fen, r.price_max_fen),
    }
}

/// `GET /market/achievements/{id}`.
pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let r = state.db.achievement(id).await?;
    if !r.visible_to(&ctx.principal) {
        return Err(AppError::NotFound);
    }
    let editable = r.editable_by(&ctx.principal) && allows(ctx.principal.role, crate::access::POST_ACHIEVEMENT);
    let reviewer = allows(ctx.principal.role, crate::access::REVIEW_MARKET)
        && ctx
            .principal
            .scope
            .as_ref()
            .is_some_and(|s| r.region_path.starts_with(s.as_str()));
    let (demands, firms) = if r.status == AchievementStatus::Published {
        state
            .service::<crate::search::engine::Engine>()?
            .for_achievement(&r, 10, 10)
            .await?
    } else {
        (Vec::new(), Vec::new())
    };
    let demands: Vec<Value> = demands
        .iter()
        .map(|m| {
            context! {
                d => Value::from_serialize(&m.item), score => format!("{:.2}", m.score),
                x => Value::from_serialize(&m.explanation),
                field => vocab::zh(FIELDS, &m.item.field),
            }
        })
        .collect();
    let html = render(
        &ctx,
        "market_achievement.html",
        context! {
            item => view(&r), editable => editable, reviewer => reviewer,
            input => Value::from_serialize(input_of(&r)), opts => form_options(),
            demands => demands, firms => Value::from_serialize(&firms),
            can_feedback => allows(ctx.principal.role, crate::access::USE_MARKET_TOOLS),
        },
    )?;
    Ok(html.into_response())
}

/// `POST /market/achievements/{id}`: replaces the editable fields.
pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<AchievementForm>,
) -> Result<Response, AppError> {
    let a = f.input.validate().map_err(invalid)?;
    state.db.update_achievement(&ctx.actor(), id, f.version, &a).await?;
    state.service::<crate::search::engine::Engine>()?.poke();
    Ok(see_other(&format!("/market/achievements/{id}")))
}

/// A status change of an achievement.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    to: AchievementStatus,
    version: i64,
    #[serde(default)]
    note: String,
}

/// `POST /market/achievements/{id}/status`: `to`, `version`, `note`.
pub async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    kechuang_shell::form::Form(f): kechuang_shell::form::Form<StatusForm>,
) -> Result<Response, AppError> {
    let (to, version, note) = (f.to, f.version, f.note.trim());
    let r = state.db.achievement(id).await?;
    let reviewing = r.status == AchievementStatus::UnderReview;
    let who = if reviewing {
        let in_scope = ctx
            .principal
            .scope
            .as_ref()
            .is_some_and(|s| r.region_path.starts_with(s.as_str()));
        if !(allows(ctx.principal.role, crate::access::REVIEW_MARKET) && in_scope) {
            return Err(AppError::Forbidden);
        }
        if to == AchievementStatus::Draft && note.is_empty() {
            return Err(AppError::invalid(
                "note",
                "退回时请说明原因 / give a reason for returning it",
            ));
        }
        Who::Reviewer
    } else {
        if !r.editable_by(&ctx.principal) {
            return Err(AppError::Forbidden);
        }
        Who::Editor
    };
    state
        .db
        .set_achievement_status(&ctx.actor(), id, version, to, who, note, today())
        .await?;
    state.service::<crate::search::engine::Engine>()?.poke();
    Ok(see_other(&format!("/market/achievements/{id}")))
}
