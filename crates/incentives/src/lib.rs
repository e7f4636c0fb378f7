//! Incentives (政策兑现): every money clause of a policy document as a rule
//! file, entitlements found from the registry without an application
//! (免申即享), applications, budgets, payment and the 应享未享 funnel.
//!
//! - [`rules`]: the rule files (format in `RULES.md`, the shipped sets in
//!   `rules/` at the repository root, compiled in by [`shipped`]) (pure);
//! - [`engine`]: what an event entitles a subject to, with a derivation a
//!   clerk can check (pure);
//! - [`sources`]: the registry's certificates and platforms as events (pure);
//! - [`workflow`]: the states of entitlements and applications (pure);
//! - [`store`]: storage on the kernel's `Db`;
//! - [`service`]: running the rules over events and the registry, telling
//!   firms, previews and replays;
//! - [`web`]: the pages and the API, and [`CAPABILITY`] for the shell.

#![allow(async_fn_in_trait)]

pub mod access;
pub mod calculator;
pub mod cli;
pub mod demo;
pub mod engine;
pub mod metrics;
pub mod rules;
pub mod schema;
pub mod service;
pub mod shipped;
pub mod sources;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod web;
pub mod workflow;

pub use web::CAPABILITY;
