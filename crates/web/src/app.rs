//! The [`Application`]: state, router assembly, middleware order, listener
//! and graceful shutdown. Built on port 0 in tests.

use crate::config::WebConfig;
use crate::metrics::Metrics;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use kechuang_kernel::Db;
use kechuang_store::prelude::*;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<Metrics>,
    /// Name of the demo data set when the database holds one.
    pub demo: Option<String>,
    /// In-memory index of enterprise names for substring search.
    pub names: crate::registry::NameIndex,
    /// The technology market's search index and matching.
    pub market: Arc<kechuang_search::engine::Engine>,
}

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// Sends e-mail copies of inbox messages when SMTP is configured.
    mailer: Option<Arc<crate::mail::Mailer>>,
}

impl Application {
    /// Binds the listener (port 0 picks a free port) and builds the router.
    pub async fn build(config: WebConfig, db: Db) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
        let demo = db.setting(kechuang_kernel::settings::DEMO_KEY).await?;
        let mailer = match &config.smtp {
            Some(smtp) => Some(Arc::new(crate::mail::Mailer::new(smtp)?)),
            None => None,
        };
        let market = crate::market::open_engine(&config, db.clone()).await?;
        let state = AppState {
            market,
            db,
            config: Arc::new(config),
            metrics: Metrics::new(),
            demo,
            names: Default::default(),
        };
        state.names.load(&state.db).await;
        let router = router(state.clone());
        Ok(Self {
            listener,
            router,
            state,
            mailer,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and
    /// lets in-flight requests finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let purge_db = self.state.db.clone();
        let market = self.state.market.clone();
        let purger = tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(e) = purge_db.purge_expired_sessions().await {
                    tracing::warn!(error = %e, "purging expired sessions failed");
                }
                match purge_db.expire_achievements(chrono::Local::now().date_naive()).await {
                    Ok(n) if n > 0 => market.poke(),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "expiring achievement listings failed"),
                }
            }
        });
        let follower = tokio::spawn(self.state.market.clone().run());
        let mailer = self
            .mailer
            .map(|m| tokio::spawn(crate::mail::run(self.state.db.clone(), m)));
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        purger.abort();
        follower.abort();
        if let Some(m) = mailer {
            m.abort();
        }
        result.map_err(Into::into)
    }
}

/// The whole router: ops, UI and API, behind one middleware stack.
///
/// Order of a request through the layers (outermost first): tracing, body limit,
/// context resolution (who is asking), UI error pages, then for matched routes
/// metrics, CSRF guard, route authorization, handler.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .merge(crate::ops::router())
        .merge(crate::ui::router())
        .merge(crate::api::router())
        .merge(crate::plans::router())
        .merge(crate::registry::router())
        .merge(crate::cultivation::router())
        .merge(crate::market::router())
        .merge(crate::credit::router())
        .route_layer(from_fn(crate::access::authorize))
        .route_layer(from_fn(crate::csrf::guard))
        .route_layer(from_fn_with_state(state.metrics.clone(), crate::metrics::track));
    routes
        .fallback(crate::ui::not_found)
        .layer(from_fn(crate::ui::error_pages))
        .layer(from_fn_with_state(state.clone(), crate::ctx::resolve))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
