//! Operational endpoints: liveness, readiness (database reachable), metrics,
//! static assets.

use crate::app::AppState;
use crate::capability::Routes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use kechuang_kernel::access::VIEW_PUBLIC;

pub fn routes(r: Routes) -> Routes {
    r.get("/healthz", VIEW_PUBLIC, healthz)
        .get("/readyz", VIEW_PUBLIC, readyz)
        .get("/metrics", VIEW_PUBLIC, metrics)
        .get("/assets/{name}", VIEW_PUBLIC, crate::assets::serve)
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
