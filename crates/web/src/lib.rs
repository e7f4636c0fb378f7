//! The kechuang web service: JSON API under `/api/v1` (with its OpenAPI
//! document) and the server-rendered, Chinese-first web UI, both on one
//! router with one authentication, CSRF and authorization path.
//!
//! Layout: `app` builds the [`Application`]; `ctx` resolves who is asking;
//! `access` holds the route -> permission table (the only place routes are
//! authorized); `csrf` guards state-changing requests; `error` maps every
//! error to HTTP in one place; `ui/` and `api/` hold one module per area.

mod access;
mod api;
mod app;
mod assets;
mod config;
mod credit;
mod csrf;
mod ctx;
mod cultivation;
mod error;
mod i18n;
pub mod mail;
mod market;
mod metrics;
mod ops;
mod password;
mod plans;
mod registry;
mod templates;
mod ui;

pub use access::{ROUTES, RouteSpec};
pub use app::{AppState, Application};
pub use config::WebConfig;
pub use error::AppError;
pub use password::hash_password;
pub use plans::draft_plan;
