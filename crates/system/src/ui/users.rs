//! User administration pages: list with filters, create, edit with
//! optimistic concurrency, password reset, change history.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kechuang_kernel::access::allows;
use kechuang_kernel::audit::AuditFilter;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::role::Role;
use kechuang_kernel::user::{DisplayName, Username, check_password};
use kechuang_kernel::users::{NewUser, UserFilter, UserPatch};
use kechuang_shell::AppState;
use kechuang_shell::ctx::Ctx;
use kechuang_shell::error::AppError;
use kechuang_shell::password::hash_password;
use kechuang_shell::render;
use kechuang_shell::ui::{opt, region_options, scope_of, see_other};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    role: Option<String>,
    offset: Option<i64>,
}

#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    role: String,
    region_id: String,
    enterprise_code: Option<String>,
    institution_id: Option<String>,
    unit: Option<String>,
    #[serde(skip_serializing)]
    password: String,
}

fn roles() -> Vec<&'static str> {
    Role::ASSIGNABLE.iter().map(|r| r.as_str()).collect()
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    form: Option<(NewUserForm, String)>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let role = q.role.as_deref().and_then(Role::parse);
    let offset = q.offset.unwrap_or(0).max(0);
    let filter = UserFilter {
        role,
        query: opt(&q.q),
        offset,
        limit: PAGE,
    };
    let (users, total) = state.db.users(Some(&scope), &filter).await?;
    let regions = state.db.regions().await?;
    let status = if form.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let (form, form_error) = match form {
        Some((f, e)) => (Value::from_serialize(&f), Some(e)),
        None => (Value::from_serialize(NewUserForm::default()), None),
    };
    let html = render(
        ctx,
        "users.html",
        context! {
            users => Value::from_serialize(&users), total => total, q => q.q, role => q.role, roles => roles(),
            regions => region_options(&regions, Some(&scope)),
            prev_offset => (offset > 0).then(|| (offset - PAGE).max(0)),
            next_offset => (offset + PAGE < total).then_some(offset + PAGE),
            can_manage => allows(ctx.principal.role, kechuang_kernel::access::MANAGE_USERS),
            form => form, form_error => form_error,
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    list_page(&state, &ctx, q, None).await
}

/// Validates the new-user form into a [`NewUser`] (password not yet hashed).
fn validate_new(f: &NewUserForm) -> Result<(NewUser, String), AppError> {
    let username = Username::parse(&f.username)?;
    let display_name = DisplayName::parse(&f.display_name)?;
    let role = Role::parse(&f.role)
        .filter(|r| *r != Role::Public)
        .ok_or_else(|| AppError::invalid("role", "请选择有效的角色 / choose a valid role"))?;
    let region_id = f
        .region_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid("region_id", "请选择所属区域 / choose a region"))?;
    let enterprise_code = match opt(&f.enterprise_code) {
        Some(c) => Some(
            CreditCode::parse(&c)
                .map_err(|e| AppError::invalid("enterprise_code", e.to_string()))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let institution_id = match opt(&f.institution_id) {
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            AppError::invalid(
                "institution_id",
                "高校院所编号须为数字 / institution id must be a number",
            )
        })?),
        None => None,
    };
    check_password(username.as_str(), &f.password)?;
    let new = NewUser {
        username,
        display_name,
        password_hash: String::new(),
        role,
        region_id,
        enterprise_code,
        institution_id,
        unit: opt(&f.unit),
        must_change_password: true,
    };
    Ok((new, f.password.clone()))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<NewUserForm>) -> Result<Response, AppError> {
    let result = async {
        let (mut new, password) = validate_new(&f)?;
        new.password_hash = hash_password(password).await?;
        Ok::<_, AppError>(state.db.create_user(&ctx.actor(), new).await?)
    }
    .await;
    match result {
        Ok(user) => Ok(see_other(&format!("/admin/users/{}", user.id))),
        Err(e @ AppError::Invalid { .. }) => {
            list_page(&state, &ctx, ListQuery::default(), Some((f, e.to_string()))).await
        }
        Err(e) => Err(e),
    }
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<(axum::http::StatusCode, String)>,
) -> Result<Response, AppError> {
    let scope = scope_of(ctx)?;
    let user = state.db.user(id).await?;
    let in_scope = user
        .region_path
        .as_deref()
        .is_some_and(|p| p.starts_with(scope.as_str()));
    if !in_scope {
        return Err(AppError::Forbidden);
    }
    let history = if allows(ctx.principal.role, kechuang_kernel::access::VIEW_AUDIT) {
        let f = AuditFilter {
            entity: Some("user".into()),
            entity_id: Some(id.to_string()),
            limit: 50,
            ..Default::default()
        };
        state.db.audit_entries(Some(&scope), &f).await?
    } else {
        Vec::new()
    };
    let regions = state.db.regions().await?;
    let (status, form_error) = match error {
        Some((s, m)) => (s, Some(m)),
        None => (axum::http::StatusCode::OK, None),
    };
    let html = render(
        ctx,
        "user_edit.html",
        context! {
            u => Value::from_serialize(&user), roles => roles(), regions => region_options(&regions, Some(&scope)),
            history => Value::from_serialize(&history), form_error => form_error,
            can_manage => allows(ctx.principal.role, kechuang_kernel::access::MANAGE_USERS),
        },
    )?;
    Ok((status, html).into_response())
}

pub async fn detail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    detail_page(&state, &ctx, id, None).await
}

#[derive(Deserialize)]
pub struct EditForm {
    version: i64,
    display_name: String,
    role: String,
    region_id: i64,
    enterprise_code: Option<String>,
    institution_id: Option<String>,
    unit: Option<String>,
    active: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> Result<Response, AppError> {
    let result = async {
        let institution_id = match opt(&f.institution_id) {
            Some(v) => Some(v.parse::<i64>().map_err(|_| {
                AppError::invalid(
                    "institution_id",
                    "高校院所编号须为数字 / institution id must be a number",
                )
            })?),
            None => None,
        };
        let enterprise_code = match opt(&f.enterprise_code) {
            Some(c) => Some(
                CreditCode::parse(&c)
                    .map_err(|e| AppError::invalid("enterprise_code", e.to_string()))?
                    .as_str()
                    .to_owned(),
            ),
            None => None,
        };
        let patch = UserPatch {
            display_name: Some(DisplayName::parse(&f.display_name)?),
            role: Some(
                Role::parse(&f.role)
                    .ok_or_else(|| AppError::invalid("role", "请选择有效的角色 / choose a valid role"))?,
            ),
            region_id: Some(f.region_id),
            enterprise_code: Some(enterprise_code),
            institution_id: Some(institution_id),
            unit: Some(opt(&f.unit)),
            active: Some(f.active.is_some()),
        };
        Ok::<_, AppError>(state.db.update_user(&ctx.actor(), id, f.version, patch).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/admin/users/{id}"))),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            detail_page(&state, &ctx, id, Some((e.status(), e.to_string()))).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = state.db.user(id).await?;
    if let Err(e) = check_password(&user.username, &f.password) {
        let e = AppError::from(e);
        return detail_page(&state, &ctx, id, Some((e.status(), e.to_string()))).await;
    }
    let hash = hash_password(f.password).await?;
    state.db.set_password(&ctx.actor(), id, &hash, true).await?;
    Ok(see_other(&format!("/admin/users/{id}")))
}
