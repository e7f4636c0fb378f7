//! Pure assessment engine of the cultivation capability.
//!
//! Given an enterprise's figures, it decides whether the enterprise meets the
//! conditions for high-tech enterprise recognition (高新技术企业认定, see
//! [`hte`]) and for the tech-SME evaluation (科技型中小企业评价, see
//! [`tech_sme`]), shows the figures each decision used, and states every gap
//! in plain Chinese and English with the amount needed to close it.
//!
//! The rules have no IO: every function takes data and returns data. The
//! JSON interface in [`json`] is what the command line calls. `RULES.md`
//! beside this crate lists every rule with its source.
//!
//! Around the rules: the innovation clinic ([`clinic`]), reserve pools and
//! commissioners, their storage on the kernel's `Db` ([`store`]) and the
//! pages ([`web`], with [`CAPABILITY`] for the shell). The figures come from
//! the registry, which this capability builds on.

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod access;
pub mod cli;
pub mod clinic;
pub mod commissioners;
pub mod error;
pub mod gap;
pub mod headcount;
pub mod hte;
pub mod json;
pub mod money;
pub mod points;
pub mod schema;
pub mod store;
pub mod tech_sme;
pub mod web;

pub use error::AssessError;
pub use gap::{Gap, GapUnit};
pub use headcount::Headcount;
pub use hte::{HteCondition, HteInput, HteReport, assess_hte};
pub use json::{assess_hte_json, assess_tech_sme_json};
pub use money::Pct;
pub use points::{Points, PointsMode};
pub use tech_sme::{TechSmeCondition, TechSmeInput, TechSmeReport, assess_tech_sme};
pub use web::CAPABILITY;
