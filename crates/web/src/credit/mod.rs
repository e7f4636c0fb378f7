//! Credit files (诚信档案) and the blacklist in the web UI: the list of
//! records in the viewer's scope with filters (kind, subject, in force
//! today), the form staff record one with, and a record's page where staff
//! lift it with a reason. Rules are `kechuang_credit`; storage and the
//! blacklist check other capabilities use are `kechuang_store::credit`.

mod records;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use kechuang_kernel::access::Permission::*;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/credit", ViewCredit),
    route(Method::GET, "/credit/new", ManageCredit),
    route(Method::POST, "/credit", ManageCredit),
    route(Method::GET, "/credit/{id}", ViewCredit),
    route(Method::POST, "/credit/{id}/lift", ManageCredit),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/credit", get(records::list).post(records::create))
        .route("/credit/new", get(records::new_form))
        .route("/credit/{id}", get(records::page))
        .route("/credit/{id}/lift", post(records::lift))
}
