//! System administration (系统管理): the region hierarchy, user accounts,
//! the audit log, one's own account (password, e-mail, API tokens) and
//! inbox, as pages and as API. The storage is the kernel's.

mod api;
mod messages;
mod ui;

use kechuang_kernel::access::*;
use kechuang_shell::{Capability, NavEntry, Routes};
use utoipa_axum::routes;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/regions", VIEW_PUBLIC, ui::regions::page)
        .post("/regions", MANAGE_REGIONS, ui::regions::create)
        .get("/admin/users", VIEW_USERS, ui::users::list)
        .post("/admin/users", MANAGE_USERS, ui::users::create)
        .get("/admin/users/{id}", VIEW_USERS, ui::users::detail)
        .post("/admin/users/{id}", MANAGE_USERS, ui::users::update)
        .post("/admin/users/{id}/password", MANAGE_USERS, ui::users::reset_password)
        .get("/admin/audit", VIEW_AUDIT, ui::audit::page)
        .get("/admin/audit/export", EXPORT_AUDIT, ui::audit::export)
        .get("/inbox", VIEW_OWN_ACCOUNT, ui::inbox::page)
        .post("/inbox/read", VIEW_OWN_ACCOUNT, ui::inbox::read)
        .get("/account", VIEW_OWN_ACCOUNT, ui::account::page)
        .post("/account/password", VIEW_OWN_ACCOUNT, ui::account::change_password)
        .post("/account/email", VIEW_OWN_ACCOUNT, ui::account::set_email)
        .post("/account/tokens", VIEW_OWN_ACCOUNT, ui::account::create_token)
        .post(
            "/account/tokens/{id}/revoke",
            VIEW_OWN_ACCOUNT,
            ui::account::revoke_token,
        )
        .api(VIEW_PUBLIC, routes!(api::regions::list))
        .api(MANAGE_REGIONS, routes!(api::regions::create))
        .api(MANAGE_REGIONS, routes!(api::regions::rename))
        .api(VIEW_USERS, routes!(api::users::list))
        .api(MANAGE_USERS, routes!(api::users::create))
        .api(VIEW_USERS, routes!(api::users::get_one))
        .api(MANAGE_USERS, routes!(api::users::update))
        .api(MANAGE_USERS, routes!(api::users::reset_password))
        .api(VIEW_AUDIT, routes!(api::audit::list))
        .api(EXPORT_AUDIT, routes!(api::audit::export))
        .api(VIEW_OWN_ACCOUNT, routes!(api::tokens::list))
        .api(VIEW_OWN_ACCOUNT, routes!(api::tokens::create))
        .api(VIEW_OWN_ACCOUNT, routes!(api::tokens::revoke))
}

/// System administration as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "system",
    permissions: &[],
    schema: None,
    routes,
    nav: &[
        NavEntry {
            href: "/regions",
            label: "nav.regions",
            permission: VIEW_PUBLIC,
        },
        NavEntry {
            href: "/admin/users",
            label: "nav.users",
            permission: VIEW_USERS,
        },
        NavEntry {
            href: "/admin/audit",
            label: "nav.audit",
            permission: VIEW_AUDIT,
        },
        NavEntry {
            href: "/inbox",
            label: "nav.inbox",
            permission: VIEW_OWN_ACCOUNT,
        },
        NavEntry {
            href: "/account",
            label: "nav.account",
            permission: VIEW_OWN_ACCOUNT,
        },
    ],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: None,
    cli: None,
    demo: None,
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    ("users.html", include_str!("../templates/users.html")),
    ("user_edit.html", include_str!("../templates/user_edit.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("regions.html", include_str!("../templates/regions.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("inbox.html", include_str!("../templates/inbox.html")),
];
