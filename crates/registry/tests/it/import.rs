//! Sheet imports end to end on SQLite and PostgreSQL: real-world-shaped
//! files (GBK CSV, UTF-8 with BOM, .xlsx with merged two-row headers and
//! blank trailing rows), every file the demo generator writes, a file with
//! 3 bad rows among 1,000, and a re-import that changes nothing.

use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::testing::TestDb;
use kechuang_registry::run::region_index;
use kechuang_registry::store::prelude::*;
use kechuang_registry::store::{EnterpriseFilter, ImportCounts};
use kechuang_registry::{ImportKind, check, import_file};

kechuang_kernel::both_backends!(crate::harness::db =>
    demo_files_import_cleanly_and_reimport_changes_nothing,
    three_bad_rows_among_a_thousand,
    real_world_shapes,
    a_late_error_undoes_batches_already_written
);

async fn demo_regions(db: &Db) {
    let sys = Actor::system();
    let mut ids = std::collections::HashMap::new();
    for r in kechuang_demo::demo_regions() {
        let level = match r.level {
            "province" => RegionLevel::Province,
            "city" => RegionLevel::City,
            _ => RegionLevel::County,
        };
        let created = db
            .create_region(
                &sys,
                NewRegion {
                    code: DivisionCode::parse(r.code).unwrap(),
                    name: r.name.into(),
                    name_en: r.name_en.into(),
                    level,
                    parent_id: r.parent_code.map(|c| ids[c]),
                },
            )
            .await
            .unwrap();
        ids.insert(r.code, created.id);
    }
}

/// Imports a file the way the CLI and the web commit do: checked while read,
/// written in one transaction.
async fn import(db: &Db, kind: ImportKind, name: &str, bytes: &[u8]) -> Result<ImportCounts, String> {
    let actor = Actor::system();
    let regions = region_index(db, &actor).await.unwrap();
    let imported = import_file(
        db,
        &actor,
        None,
        kind,
        name.to_owned(),
        bytes.to_vec(),
        regions,
        Box::new(|_| {}),
        &|_| {},
    )
    .await
    .map_err(|e| e.to_string())?;
    match imported.counts {
        Some(c) => Ok(c),
        None => Err(format!(
            "{:?}",
            &imported.checked.report.issues[..imported.checked.report.issues.len().min(5)]
        )),
    }
}

async fn count(db: &Db) -> i64 {
    let scope = kechuang_kernel::region::RegionPath::from_stored("/130000/".into());
    db.enterprises(
        &kechuang_kernel::scope::Scope::of(&scope),
        &EnterpriseFilter {
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .1
}

async fn demo_files_import_cleanly_and_reimport_changes_nothing(t: TestDb) {
    let db = &t.db;
    demo_regions(db).await;
    let dir = tempfile::tempdir().unwrap();
    kechuang_demo::generate_to_dir(&kechuang_demo::GenerateOptions::new(200), dir.path(), &mut |_| {}).unwrap();
    let files = [
        ("enterprises.csv", "enterprises"),
        ("enterprise_facts.csv", "facts"),
        ("certificates.csv", "certificates"),
        ("platforms.csv", "platforms"),
        ("experts.csv", "experts"),
        ("institutions.csv", "institutions"),
        ("service_agencies.csv", "agencies"),
        ("investors.csv", "investors"),
    ];
    for (file, kind) in files {
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        let kind = ImportKind::parse(kind).unwrap();
        let first = import(db, kind, file, &bytes)
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(first.created > 0 && first.updated == 0, "{file}: {first:?}");
        let again = import(db, kind, file, &bytes).await.unwrap();
        assert_eq!(
            (again.created, again.updated),
            (0, 0),
            "{file}: re-import changes nothing"
        );
        assert_eq!(again.unchanged, first.created, "{file}");
    }
    assert_eq!(count(db).await, 200);
}

/// 1,000 enterprise rows as CSV text with a Chinese header.
fn thousand_rows() -> Vec<String> {
    rows(1000)
}

/// `n` enterprise rows as CSV text with a Chinese header.
fn rows(n: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    kechuang_demo::generate_to_dir(&kechuang_demo::GenerateOptions::new(n as u64), dir.path(), &mut |_| {}).unwrap();
    let text = std::fs::read_to_string(dir.path().join("enterprises.csv")).unwrap();
    text.trim_start_matches('\u{FEFF}').lines().map(str::to_owned).collect()
}

async fn three_bad_rows_among_a_thousand(t: TestDb) {
    let db = &t.db;
    demo_regions(db).await;
    let mut lines = thousand_rows();
    assert_eq!(lines.len(), 1001);
    // row 101: a wrong check character; row 502: an unknown county; row 903: a bad date
    let mut cells: Vec<String> = lines[100].split(',').map(str::to_owned).collect();
    let last = cells[0].pop().unwrap();
    cells[0].push(if last == '0' { '1' } else { '0' });
    lines[100] = cells.join(",");
    let mut cells: Vec<String> = lines[501].split(',').map(str::to_owned).collect();
    (cells[2], cells[3]) = ("火星区".into(), String::new());
    lines[501] = cells.join(",");
    let mut cells: Vec<String> = lines[902].split(',').map(str::to_owned).collect();
    cells[8] = "2020-13-45".into();
    lines[902] = cells.join(",");
    let bytes = lines.join("\n").into_bytes();
    let regions = region_index(db, &Actor::system()).await.unwrap();
    let checked = check(ImportKind::Enterprises, "bad.csv", &bytes, &regions, &mut |_| {}).unwrap();
    let lines: Vec<(usize, &str)> = checked
        .report
        .issues
        .iter()
        .map(|i| (i.line, i.column.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![(101, "统一社会信用代码"), (502, "所在县区"), (903, "成立日期")]
    );
    assert_eq!((checked.report.rows, checked.report.ok_rows), (1000, 997));
    assert!(import(db, ImportKind::Enterprises, "bad.csv", &bytes).await.is_err());
    assert_eq!(count(db).await, 0, "nothing imported");
    let xlsx = checked.report.to_xlsx().unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}

async fn real_world_shapes(t: TestDb) {
    let db = &t.db;
    demo_regions(db).await;
    let lines = thousand_rows();
    // GBK-encoded CSV, as saved by Excel on a Chinese Windows
    let gbk_text = lines[..4].join("\r\n");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&gbk_text);
    assert!(!lossy);
    assert_eq!(
        import(db, ImportKind::Enterprises, "企业.csv", &gbk)
            .await
            .unwrap()
            .created,
        3
    );
    // UTF-8 with BOM: one more row, the first three unchanged
    let bom = format!("\u{FEFF}{}\n{}\n", lines[..4].join("\n"), lines[4]);
    let c = import(db, ImportKind::Enterprises, "企业.csv", bom.as_bytes())
        .await
        .unwrap();
    assert_eq!((c.created, c.unchanged), (1, 3));
    // .xlsx with a merged group header above the column headers and blank trailing rows
    let header: Vec<&str> = lines[0].split(',').collect();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 4, "基本信息", &rust_xlsxwriter::Format::new())
        .unwrap();
    ws.merge_range(
        0,
        5,
        0,
        (header.len() - 1) as u16,
        "经营信息",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, line) in lines[5..9].iter().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32 + 2, c as u16, v).unwrap();
        }
    }
    for r in 6..12 {
        ws.write_string(r, 0, "").unwrap();
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let c = import(db, ImportKind::Enterprises, "企业名录.xlsx", &xlsx)
        .await
        .unwrap();
    assert_eq!(c.created, 4);
    assert_eq!(count(db).await, 8);
}

/// A file longer than several write batches: an error in its last rows (a bad
/// date, then a code repeated from the first row) comes after thousands of
/// rows went into the transaction, and none of them stays.
async fn a_late_error_undoes_batches_already_written(t: TestDb) {
    let db = &t.db;
    demo_regions(db).await;
    let n = kechuang_registry::check::STREAM_BATCH * 2 + 500;
    let mut lines = rows(n);
    let good = lines.join("\n").into_bytes();
    let mut cells: Vec<String> = lines[n - 10].split(',').map(str::to_owned).collect();
    cells[8] = "2020-02-30".into();
    lines[n - 10] = cells.join(",");
    let bad_date = lines.join("\n").into_bytes();
    let err = import(db, ImportKind::Enterprises, "late.csv", &bad_date)
        .await
        .unwrap_err();
    assert!(err.contains(&format!("line: {}", n - 9)), "{err}");
    assert_eq!(count(db).await, 0, "nothing of the first batches stays");

    let mut lines: Vec<String> = good
        .split(|b| *b == b'\n')
        .map(|l| String::from_utf8(l.to_vec()).unwrap())
        .collect();
    let first_code = lines[1].split(',').next().unwrap().to_owned();
    let mut cells: Vec<String> = lines[n].split(',').map(str::to_owned).collect();
    cells[0] = first_code;
    lines[n] = cells.join(",");
    let repeated = lines.join("\n").into_bytes();
    let err = import(db, ImportKind::Enterprises, "repeated.csv", &repeated)
        .await
        .unwrap_err();
    assert!(err.contains("duplicate within the file"), "{err}");
    assert_eq!(count(db).await, 0);

    let c = import(db, ImportKind::Enterprises, "good.csv", &good).await.unwrap();
    assert_eq!(c.created as usize, n);
    let again = import(db, ImportKind::Enterprises, "good.csv", &good).await.unwrap();
    assert_eq!(
        (again.created, again.unchanged as usize),
        (0, n),
        "all of them are there"
    );
}
