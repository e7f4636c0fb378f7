//! Checking a sheet: read it, map its headers to the kind's template,
//! validate every row and report every problem (row, column, value,
//! reason), duplicates within the file included, either collecting the
//! valid rows ([`check()`], the dry run) or handing them on in batches while
//! the rest is read ([`check_streaming`]). Nothing here writes.

use std::collections::HashSet;

use crate::store::EnterpriseRow;
use crate::store::certificates::CertificateRow;
use crate::store::facts::FactsRow;
use crate::store::records::NewRecordRow;
use kechuang_sheets::{ImportError, Issue, RawRow, Report, Severity, map_headers};

use crate::enterprise::{CERTIFICATES, ENTERPRISE, FACTS, parse_certificate, parse_enterprise, parse_facts};
use crate::record::{FieldIssue, parse_record};
use crate::regions::RegionIndex;
use crate::spec::{KindSpec, RECORD_KINDS, kind_spec, template_of};

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Enterprises,
    Facts,
    Certificates,
    Record(&'static str),
}

impl ImportKind {
    /// All kinds, in menu order.
    pub fn all() -> Vec<ImportKind> {
        let mut v = vec![ImportKind::Enterprises, ImportKind::Facts, ImportKind::Certificates];
        v.extend(RECORD_KINDS.iter().map(|k| ImportKind::Record(k.kind)));
        v
    }

    /// Reads a kind from its route/CLI name (`enterprises`, `facts`,
    /// `certificates`, `platforms`, `experts`, `institutions`, `agencies`,
    /// `investors`) or its stored name.
    pub fn parse(name: &str) -> Option<ImportKind> {
        match name {
            "enterprises" | "enterprise" => Some(ImportKind::Enterprises),
            "facts" | "enterprise_facts" => Some(ImportKind::Facts),
            "certificates" | "certificate" => Some(ImportKind::Certificates),
            other => kind_spec(other).map(|s| ImportKind::Record(s.kind)),
        }
    }

    pub fn spec(self) -> &'static KindSpec {
        match self {
            ImportKind::Enterprises => &ENTERPRISE,
            ImportKind::Facts => &FACTS,
            ImportKind::Certificates => &CERTIFICATES,
            ImportKind::Record(k) => kind_spec(k).unwrap_or(&ENTERPRISE),
        }
    }

    /// The name used in routes and on the command line.
    pub fn name(self) -> &'static str {
        self.spec().plural
    }
}

/// Validated rows, ready to write.
#[derive(Debug, Clone)]
pub enum Rows {
    Enterprises(Vec<EnterpriseRow>),
    Facts(Vec<FactsRow>),
    Certificates(Vec<CertificateRow>),
    Records(&'static str, Vec<NewRecordRow>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Enterprises(v) => v.len(),
            Rows::Facts(v) => v.len(),
            Rows::Certificates(v) => v.len(),
            Rows::Records(_, v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The outcome of a dry run.
#[derive(Debug, Clone)]
pub struct Checked {
    pub kind: ImportKind,
    pub report: Report,
    pub rows: Rows,
    /// The detected text encoding of a CSV file.
    pub encoding: Option<String>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.report.issues.len() - self.errors()
    }
}

/// What one thread found in its share of the rows.
struct Part {
    rows: Rows,
    keys: Vec<(usize, String)>,
    issues: Vec<Issue>,
}

fn empty_rows(kind: ImportKind, n: usize) -> Rows {
    match kind {
        ImportKind::Enterprises => Rows::Enterprises(Vec::with_capacity(n)),
        ImportKind::Facts => Rows::Facts(Vec::with_capacity(n)),
        ImportKind::Certificates => Rows::Certificates(Vec::with_capacity(n)),
        ImportKind::Record(k) => Rows::Records(k, Vec::with_capacity(n)),
    }
}

impl Rows {
    fn append(&mut self, other: Rows) {
        match (self, other) {
            (Rows::Enterprises(a), Rows::Enterprises(b)) => a.extend(b),
            (Rows::Facts(a), Rows::Facts(b)) => a.extend(b),
            (Rows::Certificates(a), Rows::Certificates(b)) => a.extend(b),
            (Rows::Records(_, a), Rows::Records(_, b)) => a.extend(b),
            _ => {}
        }
    }
}

/// Validates `data`, keeping the good rows and their keys (for the
/// duplicate check) and every issue.
fn check_rows(kind: ImportKind, data: &[RawRow], map: &kechuang_sheets::HeaderMap, regions: &RegionIndex) -> Part {
    let spec = kind.spec();
    let mut rows = empty_rows(kind, data.len());
    let mut keys = Vec::with_capacity(data.len());
    let mut issues = Vec::new();
    for row in data {
        let get = |key: &str| map.get(key).map(|c| row.cell(c).to_owned()).unwrap_or_default();
        let line = row.line;
        let outcome: Result<String, Vec<FieldIssue>> = match &mut rows {
            Rows::Enterprises(v) => parse_enterprise(&get, regions).map(|(code, fields)| {
                let key = code.as_str().to_owned();
                v.push(EnterpriseRow { line, code, fields });
                key
            }),
            Rows::Facts(v) => parse_facts(&get).map(|(code, facts)| {
                let key = format!("{code} {}", facts.year);
                v.push(FactsRow { line, code, facts });
                key
            }),
            Rows::Certificates(v) => parse_certificate(&get).map(|(code, certificate)| {
                let key = format!("{} {}", certificate.kind.as_str(), certificate.number);
                v.push(CertificateRow {
                    line,
                    code,
                    certificate,
                });
                key
            }),
            Rows::Records(_, v) => parse_record(spec, &get, regions).map(|(code, fields)| {
                v.push(NewRecordRow {
                    line,
                    code: code.clone(),
                    fields,
                });
                code
            }),
        };
        match outcome {
            Ok(key) => keys.push((line, key)),
            Err(found) => issues.extend(found.into_iter().map(|f| to_issue(line, f))),
        }
    }
    Part { rows, keys, issues }
}

fn to_issue(line: usize, f: FieldIssue) -> Issue {
    Issue::error(line, f.column, f.value, f.reason)
}

/// Checks `bytes` (an .xlsx, .xls or .csv file) as a sheet of `kind`,
/// keeping every valid row. `progress` receives the number of rows checked.
pub fn check(
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    regions: &RegionIndex,
    progress: &mut dyn FnMut(usize),
) -> Result<Checked, kechuang_sheets::ImportError> {
    let mut rows = empty_rows(kind, 0);
    let mut checked = check_streaming(
        kind,
        file_name,
        bytes,
        regions,
        &mut |batch, _| {
            rows.append(batch);
            true
        },
        progress,
    )?;
    checked.rows = rows;
    Ok(checked)
}

/// Rows per batch handed on while a file is checked.
pub const STREAM_BATCH: usize = 5_000;

/// Checks a sheet as it is read: a helper thread reads rows while this one
/// validates them, and the valid rows go to `sink` in batches, with whether
/// the file has been free of errors so far, for as long as `sink` returns
/// `true` (so they can be written while the rest is read). The whole file is always checked; the returned
/// report is complete (duplicates within the file are known only at the end,
/// so a writer must wait for it before committing) and its `rows` are empty.
pub fn check_streaming(
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    regions: &RegionIndex,
    sink: &mut dyn FnMut(Rows, bool) -> bool,
    progress: &mut dyn FnMut(usize),
) -> Result<Checked, kechuang_sheets::ImportError> {
    let stream = kechuang_sheets::open_table(file_name, bytes)?;
    let encoding = stream.encoding.clone();
    let spec = kind.spec();
    let template = template_of(spec);
    let mut report = Report::default();
    let map = match map_headers(&stream.head(), &template) {
        Ok(m) => m,
        Err(issues) => {
            report.issues = issues;
            return Ok(Checked {
                kind,
                report,
                rows: empty_rows(kind, 0),
                encoding,
            });
        }
    };
    report.issues.extend(map.warnings.iter().cloned());
    let mut keys = kechuang_sheets::DuplicateFinder::default();
    let mut rows = 0usize;
    let mut failed = false;
    let mut open = true;
    let (to_checker, batches) = std::sync::mpsc::sync_channel::<Result<Vec<RawRow>, ImportError>>(4);
    std::thread::scope(|scope| {
        let skip = map.header_rows_in_data;
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(STREAM_BATCH);
            for row in stream.skip(skip) {
                match row {
                    Ok(r) => batch.push(r),
                    Err(e) => {
                        let _ = to_checker.send(Err(e));
                        return;
                    }
                }
                if batch.len() == STREAM_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(STREAM_BATCH));
                    if to_checker.send(Ok(full)).is_err() {
                        return;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = to_checker.send(Ok(batch));
            }
        });
        for batch in batches {
            let batch = batch?;
            let part = check_rows(kind, &batch, &map, regions);
            rows += batch.len();
            for (line, key) in &part.keys {
                keys.add(*line, key);
            }
            failed |= !part.issues.is_empty();
            report.issues.extend(part.issues);
            if open {
                open = sink(part.rows, !failed);
            }
            progress(rows);
        }
        Ok::<(), ImportError>(())
    })?;
    report.rows = rows;
    let key_column = spec.fields.first().map_or("", |f| f.zh);
    report.issues.extend(keys.issues().into_iter().map(|mut d| {
        d.column = key_column.to_owned();
        d
    }));
    report.issues.sort_by_key(|i| i.line);
    let bad: HashSet<usize> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.line)
        .collect();
    report.ok_rows = rows - bad.len().min(rows);
    Ok(Checked {
        kind,
        report,
        rows: empty_rows(kind, 0),
        encoding,
    })
}
