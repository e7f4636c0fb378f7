//! Format detection and the steps shared by every reader: trimming, blank-row
//! skipping and finding the header row. Rows are produced one at a time
//! ([`TableStream`]) so that a large CSV file can be checked and written
//! while it is still being read; [`read_all`] collects them into a table.

mod csv;
mod encoding;
mod excel;

use crate::{ImportError, RawRow, RawTable};

/// How often (in rows) progress is reported while reading.
pub(crate) const PROGRESS_EVERY: usize = 500;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Rows as the file has them: (1-based line, cells as text).
pub(crate) type RowIter<'a> = Box<dyn Iterator<Item = Result<(usize, Vec<String>), ImportError>> + Send + 'a>;

/// The rows of a file one by one, after its header row.
pub struct TableStream<'a> {
    /// The first non-blank row, trailing empty cells removed.
    pub headers: Vec<String>,
    /// The row number (1-based) of the header row in the file.
    pub header_line: usize,
    /// The detected text encoding for CSV files; `None` for Excel files.
    pub encoding: Option<String>,
    /// The first data row, read ahead so that header mapping can look at it.
    lookahead: Option<RawRow>,
    rows: RowIter<'a>,
}

impl TableStream<'_> {
    /// The headers and the first data row as a table, which is all that
    /// header mapping looks at.
    pub fn head(&self) -> RawTable {
        RawTable {
            headers: self.headers.clone(),
            rows: self.lookahead.iter().cloned().collect(),
            header_line: self.header_line,
            encoding: self.encoding.clone(),
        }
    }

    fn next_data_row(rows: &mut RowIter<'_>) -> Option<Result<RawRow, ImportError>> {
        for item in rows.by_ref() {
            let (line, cells) = match item {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let mut cells: Vec<String> = cells
                .into_iter()
                .map(|c| {
                    let t = c.trim();
                    if t.len() == c.len() { c } else { t.to_owned() }
                })
                .collect();
            if let Err(e) = crate::limits::check_row(line, &mut cells) {
                return Some(Err(e));
            }
            if cells.iter().all(String::is_empty) {
                continue;
            }
            return Some(Ok(RawRow { line, cells }));
        }
        None
    }
}

impl Iterator for TableStream<'_> {
    type Item = Result<RawRow, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(row) = self.lookahead.take() {
            return Some(Ok(row));
        }
        Self::next_data_row(&mut self.rows)
    }
}

/// Opens a file for reading row by row, dispatching on its magic bytes and
/// then its extension.
pub(crate) fn open<'a>(name: &str, bytes: &'a [u8]) -> Result<TableStream<'a>, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (mut rows, encoding) = if bytes.starts_with(ZIP_MAGIC) {
        crate::limits::check_archive(bytes)?;
        (excel::rows(bytes)?, None)
    } else if bytes.starts_with(OLE_MAGIC) {
        (excel::rows(bytes)?, None)
    } else if matches!(ext.as_str(), "xlsx" | "xls" | "xlsm") {
        return Err(ImportError::UnknownFormat(format!(
            "扩展名为 .{ext} 但内容不是 Excel 文件 / extension .{ext} but the content is not an Excel file"
        )));
    } else {
        let (rows, enc) = csv::rows(bytes);
        (rows, Some(enc.to_owned()))
    };
    let (mut headers, header_line) = match TableStream::next_data_row(&mut rows).transpose()? {
        Some(row) => (row.cells, row.line),
        None => (Vec::new(), 0),
    };
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let lookahead = TableStream::next_data_row(&mut rows).transpose()?;
    Ok(TableStream {
        headers,
        header_line,
        encoding,
        lookahead,
        rows,
    })
}

/// Reads every row of a file into a table, reporting progress.
pub(crate) fn read_all(name: &str, bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<RawTable, ImportError> {
    let mut stream = open(name, bytes)?;
    let mut table = RawTable {
        headers: std::mem::take(&mut stream.headers),
        header_line: stream.header_line,
        encoding: stream.encoding.clone(),
        rows: Vec::new(),
    };
    for row in stream {
        table.rows.push(row?);
        if table.rows.len().is_multiple_of(PROGRESS_EVERY) {
            progress(table.rows.len());
        }
    }
    progress(table.rows.len());
    Ok(table)
}
