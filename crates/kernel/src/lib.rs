//! The shared foundation every kechuang capability builds on.
//!
//! Pure parts (no IO): regions and their paths ([`region`]), roles and the
//! principal ([`role`]), the access policy ([`access`]), account input rules
//! ([`user`]), money in fen ([`money`]), the unified social credit code
//! ([`credit_code`]) and the one clock ([`clock`]).
//!
//! Storage parts: the [`Db`] handle over an embedded SQLite file or a shared
//! PostgreSQL server with the same schema and queries on both (queries are
//! written once with `$N` placeholders and expanded per backend by
//! [`with_db!`] / [`with_tx!`]), the audit log ([`audit`]), regions, users,
//! sessions, API tokens, settings, the mail queue and logical backup.
//! Capabilities add their own storage as extension traits on [`Db`].
//!
//! Every change to business data goes through a function that takes the
//! acting [`Actor`](audit::Actor), writes the change and its audit entry in
//! one transaction, and checks the row `version` for optimistic concurrency.

#[macro_use]
mod macros;

pub mod access;
pub mod audit;
pub mod backup;
pub mod clock;
pub mod credit_code;
mod db;
mod error;
pub mod like;
pub mod limits;
pub mod mail;
pub mod money;
pub mod notifications;
pub mod paging;
pub mod region;
pub mod regions;
pub mod role;
pub mod schema;
pub mod scope;
pub mod sessions;
pub mod settings;
pub mod sqlite_memory;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tokens;
pub mod user;
pub mod users;
pub mod vocab;

#[doc(hidden)]
pub use serde as __serde;
#[doc(hidden)]
pub use sqlx as __sqlx;

pub use clock::now;
pub use db::{Backend, Db};
pub use error::StoreError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
