//! The capabilities' web pages and API, each module one capability with its
//! `CAPABILITY` value for the shell. (Each moves into its capability's own
//! crate.)

#![allow(async_fn_in_trait)]

pub mod market;
pub mod system;

/// Every capability of this crate, in navigation order.
pub static ALL: &[&kechuang_shell::Capability] = &[
    &kechuang_registry::CAPABILITY,
    &kechuang_cultivation::CAPABILITY,
    &market::CAPABILITY,
    &kechuang_credit::CAPABILITY,
    &kechuang_plans::CAPABILITY,
    &system::CAPABILITY,
];
