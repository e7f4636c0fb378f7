//! The access policy: which role may exercise which permission.
//!
//! A [`Permission`] is a value, not a variant of one central enum: each
//! capability declares its own (`kechuang_market::access::VIEW_MARKET` …) with
//! the set of roles that hold it, next to the routes that need it. The web
//! shell maps every route to one permission and asks [`allows`]; row-level
//! scope (which region or enterprise a record belongs to) is then enforced by
//! the storage calls, which take the principal's [`Scope`](crate::scope::Scope).
//!
//! The foundation's own permissions (accounts, regions, audit) are below.

use crate::role::Role;
use serde::{Serialize, Serializer};
use std::fmt;

/// A set of roles, as a bit set so that permissions can be constants.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoleSet(u16);

impl RoleSet {
    /// Nobody.
    pub const NONE: RoleSet = RoleSet(0);
    /// Every role, anonymous visitors included.
    pub const ALL: RoleSet = RoleSet::of(&Role::ALL);
    /// Every signed-in role.
    pub const SIGNED_IN: RoleSet = RoleSet::of(&Role::ASSIGNABLE);
    /// The bureau's own staff: administrators and staff.
    pub const BUREAU: RoleSet = RoleSet::of(&[Role::BureauAdmin, Role::BureauStaff]);
    /// The bureau and the county officers.
    pub const GOVERNMENT: RoleSet = RoleSet::of(&[Role::BureauAdmin, Role::BureauStaff, Role::CountyOfficer]);

    /// The set holding exactly `roles`.
    pub const fn of(roles: &[Role]) -> RoleSet {
        let mut bits = 0u16;
        let mut i = 0;
        while i < roles.len() {
            bits |= 1 << roles[i] as u16;
            i += 1;
        }
        RoleSet(bits)
    }

    /// This set with `roles` added.
    pub const fn with(self, roles: &[Role]) -> RoleSet {
        RoleSet(self.0 | RoleSet::of(roles).0)
    }

    /// This set with `roles` taken out.
    pub const fn without(self, roles: &[Role]) -> RoleSet {
        RoleSet(self.0 & !RoleSet::of(roles).0)
    }

    pub const fn contains(self, role: Role) -> bool {
        self.0 & (1 << role as u16) != 0
    }

    /// The roles of the set, in [`Role::ALL`] order.
    pub fn roles(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl fmt::Debug for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.roles()).finish()
    }
}

/// What a route requires: a stable snake_case name (shown in the OpenAPI
/// document as `x-permission`), what it lets one do, and the roles holding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission {
    pub name: &'static str,
    pub about: &'static str,
    pub roles: RoleSet,
}

impl Permission {
    pub const fn new(name: &'static str, about: &'static str, roles: RoleSet) -> Permission {
        Permission { name, about, roles }
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Decides whether `role` holds `permission`.
pub fn allows(role: Role, permission: Permission) -> bool {
    permission.roles.contains(role)
}

/// Published information, open to anonymous visitors.
pub const VIEW_PUBLIC: Permission = Permission::new(
    "view_public",
    "Published information, open to anonymous visitors.",
    RoleSet::ALL,
);
/// One's own account: profile, password, API tokens, inbox.
pub const VIEW_OWN_ACCOUNT: Permission = Permission::new(
    "view_own_account",
    "One's own account: profile, password, API tokens, inbox.",
    RoleSet::SIGNED_IN,
);
/// The working dashboard of a signed-in user.
pub const VIEW_WORKSPACE: Permission = Permission::new(
    "view_workspace",
    "The working dashboard of a signed-in user.",
    RoleSet::SIGNED_IN,
);
/// Create and edit regions of the hierarchy.
pub const MANAGE_REGIONS: Permission = Permission::new(
    "manage_regions",
    "Create and edit regions of the hierarchy.",
    RoleSet::of(&[Role::BureauAdmin]),
);
/// List and view user accounts in one's scope.
pub const VIEW_USERS: Permission = Permission::new(
    "view_users",
    "List and view user accounts in one's scope (bureau and county staff).",
    RoleSet::GOVERNMENT,
);
/// Create, edit, disable user accounts in one's scope.
pub const MANAGE_USERS: Permission = Permission::new(
    "manage_users",
    "Create, edit, disable user accounts in one's scope.",
    RoleSet::of(&[Role::BureauAdmin]),
);
/// Browse the audit log of one's scope.
pub const VIEW_AUDIT: Permission = Permission::new(
    "view_audit",
    "Browse the audit log of one's scope.",
    RoleSet::of(&[Role::BureauAdmin]),
);
/// Export the audit log.
pub const EXPORT_AUDIT: Permission = Permission::new(
    "export_audit",
    "Export the audit log.",
    RoleSet::of(&[Role::BureauAdmin]),
);

/// The foundation's permissions.
pub const FOUNDATION: &[Permission] = &[
    VIEW_PUBLIC,
    VIEW_OWN_ACCOUNT,
    VIEW_WORKSPACE,
    MANAGE_REGIONS,
    VIEW_USERS,
    MANAGE_USERS,
    VIEW_AUDIT,
    EXPORT_AUDIT,
];

/// Whether an account holder of `actor` may create or edit an account with
/// `target` role. Admins manage every role within their scope, nobody else
/// manages accounts.
pub fn may_assign_role(actor: Role, target: Role) -> bool {
    actor == Role::BureauAdmin && target != Role::Public
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_sets() {
        for role in Role::ALL {
            assert!(RoleSet::ALL.contains(role));
            assert!(!RoleSet::NONE.contains(role));
            assert_eq!(RoleSet::SIGNED_IN.contains(role), role != Role::Public);
            assert_eq!(RoleSet::of(&[role]).roles().collect::<Vec<_>>(), vec![role]);
        }
        let s = RoleSet::BUREAU.with(&[Role::Expert]);
        assert_eq!(
            s.roles().collect::<Vec<_>>(),
            vec![Role::BureauAdmin, Role::BureauStaff, Role::Expert]
        );
        assert!(RoleSet::GOVERNMENT.contains(Role::CountyOfficer));
        assert!(!RoleSet::BUREAU.contains(Role::CountyOfficer));
    }

    #[test]
    fn foundation_names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for p in FOUNDATION {
            assert!(seen.insert(p.name), "{} twice", p.name);
            assert!(p.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", p.name);
            assert!(!p.about.is_empty());
        }
        assert_eq!(serde_json::to_string(&VIEW_AUDIT).unwrap(), "\"view_audit\"");
    }

    #[test]
    fn only_admins_assign_roles() {
        for actor in Role::ALL {
            for target in Role::ALL {
                let ok = may_assign_role(actor, target);
                assert_eq!(ok, actor == Role::BureauAdmin && target != Role::Public);
            }
        }
    }
}
