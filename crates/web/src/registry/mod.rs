//! The registry of innovation actors in the web UI and API: enterprises
//! (list, detail with certificates, facts and change history, forms),
//! platforms, experts, institutions, agencies and investors (one generic set
//! of pages driven by the field specs), sheet imports with a dry-run report
//! and progress, exports, and the counts that feed plan targets.

mod api;
mod counts;
mod duplicates;
mod enterprises;
mod form;
mod imports;
mod names;
mod proposals;
mod records;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use crate::ctx::Ctx;
use axum::Router;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kechuang_kernel::access::Permission::*;
use kechuang_kernel::role::Role;

pub(crate) use api::Page;
pub use api::openapi_routes;
pub(crate) use enterprises::{filter_of, visible as visible_enterprise};
pub use names::NameIndex;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/registry", ViewRegistry),
    route(Method::GET, "/registry/counts", ViewRegistry),
    route(Method::GET, "/registry/enterprises", ViewRegistry),
    route(Method::POST, "/registry/enterprises", ManageRegistry),
    route(Method::GET, "/registry/enterprises/new", ManageRegistry),
    route(Method::GET, "/registry/enterprises/export", ViewRegistry),
    route(Method::GET, "/registry/enterprises/{code}", ViewRegistry),
    route(Method::POST, "/registry/enterprises/{code}", ManageRegistry),
    route(Method::GET, "/registry/enterprises/{code}/edit", ManageRegistry),
    route(Method::GET, "/registry/duplicates", ReviewRegistry),
    route(Method::POST, "/registry/duplicates", ReviewRegistry),
    route(Method::POST, "/registry/duplicates/undo", ReviewRegistry),
    route(Method::POST, "/registry/enterprises/{code}/proposals", ProposeChanges),
    route(Method::GET, "/registry/proposals", ReviewRegistry),
    route(Method::POST, "/registry/proposals/decide", ReviewRegistry),
    route(Method::GET, "/registry/import", ManageRegistry),
    route(Method::POST, "/registry/import", ManageRegistry),
    route(Method::GET, "/registry/imports/{id}", ManageRegistry),
    route(Method::GET, "/registry/imports/{id}/status", ManageRegistry),
    route(Method::GET, "/registry/imports/{id}/report", ManageRegistry),
    route(Method::POST, "/registry/imports/{id}/commit", ManageRegistry),
    route(Method::GET, "/registry/templates/{kind}", ViewRegistry),
    route(Method::GET, "/registry/{kind}", ViewRegistry),
    route(Method::POST, "/registry/{kind}", ManageRegistry),
    route(Method::GET, "/registry/{kind}/new", ManageRegistry),
    route(Method::GET, "/registry/{kind}/export", ViewRegistry),
    route(Method::GET, "/registry/{kind}/{id}", ViewRegistry),
    route(Method::POST, "/registry/{kind}/{id}", ManageRegistry),
    route(Method::GET, "/registry/{kind}/{id}/edit", ManageRegistry),
    route(Method::GET, "/api/v1/enterprises", ViewRegistry),
    route(Method::GET, "/api/v1/enterprises/{code}", ViewRegistry),
    route(Method::GET, "/api/v1/registry/counts", ViewRegistry),
    route(Method::GET, "/api/v1/registry/{kind}", ViewRegistry),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registry", get(counts::home))
        .route("/registry/counts", get(counts::page))
        .route(
            "/registry/enterprises",
            get(enterprises::list).post(enterprises::create),
        )
        .route("/registry/enterprises/new", get(enterprises::new_form))
        .route("/registry/enterprises/export", get(enterprises::export))
        .route(
            "/registry/enterprises/{code}",
            get(enterprises::detail).post(enterprises::update),
        )
        .route("/registry/enterprises/{code}/edit", get(enterprises::edit_form))
        .route("/registry/duplicates", get(duplicates::page).post(duplicates::merge))
        .route("/registry/duplicates/undo", post(duplicates::undo))
        .route("/registry/enterprises/{code}/proposals", post(proposals::propose))
        .route("/registry/proposals", get(proposals::list))
        .route("/registry/proposals/decide", post(proposals::decide))
        .route("/registry/import", get(imports::page).post(imports::upload))
        .route("/registry/imports/{id}", get(imports::run_page))
        .route("/registry/imports/{id}/status", get(imports::status))
        .route("/registry/imports/{id}/report", get(imports::report))
        .route("/registry/imports/{id}/commit", post(imports::commit))
        .route("/registry/templates/{kind}", get(imports::template))
        .route("/registry/{kind}", get(records::list).post(records::create))
        .route("/registry/{kind}/new", get(records::new_form))
        .route("/registry/{kind}/export", get(records::export))
        .route("/registry/{kind}/{id}", get(records::detail).post(records::update))
        .route("/registry/{kind}/{id}/edit", get(records::edit_form))
}

/// Whether the viewer may see private contact data of records in its scope:
/// bureau and county roles. (An enterprise user sees its own, checked where
/// the record is known.)
pub(crate) fn sees_contacts(ctx: &Ctx) -> bool {
    matches!(
        ctx.principal.role,
        Role::BureauAdmin | Role::BureauStaff | Role::CountyOfficer
    )
}

/// A file download with a UTF-8 file name.
pub(crate) fn file_response(bytes: Vec<u8>, name: &str, content_type: &str) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const CSV: &str = "text/csv; charset=utf-8";

/// Page size of registry lists.
pub(crate) const PAGE: i64 = 20;

/// Pagination links data for a list of `total` rows at `page` (1-based).
pub(crate) fn pages(total: i64, page: i64) -> minijinja::Value {
    let last = ((total + PAGE - 1) / PAGE).max(1);
    minijinja::context! {
        page => page, last => last, total => total,
        capped => total >= kechuang_store::registry::COUNT_CAP,
        prev => (page > 1).then_some(page - 1),
        next => (page < last).then_some(page + 1),
    }
}

/// Today in China (UTC+8).
pub(crate) fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// The query string of a filter map without `page`, for links that keep
/// the filters (pagination, export).
pub(crate) fn keep_query(q: &std::collections::BTreeMap<String, String>) -> String {
    let kept: Vec<(&String, &String)> = q
        .iter()
        .filter(|(k, v)| k.as_str() != "page" && !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// Removes private contact data from audit entries shown to viewers who may
/// not see it.
pub(crate) fn redact_history(history: &mut [kechuang_kernel::audit::AuditEntry]) {
    let strip = |json: &mut Option<String>| {
        if let Some(text) = json
            && let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(text)
        {
            for key in ["contact_name", "contact_phone", "contact"] {
                map.remove(key);
            }
            *text = serde_json::Value::Object(map).to_string();
        }
    };
    for h in history {
        strip(&mut h.before_json);
        strip(&mut h.after_json);
    }
}
