//! The `kechuang` binary end to end: global options, configuration output,
//! backup and restore (SQLite to PostgreSQL), demo data, `serve --demo`, and
//! graceful shutdown on SIGTERM with a request in flight.

use kechuang_kernel::testing::TestDb;

use crate::support::{kechuang, run_ok, serve, wait_exit};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[test]
fn global_options_and_masked_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    // the same database whether --data-dir comes before or after the subcommand
    run_ok(&[
        "--data-dir",
        d,
        "region",
        "add",
        "--code",
        "131000",
        "--name",
        "廊坊市",
        "--level",
        "city",
    ]);
    run_ok(&[
        "region",
        "add",
        "--code",
        "131022",
        "--name",
        "固安县",
        "--level",
        "county",
        "--parent",
        "廊坊市",
        "--data-dir",
        d,
    ]);
    let list = run_ok(&["region", "list", "--data-dir", d]);
    assert!(
        list.contains("131000 廊坊市") && list.contains("131022 固安县"),
        "{list}"
    );
    let cfg = run_ok(&["--database-url", "postgres://kc:topsecret@db.example:5432/kc", "config"]);
    assert!(
        cfg.contains("kc:****@db.example") && !cfg.contains("topsecret"),
        "{cfg}"
    );
    assert!(Path::new(d).join("kechuang.db").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_then_restore_into_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_owned();
    let backup = dir.path().join("kechuang-backup.jsonl");
    let pg = TestDb::empty("postgres").await;
    let (d2, b2, pg_url) = (d.clone(), backup.to_str().unwrap().to_owned(), pg.url.clone());
    tokio::task::spawn_blocking(move || {
        run_ok(&[
            "--data-dir",
            &d2,
            "region",
            "add",
            "--code",
            "131000",
            "--name",
            "廊坊市",
            "--level",
            "city",
        ]);
        let out = run_ok(&[
            "--data-dir",
            &d2,
            "user",
            "add",
            "--username",
            "chief",
            "--role",
            "bureau_admin",
            "--name",
            "局长",
        ]);
        assert!(out.contains("初始密码"), "{out}");
        run_ok(&["--data-dir", &d2, "backup", "--to", &b2]);
        let restored = run_ok(&["restore", "--from", &b2, "--database-url", &pg_url]);
        assert!(restored.contains("users: 1"), "{restored}");
        let users = run_ok(&["user", "list", "--database-url", &pg_url]);
        assert!(users.contains("chief\tbureau_admin\t廊坊市"), "{users}");
        // restoring twice is refused and changes nothing
        let again = kechuang()
            .args(["restore", "--from", &b2, "--database-url", &pg_url])
            .output()
            .unwrap();
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("不为空"));
    })
    .await
    .unwrap();
    let filter = kechuang_kernel::audit::AuditFilter {
        limit: 100,
        ..Default::default()
    };
    let audit = pg.db.audit_entries(None, &filter).await.unwrap();
    assert_eq!(audit[0].action, "restore", "the restore is recorded");
    assert!(audit.iter().any(|e| e.entity == "user" && e.action == "create"));
}

#[test]
fn demo_generate_writes_marked_synthetic_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    run_ok(&[
        "demo",
        "generate",
        "--enterprises",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    let readme = std::fs::read_to_string(out.join("README.txt")).unwrap();
    assert!(readme.contains("合成"));
    let ents = std::fs::read_to_string(out.join("enterprises.csv")).unwrap();
    assert!(ents.starts_with('\u{feff}'));
    assert_eq!(ents.lines().count(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_and_sigterm_finishes_in_flight_requests() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(&["--demo", "--data-dir", dir.path().to_str().unwrap()]);
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let regions: serde_json::Value = client
        .get(format!("{base}/api/v1/regions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(regions.as_array().unwrap().iter().any(|r| r["name"] == "云州市"));
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("演示数据"));
    let marker = "name=\"csrf-token\" content=\"";
    let csrf = page[page.find(marker).unwrap() + marker.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let pre_cookie = format!("kc_pre={csrf}");

    // a sign-in request whose body is still arriving when SIGTERM comes
    let body = format!("_csrf={csrf}&username=admin&password=kechuang-demo&next=%2F");
    let (head, tail) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nCookie: {pre_cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(500));
    // still running: it waits for the in-flight request
    assert!(
        child.try_wait().unwrap().is_none(),
        "server exited with a request in flight"
    );
    stream.write_all(tail.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 303"), "{response}");
    assert!(
        response.contains("kc_session="),
        "signed in during shutdown: {response}"
    );
    let status = wait_exit(&mut child, Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
    // and new connections are refused afterwards
    assert!(TcpStream::connect(&addr).is_err());
}

#[test]
fn plan_parse_prints_the_documented_json() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/plans/tests/fixtures/seeds/001_2765f1bceae594eb.txt"
    );
    let out = run_ok(&["plan", "parse", seed, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["doc_number"], "洛政〔2019〕16号");
    for key in ["title", "issued_on", "targets", "tasks", "incentives"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let t = &v["targets"][0];
    for key in [
        "indicator",
        "baseline",
        "target_value",
        "unit",
        "target_year",
        "kind",
        "source_text",
    ] {
        assert!(t.get(key).is_some(), "target missing {key}");
    }
}

#[test]
fn assess_commands_print_the_json_reports() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/cultivation/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let kind = if name.starts_with("hte") {
            "hte"
        } else if name.starts_with("tech-sme") {
            "tech-sme"
        } else {
            continue;
        };
        if !name.ends_with(".input.json") {
            continue;
        }
        let out = run_ok(&["assess", kind, path.to_str().unwrap()]);
        let got: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
        let expected_path = path.to_str().unwrap().replace(".input.json", ".expected.json");
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
        assert_eq!(got, expected, "{name}");
        seen += 1;
    }
    assert!(seen >= 2);
    let bad = kechuang()
        .args(["assess", "hte", "/nonexistent.json"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}
