//! Incentives API: the engine over an event (the policy calculator as a
//! service: what an event would give under the published rules), the
//! funnel of the caller's scope, and its entitlements.

use super::view::service;
use crate::engine::Outcome;
use crate::rules::event::Event;
use crate::store::entitlements::{EntitlementQuery, EntitlementRow};
use crate::store::funnel::{FunnelQuery, FunnelRow};
use crate::store::prelude::*;
use crate::workflow::EntitlementStatus;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::form::Query;
use kechuang_shell::ui::scope_of;
use serde::Deserialize;
use utoipa::IntoParams;

/// Which published rules an event is computed under.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ComputeQuery {
    /// A rule set id (`panjin-2019`); every set when empty.
    #[serde(default)]
    pub set: String,
}

/// What an event (`{"kind", "date", "subject", "facts"}`, see RULES.md)
/// gives under the published rules, each as written (the set's own period,
/// no parameters set): entitlements with derivations, rules waiting for a
/// parameter, refusals with the condition that failed.
#[utoipa::path(post, path = "/api/v1/incentives/compute", tag = "incentives", params(ComputeQuery),
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn compute(
    State(state): State<AppState>,
    Query(q): Query<ComputeQuery>,
    body: Bytes,
) -> Result<Json<Outcome>, AppError> {
    let svc = service(&state)?;
    let text =
        std::str::from_utf8(&body).map_err(|_| AppError::invalid("body", "请求体应为 UTF-8 JSON / UTF-8 JSON"))?;
    let event = Event::from_json(text).map_err(|m| {
        let field = m.split(':').next().unwrap_or("body").to_owned();
        AppError::invalid(&field, m)
    })?;
    let sets: Vec<_> = svc
        .sets()
        .iter()
        .filter(|s| q.set.is_empty() || s.id == q.set)
        .collect();
    if sets.is_empty() {
        return Err(AppError::invalid(
            "set",
            format!("没有规则集“{}” / no such rule set", q.set),
        ));
    }
    let outcome = crate::engine::compute(sets.iter().flat_map(|s| s.rules.iter()), &event, &Default::default());
    Ok(Json(outcome))
}

/// Which part of the funnel.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct FunnelParams {
    #[serde(default)]
    pub set: String,
    #[serde(default)]
    pub year: Option<i64>,
}

/// The 应享未享 funnel of the caller's scope, by rule and county: eligible,
/// told, confirmed, approved, paid (each counting what reached the stage or
/// went further) and the money.
#[utoipa::path(get, path = "/api/v1/incentives/funnel", tag = "incentives", params(FunnelParams),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn funnel(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<FunnelParams>,
) -> Result<Json<Vec<FunnelRow>>, AppError> {
    let rows = state
        .db
        .funnel(&FunnelQuery {
            scope: scope_of(&ctx)?,
            set_id: Some(q.set).filter(|s| !s.is_empty()),
            year: q.year,
        })
        .await?;
    Ok(Json(rows))
}

/// Which entitlements.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct EntitlementParams {
    /// Statuses, comma-separated (`found,told`).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub set: String,
    /// A firm's credit code.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub year: Option<i64>,
    /// 1–1000, default 100.
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

/// Entitlements of the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/incentives/entitlements", tag = "incentives", params(EntitlementParams),
    responses((status = 200, body = Object), (status = 422, body = ErrorBody)))]
pub async fn entitlements(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<EntitlementParams>,
) -> Result<Json<Vec<EntitlementRow>>, AppError> {
    let mut query = EntitlementQuery::new(scope_of(&ctx)?);
    for s in q.status.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        query.statuses.push(
            EntitlementStatus::from_code(s)
                .ok_or_else(|| AppError::invalid("status", format!("未知状态“{s}” / unknown status")))?,
        );
    }
    query.set_id = Some(q.set).filter(|s| !s.is_empty());
    query.subject_code = Some(q.code.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
    query.year = q.year;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "limit 应为 1–1000 / limit must be 1 to 1000",
        ));
    }
    query.limit = limit;
    query.offset = q.offset.unwrap_or(0).max(0);
    Ok(Json(state.db.entitlements(&query).await?))
}
