//! Operational endpoints: liveness, readiness (database reachable), metrics,
//! static assets.

use crate::access::{RouteSpec, route};
use crate::app::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use kechuang_kernel::access::Permission::ViewPublic;

pub const ROUTES: &[RouteSpec] = &[
    route(Method::GET, "/healthz", ViewPublic),
    route(Method::GET, "/readyz", ViewPublic),
    route(Method::GET, "/metrics", ViewPublic),
    route(Method::GET, "/assets/{name}", ViewPublic),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/assets/{name}", get(crate::assets::serve))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let (open, idle) = state.db.pool_stats();
    state.metrics.db_connections.set(open as i64);
    state.metrics.db_idle.set(idle as i64);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
}
