//! Named groups of counties (a demonstration zone's four counties) that
//! figures can be formed for, kept by the city or county that made them.

use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now, with_db, with_tx};
use serde::Serialize;
use serde_json::json;

/// A group with its members' ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub id: i64,
    pub region_id: i64,
    pub name: String,
    pub members: Vec<i64>,
    pub version: i64,
}

#[easy_ext::ext(GroupStore)]
impl Db {
    /// Makes a group of regions in scope, held by the scope's region.
    pub async fn create_group(&self, actor: &Actor, scope: &Scope, name: &str, members: &[i64]) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(StoreError::invalid(
                "name",
                "请填写组名，至多60字 / a name of at most 60 characters",
            ));
        }
        let mut members = members.to_vec();
        members.sort_unstable();
        members.dedup();
        if members.len() < 2 {
            return Err(StoreError::invalid(
                "members",
                "至少选择两个县区 / choose at least two regions",
            ));
        }
        let regions = self.regions().await?;
        for id in &members {
            let Some(r) = regions.iter().find(|r| r.id == *id) else {
                return Err(StoreError::invalid(
                    "members",
                    format!("没有编号为{id}的地区 / no region {id}"),
                ));
            };
            if !RegionPath::from_stored(r.path.clone()).is_within(scope.path()) {
                return Err(StoreError::Forbidden);
            }
        }
        let holder = regions
            .iter()
            .find(|r| r.path == scope.path().as_str())
            .ok_or(StoreError::Forbidden)?;
        let t = now();
        let members_json = serde_json::to_string(&members).map_err(|e| StoreError::Snapshot(e.to_string()))?;
        with_tx!(self, |tx| {
            let taken: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM indicator_groups WHERE region_id = $1 AND name = $2")
                    .bind(holder.id)
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Err(StoreError::Duplicate {
                    field: "name",
                    message: format!("已有名为“{name}”的组 / a group named {name} exists"),
                });
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO indicator_groups (region_id, name, members, created_by, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $5, 1) RETURNING id",
            )
            .bind(holder.id)
            .bind(name)
            .bind(&members_json)
            .bind(&actor.principal.username)
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            tx.audit(
                actor,
                Change::create(
                    "indicator_group",
                    id,
                    Some(&holder.path),
                    json!({"name": name, "members": members}),
                ),
            )
            .await?;
            Ok(id)
        })
    }

    /// Removes a group held in scope.
    pub async fn delete_group(&self, actor: &Actor, scope: &Scope, id: i64, version: i64) -> Result<()> {
        let g = self
            .groups(scope)
            .await?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or(StoreError::NotFound {
                entity: "indicator_group",
                id: id.to_string(),
            })?;
        with_tx!(self, |tx| {
            let n = sqlx::query("DELETE FROM indicator_groups WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                return Err(StoreError::Conflict {
                    entity: "indicator_group",
                    current: g.version,
                    submitted: version,
                });
            }
            tx.audit(
                actor,
                Change::delete(
                    "indicator_group",
                    id,
                    Some(scope.path().as_str()),
                    json!({"name": g.name, "members": g.members}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// The groups held by regions in scope or above it whose members all lie
    /// in scope.
    pub async fn groups(&self, scope: &Scope) -> Result<Vec<Group>> {
        let rows: Vec<(i64, i64, String, String, i64)> = with_db!(self, |p| sqlx::query_as(
            "SELECT id, region_id, name, members, version FROM indicator_groups ORDER BY name"
        )
        .fetch_all(p)
        .await?);
        let paths = self
            .region_paths(
                rows.iter()
                    .flat_map(|r| serde_json::from_str::<Vec<i64>>(&r.3).unwrap_or_default()),
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, region_id, name, members, version)| {
                let members: Vec<i64> = serde_json::from_str(&members).ok()?;
                let inside = members.iter().all(|m| {
                    paths
                        .get(m)
                        .is_some_and(|p| RegionPath::from_stored(p.clone()).is_within(scope.path()))
                });
                (inside && !members.is_empty()).then_some(Group {
                    id,
                    region_id,
                    name,
                    members,
                    version,
                })
            })
            .collect())
    }
}
