//! The [`Application`]: state, router assembly from the registered
//! capabilities, middleware order, listener, background tasks and graceful
//! shutdown. Built on port 0 in tests.

use crate::capability::{Capability, Routes, Services, StartCtx};
use crate::config::WebConfig;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::site::Site;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
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
    /// Routes, navigation, messages and templates of the capabilities.
    pub site: Arc<Site>,
    services: Services,
}

impl AppState {
    /// A service a capability started (its search engine, its name index),
    /// by type.
    pub fn service<T: Send + Sync + 'static>(&self) -> Result<Arc<T>, AppError> {
        self.services
            .get::<T>()
            .ok_or_else(|| AppError::bug(format!("service {} is not running", std::any::type_name::<T>())))
    }
}

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    tasks: Vec<BoxFuture<'static, ()>>,
}

impl Application {
    /// Binds the listener (port 0 picks a free port), starts the
    /// capabilities' services and builds the router.
    pub async fn build(config: WebConfig, db: Db, capabilities: &[&'static Capability]) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
        let demo = db.setting(kechuang_kernel::settings::DEMO_KEY).await?;
        let config = Arc::new(config);
        let mut services = Services::default();
        let mut tasks = Vec::new();
        for c in capabilities {
            if let Some(start) = c.start {
                let started = start(StartCtx {
                    db: db.clone(),
                    config: config.clone(),
                })
                .await
                .map_err(|e| anyhow::anyhow!("starting {}: {e:#}", c.name))?;
                services.extend(started.services);
                tasks.extend(started.tasks);
            }
        }
        tasks.push(Box::pin(purge_sessions(db.clone())));
        let mut all = crate::ui::routes();
        for c in capabilities {
            let r = (c.routes)();
            all.specs.extend(r.specs);
            all.router = all.router.merge(r.router);
        }
        let Routes { specs, router } = all;
        let (router, openapi) = crate::api::with_document(router, &specs);
        let site = Arc::new(Site::new(capabilities, specs, openapi).map_err(|e| anyhow::anyhow!(e))?);
        if let Some(smtp) = &config.smtp {
            let mailer = Arc::new(crate::mail::Mailer::new(smtp)?);
            tasks.push(Box::pin(crate::mail::run(db.clone(), mailer, site.clone())));
        }
        let state = AppState {
            db,
            config,
            metrics: Metrics::new(),
            demo,
            site,
            services,
        };
        let router = layers(router, state.clone());
        Ok(Self {
            listener,
            router,
            state,
            tasks,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and
    /// lets in-flight requests finish; background tasks stop with it.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let handles: Vec<_> = self.tasks.into_iter().map(tokio::spawn).collect();
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        for h in handles {
            h.abort();
        }
        result.map_err(Into::into)
    }
}

/// Removes expired sessions every hour.
async fn purge_sessions(db: Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = db.purge_expired_sessions().await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
    }
}

/// The middleware stack around the routes.
///
/// Order of a request through the layers (outermost first): tracing, body
/// limit, security headers, context resolution (who is asking), UI error
/// pages, then for matched routes metrics, CSRF guard, route authorization,
/// the forced password change, the text-input guard, handler.
fn layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .route_layer(from_fn_with_state(state.clone(), crate::input::guard))
        .route_layer(from_fn(crate::ui::force_password_change))
        .route_layer(from_fn(crate::access::authorize))
        .route_layer(from_fn_with_state(state.clone(), crate::csrf::guard))
        .route_layer(from_fn_with_state(state.metrics.clone(), crate::metrics::track))
        .fallback(crate::ui::not_found)
        .layer(from_fn(crate::ui::error_pages))
        .layer(from_fn_with_state(state.clone(), crate::ctx::resolve))
        .layer(from_fn(crate::headers::add))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
