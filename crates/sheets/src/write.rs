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

/// A text cell made safe for a CSV file opened in a spreadsheet: text that
/// starts like a formula (`=`, `+`, `-`, `@`, tab or carriage return) gets a
/// leading apostrophe, so Excel and WPS show it as text instead of running
/// it. Plain numbers (`-12.5`) are left as they are.
pub fn csv_safe(value: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_like && value.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// A table as CSV in UTF-8 with a byte-order mark (so Excel reads Chinese
/// correctly), every cell passed through [`csv_safe`]. Every CSV the
/// service hands out is written here.
pub fn table_to_csv<R, C>(headers: &[&str], rows: R) -> Result<Vec<u8>, ImportError>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let e = |e: csv::Error| ImportError::Excel(format!("CSV: {e}"));
        w.write_record(headers.iter().map(|h| csv_safe(h).into_owned()))
            .map_err(e)?;
        for row in rows {
            let cells: Vec<String> = row.into_iter().map(|c| csv_safe(c.as_ref()).into_owned()).collect();
            w.write_record(&cells).map_err(e)?;
        }
        w.flush().map_err(|x| ImportError::Excel(format!("CSV: {x}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod csv_tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        let cases = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-12.5", "-12.5"),
            ("+86", "+86"),
            ("科技", "科技"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_safe(input), want, "{input:?}");
        }
        let csv = table_to_csv(&["名称"], [vec!["=1+1"], vec!["正常"]]).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text, "\u{FEFF}名称\n'=1+1\n正常\n");
    }
}
