//! Feedback on proposed matches, and saved searches.

use crate::store::prelude::*;
use std::collections::BTreeMap;

use crate::store::Feedback;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::ui::see_other;

fn user_of(ctx: &Ctx) -> Result<i64, AppError> {
    ctx.principal.user_id.ok_or(AppError::Unauthorized)
}

/// Where to go back to: a local path from the form, or `fallback`.
fn back(f: &BTreeMap<String, String>, fallback: &str) -> String {
    match f.get("back") {
        Some(b) if b.starts_with('/') && !b.starts_with("//") => b.clone(),
        _ => fallback.to_owned(),
    }
}

/// `POST /market/feedback`: `from_kind`, `from_id`, `to_kind`, `to_id`,
/// `useful` (`1`/`0`), `reason`, `note`, `rank`.
pub async fn feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let id = |k: &str| -> Result<i64, AppError> {
        get(k)
            .parse()
            .map_err(|_| AppError::invalid(k, format!("{k} 无效 / {k} is not a number")))
    };
    let from_kind = get("from_kind");
    let to_kind = get("to_kind");
    for (k, v) in [("from_kind", &from_kind), ("to_kind", &to_kind)] {
        if !matches!(v.as_str(), "achievement" | "demand") {
            return Err(AppError::invalid(k, "应为成果或需求 / achievement or demand"));
        }
    }
    let (from_id, to_id) = (id("from_id")?, id("to_id")?);
    let useful = get("useful") == "1";
    let reason = match get("reason") {
        r if r.is_empty() && useful => "relevant".to_owned(),
        r if r.is_empty() => "not_relevant".to_owned(),
        r => r,
    };
    // the item the feedback is about must be visible to the user
    let visible = match from_kind.as_str() {
        "demand" => state.db.demand(from_id).await?.visible_to(&ctx.principal),
        _ => state.db.achievement(from_id).await?.visible_to(&ctx.principal),
    };
    if !visible {
        return Err(AppError::NotFound);
    }
    state
        .db
        .record_feedback(
            &ctx.actor(),
            &Feedback {
                username: ctx.principal.username.clone(),
                from_kind: from_kind.clone(),
                from_id,
                to_kind,
                to_id,
                useful,
                reason,
                note: get("note"),
                rank: get("rank").parse().ok(),
            },
        )
        .await?;
    Ok(see_other(&back(&f, &format!("/market/{from_kind}s/{from_id}"))))
}

/// `POST /market/saved`: `name`, `kind`, `text`, `field`.
pub async fn save_search(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let text = get("text");
    let name = match get("name") {
        n if n.is_empty() => text.chars().take(20).collect(),
        n => n,
    };
    state
        .db
        .save_search(user_of(&ctx)?, &name, &get("kind"), &text, &get("field"))
        .await?;
    Ok(see_other(&back(&f, "/market")))
}

/// `POST /market/saved/{id}/delete`.
pub async fn delete_search(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    state.db.delete_saved_search(user_of(&ctx)?, id).await?;
    Ok(see_other("/market"))
}
