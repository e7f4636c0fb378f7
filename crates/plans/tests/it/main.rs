//! The plans capability's tests in one binary: the parser on the seeds and
//! fixtures, its formats and robustness, and the pages and API on both
//! backends.

mod common;
mod corpus;
mod extra_fixtures;
mod formats;
mod harness;
mod robustness;
mod web;
