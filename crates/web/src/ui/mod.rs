//! The server-rendered web UI: one module per area, the UI's route table,
//! and the middleware that turns error responses into Chinese-first pages.

mod account;
pub(crate) mod audit;
mod auth;
mod home;
mod regions;
mod users;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorMarker};
use crate::templates::render;
use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kechuang_kernel::access::Permission::*;
use kechuang_kernel::region::RegionPath;
use minijinja::context;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/", ViewPublic),
    route(Method::GET, "/login", ViewPublic),
    route(Method::POST, "/login", ViewPublic),
    route(Method::POST, "/logout", ViewOwnAccount),
    route(Method::POST, "/lang", ViewPublic),
    route(Method::GET, "/regions", ViewPublic),
    route(Method::POST, "/regions", ManageRegions),
    route(Method::GET, "/admin/users", ViewUsers),
    route(Method::POST, "/admin/users", ManageUsers),
    route(Method::GET, "/admin/users/{id}", ViewUsers),
    route(Method::POST, "/admin/users/{id}", ManageUsers),
    route(Method::POST, "/admin/users/{id}/password", ManageUsers),
    route(Method::GET, "/admin/audit", ViewAudit),
    route(Method::GET, "/admin/audit/export", ExportAudit),
    route(Method::GET, "/account", ViewOwnAccount),
    route(Method::POST, "/account/password", ViewOwnAccount),
    route(Method::POST, "/account/email", ViewOwnAccount),
    route(Method::POST, "/account/tokens", ViewOwnAccount),
    route(Method::POST, "/account/tokens/{id}/revoke", ViewOwnAccount),
    route(Method::GET, "/api/docs", ViewPublic),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/lang", post(auth::set_lang))
        .route("/regions", get(regions::page).post(regions::create))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}", get(users::detail).post(users::update))
        .route("/admin/users/{id}/password", post(users::reset_password))
        .route("/admin/audit", get(audit::page))
        .route("/admin/audit/export", get(audit::export))
        .route("/account", get(account::page))
        .route("/account/password", post(account::change_password))
        .route("/account/email", post(account::set_email))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/api/docs", get(home::api_docs))
        .route_layer(from_fn(force_password_change))
}

/// The principal's scope; a signed-in user without a region sees nothing.
pub(crate) fn scope_of(ctx: &Ctx) -> Result<RegionPath, AppError> {
    ctx.principal.scope.clone().ok_or(AppError::Forbidden)
}

/// Middleware: an account with a temporary password may only reach its
/// account page until it sets its own.
async fn force_password_change(ctx: Ctx, req: Request, next: Next) -> Response {
    let must = ctx.user.as_ref().is_some_and(|u| u.must_change_password);
    let path = req.uri().path();
    let exempt = path.starts_with("/account") || path == "/logout" || path == "/lang";
    if must && !exempt && req.method() == Method::GET {
        return Redirect::to("/account").into_response();
    }
    next.run(req).await
}

/// Middleware: error responses of UI routes become HTML pages (API routes
/// keep their JSON body).
pub async fn error_pages(ctx: Ctx, req: Request, next: Next) -> Response {
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

pub async fn not_found() -> Response {
    AppError::NotFound.into_response()
}

/// Redirect after a successful form post (303 so the browser GETs).
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// An optional text form field: trimmed, empty meaning absent.
pub(crate) fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Regions as options with indentation by depth, for select boxes.
pub(crate) fn region_options(
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
