//! Demands (企业技术需求): an enterprise's technical problem, posted by the
//! enterprise or compiled by the bureau; linked to the registry by credit code.

use crate::item::Demand;
use crate::lifecycle;
use crate::store::prelude::*;
use crate::text::title_key;
use serde::Serialize;

use super::{ImportCounts, ListQuery, json_list, log_change, may_edit};
use crate::vocab::DemandStatus;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Backend, Db, Result, StoreError, now};

/// A demand as stored, with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DemandRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub enterprise_id: Option<i64>,
    pub enterprise_name: String,
    pub enterprise_code: String,
    pub title: String,
    pub description: String,
    pub expected: String,
    pub field: String,
    pub keywords: String,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub deadline: Option<String>,
    pub cooperation: String,
    pub chain_tags: String,
    pub status: DemandStatus,
    pub published_on: Option<String>,
    pub created_by: String,
    pub created_by_id: Option<i64>,
    pub version: i64,
}

impl DemandRow {
    /// The text matching reads (as [`Demand::text`]).
    pub fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.title,
            super::list_of(&self.keywords).join(" "),
            self.description,
            self.expected
        )
    }

    pub fn editable_by(&self, p: &kechuang_kernel::role::Principal) -> bool {
        may_edit(p, &self.region_path, self.created_by_id, &self.enterprise_code, None)
    }

    pub fn visible_to(&self, p: &kechuang_kernel::role::Principal) -> bool {
        super::may_see(
            p,
            self.status.is_public(),
            &self.region_path,
            self.created_by_id,
            &self.enterprise_code,
            None,
        )
    }
}

pub(super) const SELECT: &str = "SELECT d.id, d.region_id, r.name AS region_name, r.path AS region_path, \
     d.enterprise_id, d.enterprise_name, d.enterprise_code, d.title, d.description, d.expected, d.field, d.keywords, \
     d.budget_min_fen, d.budget_max_fen, d.deadline, d.cooperation, d.chain_tags, d.status, d.published_on, \
     d.created_by, d.created_by_id, d.version FROM demands d JOIN regions r ON r.id = d.region_id";

#[easy_ext::ext(DemandStore)]
impl Db {
    pub async fn demand(&self, id: i64) -> Result<DemandRow> {
        let sql = format!("{SELECT} WHERE d.id = $1");
        let row: Option<DemandRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "demand",
            id: id.to_string(),
        })
    }

    pub async fn demands_by_ids(&self, ids: &[i64]) -> Result<Vec<DemandRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("{SELECT} WHERE d.id IN ({list}) ORDER BY d.id");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?))
    }

    /// A page of demands, newest first.
    pub async fn demands(&self, q: &ListQuery) -> Result<Vec<DemandRow>> {
        let (cond, binds) = super::changes::conditions(q, "d", "d.enterprise_code");
        let sql = format!(
            "{SELECT} WHERE {cond} ORDER BY d.id DESC LIMIT {} OFFSET {}",
            q.limit.clamp(1, 1000),
            q.offset.max(0)
        );
        with_db!(self, |p| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for b in binds {
                query = query.bind(b);
            }
            Ok(query.fetch_all(p).await?)
        })
    }

    /// Records demands (region, record) with `status` (draft or published)
    /// in one all-or-nothing transaction; the enterprise is linked by credit
    /// code, and an enterprise user's demand is always its own firm's.
    pub async fn create_demands(
        &self,
        actor: &Actor,
        rows: &[(i64, Demand)],
        status: DemandStatus,
        run_id: Option<i64>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<i64>> {
        Ok(self.write_demands(actor, rows, status, run_id, today, false).await?.ids)
    }

    /// Imports demands as [`Db::create_demands`] does, except that a row with
    /// the title and enterprise of a stored demand replaces its content if it
    /// changed and is left alone otherwise (see `reimport`).
    pub async fn import_demands(
        &self,
        actor: &Actor,
        rows: &[(i64, Demand)],
        status: DemandStatus,
        run_id: Option<i64>,
        today: chrono::NaiveDate,
    ) -> Result<ImportCounts> {
        self.write_demands(actor, rows, status, run_id, today, true).await
    }

    /// Replaces the editable fields of demand `id` at `version`.
    pub async fn update_demand(&self, actor: &Actor, id: i64, version: i64, d: &Demand) -> Result<()> {
        let before = self.demand(id).await?;
        if !before.editable_by(&actor.principal) {
            return Err(StoreError::Forbidden);
        }
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE demands SET title = $1, description = $2, expected = $3, field = $4, keywords = $5, \
                 budget_min_fen = $6, budget_max_fen = $7, deadline = $8, cooperation = $9, chain_tags = $10, \
                 updated_at = $11, version = version + 1 WHERE id = $12 AND version = $13",
            )
            .bind(d.title.clone())
            .bind(d.description.clone())
            .bind(d.expected.clone())
            .bind(d.field.clone())
            .bind(json_list(&d.keywords))
            .bind(d.budget_min_fen)
            .bind(d.budget_max_fen)
            .bind(d.deadline.clone())
            .bind(d.cooperation.clone())
            .bind(json_list(&d.chain_tags))
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "demand",
                    current: before.version,
                    submitted: version,
                });
            }
            log_change!(tx, pg, "demand", id, t);
            let b = kechuang_kernel::audit::snapshot(&before)?;
            let a = kechuang_kernel::audit::snapshot(d)?;
            tx.audit(actor, Change::update("demand", id, Some(&before.region_path), b, a))
                .await?;
            Ok(())
        })
    }

    /// Moves demand `id` at `version` to `to`.
    pub async fn set_demand_status(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        to: DemandStatus,
        today: chrono::NaiveDate,
    ) -> Result<()> {
        let before = self.demand(id).await?;
        if !before.editable_by(&actor.principal) {
            return Err(StoreError::Forbidden);
        }
        lifecycle::demand_step(before.status, to, lifecycle::Actor::Editor)
            .map_err(|m| StoreError::invalid("status", m))?;
        let published_on = if to == DemandStatus::Published {
            Some(today.to_string())
        } else {
            before.published_on.clone()
        };
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE demands SET status = $1, published_on = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $4 AND version = $5",
            )
            .bind(to.to_owned())
            .bind(published_on.clone())
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "demand",
                    current: before.version,
                    submitted: version,
                });
            }
            log_change!(tx, pg, "demand", id, t);
            tx.audit(
                actor,
                Change::update(
                    "demand",
                    id,
                    Some(&before.region_path),
                    serde_json::json!({"status": before.status}),
                    serde_json::json!({"status": to}),
                ),
            )
            .await?;
            Ok(())
        })
    }
}

#[easy_ext::ext(DemandStoreInternal)]
impl Db {
    async fn write_demands(
        &self,
        actor: &Actor,
        rows: &[(i64, Demand)],
        status: DemandStatus,
        run_id: Option<i64>,
        today: chrono::NaiveDate,
        upsert: bool,
    ) -> Result<ImportCounts> {
        if !matches!(status, DemandStatus::Draft | DemandStatus::Published) {
            return Err(StoreError::invalid(
                "status",
                "新需求只能是草稿或发布 / a new demand is a draft or published",
            ));
        }
        let mut rows = rows.to_vec();
        let mut links = Vec::with_capacity(rows.len());
        for (region_id, d) in rows.iter_mut() {
            if let Some(code) = actor.principal.enterprise_code.clone().filter(|c| !c.is_empty()) {
                d.enterprise_code = code;
            }
            let ent: Option<(i64, String, i64)> = if d.enterprise_code.is_empty() {
                None
            } else {
                with_db!(self, |p| sqlx::query_as(
                    "SELECT id, name, region_id FROM enterprises WHERE credit_code = $1 AND merged_into IS NULL"
                )
                .bind(d.enterprise_code.clone())
                .fetch_optional(p)
                .await?)
            };
            if let Some((id, name, region)) = &ent {
                d.enterprise_name = name.clone();
                *region_id = *region;
                links.push(Some(*id));
            } else {
                links.push(None);
            }
        }
        let mut counts = ImportCounts::default();
        let mut replace: Vec<Option<DemandRow>> = vec![None; rows.len()];
        if upsert {
            let keys: Vec<(String, String)> = rows
                .iter()
                .map(|(_, d)| (title_key(&d.title), d.enterprise_name.clone()))
                .collect();
            let found = self.ids_by_title_key("demands", "enterprise_name", &keys).await?;
            let ids: Vec<i64> = keys.iter().filter_map(|k| found.get(k).copied()).collect();
            let mut stored = std::collections::HashMap::new();
            for chunk in ids.chunks(500) {
                stored.extend(self.demands_by_ids(chunk).await?.into_iter().map(|r| (r.id, r)));
            }
            let mut keep = Vec::with_capacity(rows.len());
            for (i, key) in keys.iter().enumerate() {
                match found.get(key).and_then(|id| stored.get(id)) {
                    Some(old) if super::reimport::demand_same(old, &rows[i].1) => counts.unchanged += 1,
                    Some(old) => {
                        counts.updated += 1;
                        replace[i] = Some(old.clone());
                        keep.push(i);
                    }
                    None => {
                        counts.created += 1;
                        keep.push(i);
                    }
                }
            }
            rows = keep.iter().map(|&i| rows[i].clone()).collect();
            links = keep.iter().map(|&i| links[i]).collect();
            replace = keep.iter().map(|&i| replace[i].take()).collect();
        } else {
            counts.created = rows.len();
        }
        let paths = self.region_paths(rows.iter().map(|r| r.0)).await?;
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        let by = actor.principal.username.clone();
        let by_id = actor.principal.user_id;
        let published_on = (status == DemandStatus::Published).then(|| today.to_string());
        counts.ids = with_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for (((region_id, d), link), old) in rows.iter().zip(&links).zip(&replace) {
                if let Some(old) = old {
                    sqlx::query(
                        "UPDATE demands SET title = $1, description = $2, expected = $3, field = $4, keywords = $5, \
                         budget_min_fen = $6, budget_max_fen = $7, deadline = $8, cooperation = $9, chain_tags = $10, \
                         enterprise_id = $11, enterprise_code = $12, import_run_id = COALESCE($13, import_run_id), \
                         updated_at = $14, version = version + 1 WHERE id = $15",
                    )
                    .bind(d.title.clone())
                    .bind(d.description.clone())
                    .bind(d.expected.clone())
                    .bind(d.field.clone())
                    .bind(json_list(&d.keywords))
                    .bind(d.budget_min_fen)
                    .bind(d.budget_max_fen)
                    .bind(d.deadline.clone())
                    .bind(d.cooperation.clone())
                    .bind(json_list(&d.chain_tags))
                    .bind(*link)
                    .bind(d.enterprise_code.clone())
                    .bind(run_id)
                    .bind(t)
                    .bind(old.id)
                    .execute(&mut *tx)
                    .await?;
                    log_change!(tx, pg, "demand", old.id, t);
                    let before = kechuang_kernel::audit::snapshot(old)?;
                    let after = kechuang_kernel::audit::snapshot(d)?;
                    let change = Change::update("demand", old.id, Some(&old.region_path), before, after);
                    tx.audit(actor, change).await?;
                    ids.push(old.id);
                    continue;
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO demands (region_id, enterprise_id, enterprise_name, enterprise_code, title, description, \
                     expected, field, keywords, budget_min_fen, budget_max_fen, deadline, cooperation, chain_tags, status, \
                     published_on, created_by, created_by_id, import_run_id, created_at, updated_at, version) VALUES ($1, $2, \
                     $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, 1) RETURNING id",
                )
                .bind(*region_id)
                .bind(*link)
                .bind(d.enterprise_name.clone())
                .bind(d.enterprise_code.clone())
                .bind(d.title.clone())
                .bind(d.description.clone())
                .bind(d.expected.clone())
                .bind(d.field.clone())
                .bind(json_list(&d.keywords))
                .bind(d.budget_min_fen)
                .bind(d.budget_max_fen)
                .bind(d.deadline.clone())
                .bind(d.cooperation.clone())
                .bind(json_list(&d.chain_tags))
                .bind(status.to_owned())
                .bind(published_on.clone())
                .bind(by.clone())
                .bind(by_id)
                .bind(run_id)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                log_change!(tx, pg, "demand", id, t);
                let mut after = kechuang_kernel::audit::snapshot(d)?;
                after["status"] = status.as_str().into();
                let path = paths.get(region_id).map(String::as_str);
                tx.audit(actor, Change::create("demand", id, path, after)).await?;
                ids.push(id);
            }
            Ok(ids)
        })?;
        Ok(counts)
    }
}
