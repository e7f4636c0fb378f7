//! The access policy of every registered capability, written out as a
//! table: a change to who may do what shows as a change to the snapshot
//! beside this file, to be reviewed like code.

use kechuang_kernel::role::Role;

#[test]
fn who_may_do_what() {
    let mut permissions: Vec<kechuang_kernel::access::Permission> = kechuang_kernel::access::FOUNDATION.to_vec();
    for c in kechuang::CAPABILITIES {
        permissions.extend(c.permissions.iter().copied());
    }
    let roles: Vec<Role> = Role::ALL.to_vec();
    let mut table = String::from("permission");
    for r in &roles {
        table.push_str(&format!(" | {}", r.as_str()));
    }
    table.push('\n');
    for p in &permissions {
        table.push_str(p.name);
        for r in &roles {
            table.push_str(if p.roles.contains(*r) { " | x" } else { " | ." });
        }
        table.push('\n');
    }
    insta::assert_snapshot!(table);
}
