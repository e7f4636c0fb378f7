//! API tokens of the caller's own account.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum_extra::extract::WithRejection;
use kechuang_kernel::tokens::ApiToken;
use kechuang_shell::AppState;
use kechuang_shell::api::{ApiJson, ApiPath};
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The caller's tokens (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "account", responses((status = 200, body = Vec<ApiToken>)))]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<ApiToken>>, AppError> {
    let uid = ctx.principal.user_id.ok_or(AppError::Unauthorized)?;
    Ok(Json(state.db.tokens_of(uid).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenBody {
    pub name: String,
    /// Days until expiry, 1-3650; absent for no expiry.
    pub days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct NewToken {
    /// The secret, shown only in this response.
    pub token: String,
    pub record: ApiToken,
}

/// Creates a token acting as the caller.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "account", request_body = NewTokenBody,
    responses((status = 201, body = NewToken), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Json(b), _): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, Json<NewToken>), AppError> {
    let expires = match b.days {
        Some(n) if (1..=3650).contains(&n) => Some(kechuang_kernel::now() + chrono::Duration::days(n)),
        Some(_) => {
            return Err(AppError::invalid("days", "有效天数须为1-3650 / days must be 1-3650"));
        }
        None => None,
    };
    let (token, record) = state.db.create_token(&ctx.actor(), &b.name, expires).await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, record })))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "account", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    state.db.revoke_token(&ctx.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
