//! User accounts: creation and editing by administrators within their scope,
//! password changes, and the look-ups sign-in needs.

use crate::access::may_assign_role;
use crate::audit::{Actor, AuditWrite, Change};
use crate::region::RegionPath;
use crate::role::{Principal, Role};
use crate::user::{DisplayName, Email, Username};
use crate::{Db, Result, StoreError, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

/// A user account as shown to administrators (never the password hash).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region_id: Option<i64>,
    pub region_path: Option<String>,
    pub region_name: Option<String>,
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    pub unit: Option<String>,
    /// Where copies of inbox messages go (empty: none).
    pub email: String,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl User {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Public)
    }

    /// The principal this account acts as once signed in.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: Some(self.id),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            region_id: self.region_id,
            scope: self.region_path.clone().map(RegionPath::from_stored),
            enterprise_code: self.enterprise_code.clone(),
            institution_id: self.institution_id,
            unit: self.unit.clone(),
        }
    }

    fn audit_value(&self) -> serde_json::Value {
        json!({"username": self.username, "display_name": self.display_name, "role": self.role,
               "region_id": self.region_id, "enterprise_code": self.enterprise_code,
               "institution_id": self.institution_id, "unit": self.unit, "active": self.active, "version": self.version})
    }
}

/// An account to create. The password arrives already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: DisplayName,
    pub password_hash: String,
    pub role: Role,
    pub region_id: i64,
    pub enterprise_code: Option<String>,
    pub institution_id: Option<i64>,
    pub unit: Option<String>,
    pub must_change_password: bool,
}

/// Fields an administrator may change. `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub display_name: Option<DisplayName>,
    pub role: Option<Role>,
    pub region_id: Option<i64>,
    pub enterprise_code: Option<Option<String>>,
    pub institution_id: Option<Option<i64>>,
    pub unit: Option<Option<String>>,
    pub active: Option<bool>,
}

/// Filters for listing users.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub query: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

const SELECT: &str = "SELECT u.id, u.username, u.display_name, u.role, u.region_id, r.path AS region_path, \
     r.name AS region_name, u.enterprise_code, u.institution_id, u.unit, u.email, u.active, u.must_change_password, \
     u.created_at, u.updated_at, u.version FROM users u LEFT JOIN regions r ON r.id = u.region_id";

fn check_binding(role: Role, enterprise: &Option<String>, institution: &Option<i64>) -> Result<()> {
    if role.needs_enterprise() && enterprise.as_deref().is_none_or(|c| c.trim().is_empty()) {
        return Err(StoreError::invalid(
            "enterprise_code",
            "企业用户必须绑定企业统一社会信用代码 / an enterprise user needs an enterprise credit code",
        ));
    }
    if role.needs_institution() && institution.is_none() {
        return Err(StoreError::invalid(
            "institution_id",
            "高校院所用户必须绑定单位 / an institution user needs an institution",
        ));
    }
    Ok(())
}

impl Db {
    pub async fn user(&self, id: i64) -> Result<User> {
        let sql = format!("{SELECT} WHERE u.id = $1");
        with_db!(self, |p| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "user",
                id: id.to_string()
            }))
    }

    /// The account and its password hash, for sign-in.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>> {
        let sql = format!("{SELECT} WHERE u.username = $1");
        let name = username.trim().to_ascii_lowercase();
        let user = with_db!(self, |p| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql))
            .bind(name.clone())
            .fetch_optional(p)
            .await?);
        let Some(user) = user else { return Ok(None) };
        let hash: String = with_db!(self, |p| sqlx::query_scalar(
            "SELECT password_hash FROM users WHERE id = $1"
        )
        .bind(user.id)
        .fetch_one(p)
        .await?);
        Ok(Some((user, hash)))
    }

    pub async fn user_count(&self) -> Result<i64> {
        with_db!(self, |p| Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(p)
            .await?))
    }

    /// Users whose region lies in `scope`, filtered and paged.
    pub async fn users(&self, scope: Option<&RegionPath>, f: &UserFilter) -> Result<(Vec<User>, i64)> {
        let mut where_sql = String::from(" WHERE 1=1");
        let mut n = 0;
        let mut add = |s: &mut String, clause: &str| {
            n += 1;
            s.push_str(&clause.replace('?', &format!("${n}")));
        };
        if scope.is_some() {
            add(&mut where_sql, " AND r.path LIKE ?");
        }
        if f.role.is_some() {
            add(&mut where_sql, " AND u.role = ?");
        }
        let pattern = f
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(crate::like::contains);
        if pattern.is_some() {
            add(
                &mut where_sql,
                " AND (u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\')",
            );
            // both sides use the same placeholder: bound once below
        }
        let list_sql = format!(
            "{SELECT}{where_sql} ORDER BY u.username LIMIT {} OFFSET {}",
            f.limit.clamp(1, 1000),
            f.offset.max(0)
        );
        let count_sql = format!("SELECT COUNT(*) FROM users u LEFT JOIN regions r ON r.id = u.region_id{where_sql}");
        let binds: Vec<String> = scope
            .map(|s| s.like_pattern())
            .into_iter()
            .chain(f.role.map(|r| r.as_str().to_owned()))
            .chain(pattern)
            .collect();
        with_db!(self, |p| {
            let mut q = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(list_sql));
            let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
            for b in &binds {
                q = q.bind(b.clone());
                c = c.bind(b.clone());
            }
            Ok((q.fetch_all(p).await?, c.fetch_one(p).await?))
        })
    }

    /// Creates an account. The actor must be allowed to assign the role and
    /// must cover the account's region.
    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<User> {
        if !may_assign_role(actor.principal.role, new.role) {
            return Err(StoreError::Forbidden);
        }
        check_binding(new.role, &new.enterprise_code, &new.institution_id)?;
        let region = self.region(new.region_id).await?;
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        with_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, display_name, password_hash, role, region_id, enterprise_code, \
                 institution_id, unit, active, must_change_password, created_at, updated_at, version) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,TRUE,$9,$10,$10,1) RETURNING id",
            )
            .bind(new.username.as_str().to_owned())
            .bind(new.display_name.as_str().to_owned())
            .bind(new.password_hash.clone())
            .bind(new.role.as_str())
            .bind(new.region_id)
            .bind(new.enterprise_code.clone())
            .bind(new.institution_id)
            .bind(new.unit.clone())
            .bind(new.must_change_password)
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| {
                StoreError::on_unique(
                    e,
                    "username",
                    format!("用户名 {} 已存在 / username already taken", new.username),
                )
            })?;
            let user = User {
                id,
                username: new.username.as_str().to_owned(),
                display_name: new.display_name.as_str().to_owned(),
                role: new.role.as_str().to_owned(),
                region_id: Some(region.id),
                region_path: Some(region.path.clone()),
                region_name: Some(region.name.clone()),
                enterprise_code: new.enterprise_code.clone(),
                institution_id: new.institution_id,
                unit: new.unit.clone(),
                email: String::new(),
                active: true,
                must_change_password: new.must_change_password,
                created_at: t,
                updated_at: t,
                version: 1,
            };
            tx.audit(
                actor,
                Change::create("user", id, Some(&region.path), user.audit_value()),
            )
            .await?;
            Ok(user)
        })
    }

    /// Applies `patch` to account `id` if it is still at `version`.
    pub async fn update_user(&self, actor: &Actor, id: i64, version: i64, patch: UserPatch) -> Result<User> {
        let before = self.user(id).await?;
        let in_scope = |u: &User| {
            u.region_path
                .as_ref()
                .is_some_and(|p| actor.principal.covers(&RegionPath::from_stored(p.clone())))
        };
        if !in_scope(&before) || !may_assign_role(actor.principal.role, before.role()) {
            return Err(StoreError::Forbidden);
        }
        let role = patch.role.unwrap_or(before.role());
        if !may_assign_role(actor.principal.role, role) {
            return Err(StoreError::Forbidden);
        }
        let region = match patch.region_id {
            Some(rid) => self.region(rid).await?,
            None => match before.region_id {
                Some(rid) => self.region(rid).await?,
                None => {
                    return Err(StoreError::invalid(
                        "region_id",
                        "必须指定所属区域 / a region is required",
                    ));
                }
            },
        };
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        let enterprise_code = patch.enterprise_code.clone().unwrap_or(before.enterprise_code.clone());
        let institution_id = patch.institution_id.unwrap_or(before.institution_id);
        let unit = patch.unit.clone().unwrap_or(before.unit.clone());
        check_binding(role, &enterprise_code, &institution_id)?;
        if actor.principal.user_id == Some(id) && (patch.active == Some(false) || role != before.role()) {
            return Err(StoreError::invalid(
                "role",
                "不能停用自己或修改自己的角色 / you cannot disable yourself or change your own role",
            ));
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: "user",
                current: before.version,
                submitted: version,
            });
        }
        let display_name = patch
            .display_name
            .map(|d| d.as_str().to_owned())
            .unwrap_or(before.display_name.clone());
        let active = patch.active.unwrap_or(before.active);
        let t = now();
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE users SET display_name = $1, role = $2, region_id = $3, enterprise_code = $4, \
                 institution_id = $5, unit = $6, active = $7, updated_at = $8, version = version + 1 \
                 WHERE id = $9 AND version = $10",
            )
            .bind(display_name.clone())
            .bind(role.as_str())
            .bind(region.id)
            .bind(enterprise_code.clone())
            .bind(institution_id)
            .bind(unit.clone())
            .bind(active)
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "user",
                    current: version + 1,
                    submitted: version,
                });
            }
            if !active || role != before.role() || region.id != before.region_id.unwrap_or(-1) {
                // privileges changed: existing sessions must sign in again
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let after = User {
                display_name: display_name.clone(),
                role: role.as_str().to_owned(),
                region_id: Some(region.id),
                region_path: Some(region.path.clone()),
                region_name: Some(region.name.clone()),
                enterprise_code: enterprise_code.clone(),
                institution_id,
                unit: unit.clone(),
                active,
                updated_at: t,
                version: version + 1,
                ..before.clone()
            };
            tx.audit(
                actor,
                Change::update(
                    "user",
                    id,
                    Some(&region.path),
                    before.audit_value(),
                    after.audit_value(),
                ),
            )
            .await?;
            Ok(after)
        })
    }

    /// Replaces the password hash of account `id` and ends its sessions.
    /// `must_change` forces a change at next sign-in (after an admin reset).
    /// Sets (or, with `None`, clears) the address the account's inbox
    /// messages are copied to: by the account holder, or an administrator
    /// over the account.
    pub async fn set_email(&self, actor: &Actor, id: i64, email: Option<&Email>) -> Result<()> {
        let user = self.user(id).await?;
        let own = actor.principal.user_id == Some(id);
        let in_scope = user
            .region_path
            .as_ref()
            .is_some_and(|p| actor.principal.covers(&RegionPath::from_stored(p.clone())));
        if !own && !(in_scope && may_assign_role(actor.principal.role, user.role())) {
            return Err(StoreError::Forbidden);
        }
        let email = email.map(|e| e.as_str().to_owned()).unwrap_or_default();
        with_tx!(self, |tx| {
            sqlx::query("UPDATE users SET email = $1, updated_at = $2, version = version + 1 WHERE id = $3")
                .bind(email.clone())
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.audit(
                actor,
                Change::update(
                    "user",
                    id,
                    user.region_path.as_deref(),
                    json!({"email": user.email}),
                    json!({"email": email}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    pub async fn set_password(&self, actor: &Actor, id: i64, password_hash: &str, must_change: bool) -> Result<()> {
        let user = self.user(id).await?;
        let own = actor.principal.user_id == Some(id);
        let in_scope = user
            .region_path
            .as_ref()
            .is_some_and(|p| actor.principal.covers(&RegionPath::from_stored(p.clone())));
        if !own && !(in_scope && may_assign_role(actor.principal.role, user.role())) {
            return Err(StoreError::Forbidden);
        }
        with_tx!(self, |tx| {
            sqlx::query(
                "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3, \
                 version = version + 1 WHERE id = $4",
            )
            .bind(password_hash.to_owned())
            .bind(must_change)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // a reset means the account may be in other hands: its API
            // tokens stop working too (a user changing their own password
            // keeps theirs)
            let revoked = if own {
                0
            } else {
                sqlx::query("UPDATE api_tokens SET revoked_at = $1, version = version + 1 WHERE user_id = $2 AND revoked_at IS NULL")
                    .bind(now())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            };
            let what = if own {
                "changed by the user"
            } else {
                "reset by an administrator"
            };
            tx.audit(
                actor,
                Change::new(
                    "password",
                    "user",
                    id,
                    user.region_path.as_deref(),
                    None,
                    Some(json!({"password": what, "tokens_revoked": revoked})),
                ),
            )
            .await?;
            Ok(())
        })
    }
}
