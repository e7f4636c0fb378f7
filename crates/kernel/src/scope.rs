//! Row scope: the regions a principal may see. A [`Scope`] is made only
//! from a principal ([`Principal::scope`]) or by narrowing another scope, so
//! storage calls that list a region's records, which take one, cannot be
//! handed a region the caller chose: a handler cannot forget the scope or
//! widen it.

use crate::region::RegionPath;
use crate::role::Principal;
use std::ops::Deref;

/// The region (and everything below it) a principal may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(RegionPath);

impl Principal {
    /// This principal's scope; none for an account without a region (it
    /// sees nothing) or an anonymous visitor.
    pub fn scope(&self) -> Option<Scope> {
        if !self.is_authenticated() {
            return None;
        }
        self.scope.clone().map(Scope)
    }
}

impl Scope {
    /// The part of this scope at or below `region` (a county chosen as a
    /// filter); none when `region` lies outside it. Narrowing never widens.
    pub fn narrow(&self, region: &RegionPath) -> Option<Scope> {
        region.is_within(&self.0).then(|| Scope(region.clone()))
    }

    /// The whole tree, for the operator on the server's command line and for
    /// work the service does on its own (nightly runs, demo data).
    pub fn everything() -> Scope {
        Scope(RegionPath::from_stored("/".into()))
    }

    /// Any region's scope, for tests only.
    #[cfg(feature = "testing")]
    pub fn of(path: &RegionPath) -> Scope {
        Scope(path.clone())
    }

    pub fn path(&self) -> &RegionPath {
        &self.0
    }
}

impl Deref for Scope {
    type Target = RegionPath;

    fn deref(&self) -> &RegionPath {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::DivisionCode;
    use crate::role::Role;

    #[test]
    fn a_scope_comes_from_a_principal_and_only_narrows() {
        let city = RegionPath::root(&DivisionCode::parse("131000").unwrap());
        let county = city.child(&DivisionCode::parse("131022").unwrap());
        let other = RegionPath::root(&DivisionCode::parse("130600").unwrap());
        let mut officer = Principal::public();
        assert_eq!(officer.scope(), None, "the public has no scope");
        officer.user_id = Some(1);
        officer.role = Role::CountyOfficer;
        assert_eq!(officer.scope(), None, "an account without a region sees nothing");
        officer.scope = Some(city.clone());
        let s = officer.scope().unwrap();
        assert_eq!(s.path(), &city);
        assert_eq!(s.narrow(&county).unwrap().path(), &county);
        assert_eq!(s.narrow(&other), None);
        let c = s.narrow(&county).unwrap();
        assert_eq!(c.narrow(&city), None, "narrowing never widens");
        assert_eq!(s.like_pattern(), city.like_pattern());
    }
}
