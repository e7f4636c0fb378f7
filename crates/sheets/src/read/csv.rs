//! CSV reading after decoding; the delimiter is guessed among comma, tab and
//! semicolon. Rows are parsed lazily from the decoded text.

use std::borrow::Cow;
use std::io::Cursor;

use super::{RowIter, encoding};
use crate::ImportError;

/// The rows of a CSV file and the name of its detected encoding.
pub(crate) fn rows(bytes: &[u8]) -> (RowIter<'_>, &'static str) {
    let (text, enc) = encoding::decode(bytes);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // On a tie the last candidate wins, so a comma is preferred.
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Cursor::new(match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
            Cow::Owned(t) => Cow::Owned(t.into_bytes()),
        }));
    let rows = CsvRows {
        reader,
        record: csv::StringRecord::new(),
        counted_to: 0,
        line: 1,
    };
    (Box::new(rows), enc)
}

struct CsvRows<'a> {
    reader: csv::Reader<Cursor<Cow<'a, [u8]>>>,
    record: csv::StringRecord,
    /// Line numbers come from byte offsets, so skipped empty lines still
    /// count as the user sees them: newlines are counted up to here.
    counted_to: usize,
    line: usize,
}

impl Iterator for CsvRows<'_> {
    type Item = Result<(usize, Vec<String>), ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(ImportError::Csv(e.to_string()))),
        }
        let text: &[u8] = self.reader.get_ref().get_ref();
        let mut start = self
            .record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(self.counted_to)
            .min(text.len());
        // After a CRLF line end the reader may report a record as starting at
        // the "\n"; line-end bytes before the first cell belong to earlier lines.
        while start < text.len() && (text[start] == b'\n' || text[start] == b'\r') {
            start += 1;
        }
        if start > self.counted_to {
            self.line += text[self.counted_to..start].iter().filter(|&&b| b == b'\n').count();
            self.counted_to = start;
        }
        Some(Ok((self.line, self.record.iter().map(str::to_string).collect())))
    }
}
