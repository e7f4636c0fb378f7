//! Cultivation in the web UI: the innovation-clinic report (科技创新体检报告)
//! of one enterprise, the batch of reports for a county, and the pipeline
//! (tiers, re-certification reminders, the 应评尽评 list), the reserve
//! pools staff confirm firms into, commissioners and their visits, and the
//! lists pushed to banks. The figures
//! come from the registry (yearly facts, certificates, founding date); the
//! assessments are `kechuang_cultivation::clinic`.

mod bank;
mod clinic;
mod commissioners;
mod pipeline;
mod pools;

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use kechuang_kernel::access::Permission::*;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/cultivation/clinic", ViewClinic),
    route(Method::GET, "/cultivation/clinic/{code}", ViewClinic),
    route(Method::POST, "/cultivation/clinic/{code}/answers", AnswerClinic),
    route(Method::GET, "/cultivation/pipeline", ViewPipeline),
    route(Method::GET, "/cultivation/pools", ViewPipeline),
    route(Method::POST, "/cultivation/pools/decide", ManageCultivation),
    route(Method::GET, "/cultivation/commissioners", ViewPipeline),
    route(Method::POST, "/cultivation/commissioners/assign", ManageCultivation),
    route(Method::POST, "/cultivation/visits", RecordVisits),
    route(Method::POST, "/cultivation/visits/done", RecordVisits),
    route(Method::GET, "/cultivation/bank", ViewBankList),
    route(Method::GET, "/cultivation/bank/export", ViewBankList),
    route(Method::POST, "/cultivation/bank/settings", ManageBankSharing),
    route(Method::POST, "/cultivation/bank/consent", ConsentBankSharing),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cultivation/clinic", get(clinic::batch))
        .route("/cultivation/clinic/{code}", get(clinic::page))
        .route("/cultivation/clinic/{code}/answers", post(clinic::answer))
        .route("/cultivation/pipeline", get(pipeline::page))
        .route("/cultivation/pools", get(pools::page))
        .route("/cultivation/pools/decide", post(pools::decide))
        .route("/cultivation/commissioners", get(commissioners::page))
        .route("/cultivation/commissioners/assign", post(commissioners::assign))
        .route("/cultivation/visits", post(commissioners::add_visit))
        .route("/cultivation/visits/done", post(commissioners::follow_up_done))
        .route("/cultivation/bank", get(bank::page))
        .route("/cultivation/bank/export", get(bank::export))
        .route("/cultivation/bank/settings", post(bank::settings))
        .route("/cultivation/bank/consent", post(bank::consent))
}
