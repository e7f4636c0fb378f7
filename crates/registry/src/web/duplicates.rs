//! Likely duplicate enterprises (same firm under two credit codes: renamed,
//! retyped, written in Traditional characters) for bureau staff to merge,
//! and the merges made so far, each of which can be undone.

use crate::store::prelude::*;
use std::collections::HashMap;

use crate::{NamedFirm, duplicate_pairs};
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::{scope_of, see_other};
use minijinja::{Value, context};

/// Pairs shown at once.
const SHOWN: usize = 100;
/// Cores shared by more firms than this are too common to suggest merges.
const MAX_GROUP: usize = 50;

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = scope_of(&ctx)?;
    let names = state.db.enterprise_names(&scope).await?;
    let pairs = tokio::task::spawn_blocking(move || {
        let former: Vec<Vec<String>> = names
            .iter()
            .map(|n| serde_json::from_str(&n.former_names).unwrap_or_default())
            .collect();
        let firms: Vec<NamedFirm> = names
            .iter()
            .zip(&former)
            .map(|(n, f)| NamedFirm {
                id: n.id,
                name: &n.name,
                former_names: f,
            })
            .collect();
        let mut pairs = duplicate_pairs(&firms, MAX_GROUP);
        pairs.truncate(SHOWN);
        let by_id: HashMap<i64, &crate::store::merge::EnterpriseName> =
            names.iter().map(|n| (n.id, n)).collect();
        pairs
            .iter()
            .filter_map(|p| {
                let (a, b) = (by_id.get(&p.a)?, by_id.get(&p.b)?);
                Some(context! {
                    a => Value::from_serialize(a), b => Value::from_serialize(b),
                    score => format!("{:.0}%", p.score * 100.0), matched => vec![p.matched.0.clone(), p.matched.1.clone()],
                })
            })
            .collect::<Vec<Value>>()
    })
    .await
    .map_err(|e| AppError::internal("building the sheet", e))?;
    let merges = state.db.enterprise_merges(&scope).await?;
    let html = render(
        &ctx,
        "registry_duplicates.html",
        context! { pairs => pairs, merges => Value::from_serialize(&merges) },
    )?;
    Ok(html.into_response())
}

#[derive(serde::Deserialize)]
pub struct MergeForm {
    /// The record that stays: `a` or `b`.
    pub kept: Option<i64>,
    pub a: Option<i64>,
    pub b: Option<i64>,
    #[serde(default)]
    pub reason: String,
}

/// `POST /registry/duplicates`: merge the pair's other record into `kept`.
pub async fn merge(State(state): State<AppState>, ctx: Ctx, Form(f): Form<MergeForm>) -> Result<Response, AppError> {
    let other = match (f.kept, f.a, f.b) {
        (Some(k), Some(a), Some(b)) if k == a => Some(b),
        (Some(k), Some(a), Some(b)) if k == b => Some(a),
        _ => None,
    };
    let (Some(kept), Some(other)) = (f.kept, other) else {
        return Err(AppError::invalid(
            "kept",
            "请选择保留的记录 / choose the record to keep",
        ));
    };
    if f.reason.trim().is_empty() {
        return Err(AppError::invalid(
            "reason",
            "请说明合并理由 / give the reason for the merge",
        ));
    }
    let kept_record = state.db.enterprise(kept).await?;
    state.db.merge_enterprises(&ctx.actor(), kept, other, &f.reason).await?;
    Ok(see_other(&format!("/registry/enterprises/{}", kept_record.credit_code)))
}

#[derive(serde::Deserialize)]
pub struct UndoForm {
    pub merge_id: Option<i64>,
}

/// `POST /registry/duplicates/undo`.
pub async fn undo(State(state): State<AppState>, ctx: Ctx, Form(f): Form<UndoForm>) -> Result<Response, AppError> {
    let id = f
        .merge_id
        .ok_or_else(|| AppError::invalid("merge_id", "请选择要撤销的合并 / choose the merge to undo"))?;
    state.db.undo_merge(&ctx.actor(), id).await?;
    Ok(see_other("/registry/duplicates"))
}
