//! Running imports against the store: the regions a sheet may name, the
//! database checks a dry run adds (facts and certificates need registered
//! enterprises), recording a dry run, and writing the rows of a file in one
//! transaction.

use crate::store::ImportCounts;
use crate::store::imports::{ImportRun, NewRun};
use crate::store::prelude::*;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::{Db, StoreError};
use sha2::{Digest, Sha256};

use crate::check::{Checked, Rows};
use crate::regions::RegionIndex;

/// The regions the actor may file rows under, defaulting to its own region
/// (or the top region of its scope).
pub async fn region_index(db: &Db, actor: &Actor) -> Result<RegionIndex, StoreError> {
    let all = db.regions().await?;
    let visible: Vec<_> = all
        .into_iter()
        .filter(|r| actor.principal.covers(&r.region_path()))
        .collect();
    let default_id = actor
        .principal
        .region_id
        .filter(|id| visible.iter().any(|r| r.id == *id))
        .or_else(|| {
            visible
                .iter()
                .filter(|r| r.level == "city")
                .chain(visible.iter())
                .min_by_key(|r| r.path.len())
                .map(|r| r.id)
        })
        .unwrap_or(0);
    Ok(RegionIndex::new(&visible, default_id))
}

/// Adds the issues only the database can find: facts and certificates of
/// enterprises that are not registered.
pub async fn check_against_store(db: &Db, checked: &mut Checked) -> Result<(), StoreError> {
    let rows: Vec<(usize, &str)> = match &checked.rows {
        Rows::Facts(v) => v.iter().map(|r| (r.line, r.code.as_str())).collect(),
        Rows::Certificates(v) => v.iter().map(|r| (r.line, r.code.as_str())).collect(),
        _ => return Ok(()),
    };
    let codes: Vec<&str> = rows.iter().map(|(_, c)| *c).collect();
    let missing: std::collections::HashSet<String> = db.unregistered_codes(&codes).await?.into_iter().collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut bad = 0;
    for (line, code) in rows {
        if missing.contains(code) {
            bad += 1;
            checked.report.issues.push(kechuang_sheets::Issue::error(
                line,
                "统一社会信用代码",
                code,
                "企业未登记，请先导入企业 / enterprise not registered: import it first",
            ));
        }
    }
    checked.report.issues.sort_by_key(|i| i.line);
    checked.report.ok_rows = checked.report.ok_rows.saturating_sub(bad);
    Ok(())
}

/// Hex SHA-256 of a file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues kept with a run (the rest are counted only).
pub const MAX_STORED_ISSUES: usize = 5_000;

/// Records a dry run: the file, its report and counts.
pub async fn record_dry_run(
    db: &Db,
    actor: &Actor,
    checked: &Checked,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<ImportRun, StoreError> {
    let issues = &checked.report.issues[..checked.report.issues.len().min(MAX_STORED_ISSUES)];
    db.create_import_run(
        actor,
        NewRun {
            kind: checked.kind.name().to_owned(),
            file_name: file_name.to_owned(),
            sha256: sha256_hex(&bytes),
            total_rows: checked.report.rows as i64,
            error_count: checked.errors() as i64,
            warning_count: checked.warnings() as i64,
            report_json: serde_json::to_string(issues).unwrap_or_else(|_| "[]".into()),
            bytes,
        },
    )
    .await
}

/// Writes validated rows in one transaction.
pub async fn write_rows(
    db: &Db,
    actor: &Actor,
    run_id: Option<i64>,
    rows: Rows,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<ImportCounts, StoreError> {
    match rows {
        Rows::Enterprises(v) => db.import_enterprises(actor, run_id, v, progress).await,
        Rows::Facts(v) => db.import_facts(actor, run_id, v, progress).await,
        Rows::Certificates(v) => db.import_certificates(actor, run_id, v, progress).await,
        Rows::Records(kind, v) => {
            let c = db.import_records(actor, kind, run_id, v, progress).await?;
            Ok(ImportCounts {
                created: c.created,
                updated: c.updated,
                unchanged: c.unchanged,
            })
        }
    }
}
