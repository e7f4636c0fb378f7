//! Audit log API: filtered listing and CSV export (read-only: the log has no
//! write, edit or delete route).

use crate::ui::audit::{AuditQuery, export_entries};
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use axum_extra::extract::WithRejection;
use kechuang_kernel::audit::AuditEntry;
use kechuang_shell::AppState;
use kechuang_shell::api::ApiQuery;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::ui::scope_of;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// First day (YYYY-MM-DD, China time).
    pub since: Option<String>,
    /// Last day (YYYY-MM-DD, China time), inclusive.
    pub until: Option<String>,
    /// Entries older than this id (next page).
    pub before_id: Option<i64>,
    /// Page size, 1-1000 (default 100).
    pub limit: Option<i64>,
}

impl AuditParams {
    fn query(&self) -> AuditQuery {
        AuditQuery {
            actor: self.actor.clone(),
            action: self.action.clone(),
            entity: self.entity.clone(),
            entity_id: self.entity_id.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            before_id: self.before_id,
        }
    }
}

/// Audit entries in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Query(p), _): ApiQuery<AuditParams>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let scope = scope_of(&ctx)?;
    let filter = p.query().filter(p.limit.unwrap_or(100).clamp(1, 1000))?;
    Ok(Json(state.db.audit_entries(Some(&scope), &filter).await?))
}

/// The filtered log as CSV (UTF-8 with BOM), up to 100,000 entries.
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(AuditParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Query(p), _): ApiQuery<AuditParams>,
) -> Result<Response, AppError> {
    export_entries(&state, &ctx, &p.query()).await
}
