//! The JSON API under `/api/v1`. Handlers carry `utoipa` annotations, so the
//! OpenAPI document at `/api/v1/openapi.json` is generated from the same
//! route table that serves them.

mod audit;
mod me;
mod regions;
mod tokens;
mod users;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use crate::error::{AppError, ErrorBody};
use axum::Json;
use axum::Router;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::Method;
use axum::routing::get;
use kechuang_kernel::access::Permission::*;
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/api/v1/openapi.json", ViewPublic),
    route(Method::GET, "/api/v1/me", ViewPublic),
    route(Method::GET, "/api/v1/regions", ViewPublic),
    route(Method::POST, "/api/v1/regions", ManageRegions),
    route(Method::PATCH, "/api/v1/regions/{id}", ManageRegions),
    route(Method::GET, "/api/v1/users", ViewUsers),
    route(Method::POST, "/api/v1/users", ManageUsers),
    route(Method::GET, "/api/v1/users/{id}", ViewUsers),
    route(Method::PATCH, "/api/v1/users/{id}", ManageUsers),
    route(Method::PUT, "/api/v1/users/{id}/password", ManageUsers),
    route(Method::GET, "/api/v1/audit", ViewAudit),
    route(Method::GET, "/api/v1/audit/export", ExportAudit),
    route(Method::GET, "/api/v1/tokens", ViewOwnAccount),
    route(Method::POST, "/api/v1/tokens", ViewOwnAccount),
    route(Method::DELETE, "/api/v1/tokens/{id}", ViewOwnAccount),
];

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

fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me::me))
        .routes(routes!(regions::list, regions::create))
        .routes(routes!(regions::rename))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::get_one, users::update))
        .routes(routes!(users::reset_password))
        .routes(routes!(audit::list))
        .routes(routes!(audit::export))
        .routes(routes!(tokens::list, tokens::create))
        .routes(routes!(tokens::revoke))
        .merge(crate::plans::openapi_routes(OpenApiRouter::new()))
        .merge(crate::registry::openapi_routes(OpenApiRouter::new()))
        .merge(crate::market::openapi_routes(OpenApiRouter::new()))
        .split_for_parts()
}

/// The OpenAPI document, with each operation's required permission noted.
pub static OPENAPI: LazyLock<serde_json::Value> = LazyLock::new(|| {
    let (_, doc) = split();
    let mut v = serde_json::to_value(&doc).unwrap_or_default();
    if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for (path, item) in paths.iter_mut() {
            let Some(ops) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in ops.iter_mut() {
                let perm = crate::access::ROUTES
                    .iter()
                    .find(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(method))
                    .map(|r| r.permission);
                if let (Some(p), Some(o)) = (perm, op.as_object_mut()) {
                    o.insert("x-permission".into(), serde_json::to_value(p).unwrap_or_default());
                }
            }
        }
    }
    v
});

pub fn router() -> Router<AppState> {
    let (router, _) = split();
    router.route("/api/v1/openapi.json", get(|| async { Json(OPENAPI.clone()) }))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every API route in the access table is in the OpenAPI document and
    /// the other way round.
    #[test]
    fn openapi_matches_access_table() {
        let doc = &*OPENAPI;
        let paths = doc["paths"].as_object().expect("paths");
        let mut in_doc = std::collections::BTreeSet::new();
        for (path, item) in paths {
            for method in item.as_object().expect("ops").keys() {
                in_doc.insert((method.to_uppercase(), path.clone()));
            }
        }
        let in_table: std::collections::BTreeSet<_> = ROUTES
            .iter()
            .chain(crate::plans::ROUTES.iter().filter(|r| r.path.starts_with("/api/")))
            .chain(crate::registry::ROUTES.iter().filter(|r| r.path.starts_with("/api/")))
            .chain(crate::market::ROUTES.iter().filter(|r| r.path.starts_with("/api/")))
            .filter(|r| r.path != "/api/v1/openapi.json")
            .map(|r| (r.method.to_string(), r.path.to_owned()))
            .collect();
        assert_eq!(in_doc, in_table);
    }
}
