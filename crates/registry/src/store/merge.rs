//! Merging an enterprise registered twice into the record that stays: its
//! certificates and the yearly facts the kept record lacks move over, its
//! name joins the kept record's former names, and it is marked merged (and
//! so leaves every list). The merge stores what it moved and both records'
//! states before, so it can be undone exactly. Both steps are audited.

use crate::store::prelude::*;
use chrono::{DateTime, Utc};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::scope::Scope;
use serde::Serialize;

use super::Enterprise;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A recorded merge.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct EnterpriseMerge {
    pub id: i64,
    pub kept_code: String,
    pub merged_code: String,
    pub reason: String,
    pub undone: bool,
    pub actor_name: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// An enterprise as the duplicate search needs it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct EnterpriseName {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub former_names: String,
    pub region_name: String,
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Moved {
    certificates: Vec<i64>,
    facts: Vec<i64>,
}

#[easy_ext::ext(MergeStore)]
impl Db {
    /// Names of every (unmerged) enterprise in `scope`.
    pub async fn enterprise_names(&self, scope: &Scope) -> Result<Vec<EnterpriseName>> {
        with_db!(self, |p| Ok(sqlx::query_as::<_, EnterpriseName>(
            "SELECT e.id, e.credit_code, e.name, e.former_names, r.name AS region_name FROM enterprises e \
             JOIN regions r ON r.id = e.region_id WHERE e.merged_into IS NULL AND r.path LIKE $1"
        )
        .bind(scope.like_pattern())
        .fetch_all(p)
        .await?))
    }

    /// The latest merges of enterprises in `scope` (by the kept record).
    pub async fn enterprise_merges(&self, scope: &Scope) -> Result<Vec<EnterpriseMerge>> {
        with_db!(self, |p| Ok(sqlx::query_as::<_, EnterpriseMerge>(
            "SELECT m.id, m.kept_code, m.merged_code, m.reason, m.undone, m.actor_name, m.created_at, m.version \
             FROM enterprise_merges m JOIN enterprises e ON e.credit_code = m.kept_code \
             JOIN regions r ON r.id = e.region_id WHERE r.path LIKE $1 ORDER BY m.id DESC LIMIT 50"
        )
        .bind(scope.like_pattern())
        .fetch_all(p)
        .await?))
    }

    /// Merges `merged` into `kept` (both by id). Refused when either is
    /// already merged, they are the same, or one lies outside the scope.
    pub async fn merge_enterprises(
        &self,
        actor: &Actor,
        kept: i64,
        merged: i64,
        reason: &str,
    ) -> Result<EnterpriseMerge> {
        if kept == merged {
            return Err(StoreError::invalid(
                "merged",
                "不能与自身合并 / cannot merge a record into itself",
            ));
        }
        let (k, m) = (self.enterprise(kept).await?, self.enterprise(merged).await?);
        Self::check_scope(actor, &k)?;
        Self::check_scope(actor, &m)?;
        if k.merged_into.is_some() || m.merged_into.is_some() {
            return Err(StoreError::invalid(
                "merged",
                "记录已被合并 / a record is already merged",
            ));
        }
        let kept_years: Vec<i64> = self.facts_of(k.id).await?.iter().map(|f| f.year).collect();
        let moved = Moved {
            certificates: self.certificates_of(m.id).await?.iter().map(|c| c.id).collect(),
            facts: self
                .facts_of(m.id)
                .await?
                .iter()
                .filter(|f| !kept_years.contains(&f.year))
                .map(|f| f.id)
                .collect(),
        };
        let mut former: Vec<String> = serde_json::from_str(&k.former_names).unwrap_or_default();
        for n in std::iter::once(m.name.clone())
            .chain(serde_json::from_str::<Vec<String>>(&m.former_names).unwrap_or_default())
        {
            if n != k.name && !former.contains(&n) {
                former.push(n);
            }
        }
        let former = serde_json::to_string(&former).unwrap_or_else(|_| "[]".into());
        let t = now();
        let moved_json = serde_json::to_string(&moved).unwrap_or_default();
        let id = with_tx!(self, |tx| {
            for id in &moved.certificates {
                sqlx::query(
                    "UPDATE certificates SET enterprise_id = $1, updated_at = $2, version = version + 1 WHERE id = $3",
                )
                .bind(k.id)
                .bind(t)
                .bind(*id)
                .execute(&mut *tx)
                .await?;
            }
            for id in &moved.facts {
                sqlx::query("UPDATE enterprise_facts SET enterprise_id = $1, updated_at = $2, version = version + 1 WHERE id = $3")
                    .bind(k.id)
                    .bind(t)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
            let n = sqlx::query("UPDATE enterprises SET former_names = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(former.clone())
                .bind(t)
                .bind(k.id)
                .bind(k.version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let n2 = sqlx::query("UPDATE enterprises SET merged_into = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(k.id)
                .bind(t)
                .bind(m.id)
                .bind(m.version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n + n2 < 2 {
                return Err(StoreError::Conflict {
                    entity: "enterprise",
                    current: k.version + 1,
                    submitted: k.version,
                });
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO enterprise_merges (kept_code, merged_code, reason, kept_before, merged_before, moved_json, \
                 undone, actor_name, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,FALSE,$7,$8,$8,1) RETURNING id",
            )
            .bind(k.credit_code.clone())
            .bind(m.credit_code.clone())
            .bind(reason.trim().to_owned())
            .bind(serde_json::to_string(&k.fields()).unwrap_or_default())
            .bind(serde_json::to_string(&m.fields()).unwrap_or_default())
            .bind(moved_json.clone())
            .bind(actor.principal.username.clone())
            .bind(t)
            .fetch_one(&mut *tx)
            .await?;
            let after = serde_json::json!({"kept": k.credit_code, "merged": m.credit_code, "reason": reason,
                "moved": serde_json::from_str::<serde_json::Value>(&moved_json).unwrap_or_default()});
            tx.audit(
                actor,
                Change::new(
                    "merge",
                    "enterprise",
                    &m.credit_code,
                    Some(&m.region_path),
                    None,
                    Some(after.clone()),
                ),
            )
            .await?;
            tx.audit(
                actor,
                Change::new(
                    "merge",
                    "enterprise",
                    &k.credit_code,
                    Some(&k.region_path),
                    None,
                    Some(after),
                ),
            )
            .await?;
            Ok(id)
        })?;
        self.enterprise_merge(id).await
    }

    pub async fn enterprise_merge(&self, id: i64) -> Result<EnterpriseMerge> {
        let found = with_db!(self, |p| {
            sqlx::query_as::<_, EnterpriseMerge>(
            "SELECT id, kept_code, merged_code, reason, undone, actor_name, created_at, version FROM enterprise_merges WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?
        });
        found.ok_or(StoreError::NotFound {
            entity: "enterprise_merge",
            id: id.to_string(),
        })
    }

    /// Undoes a merge: moves back what it moved, restores the kept record's
    /// former names and brings the merged record back into the lists.
    pub async fn undo_merge(&self, actor: &Actor, id: i64) -> Result<EnterpriseMerge> {
        let merge = self.enterprise_merge(id).await?;
        if merge.undone {
            return Err(StoreError::invalid(
                "merge",
                "该合并已撤销 / this merge was already undone",
            ));
        }
        let code = |c: &str| {
            kechuang_kernel::credit_code::CreditCode::parse(c).map_err(|e| StoreError::invalid("code", e.to_string()))
        };
        let k = self
            .enterprise_by_code(&code(&merge.kept_code)?)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "enterprise",
                id: merge.kept_code.clone(),
            })?;
        let m = self
            .enterprise_by_code(&code(&merge.merged_code)?)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "enterprise",
                id: merge.merged_code.clone(),
            })?;
        Self::check_scope(actor, &k)?;
        Self::check_scope(actor, &m)?;
        let (moved_json, kept_before): (String, String) = with_db!(self, |p| sqlx::query_as(
            "SELECT moved_json, kept_before FROM enterprise_merges WHERE id = $1"
        )
        .bind(id)
        .fetch_one(p)
        .await?);
        let moved: Moved = serde_json::from_str(&moved_json).unwrap_or_default();
        let before: super::EnterpriseFields =
            serde_json::from_str(&kept_before).map_err(|e| StoreError::invalid("merge", e.to_string()))?;
        let t = now();
        with_tx!(self, |tx| {
            for id in &moved.certificates {
                sqlx::query(
                    "UPDATE certificates SET enterprise_id = $1, updated_at = $2, version = version + 1 WHERE id = $3",
                )
                .bind(m.id)
                .bind(t)
                .bind(*id)
                .execute(&mut *tx)
                .await?;
            }
            for id in &moved.facts {
                sqlx::query("UPDATE enterprise_facts SET enterprise_id = $1, updated_at = $2, version = version + 1 WHERE id = $3")
                    .bind(m.id).bind(t).bind(*id).execute(&mut *tx).await?;
            }
            sqlx::query(
                "UPDATE enterprises SET former_names = $1, updated_at = $2, version = version + 1 WHERE id = $3",
            )
            .bind(before.former_names.clone())
            .bind(t)
            .bind(k.id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE enterprises SET merged_into = NULL, updated_at = $1, version = version + 1 WHERE id = $2",
            )
            .bind(t)
            .bind(m.id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE enterprise_merges SET undone = TRUE, updated_at = $1, version = version + 1 WHERE id = $2",
            )
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let after = serde_json::json!({"merge": id, "kept": k.credit_code, "restored": m.credit_code});
            tx.audit(
                actor,
                Change::new(
                    "unmerge",
                    "enterprise",
                    &m.credit_code,
                    Some(&m.region_path),
                    None,
                    Some(after.clone()),
                ),
            )
            .await?;
            tx.audit(
                actor,
                Change::new(
                    "unmerge",
                    "enterprise",
                    &k.credit_code,
                    Some(&k.region_path),
                    None,
                    Some(after),
                ),
            )
            .await?;
            Ok(())
        })?;
        self.enterprise_merge(id).await
    }
}

#[easy_ext::ext(MergeStoreInternal)]
impl Db {
    fn check_scope(actor: &Actor, e: &Enterprise) -> Result<()> {
        if actor.principal.covers(&RegionPath::from_stored(e.region_path.clone())) {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }
}
