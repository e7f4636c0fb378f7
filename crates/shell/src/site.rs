//! The site: everything the shell builds once from the registered
//! capabilities — the route → permission table, the navigation, the message
//! catalogue, the template environment and the OpenAPI document — and the
//! [`render`] function every page goes through.

use crate::capability::{Capability, Message, NavEntry, RouteSpec, Template};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Catalogue, Lang};
use axum::http::Method;
use axum::response::Html;
use kechuang_kernel::access::{Permission, allows};
use kechuang_kernel::role::Role;
use minijinja::{Environment, State, Value, context};
use std::collections::HashMap;
use std::sync::Arc;

/// The shell's own templates.
pub static TEMPLATES: &[Template] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("api_docs.html", include_str!("../templates/api_docs.html")),
    ("_pager.html", include_str!("../templates/_pager.html")),
    ("_history.html", include_str!("../templates/_history.html")),
];

/// What the shell builds from the capability list.
pub struct Site {
    pub routes: Vec<RouteSpec>,
    table: HashMap<(Method, String), Permission>,
    pub nav: Vec<NavEntry>,
    pub permissions: Vec<Permission>,
    pub catalogue: Arc<Catalogue>,
    /// The kinds of notice the capabilities put in inboxes.
    pub notices: Vec<crate::capability::NoticeKind>,
    /// The panels capabilities add to pages about one firm.
    firm_panels: Vec<crate::capability::FirmPanelFn>,
    /// The figures capabilities compute, which plan targets can bind to.
    pub metrics: Vec<crate::capability::Metric>,
    env: Environment<'static>,
    templates: Vec<Template>,
    pub openapi: serde_json::Value,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("routes", &self.routes.len())
            .field("templates", &self.templates.len())
            .finish_non_exhaustive()
    }
}

impl Site {
    /// The metric with this key, when a capability computes it.
    pub fn metric(&self, key: &str) -> Option<&crate::capability::Metric> {
        self.metrics.iter().find(|m| m.key == key)
    }

    /// Every capability's panel about the firm `code` for this viewer, in
    /// capability order (for a page that has checked the viewer may see it).
    pub async fn firm_panels(
        &self,
        state: &crate::app::AppState,
        ctx: &Ctx,
        code: &str,
    ) -> Result<Vec<String>, AppError> {
        let mut out = Vec::new();
        for panel in &self.firm_panels {
            if let Some(html) = panel(state, ctx, code).await? {
                out.push(html);
            }
        }
        Ok(out)
    }

    /// Builds the site. Errors name what is inconsistent: a template that
    /// does not compile, a message key or a route declared twice.
    pub(crate) fn new(
        capabilities: &[&'static Capability],
        routes: Vec<RouteSpec>,
        openapi: serde_json::Value,
    ) -> Result<Site, String> {
        let mut table = HashMap::new();
        for r in &routes {
            if table.insert((r.method.clone(), r.path.clone()), r.permission).is_some() {
                return Err(format!("route {} {} is declared twice", r.method, r.path));
            }
        }
        let tables: Vec<&[Message]> = std::iter::once(crate::i18n::MESSAGES)
            .chain(capabilities.iter().map(|c| c.messages))
            .collect();
        let catalogue = Arc::new(Catalogue::new(tables)?);
        let mut permissions: Vec<Permission> = kechuang_kernel::access::FOUNDATION.to_vec();
        for c in capabilities {
            for p in c.permissions {
                if permissions.iter().any(|q| q.name == p.name) {
                    return Err(format!("permission {} is declared twice", p.name));
                }
                permissions.push(*p);
            }
        }
        let mut metric_keys = std::collections::HashSet::new();
        for m in capabilities.iter().flat_map(|c| c.metrics.iter()) {
            if !metric_keys.insert(m.key) {
                return Err(format!("metric {} is declared twice", m.key));
            }
        }
        let mut nav = vec![NavEntry {
            href: "/",
            label: "nav.home",
            permission: kechuang_kernel::access::VIEW_WORKSPACE,
        }];
        nav.extend(capabilities.iter().flat_map(|c| c.nav.iter().copied()));
        nav.push(NavEntry {
            href: "/api/docs",
            label: "nav.api",
            permission: kechuang_kernel::access::VIEW_PUBLIC,
        });
        let templates: Vec<Template> = TEMPLATES
            .iter()
            .chain(capabilities.iter().flat_map(|c| c.templates.iter()))
            .copied()
            .collect();
        check_message_keys(&templates, &catalogue)?;
        check_documented(&routes, &openapi)?;
        let env = environment(templates.iter(), catalogue.clone(), &table)?;
        let notices = capabilities.iter().flat_map(|c| c.notices.iter().copied()).collect();
        Ok(Site {
            routes,
            table,
            nav,
            permissions,
            catalogue,
            notices,
            firm_panels: capabilities
                .iter()
                .flat_map(|c| c.firm_panels.iter().copied())
                .collect(),
            metrics: capabilities.iter().flat_map(|c| c.metrics.iter().copied()).collect(),
            env,
            templates,
            openapi,
        })
    }

    /// The permission a route needs, if it is declared.
    pub fn permission(&self, method: &Method, path: &str) -> Option<Permission> {
        self.table.get(&(method.clone(), path.to_owned())).copied()
    }

    /// A notification as the reader reads it in `lang`.
    pub fn tell(&self, lang: Lang, n: &kechuang_kernel::notifications::Notification) -> crate::notice::Told {
        crate::notice::tell(n, &self.notices, &self.catalogue, lang)
    }

    /// Whether any method of `path` is declared.
    pub fn declares_path(&self, path: &str) -> bool {
        self.routes.iter().any(|r| r.path == path)
    }

    /// Every template: (name, source).
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }
}

/// Every `t("key")` in a template names a message of the catalogue.
fn check_message_keys(templates: &[Template], catalogue: &Catalogue) -> Result<(), String> {
    for (name, src) in templates {
        let mut rest = *src;
        while let Some(at) = rest.find("t(\"") {
            let before = rest[..at].chars().last();
            rest = &rest[at + 3..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // another function ending in t, e.g. `select("…")`
            }
            let Some(end) = rest.find('"') else { break };
            let key = &rest[..end];
            // A key built at render time (`t("status." ~ s)`) is not checked.
            let whole = rest[end + 1..].starts_with(')');
            if whole && !catalogue.has_key(key) {
                return Err(format!("template {name} uses unknown message key {key}"));
            }
        }
    }
    Ok(())
}

/// Every API route is in the OpenAPI document.
fn check_documented(routes: &[RouteSpec], openapi: &serde_json::Value) -> Result<(), String> {
    for r in routes {
        if r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json" {
            let documented = openapi["paths"][r.path.as_str()][r.method.as_str().to_ascii_lowercase()].is_object();
            if !documented {
                return Err(format!(
                    "API route {} {} is not in the OpenAPI document",
                    r.method, r.path
                ));
            }
        }
    }
    Ok(())
}

fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or(Lang::Zh)
}

fn role_of(state: &State) -> Role {
    state
        .lookup("role")
        .and_then(|v| v.as_str().and_then(Role::parse))
        .unwrap_or(Role::Public)
}

fn environment<'a>(
    templates: impl Iterator<Item = &'a Template>,
    catalogue: Arc<Catalogue>,
    table: &HashMap<(Method, String), Permission>,
) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    for (name, src) in templates {
        env.add_template(name, src)
            .map_err(|e| format!("template {name} does not compile: {e}"))?;
    }
    let c = catalogue.clone();
    env.add_function("t", move |state: &State, key: &str| c.t(lang_of(state), key));
    env.add_function("role_label", |state: &State, role: &str| {
        let r = Role::parse(role).unwrap_or(Role::Public);
        match lang_of(state) {
            Lang::Zh => r.label_zh().to_owned(),
            Lang::En => r.label_en().to_owned(),
        }
    });
    let c = catalogue;
    env.add_function("action_label", move |state: &State, action: &str| {
        let key = format!("action.{action}");
        let text = c.t(lang_of(state), &key);
        if text == key { action.to_owned() } else { text }
    });
    // `may("/cultivation/clinic/{code}")`: whether the viewer may open a page
    // of the route pattern given (false when no capability serves it), so a
    // page links to another capability's pages only where they exist and
    // are allowed.
    let gets: HashMap<String, Permission> = table
        .iter()
        .filter(|((m, _), _)| *m == Method::GET)
        .map(|((_, p), perm)| (p.clone(), *perm))
        .collect();
    env.add_function("may", move |state: &State, path: &str| {
        gets.get(path).is_some_and(|p| allows(role_of(state), *p))
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
            .map(|d| kechuang_kernel::clock::china_time_text(d.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| v.to_owned())
    });
    Ok(env)
}

/// Renders `name` with the common page context plus `extra`.
pub fn render(ctx: &Ctx, name: &str, extra: Value) -> Result<Html<String>, AppError> {
    let site = &ctx.site;
    let tmpl = site
        .env
        .get_template(name)
        .map_err(|e| AppError::internal(format!("template {name}"), e))?;
    let role = ctx.principal.role;
    let nav: Vec<Value> = site
        .nav
        .iter()
        .filter(|n| allows(role, n.permission))
        .map(|n| context! { href => n.href, label => site.catalogue.t(ctx.lang, n.label) })
        .collect();
    let user = ctx.user.as_ref().map(|u| {
        context! { id => u.id, username => u.username, display_name => u.display_name, role => u.role,
        region_name => u.region_name, enterprise_code => u.enterprise_code,
        must_change_password => u.must_change_password, email => u.email }
    });
    let base = context! {
        lang => ctx.lang.as_str(),
        role => role.as_str(),
        csrf => ctx.csrf,
        user => user,
        nav => nav,
        demo => ctx.demo,
    };
    let full = context! { ..base, ..extra };
    tmpl.render(full)
        .map(Html)
        .map_err(|e| AppError::internal(format!("render {name}"), e))
}
