//! Bulk import of enterprises: every row of a file in one transaction (all
//! or nothing), new rows inserted with multi-row statements, changed rows
//! updated one by one with an audit entry each, unchanged rows not written.
//! The run itself is audited once with its counts; created rows carry the
//! run's id so their history leads back to the file.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use kechuang_domain::credit_code::CreditCode;
use kechuang_domain::region::RegionPath;
use serde::Serialize;

use super::{Enterprise, EnterpriseFields, name_key};
use crate::audit::{Actor, AuditWrite, Change};
use crate::{Db, Result, StoreError, now};

/// One validated row of an enterprise sheet.
#[derive(Debug, Clone)]
pub struct EnterpriseRow {
    /// The row number in the file, for error messages.
    pub line: usize,
    pub code: CreditCode,
    pub fields: EnterpriseFields,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Rows per multi-row INSERT (20 values each, well under both backends'
/// bind limits).
const CHUNK: usize = 500;
const INSERT_COLS: &str = "credit_code, name, name_norm, former_names, region_id, address, industry_code, \
     industry_name, chain_tags, founded_on, listed, listing_reserve, contact_name, contact_phone, size, \
     above_scale_industrial, legal_representative, import_run_id, created_at, updated_at";
const INSERT_WIDTH: usize = 20;

/// An existing enterprise as far as the import needs it.
struct Known {
    id: i64,
    version: i64,
    region_path: String,
    hash: u64,
}

fn fields_hash(f: &EnterpriseFields) -> u64 {
    let mut h = DefaultHasher::new();
    f.hash(&mut h);
    h.finish()
}

/// `INSERT … VALUES ($1,…),(…)` for `rows` rows; with `positional`, plain
/// `?` marks (SQLite binds those in order, while it looks `$N` names up one by
/// one, which is slow for thousands of values).
fn insert_sql(rows: usize, positional: bool) -> String {
    let mut sql = format!("INSERT INTO enterprises ({INSERT_COLS}) VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..INSERT_WIDTH {
            if c > 0 {
                sql.push(',');
            }
            if positional {
                sql.push('?');
            } else {
                sql.push_str(&format!("${}", r * INSERT_WIDTH + c + 1));
            }
        }
        sql.push(')');
    }
    sql
}

impl Db {
    /// Imports `rows` as one all-or-nothing change. Every row's region (and
    /// an existing record's region) must lie in the actor's scope; a code
    /// twice in `rows` is refused. `progress` receives the number of rows
    /// done so far.
    pub async fn import_enterprises(
        &self,
        actor: &Actor,
        run_id: Option<i64>,
        rows: Vec<EnterpriseRow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let regions: HashMap<i64, String> = self.regions().await?.into_iter().map(|r| (r.id, r.path)).collect();
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
        for r in &rows {
            r.fields.check().map_err(|e| at_line(r.line, e))?;
            let path = regions
                .get(&r.fields.region_id)
                .ok_or_else(|| at_line(r.line, StoreError::invalid("region_id", "县区不存在 / unknown region")))?;
            if !actor.principal.covers(&RegionPath::from_stored(path.clone())) {
                return Err(StoreError::Forbidden);
            }
            if let Some(first) = seen.insert(r.code.as_str(), r.line) {
                return Err(at_line(
                    r.line,
                    StoreError::invalid("credit_code", format!("与第 {first} 行重复 / same code as row {first}")),
                ));
            }
        }
        drop(seen);
        let known = self.known_enterprises(&rows).await?;
        let mut counts = ImportCounts::default();
        let total = rows.len();
        let mut new_rows = Vec::new();
        let mut changed = Vec::new();
        for r in rows {
            match known.get(r.code.as_str()) {
                None => new_rows.push(r),
                Some(k) => {
                    if !actor.principal.covers(&RegionPath::from_stored(k.region_path.clone())) {
                        return Err(StoreError::Forbidden);
                    }
                    if k.hash == fields_hash(&r.fields) {
                        counts.unchanged += 1;
                    } else {
                        changed.push((r, k));
                    }
                }
            }
        }
        let t = now();
        let positional = matches!(self, Db::Sqlite(_));
        let full_sql = insert_sql(CHUNK, positional);
        let big = new_rows.len() > 10_000;
        let mut done = counts.unchanged as usize;
        progress(done);
        with_tx!(self, |tx| {
            if positional && big {
                // A large page cache for this connection keeps the unique and
                // name indexes in memory while a big file goes in.
                sqlx::query("PRAGMA cache_size = -262144").execute(&mut *tx).await?;
            }
            // Values of the next chunk are bound while the database executes
            // the current one (binding encodes them), so both cores work.
            let mut pending = new_rows.into_iter().peekable();
            let build = |chunk: Vec<EnterpriseRow>| {
                let sql = if chunk.len() == CHUNK {
                    full_sql.clone()
                } else {
                    insert_sql(chunk.len(), positional)
                };
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for r in chunk {
                    let f = r.fields;
                    let norm = name_key(&f.name);
                    let name = f.name.trim().to_owned();
                    q = q
                        .bind(r.code.as_str().to_owned())
                        .bind(name)
                        .bind(norm)
                        .bind(f.former_names)
                        .bind(f.region_id)
                        .bind(f.address)
                        .bind(f.industry_code)
                        .bind(f.industry_name)
                        .bind(f.chain_tags)
                        .bind(f.founded_on)
                        .bind(f.listed)
                        .bind(f.listing_reserve)
                        .bind(f.contact_name)
                        .bind(f.contact_phone)
                        .bind(f.size)
                        .bind(f.above_scale_industrial)
                        .bind(f.legal_representative)
                        .bind(run_id)
                        .bind(t)
                        .bind(t);
                }
                q
            };
            let mut next = pending.peek().is_some().then(|| {
                let chunk: Vec<EnterpriseRow> = pending.by_ref().take(CHUNK).collect();
                (chunk.len(), build(chunk))
            });
            while let Some((n, q)) = next.take() {
                let (result, following) = tokio::join!(q.execute(&mut *tx), async {
                    pending.peek().is_some().then(|| {
                        let chunk: Vec<EnterpriseRow> = pending.by_ref().take(CHUNK).collect();
                        (chunk.len(), build(chunk))
                    })
                });
                result?;
                next = following;
                counts.created += n as u64;
                done += n;
                progress(done);
            }
            for (r, k) in &changed {
                let sql = format!("{} WHERE e.id = $1", super::SELECT);
                let before: Enterprise = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(k.id)
                    .fetch_one(&mut *tx)
                    .await?;
                let f = &r.fields;
                let n = super::bind_fields!(sqlx::query(super::UPDATE_SQL), f)
                    .bind(t)
                    .bind(k.id)
                    .bind(k.version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict {
                        entity: "enterprise",
                        current: k.version + 1,
                        submitted: k.version,
                    });
                }
                let path = regions.get(&f.region_id).cloned();
                tx.audit(
                    actor,
                    Change::update(
                        "enterprise",
                        r.code.as_str(),
                        path.as_deref(),
                        serde_json::to_value(before.fields()).unwrap_or_default(),
                        serde_json::to_value(f).unwrap_or_default(),
                    ),
                )
                .await?;
                counts.updated += 1;
                done += 1;
                if done % 1000 == 0 {
                    progress(done);
                }
            }
            if positional && big {
                sqlx::query("PRAGMA cache_size = -2000").execute(&mut *tx).await?;
            }
            tx.audit(actor, run_change("enterprise_import", actor, run_id, total, counts))
                .await?;
            Ok(())
        })?;
        progress(total);
        Ok(counts)
    }

    /// The existing enterprises among `rows`' codes: the whole table when the
    /// file is large relative to it, else looked up in batches.
    async fn known_enterprises(&self, rows: &[EnterpriseRow]) -> Result<HashMap<String, Known>> {
        let count: i64 = with_db!(self, |p| sqlx::query_scalar("SELECT COUNT(*) FROM enterprises")
            .fetch_one(p)
            .await?);
        let mut known = HashMap::new();
        if count == 0 || rows.is_empty() {
            return Ok(known);
        }
        let mut add = |k: Enterprise| {
            let hash = fields_hash(&k.fields());
            known.insert(
                k.credit_code,
                Known {
                    id: k.id,
                    version: k.version,
                    region_path: k.region_path,
                    hash,
                },
            );
        };
        if rows.len() as i64 * 4 >= count {
            let all: Vec<Enterprise> = with_db!(self, |p| sqlx::query_as(super::SELECT).fetch_all(p).await?);
            all.into_iter().for_each(&mut add);
        } else {
            for chunk in rows.chunks(500) {
                let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
                let sql = format!("{} WHERE e.credit_code IN ({})", super::SELECT, marks.join(","));
                let found: Vec<Enterprise> = with_db!(self, |p| {
                    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                    for r in chunk {
                        q = q.bind(r.code.as_str().to_owned());
                    }
                    q.fetch_all(p).await?
                });
                found.into_iter().for_each(&mut add);
            }
        }
        Ok(known)
    }
}

/// The one audit entry of an import run: its counts, under the run's id
/// ("cli" for a file imported from the command line).
pub(crate) fn run_change(
    entity: &'static str,
    actor: &Actor,
    run_id: Option<i64>,
    rows: usize,
    c: ImportCounts,
) -> Change {
    let summary = serde_json::json!({
        "rows": rows, "created": c.created, "updated": c.updated, "unchanged": c.unchanged
    });
    let scope = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
    let id = run_id.map_or_else(|| "cli".to_owned(), |i| i.to_string());
    Change::new("import", entity, id, scope.as_deref(), None, Some(summary))
}

/// Prefixes an error's message with the file row it came from.
pub(crate) fn at_line(line: usize, e: StoreError) -> StoreError {
    match e {
        StoreError::Invalid { field, message } => StoreError::Invalid {
            field,
            message: format!("第 {line} 行 / row {line}: {message}"),
        },
        other => other,
    }
}

impl Db {
    /// The id and region path of each enterprise among `codes` that exists
    /// (and is not merged away).
    pub(crate) async fn enterprise_keys(&self, codes: &[&str]) -> Result<HashMap<String, (i64, String)>> {
        let mut out = HashMap::new();
        for chunk in codes.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT e.credit_code, e.id, r.path FROM enterprises e JOIN regions r ON r.id = e.region_id \
                 WHERE e.merged_into IS NULL AND e.credit_code IN ({})",
                marks.join(",")
            );
            let found: Vec<(String, i64, String)> = with_db!(self, |p| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for c in chunk {
                    q = q.bind(c.to_string());
                }
                q.fetch_all(p).await?
            });
            out.extend(found.into_iter().map(|(c, id, path)| (c, (id, path))));
        }
        Ok(out)
    }

    /// The codes among `codes` that name no registered enterprise (for a dry
    /// run of a facts or certificates sheet).
    pub async fn unregistered_codes(&self, codes: &[&str]) -> Result<Vec<String>> {
        let found = self.enterprise_keys(codes).await?;
        Ok(codes
            .iter()
            .filter(|c| !found.contains_key(**c))
            .map(|c| c.to_string())
            .collect())
    }
}
