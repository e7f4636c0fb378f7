//! The cultivation capability's tests in one binary: the assessment engine
//! and clinic (pure), reserve pools and commissioners on both backends, and
//! the pages.

mod clinic;
mod commissioners;
mod common;
mod fixtures;
mod harness;
mod hte_score;
mod hte_thresholds;
mod json_examples;
mod pools;
mod properties;
mod store_commissioners;
mod store_pools;
mod tech_sme_bands;
mod web;
mod web_decisions;
