//! Shared reading layer for spreadsheet imports: bytes in, rows and an issue report out.
//!
//! [`read_table`] turns an `.xlsx`, `.xls` or `.csv` file into a [`RawTable`] of trimmed text
//! cells ([`open_table`] yields the same rows one at a time, for files checked while they are
//! read); [`map_headers`] matches its headers to a [`Template`]; the [`fields`] helpers parse
//! single cells; [`Report`] collects [`Issue`]s and exports them. Nothing here touches a database.

pub mod fields;
mod headers;
pub mod limits;
mod read;
mod report;
mod write;

pub use fields::{parse_bool, parse_date, parse_decimal_to_fen, parse_int};
pub use headers::{Column, HeaderMap, Template, map_headers, normalize_header};
pub use read::TableStream;
pub use report::{DuplicateFinder, Issue, Report, Severity, duplicates};
pub use write::{Cell, csv_safe, table_to_csv, table_to_xlsx};

/// Errors that stop a file from being read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("文件为空 / the file is empty")]
    Empty,
    #[error("无法识别的文件格式 / unrecognised file format: {0}")]
    UnknownFormat(String),
    #[error("无法读取 Excel 文件 / cannot read the Excel file: {0}")]
    Excel(String),
    #[error("无法读取 CSV 文件 / cannot read the CSV file: {0}")]
    Csv(String),
    #[error("无法生成报告 / cannot write the report: {0}")]
    Write(String),
    /// Over one of the bounds in [`limits`].
    #[error("文件超出限制 / the file is over a limit: {0}")]
    TooLarge(String),
}

/// One data row of a table, with the row number the user sees in the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl RawRow {
    /// The cell at `index`, or `""` when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }
}

/// A table as read from a file: the first non-blank row as headers, then the non-blank data rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
    /// The row number (1-based) of the header row in the file.
    pub header_line: usize,
    /// The detected text encoding for CSV files; `None` for Excel files.
    pub encoding: Option<String>,
}

/// Read a spreadsheet file, dispatching on its magic bytes and then its extension.
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<RawTable, ImportError> {
    read_table_with_progress(file_name, bytes, &mut |_| {})
}

/// Like [`read_table`], calling `progress` with the number of rows read so far every so often
/// and once at the end.
pub fn read_table_with_progress(
    file_name: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(usize),
) -> Result<RawTable, ImportError> {
    read::read_all(file_name, bytes, progress)
}

/// Opens a file for reading one row at a time (the headers and the first
/// data row are read at once); what [`read_table`] collects.
pub fn open_table<'a>(file_name: &str, bytes: &'a [u8]) -> Result<TableStream<'a>, ImportError> {
    read::open(file_name, bytes)
}
