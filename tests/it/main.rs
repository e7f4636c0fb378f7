//! The whole service end to end, in one test binary: every role against
//! every route of every capability, the API's shape, e-mail, the command
//! line, and the web UI in a headless browser.

mod access_matrix;
mod access_policy;
mod api;
mod bank_view;
mod browser;
mod cli;
mod cli_import;
mod cli_market;
mod common;
mod hardening;
mod indicators;
mod links;
mod mail;
mod negative;
mod normaliser;
mod schema;
mod smtp;
mod support;
