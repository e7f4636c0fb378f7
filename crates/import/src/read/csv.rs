//! CSV reading after decoding; the delimiter is guessed among comma, tab and semicolon.

use super::{build_table, encoding};
use crate::{ImportError, RawTable};

pub(crate) fn read(bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<RawTable, ImportError> {
    let (text, enc) = encoding::decode(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(rows.len() + 1);
        rows.push((line, record.iter().map(str::to_string).collect::<Vec<_>>()));
    }
    Ok(build_table(rows.into_iter(), Some(enc.to_string()), progress))
}
