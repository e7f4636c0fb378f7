//! Who may do what with credit files and the blacklist.

use kechuang_kernel::access::{Permission, RoleSet};

/// See the credit files (诚信档案) and the blacklist of one's scope.
pub const VIEW_CREDIT: Permission = Permission::new(
    "view_credit",
    "See the credit files and the blacklist of one's scope.",
    RoleSet::GOVERNMENT,
);
/// Record credit records (blacklist included) and lift them.
pub const MANAGE_CREDIT: Permission = Permission::new(
    "manage_credit",
    "Record credit records (blacklist included) and lift them.",
    RoleSet::BUREAU,
);

/// Every permission of the credit files.
pub const ALL: &[Permission] = &[VIEW_CREDIT, MANAGE_CREDIT];
