//! Demand lists (需求清单) the bureau pushes to universities and institutes:
//! each push is recorded once per (demand, institution), audited, and lands
//! in the inbox of the institution's users.

use crate::store::prelude::*;
use serde::Serialize;

use crate::vocab::DemandStatus;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

/// A demand pushed to an institution.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Push {
    pub demand_id: i64,
    pub institution_id: i64,
    pub institution_name: String,
    pub title: String,
    pub enterprise_name: String,
    pub field: String,
    pub status: String,
    pub deadline: Option<String>,
    pub note: String,
    pub pushed_by: String,
}

/// An institution demands can be pushed to.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Institution {
    pub id: i64,
    pub name: String,
    pub region_name: String,
}

const SELECT: &str = "SELECT p.demand_id, p.institution_id, i.name AS institution_name, d.title, d.enterprise_name, \
     d.field, d.status, d.deadline, p.note, p.pushed_by FROM demand_pushes p JOIN demands d ON d.id = p.demand_id \
     JOIN registry_records i ON i.id = p.institution_id";

#[easy_ext::ext(PushStore)]
impl Db {
    /// Pushes every demand in `demands` to every institution in
    /// `institutions` (pairs already pushed are skipped); returns the number
    /// of new pushes. Only published demands can be pushed.
    pub async fn push_demands(
        &self,
        actor: &Actor,
        demands: &[i64],
        institutions: &[i64],
        note: &str,
    ) -> Result<usize> {
        let rows = self.demands_by_ids(demands).await?;
        if rows.len() != demands.len() {
            return Err(StoreError::invalid(
                "demand_ids",
                "有需求不存在 / a demand does not exist",
            ));
        }
        if let Some(d) = rows
            .iter()
            .find(|d| !matches!(d.status, DemandStatus::Published | DemandStatus::InTalks))
        {
            return Err(StoreError::invalid(
                "demand_ids",
                format!("需求“{}”未发布，不能推送 / demand {} is not published", d.title, d.id),
            ));
        }
        let t = now();
        let by = actor.principal.username.clone();
        let mut pushed: Vec<(i64, i64)> = Vec::new();
        with_tx!(self, |tx| {
            for inst in institutions {
                let kind: Option<(String,)> = sqlx::query_as("SELECT kind FROM registry_records WHERE id = $1")
                    .bind(*inst)
                    .fetch_optional(&mut *tx)
                    .await?;
                if kind.map(|k| k.0).as_deref() != Some("institution") {
                    return Err(StoreError::invalid(
                        "institution_ids",
                        format!("{inst} 不是登记的高校院所 / {inst} is not a registered institution"),
                    ));
                }
                for d in &rows {
                    let n = sqlx::query(
                        "INSERT INTO demand_pushes (demand_id, institution_id, note, pushed_by, pushed_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (demand_id, institution_id) DO NOTHING",
                    )
                    .bind(d.id)
                    .bind(*inst)
                    .bind(note.to_owned())
                    .bind(by.clone())
                    .bind(t)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n > 0 {
                        pushed.push((d.id, *inst));
                        tx.audit(
                            actor,
                            Change::create(
                                "demand_push",
                                format!("{}:{inst}", d.id),
                                Some(&d.region_path),
                                serde_json::json!({"demand_id": d.id, "institution_id": inst, "note": note}),
                            ),
                        )
                        .await?;
                    }
                }
            }
            Ok(())
        })?;
        for (demand, inst) in &pushed {
            let title = rows
                .iter()
                .find(|d| d.id == *demand)
                .map(|d| d.title.clone())
                .unwrap_or_default();
            for user in self.institution_users(*inst).await? {
                self.notify(&kechuang_kernel::notifications::Notice {
                    user_id: user,
                    kind: "market.demand_pushed",
                    params: serde_json::json!({"title": title, "id": demand, "note": note}),
                    dedup_key: format!("push:{demand}"),
                })
                .await?;
            }
        }
        Ok(pushed.len())
    }

    /// Demands pushed to `institution_id`, newest first.
    pub async fn demands_pushed_to(&self, institution_id: i64) -> Result<Vec<Push>> {
        let sql = format!("{SELECT} WHERE p.institution_id = $1 ORDER BY p.id DESC");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(institution_id)
            .fetch_all(p)
            .await?))
    }

    /// Institutions a demand was pushed to.
    pub async fn pushes_of(&self, demand_id: i64) -> Result<Vec<Push>> {
        let sql = format!("{SELECT} WHERE p.demand_id = $1 ORDER BY i.name");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(demand_id)
            .fetch_all(p)
            .await?))
    }

    /// Universities and institutes registered in `scope` or a region above
    /// it (a provincial university serves every city), by name.
    pub async fn institutions_for_push(&self, scope: &kechuang_kernel::region::RegionPath) -> Result<Vec<Institution>> {
        with_db!(self, |p| Ok(sqlx::query_as(
            "SELECT x.id, x.name, r.name AS region_name FROM registry_records x JOIN regions r ON r.id = x.region_id \
             WHERE x.kind = 'institution' AND (r.path LIKE $1 OR $2 LIKE r.path || '%') ORDER BY x.name_norm, x.id"
        )
        .bind(scope.like_pattern())
        .bind(scope.as_str().to_owned())
        .fetch_all(p)
        .await?))
    }

    /// Active accounts of an institution.
    pub async fn institution_users(&self, institution_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = with_db!(self, |p| sqlx::query_as(
            "SELECT id FROM users WHERE institution_id = $1 AND active = TRUE ORDER BY id"
        )
        .bind(institution_id)
        .fetch_all(p)
        .await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
