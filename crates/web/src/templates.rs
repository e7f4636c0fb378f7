//! Page templates (minijinja, embedded in the binary) and the page context
//! every template receives: language, signed-in user, navigation allowed to
//! the user's role, CSRF token, demo marker.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, t};
use axum::response::Html;
use kechuang_kernel::access::{Permission, allows};
use kechuang_kernel::role::Role;
use minijinja::{Environment, State, Value, context};
use std::sync::LazyLock;

/// Template sources, compiled into the binary.
pub static SOURCES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("user_edit.html", include_str!("../templates/user_edit.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("regions.html", include_str!("../templates/regions.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("api_docs.html", include_str!("../templates/api_docs.html")),
    ("plans.html", include_str!("../templates/plans.html")),
    ("plan_review.html", include_str!("../templates/plan_review.html")),
    ("plan_board.html", include_str!("../templates/plan_board.html")),
    ("plan_target.html", include_str!("../templates/plan_target.html")),
    ("plan_task.html", include_str!("../templates/plan_task.html")),
    ("plan_print.html", include_str!("../templates/plan_print.html")),
    ("assessments.html", include_str!("../templates/assessments.html")),
    ("assessment.html", include_str!("../templates/assessment.html")),
    ("_registry_nav.html", include_str!("../templates/_registry_nav.html")),
    ("_pager.html", include_str!("../templates/_pager.html")),
    ("_history.html", include_str!("../templates/_history.html")),
    (
        "registry_enterprises.html",
        include_str!("../templates/registry_enterprises.html"),
    ),
    (
        "registry_enterprise.html",
        include_str!("../templates/registry_enterprise.html"),
    ),
    ("registry_form.html", include_str!("../templates/registry_form.html")),
    (
        "registry_records.html",
        include_str!("../templates/registry_records.html"),
    ),
    (
        "cultivation_clinic.html",
        include_str!("../templates/cultivation_clinic.html"),
    ),
    (
        "cultivation_pipeline.html",
        include_str!("../templates/cultivation_pipeline.html"),
    ),
    (
        "cultivation_pools.html",
        include_str!("../templates/cultivation_pools.html"),
    ),
    (
        "cultivation_bank.html",
        include_str!("../templates/cultivation_bank.html"),
    ),
    (
        "cultivation_commissioners.html",
        include_str!("../templates/cultivation_commissioners.html"),
    ),
    (
        "registry_record.html",
        include_str!("../templates/registry_record.html"),
    ),
    (
        "registry_import.html",
        include_str!("../templates/registry_import.html"),
    ),
    (
        "registry_import_run.html",
        include_str!("../templates/registry_import_run.html"),
    ),
    (
        "registry_counts.html",
        include_str!("../templates/registry_counts.html"),
    ),
    (
        "registry_proposals.html",
        include_str!("../templates/registry_proposals.html"),
    ),
    (
        "registry_duplicates.html",
        include_str!("../templates/registry_duplicates.html"),
    ),
    ("market_home.html", include_str!("../templates/market_home.html")),
    ("market_why.html", include_str!("../templates/market_why.html")),
    ("market_fields.html", include_str!("../templates/market_fields.html")),
    (
        "market_achievement_new.html",
        include_str!("../templates/market_achievement_new.html"),
    ),
    (
        "market_achievement.html",
        include_str!("../templates/market_achievement.html"),
    ),
    (
        "market_demand_new.html",
        include_str!("../templates/market_demand_new.html"),
    ),
    ("market_demand.html", include_str!("../templates/market_demand.html")),
    ("market_list.html", include_str!("../templates/market_list.html")),
    ("market_browse.html", include_str!("../templates/market_browse.html")),
    ("market_push.html", include_str!("../templates/market_push.html")),
    ("market_pushed.html", include_str!("../templates/market_pushed.html")),
    ("inbox.html", include_str!("../templates/inbox.html")),
    (
        "market_challenges.html",
        include_str!("../templates/market_challenges.html"),
    ),
    (
        "market_challenge_new.html",
        include_str!("../templates/market_challenge_new.html"),
    ),
    (
        "market_challenge.html",
        include_str!("../templates/market_challenge.html"),
    ),
    (
        "market_contracts.html",
        include_str!("../templates/market_contracts.html"),
    ),
    (
        "market_contract_new.html",
        include_str!("../templates/market_contract_new.html"),
    ),
    (
        "market_contract.html",
        include_str!("../templates/market_contract.html"),
    ),
    (
        "market_contract_stats.html",
        include_str!("../templates/market_contract_stats.html"),
    ),
    ("credit_records.html", include_str!("../templates/credit_records.html")),
    ("credit_new.html", include_str!("../templates/credit_new.html")),
    ("credit_record.html", include_str!("../templates/credit_record.html")),
];

/// Navigation entries: (href, message key, permission needed).
static NAV: &[(&str, &str, Permission)] = &[
    ("/", "nav.home", Permission::ViewWorkspace),
    ("/regions", "nav.regions", Permission::ViewPublic),
    ("/registry", "nav.registry", Permission::ViewRegistry),
    ("/cultivation/clinic", "nav.clinic", Permission::ViewClinic),
    ("/cultivation/pipeline", "nav.pipeline", Permission::ViewPipeline),
    ("/cultivation/pools", "nav.pools", Permission::ViewPipeline),
    (
        "/cultivation/commissioners",
        "nav.commissioners",
        Permission::ViewPipeline,
    ),
    ("/cultivation/bank", "nav.bank", Permission::ViewBankList),
    ("/market", "nav.market", Permission::ViewMarket),
    ("/market/contracts", "nav.contracts", Permission::ViewContracts),
    ("/credit", "nav.credit", Permission::ViewCredit),
    ("/inbox", "nav.inbox", Permission::UseMarketTools),
    ("/plans", "nav.plans", Permission::ViewPlans),
    ("/assessments", "nav.assessments", Permission::ViewPlans),
    ("/admin/users", "nav.users", Permission::ViewUsers),
    ("/admin/audit", "nav.audit", Permission::ViewAudit),
    ("/account", "nav.account", Permission::ViewOwnAccount),
    ("/api/docs", "nav.api", Permission::ViewPublic),
];

fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or(Lang::Zh)
}

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, src) in SOURCES {
        if let Err(e) = env.add_template(name, src) {
            panic!("template {name} does not compile: {e}");
        }
    }
    env.add_function("t", |state: &State, key: &str| t(lang_of(state), key));
    env.add_function("role_label", |state: &State, role: &str| {
        let r = Role::parse(role).unwrap_or(Role::Public);
        match lang_of(state) {
            Lang::Zh => r.label_zh().to_owned(),
            Lang::En => r.label_en().to_owned(),
        }
    });
    env.add_function("action_label", |state: &State, action: &str| {
        let key = format!("action.{action}");
        let text = t(lang_of(state), &key);
        if text == key { action.to_owned() } else { text }
    });
    env.add_filter("num", |v: minijinja::Value| -> String {
        match f64::try_from(v.clone()) {
            Ok(x) if x.is_finite() => {
                let s = format!("{x:.4}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                if s == "-0" { "0".to_owned() } else { s.to_owned() }
            }
            _ if v.is_none() || v.is_undefined() => String::new(),
            _ => v.to_string(),
        }
    });
    env.add_filter("datetime", |v: &str| {
        chrono::DateTime::parse_from_rfc3339(v)
            .map(|d| {
                d.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| v.to_owned())
    });
    env
});

/// Renders `name` with the common page context plus `extra`.
pub fn render(ctx: &Ctx, name: &str, extra: Value) -> Result<Html<String>, AppError> {
    let tmpl = ENV
        .get_template(name)
        .map_err(|e| AppError::Internal(format!("template {name}: {e}")))?;
    let role = ctx.principal.role;
    let nav: Vec<Value> = NAV
        .iter()
        .filter(|(_, _, p)| allows(role, *p))
        .map(|(href, key, _)| context! { href => *href, label => t(ctx.lang, key) })
        .collect();
    let user = ctx.user.as_ref().map(|u| {
        context! { id => u.id, username => u.username, display_name => u.display_name, role => u.role,
        region_name => u.region_name, enterprise_code => u.enterprise_code,
        must_change_password => u.must_change_password, email => u.email }
    });
    let base = context! {
        lang => ctx.lang.as_str(),
        csrf => ctx.csrf,
        user => user,
        nav => nav,
        demo => ctx.demo,
        can_manage_registry => allows(role, Permission::ManageRegistry),
        can_review_registry => allows(role, Permission::ReviewRegistry),
    };
    let full = context! { ..base, ..extra };
    tmpl.render(full)
        .map(Html)
        .map_err(|e| AppError::Internal(format!("render {name}: {e:#}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_templates_compile() {
        assert!(super::ENV.templates().count() >= super::SOURCES.len());
    }
}
