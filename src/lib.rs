//! The kechuang service: the capabilities it serves, in navigation order.
//! The binary (`main.rs`) and the end-to-end tests build on this list; adding
//! a capability means adding its crate and one line here.

use kechuang_kernel::schema::Schema;
use kechuang_shell::Capability;

/// Every capability, in navigation order.
pub static CAPABILITIES: &[&Capability] = &[
    &kechuang_registry::CAPABILITY,
    &kechuang_cultivation::CAPABILITY,
    &kechuang_market::CAPABILITY,
    &kechuang_credit::CAPABILITY,
    &kechuang_incentives::CAPABILITY,
    &kechuang_indicators::CAPABILITY,
    &kechuang_plans::CAPABILITY,
    &kechuang_system::CAPABILITY,
];

/// The schemas of the database: the foundation's, then each capability's.
pub fn schemas() -> Vec<&'static Schema> {
    std::iter::once(&kechuang_kernel::schema::SCHEMA)
        .chain(CAPABILITIES.iter().filter_map(|c| c.schema))
        .collect()
}
