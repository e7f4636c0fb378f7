//! CSV reading after decoding; the delimiter is guessed among comma, tab and semicolon.

use super::{build_table, encoding};
use crate::{ImportError, RawTable};

pub(crate) fn read(bytes: &[u8], progress: &mut dyn FnMut(usize)) -> Result<RawTable, ImportError> {
    let (text, enc) = encoding::decode(bytes);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // On a tie the last candidate wins, so a comma is preferred.
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Line numbers come from byte offsets, so skipped empty lines still count as the user sees them.
    let (mut counted_to, mut line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let start = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(counted_to)
            .min(text.len());
        // After a CRLF line end the reader may report a record as starting at
        // the "\n"; line-end bytes before the first cell belong to earlier lines.
        let bytes = text.as_bytes();
        let mut start = start;
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        if start > counted_to {
            line += text.as_bytes()[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted_to = start;
        }
        rows.push((line, record.iter().map(str::to_string).collect::<Vec<_>>()));
    }
    Ok(build_table(rows.into_iter(), Some(enc.to_string()), progress))
}
