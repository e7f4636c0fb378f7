//! The JSON API's common parts: extractors whose rejections use our error
//! shape, the OpenAPI document assembled from the capabilities' annotated
//! handlers (each operation marked with the permission it needs), and
//! `GET /api/v1/me`.

use crate::capability::RouteSpec;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use axum::Json;
use axum::Router;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use kechuang_kernel::access::allows;
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(title = "kechuang API", description = "科创 · 科技创新服务平台 JSON API. Authenticate with `Authorization: Bearer kc_…` (tokens are created under 我的账户 / My account) or with the browser session plus the `X-CSRF-Token` header.", version = "1"),
    components(schemas(ErrorBody)),
    modifiers(&Security)
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("kc_session"))),
        );
    }
}

/// Splits the routes into the router and the OpenAPI document, with each
/// operation's required permission noted as `x-permission`.
pub(crate) fn with_document(
    routes: OpenApiRouter<crate::app::AppState>,
    specs: &[RouteSpec],
) -> (Router<crate::app::AppState>, serde_json::Value) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes)
        .split_for_parts();
    let mut v = serde_json::to_value(&doc).unwrap_or_default();
    if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for (path, item) in paths.iter_mut() {
            let Some(ops) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in ops.iter_mut() {
                let perm = specs
                    .iter()
                    .find(|r| r.path == *path && r.method.as_str().eq_ignore_ascii_case(method))
                    .map(|r| r.permission);
                if let (Some(p), Some(o)) = (perm, op.as_object_mut()) {
                    o.insert("x-permission".into(), serde_json::Value::from(p.name));
                    add_error_responses(o, path, method, p);
                }
            }
        }
    }
    (router, v)
}

/// The error answers every operation can give, in the one error shape:
/// 401 unless anonymous callers are allowed, 403 (role, scope or CSRF), 404
/// for a path naming a record, 413 and 422 where a body is read, 429 for
/// the rate-limited sign-in. An operation's own entry for a status wins.
fn add_error_responses(
    op: &mut serde_json::Map<String, serde_json::Value>,
    path: &str,
    method: &str,
    permission: kechuang_kernel::access::Permission,
) {
    let public = permission.roles.contains(kechuang_kernel::role::Role::Public);
    let body = matches!(method, "post" | "put" | "patch");
    let statuses: [(&str, &str, bool); 5] = [
        ("401", "请先登录 / not signed in", !public),
        (
            "403",
            "无权执行此操作，或安全校验失败 / not allowed, or the CSRF token is missing",
            true,
        ),
        (
            "404",
            "记录不存在或不在可见范围内 / no such record in the caller's scope",
            path.contains('{'),
        ),
        ("413", "请求内容超过上限 / the body is over the limit", body),
        (
            "422",
            "输入有误，field 指出字段 / invalid input; `field` names it",
            true,
        ),
    ];
    let responses = op
        .entry("responses")
        .or_insert_with(|| serde_json::json!({}))
        .as_object_mut();
    let Some(responses) = responses else {
        return;
    };
    for (status, description, applies) in statuses {
        if applies && !responses.contains_key(status) {
            responses.insert(
                status.into(),
                serde_json::json!({
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                }),
            );
        }
    }
}

/// `GET /api/v1/openapi.json`.
pub(crate) async fn document(ctx: Ctx) -> Json<serde_json::Value> {
    Json(ctx.site.openapi.clone())
}

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
    let permissions = ctx
        .site
        .permissions
        .iter()
        .filter(|perm| allows(p.role, **perm))
        .map(|perm| perm.name.to_owned())
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

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        AppError::Invalid {
            field: None,
            message: format!("请求体不是有效的JSON / invalid JSON body: {}", r.body_text()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::Invalid {
            field: None,
            message: format!("查询参数无效 / invalid query: {}", r.body_text()),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(r: PathRejection) -> Self {
        AppError::Invalid {
            field: Some("id".into()),
            message: format!("路径参数无效 / invalid path: {}", r.body_text()),
        }
    }
}

/// JSON body whose rejection uses our error shape.
pub type ApiJson<T> = axum_extra::extract::WithRejection<Json<T>, AppError>;
/// Query string whose rejection uses our error shape.
pub type ApiQuery<T> = axum_extra::extract::WithRejection<axum::extract::Query<T>, AppError>;
/// Path parameters whose rejection uses our error shape.
pub type ApiPath<T> = axum_extra::extract::WithRejection<axum::extract::Path<T>, AppError>;

/// A page of a list with the total count (capped at
/// [`COUNT_CAP`](kechuang_kernel::paging::COUNT_CAP)).
#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    pub total: i64,
    pub items: Vec<T>,
}
