//! Importing a file in one pass: the sheet is checked as it is read and, for
//! enterprises, every batch of valid rows goes straight into the open
//! transaction, so reading, checking and writing overlap and memory stays
//! bounded by a few batches. The transaction commits only when the whole file
//! was read and checked without an error (duplicates within the file
//! included); otherwise it is rolled back and the report says why.

use crate::store::prelude::*;
use crate::store::{Feed, ImportCounts};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;

use crate::check::{Checked, ImportKind, Rows, check, check_streaming};
use crate::regions::RegionIndex;
use crate::run::{check_against_store, write_rows};

/// What importing a file did: the report of the whole file and, when it had
/// no errors, what was written.
#[derive(Debug)]
pub struct Imported {
    /// The report; its `rows` are not kept.
    pub checked: Checked,
    /// `None` when the file had errors and nothing was written.
    pub counts: Option<ImportCounts>,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error(transparent)]
    Read(#[from] kechuang_sheets::ImportError),
    #[error(transparent)]
    Store(#[from] kechuang_kernel::StoreError),
    #[error("导入中断 / the import was interrupted: {0}")]
    Interrupted(String),
}

/// Checks and writes a file of `kind`. `checked` receives the number of rows
/// read and checked, `written` the number written; both may be called from
/// other threads.
#[allow(clippy::too_many_arguments)]
pub async fn import_file(
    db: &Db,
    actor: &Actor,
    run_id: Option<i64>,
    kind: ImportKind,
    file_name: String,
    bytes: Vec<u8>,
    regions: RegionIndex,
    mut checked: Box<dyn FnMut(usize) + Send>,
    written: &(dyn Fn(usize) + Sync),
) -> Result<Imported, ImportFileError> {
    if kind != ImportKind::Enterprises {
        let mut report = tokio::task::spawn_blocking(move || check(kind, &file_name, &bytes, &regions, &mut *checked))
            .await
            .map_err(|e| ImportFileError::Interrupted(e.to_string()))??;
        check_against_store(db, &mut report).await?;
        if report.errors() > 0 {
            return Ok(Imported {
                checked: report,
                counts: None,
            });
        }
        let rows = std::mem::replace(&mut report.rows, Rows::Enterprises(Vec::new()));
        let counts = write_rows(db, actor, run_id, rows, written).await?;
        return Ok(Imported {
            checked: report,
            counts: Some(counts),
        });
    }
    let (feed, rx) = tokio::sync::mpsc::channel(4);
    let reader = tokio::task::spawn_blocking(move || {
        let mut open = true;
        let report = check_streaming(
            kind,
            &file_name,
            &bytes,
            &regions,
            &mut |rows, clean| {
                open = clean
                    && match rows {
                        Rows::Enterprises(v) => feed.blocking_send(Feed::Rows(v)).is_ok(),
                        _ => false,
                    };
                open
            },
            &mut *checked,
        )?;
        // Only a file read to its end without an error is committed; when
        // `feed` is dropped without `Done` the writer rolls back.
        if open && report.errors() == 0 {
            let _ = feed.blocking_send(Feed::Done);
        }
        Ok::<Checked, kechuang_sheets::ImportError>(report)
    });
    let (report, counts) = tokio::join!(reader, db.import_enterprises_feed(actor, run_id, rx, written));
    let report = report.map_err(|e| ImportFileError::Interrupted(e.to_string()))??;
    if report.errors() > 0 {
        return Ok(Imported {
            checked: report,
            counts: None,
        });
    }
    Ok(Imported {
        checked: report,
        counts: Some(counts?),
    })
}
