//! The web shell of kechuang: everything a capability's pages and API need
//! that is not about any one capability. The application and its middleware
//! (context resolution, CSRF, route authorization, error pages, metrics),
//! the registration of capabilities ([`Capability`]: routes with their
//! permissions, navigation, messages, templates, services), the template
//! environment and message catalogue built from them, the one error type
//! mapped to HTTP, the OpenAPI document, paging and download helpers, the
//! mail sender, and the shell's own pages (sign-in, workspace, API docs).

pub mod access;
pub mod api;
mod app;
mod assets;
pub mod capability;
pub mod cli;
mod config;
mod csrf;
pub mod ctx;
pub mod error;
pub mod form;
pub mod headers;
pub mod i18n;
pub mod input;
pub mod mail;
mod metrics;
pub mod notice;
mod ops;
pub mod page;
pub mod password;
pub mod site;
#[cfg(feature = "testing")]
pub mod testing;
pub mod ui;

pub use app::{AppState, Application};
pub use capability::{Capability, DemoCtx, Metric, NavEntry, NoticeKind, Routes, StartCtx, Started};
pub use cli::{CliCall, CliCtx, CliSpec, ImportArgs, subcommands_of};
pub use config::WebConfig;
pub use ctx::Ctx;
pub use error::AppError;
pub use password::hash_password;
pub use site::render;
