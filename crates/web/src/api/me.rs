//! `GET /api/v1/me`: who the caller is and what it may do.

use crate::ctx::Ctx;
use axum::Json;
use kechuang_kernel::access::{Permission, allows};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub authenticated: bool,
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region_id: Option<i64>,
    /// Region path of the caller's scope, e.g. `/130000/131000/`.
    pub scope: Option<String>,
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    /// Permissions the caller's role holds.
    pub permissions: Vec<String>,
}

/// The caller's identity, scope and permissions.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses((status = 200, body = Me)))]
pub async fn me(ctx: Ctx) -> Json<Me> {
    let p = &ctx.principal;
    let permissions = Permission::ALL
        .iter()
        .filter(|perm| allows(p.role, **perm))
        .filter_map(|perm| {
            serde_json::to_value(perm)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
        })
        .collect();
    Json(Me {
        authenticated: p.is_authenticated(),
        user_id: p.user_id,
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        role: p.role.as_str().to_owned(),
        region_id: p.region_id,
        scope: p.scope.as_ref().map(|s| s.as_str().to_owned()),
        enterprise_code: p.enterprise_code.clone(),
        institution_id: p.institution_id,
        permissions,
    })
}
