//! Plans and supervision: upload a policy document, review and correct what
//! the parser extracted, publish, report progress per region, update tasks,
//! watch the supervision board, and score counties (考核).

mod api;
mod assessment;
mod board;
mod export;
mod highlight;
mod import;
mod messages;
mod review;
mod supervise;

use crate::access::*;
use kechuang_shell::{Capability, NavEntry, Routes};
use utoipa_axum::routes;

pub use import::new_plan as draft_plan;

/// The routes, each with the permission it needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/plans", VIEW_PLANS, review::list)
        .post("/plans", MANAGE_PLANS, review::upload)
        .get("/plans/{id}", VIEW_PLANS, supervise::board)
        .post("/plans/{id}", MANAGE_PLANS, review::update_header)
        .get("/plans/{id}/review", MANAGE_PLANS, review::page)
        .post("/plans/{id}/publish", MANAGE_PLANS, review::publish)
        .post("/plans/{id}/items/{kind}", MANAGE_PLANS, review::add_item)
        .post("/plans/{id}/items/{kind}/{item}", MANAGE_PLANS, review::change_item)
        .get("/plans/{id}/targets/{item}", VIEW_PLANS, supervise::target_page)
        .post(
            "/plans/{id}/targets/{item}/reports",
            REPORT_PROGRESS,
            supervise::add_report,
        )
        .get(
            "/plans/{id}/reports/{item}/attachment",
            VIEW_PLANS,
            supervise::attachment,
        )
        .get("/plans/{id}/tasks/{item}", VIEW_PLANS, supervise::task_page)
        .post(
            "/plans/{id}/tasks/{item}/updates",
            REPORT_PROGRESS,
            supervise::add_task_update,
        )
        .get("/plans/{id}/export", VIEW_PLANS, export::plan_xlsx)
        .get("/plans/{id}/print", VIEW_PLANS, supervise::print)
        .get("/assessments", VIEW_PLANS, assessment::list)
        .post("/assessments", MANAGE_PLANS, assessment::create)
        .get("/assessments/{id}", VIEW_PLANS, assessment::page)
        .post("/assessments/{id}", MANAGE_PLANS, assessment::update)
        .get("/assessments/{id}/export", VIEW_PLANS, export::assessment_xlsx)
        .api(VIEW_PLANS, routes!(api::list))
        .api(MANAGE_PLANS, routes!(api::upload))
        .api(VIEW_PLANS, routes!(api::detail))
        .api(MANAGE_PLANS, routes!(api::publish))
        .api(REPORT_PROGRESS, routes!(api::report))
        .api(VIEW_PLANS, routes!(api::assessment_scores))
}

/// Plans and supervision as the shell registers it.
pub static CAPABILITY: Capability = Capability {
    name: "plans",
    permissions: crate::access::ALL,
    schema: Some(&crate::schema::SCHEMA),
    routes,
    nav: &[
        NavEntry {
            href: "/plans",
            label: "nav.plans",
            permission: VIEW_PLANS,
        },
        NavEntry {
            href: "/assessments",
            label: "nav.assessments",
            permission: VIEW_PLANS,
        },
    ],
    messages: messages::MESSAGES,
    templates: TEMPLATES,
    notices: &[],
    start: None,
    cli: Some(&crate::cli::CLI),
    demo: Some(crate::demo::load),
    firm_panels: &[],
    metrics: &[],
};

static TEMPLATES: &[kechuang_shell::capability::Template] = &[
    ("assessment.html", include_str!("../../templates/assessment.html")),
    ("assessments.html", include_str!("../../templates/assessments.html")),
    ("plan_board.html", include_str!("../../templates/plan_board.html")),
    ("plan_print.html", include_str!("../../templates/plan_print.html")),
    ("plan_review.html", include_str!("../../templates/plan_review.html")),
    ("plan_target.html", include_str!("../../templates/plan_target.html")),
    ("plan_task.html", include_str!("../../templates/plan_task.html")),
    ("plans.html", include_str!("../../templates/plans.html")),
];

/// Target kinds with their labels, for forms.
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("level", "总量 / level"),
    ("increase", "期内新增 / increase over the period"),
    ("annual_increase", "每年新增 / increase per year"),
    ("growth_rate", "增长率 / growth rate"),
    ("share", "比重 / share"),
];
