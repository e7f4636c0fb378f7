//! Who may do what with indicators.

use kechuang_kernel::access::{Permission, RoleSet};

/// The indicator catalogue and the figures of one's scope, with their
/// lineage; exports.
pub const VIEW_INDICATORS: Permission = Permission::new(
    "view_indicators",
    "The indicator catalogue and the figures of one's scope by year, county and group, with where each came from; exports.",
    RoleSet::GOVERNMENT,
);
/// Enter figures with their source (GDP, population, fiscal S&T spending)
/// for regions in scope, and keep groups of counties.
pub const ENTER_INDICATORS: Permission = Permission::new(
    "enter_indicators",
    "Enter figures with their source (GDP, population, fiscal S&T spending) for regions in one's scope; keep groups of counties.",
    RoleSet::GOVERNMENT,
);

/// Every permission of indicators.
pub const ALL: &[Permission] = &[VIEW_INDICATORS, ENTER_INDICATORS];
