//! Header mapping, row validation with a report, duplicate detection and the field parsers.

use kechuang_sheets::{
    Column, Issue, Report, Severity, Template, duplicates, map_headers, parse_bool, parse_date, parse_decimal_to_fen,
    parse_int, read_table,
};

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
                aliases: &["信用代码", "USCC"],
                required: true,
            },
            Column {
                key: "revenue",
                zh: "营业收入",
                aliases: &[],
                required: false,
            },
            Column {
                key: "employees",
                zh: "从业人数",
                aliases: &[],
                required: false,
            },
        ],
    }
}

#[test]
fn headers_by_chinese_english_alias_and_full_width() {
    let csv = "单位名称,ＵＳＣＣ,营业收入（元）, Employees ,备注\nA,B,1,2,x\n";
    let t = read_table("a.csv", csv.as_bytes()).unwrap();
    let map = map_headers(&t, &template()).unwrap();
    assert_eq!(map.get("name"), Some(0));
    assert_eq!(map.get("credit_code"), Some(1));
    assert_eq!(map.get("revenue"), Some(2));
    assert_eq!(map.get("employees"), Some(3));
    assert_eq!(map.header_rows_in_data, 0);
    assert_eq!(map.warnings.len(), 1);
    assert_eq!(map.warnings[0].severity, Severity::Warning);
    assert_eq!(map.warnings[0].column, "备注");
}

#[test]
fn missing_and_duplicate_headers_are_errors() {
    let t = read_table("a.csv", "企业名称,name,营业收入\nA,B,1\n".as_bytes()).unwrap();
    let issues = map_headers(&t, &template()).unwrap_err();
    let reasons: Vec<&str> = issues.iter().map(|i| i.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("重复的表头")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("统一社会信用代码")), "{reasons:?}");
}

#[test]
fn blank_merged_header_borrows_left_name_only_when_needed() {
    let t = read_table("a.csv", "企业名称,统一社会信用代码,从业人数,\nA,B,3,4\n".as_bytes()).unwrap();
    let map = map_headers(&t, &template()).unwrap();
    assert_eq!(map.get("employees"), Some(2));
    let t = read_table("a.csv", "企业名称,,从业人数\nA,B,3\n".as_bytes()).unwrap();
    assert!(
        map_headers(&t, &template()).is_err(),
        "a blank cannot stand for a different column"
    );
}

fn validate(csv: &str) -> Report {
    let t = read_table("big.csv", csv.as_bytes()).unwrap();
    let map = map_headers(&t, &template()).unwrap();
    let rows = map.data_rows(&t);
    let mut report = Report {
        rows: rows.len(),
        ..Report::default()
    };
    for row in rows {
        let before = report.issues.len();
        let revenue = row.cell(map.get("revenue").unwrap());
        if let Err(reason) = parse_decimal_to_fen(revenue) {
            report.issues.push(Issue::error(row.line, "营业收入", revenue, reason));
        }
        let employees = row.cell(map.get("employees").unwrap());
        if let Err(reason) = parse_int(employees) {
            report
                .issues
                .push(Issue::error(row.line, "从业人数", employees, reason));
        }
        if report.issues.len() == before {
            report.ok_rows += 1;
        }
    }
    let keys: Vec<(usize, String)> = rows
        .iter()
        .map(|r| (r.line, r.cell(map.get("credit_code").unwrap()).to_string()))
        .collect();
    report.issues.extend(duplicates(&keys));
    report
}

#[test]
fn three_bad_rows_among_a_thousand() {
    let mut csv = String::from("企业名称,统一社会信用代码,营业收入,从业人数\n");
    for i in 0..1000 {
        let (revenue, employees) = match i {
            10 => ("abc".to_string(), "5".to_string()),
            500 => ("1.5万".to_string(), "五十".to_string()),
            999 => ("12.345".to_string(), "7".to_string()),
            _ => (format!("{i}.5"), i.to_string()),
        };
        csv.push_str(&format!("企业{i},CODE{i:04},{revenue},{employees}\n"));
    }
    let report = validate(&csv);
    assert_eq!(report.rows, 1000);
    assert_eq!(report.ok_rows, 997);
    let lines: Vec<usize> = report.issues.iter().map(|i| i.line).collect();
    // Data row i is on file line i + 2 (line 1 is the header).
    assert_eq!(lines, [12, 502, 1001]);
    let xlsx = report.to_xlsx().unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let back = read_table("report.xlsx", &xlsx).unwrap();
    assert_eq!(back.headers, ["行号", "列", "值", "原因", "级别"]);
    assert_eq!(back.rows.len(), 3);
    assert_eq!(back.rows[0].cells[0], "12");
    let csv = report.to_csv();
    assert!(csv.starts_with(b"\xEF\xBB\xBF\xE8\xA1\x8C\xE5\x8F\xB7"));
    assert_eq!(read_table("report.csv", &csv).unwrap().rows.len(), 3);
}

#[test]
fn duplicates_name_all_lines() {
    let rows: Vec<(usize, String)> = [
        (2, " abc "),
        (3, "X"),
        (4, "ABC"),
        (5, ""),
        (6, "  "),
        (7, "abc"),
        (8, "x"),
    ]
    .into_iter()
    .map(|(l, k)| (l, k.to_string()))
    .collect();
    let issues = duplicates(&rows);
    assert_eq!(issues.iter().map(|i| i.line).collect::<Vec<_>>(), [2, 3, 4, 7, 8]);
    assert!(issues[0].reason.contains("2, 4, 7"), "{}", issues[0].reason);
    assert_eq!(issues[0].value, "ABC");
    assert!(duplicates(&[(1, "a".into()), (2, "b".into())]).is_empty());
}

#[test]
fn parse_int_table() {
    for (s, want) in [
        ("42", Ok(42)),
        (" 1,234 ", Ok(1234)),
        ("7.0", Ok(7)),
        ("-3", Ok(-3)),
        ("１２", Ok(12)),
    ] {
        assert_eq!(parse_int(s), want, "{s}");
    }
    for s in ["", "1.5", "abc", "五"] {
        assert!(parse_int(s).is_err(), "{s}");
    }
}

#[test]
fn parse_money_table() {
    let cases = [
        ("1,234.5", 123_450),
        ("100", 10_000),
        ("12万", 12_000_000),
        ("1.2亿", 12_000_000_000),
        ("0.01", 1),
        ("¥99元", 9_900),
        ("-5.5", -550),
        (".5", 50),
        ("1.2345万", 1_234_500),
    ];
    for (s, want) in cases {
        assert_eq!(parse_decimal_to_fen(s), Ok(want), "{s}");
    }
    for s in ["", "abc", "1.234", "1..2", "万", "99999999999999999999亿", "1e5"] {
        assert!(parse_decimal_to_fen(s).is_err(), "{s}");
    }
}

#[test]
fn parse_date_table() {
    let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let cases = [
        ("2024-03-15", d(2024, 3, 15)),
        ("2024/3/5", d(2024, 3, 5)),
        ("2024年3月5日", d(2024, 3, 5)),
        ("2024.03.05", d(2024, 3, 5)),
        ("45366", d(2024, 3, 15)),
        ("1", d(1900, 1, 1)),
        ("61", d(1900, 3, 1)),
        ("45366.75", d(2024, 3, 15)),
        ("2024-03-15 00:00:00", d(2024, 3, 15)),
    ];
    for (s, want) in cases {
        assert_eq!(parse_date(s), Ok(want), "{s}");
    }
    for s in ["", "2024-02-30", "24-3-5", "abc", "2024-13-01", "0"] {
        assert!(parse_date(s).is_err(), "{s}");
    }
}

#[test]
fn parse_bool_table() {
    for s in ["是", "Y", "yes", "TRUE", "1", "有"] {
        assert_eq!(parse_bool(s), Ok(true), "{s}");
    }
    for s in ["否", "n", "No", "false", "0", "无"] {
        assert_eq!(parse_bool(s), Ok(false), "{s}");
    }
    assert!(parse_bool("也许").is_err());
    assert!(parse_bool("").is_err());
}
