//! The charts' tests in one binary.

mod bars;
mod common;
mod lines;
mod progress;
mod props;
