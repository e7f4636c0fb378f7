//! Exports of registry lists as .xlsx and .csv (UTF-8 with BOM so Excel
//! opens it). Columns follow the import templates, so an exported file can
//! be edited and imported again. Private contact columns are left out for
//! viewers who may not see them.

use crate::store::Enterprise;
use crate::store::records::Record;

use crate::enterprise::ENTERPRISE;
use crate::record::{field_text, json_text};
use crate::regions::RegionIndex;
use crate::spec::{FieldSpec, KindSpec, Place};

/// A sheet of text cells.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Excel's row limit minus the header.
pub const MAX_XLSX_ROWS: usize = 1_048_575;

#[derive(Debug, thiserror::Error)]
#[error("导出失败 / export failed: {0}")]
pub struct ExportError(String);

impl Sheet {
    /// The sheet as CSV, cells neutralised against formula injection.
    pub fn to_csv(&self) -> Result<Vec<u8>, ExportError> {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        kechuang_sheets::table_to_csv(&headers, &self.rows).map_err(|e| ExportError(e.to_string()))
    }

    pub fn to_xlsx(&self, sheet_name: &str) -> Result<Vec<u8>, ExportError> {
        use rust_xlsxwriter::{Format, Workbook};
        let e = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name).map_err(e)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold).map_err(e)?;
            ws.set_column_width(c as u16, (h.chars().count() as f64 * 2.2).max(12.0))
                .map_err(e)?;
        }
        for (r, row) in self.rows.iter().take(MAX_XLSX_ROWS).enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string((r + 1) as u32, c as u16, v).map_err(e)?;
            }
        }
        wb.save_to_buffer().map_err(e)
    }
}

fn shown(f: &FieldSpec, private: bool) -> bool {
    private || f.place != Place::Contact
}

/// The header row of an export of `spec`.
pub fn headers(spec: &KindSpec, private: bool) -> Vec<String> {
    spec.fields
        .iter()
        .filter(|f| shown(f, private))
        .map(|f| f.zh.to_owned())
        .collect()
}

/// One enterprise as an export row (the enterprise template's columns).
pub fn enterprise_row(e: &Enterprise, private: bool) -> Vec<String> {
    let yes = |b: bool| if b { "是" } else { "否" }.to_owned();
    let list = |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default().join("、");
    ENTERPRISE
        .fields
        .iter()
        .filter(|f| shown(f, private))
        .map(|f| match f.key {
            "credit_code" => e.credit_code.clone(),
            "name" => e.name.clone(),
            "former_names" => list(&e.former_names),
            "county_name" => e.region_name.clone(),
            "county_code" => e
                .region_path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_owned(),
            "address" => e.address.clone(),
            "industry_code" => e.industry_code.clone(),
            "industry_name" => e.industry_name.clone(),
            "chains" => list(&e.chain_tags),
            "founded_on" => e.founded_on.clone().unwrap_or_default(),
            "size" => json_text(f, Some(&serde_json::Value::String(e.size.clone()))),
            "above_scale_industrial" => yes(e.above_scale_industrial),
            "listed" => yes(e.listed),
            "listing_reserve" => yes(e.listing_reserve),
            "legal_representative" => e.legal_representative.clone(),
            "contact_name" => e.contact_name.clone(),
            "contact_phone" => e.contact_phone.clone(),
            _ => String::new(),
        })
        .collect()
}

/// One record as an export row.
pub fn record_row(spec: &KindSpec, r: &Record, regions: &RegionIndex, private: bool) -> Vec<String> {
    spec.fields
        .iter()
        .filter(|f| shown(f, private))
        .map(|f| field_text(spec, f.key, r, regions))
        .collect()
}
