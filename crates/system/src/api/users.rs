//! Users API: scoped listing, creation, editing with optimistic concurrency,
//! password reset by administrators.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum_extra::extract::WithRejection;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::role::Role;
use kechuang_kernel::user::{DisplayName, Username, check_password};
use kechuang_kernel::users::{NewUser, User, UserFilter, UserPatch};
use kechuang_shell::AppState;
use kechuang_shell::api::{ApiJson, ApiPath, ApiQuery};
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::{AppError, ErrorBody};
use kechuang_shell::password::hash_password;
use kechuang_shell::ui::scope_of;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Part of the username or display name.
    pub q: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub offset: i64,
    /// Page size, 1-1000 (default 50).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub total: i64,
    pub items: Vec<User>,
}

fn role_param(s: &str) -> Result<Role, AppError> {
    Role::parse(s)
        .filter(|r| *r != Role::Public)
        .ok_or_else(|| AppError::invalid("role", format!("未知角色 / unknown role: {s}")))
}

fn credit_code(s: Option<String>) -> Result<Option<String>, AppError> {
    match s.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(c) => Ok(Some(
            CreditCode::parse(c)
                .map_err(|e| AppError::invalid("enterprise_code", e.to_string()))?
                .as_str()
                .to_owned(),
        )),
        None => Ok(None),
    }
}

/// Accounts in the caller's scope.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(ListParams),
    responses((status = 200, body = UserPage), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Query(p), _): ApiQuery<ListParams>,
) -> Result<Json<UserPage>, AppError> {
    let scope = scope_of(&ctx)?;
    let role = p
        .role
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(role_param)
        .transpose()?;
    let f = UserFilter {
        role,
        query: p.q,
        offset: p.offset,
        limit: p.limit.unwrap_or(50),
    };
    let (items, total) = state.db.users(Some(&scope), &f).await?;
    Ok(Json(UserPage { total, items }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region_id: i64,
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    /// The organisation the account works for (e.g. 市科技局).
    pub unit: Option<String>,
    /// Initial password; the user must change it at first sign-in.
    pub password: String,
}

/// Creates an account in the caller's scope.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = User), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Json(b), _): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<User>), AppError> {
    let username = Username::parse(&b.username)?;
    let display_name = DisplayName::parse(&b.display_name)?;
    let role = role_param(&b.role)?;
    check_password(username.as_str(), &b.password)?;
    let new = NewUser {
        username,
        display_name,
        password_hash: hash_password(b.password).await?,
        role,
        region_id: b.region_id,
        enterprise_code: credit_code(b.enterprise_code)?,
        institution_id: b.institution_id,
        unit: b.unit.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()),
        must_change_password: true,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.db.create_user(&ctx.actor(), new).await?),
    ))
}

/// One account in the caller's scope.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
) -> Result<Json<User>, AppError> {
    let scope = scope_of(&ctx)?;
    let user = state.db.user(id).await?;
    if !user
        .region_path
        .as_deref()
        .is_some_and(|p| p.starts_with(scope.as_str()))
    {
        return Err(AppError::Forbidden);
    }
    Ok(Json(user))
}

#[derive(Deserialize, ToSchema)]
pub struct UserPatchBody {
    /// The version last read; a stale one gets 409 and changes nothing.
    pub version: i64,
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub region_id: Option<i64>,
    /// An empty string removes the binding.
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    /// An empty string removes the unit.
    pub unit: Option<String>,
    pub active: Option<bool>,
}

/// Changes an account.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserPatchBody,
    responses((status = 200, body = User), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
    WithRejection(Json(b), _): ApiJson<UserPatchBody>,
) -> Result<Json<User>, AppError> {
    let patch = UserPatch {
        display_name: b.display_name.as_deref().map(DisplayName::parse).transpose()?,
        role: b.role.as_deref().map(role_param).transpose()?,
        region_id: b.region_id,
        enterprise_code: match b.enterprise_code {
            Some(c) => Some(credit_code(Some(c))?),
            None => None,
        },
        institution_id: b.institution_id.map(Some),
        unit: b.unit.map(|u| Some(u.trim().to_owned()).filter(|u| !u.is_empty())),
        active: b.active,
    };
    Ok(Json(state.db.update_user(&ctx.actor(), id, b.version, patch).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordBody {
    pub password: String,
}

/// Sets a temporary password; the user must change it at next sign-in.
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path)), request_body = PasswordBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    WithRejection(Path(id), _): ApiPath<i64>,
    WithRejection(Json(b), _): ApiJson<PasswordBody>,
) -> Result<StatusCode, AppError> {
    let user = state.db.user(id).await?;
    check_password(&user.username, &b.password)?;
    let hash = hash_password(b.password).await?;
    state.db.set_password(&ctx.actor(), id, &hash, true).await?;
    Ok(StatusCode::NO_CONTENT)
}
