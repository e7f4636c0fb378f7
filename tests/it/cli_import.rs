//! `kechuang import` end to end: a dry run with its report, a commit, a
//! re-import that changes nothing, a file with a bad row (nothing written),
//! and a process killed in the middle of writing (nothing half-written).

use crate::support::{kechuang, run_ok};
use kechuang_market::store::prelude::*;
use std::time::{Duration, Instant};

async fn enterprise_count(db_file: &std::path::Path) -> i64 {
    let db = kechuang_kernel::Db::connect(&format!("sqlite://{}", db_file.display()))
        .await
        .unwrap();
    let scope = kechuang_kernel::region::RegionPath::from_stored("/130000/".into());
    let filter = kechuang_registry::store::EnterpriseFilter {
        limit: 1,
        ..Default::default()
    };
    db.enterprises(&kechuang_kernel::scope::Scope::of(&scope), &filter)
        .await
        .unwrap()
        .1
}

fn generate(dir: &std::path::Path, n: &str) -> std::path::PathBuf {
    let out = dir.join(format!("data{n}"));
    run_ok(&["demo", "generate", "--enterprises", n, "--out", out.to_str().unwrap()]);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_commit_reimport_and_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate(dir.path(), "3000");
    let db_file = dir.path().join("kc.db");
    let url = format!("sqlite://{}", db_file.display());
    let file = |name: &str| data.join(name).to_str().unwrap().to_owned();
    run_ok(&["--database-url", &url, "import", "regions", &file("regions.csv")]);
    let report = dir.path().join("report.xlsx");
    let out = run_ok(&[
        "--database-url",
        &url,
        "import",
        "enterprises",
        &file("enterprises.csv"),
        "--dry-run",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(out.contains("3000 行 / rows") && out.contains("0 个错误"), "{out}");
    assert!(std::fs::read(&report).unwrap().starts_with(b"PK"));
    assert_eq!(enterprise_count(&db_file).await, 0, "a dry run writes nothing");
    let out = run_ok(&[
        "--database-url",
        &url,
        "import",
        "enterprises",
        &file("enterprises.csv"),
    ]);
    assert!(out.contains("新增 / created 3000"), "{out}");
    let out = run_ok(&[
        "--database-url",
        &url,
        "import",
        "enterprises",
        &file("enterprises.csv"),
    ]);
    assert!(
        out.contains("新增 / created 0, 更新 / updated 0, 未变 / unchanged 3000"),
        "{out}"
    );
    for kind in [
        "facts",
        "certificates",
        "platforms",
        "experts",
        "institutions",
        "agencies",
        "investors",
    ] {
        let name = match kind {
            "facts" => "enterprise_facts.csv",
            "agencies" => "service_agencies.csv",
            other => &format!("{other}.csv"),
        };
        let out = run_ok(&["--database-url", &url, "import", kind, &file(name)]);
        assert!(out.contains("已导入 / imported"), "{kind}: {out}");
    }
    // one bad row: nothing from the file is written, the row is named
    let text = std::fs::read_to_string(file("enterprises.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[1] = lines[1].replacen(&lines[1][..18].to_owned(), "91139900MA0000000X", 1);
    lines[2] = lines[2].replace("云州", "雲州");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let out = kechuang()
        .args(["--database-url", &url, "import", "enterprises", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第 2 行") && stdout.contains("1 个错误"), "{stdout}");
    let db = kechuang_kernel::Db::connect(&url).await.unwrap();
    let renamed = lines[2]
        .split(',')
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .to_owned();
    let e = db
        .enterprise_by_code(&kechuang_kernel::credit_code::CreditCode::parse(&renamed).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        e.name.contains("云州"),
        "the good rows of a bad file are not written either"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_import_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = generate(dir.path(), "60000");
    let db_file = dir.path().join("kc.db");
    let url = format!("sqlite://{}", db_file.display());
    let file = |name: &str| data.join(name).to_str().unwrap().to_owned();
    run_ok(&["--database-url", &url, "import", "regions", &file("regions.csv")]);
    let mut child = kechuang()
        .args([
            "--database-url",
            &url,
            "import",
            "enterprises",
            &file("enterprises.csv"),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until rows are being written (the write-ahead log grows), then kill
    let wal = dir.path().join("kc.db-wal");
    let started = Instant::now();
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size > 2_000_000 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        enterprise_count(&db_file).await,
        0,
        "an interrupted import writes nothing"
    );
    let out = run_ok(&[
        "--database-url",
        &url,
        "import",
        "enterprises",
        &file("enterprises.csv"),
    ]);
    assert!(out.contains("新增 / created 60000"), "{out}");
}
