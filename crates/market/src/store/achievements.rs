//! Achievements (科技成果): create, edit, move through their life cycle,
//! import a batch, read one or a list. Owners given by code are linked to
//! the registry (an enterprise by credit code, an institution or expert by
//! registry code); an owner not yet registered is kept by name.

use crate::item::Achievement;
use crate::lifecycle::{self, LISTING_DAYS};
use crate::store::prelude::*;
use crate::text::title_key;
use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{ImportCounts, ListQuery, json_list, log_change, may_edit};
use crate::vocab::AchievementStatus;
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Backend, Db, Result, StoreError, now};

/// An achievement as stored, with its region.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AchievementRow {
    pub id: i64,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub title: String,
    pub summary: String,
    pub field: String,
    /// JSON arrays of text.
    pub keywords: String,
    pub patents: String,
    pub maturity: String,
    pub trl: Option<i64>,
    pub transfer_modes: String,
    pub price_min_fen: Option<i64>,
    pub price_max_fen: Option<i64>,
    pub owner_kind: String,
    pub owner_id: Option<i64>,
    pub owner_name: String,
    pub owner_code: String,
    pub area: String,
    pub chain_tags: String,
    pub status: AchievementStatus,
    pub review_note: String,
    pub published_on: Option<String>,
    pub expires_on: Option<String>,
    pub created_by: String,
    pub created_by_id: Option<i64>,
    pub version: i64,
}

impl AchievementRow {
    /// The text matching reads (as [`Achievement::text`]).
    pub fn text(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.title,
            super::list_of(&self.keywords).join(" "),
            self.summary
        )
    }

    pub fn owner_institution(&self) -> Option<i64> {
        (self.owner_kind == "institution").then_some(self.owner_id).flatten()
    }

    /// Whether `p` may change it.
    pub fn editable_by(&self, p: &kechuang_kernel::role::Principal) -> bool {
        may_edit(
            p,
            &self.region_path,
            self.created_by_id,
            &self.owner_code,
            self.owner_institution(),
        )
    }

    /// Whether `p` may see it.
    pub fn visible_to(&self, p: &kechuang_kernel::role::Principal) -> bool {
        super::may_see(
            p,
            self.status.is_public(),
            &self.region_path,
            self.created_by_id,
            &self.owner_code,
            self.owner_institution(),
        )
    }
}

pub(super) const SELECT: &str = "SELECT a.id, a.region_id, r.name AS region_name, r.path AS region_path, a.title, \
     a.summary, a.field, a.keywords, a.patents, a.maturity, a.trl, a.transfer_modes, a.price_min_fen, \
     a.price_max_fen, a.owner_kind, a.owner_id, a.owner_name, a.owner_code, a.area, a.chain_tags, a.status, \
     a.review_note, a.published_on, a.expires_on, a.created_by, a.created_by_id, a.version \
     FROM achievements a JOIN regions r ON r.id = a.region_id";

/// Owner kind, id and name for `code` in the registry, if registered.
async fn link_owner(db: &Db, code: &str, name: &str) -> Result<(String, Option<i64>, String)> {
    if code.is_empty() {
        return Ok((String::new(), None, name.to_owned()));
    }
    let ent: Option<(i64, String)> = with_db!(db, |p| sqlx::query_as(
        "SELECT id, name FROM enterprises WHERE credit_code = $1 AND merged_into IS NULL"
    )
    .bind(code.to_owned())
    .fetch_optional(p)
    .await?);
    if let Some((id, n)) = ent {
        return Ok(("enterprise".into(), Some(id), n));
    }
    let rec: Option<(String, i64, String)> = with_db!(db, |p| sqlx::query_as(
        "SELECT kind, id, name FROM registry_records WHERE code = $1 AND kind IN ('institution', 'expert') \
         ORDER BY kind DESC LIMIT 1"
    )
    .bind(code.to_owned())
    .fetch_optional(p)
    .await?);
    Ok(match rec {
        Some((kind, id, n)) => (kind, Some(id), n),
        None => (String::new(), None, name.to_owned()),
    })
}

#[easy_ext::ext(AchievementStore)]
impl Db {
    /// One achievement.
    pub async fn achievement(&self, id: i64) -> Result<AchievementRow> {
        let sql = format!("{SELECT} WHERE a.id = $1");
        let row: Option<AchievementRow> = with_db!(self, |p| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or_else(|| StoreError::NotFound {
            entity: "achievement",
            id: id.to_string(),
        })
    }

    /// Achievements with these ids, in id order (missing ids are skipped).
    pub async fn achievements_by_ids(&self, ids: &[i64]) -> Result<Vec<AchievementRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("{SELECT} WHERE a.id IN ({list}) ORDER BY a.id");
        with_db!(self, |p| Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?))
    }

    /// A page of achievements, newest first.
    pub async fn achievements(&self, q: &ListQuery) -> Result<Vec<AchievementRow>> {
        let (cond, binds) = super::changes::conditions(q, "a", "a.owner_code");
        let sql = format!(
            "{SELECT} WHERE {cond} ORDER BY a.id DESC LIMIT {} OFFSET {}",
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

    /// Records a new achievement in `region_id` with `status` (draft or
    /// under_review), audited; returns its id. The owner defaults to the
    /// acting enterprise or institution.
    pub async fn create_achievement(
        &self,
        actor: &Actor,
        region_id: i64,
        a: &Achievement,
        status: AchievementStatus,
    ) -> Result<i64> {
        if !matches!(status, AchievementStatus::Draft | AchievementStatus::UnderReview) {
            return Err(StoreError::invalid(
                "status",
                "新成果只能是草稿或提交审核 / a new achievement is a draft or submitted",
            ));
        }
        let mut a = a.clone();
        if a.owner_code.is_empty() {
            if let Some(code) = actor.principal.enterprise_code.clone().filter(|c| !c.is_empty()) {
                a.owner_code = code;
            } else if let Some(inst) = actor.principal.institution_id {
                let code: Option<(String,)> = with_db!(self, |p| sqlx::query_as(
                    "SELECT code FROM registry_records WHERE id = $1"
                )
                .bind(inst)
                .fetch_optional(p)
                .await?);
                a.owner_code = code.map(|c| c.0).unwrap_or_default();
            }
        }
        let (owner_kind, owner_id, owner_name) = link_owner(self, &a.owner_code, &a.owner_name).await?;
        let ids = self
            .insert_achievements(
                actor,
                &[(region_id, a)],
                status,
                None,
                &[(owner_kind, owner_id, Some(owner_name))],
                &[None],
            )
            .await?;
        Ok(ids[0])
    }

    /// Imports validated achievements (region, record) as one all-or-nothing
    /// batch with `status` (draft, under_review, or published: the bureau's
    /// own curated lists, listed from today); owners are linked as in
    /// [`Db::create_achievement`]. A row with the title and owner of a stored
    /// achievement replaces its content if it changed (see `reimport`).
    pub async fn import_achievements(
        &self,
        actor: &Actor,
        rows: &[(i64, Achievement)],
        status: AchievementStatus,
        run_id: Option<i64>,
    ) -> Result<ImportCounts> {
        if !matches!(
            status,
            AchievementStatus::Draft | AchievementStatus::UnderReview | AchievementStatus::Published
        ) {
            return Err(StoreError::invalid(
                "status",
                "导入的成果只能是草稿、审核中或已发布 / imported achievements are drafts, submitted or published",
            ));
        }
        let mut owners = Vec::with_capacity(rows.len());
        let mut cache = std::collections::HashMap::new();
        for (_, a) in rows {
            let key = (a.owner_code.clone(), a.owner_name.clone());
            if !cache.contains_key(&key) {
                let (k, id, n) = link_owner(self, &a.owner_code, &a.owner_name).await?;
                cache.insert(key.clone(), (k, id, n));
            }
            owners.push(cache[&key].clone());
        }
        // rows naming an achievement already stored replace it when changed
        let keys: Vec<(String, String)> = rows
            .iter()
            .zip(&owners)
            .map(|((_, a), o)| (title_key(&a.title), o.2.clone()))
            .collect();
        let found = self.ids_by_title_key("achievements", "owner_name", &keys).await?;
        let stored_ids: Vec<i64> = keys.iter().filter_map(|k| found.get(k).copied()).collect();
        let mut stored = std::collections::HashMap::new();
        for chunk in stored_ids.chunks(500) {
            stored.extend(self.achievements_by_ids(chunk).await?.into_iter().map(|r| (r.id, r)));
        }
        let mut counts = ImportCounts::default();
        if found.is_empty() {
            // nothing stored yet (a first import): every row is new, written as given
            let owners: Vec<_> = owners.into_iter().map(|o| (o.0, o.1, Some(o.2))).collect();
            counts.created = rows.len();
            counts.ids = self
                .insert_achievements(actor, rows, status, run_id, &owners, &vec![None; rows.len()])
                .await?;
            self.refresh_statistics(&["achievements"]).await?;
            return Ok(counts);
        }
        let (mut write, mut write_owners, mut replace) = (Vec::new(), Vec::new(), Vec::new());
        for ((row, owner), key) in rows.iter().zip(owners).zip(&keys) {
            let old = found.get(key).and_then(|id| stored.get(id));
            match old {
                Some(o) if super::reimport::achievement_same(o, &row.1, &owner) => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(_) => counts.updated += 1,
                None => counts.created += 1,
            }
            write.push(row.clone());
            write_owners.push((owner.0, owner.1, Some(owner.2)));
            replace.push(old.cloned());
        }
        counts.ids = self
            .insert_achievements(actor, &write, status, run_id, &write_owners, &replace)
            .await?;
        self.refresh_statistics(&["achievements"]).await?;
        Ok(counts)
    }

    /// Replaces the editable fields of achievement `id` at `version`.
    pub async fn update_achievement(&self, actor: &Actor, id: i64, version: i64, a: &Achievement) -> Result<()> {
        let before = self.achievement(id).await?;
        if !before.editable_by(&actor.principal) {
            return Err(StoreError::Forbidden);
        }
        let (owner_kind, owner_id, owner_name) = link_owner(self, &a.owner_code, &a.owner_name).await?;
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE achievements SET title = $1, summary = $2, field = $3, keywords = $4, patents = $5, \
                 maturity = $6, trl = $7, transfer_modes = $8, price_min_fen = $9, price_max_fen = $10, owner_kind = $11, \
                 owner_id = $12, owner_name = $13, owner_code = $14, area = $15, chain_tags = $16, updated_at = $17, \
                 version = version + 1 WHERE id = $18 AND version = $19",
            )
            .bind(a.title.clone())
            .bind(a.summary.clone())
            .bind(a.field.clone())
            .bind(json_list(&a.keywords))
            .bind(json_list(&a.patents))
            .bind(a.maturity.clone())
            .bind(a.trl.map(i64::from))
            .bind(json_list(&a.transfer_modes))
            .bind(a.price_min_fen)
            .bind(a.price_max_fen)
            .bind(owner_kind.clone())
            .bind(owner_id)
            .bind(owner_name.clone())
            .bind(a.owner_code.clone())
            .bind(a.area.clone())
            .bind(json_list(&a.chain_tags))
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "achievement",
                    current: before.version,
                    submitted: version,
                });
            }
            log_change!(tx, pg, "achievement", id, t);
            let before_json = kechuang_kernel::audit::snapshot(&before)?;
            let after = kechuang_kernel::audit::snapshot(a)?;
            tx.audit(
                actor,
                Change::update("achievement", id, Some(&before.region_path), before_json, after),
            )
            .await?;
            Ok(())
        })
    }

    /// Moves achievement `id` at `version` to `to` as `who` on `today`;
    /// publishing (or renewing) lists it for [`LISTING_DAYS`]. `note` is kept
    /// as the review note (a reason for returning it).
    pub async fn set_achievement_status(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        to: AchievementStatus,
        who: lifecycle::Actor,
        note: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let before = self.achievement(id).await?;
        lifecycle::achievement_step(before.status, to, who).map_err(|m| StoreError::invalid("status", m))?;
        let (published_on, expires_on) = if to == AchievementStatus::Published {
            let until = today.checked_add_days(Days::new(LISTING_DAYS as u64)).unwrap_or(today);
            (Some(today.to_string()), Some(until.to_string()))
        } else {
            (before.published_on.clone(), before.expires_on.clone())
        };
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        with_tx!(self, |tx| {
            let n = sqlx::query(
                "UPDATE achievements SET status = $1, review_note = $2, published_on = $3, expires_on = $4, \
                 updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
            )
            .bind(to)
            .bind(note.to_owned())
            .bind(published_on.clone())
            .bind(expires_on.clone())
            .bind(t)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: "achievement",
                    current: before.version,
                    submitted: version,
                });
            }
            log_change!(tx, pg, "achievement", id, t);
            tx.audit(
                actor,
                Change::update(
                    "achievement",
                    id,
                    Some(&before.region_path),
                    serde_json::json!({"status": before.status}),
                    serde_json::json!({"status": to, "note": note, "expires_on": expires_on}),
                ),
            )
            .await?;
            Ok(())
        })
    }

    /// Expires published achievements whose listing ended before `today`;
    /// returns how many.
    pub async fn expire_achievements(&self, today: NaiveDate) -> Result<usize> {
        let due: Vec<(i64, i64)> = with_db!(self, |p| {
            sqlx::query_as(
                "SELECT id, version FROM achievements WHERE status = $2 AND expires_on < $1 ORDER BY expires_on",
            )
            .bind(today.to_string())
            .bind(AchievementStatus::Published)
            .fetch_all(p)
            .await?
        });
        let actor = Actor::system();
        let mut n = 0;
        for (id, version) in due {
            match self
                .set_achievement_status(
                    &actor,
                    id,
                    version,
                    AchievementStatus::Expired,
                    lifecycle::Actor::System,
                    "",
                    today,
                )
                .await
            {
                Ok(()) => n += 1,
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }
}

#[easy_ext::ext(AchievementStoreInternal)]
impl Db {
    /// Writes achievements (region, record) with resolved owners in one
    /// transaction, with a change row and an audit entry each: a row with an
    /// item in `replace` replaces that item's content (its status stays),
    /// the others are inserted with `status`.
    async fn insert_achievements(
        &self,
        actor: &Actor,
        rows: &[(i64, Achievement)],
        status: AchievementStatus,
        run_id: Option<i64>,
        owners: &[(String, Option<i64>, Option<String>)],
        replace: &[Option<AchievementRow>],
    ) -> Result<Vec<i64>> {
        let t = now();
        let pg = self.backend() == Backend::Postgres;
        let by = actor.principal.username.clone();
        let by_id = actor.principal.user_id;
        let paths = self.region_paths(rows.iter().map(|r| r.0)).await?;
        let listed: (Option<String>, Option<String>) = if status == AchievementStatus::Published {
            let today = kechuang_kernel::clock::today();
            let until = today.checked_add_days(Days::new(LISTING_DAYS as u64)).unwrap_or(today);
            (Some(today.to_string()), Some(until.to_string()))
        } else {
            (None, None)
        };
        with_tx!(self, |tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for (((region_id, a), (owner_kind, owner_id, owner_name)), old) in rows.iter().zip(owners).zip(replace) {
                let owner_name = owner_name.clone().unwrap_or_else(|| a.owner_name.clone());
                if let Some(old) = old {
                    sqlx::query(
                        "UPDATE achievements SET title = $1, summary = $2, field = $3, keywords = $4, patents = $5, \
                         maturity = $6, trl = $7, transfer_modes = $8, price_min_fen = $9, price_max_fen = $10, \
                         owner_kind = $11, owner_id = $12, owner_name = $13, owner_code = $14, area = $15, chain_tags = $16, \
                         import_run_id = COALESCE($17, import_run_id), updated_at = $18, version = version + 1 WHERE id = $19",
                    )
                    .bind(a.title.clone())
                    .bind(a.summary.clone())
                    .bind(a.field.clone())
                    .bind(json_list(&a.keywords))
                    .bind(json_list(&a.patents))
                    .bind(a.maturity.clone())
                    .bind(a.trl.map(i64::from))
                    .bind(json_list(&a.transfer_modes))
                    .bind(a.price_min_fen)
                    .bind(a.price_max_fen)
                    .bind(owner_kind.clone())
                    .bind(*owner_id)
                    .bind(owner_name.clone())
                    .bind(a.owner_code.clone())
                    .bind(a.area.clone())
                    .bind(json_list(&a.chain_tags))
                    .bind(run_id)
                    .bind(t)
                    .bind(old.id)
                    .execute(&mut *tx)
                    .await?;
                    log_change!(tx, pg, "achievement", old.id, t);
                    let before = kechuang_kernel::audit::snapshot(old)?;
                    let after = kechuang_kernel::audit::snapshot(a)?;
                    let change = Change::update("achievement", old.id, Some(&old.region_path), before, after);
                    tx.audit(actor, change).await?;
                    ids.push(old.id);
                    continue;
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO achievements (region_id, title, summary, field, keywords, patents, maturity, trl, \
                     transfer_modes, price_min_fen, price_max_fen, owner_kind, owner_id, owner_name, owner_code, area, \
                     chain_tags, status, created_by, created_by_id, import_run_id, created_at, updated_at, version, \
                     published_on, expires_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                     $21, $22, $22, 1, $23, $24) RETURNING id",
                )
                .bind(*region_id)
                .bind(a.title.clone())
                .bind(a.summary.clone())
                .bind(a.field.clone())
                .bind(json_list(&a.keywords))
                .bind(json_list(&a.patents))
                .bind(a.maturity.clone())
                .bind(a.trl.map(i64::from))
                .bind(json_list(&a.transfer_modes))
                .bind(a.price_min_fen)
                .bind(a.price_max_fen)
                .bind(owner_kind.clone())
                .bind(*owner_id)
                .bind(owner_name)
                .bind(a.owner_code.clone())
                .bind(a.area.clone())
                .bind(json_list(&a.chain_tags))
                .bind(status)
                .bind(by.clone())
                .bind(by_id)
                .bind(run_id)
                .bind(t)
                .bind(listed.0.clone())
                .bind(listed.1.clone())
                .fetch_one(&mut *tx)
                .await?;
                log_change!(tx, pg, "achievement", id, t);
                let mut after = kechuang_kernel::audit::snapshot(a)?;
                after["status"] = status.as_str().into();
                let path = paths.get(region_id).map(String::as_str);
                tx.audit(actor, Change::create("achievement", id, path, after)).await?;
                ids.push(id);
            }
            Ok(ids)
        })
    }
}
