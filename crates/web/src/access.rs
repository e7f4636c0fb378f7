//! Route authorization, decided in one place.
//!
//! Every route the service answers is declared in a [`RouteSpec`] table (one
//! per area: `ops`, `ui`, `api`) with the [`Permission`] it needs. The
//! [`authorize`] middleware looks the matched route up and asks the domain
//! policy [`allows`]; a route missing from the tables is refused (fail
//! closed). Row-level scope is then enforced by the storage layer.

use crate::ctx::Ctx;
use crate::error::AppError;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kechuang_kernel::access::{Permission, allows};
use std::collections::HashMap;
use std::sync::LazyLock;

/// One route and what it requires.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub permission: Permission,
}

pub const fn route(method: Method, path: &'static str, permission: Permission) -> RouteSpec {
    RouteSpec {
        method,
        path,
        permission,
    }
}

/// All routes of the service.
pub static ROUTES: LazyLock<Vec<RouteSpec>> = LazyLock::new(|| {
    let mut all = Vec::new();
    all.extend_from_slice(crate::ops::ROUTES);
    all.extend_from_slice(crate::ui::ROUTES);
    all.extend_from_slice(crate::api::ROUTES);
    all.extend_from_slice(crate::plans::ROUTES);
    all.extend_from_slice(crate::registry::ROUTES);
    all.extend_from_slice(crate::cultivation::ROUTES);
    all.extend_from_slice(crate::market::ROUTES);
    all.extend_from_slice(crate::credit::ROUTES);
    all
});

static TABLE: LazyLock<HashMap<(Method, &'static str), Permission>> = LazyLock::new(|| {
    ROUTES
        .iter()
        .map(|r| ((r.method.clone(), r.path), r.permission))
        .collect()
});

/// Middleware: allow or deny the matched route for the request's principal.
pub async fn authorize(ctx: Ctx, matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let Some(matched) = matched else {
        return next.run(req).await; // unmatched: the router answers 404
    };
    let method = if req.method() == Method::HEAD {
        Method::GET
    } else {
        req.method().clone()
    };
    let Some(&permission) = TABLE.get(&(method, matched.as_str())) else {
        // Fail closed. A method the table does not declare for a known path
        // is answered 405 without reaching any handler.
        if ROUTES.iter().any(|r| r.path == matched.as_str()) {
            return AppError::MethodNotAllowed.into_response();
        }
        tracing::error!(path = matched.as_str(), "route has no entry in the access table");
        return AppError::Forbidden.into_response();
    };
    if allows(ctx.principal.role, permission) {
        return next.run(req).await;
    }
    if ctx.principal.is_authenticated() {
        return AppError::Forbidden.into_response();
    }
    let path = req.uri().path();
    if path.starts_with("/api/") || req.method() != Method::GET {
        AppError::Unauthorized.into_response()
    } else {
        let next_url = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let q = serde_urlencoded::to_string([("next", next_url)]).unwrap_or_default();
        Redirect::to(&format!("/login?{q}")).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_route_is_declared_twice() {
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES.iter() {
            assert!(
                seen.insert((r.method.clone(), r.path)),
                "{} {} declared twice",
                r.method,
                r.path
            );
        }
    }
}
