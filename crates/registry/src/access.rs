//! Who may do what with the registry of innovation actors.

use kechuang_kernel::access::{Permission, RoleSet};
use kechuang_kernel::role::Role;

/// See the registry in one's scope (an enterprise user sees its own record;
/// contacts only for government roles). Not banks: a bank sees a firm only
/// as the entry of its consented list (cultivation's bank list).
pub const VIEW_REGISTRY: Permission = Permission::new(
    "view_registry",
    "See the registry of innovation actors in one's scope (an enterprise user sees its own record; contacts only for government roles). Banks see firms only through their consented list.",
    RoleSet::SIGNED_IN.without(&[Role::BankViewer]),
);
/// Create, edit and import registry records in one's scope.
pub const MANAGE_REGISTRY: Permission = Permission::new(
    "manage_registry",
    "Create, edit and import registry records in one's scope.",
    RoleSet::GOVERNMENT,
);
/// Merge duplicate enterprises and decide on changes enterprises propose.
pub const REVIEW_REGISTRY: Permission = Permission::new(
    "review_registry",
    "Merge duplicate enterprises and decide on changes enterprises propose.",
    RoleSet::BUREAU,
);
/// Propose changes to one's own enterprise record (confirmed by staff).
pub const PROPOSE_CHANGES: Permission = Permission::new(
    "propose_changes",
    "Propose changes to one's own enterprise record (confirmed by staff).",
    RoleSet::of(&[Role::EnterpriseUser]),
);

/// Every permission of the registry.
pub const ALL: &[Permission] = &[VIEW_REGISTRY, MANAGE_REGISTRY, REVIEW_REGISTRY, PROPOSE_CHANGES];
