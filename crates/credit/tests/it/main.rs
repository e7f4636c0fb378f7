//! The credit capability's tests: its rules, its storage on both backends,
//! its pages.

mod harness;
mod rules;
mod store;
mod web;
