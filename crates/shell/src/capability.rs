//! What a capability gives the shell, in one value: its permissions, its
//! routes (each declared once with method, path, permission and handler), its
//! navigation entries, messages and templates, and the services it starts
//! with the application. The binary lists the capabilities; the router, the
//! access check, the OpenAPI document, the template environment and the
//! message catalogue are all built from that list.

use crate::app::AppState;
use crate::config::WebConfig;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use futures_util::future::BoxFuture;
use kechuang_kernel::Db;
use kechuang_kernel::access::Permission;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// One capability as the shell sees it.
pub struct Capability {
    /// Short English name, e.g. `market`.
    pub name: &'static str,
    /// The permissions the capability declares (for the access matrix and
    /// `GET /api/v1/me`).
    pub permissions: &'static [Permission],
    /// Its tables: migrations and backups (none when it keeps no tables of
    /// its own).
    pub schema: Option<&'static kechuang_kernel::schema::Schema>,
    /// Its routes, UI and API.
    pub routes: fn() -> Routes,
    /// Its entries in the navigation, in order.
    pub nav: &'static [NavEntry],
    /// Its messages: (key, Chinese, English).
    pub messages: &'static [Message],
    /// Its templates: (name, source), compiled into the binary.
    pub templates: &'static [Template],
    /// The kinds of notice it puts in inboxes, and how each is told.
    pub notices: &'static [NoticeKind],
    /// Services and background tasks started with the application.
    pub start: Option<StartFn>,
    /// Its subcommands of the `kechuang` command line.
    pub cli: Option<&'static crate::cli::CliSpec>,
    /// Loads its part of the demo city (`serve --demo`), after the
    /// capabilities before it in the list.
    pub demo: Option<DemoFn>,
    /// Panels it adds to the pages about one firm that other capabilities
    /// show (the clinic report lists the incentives the firm could claim).
    pub firm_panels: &'static [FirmPanelFn],
    /// Figures it computes from its records, which plan targets can be
    /// bound to.
    pub metrics: &'static [Metric],
}

/// A figure a capability computes from its own records (money paid, firms
/// certified). A plan target bound to it is judged on the computed value
/// instead of a typed-in report.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// Stable key stored with the target, e.g. `incentives.paid`.
    pub key: &'static str,
    /// Message key of its name.
    pub label: &'static str,
    /// Message key of its definition: what is counted, over which dates.
    pub definition: &'static str,
    /// The unit of the value, as plan targets write it (万元, 家, 项).
    pub unit: &'static str,
    /// The value for the region with this stored path (`/13/1310/`) and
    /// everything below it, over the China-time days `from..=to`; `None`
    /// when the data hold no figure for the period (a ratio without its
    /// entered denominator), and the page keeps to the typed-in reports.
    pub compute: MetricFn,
}

/// Computes a [`Metric`].
pub type MetricFn = for<'a> fn(
    &'a Db,
    &'a str,
    chrono::NaiveDate,
    chrono::NaiveDate,
) -> BoxFuture<'a, kechuang_kernel::Result<Option<f64>>>;

/// Renders a capability's panel about one firm (by credit code) for the
/// viewer, or `None` when it has nothing to show this viewer. The page that
/// hosts the panel has already checked that the viewer may see the firm.
pub type FirmPanelFn = for<'a> fn(
    &'a AppState,
    &'a crate::ctx::Ctx,
    &'a str,
) -> BoxFuture<'a, Result<Option<String>, crate::error::AppError>>;

/// Loads a capability's demo data.
pub type DemoFn = fn(DemoCtx) -> BoxFuture<'static, anyhow::Result<()>>;

/// The demo city as loaded so far: its generated data, its regions and the
/// demo accounts' firm.
#[derive(Clone)]
pub struct DemoCtx {
    pub db: Db,
    /// The generated city (firms, experts, institutions …).
    pub city: Arc<kechuang_demo::DemoCity>,
    /// Region ids by division code.
    pub regions: Arc<HashMap<String, i64>>,
    pub city_id: i64,
    pub city_path: String,
    /// The firm of the demo enterprise account.
    pub enterprise: Option<String>,
    /// Firms the generated city holds, as many as were loaded.
    pub enterprises: usize,
}

/// A message of the catalogue: (key, Chinese, English).
pub type Message = (&'static str, &'static str, &'static str);
/// A template: (name, source).
pub type Template = (&'static str, &'static str);
/// Starts a capability's services when the application is built.
pub type StartFn = fn(StartCtx) -> BoxFuture<'static, anyhow::Result<Started>>;

/// An entry of the navigation menu.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    pub href: &'static str,
    /// Message key of the label.
    pub label: &'static str,
    /// Shown to the roles holding this permission.
    pub permission: Permission,
}

/// How a kind of notice is told: a message whose `{name}` placeholders are
/// filled from the notice's parameters, and a link pattern filled the same
/// way (`/market/demands/{id}`).
#[derive(Debug, Clone, Copy)]
pub struct NoticeKind {
    pub kind: &'static str,
    /// Message key of the text.
    pub text: &'static str,
    pub link: &'static str,
}

/// What a capability's start function receives.
#[derive(Clone)]
pub struct StartCtx {
    pub db: Db,
    pub config: Arc<WebConfig>,
}

/// What a capability started: shared services (reachable from handlers by
/// type through [`AppState::service`]) and background tasks, which run until
/// the application shuts down.
#[derive(Default)]
pub struct Started {
    pub services: Services,
    pub tasks: Vec<BoxFuture<'static, ()>>,
}

/// Shared services by type.
#[derive(Default, Clone)]
pub struct Services(HashMap<TypeId, Arc<dyn Any + Send + Sync>>);

impl Services {
    pub fn insert<T: Send + Sync + 'static>(&mut self, service: Arc<T>) {
        self.0.insert(TypeId::of::<T>(), service);
    }

    pub fn get<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.0
            .get(&TypeId::of::<T>())
            .cloned()
            .and_then(|s| s.downcast::<T>().ok())
    }

    pub(crate) fn extend(&mut self, other: Services) {
        self.0.extend(other.0);
    }
}

/// One route and what it requires.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: String,
    pub permission: Permission,
}

/// A capability's routes: each added with its permission and handler in one
/// call, so no path is typed twice.
pub struct Routes {
    pub(crate) specs: Vec<RouteSpec>,
    pub(crate) router: OpenApiRouter<AppState>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self {
            specs: Vec::new(),
            router: OpenApiRouter::new(),
        }
    }

    /// A UI route (not in the OpenAPI document).
    pub fn route<H, T>(mut self, method: Method, path: &'static str, permission: Permission, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).expect("a standard HTTP method");
        let method_router: MethodRouter<AppState> = on(filter, handler);
        self.router = self.router.route(path, method_router);
        self.specs.push(RouteSpec {
            method,
            path: path.to_owned(),
            permission,
        });
        self
    }

    pub fn get<H, T>(self, path: &'static str, permission: Permission, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.route(Method::GET, path, permission, handler)
    }

    pub fn post<H, T>(self, path: &'static str, permission: Permission, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.route(Method::POST, path, permission, handler)
    }

    /// API operations documented with `#[utoipa::path]`, given as
    /// `utoipa_axum::routes!(…)`: their methods and paths come from the
    /// annotations and all require `permission`.
    pub fn api(mut self, permission: Permission, operations: UtoipaMethodRouter<AppState>) -> Self {
        for (path, item) in &operations.1.paths {
            for (method, op) in [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::PATCH, &item.patch),
                (Method::DELETE, &item.delete),
            ] {
                if op.is_some() {
                    self.specs.push(RouteSpec {
                        method,
                        path: path.clone(),
                        permission,
                    });
                }
            }
        }
        self.router = self.router.routes(operations);
        self
    }

    /// The routes declared so far.
    pub fn specs(&self) -> &[RouteSpec] {
        &self.specs
    }
}
