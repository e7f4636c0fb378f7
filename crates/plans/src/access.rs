//! Who may do what with plans and their supervision.

use kechuang_kernel::access::{Permission, RoleSet};

/// See plans, their supervision boards and county assessments.
pub const VIEW_PLANS: Permission = Permission::new(
    "view_plans",
    "See plans, their supervision boards and county assessments.",
    RoleSet::GOVERNMENT,
);
/// Upload, correct and publish plans; run county assessments.
pub const MANAGE_PLANS: Permission = Permission::new(
    "manage_plans",
    "Upload, correct and publish plans; run county assessments.",
    RoleSet::BUREAU,
);
/// Report progress on targets and update tasks (scope and unit rules apply).
pub const REPORT_PROGRESS: Permission = Permission::new(
    "report_progress",
    "Report progress on targets and update tasks (scope and unit rules apply).",
    RoleSet::GOVERNMENT,
);

/// Every permission of plans and supervision.
pub const ALL: &[Permission] = &[VIEW_PLANS, MANAGE_PLANS, REPORT_PROGRESS];
