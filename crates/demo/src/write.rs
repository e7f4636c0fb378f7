//! CSV output: one [`Sheet`] per file (UTF-8 with BOM so Excel opens it,
//! Chinese header row), and one row writer per entity type. Values that
//! have codes are written as their Chinese labels (see [`crate::labels`]),
//! booleans as 是/否, dates as YYYY-MM-DD, money as whole yuan.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::DemoError;
use crate::enterprises::DemoEnterprise;
use crate::experts::DemoExpert;
use crate::headers::{Headers, LIST_SEPARATOR};
use crate::labels::{self, label, yes_no};
use crate::organisations::{DemoInstitution, DemoInvestor, DemoServiceAgency};
use crate::platforms::DemoPlatform;
use crate::regions::DemoRegion;

/// An open CSV file; rows arrive as pre-formatted [`Chunk`]s.
pub(crate) struct Sheet {
    file: BufWriter<File>,
    path: PathBuf,
    rows: u64,
}

/// Formatted CSV rows not yet written to a file.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub bytes: Vec<u8>,
    pub rows: u64,
}

impl Sheet {
    /// Creates `dir/name`, writing the BOM and the Chinese header row.
    pub(crate) fn create(dir: &Path, name: &str, headers: Headers) -> Result<Sheet, DemoError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| DemoError::Io {
            path: path.clone(),
            source,
        })?;
        let mut sheet = Sheet {
            file: BufWriter::with_capacity(1 << 20, file),
            path,
            rows: 0,
        };
        let mut header = Rows::new();
        for (zh, _) in headers {
            header.s(zh);
        }
        header.end();
        let mut chunk = header.take();
        chunk.rows = 0;
        let mut bom = "\u{FEFF}".as_bytes().to_vec();
        bom.append(&mut chunk.bytes);
        chunk.bytes = bom;
        sheet.write(&chunk)?;
        Ok(sheet)
    }

    /// Appends formatted rows.
    pub(crate) fn write(&mut self, chunk: &Chunk) -> Result<(), DemoError> {
        self.rows += chunk.rows;
        self.file.write_all(&chunk.bytes).map_err(|source| DemoError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Flushes the file and returns the number of data rows written.
    pub(crate) fn finish(mut self) -> Result<u64, DemoError> {
        self.file.flush().map_err(|source| DemoError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.rows)
    }
}

/// Formats rows of one CSV file into memory.
pub(crate) struct Rows {
    writer: csv::Writer<Vec<u8>>,
    rows: u64,
    scratch: String,
}

impl Rows {
    pub(crate) fn new() -> Rows {
        Rows {
            writer: Self::writer(1 << 16),
            rows: 0,
            scratch: String::new(),
        }
    }

    fn writer(capacity: usize) -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(Vec::with_capacity(capacity))
    }

    /// The rows formatted so far; leaves this empty for reuse.
    pub(crate) fn take(&mut self) -> Chunk {
        // Size the next buffer like this one to avoid regrowing it.
        let hint = self.writer.get_ref().len() + (1 << 17);
        let writer = std::mem::replace(&mut self.writer, Self::writer(hint));
        let bytes = writer.into_inner().expect("writing to memory cannot fail");
        Chunk {
            bytes,
            rows: std::mem::take(&mut self.rows),
        }
    }

    // Writing to a Vec cannot fail, so the field writers do not return errors.

    /// A text field.
    fn s(&mut self, value: &str) {
        self.writer.write_field(value).expect("in memory");
    }

    /// An integer field.
    fn i(&mut self, value: i64) {
        let mut buf = [0u8; 20];
        let mut pos = buf.len();
        let mut v = value.unsigned_abs();
        loop {
            pos -= 1;
            buf[pos] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if value < 0 {
            pos -= 1;
            buf[pos] = b'-';
        }
        self.writer.write_field(&buf[pos..]).expect("in memory");
    }

    /// A date field, YYYY-MM-DD.
    fn d(&mut self, date: NaiveDate) {
        let (y, m, d) = (date.year() as u32, date.month(), date.day());
        let b = [
            b'0' + (y / 1000 % 10) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (d / 10) as u8,
            b'0' + (d % 10) as u8,
        ];
        self.writer.write_field(b).expect("in memory");
    }

    /// A 是/否 field.
    fn b(&mut self, value: bool) {
        self.s(yes_no(value));
    }

    /// A list field joined with the list separator.
    fn list(&mut self, items: &[&str]) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                scratch.push_str(LIST_SEPARATOR);
            }
            scratch.push_str(item);
        }
        self.s(&scratch);
        self.scratch = scratch;
    }

    /// Ends the current row.
    fn end(&mut self) {
        self.rows += 1;
        self.writer.write_record(None::<&[u8]>).expect("in memory");
    }

    pub(crate) fn region(&mut self, r: &DemoRegion) {
        self.s(r.code);
        self.s(r.name);
        self.s(r.name_en);
        self.s(label(labels::REGION_LEVELS, r.level));
        self.s(r.parent_code.unwrap_or(""));
        self.end();
    }

    pub(crate) fn enterprise(&mut self, e: &DemoEnterprise) {
        self.s(&e.credit_code);
        self.s(&e.name);
        self.s(e.county_name);
        self.s(e.county_code);
        self.s(&e.address);
        self.s(e.industry_code);
        self.s(e.industry_name);
        self.list(&e.chains);
        self.d(e.founded_on);
        self.s(label(labels::ENTERPRISE_SIZES, e.size));
        self.b(e.above_scale_industrial);
        self.b(e.listed);
        self.b(e.listing_reserve);
        self.s(&e.legal_representative);
        self.s(&e.contact_name);
        self.s(&e.contact_phone);
        self.end();
    }

    /// All yearly facts rows of `e`.
    pub(crate) fn facts(&mut self, e: &DemoEnterprise) {
        for f in &e.facts {
            self.s(&e.credit_code);
            self.i(f.year.into());
            self.i(f.employees.into());
            self.i(f.st_staff.into());
            self.i(f.revenue_yuan);
            self.i(f.high_tech_revenue_yuan);
            self.i(f.rd_expense_yuan);
            self.i(f.rd_expense_in_china_yuan);
            self.i(f.total_assets_yuan);
            self.i(f.net_assets_yuan);
            self.i(f.invention_patents.into());
            self.i(f.utility_models.into());
            self.i(f.software_copyrights.into());
            self.i(f.pct_applications.into());
            self.end();
        }
    }

    /// All certificate rows of `e`.
    pub(crate) fn certificates(&mut self, e: &DemoEnterprise) {
        for c in &e.certificates {
            self.s(&e.credit_code);
            self.s(&e.name);
            self.s(label(labels::CERTIFICATE_KINDS, c.kind));
            self.s(&c.number);
            self.d(c.issued_on);
            self.d(c.expires_on);
            self.end();
        }
    }

    pub(crate) fn platform(&mut self, p: &DemoPlatform) {
        self.s(&p.id);
        self.s(&p.name);
        self.s(label(labels::PLATFORM_KINDS, p.kind));
        self.s(label(labels::LEVELS, p.level));
        self.s(&p.host_name);
        self.s(&p.host_credit_code);
        self.s(p.county_name);
        self.s(p.county_code);
        self.s(p.chain);
        self.s(p.field);
        self.d(p.recognised_on);
        self.s(label(labels::PLATFORM_STATUSES, p.status));
        self.end();
    }

    pub(crate) fn expert(&mut self, x: &DemoExpert) {
        self.s(&x.id);
        self.s(&x.name);
        self.s(x.gender);
        self.i(x.birth_year.into());
        self.s(&x.affiliation);
        self.s(x.title);
        self.list(&x.fields);
        self.list(&x.keywords);
        self.s(label(labels::EXPERT_REGIONS, x.region));
        self.b(x.academician);
        self.b(x.clinic_available);
        self.s(&x.phone);
        self.s(&x.email);
        self.end();
    }

    pub(crate) fn institution(&mut self, i: &DemoInstitution) {
        self.s(&i.credit_code);
        self.s(&i.name);
        self.s(label(labels::INSTITUTION_KINDS, i.kind));
        self.s(i.affiliation);
        self.s(i.county_name);
        self.s(i.county_code);
        self.i(i.founded_year.into());
        self.i(i.staff.into());
        self.i(i.researchers.into());
        self.list(&i.fields);
        self.s(&i.address);
        self.s(&i.contact_name);
        self.s(&i.contact_phone);
        self.end();
    }

    pub(crate) fn service_agency(&mut self, a: &DemoServiceAgency) {
        self.s(&a.credit_code);
        self.s(&a.name);
        self.s(label(labels::AGENCY_KINDS, a.kind));
        self.s(a.county_name);
        self.s(a.county_code);
        self.d(a.founded_on);
        self.b(a.demonstration);
        self.i(a.clients_last_year.into());
        self.s(&a.address);
        self.s(&a.contact_name);
        self.s(&a.contact_phone);
        self.end();
    }

    pub(crate) fn investor(&mut self, v: &DemoInvestor) {
        self.s(&v.credit_code);
        self.s(&v.name);
        self.s(label(labels::INVESTOR_KINDS, v.kind));
        self.i(v.managed_capital_yuan);
        self.list(&v.focus_chains);
        self.s(v.county_name);
        self.s(v.county_code);
        self.d(v.founded_on);
        self.s(&v.contact_name);
        self.s(&v.contact_phone);
        self.end();
    }
}
