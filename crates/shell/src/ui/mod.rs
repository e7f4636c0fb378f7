//! The shell's own pages (sign-in, sign-out, the language switch, the
//! workspace, the API documentation page), the middleware that sends an
//! account with a temporary password to its account page, the one that
//! turns error responses into Chinese-first pages, and small helpers every
//! capability's pages use.

mod auth;
mod home;

use crate::capability::Routes;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorMarker};
use crate::site::render;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kechuang_kernel::access::{VIEW_OWN_ACCOUNT, VIEW_PUBLIC};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use minijinja::context;

/// The shell's routes.
pub fn routes() -> Routes {
    let r = Routes::new()
        .get("/", VIEW_PUBLIC, home::page)
        .get("/login", VIEW_PUBLIC, auth::login_page)
        .post("/login", VIEW_PUBLIC, auth::login)
        .post("/logout", VIEW_OWN_ACCOUNT, auth::logout)
        .post("/lang", VIEW_PUBLIC, auth::set_lang)
        .get("/api/docs", VIEW_PUBLIC, home::api_docs)
        .get("/api/v1/openapi.json", VIEW_PUBLIC, crate::api::document)
        .api(VIEW_PUBLIC, utoipa_axum::routes!(crate::api::me));
    crate::ops::routes(r)
}

/// The principal's scope; a signed-in user without a region sees nothing.
pub fn scope_of(ctx: &Ctx) -> Result<Scope, AppError> {
    ctx.principal.scope().ok_or(AppError::Forbidden)
}

/// Middleware: an account with a temporary password may only reach its
/// account page until it sets its own.
pub(crate) async fn force_password_change(ctx: Ctx, req: Request, next: Next) -> Response {
    let must = ctx.user.as_ref().is_some_and(|u| u.must_change_password);
    let path = req.uri().path();
    let exempt = path.starts_with("/account")
        || path.starts_with("/api/")
        || path.starts_with("/assets/")
        || path == "/logout"
        || path == "/lang";
    if must && !exempt && req.method() == Method::GET {
        return Redirect::to("/account").into_response();
    }
    next.run(req).await
}

/// Middleware: error responses of UI routes become HTML pages (API routes
/// keep their JSON body).
pub(crate) async fn error_pages(ctx: Ctx, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/v1") || req.uri().path().starts_with("/metrics");
    let resp = next.run(req).await;
    if is_api {
        return resp;
    }
    let Some(ErrorMarker(body)) = resp.extensions().get::<ErrorMarker>().cloned() else {
        return resp;
    };
    let status = resp.status();
    match render(
        &ctx,
        "error.html",
        context! { status => status.as_u16(), message => body.message },
    ) {
        Ok(html) => (status, html).into_response(),
        Err(_) => resp,
    }
}

pub(crate) async fn not_found() -> Response {
    AppError::NotFound.into_response()
}

/// Redirect after a successful form post (303 so the browser GETs).
/// A `303 See Other` to a path of this site. Every redirect goes through
/// here: a target that is not a plain local path (another host, a scheme,
/// a backslash, whitespace or a control character anywhere) goes to the
/// home page instead, so no redirect can leave the site or break the
/// `Location` header.
pub fn see_other(to: &str) -> Response {
    Redirect::to(if is_local_path(to) { to } else { "/" }).into_response()
}

/// Whether `to` is a path on this site: it starts with one `/`, holds no
/// backslash, whitespace or control character (browsers drop tabs and
/// newlines, so `/\t/host` would lead elsewhere) and is a valid header value.
pub fn is_local_path(to: &str) -> bool {
    let mut chars = to.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !to.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
        && axum::http::HeaderValue::from_str(to).is_ok()
}

/// An optional text form field: trimmed, empty meaning absent.
pub fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Regions as options with indentation by depth, for select boxes.
pub fn region_options(
    regions: &[kechuang_kernel::regions::Region],
    scope: Option<&RegionPath>,
) -> Vec<minijinja::Value> {
    regions
        .iter()
        .filter(|r| scope.is_none_or(|s| r.region_path().is_within(s)))
        .map(|r| {
            let depth = r.region_path().depth().saturating_sub(1);
            let level_label = r.level().map(|l| l.label_zh()).unwrap_or("");
            context! { id => r.id, name => r.name, name_en => r.name_en, code => r.code, level => r.level,
            level_label => level_label, indent => "　".repeat(depth) }
        })
        .collect()
}
