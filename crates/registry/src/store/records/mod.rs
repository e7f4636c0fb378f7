//! Registry storage, part 2: the actors other than enterprises — innovation
//! platforms, experts, universities and research institutes, service
//! agencies and investors — in one table keyed by (kind, code), where the
//! code is a credit code or a platform / expert number. The columns lists
//! filter and count on (category, level, area, status, chain tags, host) are
//! real columns; other public kind-specific fields are a JSON object in
//! `attrs` and private contact fields one in `contact`.
//!
//! Writes are scoped to the actor's regions (old and new), versioned and
//! audited with the kind as entity and the code as entity id; an upsert or
//! import row that would change nothing writes nothing. Bulk imports are in
//! [`import`].

pub mod import;

pub use import::{ImportCounts, NewRecordRow};

use crate::store::Upsert;
use chrono::{DateTime, Utc};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::regions::Region;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The kinds of record this table holds.
pub const RECORD_KINDS: &[&str] = &["platform", "expert", "institution", "service_agency", "investor"];

/// Largest accepted `attrs` / `contact` object, as JSON text.
const MAX_OBJECT_BYTES: usize = 16 * 1024;

/// The kind as the static name audit entries use; unknown kinds are refused.
fn kind_name(kind: &str) -> Result<&'static str> {
    RECORD_KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .ok_or_else(|| StoreError::invalid("kind", format!("未知的登记类别 {kind} / unknown record kind {kind:?}")))
}

/// The editable fields of a record (everything but identity and
/// bookkeeping). Fields a kind does not use stay empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordFields {
    pub name: String,
    pub region_id: i64,
    /// Platform kind, institution kind, agency kind or investor kind code.
    pub category: String,
    /// Platform level code.
    pub level: String,
    /// Expert home region code (local / beijing_tianjin / elsewhere / abroad).
    pub area: String,
    pub status: String,
    pub chain_tags: Vec<String>,
    /// A platform's host: its credit code.
    pub host_code: String,
    /// Public kind-specific fields.
    pub attrs: Map<String, Value>,
    /// Private contact fields.
    pub contact: Map<String, Value>,
}

impl RecordFields {
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "名称不能为空 / the name must not be empty"));
        }
        if self.chain_tags.iter().any(|t| t.trim().is_empty()) {
            return Err(StoreError::invalid(
                "chain_tags",
                "产业链标签不能为空 / chain tags must not be empty",
            ));
        }
        for (field, map) in [("attrs", &self.attrs), ("contact", &self.contact)] {
            if map.keys().any(|k| k.trim().is_empty()) {
                return Err(StoreError::invalid(
                    field,
                    "字段名不能为空 / field names must not be empty",
                ));
            }
            if json_text(map).len() > MAX_OBJECT_BYTES {
                return Err(StoreError::invalid(
                    field,
                    "内容过长（最多 16 KiB）/ at most 16 KiB of JSON",
                ));
            }
        }
        Ok(())
    }

    /// The form that is stored: text trimmed, chain tags trimmed and each
    /// kept once (first occurrence).
    pub(crate) fn normalized(mut self) -> Self {
        for s in [
            &mut self.name,
            &mut self.category,
            &mut self.level,
            &mut self.area,
            &mut self.status,
            &mut self.host_code,
        ] {
            *s = s.trim().to_owned();
        }
        let mut tags: Vec<String> = Vec::with_capacity(self.chain_tags.len());
        for t in self.chain_tags.iter().map(|t| t.trim()) {
            if !tags.iter().any(|k| k == t) {
                tags.push(t.to_owned());
            }
        }
        self.chain_tags = tags;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Record {
    pub id: i64,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub category: String,
    pub level: String,
    pub area: String,
    pub status: String,
    /// JSON array of industry-chain tags.
    pub chain_tags: String,
    pub host_code: String,
    /// JSON object of public kind-specific fields.
    pub attrs: String,
    /// JSON object of private contact fields.
    pub contact: String,
    pub import_run_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Record {
    pub fn fields(&self) -> RecordFields {
        RecordFields {
            name: self.name.clone(),
            region_id: self.region_id,
            category: self.category.clone(),
            level: self.level.clone(),
            area: self.area.clone(),
            status: self.status.clone(),
            chain_tags: self.chain_list(),
            host_code: self.host_code.clone(),
            attrs: self.attrs_map(),
            contact: self.contact_map(),
        }
    }
    pub fn chain_list(&self) -> Vec<String> {
        serde_json::from_str(&self.chain_tags).unwrap_or_default()
    }
    pub fn attrs_map(&self) -> Map<String, Value> {
        serde_json::from_str(&self.attrs).unwrap_or_default()
    }
    pub fn contact_map(&self) -> Map<String, Value> {
        serde_json::from_str(&self.contact).unwrap_or_default()
    }
    fn path(&self) -> RegionPath {
        RegionPath::from_stored(self.region_path.clone())
    }
}

/// Order of a record list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RecordSort {
    #[default]
    Name,
    Code,
    UpdatedDesc,
    /// By region (depth-first), then name.
    Region,
}

impl RecordSort {
    fn order_by(self) -> &'static str {
        match self {
            Self::Name => "x.name, x.id",
            Self::Code => "x.code, x.id",
            Self::UpdatedDesc => "x.updated_at DESC, x.id DESC",
            Self::Region => "r.path, x.name, x.id",
        }
    }
}

/// Filters for listing records. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    /// Search on the normalised name (Traditional and Simplified match) or
    /// the code.
    pub query: Option<String>,
    /// The record's region or any region below it.
    pub region_id: Option<i64>,
    pub category: Option<String>,
    pub level: Option<String>,
    pub area: Option<String>,
    pub status: Option<String>,
    /// One industry-chain tag.
    pub chain: Option<String>,
    pub sort: RecordSort,
    pub offset: i64,
    pub limit: i64,
}

/// Number of records of one region, category and level.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RecordCount {
    pub region_id: i64,
    pub region_name: String,
    pub category: String,
    pub level: String,
    pub count: i64,
}

const FROM: &str = "FROM registry_records x JOIN regions r ON r.id = x.region_id";
const SELECT: &str = "SELECT x.id, x.kind, x.code, x.name, x.region_id, r.name AS region_name, \
     r.path AS region_path, x.category, x.level, x.area, x.status, x.chain_tags, x.host_code, x.attrs, \
     x.contact, x.import_run_id, x.created_at, x.updated_at, x.version \
     FROM registry_records x JOIN regions r ON r.id = x.region_id";

/// The editable columns, in the order [`bind_fields!`] binds them.
const FIELD_COLS: &str =
    "name, name_norm, region_id, category, level, area, status, chain_tags, host_code, attrs, contact";

const UPDATE: &str = "UPDATE registry_records SET name = $1, name_norm = $2, region_id = $3, category = $4, \
     level = $5, area = $6, status = $7, chain_tags = $8, host_code = $9, attrs = $10, contact = $11, \
     updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14";

/// An INSERT of `rows` records: `$1` kind, `$2` import run, `$3` time, then
/// per row the code and the [`FIELD_COLS`].
fn insert_sql(rows: usize) -> String {
    let mut sql = format!(
        "INSERT INTO registry_records (kind, import_run_id, created_at, updated_at, version, code, {FIELD_COLS}) VALUES "
    );
    for i in 0..rows {
        let marks: Vec<String> = (1..=12).map(|k| format!("${}", 3 + i * 12 + k)).collect();
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!("($1,$2,$3,$3,1,{})", marks.join(",")));
    }
    sql
}

/// The key the name search compares: the normalised name.
fn name_key(name: &str) -> String {
    crate::normalize_name(name)
}

fn json_text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn audit_value(f: &RecordFields) -> Result<Value> {
    kechuang_kernel::audit::snapshot(f)
}

/// Binds the [`FIELD_COLS`] of a [`RecordFields`] to a query.
macro_rules! bind_fields {
    ($q:expr, $f:expr) => {
        $q.bind($f.name.clone())
            .bind($crate::store::records::name_key(&$f.name))
            .bind($f.region_id)
            .bind($f.category.clone())
            .bind($f.level.clone())
            .bind($f.area.clone())
            .bind($f.status.clone())
            .bind($crate::store::records::json_text(&$f.chain_tags))
            .bind($f.host_code.clone())
            .bind($crate::store::records::json_text(&$f.attrs))
            .bind($crate::store::records::json_text(&$f.contact))
    };
}

/// Brings the record `$before` to `$f` inside transaction `$tx` if its
/// version is still the one read; `Err(Conflict)` otherwise.
macro_rules! update_row {
    ($tx:ident, $kind:expr, $before:expr, $f:expr, $t:expr) => {{
        let n = $crate::store::records::bind_fields!(sqlx::query($crate::store::records::UPDATE), $f)
            .bind($t)
            .bind($before.id)
            .bind($before.version)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
        if n == 0 {
            Err(kechuang_kernel::StoreError::Conflict {
                entity: $kind,
                current: $before.version + 1,
                submitted: $before.version,
            })
        } else {
            Ok(())
        }
    }};
}
pub(crate) use {bind_fields, update_row};

#[easy_ext::ext(RecordStore)]
impl Db {
    pub async fn record(&self, kind: &str, id: i64) -> Result<Record> {
        let kind = kind_name(kind)?;
        let sql = format!("{SELECT} WHERE x.kind = $1 AND x.id = $2");
        with_db!(self, |p| sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(sql))
            .bind(kind)
            .bind(id)
            .fetch_optional(p)
            .await?
            .ok_or(StoreError::NotFound {
                entity: kind,
                id: id.to_string()
            }))
    }

    pub async fn record_by_code(&self, kind: &str, code: &str) -> Result<Option<Record>> {
        let kind = kind_name(kind)?;
        let sql = format!("{SELECT} WHERE x.kind = $1 AND x.code = $2");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(sql))
            .bind(kind)
            .bind(code.trim().to_owned())
            .fetch_optional(p)
            .await?))
    }

    /// Records of `kind` in `scope`, filtered, sorted and paged, with the
    /// total count.
    pub async fn records(&self, kind: &str, scope: &Scope, f: &RecordFilter) -> Result<(Vec<Record>, i64)> {
        let kind = kind_name(kind)?;
        let mut where_sql = String::from(" WHERE x.kind = $1 AND r.path LIKE $2");
        let mut binds = vec![kind.to_owned(), scope.like_pattern()];
        if let Some(q) = f.query.as_deref().map(name_key).filter(|q| !q.is_empty()) {
            // codes are compared upper-case
            binds.push(kechuang_kernel::like::contains(&q));
            binds.push(kechuang_kernel::like::contains(&q.to_uppercase()));
            where_sql.push_str(&format!(
                " AND (x.name_norm LIKE ${} ESCAPE '\\' OR UPPER(x.code) LIKE ${} ESCAPE '\\')",
                binds.len() - 1,
                binds.len()
            ));
        }
        let mut add = |binds: &mut Vec<String>, clause: &str, value: String| {
            binds.push(value);
            where_sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(id) = f.region_id {
            let region = self.region(id).await?;
            add(&mut binds, " AND r.path LIKE ?", region.region_path().like_pattern());
        }
        for (col, value) in [
            ("category", &f.category),
            ("level", &f.level),
            ("area", &f.area),
            ("status", &f.status),
        ] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                add(&mut binds, &format!(" AND x.{col} = ?"), v.to_owned());
            }
        }
        if let Some(tag) = f.chain.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            add(
                &mut binds,
                " AND x.chain_tags LIKE ? ESCAPE '\\'",
                kechuang_kernel::like::contains(&json_text(&tag)),
            );
        }
        let list = format!(
            "{SELECT}{where_sql} ORDER BY {} LIMIT {} OFFSET {}",
            f.sort.order_by(),
            f.limit.clamp(1, 1000),
            f.offset.max(0)
        );
        let count = format!("SELECT COUNT(*) {FROM}{where_sql}");
        with_db!(self, |p| {
            let mut q = sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(list));
            let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
            for b in &binds {
                q = q.bind(b.clone());
                c = c.bind(b.clone());
            }
            Ok((q.fetch_all(p).await?, c.fetch_one(p).await?))
        })
    }

    /// Creates the record of `kind` with `code`, or brings it to `fields`
    /// when it exists; unchanged fields write nothing. The actor must cover
    /// the record's region (old and new).
    pub async fn upsert_record(
        &self,
        actor: &Actor,
        kind: &str,
        code: &str,
        fields: RecordFields,
    ) -> Result<(Record, Upsert)> {
        let kind = kind_name(kind)?;
        let code = code.trim();
        if code.is_empty() {
            return Err(StoreError::invalid("code", "编号不能为空 / the code must not be empty"));
        }
        let f = fields.normalized();
        let region = self.writable_region(actor, &f).await?;
        let existing = self.record_by_code(kind, code).await?;
        if let Some(r) = &existing {
            if !actor.principal.covers(&r.path()) {
                return Err(StoreError::Forbidden);
            }
            if r.fields() == f {
                return Ok((r.clone(), Upsert::Unchanged));
            }
        }
        let t = now();
        let outcome = with_tx!(self, |tx| {
            match &existing {
                None => {
                    let q = sqlx::query(sqlx::AssertSqlSafe(insert_sql(1)))
                        .bind(kind)
                        .bind(None::<i64>)
                        .bind(t)
                        .bind(code.to_owned());
                    bind_fields!(q, f).execute(&mut *tx).await.map_err(|e| {
                        StoreError::on_unique(e, "code", format!("编号 {code} 已登记 / {kind} {code} already exists"))
                    })?;
                    tx.audit(actor, Change::create(kind, code, Some(&region.path), audit_value(&f)?))
                        .await?;
                    Ok(Upsert::Created)
                }
                Some(before) => {
                    update_row!(tx, kind, before, f, t)?;
                    let change = Change::update(
                        kind,
                        code,
                        Some(&region.path),
                        audit_value(&before.fields())?,
                        audit_value(&f)?,
                    );
                    tx.audit(actor, change).await?;
                    Ok(Upsert::Updated)
                }
            }
        })?;
        let r = self.record_by_code(kind, code).await?.ok_or(StoreError::NotFound {
            entity: kind,
            id: code.to_owned(),
        })?;
        Ok((r, outcome))
    }

    /// Brings record `id` (read at `version`) to `fields`. A stale version is
    /// a [`StoreError::Conflict`] and writes nothing; so do unchanged fields.
    pub async fn update_record(
        &self,
        actor: &Actor,
        kind: &str,
        id: i64,
        version: i64,
        fields: RecordFields,
    ) -> Result<Record> {
        let kind = kind_name(kind)?;
        let f = fields.normalized();
        let before = self.record(kind, id).await?;
        if !actor.principal.covers(&before.path()) {
            return Err(StoreError::Forbidden);
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: kind,
                current: before.version,
                submitted: version,
            });
        }
        let region = self.writable_region(actor, &f).await?;
        if before.fields() == f {
            return Ok(before);
        }
        let t = now();
        with_tx!(self, |tx| {
            update_row!(tx, kind, before, f, t)?;
            let change = Change::update(
                kind,
                &before.code,
                Some(&region.path),
                audit_value(&before.fields())?,
                audit_value(&f)?,
            );
            tx.audit(actor, change).await
        })?;
        self.record(kind, id).await
    }

    /// Deletes record `id` if it is still at `version`.
    pub async fn delete_record(&self, actor: &Actor, kind: &str, id: i64, version: i64) -> Result<()> {
        let kind = kind_name(kind)?;
        let before = self.record(kind, id).await?;
        if !actor.principal.covers(&before.path()) {
            return Err(StoreError::Forbidden);
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                entity: kind,
                current: before.version,
                submitted: version,
            });
        }
        with_tx!(self, |tx| {
            let n = sqlx::query("DELETE FROM registry_records WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(StoreError::Conflict {
                    entity: kind,
                    current: version + 1,
                    submitted: version,
                });
            }
            let change = Change::delete(
                kind,
                &before.code,
                Some(&before.region_path),
                audit_value(&before.fields())?,
            );
            tx.audit(actor, change).await
        })
    }

    /// Numbers of records of `kind` in `scope` per region, category and
    /// level, in region order.
    pub async fn record_counts(&self, kind: &str, scope: &Scope) -> Result<Vec<RecordCount>> {
        let kind = kind_name(kind)?;
        let sql = format!(
            "SELECT x.region_id, r.name AS region_name, x.category, x.level, COUNT(*) AS count {FROM} \
             WHERE x.kind = $1 AND r.path LIKE $2 GROUP BY x.region_id, r.name, r.path, x.category, x.level \
             ORDER BY r.path, x.category, x.level"
        );
        with_db!(self, |p| Ok(sqlx::query_as::<_, RecordCount>(sqlx::AssertSqlSafe(sql))
            .bind(kind)
            .bind(scope.like_pattern())
            .fetch_all(p)
            .await?))
    }
}

#[easy_ext::ext(RecordStoreInternal)]
impl Db {
    /// Checks `fields` and returns their region, which the actor must cover.
    async fn writable_region(&self, actor: &Actor, fields: &RecordFields) -> Result<Region> {
        fields.check()?;
        let region = match self.region(fields.region_id).await {
            Err(StoreError::NotFound { .. }) => {
                return Err(StoreError::invalid(
                    "region_id",
                    format!("区域 {} 不存在 / unknown region", fields.region_id),
                ));
            }
            r => r?,
        };
        if !actor.principal.covers(&region.region_path()) {
            return Err(StoreError::Forbidden);
        }
        Ok(region)
    }
}
