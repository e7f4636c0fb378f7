//! Reading tests: CSV encodings, an .xlsx with a two-row merged header, and robustness.

use kechuang_sheets::{Column, Template, map_headers, read_table, read_table_with_progress};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const CSV_TEXT: &str = "企业名称,统一社会信用代码,营业收入（元）\n  某某科技有限公司 ,91330100MA2XXXXX1A,1234.5\n,,\n高新电子,91330100MA2YYYYY2B,12万\n";

fn template() -> Template {
    Template {
        kind: "enterprise",
        columns: vec![
            Column {
                key: "name",
                zh: "企业名称",
                aliases: &["单位名称"],
                required: true,
            },
            Column {
                key: "credit_code",
                zh: "统一社会信用代码",
                aliases: &["信用代码"],
                required: true,
            },
            Column {
                key: "revenue",
                zh: "营业收入",
                aliases: &[],
                required: false,
            },
            Column {
                key: "founded",
                zh: "成立日期",
                aliases: &[],
                required: false,
            },
        ],
    }
}

fn check_csv_table(t: &kechuang_sheets::RawTable) {
    assert_eq!(t.headers, ["企业名称", "统一社会信用代码", "营业收入（元）"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.header_line, 1);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(t.rows[0].cells[0], "某某科技有限公司");
    assert_eq!(t.rows[1].line, 4);
    assert_eq!(t.rows[1].cells[2], "12万");
}

#[test]
fn gbk_csv() {
    let (bytes, _, bad) = encoding_rs::GBK.encode(CSV_TEXT);
    assert!(!bad);
    let t = read_table("企业.csv", &bytes).unwrap();
    check_csv_table(&t);
    assert_eq!(t.encoding.as_deref(), Some("GB18030"));
}

#[test]
fn utf8_csv_with_and_without_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(CSV_TEXT.as_bytes());
    let t = read_table("a.csv", &bytes).unwrap();
    check_csv_table(&t);
    assert_eq!(t.encoding.as_deref(), Some("UTF-8 (BOM)"));
    let t = read_table("a.csv", CSV_TEXT.as_bytes()).unwrap();
    check_csv_table(&t);
    assert_eq!(t.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn utf16_csv() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in CSV_TEXT.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let t = read_table("a.csv", &bytes).unwrap();
    check_csv_table(&t);
    assert_eq!(t.encoding.as_deref(), Some("UTF-16LE"));
}

fn build_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let centre = Format::new();
    sheet.merge_range(0, 0, 0, 1, "基本信息", &centre).unwrap();
    sheet.merge_range(0, 2, 0, 3, "财务与日期", &centre).unwrap();
    for (c, h) in ["企业名称", "统一社会信用代码", "营业收入（元）", "成立日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(2, 0, " 某某科技 ").unwrap();
    sheet.write_string(2, 1, "91330100MA2XXXXX1A").unwrap();
    sheet.write_number(2, 2, 1234.0).unwrap();
    sheet
        .write_datetime_with_format(2, 3, ExcelDateTime::from_ymd(2024, 3, 15).unwrap(), &date)
        .unwrap();
    sheet.write_string(3, 0, "高新电子").unwrap();
    sheet.write_string(3, 1, "91330100MA2YYYYY2B").unwrap();
    sheet.write_number(3, 2, 99.5).unwrap();
    // Blank trailing rows.
    sheet.write_string(4, 0, "  ").unwrap();
    sheet.write_blank(5, 1, &date).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_group_header_dates_numbers_and_blank_tail() {
    let bytes = build_xlsx();
    let mut seen = Vec::new();
    let t = read_table_with_progress("企业.xlsx", &bytes, &mut |n| seen.push(n)).unwrap();
    assert_eq!(t.encoding, None);
    assert_eq!(t.headers[0], "基本信息");
    assert_eq!(t.rows.len(), 3, "field row + 2 data rows, blank tail skipped: {t:?}");
    assert_eq!(seen.last(), Some(&3));
    let map = map_headers(&t, &template()).unwrap();
    assert_eq!(map.header_rows_in_data, 1);
    let rows = map.data_rows(&t);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, 3);
    assert_eq!(rows[0].cell(map.get("name").unwrap()), "某某科技");
    assert_eq!(rows[0].cell(map.get("revenue").unwrap()), "1234");
    assert_eq!(rows[0].cell(map.get("founded").unwrap()), "2024-03-15");
    assert_eq!(rows[1].cell(map.get("revenue").unwrap()), "99.5");
    assert_eq!(rows[1].line, 4);
}

#[test]
fn xlsx_uses_the_first_non_empty_sheet() {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("说明").unwrap();
    let data = book.add_worksheet();
    data.write_string(0, 1, "企业名称").unwrap();
    data.write_string(0, 2, "统一社会信用代码").unwrap();
    data.write_number(1, 1, 42.0).unwrap();
    data.write_string(1, 2, "X").unwrap();
    let t = read_table("noext", &book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(t.headers, ["", "企业名称", "统一社会信用代码"]);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(t.rows[0].cells, ["", "42", "X"]);
    let map = map_headers(&t, &template()).unwrap();
    assert_eq!(map.get("name"), Some(1));
}

#[test]
fn garbage_named_xlsx_is_an_error() {
    assert!(read_table("x.xlsx", b"not a workbook").is_err());
    assert!(read_table("x.xlsx", b"PK\x03\x04garbage").is_err());
    assert!(read_table("x.csv", b"").is_err());
}

#[test]
fn progress_is_reported_while_reading() {
    let mut csv = String::from("a,b\n");
    for i in 0..1200 {
        csv.push_str(&format!("{i},x\n"));
    }
    let mut seen = Vec::new();
    let t = read_table_with_progress("p.csv", csv.as_bytes(), &mut |n| seen.push(n)).unwrap();
    assert_eq!(t.rows.len(), 1200);
    assert_eq!(seen, [500, 1000, 1200]);
}

#[test]
fn header_line_skips_leading_blank_rows() {
    let t = read_table("a.csv", "\n,,\n企业名称,统一社会信用代码\nA,B\n".as_bytes()).unwrap();
    assert_eq!(t.header_line, 3);
    let issues = map_headers(
        &t,
        &Template {
            kind: "x",
            columns: vec![Column {
                key: "k",
                zh: "缺失",
                aliases: &[],
                required: true,
            }],
        },
    );
    assert_eq!(issues.unwrap_err()[0].line, 3);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), xlsx in any::<bool>()) {
        let name = if xlsx { "f.xlsx" } else { "f.csv" };
        let _ = read_table(name, &bytes);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        let _ = read_table(name, &zip);
    }
}

#[test]
fn crlf_line_ends_keep_the_row_numbers_the_user_sees() {
    for (name, text) in [
        ("lf", "代码,名称\nA,甲\nB,乙\n\nC,丙\n"),
        ("crlf", "代码,名称\r\nA,甲\r\nB,乙\r\n\r\nC,丙\r\n"),
    ] {
        let t = kechuang_sheets::read_table("x.csv", text.as_bytes()).unwrap();
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!((t.header_line, lines), (1, vec![2, 3, 5]), "{name}");
    }
}
