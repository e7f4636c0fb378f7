//! Pure domain of kechuang: validated value types and the rules that decide
//! things (who may do what, how money is written), with no IO at all.
//!
//! Every capability crate builds on these types; storage and HTTP layers
//! translate them to rows and JSON but never re-implement a rule.

pub mod access;
pub mod credit_code;
pub mod money;
pub mod region;
pub mod registry;
pub mod role;
pub mod supervision;
pub mod units;
pub mod user;
