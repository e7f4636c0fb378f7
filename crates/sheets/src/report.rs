//! Issues found during a dry run, the report that collects them, and its .xlsx/.csv exports.

use std::collections::HashMap;

use crate::ImportError;

/// How serious an issue is: errors reject the row, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误 / Error",
            Severity::Warning => "警告 / Warning",
        }
    }
}

/// One problem at a row and column of the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    pub line: usize,
    pub column: String,
    pub value: String,
    /// Chinese first, then " / " and English.
    pub reason: String,
    pub severity: Severity,
}

impl Issue {
    /// An error issue.
    pub fn error(line: usize, column: impl Into<String>, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Issue {
            line,
            column: column.into(),
            value: value.into(),
            reason: reason.into(),
            severity: Severity::Error,
        }
    }
}

/// The outcome of a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Report {
    pub issues: Vec<Issue>,
    pub rows: usize,
    pub ok_rows: usize,
}

const HEADERS: [&str; 5] = ["行号", "列", "值", "原因", "级别"];

impl Report {
    /// The report as an .xlsx workbook with columns 行号/列/值/原因/级别.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, ImportError> {
        let w = |e: rust_xlsxwriter::XlsxError| ImportError::Write(e.to_string());
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("导入报告").map_err(w)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, h) in HEADERS.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(w)?;
        }
        for (i, issue) in self.issues.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_number(r, 0, issue.line as f64).map_err(w)?;
            sheet.write_string(r, 1, &issue.column).map_err(w)?;
            sheet.write_string(r, 2, &issue.value).map_err(w)?;
            sheet.write_string(r, 3, &issue.reason).map_err(w)?;
            sheet.write_string(r, 4, issue.severity.label()).map_err(w)?;
        }
        sheet.set_column_width(3, 60).map_err(w)?;
        book.save_to_buffer().map_err(w)
    }

    /// The report as CSV text, UTF-8 with a BOM so that Excel opens it correctly.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        let mut writer = csv::Writer::from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(HEADERS);
        for i in &self.issues {
            let line = i.line.to_string();
            let _ = writer.write_record([
                line.as_str(),
                &crate::csv_safe(&i.column),
                &crate::csv_safe(&i.value),
                &crate::csv_safe(&i.reason),
                i.severity.label(),
            ]);
        }
        let _ = writer.flush();
        drop(writer);
        out
    }
}

/// Report every key that occurs on more than one line (keys compared trimmed and uppercased;
/// blank keys are ignored). One issue per occurrence, each naming all the lines.
pub fn duplicates(rows: &[(usize, String)]) -> Vec<Issue> {
    let mut finder = DuplicateFinder::default();
    for (line, key) in rows {
        finder.add(*line, key);
    }
    finder.issues()
}

/// [`duplicates`] one key at a time, for files checked as they are read:
/// remembers the first line of every key and all lines of repeated ones.
#[derive(Debug, Default)]
pub struct DuplicateFinder {
    first: HashMap<String, usize>,
    repeated: HashMap<String, Vec<usize>>,
}

impl DuplicateFinder {
    pub fn add(&mut self, line: usize, key: &str) {
        let k = key.trim();
        if k.is_empty() {
            return;
        }
        let k = if k.bytes().any(|b| b.is_ascii_lowercase()) || !k.is_ascii() {
            k.to_uppercase()
        } else {
            k.to_owned()
        };
        match self.first.get(&k) {
            None => {
                self.first.insert(k, line);
            }
            Some(&first) => self.repeated.entry(k).or_insert_with(|| vec![first]).push(line),
        }
    }

    /// One issue per occurrence of a repeated key, in line order.
    pub fn issues(self) -> Vec<Issue> {
        let mut repeated: Vec<(String, Vec<usize>)> = self.repeated.into_iter().collect();
        repeated.sort();
        let mut issues = Vec::new();
        for (key, lines) in repeated {
            let list = lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            for &line in &lines {
                issues.push(Issue::error(
                    line,
                    "",
                    key.clone(),
                    format!("文件内重复（第 {list} 行）/ duplicate within the file (lines {list})"),
                ));
            }
        }
        issues.sort_by_key(|i| i.line);
        issues
    }
}
