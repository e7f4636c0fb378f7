//! Logical backup and restore: every table as JSON lines, portable between
//! SQLite and PostgreSQL (a SQLite deployment can be moved to PostgreSQL by
//! backing up one and restoring into the other).
//!
//! Format: a header line `{"kechuang_backup":1, "schema_version":…,
//! "tables":{name:[columns]}}`, then one line per row `{"t":table,"r":[…]}`.
//! Restore runs in one transaction into an empty database: all or nothing.

use crate::{Db, Result, StoreError, now};
use base64::Engine;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

mod tables;

use Kind::*;
pub use tables::{FOUNDATION, Kind, TableSpec};

use crate::schema::Schema;

/// The tables of `schemas`, parents before children.
fn tables_of(schemas: &[&Schema]) -> Vec<TableSpec> {
    schemas.iter().flat_map(|s| s.tables.iter().copied()).collect()
}

/// Counts of rows written or read per table.
pub type Counts = BTreeMap<String, u64>;

fn io_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(e.to_string())
}

macro_rules! cell_to_json {
    ($row:expr, $i:expr, $kind:expr) => {
        match $kind {
            Int => $row
                .try_get::<Option<i64>, _>($i)?
                .map(Value::from)
                .unwrap_or(Value::Null),
            Text => $row
                .try_get::<Option<String>, _>($i)?
                .map(Value::from)
                .unwrap_or(Value::Null),
            Bool => $row
                .try_get::<Option<bool>, _>($i)?
                .map(Value::from)
                .unwrap_or(Value::Null),
            Time => $row
                .try_get::<Option<DateTime<Utc>>, _>($i)?
                .map(|t| Value::from(t.to_rfc3339()))
                .unwrap_or(Value::Null),
            Bytes => $row
                .try_get::<Option<Vec<u8>>, _>($i)?
                .map(|b| Value::from(base64::engine::general_purpose::STANDARD.encode(b)))
                .unwrap_or(Value::Null),
        }
    };
}

impl Db {
    /// Writes every table to `out`. Returns the number of rows per table.
    pub async fn backup(&self, out: &mut dyn Write, schemas: &[&Schema]) -> Result<Counts> {
        let all = tables_of(schemas);
        let tables: BTreeMap<&str, Vec<&str>> = all
            .iter()
            .map(|t| (t.name, t.columns.iter().map(|c| c.0).collect()))
            .collect();
        let header = json!({"kechuang_backup": 1, "schema_version": self.schema_version(schemas),
                            "backend": self.backend().as_str(), "created_at": now(), "tables": tables});
        writeln!(out, "{header}").map_err(io_err)?;
        let mut counts = Counts::new();
        for spec in all.iter() {
            let cols: Vec<&str> = spec.columns.iter().map(|c| c.0).collect();
            let sql = format!("SELECT {} FROM {} ORDER BY 1", cols.join(", "), spec.name);
            let mut n = 0u64;
            with_db!(self, |p| {
                let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(p);
                while let Some(row) = rows.try_next().await? {
                    let mut vals = Vec::with_capacity(spec.columns.len());
                    for (i, (_, kind)) in spec.columns.iter().enumerate() {
                        vals.push(cell_to_json!(row, i, *kind));
                    }
                    writeln!(out, "{}", json!({"t": spec.name, "r": vals})).map_err(io_err)?;
                    n += 1;
                }
            });
            counts.insert(spec.name.to_owned(), n);
        }
        out.flush().map_err(io_err)?;
        Ok(counts)
    }

    /// Restores a backup into this (migrated, empty) database in one
    /// transaction. Fails without writing anything if the database already
    /// holds users or regions, or if any line is malformed.
    pub async fn restore(&self, input: &mut dyn BufRead, schemas: &[&Schema]) -> Result<Counts> {
        let all = tables_of(schemas);
        let version = self.schema_version(schemas);
        if self.user_count().await? > 0 || !self.regions().await?.is_empty() {
            return Err(StoreError::Backup(
                "目标数据库不为空 / the target database is not empty: restore needs a fresh data dir or database"
                    .into(),
            ));
        }
        let mut lines = input.lines();
        let header: Value = match lines.next() {
            Some(l) => serde_json::from_str(&l.map_err(io_err)?).map_err(io_err)?,
            None => return Err(StoreError::Backup("empty backup file".into())),
        };
        if header.get("kechuang_backup") != Some(&json!(1)) {
            return Err(StoreError::Backup("not a kechuang backup (bad header line)".into()));
        }
        let file_schema = header.get("schema_version").and_then(Value::as_i64).unwrap_or(0);
        if file_schema > version {
            return Err(StoreError::Backup(format!(
                "backup schema {file_schema} is newer than this program's {}: upgrade kechuang first",
                version
            )));
        }
        // The columns each table was written with: a backup of an earlier
        // release may lack columns added since (they take their defaults).
        let mut written: BTreeMap<String, Vec<(&'static str, Kind)>> = BTreeMap::new();
        if let Some(Value::Object(tables)) = header.get("tables") {
            for (name, cols) in tables {
                let Some(spec) = all.iter().find(|t| t.name == name) else {
                    return Err(StoreError::Backup(format!("unknown table {name:?} in the header")));
                };
                let mut out = Vec::new();
                for c in cols.as_array().into_iter().flatten() {
                    let c = c.as_str().unwrap_or_default();
                    let Some(col) = spec.columns.iter().find(|(n, _)| *n == c) else {
                        return Err(StoreError::Backup(format!("unknown column {name}.{c} in the header")));
                    };
                    out.push(*col);
                }
                written.insert(name.clone(), out);
            }
        }
        let mut parsed: Vec<(usize, Vec<Value>)> = Vec::new();
        for (i, line) in lines.enumerate() {
            let line = line.map_err(io_err)?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value =
                serde_json::from_str(&line).map_err(|e| StoreError::Backup(format!("line {}: {e}", i + 2)))?;
            let table = v.get("t").and_then(Value::as_str).unwrap_or_default();
            let Some(idx) = all.iter().position(|t| t.name == table) else {
                return Err(StoreError::Backup(format!("line {}: unknown table {table:?}", i + 2)));
            };
            let Some(Value::Array(row)) = v.get("r").cloned() else {
                return Err(StoreError::Backup(format!("line {}: missing row", i + 2)));
            };
            let expected = written.get(table).map_or(all[idx].columns.len(), Vec::len);
            if row.len() != expected {
                return Err(StoreError::Backup(format!(
                    "line {}: {} values for {expected} columns",
                    i + 2,
                    row.len(),
                )));
            }
            parsed.push((idx, row));
        }
        // parents first, whatever order the file had
        parsed.sort_by_key(|(idx, _)| *idx);
        let mut counts = Counts::new();
        with_tx!(self, |tx| {
            for (idx, row) in &parsed {
                let spec = &all[*idx];
                let columns: &[(&str, Kind)] = written.get(spec.name).map_or(spec.columns, Vec::as_slice);
                let cols: Vec<&str> = columns.iter().map(|c| c.0).collect();
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    spec.name,
                    cols.join(", "),
                    marks.join(", ")
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for ((col, kind), v) in columns.iter().zip(row) {
                    let bad = || StoreError::Backup(format!("{}.{col}: unexpected value {v}", spec.name));
                    q = match (kind, v) {
                        (Int, Value::Null) => q.bind(None::<i64>),
                        (Int, v) => q.bind(Some(v.as_i64().ok_or_else(bad)?)),
                        (Text, Value::Null) => q.bind(None::<String>),
                        (Text, v) => q.bind(Some(v.as_str().ok_or_else(bad)?.to_owned())),
                        (Bool, Value::Null) => q.bind(None::<bool>),
                        (Bool, v) => q.bind(Some(v.as_bool().ok_or_else(bad)?)),
                        (Bytes, Value::Null) => q.bind(None::<Vec<u8>>),
                        (Bytes, v) => {
                            let s = v.as_str().ok_or_else(bad)?;
                            q.bind(Some(
                                base64::engine::general_purpose::STANDARD.decode(s).map_err(|_| bad())?,
                            ))
                        }
                        (Time, Value::Null) => q.bind(None::<DateTime<Utc>>),
                        (Time, v) => {
                            let s = v.as_str().ok_or_else(bad)?;
                            let t = DateTime::parse_from_rfc3339(s).map_err(|_| bad())?.with_timezone(&Utc);
                            q.bind(Some(t))
                        }
                    };
                }
                q.execute(&mut *tx).await?;
                *counts.entry(spec.name.to_owned()).or_insert(0) += 1;
            }
            Ok::<(), StoreError>(())
        })?;
        if let Db::Postgres(p) = self {
            for spec in all.iter().filter(|t| t.identity) {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), COALESCE((SELECT MAX({1}) FROM {0}), 0) + 1, false)",
                    spec.name, spec.columns[0].0
                );
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await?;
            }
        }
        // the restore itself is part of the restored database's history
        let detail = json!({"schema_version": file_schema, "rows": counts});
        self.record_event(
            &crate::audit::Actor::system(),
            crate::audit::Change::new("restore", "database", "backup", None, None, Some(detail)),
        )
        .await?;
        Ok(counts)
    }
}
