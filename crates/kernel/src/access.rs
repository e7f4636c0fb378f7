//! The access policy: which role may exercise which permission.
//!
//! This is the single place where role-based decisions are made. The HTTP
//! layer maps every route to one [`Permission`] and asks [`allows`]; row-level
//! scope (which region or enterprise a record belongs to) is then enforced by
//! the storage views built for the principal (see `Principal::covers`).

use crate::role::Role;
use serde::Serialize;

/// A capability a route requires. Capabilities add their own variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Published information, open to anonymous visitors.
    ViewPublic,
    /// One's own account: profile, password, API tokens.
    ViewOwnAccount,
    /// The working dashboard of a signed-in user.
    ViewWorkspace,
    /// Create and edit regions of the hierarchy.
    ManageRegions,
    /// List and view user accounts in one's scope (bureau and county staff).
    ViewUsers,
    /// Create, edit, disable user accounts in one's scope.
    ManageUsers,
    /// Browse the audit log of one's scope.
    ViewAudit,
    /// Export the audit log.
    ExportAudit,
    /// See plans, their supervision boards and county assessments.
    ViewPlans,
    /// Upload, correct and publish plans; run county assessments.
    ManagePlans,
    /// Report progress on targets and update tasks (scope and unit rules apply).
    ReportProgress,
    /// See the registry of innovation actors in one's scope (an enterprise
    /// user sees its own record; contacts only for bureau roles).
    ViewRegistry,
    /// Create, edit and import registry records in one's scope.
    ManageRegistry,
    /// Merge duplicate enterprises and decide on changes enterprises propose.
    ReviewRegistry,
    /// Propose changes to one's own enterprise record (confirmed by staff).
    ProposeChanges,
    /// Innovation-clinic reports: bureau and county staff for the firms in
    /// their scope, an enterprise user for its own firm.
    ViewClinic,
    /// Answer the clinic's questions the figures cannot (one's own firm for
    /// an enterprise user, firms in scope for staff).
    AnswerClinic,
    /// The cultivation pipeline of one's scope: tiers, re-certification
    /// reminders, firms that should be evaluated.
    ViewPipeline,
    /// Cultivation decisions: confirm proposed firms into reserve pools,
    /// dismiss proposals, take members out; assign commissioners.
    ManageCultivation,
    /// Record visits to firms and mark their follow-ups done.
    RecordVisits,
    /// The list of consenting firms the bureau shares with banks.
    ViewBankList,
    /// Choose which certificate kinds are shared with banks.
    ManageBankSharing,
    /// Give or withdraw one's own enterprise's consent to be shown to banks.
    ConsentBankSharing,
    /// Browse and search published achievements and demands, and their matches.
    ViewMarket,
    /// Offer an achievement (科技成果) on the market.
    PostAchievement,
    /// Post a technical demand (技术需求).
    PostDemand,
    /// Review submitted achievements (publish or return them).
    ReviewMarket,
    /// Compile demand lists and push them to universities and institutes.
    PushDemands,
    /// See the demands pushed to one's own institution.
    ViewPushedDemands,
    /// Mark proposed matches useful or not, save searches, read one's inbox.
    UseMarketTools,
    /// See registered technology contracts and their statistics.
    ViewContracts,
    /// Register technology contracts (技术合同登记).
    RegisterContracts,
    /// List a 揭榜挂帅 challenge.
    PostChallenge,
    /// Bid on an open challenge with a team's proposal.
    BidChallenges,
    /// Score bids with written reasons.
    ReviewChallenges,
    /// See the credit files (诚信档案) and the blacklist of one's scope.
    ViewCredit,
    /// Record credit records (blacklist included) and lift them.
    ManageCredit,
}

impl Permission {
    pub const ALL: [Permission; 37] = [
        Self::ViewPublic,
        Self::ViewOwnAccount,
        Self::ViewWorkspace,
        Self::ManageRegions,
        Self::ViewUsers,
        Self::ManageUsers,
        Self::ViewAudit,
        Self::ExportAudit,
        Self::ViewPlans,
        Self::ManagePlans,
        Self::ReportProgress,
        Self::ViewRegistry,
        Self::ManageRegistry,
        Self::ReviewRegistry,
        Self::ProposeChanges,
        Self::ViewClinic,
        Self::AnswerClinic,
        Self::ViewPipeline,
        Self::ManageCultivation,
        Self::RecordVisits,
        Self::ViewBankList,
        Self::ManageBankSharing,
        Self::ConsentBankSharing,
        Self::ViewMarket,
        Self::PostAchievement,
        Self::PostDemand,
        Self::ReviewMarket,
        Self::PushDemands,
        Self::ViewPushedDemands,
        Self::UseMarketTools,
        Self::ViewContracts,
        Self::RegisterContracts,
        Self::PostChallenge,
        Self::BidChallenges,
        Self::ReviewChallenges,
        Self::ViewCredit,
        Self::ManageCredit,
    ];
}

/// Decides whether `role` holds `permission`.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    use Role::*;
    match permission {
        ViewPublic => true,
        ViewOwnAccount | ViewWorkspace => role != Public,
        ManageRegions => role == BureauAdmin,
        ViewUsers => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ManageUsers => role == BureauAdmin,
        ViewAudit | ExportAudit => role == BureauAdmin,
        ViewPlans | ReportProgress => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ManagePlans => matches!(role, BureauAdmin | BureauStaff),
        ViewRegistry => role != Public,
        ManageRegistry => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ReviewRegistry => matches!(role, BureauAdmin | BureauStaff),
        ProposeChanges => role == EnterpriseUser,
        ViewClinic | AnswerClinic => matches!(role, BureauAdmin | BureauStaff | CountyOfficer | EnterpriseUser),
        ViewPipeline => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ManageCultivation => matches!(role, BureauAdmin | BureauStaff),
        RecordVisits => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ViewBankList => matches!(role, BureauAdmin | BureauStaff | BankViewer),
        ManageBankSharing => matches!(role, BureauAdmin | BureauStaff),
        ConsentBankSharing => role == EnterpriseUser,
        ViewMarket => true,
        PostAchievement => matches!(
            role,
            BureauAdmin | BureauStaff | CountyOfficer | EnterpriseUser | InstitutionUser | Expert
        ),
        PostDemand => matches!(role, BureauAdmin | BureauStaff | CountyOfficer | EnterpriseUser),
        ReviewMarket | PushDemands => matches!(role, BureauAdmin | BureauStaff),
        ViewPushedDemands => matches!(role, BureauAdmin | BureauStaff | InstitutionUser),
        UseMarketTools => role != Public,
        ViewContracts | RegisterContracts => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        PostChallenge => matches!(role, BureauAdmin | BureauStaff | EnterpriseUser),
        BidChallenges => matches!(role, EnterpriseUser | InstitutionUser | Expert),
        ReviewChallenges => matches!(role, BureauAdmin | BureauStaff | Expert),
        ViewCredit => matches!(role, BureauAdmin | BureauStaff | CountyOfficer),
        ManageCredit => matches!(role, BureauAdmin | BureauStaff),
    }
}

/// Whether an account holder of `actor` may create or edit an account with
/// `target` role. Admins manage every role within their scope, nobody else
/// manages accounts.
pub fn may_assign_role(actor: Role, target: Role) -> bool {
    actor == Role::BureauAdmin && target != Role::Public
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected matrix, written out by hand so that a change to the
    /// policy must change this table too.
    #[test]
    fn matrix() {
        use Permission::*;
        use Role::*;
        let expect: &[(Permission, &[Role])] = &[
            (ViewPublic, &Role::ALL),
            (
                ViewOwnAccount,
                &[
                    BureauAdmin,
                    BureauStaff,
                    CountyOfficer,
                    EnterpriseUser,
                    InstitutionUser,
                    Expert,
                    BankViewer,
                ],
            ),
            (
                ViewWorkspace,
                &[
                    BureauAdmin,
                    BureauStaff,
                    CountyOfficer,
                    EnterpriseUser,
                    InstitutionUser,
                    Expert,
                    BankViewer,
                ],
            ),
            (ManageRegions, &[BureauAdmin]),
            (ViewUsers, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ManageUsers, &[BureauAdmin]),
            (ViewAudit, &[BureauAdmin]),
            (ExportAudit, &[BureauAdmin]),
            (ViewPlans, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ManagePlans, &[BureauAdmin, BureauStaff]),
            (ReportProgress, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (
                ViewRegistry,
                &[
                    BureauAdmin,
                    BureauStaff,
                    CountyOfficer,
                    EnterpriseUser,
                    InstitutionUser,
                    Expert,
                    BankViewer,
                ],
            ),
            (ManageRegistry, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ReviewRegistry, &[BureauAdmin, BureauStaff]),
            (ProposeChanges, &[EnterpriseUser]),
            (ViewClinic, &[BureauAdmin, BureauStaff, CountyOfficer, EnterpriseUser]),
            (AnswerClinic, &[BureauAdmin, BureauStaff, CountyOfficer, EnterpriseUser]),
            (ViewPipeline, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ManageCultivation, &[BureauAdmin, BureauStaff]),
            (RecordVisits, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ViewBankList, &[BureauAdmin, BureauStaff, BankViewer]),
            (ManageBankSharing, &[BureauAdmin, BureauStaff]),
            (ConsentBankSharing, &[EnterpriseUser]),
            (ViewMarket, &Role::ALL),
            (
                PostAchievement,
                &[
                    BureauAdmin,
                    BureauStaff,
                    CountyOfficer,
                    EnterpriseUser,
                    InstitutionUser,
                    Expert,
                ],
            ),
            (PostDemand, &[BureauAdmin, BureauStaff, CountyOfficer, EnterpriseUser]),
            (ReviewMarket, &[BureauAdmin, BureauStaff]),
            (PushDemands, &[BureauAdmin, BureauStaff]),
            (ViewPushedDemands, &[BureauAdmin, BureauStaff, InstitutionUser]),
            (UseMarketTools, &Role::ASSIGNABLE),
            (ViewContracts, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (RegisterContracts, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (PostChallenge, &[BureauAdmin, BureauStaff, EnterpriseUser]),
            (BidChallenges, &[EnterpriseUser, InstitutionUser, Expert]),
            (ReviewChallenges, &[BureauAdmin, BureauStaff, Expert]),
            (ViewCredit, &[BureauAdmin, BureauStaff, CountyOfficer]),
            (ManageCredit, &[BureauAdmin, BureauStaff]),
        ];
        assert_eq!(expect.len(), Permission::ALL.len());
        for (perm, roles) in expect {
            for role in Role::ALL {
                assert_eq!(allows(role, *perm), roles.contains(&role), "{role:?} {perm:?}");
            }
        }
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
