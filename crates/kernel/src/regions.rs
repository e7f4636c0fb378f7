//! The region hierarchy (province -> city -> county). Every record of every
//! capability belongs to a region; scopes are region paths.

use crate::audit::{Actor, AuditWrite, Change};
use crate::region::{DivisionCode, RegionLevel, RegionPath, check_parent};
use crate::{Db, Result, StoreError, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: String,
    pub parent_id: Option<i64>,
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Region {
    pub fn region_path(&self) -> RegionPath {
        RegionPath::from_stored(self.path.clone())
    }
    pub fn level(&self) -> Option<RegionLevel> {
        RegionLevel::parse(&self.level)
    }
    fn audit_value(&self) -> serde_json::Value {
        json!({"code": self.code, "name": self.name, "name_en": self.name_en, "level": self.level,
               "parent_id": self.parent_id, "version": self.version})
    }
}

/// A region to create.
#[derive(Debug, Clone)]
pub struct NewRegion {
    pub code: DivisionCode,
    pub name: String,
    pub name_en: String,
    pub level: RegionLevel,
    pub parent_id: Option<i64>,
}

const COLS: &str = "id, code, name, name_en, level, parent_id, path, created_at, updated_at, version";

impl Db {
    /// All regions, ordered by path (a depth-first walk of the tree).
    pub async fn regions(&self) -> Result<Vec<Region>> {
        let sql = format!("SELECT {COLS} FROM regions ORDER BY path");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?))
    }

    pub async fn region(&self, id: i64) -> Result<Region> {
        let sql = format!("SELECT {COLS} FROM regions WHERE id = $1");
        with_db!(self, |p| sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "region",
                id: id.to_string()
            }))
    }

    pub async fn region_by_code(&self, code: &str) -> Result<Option<Region>> {
        let sql = format!("SELECT {COLS} FROM regions WHERE code = $1");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
            .bind(code.to_owned())
            .fetch_optional(p)
            .await?))
    }

    /// Finds a region by code or by exact name (names are unique enough
    /// within one deployment; codes always are).
    pub async fn find_region(&self, code_or_name: &str) -> Result<Option<Region>> {
        let key = code_or_name.trim();
        if let Some(r) = self.region_by_code(key).await? {
            return Ok(Some(r));
        }
        let sql = format!("SELECT {COLS} FROM regions WHERE name = $1 ORDER BY path LIMIT 1");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
            .bind(key.to_owned())
            .fetch_optional(p)
            .await?))
    }

    /// Creates a region under `parent_id`. The actor must cover the parent
    /// (or, for a new root, have no scope at all).
    pub async fn create_region(&self, actor: &Actor, new: NewRegion) -> Result<Region> {
        check_region_names(&new.name, &new.name_en)?;
        let parent = match new.parent_id {
            Some(id) => Some(self.region(id).await?),
            None => None,
        };
        check_parent(new.level, parent.as_ref().and_then(|p| p.level()))
            .map_err(|e| StoreError::invalid("parent_id", e.to_string()))?;
        let path = match &parent {
            Some(p) => p.region_path().child(&new.code),
            None => RegionPath::root(&new.code),
        };
        let allowed = match &parent {
            Some(p) => actor.principal.covers(&p.region_path()),
            None => actor.principal.user_id.is_none() || actor.principal.scope.is_none(),
        };
        if !allowed {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let sql = format!(
            "INSERT INTO regions (code, name, name_en, level, parent_id, path, created_at, updated_at, version) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$7,1) RETURNING {COLS}"
        );
        with_tx!(self, |tx| {
            let r = sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
                .bind(new.code.as_str().to_owned())
                .bind(new.name.trim().to_owned())
                .bind(new.name_en.trim().to_owned())
                .bind(new.level.as_str())
                .bind(new.parent_id)
                .bind(path.as_str().to_owned())
                .bind(t)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| {
                    StoreError::on_unique(
                        e,
                        "code",
                        format!("行政区划代码 {} 已存在 / code already exists", new.code),
                    )
                })?;
            tx.audit(actor, Change::create("region", r.id, Some(&r.path), r.audit_value()))
                .await?;
            Ok(r)
        })
    }

    /// Renames a region (code and position are fixed once records use it).
    pub async fn rename_region(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        name: &str,
        name_en: &str,
    ) -> Result<Region> {
        check_region_names(name, name_en)?;
        let before = self.region(id).await?;
        if !actor.principal.covers(&before.region_path()) {
            return Err(StoreError::Forbidden);
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: "region",
                current: before.version,
                submitted: version,
            });
        }
        let sql = format!(
            "UPDATE regions SET name = $1, name_en = $2, updated_at = $3, version = version + 1 \
             WHERE id = $4 AND version = $5 RETURNING {COLS}"
        );
        with_tx!(self, |tx| {
            let r = sqlx::query_as::<_, Region>(sqlx::AssertSqlSafe(sql))
                .bind(name.trim().to_owned())
                .bind(name_en.trim().to_owned())
                .bind(now())
                .bind(id)
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(r) = r else {
                return Err(StoreError::Conflict {
                    entity: "region",
                    current: version + 1,
                    submitted: version,
                });
            };
            tx.audit(
                actor,
                Change::update("region", id, Some(&r.path), before.audit_value(), r.audit_value()),
            )
            .await?;
            Ok(r)
        })
    }

    /// Region paths by id.
    pub async fn region_paths(&self, ids: impl Iterator<Item = i64>) -> Result<std::collections::HashMap<i64, String>> {
        let mut out = std::collections::HashMap::new();
        for id in ids {
            if out.contains_key(&id) {
                continue;
            }
            let path: Option<(String,)> = with_db!(self, |p| sqlx::query_as("SELECT path FROM regions WHERE id = $1")
                .bind(id)
                .fetch_optional(p)
                .await?);
            match path {
                Some((path,)) => {
                    out.insert(id, path);
                }
                None => {
                    return Err(StoreError::invalid(
                        "region_id",
                        format!("地区 {id} 不存在 / region {id} does not exist"),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// Most characters of a region's name (the longest Chinese divisions have
/// about twenty).
pub const MAX_REGION_NAME_CHARS: usize = 60;

fn check_region_names(name: &str, name_en: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid("name", "区域名称不能为空 / name must not be empty"));
    }
    for (field, v) in [("name", name), ("name_en", name_en)] {
        if v.trim().chars().count() > MAX_REGION_NAME_CHARS {
            return Err(StoreError::invalid(
                field,
                format!("区域名称不能超过{MAX_REGION_NAME_CHARS}个字符 / at most {MAX_REGION_NAME_CHARS} characters"),
            ));
        }
    }
    Ok(())
}
