//! Excel reading (.xlsx and .xls) through calamine: first non-empty sheet, cells as text.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::RowIter;
use crate::{ImportError, fields::excel_serial_to_date};

/// The rows of the first non-empty sheet (the workbook is decoded whole).
pub(crate) fn rows(bytes: &[u8]) -> Result<RowIter<'static>, ImportError> {
    let mut book =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| ImportError::Excel(e.to_string()))?;
    let count = book.sheet_names().len();
    for index in 0..count {
        let Some(range) = book.worksheet_range_at(index) else {
            continue;
        };
        let range = range.map_err(|e| ImportError::Excel(e.to_string()))?;
        if range.is_empty() || range.used_cells().all(|(_, _, c)| cell_text(c).trim().is_empty()) {
            continue;
        }
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
        let rows: Vec<_> = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![String::new(); first_col];
                cells.extend(row.iter().map(cell_text));
                Ok((first_row + i + 1, cells))
            })
            .collect();
        return Ok(Box::new(rows.into_iter()));
    }
    Err(ImportError::Empty)
}

/// Render one cell as the text a user would see, consistently across formats.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_datetime() {
                match excel_serial_to_date(serial) {
                    Some(d) => d.format("%Y-%m-%d").to_string(),
                    None => format_number(serial),
                }
            } else {
                format_number(serial)
            }
        }
        Data::DateTimeIso(s) => s.get(..10).filter(|_| s.len() >= 10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Integers without ".0"; other numbers in their shortest round-trip form.
pub(crate) fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
