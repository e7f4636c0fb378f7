//! Credit files (诚信档案) and the blacklist in the web UI: the list of
//! records in the viewer's scope with filters (kind, subject, in force
//! today), the form staff record one with, and a record's page where staff
//! lift it with a reason. Rules are `kechuang_credit`; storage and the
//! blacklist check other capabilities use are in `crate::store`.

mod messages;
mod records;

use crate::access::*;
use kechuang_shell::{Capability, NavEntry, Routes};

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/credit", VIEW_CREDIT, records::list)
        .get("/credit/new", MANAGE_CREDIT, records::new_form)
        .post("/credit", MANAGE_CREDIT, records::create)
        .get("/credit/{id}", VIEW_CREDIT, records::page)
        .post("/credit/{id}/lift", MANAGE_CREDIT, records::lift)
}

/// Credit files as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "credit",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[NavEntry {
        href: "/credit",
        label: "nav.credit",
        permission: VIEW_CREDIT,
    }],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: None,
    cli: None,
    demo: Some(crate::demo::load),
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    ("credit_new.html", include_str!("../../templates/credit_new.html")),
    ("credit_record.html", include_str!("../../templates/credit_record.html")),
    (
        "credit_records.html",
        include_str!("../../templates/credit_records.html"),
    ),
];
