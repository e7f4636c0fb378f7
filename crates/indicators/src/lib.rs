//! Indicators computed from kechuang's own records: the catalogue with the
//! definition, unit, source and formula of each indicator, figures by year,
//! county, city and any group of counties with the lineage of every value,
//! statistics entered with their source, and the indicators plan targets
//! can bind to.
//!
//! - [`catalogue`]: the indicators and their formulas (pure);
//! - [`count`]: what counts, from records (pure);
//! - [`figures`]: figures for an area and a year, with lineage (pure);
//! - [`store`]: reading the records, entered figures and groups;
//! - [`metrics`]: the plan-target seam;
//! - [`web`]: the pages and the API, and [`CAPABILITY`] for the shell.

#![allow(async_fn_in_trait)]

pub mod access;
pub mod catalogue;
pub mod cli;
pub mod count;
pub mod demo;
pub mod figures;
pub mod metrics;
pub mod schema;
pub mod store;
pub mod web;

pub use web::CAPABILITY;
