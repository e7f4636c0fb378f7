//! Plans and their supervision (规划督查): a municipal policy document
//! (方案, 意见, 计划 …) uploaded, parsed into targets, tasks with their lead
//! units and incentives, corrected by staff and published; progress reported
//! per county and task; the supervision board judging each target against
//! its trajectory; and the yearly county assessment (县域考核).
//!
//! * [`parse`]: the pure parser (text, HTML, .docx, PDF; Simplified and
//!   Traditional script), schema in `SCHEMA.md`;
//! * [`supervision`]: trajectories, status, county roll-up and assessment
//!   scoring (pure);
//! * [`lead_units`]: who may update a task (pure);
//! * [`store`]: plans, items, progress and assessments on the kernel's `Db`;
//! * [`web`]: the pages and API, and [`CAPABILITY`] for the shell.

#![allow(async_fn_in_trait)]

#[macro_use]
extern crate kechuang_kernel;

pub mod access;
pub mod cli;
pub mod demo;
pub mod lead_units;
pub mod parse;
pub mod schema;
pub mod store;
pub mod supervision;
#[cfg(feature = "testing")]
pub mod testing;
pub mod web;

pub use parse::{
    CostShare, Incentive, ParseError, Period, Plan, Target, TargetKind, Task, TaskCategory, extract_text, parse_file,
    parse_plan, plan_to_json,
};
pub use web::{CAPABILITY, draft_plan};
