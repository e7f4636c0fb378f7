//! Route authorization, decided in one place.
//!
//! Every route is declared by its capability with the [`Permission`] it needs
//! (see [`crate::capability::Routes`]); the [`authorize`] middleware looks the
//! matched route up in the site's table and asks the kernel's policy
//! [`allows`]. A route missing from the table is refused (fail closed).
//! Row-level scope is then enforced by the storage calls.
//!
//! [`Permission`]: kechuang_kernel::access::Permission

use crate::ctx::Ctx;
use crate::error::AppError;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kechuang_kernel::access::allows;

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
    let Some(permission) = ctx.site.permission(&method, matched.as_str()) else {
        // Fail closed. A method the table does not declare for a known path
        // is answered 405 without reaching any handler.
        if ctx.site.declares_path(matched.as_str()) {
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
