//! The published policies (政策库): every rule set with its clauses, each
//! clause with its quoted text, conditions, amount, who pays and whether
//! data decides it (免申即享) or the firm applies. What "cannot find, cannot
//! read" asks for: one page per clause in plain words.

use super::view::{rule_view, service};
use crate::store::setup::SetupStore;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::render;
use minijinja::context;

/// `GET /incentives/policies`.
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let enacted = state.db.enactments().await?;
    let sets: Vec<_> = svc
        .sets()
        .iter()
        .map(|s| {
            let applied: Vec<_> = enacted
                .iter()
                .filter(|e| e.set_id == s.id)
                .map(|e| {
                    context! { city => e.region_name, mode => super::view::label(ctx.lang, e.mode),
                    from => e.period_from, to => e.period_to, notice => e.notice }
                })
                .collect();
            context! {
                id => s.id, title => s.title, document => s.document, doc_number => s.doc_number,
                draft => s.status == crate::rules::SetStatus::Draft,
                period => format!("{} – {}", s.period_from, s.period_to), applied => applied,
                rules => s.rules.iter().map(|r| rule_view(ctx.lang, s, r)).collect::<Vec<_>>(),
            }
        })
        .collect();
    let html = render(&ctx, "incentives_policies.html", context! { sets => sets })?;
    Ok(html.into_response())
}

/// `GET /incentives/policies/{set}/{rule}`.
pub async fn rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((set, stem)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let svc = service(&state)?;
    let (set, rule) = svc.rule(&format!("{set}/{stem}")).ok_or(AppError::NotFound)?;
    let can_apply = allows(ctx.principal.role, crate::access::CLAIM_INCENTIVES);
    let html = render(
        &ctx,
        "incentives_rule.html",
        context! { rule => rule_view(ctx.lang, set, rule), set_title => set.title, document => set.document,
        can_apply => can_apply },
    )?;
    Ok(html.into_response())
}
