//! One's own account: password change, the e-mail address inbox messages
//! are copied to, and API tokens.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use kechuang_kernel::user::{Email, check_password};
use kechuang_shell::AppState;
use kechuang_shell::ctx::{Ctx, SESSION_COOKIE};
use kechuang_shell::error::AppError;
use kechuang_shell::password::{hash_password, verify_password};
use kechuang_shell::render;
use kechuang_shell::ui::{opt, see_other};
use minijinja::{Value, context};
use serde::Deserialize;

async fn page_with(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let Some(uid) = ctx.principal.user_id else {
        return Err(AppError::Unauthorized);
    };
    let tokens = state.db.tokens_of(uid).await?;
    let status = error.as_ref().map(|e| e.status()).unwrap_or(axum::http::StatusCode::OK);
    let html = render(
        ctx,
        "account.html",
        context! {
            tokens => Value::from_serialize(&tokens), new_token => new_token, form_error => error.map(|e| e.to_string()),
            smtp => state.config.smtp.is_some(),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    page_with(&state, &ctx, None, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let Some(user) = ctx.user.clone() else {
        return Err(AppError::Unauthorized);
    };
    let stored = state.db.user_for_login(&user.username).await?.map(|(_, h)| h);
    if !verify_password(f.current, stored).await? {
        return page_with(
            &state,
            &ctx,
            None,
            Some(AppError::invalid(
                "current",
                "当前密码不正确 / current password is wrong",
            )),
        )
        .await;
    }
    if let Err(e) = check_password(&user.username, &f.new) {
        return page_with(&state, &ctx, None, Some(e.into())).await;
    }
    let hash = hash_password(f.new).await?;
    state.db.set_password(&ctx.actor(), user.id, &hash, false).await?;
    // all sessions of the account ended: sign in again with the new password
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, see_other("/login?changed=1")).into_response())
}

#[derive(Deserialize)]
pub struct EmailForm {
    email: String,
}

/// `POST /account/email`: sets or (empty) clears one's e-mail address.
pub async fn set_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<EmailForm>,
) -> Result<Response, AppError> {
    let Some(uid) = ctx.principal.user_id else {
        return Err(AppError::Unauthorized);
    };
    let email = match f.email.trim() {
        "" => None,
        s => match Email::parse(s) {
            Ok(e) => Some(e),
            Err(e) => return page_with(&state, &ctx, None, Some(e.into())).await,
        },
    };
    state.db.set_email(&ctx.actor(), uid, email.as_ref()).await?;
    Ok(see_other("/account?email=1"))
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    days: Option<String>,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    let expires = match opt(&f.days) {
        Some(d) => match d.parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => Some(kechuang_kernel::now() + chrono::Duration::days(n)),
            _ => {
                return page_with(
                    &state,
                    &ctx,
                    None,
                    Some(AppError::invalid("days", "有效天数须为1-3650 / days must be 1-3650")),
                )
                .await;
            }
        },
        None => None,
    };
    match state.db.create_token(&ctx.actor(), &f.name, expires).await {
        Ok((secret, _)) => page_with(&state, &ctx, Some(secret), None).await,
        Err(e) => page_with(&state, &ctx, None, Some(e.into())).await,
    }
}

pub async fn revoke_token(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    state.db.revoke_token(&ctx.actor(), id).await?;
    Ok(see_other("/account"))
}
