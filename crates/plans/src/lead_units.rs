//! Organisations (units) named in plans, and who may update a task.
//!
//! Plan tasks name their lead units as written in the document
//! ("市科技局", "各县(市、区)政府"). An account carries the unit it works for;
//! a task may be updated by an account of one of its lead units, by county
//! officers when the lead unit is the counties as a whole, and by bureau
//! administrators.

use kechuang_kernel::role::Role;

/// Normalises a unit name for comparison: no whitespace, half-width
/// brackets, Simplified characters (the one normaliser, `kechuang_text`).
pub fn normalize(name: &str) -> String {
    name.chars()
        .map(|c| kechuang_text::simplify_char(kechuang_text::fold_char(c)))
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// True when a lead unit means "every county" (各县(市、区), 各县区政府 …).
pub fn is_all_counties(lead: &str) -> bool {
    let n = normalize(lead);
    n.starts_with("各县") || n.starts_with("县(市、区)") || n.starts_with("各区县")
}

/// Whether an account of `role` working for `unit` may update a task led by
/// `lead_units`.
pub fn may_update_task(role: Role, unit: Option<&str>, lead_units: &[String]) -> bool {
    match role {
        Role::BureauAdmin => true,
        Role::BureauStaff | Role::CountyOfficer => {
            let counties = role == Role::CountyOfficer && lead_units.iter().any(|l| is_all_counties(l));
            let own = unit
                .map(normalize)
                .is_some_and(|u| !u.is_empty() && lead_units.iter().any(|l| normalize(l) == u));
            counties || own
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn who_may_update() {
        let sti = units(&["市科技局", "市财政局"]);
        let counties = units(&["各县(市、区)政府"]);
        let cases = [
            (Role::BureauAdmin, None, &sti, true),
            (Role::BureauStaff, Some("市科技局"), &sti, true),
            (Role::BureauStaff, Some(" 市 科技局 "), &sti, true),
            (Role::BureauStaff, Some("市發改委"), &units(&["市发改委"]), true),
            (Role::BureauStaff, Some("市发改委"), &sti, false),
            (Role::BureauStaff, None, &sti, false),
            (Role::BureauStaff, Some(""), &units(&[""]), false),
            (Role::CountyOfficer, Some("固安县科技局"), &counties, true),
            (
                Role::CountyOfficer,
                Some("固安县科技局"),
                &units(&["各縣（市、區）政府"]),
                true,
            ),
            (Role::CountyOfficer, Some("固安县科技局"), &sti, false),
            (Role::BureauStaff, Some("市科技局"), &counties, false),
            (Role::Expert, Some("市科技局"), &sti, false),
            (Role::Public, None, &sti, false),
        ];
        for (role, unit, leads, want) in cases {
            assert_eq!(may_update_task(role, unit, leads), want, "{role:?} {unit:?} {leads:?}");
        }
    }
}
