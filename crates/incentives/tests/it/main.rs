//! The incentives capability's tests: every shipped rule at the boundaries
//! the seed texts imply, properties of the engine, storage and workflow on
//! both backends, and the pages.

mod harness;
mod properties;
mod shipped;
mod store;
mod web;
