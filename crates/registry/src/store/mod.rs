//! Registry storage of enterprises keyed by the unified social credit code,
//! with their yearly facts ([`facts`]), certificates ([`certificates`]), bulk
//! imports ([`bulk`]), duplicate merges ([`merge`]) and the changes an
//! enterprise proposes to its own record ([`proposals`]). Writes are scoped to
//! the actor's regions, versioned and audited; an upsert that would change
//! nothing writes nothing (re-importing a file is a no-op). Other registry
//! records (platforms, experts, institutions, agencies, investors) are in
//! [`records`]; sheet import runs in [`imports`].

pub mod backup;
pub mod bulk;
pub mod certificates;
pub mod facts;
pub mod imports;
pub mod merge;
pub mod proposals;
pub mod records;
mod save;

/// The registry's storage traits, for `use kechuang_registry::store::prelude::*`.
pub mod prelude {
    pub use super::EnterpriseStore;
    pub use super::bulk::EnterpriseImportStore;
    pub use super::certificates::CertificateStore;
    pub use super::facts::FactStore;
    pub use super::imports::ImportRunStore;
    pub use super::merge::MergeStore;
    pub use super::proposals::ProposalStore;
    pub use super::records::RecordStore;
    pub use super::records::import::RecordImportStore;

    pub(crate) use super::bulk::EnterpriseImportStoreCrate;
}

pub use bulk::{EnterpriseRow, Feed, ImportCounts};
pub use certificates::StoredCertificate;
pub use facts::StoredFacts;
use save::{Expect, save_enterprise};

use chrono::{DateTime, Utc};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::{Db, Result, StoreError};
use serde::{Deserialize, Serialize};

/// The editable fields of an enterprise (everything but identity and
/// bookkeeping).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnterpriseFields {
    pub name: String,
    /// JSON array of earlier names.
    pub former_names: String,
    pub region_id: i64,
    pub address: String,
    pub industry_code: String,
    pub industry_name: String,
    /// JSON array of industry-chain tags.
    pub chain_tags: String,
    pub founded_on: Option<String>,
    pub listed: bool,
    pub listing_reserve: bool,
    pub contact_name: String,
    pub contact_phone: String,
    /// Size class code: large, medium, small, micro (or empty).
    pub size: String,
    pub above_scale_industrial: bool,
    pub legal_representative: String,
}

impl EnterpriseFields {
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::invalid(
                "name",
                "企业名称不能为空 / the name must not be empty",
            ));
        }
        for (field, v) in [("former_names", &self.former_names), ("chain_tags", &self.chain_tags)] {
            if serde_json::from_str::<Vec<String>>(v).is_err() {
                return Err(StoreError::invalid(
                    field,
                    "列表格式错误 / must be a JSON array of text",
                ));
            }
        }
        if let Some(d) = &self.founded_on
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
        {
            return Err(StoreError::invalid(
                "founded_on",
                "成立日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Enterprise {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub former_names: String,
    pub region_id: i64,
    pub region_name: String,
    pub region_path: String,
    pub address: String,
    pub industry_code: String,
    pub industry_name: String,
    pub chain_tags: String,
    pub founded_on: Option<String>,
    pub listed: bool,
    pub listing_reserve: bool,
    pub contact_name: String,
    pub contact_phone: String,
    pub size: String,
    pub above_scale_industrial: bool,
    pub legal_representative: String,
    /// The import run that created the record, if any.
    pub import_run_id: Option<i64>,
    /// Set when the record was merged into another enterprise (by id).
    pub merged_into: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Enterprise {
    pub fn fields(&self) -> EnterpriseFields {
        EnterpriseFields {
            name: self.name.clone(),
            former_names: self.former_names.clone(),
            region_id: self.region_id,
            address: self.address.clone(),
            industry_code: self.industry_code.clone(),
            industry_name: self.industry_name.clone(),
            chain_tags: self.chain_tags.clone(),
            founded_on: self.founded_on.clone(),
            listed: self.listed,
            listing_reserve: self.listing_reserve,
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            size: self.size.clone(),
            above_scale_industrial: self.above_scale_industrial,
            legal_representative: self.legal_representative.clone(),
        }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// How a list of enterprises is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSort {
    #[default]
    Name,
    Code,
    UpdatedDesc,
    FoundedDesc,
}

/// Filters for listing enterprises. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// Name or code search on the normalised name (Traditional and
    /// Simplified match).
    pub query: Option<String>,
    /// Only this region and the regions below it.
    pub region_id: Option<i64>,
    /// Industry code prefix (e.g. "C27").
    pub industry_code: Option<String>,
    /// An industry-chain tag.
    pub chain: Option<String>,
    /// Holds a certificate of this kind valid on `on`.
    pub certificate: Option<String>,
    /// The date certificates are judged on (ISO date), default today.
    pub on: Option<String>,
    pub size: Option<String>,
    pub listed: Option<bool>,
    pub listing_reserve: Option<bool>,
    /// Only this enterprise (an enterprise user sees its own record).
    pub only_code: Option<String>,
    pub sort: EnterpriseSort,
    pub offset: i64,
    pub limit: i64,
}

pub use kechuang_kernel::paging::COUNT_CAP;

const SELECT: &str = "SELECT e.id, e.credit_code, e.name, e.former_names, e.region_id, r.name AS region_name, \
     r.path AS region_path, e.address, e.industry_code, e.industry_name, e.chain_tags, e.founded_on, e.listed, \
     e.listing_reserve, e.contact_name, e.contact_phone, e.size, e.above_scale_industrial, e.legal_representative, \
     e.import_run_id, e.merged_into, e.created_at, e.updated_at, e.version \
     FROM enterprises e JOIN regions r ON r.id = e.region_id";

/// UPDATE of every editable field: the 16 values of [`bind_fields!`], then
/// `updated_at`, the id and the expected version.
pub(crate) const UPDATE_SQL: &str = "UPDATE enterprises SET name = $1, name_norm = $2, former_names = $3, \
     region_id = $4, address = $5, industry_code = $6, industry_name = $7, chain_tags = $8, founded_on = $9, \
     listed = $10, listing_reserve = $11, contact_name = $12, contact_phone = $13, size = $14, \
     above_scale_industrial = $15, legal_representative = $16, updated_at = $17, version = version + 1 \
     WHERE id = $18 AND version = $19";

/// Binds the editable fields of `$f` (an `&EnterpriseFields`) in column
/// order: name, normalised name, former names … legal representative.
macro_rules! bind_fields {
    ($q:expr, $f:expr) => {
        $q.bind($f.name.trim().to_owned())
            .bind(name_key(&$f.name))
            .bind($f.former_names.clone())
            .bind($f.region_id)
            .bind($f.address.clone())
            .bind($f.industry_code.clone())
            .bind($f.industry_name.clone())
            .bind($f.chain_tags.clone())
            .bind($f.founded_on.clone())
            .bind($f.listed)
            .bind($f.listing_reserve)
            .bind($f.contact_name.clone())
            .bind($f.contact_phone.clone())
            .bind($f.size.clone())
            .bind($f.above_scale_industrial)
            .bind($f.legal_representative.clone())
    };
}
pub(crate) use bind_fields;

/// The key the name search compares: the normalised name.
fn name_key(name: &str) -> String {
    crate::normalize_name(name)
}

#[easy_ext::ext(EnterpriseStore)]
impl Db {
    pub async fn enterprise_by_code(&self, code: &CreditCode) -> Result<Option<Enterprise>> {
        let sql = format!("{SELECT} WHERE e.credit_code = $1");
        with_db!(self, |p| Ok(sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(sql))
            .bind(code.as_str().to_owned())
            .fetch_optional(p)
            .await?))
    }

    pub async fn enterprise(&self, id: i64) -> Result<Enterprise> {
        let sql = format!("{SELECT} WHERE e.id = $1");
        let found = with_db!(self, |p| sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(p)
            .await?);
        found.ok_or(StoreError::NotFound {
            entity: "enterprise",
            id: id.to_string(),
        })
    }

    /// Enterprises in `scope` (merged records excluded), filtered and paged,
    /// with the total count (capped at [`COUNT_CAP`]).
    pub async fn enterprises(&self, scope: &Scope, f: &EnterpriseFilter) -> Result<(Vec<Enterprise>, i64)> {
        let (where_sql, binds) = self.enterprise_where(scope, f).await?;
        let code_search = f
            .query
            .as_deref()
            .map(str::trim)
            .is_some_and(|q| q.len() >= 2 && q.bytes().all(|b| b.is_ascii_alphanumeric()));
        let order = match f.sort {
            // a code prefix is answered in code order, straight from its index
            _ if code_search => "e.credit_code",
            EnterpriseSort::Name => "e.name_norm, e.id",
            EnterpriseSort::Code => "e.credit_code",
            EnterpriseSort::UpdatedDesc => "e.updated_at DESC, e.id DESC",
            EnterpriseSort::FoundedDesc => "e.founded_on DESC, e.name_norm, e.id",
        };
        let list = format!(
            "{SELECT}{where_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            f.limit.clamp(1, 1000),
            f.offset.max(0)
        );
        let count = format!("SELECT COUNT(*) FROM (SELECT 1 FROM enterprises e{where_sql} LIMIT {COUNT_CAP}) c");
        with_db!(self, |p| {
            let mut q = sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(list));
            let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
            for b in &binds {
                q = q.bind(b.clone());
                c = c.bind(b.clone());
            }
            Ok((q.fetch_all(p).await?, c.fetch_one(p).await?))
        })
    }

    /// Every enterprise matching `f` in `scope`, in pages of 5,000, passed to
    /// `each` (for exports of any size without holding them all).
    pub async fn for_each_enterprise(
        &self,
        scope: &Scope,
        f: &EnterpriseFilter,
        each: &mut (dyn FnMut(&Enterprise) -> Result<()> + Send),
    ) -> Result<u64> {
        let mut page = EnterpriseFilter {
            limit: 1000,
            offset: 0,
            ..f.clone()
        };
        let mut n = 0;
        loop {
            let (rows, _) = self.enterprises(scope, &page).await?;
            for e in &rows {
                each(e)?;
            }
            n += rows.len() as u64;
            if rows.len() < 1000 {
                return Ok(n);
            }
            page.offset += 1000;
        }
    }

    /// Creates the enterprise with `code`, or brings it to `fields` when it
    /// exists; unchanged fields write nothing. The actor must cover the
    /// enterprise's region (old and new).
    pub async fn upsert_enterprise(
        &self,
        actor: &Actor,
        code: &CreditCode,
        fields: EnterpriseFields,
    ) -> Result<(Enterprise, Upsert)> {
        save_enterprise(self, actor, code, fields, Expect::Any).await
    }

    /// Creates the enterprise `code`; one already registered (also by a
    /// concurrent request) is a duplicate naming `credit_code`.
    pub async fn create_enterprise(
        &self,
        actor: &Actor,
        code: &CreditCode,
        fields: EnterpriseFields,
    ) -> Result<(Enterprise, Upsert)> {
        save_enterprise(self, actor, code, fields, Expect::New).await
    }

    /// Brings the existing enterprise `code` to `fields` if it is still at
    /// `version`, the one the editor read: the version is checked in the
    /// update statement itself, so of concurrent edits made from one read
    /// exactly one succeeds and the others are conflicts.
    pub async fn update_enterprise(
        &self,
        actor: &Actor,
        code: &CreditCode,
        fields: EnterpriseFields,
        version: i64,
    ) -> Result<(Enterprise, Upsert)> {
        save_enterprise(self, actor, code, fields, Expect::Version(version)).await
    }

    /// The newest id and last update time: a cheap fingerprint that changes
    /// whenever an enterprise is added, changed or merged. (Two queries, so
    /// each is answered from its index.)
    pub async fn enterprise_fingerprint(&self) -> Result<(i64, Option<DateTime<Utc>>)> {
        with_db!(self, |p| {
            let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM enterprises")
                .fetch_one(p)
                .await?;
            let at: Option<DateTime<Utc>> = sqlx::query_scalar("SELECT MAX(updated_at) FROM enterprises")
                .fetch_one(p)
                .await?;
            Ok((id.unwrap_or(0), at))
        })
    }

    /// Names of unmerged enterprises updated at or after `since` (all when
    /// `None`), and the ids of those merged away since then.
    pub async fn name_entries(&self, since: Option<DateTime<Utc>>) -> Result<(Vec<NameEntry>, Vec<i64>)> {
        let Some(since) = since else {
            // The first load reads the name index alone, already in order.
            let live = with_db!(self, |p| sqlx::query_as(
                "SELECT id, region_id, name_norm FROM enterprises WHERE merged_into IS NULL ORDER BY name_norm, id",
            )
            .fetch_all(p)
            .await?);
            return Ok((live, Vec::new()));
        };
        with_db!(self, |p| {
            let live: Vec<NameEntry> = sqlx::query_as(
                "SELECT id, region_id, name_norm FROM enterprises WHERE merged_into IS NULL AND updated_at >= $1",
            )
            .bind(since)
            .fetch_all(p)
            .await?;
            let gone: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM enterprises WHERE merged_into IS NOT NULL AND updated_at >= $1")
                    .bind(since)
                    .fetch_all(p)
                    .await?;
            Ok((live, gone))
        })
    }

    /// Enterprises by id, in the order given.
    pub async fn enterprises_by_ids(&self, ids: &[i64]) -> Result<Vec<Enterprise>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!("{SELECT} WHERE e.id IN ({})", list.join(","));
        let mut found: Vec<Enterprise> = with_db!(self, |p| sqlx::query_as::<_, Enterprise>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await?);
        found.sort_by_key(|e| ids.iter().position(|i| *i == e.id).unwrap_or(usize::MAX));
        Ok(found)
    }
}

#[easy_ext::ext(EnterpriseStoreInternal)]
impl Db {
    /// The WHERE clause and its bind values for `f` within `scope`.
    async fn enterprise_where(&self, scope: &Scope, f: &EnterpriseFilter) -> Result<(String, Vec<String>)> {
        let mut path = scope.like_pattern();
        if let Some(id) = f.region_id {
            let r = self.region(id).await?;
            let p = r.region_path();
            if !p.is_within(scope) {
                return Err(StoreError::Forbidden);
            }
            path = p.like_pattern();
        }
        let mut binds = vec![path];
        // The unary plus keeps SQLite from choosing the region index and then
        // sorting every row of the scope: walking the sort index and filtering
        // finds a page after a few rows even at a million enterprises.
        let mut w = String::from(
            " WHERE e.merged_into IS NULL AND +e.region_id IN (SELECT id FROM regions WHERE path LIKE $1)",
        );
        let mut add = |w: &mut String, clause: &str, value: String| {
            binds.push(value);
            w.push_str(&clause.replace("$?", &format!("${}", binds.len())));
        };
        let some = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let code = q.to_uppercase();
            if code.len() >= 2 && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                // A credit code or its beginning: a range on the unique index.
                add(&mut w, " AND e.credit_code >= $?", code.clone());
                add(&mut w, " AND e.credit_code < $?", format!("{code}~"));
            } else {
                add(
                    &mut w,
                    " AND e.name_norm LIKE $? ESCAPE '\\'",
                    kechuang_kernel::like::contains(&name_key(q)),
                );
            }
        }
        if let Some(c) = some(&f.industry_code) {
            add(
                &mut w,
                " AND e.industry_code LIKE $? ESCAPE '\\'",
                kechuang_kernel::like::starts_with(&c),
            );
        }
        if let Some(c) = some(&f.chain) {
            let quoted = serde_json::to_string(&c).unwrap_or_default();
            add(&mut w, " AND e.chain_tags LIKE $?", format!("%{quoted}%"));
        }
        if let Some(s) = some(&f.size) {
            add(&mut w, " AND e.size = $?", s);
        }
        if let Some(c) = some(&f.only_code) {
            add(&mut w, " AND e.credit_code = $?", c);
        }
        if let Some(kind) = some(&f.certificate) {
            let on = some(&f.on).unwrap_or_else(|| kechuang_kernel::clock::today().to_string());
            // Materialised once, so each row is a lookup, not a correlated query.
            add(
                &mut w,
                " AND e.id IN (SELECT c.enterprise_id FROM certificates c WHERE c.kind = $?",
                kind,
            );
            add(&mut w, " AND c.issued_on <= $?", on.clone());
            add(&mut w, " AND c.expires_on >= $?)", on);
        }
        for (flag, col) in [(f.listed, "listed"), (f.listing_reserve, "listing_reserve")] {
            if let Some(v) = flag {
                // Literal booleans: both backends read TRUE/FALSE.
                w.push_str(&format!(" AND e.{col} = {}", if v { "TRUE" } else { "FALSE" }));
            }
        }
        Ok((w, binds))
    }
}
/// One enterprise as the in-memory name index holds it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NameEntry {
    pub id: i64,
    pub region_id: i64,
    pub name_norm: String,
}
