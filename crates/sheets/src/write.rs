//! Writing a plain table (a header row and rows of text or numbers) as an
//! `.xlsx` workbook: what lists sent to other bureaus are made of.

use crate::ImportError;

/// One cell of a written table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// The table as an `.xlsx` workbook with one sheet named `sheet`: the
/// headers in bold, then the rows.
pub fn table_to_xlsx(sheet: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, ImportError> {
    let w = |e: rust_xlsxwriter::XlsxError| ImportError::Write(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(w)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(w)?;
        ws.set_column_width(c as u16, 18).map_err(w)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => ws.write_string(r, c as u16, s).map_err(w)?,
                Cell::Number(n) => ws.write_number(r, c as u16, *n).map_err(w)?,
            };
        }
    }
    book.save_to_buffer().map_err(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_table_reads_back() {
        let rows = vec![
            vec![Cell::Text("甲公司".into()), Cell::Number(200000.5)],
            vec![Cell::Text("乙公司".into()), Cell::Number(1.0)],
        ];
        let bytes = table_to_xlsx("拨付清单", &["单位", "金额（元）"], &rows).unwrap();
        let t = crate::read_table("batch.xlsx", &bytes).unwrap();
        assert_eq!(t.headers, vec!["单位", "金额（元）"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cell(0), "甲公司");
        assert_eq!(t.rows[0].cell(1), "200000.5");
    }
}
