//! Who may do what with incentives.

use kechuang_kernel::access::{Permission, RoleSet};
use kechuang_kernel::role::Role;

const FIRMS: RoleSet = RoleSet::of(&[Role::EnterpriseUser]);

/// The policies as published: every clause with its text, conditions and
/// amount.
pub const VIEW_POLICIES: Permission = Permission::new(
    "view_policies",
    "The policies as published: every clause with its text, conditions and amount.",
    RoleSet::ALL,
);
/// One's own firm's entitlements and applications; confirm, decline, apply;
/// the policy calculator.
pub const CLAIM_INCENTIVES: Permission = Permission::new(
    "claim_incentives",
    "One's own firm's entitlements and applications: confirm or decline what was found, apply, and the policy calculator.",
    FIRMS,
);
/// An application and its attachments: the firm's own, or staff's of their
/// scope.
pub const VIEW_APPLICATION: Permission = Permission::new(
    "view_application",
    "An application and its attachments: one's own firm's, or (staff) those of one's scope.",
    RoleSet::GOVERNMENT.with(&[Role::EnterpriseUser]),
);
/// Entitlements, applications, budgets, batches and the funnel of one's
/// scope.
pub const VIEW_INCENTIVES: Permission = Permission::new(
    "view_incentives",
    "Entitlements, applications, budgets, payment batches and the eligible-unpaid funnel of one's scope.",
    RoleSet::GOVERNMENT,
);
/// Review applications at the step of one's level (county, then city), and
/// record events (loans, investments, talents) for firms in scope.
pub const REVIEW_INCENTIVES: Permission = Permission::new(
    "review_incentives",
    "Review applications at the step of one's level (county, then city); record events such as loans and investments for firms in scope.",
    RoleSet::GOVERNMENT,
);
/// Apply rule sets, set their parameters and budgets, approve and refuse
/// entitlements, make and settle payment batches, claw back, run the rules
/// and preview drafts.
pub const MANAGE_INCENTIVES: Permission = Permission::new(
    "manage_incentives",
    "Apply rule sets and set their parameters and budgets; approve or refuse entitlements; make and settle payment batches; claw back; run the rules; preview drafts.",
    RoleSet::BUREAU,
);

/// Every permission of incentives.
pub const ALL: &[Permission] = &[
    VIEW_POLICIES,
    CLAIM_INCENTIVES,
    VIEW_APPLICATION,
    VIEW_INCENTIVES,
    REVIEW_INCENTIVES,
    MANAGE_INCENTIVES,
];
