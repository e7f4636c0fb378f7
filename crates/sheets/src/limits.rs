//! The bounds every uploaded sheet is read within, so that no file, however
//! made, can take the server's memory: the upload's size (the web layer's
//! body limit), an .xlsx archive's unpacked size and entry count, the
//! longest text in it, and the rows, columns and cell length of the table.
//! A file over a bound is refused whole, with a Chinese-first message.

use crate::ImportError;
use std::io::{Cursor, Read};

/// Excel's own limit on the characters of a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Columns a table may have.
pub const MAX_COLUMNS: usize = 500;
/// Rows a table may have (Excel's own limit).
pub const MAX_ROWS: usize = 1_048_576;
/// Unpacked size of an .xlsx archive, all entries together. Larger tables
/// are imported as CSV, which is read as a stream.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Entries of an .xlsx archive.
pub const MAX_ENTRIES: usize = 10_000;
/// Longest text between two tags of the archive's XML: a cell at Excel's
/// limit, every character escaped as a six-byte entity.
pub const MAX_XML_TEXT_BYTES: usize = MAX_CELL_CHARS * 6;

/// Checks a zip archive (an .xlsx) by unpacking it as a stream, before it
/// is parsed: refuses it when it unpacks to more than
/// [`MAX_UNPACKED_BYTES`], has more than [`MAX_ENTRIES`] entries, or holds a
/// text longer than a cell may be (a shared string of hundreds of
/// megabytes packs into a few hundred kilobytes). Memory stays at one
/// buffer whatever the archive says of itself.
pub fn check_archive(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Excel(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::TooLarge(format!(
            "压缩包内文件超过{MAX_ENTRIES}个 / more than {MAX_ENTRIES} entries in the archive"
        )));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| ImportError::Excel(e.to_string()))?;
        let xml = entry
            .name()
            .map_err(|e| ImportError::Excel(e.to_string()))?
            .ends_with(".xml");
        let mut run = 0usize;
        loop {
            let n = entry.read(&mut buf).map_err(|e| ImportError::Excel(e.to_string()))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_UNPACKED_BYTES {
                return Err(ImportError::TooLarge(format!(
                    "解压后超过{} MiB，请改用CSV格式导入 / unpacks to more than {} MiB; import it as CSV",
                    MAX_UNPACKED_BYTES >> 20,
                    MAX_UNPACKED_BYTES >> 20
                )));
            }
            if xml {
                for &b in &buf[..n] {
                    match b {
                        b'<' | b'>' => run = 0,
                        _ => run += 1,
                    }
                    if run > MAX_XML_TEXT_BYTES {
                        return Err(too_long_cell());
                    }
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn too_long_cell() -> ImportError {
    ImportError::TooLarge(format!(
        "有单元格超过{MAX_CELL_CHARS}个字符 / a cell is longer than {MAX_CELL_CHARS} characters"
    ))
}

/// Checks one row read from a file: its columns and cell lengths; cleans
/// control characters other than tab and line breaks from its cells (the
/// same on both databases: PostgreSQL refuses U+0000).
pub(crate) fn check_row(line: usize, cells: &mut [String]) -> Result<(), ImportError> {
    if line > MAX_ROWS + 1 {
        return Err(ImportError::TooLarge(format!(
            "超过{MAX_ROWS}行 / more than {MAX_ROWS} rows"
        )));
    }
    if cells.len() > MAX_COLUMNS {
        return Err(ImportError::TooLarge(format!(
            "第{line}行超过{MAX_COLUMNS}列 / row {line} has more than {MAX_COLUMNS} columns"
        )));
    }
    for (i, c) in cells.iter_mut().enumerate() {
        if c.len() > MAX_CELL_CHARS && c.chars().count() > MAX_CELL_CHARS {
            return Err(ImportError::TooLarge(format!(
                "第{line}行第{}列超过{MAX_CELL_CHARS}个字符 / row {line}, column {} is longer than {MAX_CELL_CHARS} characters",
                i + 1,
                i + 1
            )));
        }
        if c.chars().any(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r')) {
            c.retain(|ch| !ch.is_control() || matches!(ch, '\t' | '\n' | '\r'));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_bounded_and_cleaned() {
        let mut ok = vec!["科技\u{0}公司".to_owned(), "a\tb".to_owned()];
        check_row(2, &mut ok).unwrap();
        assert_eq!(ok, ["科技公司", "a\tb"]);
        let mut long = vec!["x".repeat(MAX_CELL_CHARS + 1)];
        let e = check_row(3, &mut long).unwrap_err().to_string();
        assert!(e.contains("第3行第1列"), "{e}");
        let mut exact = vec!["科".repeat(MAX_CELL_CHARS)];
        check_row(3, &mut exact).unwrap();
        let mut wide = vec![String::new(); MAX_COLUMNS + 1];
        assert!(check_row(4, &mut wide).is_err());
        assert!(check_row(MAX_ROWS + 2, &mut []).is_err());
    }
}
