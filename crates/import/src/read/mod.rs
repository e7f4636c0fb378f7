//! Format detection and the steps shared by every reader: trimming and blank-row skipping.

mod csv;
mod encoding;
mod excel;

use crate::{ImportError, RawRow, RawTable};

/// How often (in rows) progress is reported while reading.
pub(crate) const PROGRESS_EVERY: usize = 500;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) fn dispatch(name: &str, bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<RawTable, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
        return excel::read(bytes, progress);
    }
    match ext.as_str() {
        "xlsx" | "xls" | "xlsm" => Err(ImportError::UnknownFormat(format!(
            "扩展名为 .{ext} 但内容不是 Excel 文件 / extension .{ext} but the content is not an Excel file"
        ))),
        _ => csv::read(bytes, progress),
    }
}

/// Turn a sequence of raw rows (already as text) into a table: trim cells, drop blank rows,
/// take the first non-blank row as headers, and strip empty trailing header cells.
pub(crate) fn build_table(
    rows: impl Iterator<Item = (usize, Vec<String>)>,
    encoding: Option<String>,
    progress: &mut dyn FnMut(usize),
) -> RawTable {
    let mut table = RawTable {
        encoding,
        ..RawTable::default()
    };
    let mut have_headers = false;
    for (line, cells) in rows {
        let cells: Vec<String> = cells.into_iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if !have_headers {
            let mut headers = cells;
            while headers.last().is_some_and(String::is_empty) {
                headers.pop();
            }
            table.headers = headers;
            table.header_line = line;
            have_headers = true;
            continue;
        }
        table.rows.push(RawRow { line, cells });
        if table.rows.len().is_multiple_of(PROGRESS_EVERY) {
            progress(table.rows.len());
        }
    }
    progress(table.rows.len());
    table
}
