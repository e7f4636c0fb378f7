//! Indicators in the web UI and the API: the overview of an area, one
//! indicator by region and year with its lineage, the export, entered
//! statistics and groups of counties. The figures are `crate::figures`
//! over `crate::store`.

mod bulletin;
mod inputs;
mod messages;
mod open;
mod pages;
mod report;
pub mod view;

pub use open::PER_MINUTE as OPEN_PER_MINUTE;

use crate::access::*;
use kechuang_kernel::access::VIEW_PUBLIC;
use kechuang_shell::{Capability, NavEntry, Routes};
use utoipa_axum::routes;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/indicators", VIEW_INDICATORS, pages::overview)
        .get("/indicators/export", VIEW_INDICATORS, pages::export)
        .get("/indicators/report", VIEW_INDICATORS, report::report)
        .get("/indicators/bulletin", VIEW_INDICATORS, bulletin::bulletin)
        .get("/indicators/inputs", VIEW_INDICATORS, inputs::page)
        .post("/indicators/inputs", ENTER_INDICATORS, inputs::enter)
        .post("/indicators/inputs/{id}/delete", ENTER_INDICATORS, inputs::delete)
        .post("/indicators/groups", ENTER_INDICATORS, inputs::create_group)
        .post("/indicators/groups/{id}/delete", ENTER_INDICATORS, inputs::delete_group)
        .get("/indicators/{key}", VIEW_INDICATORS, pages::indicator)
        .api(VIEW_INDICATORS, routes!(pages::api_figures))
        .get("/open", VIEW_PUBLIC, open::page)
        .get("/open/{file}", VIEW_PUBLIC, open::download)
        .api(VIEW_PUBLIC, routes!(open::api_page))
}

/// Indicators as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "indicators",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[
        NavEntry {
            href: "/indicators",
            label: "nav.indicators",
            permission: VIEW_INDICATORS,
        },
        NavEntry {
            href: "/open",
            label: "nav.open_data",
            permission: VIEW_PUBLIC,
        },
    ],
    messages: &messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: Some(view::start),
    cli: Some(&crate::cli::CLI),
    demo: Some(crate::demo::load),
    firm_panels: &[],
    metrics: crate::metrics::METRICS,
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    (
        "indicators_overview.html",
        include_str!("../../templates/indicators_overview.html"),
    ),
    (
        "indicators_indicator.html",
        include_str!("../../templates/indicators_indicator.html"),
    ),
    (
        "indicators_inputs.html",
        include_str!("../../templates/indicators_inputs.html"),
    ),
    (
        "_indicators_report.html",
        include_str!("../../templates/_indicators_report.html"),
    ),
    (
        "indicators_report.html",
        include_str!("../../templates/indicators_report.html"),
    ),
    (
        "indicators_report_doc.html",
        include_str!("../../templates/indicators_report_doc.html"),
    ),
    (
        "_indicators_bulletin.html",
        include_str!("../../templates/_indicators_bulletin.html"),
    ),
    (
        "indicators_bulletin.html",
        include_str!("../../templates/indicators_bulletin.html"),
    ),
    (
        "indicators_open.html",
        include_str!("../../templates/indicators_open.html"),
    ),
];
