//! Who may do what in enterprise cultivation.

use kechuang_kernel::access::{Permission, RoleSet};
use kechuang_kernel::role::Role;

const GOVERNMENT_AND_FIRMS: RoleSet = RoleSet::GOVERNMENT.with(&[Role::EnterpriseUser]);

/// Innovation-clinic reports: government roles for the firms in their scope,
/// an enterprise user for its own firm.
pub const VIEW_CLINIC: Permission = Permission::new(
    "view_clinic",
    "Innovation-clinic reports: government roles for the firms in their scope, an enterprise user for its own firm.",
    GOVERNMENT_AND_FIRMS,
);
/// Answer the clinic's questions the figures cannot.
pub const ANSWER_CLINIC: Permission = Permission::new(
    "answer_clinic",
    "Answer the clinic's questions the figures cannot (one's own firm for an enterprise user, firms in scope for staff).",
    GOVERNMENT_AND_FIRMS,
);
/// The cultivation pipeline of one's scope.
pub const VIEW_PIPELINE: Permission = Permission::new(
    "view_pipeline",
    "The cultivation pipeline of one's scope: tiers, re-certification reminders, firms that should be evaluated.",
    RoleSet::GOVERNMENT,
);
/// Cultivation decisions: reserve pools and commissioners.
pub const MANAGE_CULTIVATION: Permission = Permission::new(
    "manage_cultivation",
    "Cultivation decisions: confirm proposed firms into reserve pools, dismiss proposals, take members out; assign commissioners.",
    RoleSet::BUREAU,
);
/// Record visits to firms and mark their follow-ups done.
pub const RECORD_VISITS: Permission = Permission::new(
    "record_visits",
    "Record visits to firms and mark their follow-ups done.",
    RoleSet::GOVERNMENT,
);
/// The list of consenting firms the bureau shares with banks.
pub const VIEW_BANK_LIST: Permission = Permission::new(
    "view_bank_list",
    "The list of consenting firms the bureau shares with banks.",
    RoleSet::BUREAU.with(&[Role::BankViewer]),
);
/// Choose which certificate kinds are shared with banks.
pub const MANAGE_BANK_SHARING: Permission = Permission::new(
    "manage_bank_sharing",
    "Choose which certificate kinds are shared with banks.",
    RoleSet::BUREAU,
);
/// Give or withdraw one's own enterprise's consent to be shown to banks.
pub const CONSENT_BANK_SHARING: Permission = Permission::new(
    "consent_bank_sharing",
    "Give or withdraw one's own enterprise's consent to be shown to banks.",
    RoleSet::of(&[Role::EnterpriseUser]),
);

/// Every permission of cultivation.
pub const ALL: &[Permission] = &[
    VIEW_CLINIC,
    ANSWER_CLINIC,
    VIEW_PIPELINE,
    MANAGE_CULTIVATION,
    RECORD_VISITS,
    VIEW_BANK_LIST,
    MANAGE_BANK_SHARING,
    CONSENT_BANK_SHARING,
];
