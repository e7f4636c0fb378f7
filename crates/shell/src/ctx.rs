//! Who is asking: resolves the session cookie or bearer token of each request
//! into a [`Ctx`] (principal, language, CSRF token, client address) that the
//! access check, CSRF guard and handlers read from the request extensions.

use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::site::Site;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Principal;
use kechuang_kernel::users::User;
use std::net::SocketAddr;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "kc_session";
pub const PRE_SESSION_COOKIE: &str = "kc_pre";
pub const LANG_COOKIE: &str = "kc_lang";

/// How the request proved who it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthVia {
    Anonymous,
    Session,
    Token,
}

/// The resolved request context.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub principal: Principal,
    pub user: Option<User>,
    pub via: AuthVia,
    /// The CSRF token this client must echo: the session's, or the
    /// pre-session cookie's for anonymous forms (sign-in).
    pub csrf: String,
    pub session_token: Option<String>,
    pub lang: Lang,
    pub ip: Option<String>,
    pub demo: Option<String>,
    /// The site the request is served by (templates, messages, routes).
    pub site: Arc<Site>,
}

impl Ctx {
    pub fn actor(&self) -> Actor {
        Actor::new(self.principal.clone(), self.ip.clone())
    }

    /// The message `key` in the request's language.
    pub fn t(&self, key: &str) -> String {
        self.site.catalogue.t(self.lang, key)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::bug("request context missing"))
    }
}

fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(fwd) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = fwd.split(',').next()
    {
        return Some(first.trim().to_owned());
    }
    peer.map(|p| p.ip().to_string())
}

/// Middleware: builds the [`Ctx`] and sets the pre-session cookie when a
/// browser has none yet.
pub async fn resolve(State(state): State<AppState>, jar: CookieJar, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let ip = client_ip(req.headers(), peer, state.config.trust_proxy);
    let lang = jar
        .get(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or(Lang::Zh);
    let demo = state.demo.clone();
    let mut ctx = Ctx {
        principal: Principal::public(),
        user: None,
        via: AuthVia::Anonymous,
        csrf: String::new(),
        session_token: None,
        lang,
        ip,
        demo,
        site: state.site.clone(),
    };
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    if let Some(token) = bearer {
        match state.db.user_for_token(&token).await {
            Ok(Some(user)) => {
                ctx.principal = user.principal();
                ctx.user = Some(user);
                ctx.via = AuthVia::Token;
            }
            Ok(None) => {}
            // A database that cannot be asked is an error, never an
            // anonymous visitor.
            Err(e) => return AppError::internal("resolving the API token", e).into_response(),
        }
    } else if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match state.db.session(cookie.value()).await {
            Ok(Some(s)) => {
                ctx.principal = s.user.principal();
                ctx.user = Some(s.user);
                ctx.via = AuthVia::Session;
                ctx.csrf = s.csrf_token;
                ctx.session_token = Some(cookie.value().to_owned());
            }
            Ok(None) => {}
            Err(e) => return AppError::internal("resolving the session", e).into_response(),
        }
    }
    let mut new_pre = None;
    if ctx.via == AuthVia::Anonymous {
        match jar.get(PRE_SESSION_COOKIE) {
            Some(c) if c.value().len() >= 32 => ctx.csrf = c.value().to_owned(),
            _ => {
                let t = kechuang_kernel::sessions::random_token();
                ctx.csrf = t.clone();
                new_pre = Some(t);
            }
        }
    }
    req.extensions_mut().insert(ctx);
    let mut resp = next.run(req).await;
    if let Some(t) = new_pre {
        let c = cookie(PRE_SESSION_COOKIE, t, state.config.secure_cookies);
        if let Ok(v) = c.to_string().parse() {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// An HttpOnly, SameSite=Lax cookie for the whole site.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}
