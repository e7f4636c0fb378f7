//! Bulk import of enterprises: every row of a file in one transaction (all
//! or nothing), fed in batches while the file is still being read
//! ([`Feed`]; committed only on `Feed::Done`), new rows inserted with
//! multi-row statements, changed rows updated one by one with an audit
//! entry each, unchanged rows not written.
//! The run itself is audited once with its counts; created rows carry the
//! run's id so their history leads back to the file.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::RegionPath;
use serde::Serialize;

use super::{Enterprise, EnterpriseFields, name_key};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};

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
/// Rows per batch of a feed built from a whole file already in memory.
pub const BATCH: usize = 5_000;
const INSERT_COLS: &str = "credit_code, name, name_norm, former_names, region_id, address, industry_code, \
     industry_name, chain_tags, founded_on, listed, listing_reserve, contact_name, contact_phone, size, \
     above_scale_industrial, legal_representative, import_run_id, created_at, updated_at";
const INSERT_WIDTH: usize = 20;

/// The secondary indexes of `enterprises`, exactly as the migrations leave
/// them. An import into an empty SQLite table drops them first and builds
/// them again before it commits: sorting a million keys once is far cheaper
/// than a million random index inserts. (Inside the transaction, so a failed
/// import leaves them as they were; readers see the old schema until commit.)
pub(crate) const DEFERRED_INDEXES: [(&str, &str); 4] = [
    (
        "enterprises_region",
        "CREATE INDEX enterprises_region ON enterprises(region_id)",
    ),
    (
        "enterprises_name_norm",
        "CREATE INDEX enterprises_name_norm ON enterprises(name_norm, id, region_id, merged_into)",
    ),
    (
        "enterprises_updated",
        "CREATE INDEX enterprises_updated ON enterprises(updated_at)",
    ),
    (
        "enterprises_code_scope",
        "CREATE INDEX enterprises_code_scope ON enterprises(credit_code, region_id, merged_into)",
    ),
];

/// An existing enterprise as far as the import needs it.
struct Known {
    id: i64,
    version: i64,
    region_path: String,
    hash: u64,
}

impl Known {
    fn of(e: &Enterprise) -> Known {
        Known {
            id: e.id,
            version: e.version,
            region_path: e.region_path.clone(),
            hash: fields_hash(&e.fields()),
        }
    }
}

/// Binds the values of new rows to a multi-row INSERT of [`insert_sql`].
macro_rules! bind_new {
    ($q:expr, $chunk:expr, $run_id:expr, $t:expr) => {{
        let mut q = $q;
        for r in $chunk {
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
                .bind($run_id)
                .bind($t)
                .bind($t);
        }
        q
    }};
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

/// What a streaming import receives: rows in batches, then the word that the
/// file was read to its end without errors. A feed that closes without
/// [`Feed::Done`] (the reader failed, found bad rows or was dropped) is
/// rolled back.
#[derive(Debug)]
pub enum Feed<T> {
    Rows(Vec<T>),
    Done,
}

/// Why a streaming import wrote nothing.
fn feed_ended() -> StoreError {
    StoreError::invalid(
        "file",
        "文件未完整读取或有错误，未导入任何数据 / the file was not read to its end or has errors; nothing was imported",
    )
}

#[easy_ext::ext(EnterpriseImportStore)]
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
        let (tx, rx) = tokio::sync::mpsc::channel(rows.len() / BATCH + 2);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<EnterpriseRow> = rows.by_ref().take(BATCH).collect();
            tx.try_send(Feed::Rows(batch)).map_err(|_| feed_ended())?;
        }
        tx.try_send(Feed::Done).map_err(|_| feed_ended())?;
        drop(tx);
        self.import_enterprises_feed(actor, run_id, rx, progress).await
    }

    /// Imports the rows arriving on `feed` in one transaction, writing each
    /// batch as it comes (so reading the file and writing it overlap) and
    /// committing only on [`Feed::Done`]. Same rules as
    /// [`Db::import_enterprises`].
    pub async fn import_enterprises_feed(
        &self,
        actor: &Actor,
        run_id: Option<i64>,
        mut feed: tokio::sync::mpsc::Receiver<Feed<EnterpriseRow>>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let regions: HashMap<i64, String> = self.regions().await?.into_iter().map(|r| (r.id, r.path)).collect();
        let t = now();
        let positional = matches!(self, Db::Sqlite(_));
        let full_sql = insert_sql(CHUNK, positional);
        let mut counts = ImportCounts::default();
        let mut seen: HashMap<u128, usize> = HashMap::new();
        let mut done = 0usize;
        with_tx!(self, |tx| {
            async {
                for sql in self.bulk_plans() {
                    sqlx::query(*sql).execute(&mut *tx).await?;
                }
                let empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM enterprises)")
                    .fetch_one(&mut *tx)
                    .await?;
                let deferred = positional && empty;
                if deferred {
                    for (name, _) in DEFERRED_INDEXES {
                        sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX {name}")))
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                loop {
                    let batch = match feed.recv().await {
                        Some(Feed::Rows(batch)) => batch,
                        Some(Feed::Done) => break,
                        None => return Err(feed_ended()),
                    };
                    for r in &batch {
                        r.fields.check().map_err(|e| at_line(r.line, e))?;
                        let path = regions.get(&r.fields.region_id).ok_or_else(|| {
                            at_line(r.line, StoreError::invalid("region_id", "县区不存在 / unknown region"))
                        })?;
                        if !actor.principal.covers(&RegionPath::from_stored(path.clone())) {
                            return Err(StoreError::Forbidden);
                        }
                        if let Some(first) = seen.insert(r.code.packed(), r.line) {
                            return Err(at_line(
                                r.line,
                                StoreError::invalid(
                                    "credit_code",
                                    format!("与第 {first} 行重复 / same code as row {first}"),
                                ),
                            ));
                        }
                    }
                    let known = if empty {
                        HashMap::new()
                    } else {
                        let mut known = HashMap::new();
                        for part in batch.chunks(CHUNK) {
                            let marks: Vec<String> = (1..=part.len()).map(|i| format!("${i}")).collect();
                            let sql = format!("{} WHERE e.credit_code IN ({})", super::SELECT, marks.join(","));
                            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                            for r in part {
                                q = q.bind(r.code.as_str().to_owned());
                            }
                            let found: Vec<Enterprise> = q.fetch_all(&mut *tx).await?;
                            known.extend(found.into_iter().map(|k| (k.credit_code.clone(), Known::of(&k))));
                        }
                        known
                    };
                    let mut new_rows = Vec::with_capacity(batch.len());
                    let mut changed = Vec::new();
                    for r in batch {
                        match known.get(r.code.as_str()) {
                            None => new_rows.push(r),
                            Some(k) => {
                                if !actor.principal.covers(&RegionPath::from_stored(k.region_path.clone())) {
                                    return Err(StoreError::Forbidden);
                                }
                                if k.hash == fields_hash(&r.fields) {
                                    counts.unchanged += 1;
                                    done += 1;
                                } else {
                                    changed.push(r);
                                }
                            }
                        }
                    }
                    // Values of the next chunk are bound while the database
                    // executes the current one (binding encodes them), so
                    // both cores work.
                    let mut pending = new_rows.into_iter().peekable();
                    let take = |pending: &mut std::iter::Peekable<std::vec::IntoIter<EnterpriseRow>>| {
                        pending.peek().is_some().then(|| {
                            let chunk: Vec<EnterpriseRow> = pending.by_ref().take(CHUNK).collect();
                            let sql = if chunk.len() == CHUNK {
                                full_sql.clone()
                            } else {
                                insert_sql(chunk.len(), positional)
                            };
                            (
                                chunk.len(),
                                bind_new!(sqlx::query(sqlx::AssertSqlSafe(sql)), chunk, run_id, t),
                            )
                        })
                    };
                    let mut next = take(&mut pending);
                    while let Some((n, q)) = next.take() {
                        let (result, following) = tokio::join!(q.execute(&mut *tx), async { take(&mut pending) });
                        result.map_err(|e| {
                            StoreError::on_unique(e, "credit_code", "统一社会信用代码重复 / duplicate credit code")
                        })?;
                        next = following;
                        counts.created += n as u64;
                        done += n;
                        progress(done);
                    }
                    for r in changed {
                        let k = &known[r.code.as_str()];
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
                                kechuang_kernel::audit::snapshot(before.fields())?,
                                kechuang_kernel::audit::snapshot(f)?,
                            ),
                        )
                        .await?;
                        counts.updated += 1;
                        done += 1;
                    }
                    progress(done);
                }
                if deferred {
                    for (_, create) in DEFERRED_INDEXES {
                        sqlx::query(create).execute(&mut *tx).await?;
                    }
                }
                tx.audit(actor, run_change("enterprise_import", actor, run_id, done, counts))
                    .await?;
                Ok(())
            }
            .await
        })?;
        self.refresh_statistics(&["enterprises"]).await?;
        progress(done);
        Ok(counts)
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

#[easy_ext::ext(EnterpriseImportStoreCrate)]
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
