//! Credit files (诚信档案) and the blacklist (黑名单).
//!
//! The plans ask for "诚信档案和黑名单制度" over the units and people taking
//! part in innovation work. A credit record names its subject (a unit by
//! unified social credit code and name, or a person or team by name), what
//! kind of record it is, why, on what basis and for how long. Blacklist
//! records in force block the subject from bidding on 揭榜挂帅 challenges and,
//! later, from applying for incentives.
//!
//! - [`record`]: vocabularies and the validation of a record as typed (pure);
//! - [`standing`]: when a record is in force and which one blocks a subject
//!   (pure);
//! - [`access`]: who may see and keep the files;
//! - [`store`]: records on the kernel's `Db` ([`store::CreditStore`]),
//!   including the blacklist check other capabilities call;
//! - [`web`]: the pages, and [`CAPABILITY`] for the shell.

#![allow(async_fn_in_trait)]

pub mod access;
pub mod backup;
pub mod demo;
pub mod record;
pub mod schema;
pub mod standing;
pub mod store;
pub mod web;

pub use web::CAPABILITY;
