//! Incentives in the web UI and the API: the published policies, a firm's
//! entitlements and applications with the policy calculator, the staff's
//! entitlements, reviews, budgets, payment batches, the 应享未享 funnel, the
//! set-up (rule sets applied, parameters, running the rules) and the draft
//! preview. The rules are `crate::rules` and `crate::engine`; storage is
//! `crate::store`; running them is `crate::service`.

mod api;
mod applications;
mod entitlements;
mod firm;
mod funnel;
mod messages;
mod money;
mod policies;
mod setup;
mod tasks;
mod view;

pub use money::SHEET_HEADERS;
pub use tasks::{LAST_RUN, RULES_DIR, run_and_keep};

use crate::access::*;
use kechuang_shell::{Capability, NavEntry, NoticeKind, Routes};
use utoipa_axum::routes;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/incentives/policies", VIEW_POLICIES, policies::list)
        .get("/incentives/policies/{set}/{rule}", VIEW_POLICIES, policies::rule)
        .get("/incentives/mine", CLAIM_INCENTIVES, firm::page)
        .get("/incentives/calculator", CLAIM_INCENTIVES, firm::calculator)
        .get("/incentives/calculator/{code}", VIEW_INCENTIVES, firm::calculator_for)
        .post("/incentives/mine/{id}/confirm", CLAIM_INCENTIVES, firm::confirm)
        .post("/incentives/mine/{id}/decline", CLAIM_INCENTIVES, firm::decline)
        .get("/incentives/apply", CLAIM_INCENTIVES, applications::new_form)
        .post("/incentives/apply", CLAIM_INCENTIVES, applications::create)
        .get(
            "/incentives/apply/{code}",
            REVIEW_INCENTIVES,
            applications::new_form_for,
        )
        .post("/incentives/apply/{code}", REVIEW_INCENTIVES, applications::create_for)
        .get("/incentives", VIEW_INCENTIVES, funnel::page)
        .get("/incentives/unpaid", VIEW_INCENTIVES, funnel::unpaid)
        .get("/incentives/entitlements", VIEW_INCENTIVES, entitlements::list)
        .get("/incentives/entitlements/{id}", VIEW_INCENTIVES, entitlements::page)
        .post(
            "/incentives/entitlements/{id}/approve",
            MANAGE_INCENTIVES,
            entitlements::approve,
        )
        .post(
            "/incentives/entitlements/{id}/refuse",
            MANAGE_INCENTIVES,
            entitlements::refuse,
        )
        .post(
            "/incentives/entitlements/{id}/claw-back",
            MANAGE_INCENTIVES,
            entitlements::claw_back,
        )
        .get("/incentives/applications", VIEW_INCENTIVES, applications::list)
        .get("/incentives/applications/{id}", VIEW_APPLICATION, applications::page)
        .post(
            "/incentives/applications/{id}/review",
            REVIEW_INCENTIVES,
            applications::review,
        )
        .post(
            "/incentives/applications/{id}/withdraw",
            CLAIM_INCENTIVES,
            applications::withdraw,
        )
        .post(
            "/incentives/applications/{id}/correct",
            CLAIM_INCENTIVES,
            applications::correct,
        )
        .post(
            "/incentives/applications/{id}/attachments",
            CLAIM_INCENTIVES,
            applications::attach,
        )
        .get("/incentives/attachments/{id}", VIEW_APPLICATION, applications::download)
        .get("/incentives/events/new", REVIEW_INCENTIVES, setup::event_form)
        .post("/incentives/events", REVIEW_INCENTIVES, setup::record_event)
        .get("/incentives/budgets", VIEW_INCENTIVES, money::budgets)
        .post("/incentives/budgets", MANAGE_INCENTIVES, money::set_budget)
        .get("/incentives/batches", VIEW_INCENTIVES, money::batches)
        .post("/incentives/batches", MANAGE_INCENTIVES, money::create_batch)
        .get("/incentives/batches/{id}", VIEW_INCENTIVES, money::batch)
        .get("/incentives/batches/{id}/sheet", MANAGE_INCENTIVES, money::export)
        .post("/incentives/batches/{id}/settle", MANAGE_INCENTIVES, money::settle)
        .get("/incentives/setup", MANAGE_INCENTIVES, setup::page)
        .post("/incentives/setup/enact", MANAGE_INCENTIVES, setup::enact)
        .post("/incentives/setup/parameter", MANAGE_INCENTIVES, setup::parameter)
        .post("/incentives/setup/run", MANAGE_INCENTIVES, setup::run)
        .get("/incentives/preview", MANAGE_INCENTIVES, setup::preview)
        .api(VIEW_POLICIES, routes!(api::compute))
        .api(VIEW_INCENTIVES, routes!(api::funnel))
        .api(VIEW_INCENTIVES, routes!(api::entitlements))
}

/// Incentives as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "incentives",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[
        NavEntry {
            href: "/incentives",
            label: "nav.incentives",
            permission: VIEW_INCENTIVES,
        },
        NavEntry {
            href: "/incentives/mine",
            label: "nav.my_incentives",
            permission: CLAIM_INCENTIVES,
        },
        NavEntry {
            href: "/incentives/policies",
            label: "nav.policies",
            permission: VIEW_POLICIES,
        },
    ],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[NoticeKind {
        kind: crate::service::NOTICE_FOUND,
        text: "notice.entitlement_found",
        link: "/incentives/mine#e{id}",
    }],
    start: Some(tasks::start),
    cli: Some(&crate::cli::CLI),
    demo: Some(crate::demo::load),
    firm_panels: &[firm::firm_panel],
    metrics: &crate::metrics::METRICS,
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    (
        "_incentive_facts.html",
        include_str!("../../templates/_incentive_facts.html"),
    ),
    (
        "_incentive_rows.html",
        include_str!("../../templates/_incentive_rows.html"),
    ),
    (
        "incentives_policies.html",
        include_str!("../../templates/incentives_policies.html"),
    ),
    (
        "incentives_rule.html",
        include_str!("../../templates/incentives_rule.html"),
    ),
    (
        "incentives_mine.html",
        include_str!("../../templates/incentives_mine.html"),
    ),
    (
        "incentives_calculator.html",
        include_str!("../../templates/incentives_calculator.html"),
    ),
    (
        "incentives_firm_panel.html",
        include_str!("../../templates/incentives_firm_panel.html"),
    ),
    (
        "incentives_apply.html",
        include_str!("../../templates/incentives_apply.html"),
    ),
    (
        "incentives_funnel.html",
        include_str!("../../templates/incentives_funnel.html"),
    ),
    (
        "incentives_unpaid.html",
        include_str!("../../templates/incentives_unpaid.html"),
    ),
    (
        "incentives_entitlements.html",
        include_str!("../../templates/incentives_entitlements.html"),
    ),
    (
        "incentives_entitlement.html",
        include_str!("../../templates/incentives_entitlement.html"),
    ),
    (
        "incentives_applications.html",
        include_str!("../../templates/incentives_applications.html"),
    ),
    (
        "incentives_application.html",
        include_str!("../../templates/incentives_application.html"),
    ),
    (
        "incentives_event.html",
        include_str!("../../templates/incentives_event.html"),
    ),
    (
        "incentives_budgets.html",
        include_str!("../../templates/incentives_budgets.html"),
    ),
    (
        "incentives_batches.html",
        include_str!("../../templates/incentives_batches.html"),
    ),
    (
        "incentives_batch.html",
        include_str!("../../templates/incentives_batch.html"),
    ),
    (
        "incentives_setup.html",
        include_str!("../../templates/incentives_setup.html"),
    ),
    (
        "incentives_preview.html",
        include_str!("../../templates/incentives_preview.html"),
    ),
];
