//! Sign-in, sign-out and the language switch.
//!
//! Sign-in is rate limited per account and per client address by counters
//! in the database (`kechuang_kernel::limits`), taken atomically before the
//! password is checked, so the limit holds across all instances sharing one
//! database and under concurrent attempts. Failures are also audited.

use crate::app::AppState;
use crate::ctx::{Ctx, LANG_COOKIE, SESSION_COOKIE, cookie};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::password::verify_password;
use crate::site::render;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use kechuang_kernel::audit::{Actor, Change};
use kechuang_kernel::limits::Limit;
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    changed: Option<String>,
}

/// Only local paths are followed after sign-in (no open redirects).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if super::is_local_path(n) => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.principal.is_authenticated() {
        return Ok(super::see_other(&safe_next(q.next.as_deref())));
    }
    let flash = q.changed.is_some().then(|| ctx.t("login.password_changed"));
    Ok(render(
        &ctx,
        "login.html",
        context! { next => safe_next(q.next.as_deref()), flash => flash },
    )?
    .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let cfg = &state.config;
    let username = form.username.trim().to_ascii_lowercase();
    let next = safe_next(form.next.as_deref());
    // every attempt takes a unit of the account's and the address's limits
    // before the password is checked, in one statement each, so concurrent
    // attempts cannot all slip under the limit; a success gives them back
    let now = kechuang_kernel::now();
    let window_secs = cfg.login_window_minutes * 60;
    let by_name = Limit {
        max: cfg.login_max_failures,
        window_secs,
    };
    let by_ip = Limit {
        max: cfg.login_max_failures_per_ip,
        window_secs,
    };
    let name_key = format!("login:user:{username}");
    let ip_key = ctx.ip.as_ref().map(|ip| format!("login:ip:{ip}"));
    let name_ok = state.db.take(&name_key, by_name, now).await?;
    let ip_ok = match &ip_key {
        Some(k) => state.db.take(k, by_ip, now).await?,
        None => true,
    };
    let fail_page = |status: StatusCode, message: String| -> Result<Response, AppError> {
        let html = render(
            &ctx,
            "login.html",
            context! { error => message, username => username, next => next },
        )?;
        Ok((status, html).into_response())
    };
    if !name_ok || !ip_ok {
        let msg = format!(
            "登录失败次数过多，请{}分钟后再试 / too many failed sign-ins; try again in {} minutes",
            cfg.login_window_minutes, cfg.login_window_minutes
        );
        return fail_page(StatusCode::TOO_MANY_REQUESTS, msg);
    }
    let found = state.db.user_for_login(&username).await?;
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let ok = verify_password(form.password, hash).await?;
    let user = match found {
        Some((user, _)) if ok && user.active => user,
        other => {
            let region = other.as_ref().and_then(|(u, _)| u.region_path.clone());
            let actor = Actor::new(ctx.principal.clone(), ctx.ip.clone());
            state
                .db
                .record_event(
                    &actor,
                    Change::new("login_failed", "user", &username, region.as_deref(), None, None),
                )
                .await?;
            return fail_page(StatusCode::UNAUTHORIZED, ctx.t("login.failed"));
        }
    };
    state.db.give_back(&name_key).await?;
    if let Some(k) = &ip_key {
        state.db.give_back(k).await?;
    }
    let actor = Actor::new(user.principal(), ctx.ip.clone());
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect());
    let (token, _) = state
        .db
        .create_session(&actor, &user, chrono::Duration::hours(cfg.session_hours), ua)
        .await?;
    let jar = jar
        .add(cookie(SESSION_COOKIE, token, cfg.secure_cookies))
        .remove(Cookie::from(crate::ctx::PRE_SESSION_COOKIE));
    let to = if user.must_change_password {
        "/account".to_owned()
    } else {
        next
    };
    Ok((jar, super::see_other(&to)).into_response())
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx, jar: CookieJar) -> Result<Response, AppError> {
    if let Some(token) = &ctx.session_token {
        state.db.end_session(&ctx.actor(), token).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, super::see_other("/")).into_response())
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
}

pub async fn set_lang(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(f): Form<LangForm>,
) -> Response {
    let lang = Lang::parse(&f.lang).unwrap_or(Lang::Zh);
    let mut c = cookie(LANG_COOKIE, lang.as_str().to_owned(), state.config.secure_cookies);
    c.make_permanent();
    // back to the page the switch was pressed on, when it is one of ours
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .map(|p| safe_next(Some(p)))
        .unwrap_or_else(|| "/".to_owned());
    (jar.add(c), super::see_other(&back)).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_local_only() {
        let cases = [
            (None, "/"),
            (Some("/admin/users"), "/admin/users"),
            (Some("//evil.example"), "/"),
            (Some("https://evil.example/"), "/"),
            (Some("/\\evil"), "/"),
            (Some("/\t/example.com"), "/"),
            (Some("/ /example.com"), "/"),
            (Some("/a\nb"), "/"),
            (Some("/a\u{0}b"), "/"),
            (Some("/registry?q=%E7%A7%91"), "/registry?q=%E7%A7%91"),
            (Some(""), "/"),
        ];
        for (input, want) in cases {
            assert_eq!(safe_next(input), want, "{input:?}");
        }
    }
}
