//! The registry capability's tests in one binary: sheet imports, storage of
//! enterprises and other records on both backends, merges, and the pages
//! and API.

mod harness;
mod import;
mod records_common;
mod store_records;
mod store_records_import;
mod store_registry;
mod store_registry_import;
mod store_registry_merge;
mod web;
mod web_review;
