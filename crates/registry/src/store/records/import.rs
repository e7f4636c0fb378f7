//! Bulk import of registry records: one transaction for the whole batch, new
//! records inserted many rows per statement, changed records updated and
//! audited one by one, unchanged records left alone.

use super::{Record, RecordFields, SELECT, audit_value, bind_fields, insert_sql, kind_name, update_row};
use kechuang_kernel::audit::{Actor, AuditWrite, Change};
use kechuang_kernel::{Db, Result, StoreError, now};
use serde::Serialize;
use std::collections::HashMap;

/// Rows per multi-row INSERT (12 parameters each).
const INSERT_CHUNK: usize = 500;
/// Codes per lookup of existing records.
const LOOKUP_CHUNK: usize = 500;
/// `progress` is told after every this many rows.
const PROGRESS_EVERY: usize = 1000;

/// One row of an import: its line in the source file, its code and fields.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecordRow {
    pub line: usize,
    pub code: String,
    pub fields: RecordFields,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// `err` with the source line in front of its message.
fn at_line(line: usize, err: StoreError) -> StoreError {
    match err {
        StoreError::Invalid { field, message } => StoreError::Invalid {
            field,
            message: format!("第 {line} 行 / line {line}: {message}"),
        },
        other => other,
    }
}

#[easy_ext::ext(RecordImportStore)]
impl Db {
    /// Imports `rows` of `kind`, all or nothing, in one transaction. New
    /// records are created with `import_run_id`; changed ones are updated
    /// with an audit entry each (before and after); unchanged ones write
    /// nothing. One further entry records the import's counts. Any row
    /// outside the actor's scope (old or new region) is
    /// [`StoreError::Forbidden`] and nothing is written; a code given twice
    /// is a [`StoreError::Duplicate`]. `progress(n)` is told every 1000 rows
    /// written or skipped and once at the end.
    pub async fn import_records(
        &self,
        actor: &Actor,
        kind: &str,
        import_run_id: Option<i64>,
        rows: Vec<NewRecordRow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ImportCounts> {
        let kind = kind_name(kind)?;
        let total = rows.len();
        let regions: HashMap<i64, _> = self.regions().await?.into_iter().map(|r| (r.id, r)).collect();
        let mut lines: HashMap<String, usize> = HashMap::with_capacity(total);
        let mut checked = Vec::with_capacity(total);
        for row in rows {
            let code = row.code.trim().to_owned();
            let f = row.fields.normalized();
            if code.is_empty() {
                let err = StoreError::invalid("code", "编号不能为空 / the code must not be empty");
                return Err(at_line(row.line, err));
            }
            f.check().map_err(|e| at_line(row.line, e))?;
            let Some(region) = regions.get(&f.region_id) else {
                let err = StoreError::invalid("region_id", format!("区域 {} 不存在 / unknown region", f.region_id));
                return Err(at_line(row.line, err));
            };
            if !actor.principal.covers(&region.region_path()) {
                return Err(StoreError::Forbidden);
            }
            if let Some(first) = lines.insert(code.clone(), row.line) {
                return Err(StoreError::Duplicate {
                    field: "code",
                    message: format!(
                        "编号 {code} 在第 {first} 行和第 {} 行重复 / code {code} appears on lines {first} and {}",
                        row.line, row.line
                    ),
                });
            }
            checked.push((row.line, code, f));
        }
        let codes: Vec<&str> = checked.iter().map(|(_, c, _)| c.as_str()).collect();
        let existing = self.records_by_codes(kind, &codes).await?;
        let mut counts = ImportCounts::default();
        let mut created = Vec::new();
        let mut updated = Vec::new();
        for (_, code, f) in &checked {
            match existing.get(code) {
                None => created.push((code, f)),
                Some(r) if !actor.principal.covers(&r.path()) => return Err(StoreError::Forbidden),
                Some(r) if r.fields() == *f => counts.unchanged += 1,
                Some(r) => updated.push((r, f, &regions[&f.region_id].path)),
            }
        }
        counts.created = created.len() as u64;
        counts.updated = updated.len() as u64;
        let mut done = 0;
        let mut told = 0;
        let mut advance = |n: usize| {
            done += n;
            while (told + 1) * PROGRESS_EVERY <= done {
                told += 1;
                progress(told * PROGRESS_EVERY);
            }
        };
        advance(counts.unchanged as usize);
        if !created.is_empty() || !updated.is_empty() {
            let t = now();
            let run = import_run_id.map_or_else(|| "-".to_owned(), |id| id.to_string());
            let summary = kechuang_kernel::audit::snapshot(counts)?;
            let scope = actor.principal.scope.as_ref().map(|s| s.as_str().to_owned());
            with_tx!(self, |tx| {
                for chunk in created.chunks(INSERT_CHUNK) {
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(insert_sql(chunk.len())))
                        .bind(kind)
                        .bind(import_run_id)
                        .bind(t);
                    for (code, f) in chunk {
                        q = bind_fields!(q.bind(code.to_string()), f);
                    }
                    q.execute(&mut *tx).await.map_err(|e| {
                        StoreError::on_unique(e, "code", "编号已被他人登记 / a code was registered meanwhile")
                    })?;
                    advance(chunk.len());
                }
                for (before, f, path) in &updated {
                    update_row!(tx, kind, before, f, t)?;
                    let change = Change::update(
                        kind,
                        &before.code,
                        Some(path),
                        audit_value(&before.fields())?,
                        audit_value(f)?,
                    );
                    tx.audit(actor, change).await?;
                    advance(1);
                }
                let change = Change::new("import", kind, &run, scope.as_deref(), None, Some(summary));
                tx.audit(actor, change).await
            })?;
            self.refresh_statistics(&["registry_records"]).await?;
        }
        if total == 0 || told * PROGRESS_EVERY != total {
            progress(total);
        }
        Ok(counts)
    }
}

#[easy_ext::ext(RecordImportStoreInternal)]
impl Db {
    /// Existing records of `kind` with one of `codes`, by code.
    async fn records_by_codes(&self, kind: &'static str, codes: &[&str]) -> Result<HashMap<String, Record>> {
        let mut out = HashMap::with_capacity(codes.len());
        for chunk in codes.chunks(LOOKUP_CHUNK) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!("{SELECT} WHERE x.kind = $1 AND x.code IN ({})", marks.join(","));
            let found = with_db!(self, |p| {
                let mut q = sqlx::query_as::<_, Record>(sqlx::AssertSqlSafe(sql)).bind(kind);
                for c in chunk {
                    q = q.bind(c.to_string());
                }
                q.fetch_all(p).await?
            });
            out.extend(found.into_iter().map(|r| (r.code.clone(), r)));
        }
        Ok(out)
    }
}
