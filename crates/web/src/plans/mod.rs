//! Plans and supervision: upload a policy document, review and correct what
//! the parser extracted, publish, report progress per region, update tasks,
//! watch the supervision board, and score counties (考核).

mod api;
mod assessment;
mod board;
mod export;
mod highlight;
mod import;
mod review;
mod supervise;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use kechuang_kernel::access::Permission::*;

pub use api::openapi_routes;
pub use import::new_plan as draft_plan;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/plans", ViewPlans),
    route(Method::POST, "/plans", ManagePlans),
    route(Method::GET, "/plans/{id}", ViewPlans),
    route(Method::POST, "/plans/{id}", ManagePlans),
    route(Method::GET, "/plans/{id}/review", ManagePlans),
    route(Method::POST, "/plans/{id}/publish", ManagePlans),
    route(Method::POST, "/plans/{id}/items/{kind}", ManagePlans),
    route(Method::POST, "/plans/{id}/items/{kind}/{item}", ManagePlans),
    route(Method::GET, "/plans/{id}/targets/{item}", ViewPlans),
    route(Method::POST, "/plans/{id}/targets/{item}/reports", ReportProgress),
    route(Method::GET, "/plans/{id}/reports/{item}/attachment", ViewPlans),
    route(Method::GET, "/plans/{id}/tasks/{item}", ViewPlans),
    route(Method::POST, "/plans/{id}/tasks/{item}/updates", ReportProgress),
    route(Method::GET, "/plans/{id}/export", ViewPlans),
    route(Method::GET, "/plans/{id}/print", ViewPlans),
    route(Method::GET, "/assessments", ViewPlans),
    route(Method::POST, "/assessments", ManagePlans),
    route(Method::GET, "/assessments/{id}", ViewPlans),
    route(Method::POST, "/assessments/{id}", ManagePlans),
    route(Method::GET, "/assessments/{id}/export", ViewPlans),
    route(Method::GET, "/api/v1/plans", ViewPlans),
    route(Method::POST, "/api/v1/plans", ManagePlans),
    route(Method::GET, "/api/v1/plans/{id}", ViewPlans),
    route(Method::POST, "/api/v1/plans/{id}/publish", ManagePlans),
    route(
        Method::POST,
        "/api/v1/plans/{id}/targets/{item}/reports",
        ReportProgress,
    ),
    route(Method::GET, "/api/v1/assessments/{id}/scores", ViewPlans),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", get(review::list).post(review::upload))
        .route("/plans/{id}", get(supervise::board).post(review::update_header))
        .route("/plans/{id}/review", get(review::page))
        .route("/plans/{id}/publish", post(review::publish))
        .route("/plans/{id}/items/{kind}", post(review::add_item))
        .route("/plans/{id}/items/{kind}/{item}", post(review::change_item))
        .route("/plans/{id}/targets/{item}", get(supervise::target_page))
        .route("/plans/{id}/targets/{item}/reports", post(supervise::add_report))
        .route("/plans/{id}/reports/{item}/attachment", get(supervise::attachment))
        .route("/plans/{id}/tasks/{item}", get(supervise::task_page))
        .route("/plans/{id}/tasks/{item}/updates", post(supervise::add_task_update))
        .route("/plans/{id}/export", get(export::plan_xlsx))
        .route("/plans/{id}/print", get(supervise::print))
        .route("/assessments", get(assessment::list).post(assessment::create))
        .route("/assessments/{id}", get(assessment::page).post(assessment::update))
        .route("/assessments/{id}/export", get(export::assessment_xlsx))
}

/// Today in China (UTC+8): progress is judged by the local calendar.
pub(crate) fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Target kinds with their labels, for forms.
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("level", "总量 / level"),
    ("increase", "期内新增 / increase over the period"),
    ("annual_increase", "每年新增 / increase per year"),
    ("growth_rate", "增长率 / growth rate"),
    ("share", "比重 / share"),
];
