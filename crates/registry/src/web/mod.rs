//! The registry of innovation actors in the web UI and API: enterprises
//! (list, detail with certificates, facts and change history, forms),
//! platforms, experts, institutions, agencies and investors (one generic set
//! of pages driven by the field specs), sheet imports with a dry-run report
//! and progress, exports, and the counts that feed plan targets.

mod api;
mod counts;
mod duplicates;
mod enterprises;
mod form;
mod imports;
mod messages;
mod names;
mod proposals;
mod records;

use crate::access::*;
use kechuang_kernel::role::Role;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::{Capability, NavEntry, Routes};
use utoipa_axum::routes;

pub use enterprises::{filter_of, visible as visible_enterprise};
pub use names::NameIndex;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/registry", VIEW_REGISTRY, counts::home)
        .get("/registry/counts", VIEW_REGISTRY, counts::page)
        .get("/registry/enterprises", VIEW_REGISTRY, enterprises::list)
        .post("/registry/enterprises", MANAGE_REGISTRY, enterprises::create)
        .get("/registry/enterprises/new", MANAGE_REGISTRY, enterprises::new_form)
        .get("/registry/enterprises/export", VIEW_REGISTRY, enterprises::export)
        .get("/registry/enterprises/{code}", VIEW_REGISTRY, enterprises::detail)
        .post("/registry/enterprises/{code}", MANAGE_REGISTRY, enterprises::update)
        .get(
            "/registry/enterprises/{code}/edit",
            MANAGE_REGISTRY,
            enterprises::edit_form,
        )
        .get("/registry/duplicates", REVIEW_REGISTRY, duplicates::page)
        .post("/registry/duplicates", REVIEW_REGISTRY, duplicates::merge)
        .post("/registry/duplicates/undo", REVIEW_REGISTRY, duplicates::undo)
        .post(
            "/registry/enterprises/{code}/proposals",
            PROPOSE_CHANGES,
            proposals::propose,
        )
        .get("/registry/proposals", REVIEW_REGISTRY, proposals::list)
        .post("/registry/proposals/decide", REVIEW_REGISTRY, proposals::decide)
        .get("/registry/import", MANAGE_REGISTRY, imports::page)
        .post("/registry/import", MANAGE_REGISTRY, imports::upload)
        .get("/registry/imports/{id}", MANAGE_REGISTRY, imports::run_page)
        .get("/registry/imports/{id}/status", MANAGE_REGISTRY, imports::status)
        .get("/registry/imports/{id}/report", MANAGE_REGISTRY, imports::report)
        .post("/registry/imports/{id}/commit", MANAGE_REGISTRY, imports::commit)
        .get("/registry/templates/{kind}", VIEW_REGISTRY, imports::template)
        .get("/registry/{kind}", VIEW_REGISTRY, records::list)
        .post("/registry/{kind}", MANAGE_REGISTRY, records::create)
        .get("/registry/{kind}/new", MANAGE_REGISTRY, records::new_form)
        .get("/registry/{kind}/export", VIEW_REGISTRY, records::export)
        .get("/registry/{kind}/{id}", VIEW_REGISTRY, records::detail)
        .post("/registry/{kind}/{id}", MANAGE_REGISTRY, records::update)
        .get("/registry/{kind}/{id}/edit", MANAGE_REGISTRY, records::edit_form)
        .api(VIEW_REGISTRY, routes!(api::list_enterprises))
        .api(VIEW_REGISTRY, routes!(api::enterprise))
        .api(VIEW_REGISTRY, routes!(api::counts))
        .api(VIEW_REGISTRY, routes!(api::list_records))
}

/// The registry as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "registry",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[NavEntry {
        href: "/registry",
        label: "nav.registry",
        permission: VIEW_REGISTRY,
    }],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: Some(start),
    cli: Some(&crate::cli::CLI),
    demo: Some(crate::demo::load),
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    ("_registry_nav.html", include_str!("../../templates/_registry_nav.html")),
    (
        "registry_counts.html",
        include_str!("../../templates/registry_counts.html"),
    ),
    (
        "registry_duplicates.html",
        include_str!("../../templates/registry_duplicates.html"),
    ),
    (
        "registry_enterprise.html",
        include_str!("../../templates/registry_enterprise.html"),
    ),
    (
        "registry_enterprises.html",
        include_str!("../../templates/registry_enterprises.html"),
    ),
    ("registry_form.html", include_str!("../../templates/registry_form.html")),
    (
        "registry_import.html",
        include_str!("../../templates/registry_import.html"),
    ),
    (
        "registry_import_run.html",
        include_str!("../../templates/registry_import_run.html"),
    ),
    (
        "registry_proposals.html",
        include_str!("../../templates/registry_proposals.html"),
    ),
    (
        "registry_record.html",
        include_str!("../../templates/registry_record.html"),
    ),
    (
        "registry_records.html",
        include_str!("../../templates/registry_records.html"),
    ),
];

/// Whether the viewer may see private contact data of records in its scope:
/// bureau and county roles. (An enterprise user sees its own, checked where
/// the record is known.)
pub(crate) fn sees_contacts(ctx: &Ctx) -> bool {
    matches!(
        ctx.principal.role,
        Role::BureauAdmin | Role::BureauStaff | Role::CountyOfficer
    )
}

/// Removes private contact data from audit entries shown to viewers who may
/// not see it.
pub(crate) fn redact_history(history: &mut [kechuang_kernel::audit::AuditEntry]) {
    let strip = |json: &mut Option<String>| {
        if let Some(text) = json
            && let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str::<serde_json::Value>(text)
        {
            for key in ["contact_name", "contact_phone", "contact"] {
                map.remove(key);
            }
            *text = serde_json::Value::Object(map).to_string();
        }
    };
    for h in history {
        strip(&mut h.before_json);
        strip(&mut h.after_json);
    }
}

/// Builds the enterprise name index before the service takes requests.
fn start(
    ctx: kechuang_shell::StartCtx,
) -> futures_util::future::BoxFuture<'static, anyhow::Result<kechuang_shell::Started>> {
    Box::pin(async move {
        let names = NameIndex::default();
        names.load(&ctx.db).await;
        let mut started = kechuang_shell::Started::default();
        started.services.insert(std::sync::Arc::new(names));
        Ok(started)
    })
}
