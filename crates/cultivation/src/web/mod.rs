//! Cultivation in the web UI: the innovation-clinic report (科技创新体检报告)
//! of one enterprise, the batch of reports for a county, and the pipeline
//! (tiers, re-certification reminders, the 应评尽评 list), the reserve
//! pools staff confirm firms into, commissioners and their visits, and the
//! lists pushed to banks. The figures
//! come from the registry (yearly facts, certificates, founding date); the
//! assessments are `crate::clinic`.

mod bank;
mod clinic;
mod commissioners;
mod messages;
mod pipeline;
mod pools;

use crate::access::*;
use kechuang_shell::{Capability, NavEntry, Routes};

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/cultivation/clinic", VIEW_CLINIC, clinic::batch)
        .get("/cultivation/clinic/{code}", VIEW_CLINIC, clinic::page)
        .post("/cultivation/clinic/{code}/answers", ANSWER_CLINIC, clinic::answer)
        .get("/cultivation/pipeline", VIEW_PIPELINE, pipeline::page)
        .get("/cultivation/pools", VIEW_PIPELINE, pools::page)
        .post("/cultivation/pools/decide", MANAGE_CULTIVATION, pools::decide)
        .get("/cultivation/commissioners", VIEW_PIPELINE, commissioners::page)
        .post(
            "/cultivation/commissioners/assign",
            MANAGE_CULTIVATION,
            commissioners::assign,
        )
        .post("/cultivation/visits", RECORD_VISITS, commissioners::add_visit)
        .post("/cultivation/visits/done", RECORD_VISITS, commissioners::follow_up_done)
        .get("/cultivation/bank", VIEW_BANK_LIST, bank::page)
        .get("/cultivation/bank/export", VIEW_BANK_LIST, bank::export)
        .post("/cultivation/bank/settings", MANAGE_BANK_SHARING, bank::settings)
        .get("/cultivation/bank/consent", CONSENT_BANK_SHARING, bank::consent_page)
        .post("/cultivation/bank/consent", CONSENT_BANK_SHARING, bank::consent)
}

/// Cultivation as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "cultivation",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[
        NavEntry {
            href: "/cultivation/clinic",
            label: "nav.clinic",
            permission: VIEW_CLINIC,
        },
        NavEntry {
            href: "/cultivation/pipeline",
            label: "nav.pipeline",
            permission: VIEW_PIPELINE,
        },
        NavEntry {
            href: "/cultivation/pools",
            label: "nav.pools",
            permission: VIEW_PIPELINE,
        },
        NavEntry {
            href: "/cultivation/commissioners",
            label: "nav.commissioners",
            permission: VIEW_PIPELINE,
        },
        NavEntry {
            href: "/cultivation/bank",
            label: "nav.bank",
            permission: VIEW_BANK_LIST,
        },
    ],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: None,
    cli: Some(&crate::cli::CLI),
    demo: None,
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    (
        "cultivation_bank.html",
        include_str!("../../templates/cultivation_bank.html"),
    ),
    (
        "cultivation_bank_consent.html",
        include_str!("../../templates/cultivation_bank_consent.html"),
    ),
    (
        "cultivation_clinic.html",
        include_str!("../../templates/cultivation_clinic.html"),
    ),
    (
        "cultivation_commissioners.html",
        include_str!("../../templates/cultivation_commissioners.html"),
    ),
    (
        "cultivation_pipeline.html",
        include_str!("../../templates/cultivation_pipeline.html"),
    ),
    (
        "cultivation_pools.html",
        include_str!("../../templates/cultivation_pools.html"),
    ),
];
