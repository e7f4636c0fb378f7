//! Storage of kechuang: one [`Db`] handle over either an embedded SQLite file
//! or a shared PostgreSQL server, with the same schema and queries on both.
//!
//! Each backend has its own migration folder (`migrations/sqlite`,
//! `migrations/postgres`); queries are written once with `$N` placeholders,
//! which both drivers accept, and [`with_db!`] / [`with_tx!`] expand them
//! for each backend so every query is type-checked against both.
//!
//! Every change to business data goes through a function that takes the
//! acting [`Principal`](kechuang_domain::role::Principal), writes the change
//! and its audit entry in one transaction, and checks the row `version` for
//! optimistic concurrency.

#[macro_use]
mod macros;

pub mod audit;
pub mod backup;
pub mod credit;
mod db;
mod error;
pub mod imports;
pub mod mail;
pub mod market;
pub mod plans;
pub mod records;
pub mod regions;
pub mod registry;
pub mod sessions;
pub mod settings;
pub mod sqlite_memory;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tokens;
pub mod users;

pub use db::{Backend, Db, now};
pub use error::StoreError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
