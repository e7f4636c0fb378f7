//! The inbox: every notice a user received, told in the reader's language,
//! and marking them read.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use kechuang_shell::ui::see_other;
use minijinja::{Value, context};

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

/// `GET /inbox`.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let uid = user_of(&ctx)?;
    let items: Vec<Value> = state
        .db
        .notifications(uid, 200)
        .await?
        .iter()
        .map(|n| {
            let told = ctx.site.tell(ctx.lang, n);
            context! { title => told.title, note => told.note, link => told.link,
            created_at => n.created_at.to_rfc3339(), read_at => n.read_at.map(|t| t.to_rfc3339()) }
        })
        .collect();
    let unread = state.db.unread_notifications(uid).await?;
    let html = render(&ctx, "inbox.html", context! { items => items, unread => unread })?;
    Ok(html.into_response())
}

/// `POST /inbox/read`: `id` (one) or nothing (all).
pub async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let id = f.get("id").and_then(|s| s.parse().ok());
    state.db.mark_read(user_of(&ctx)?, id).await?;
    Ok(see_other(&back(&f, "/inbox")))
}
