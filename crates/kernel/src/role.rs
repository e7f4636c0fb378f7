//! Roles of kechuang users and the principal (the authenticated actor with its
//! scope) that every request is performed by.

use crate::region::RegionPath;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of user someone is. `Public` is the anonymous visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    BureauAdmin,
    BureauStaff,
    CountyOfficer,
    EnterpriseUser,
    InstitutionUser,
    Expert,
    BankViewer,
    Public,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Self::BureauAdmin,
        Self::BureauStaff,
        Self::CountyOfficer,
        Self::EnterpriseUser,
        Self::InstitutionUser,
        Self::Expert,
        Self::BankViewer,
        Self::Public,
    ];

    /// Roles that can be given to an account (everything but `public`).
    pub const ASSIGNABLE: [Role; 7] = [
        Self::BureauAdmin,
        Self::BureauStaff,
        Self::CountyOfficer,
        Self::EnterpriseUser,
        Self::InstitutionUser,
        Self::Expert,
        Self::BankViewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BureauAdmin => "bureau_admin",
            Self::BureauStaff => "bureau_staff",
            Self::CountyOfficer => "county_officer",
            Self::EnterpriseUser => "enterprise_user",
            Self::InstitutionUser => "institution_user",
            Self::Expert => "expert",
            Self::BankViewer => "bank_viewer",
            Self::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::BureauAdmin => "科技局管理员",
            Self::BureauStaff => "科技局工作人员",
            Self::CountyOfficer => "县(市、区)科技管理人员",
            Self::EnterpriseUser => "企业用户",
            Self::InstitutionUser => "高校院所用户",
            Self::Expert => "专家",
            Self::BankViewer => "金融机构用户",
            Self::Public => "公众",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::BureauAdmin => "Bureau administrator",
            Self::BureauStaff => "Bureau staff",
            Self::CountyOfficer => "County officer",
            Self::EnterpriseUser => "Enterprise user",
            Self::InstitutionUser => "University / institute user",
            Self::Expert => "Expert",
            Self::BankViewer => "Bank viewer",
            Self::Public => "Public",
        }
    }

    /// Bureau roles see private fields (contacts) of records in their scope.
    pub fn is_bureau(self) -> bool {
        matches!(self, Self::BureauAdmin | Self::BureauStaff | Self::CountyOfficer)
    }

    /// An enterprise user must be bound to an enterprise credit code.
    pub fn needs_enterprise(self) -> bool {
        self == Self::EnterpriseUser
    }

    /// An institution user must be bound to an institution.
    pub fn needs_institution(self) -> bool {
        self == Self::InstitutionUser
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The actor of a request: a signed-in user with a region scope, or the
/// anonymous public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The region this principal works in: its records and everything below.
    pub region_id: Option<i64>,
    pub scope: Option<RegionPath>,
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    /// The organisation the account works for (e.g. 市科技局, 市发改委),
    /// matched against the lead units of plan tasks.
    pub unit: Option<String>,
}

impl Principal {
    pub fn public() -> Self {
        Self {
            user_id: None,
            username: "public".into(),
            display_name: "公众".into(),
            role: Role::Public,
            region_id: None,
            scope: None,
            enterprise_code: None,
            institution_id: None,
            unit: None,
        }
    }

    /// A principal for command-line maintenance (migrations, imports run by
    /// the operator on the server itself).
    pub fn system(scope: Option<RegionPath>) -> Self {
        Self {
            user_id: None,
            username: "system".into(),
            display_name: "系统 / system".into(),
            role: Role::BureauAdmin,
            region_id: None,
            scope,
            enterprise_code: None,
            institution_id: None,
            unit: None,
        }
    }

    pub fn is_authenticated(&self) -> bool {
        self.role != Role::Public
    }

    /// True when a record belonging to `path` lies in this principal's scope.
    /// A principal without a scope (the system actor with no region) sees all.
    pub fn covers(&self, path: &RegionPath) -> bool {
        match (&self.scope, self.role) {
            (_, Role::Public) => false,
            (None, _) => self.user_id.is_none(),
            (Some(s), _) => path.is_within(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::{DivisionCode, RegionPath};

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert!(!r.label_zh().is_empty() && !r.label_en().is_empty());
        }
        assert_eq!(Role::parse("root"), None);
        assert!(!Role::ASSIGNABLE.contains(&Role::Public));
    }

    #[test]
    fn scope_covers_descendants_only() {
        let prov = RegionPath::root(&DivisionCode::parse("130000").unwrap());
        let city = prov.child(&DivisionCode::parse("131000").unwrap());
        let county = city.child(&DivisionCode::parse("131022").unwrap());
        let other = prov.child(&DivisionCode::parse("130600").unwrap());
        let mut officer = Principal::public();
        officer.user_id = Some(7);
        officer.role = Role::CountyOfficer;
        officer.scope = Some(city.clone());
        assert!(officer.covers(&county));
        assert!(officer.covers(&city));
        assert!(!officer.covers(&prov));
        assert!(!officer.covers(&other));
        assert!(!Principal::public().covers(&county));
        assert!(Principal::system(None).covers(&other));
        // a signed-in user without a scope sees nothing (fail closed)
        officer.scope = None;
        assert!(!officer.covers(&county));
    }
}
