//! Registry benchmark at scale (not a test; run with
//! `cargo bench --bench registry`, size with `KECHUANG_BENCH_ENTERPRISES`,
//! default 1,000,000, repetitions of the import with `KECHUANG_BENCH_REPS`,
//! default 3):
//!
//! 1. generates the demo city with that many enterprises;
//! 2. imports `enterprises.csv` into a fresh SQLite database with
//!    `kechuang import` and, in the same run, the same rows with the sqlite3
//!    shell's `.import` into a table keyed by the credit code (the floor for
//!    an upsert), alternating, and reports the medians, rows/s, their ratio
//!    and the import's peak memory;
//! 3. starts the server on that database and measures list and search
//!    latency (p50, p99) with concurrent clients.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kechuang");

fn kechuang(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("RUST_LOG", "warn");
    c
}

fn run(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `c` under `/usr/bin/time -f %M` when available: (seconds, peak KiB).
fn timed(program: &str, args: &[String]) -> (f64, Option<u64>) {
    let started = Instant::now();
    let has_time = std::path::Path::new("/usr/bin/time").exists();
    let out = if has_time {
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("peak_kib=%M")
            .arg(program)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
    } else {
        Command::new(program).args(args).output()
    }
    .expect("run");
    let secs = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("peak_kib=").and_then(|v| v.trim().parse().ok()));
    (secs, peak)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let n: u64 = std::env::var("KECHUANG_BENCH_ENTERPRISES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    println!("registry benchmark: {n} enterprises in {}", dir.path().display());
    let t = Instant::now();
    run(&mut kechuang(&[
        "demo",
        "generate",
        "--enterprises",
        &n.to_string(),
        "--out",
        data.to_str().unwrap(),
    ]));
    println!("generate: {:.1} s", t.elapsed().as_secs_f64());
    let csv = data.join("enterprises.csv");
    let reps: usize = std::env::var("KECHUANG_BENCH_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);

    // 2. import vs the sqlite3 shell, alternating, each into a fresh file;
    // the machine's speed drifts, so medians of `reps` runs are compared.
    let has_sqlite3 = Command::new("sqlite3").arg("-version").output().is_ok();
    let rows = dir.path().join("rows.csv");
    if has_sqlite3 {
        let body = std::fs::read_to_string(&csv).expect("csv");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&rows).expect("rows"));
        for line in body.trim_start_matches('\u{feff}').lines().skip(1) {
            writeln!(f, "{line}").expect("write");
        }
    }
    let (mut ours, mut floors, mut peak_kib) = (Vec::new(), Vec::new(), 0u64);
    let mut url = String::new();
    for rep in 0..reps {
        let db_file = dir.path().join(format!("kc{rep}.db"));
        url = format!("sqlite://{}", db_file.display());
        run(&mut kechuang(&[
            "--database-url",
            &url,
            "import",
            "regions",
            data.join("regions.csv").to_str().unwrap(),
        ]));
        let args: Vec<String> = ["--database-url", &url, "import", "enterprises", csv.to_str().unwrap()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (secs, peak) = timed(BIN, &args);
        peak_kib = peak_kib.max(peak.unwrap_or(0));
        ours.push(secs);
        print!(
            "run {}: kechuang import {secs:.1} s ({:.0} rows/s)",
            rep + 1,
            n as f64 / secs
        );
        if rep + 1 < reps {
            let _ = std::fs::remove_file(&db_file);
        }
        if has_sqlite3 {
            let floor = dir.path().join("floor.db");
            let _ = std::fs::remove_file(&floor);
            let args: Vec<String> = vec![
                floor.to_str().unwrap().into(),
                "CREATE TABLE e (credit_code TEXT PRIMARY KEY, name, county_name, county_code, address, \
                 industry_code, industry_name, chains, founded_on, size, above_scale, listed, listing_reserve, \
                 legal_rep, contact_name, contact_phone);"
                    .into(),
                ".mode csv".into(),
                format!(".import {} e", rows.display()),
            ];
            let (floor_secs, _) = timed("sqlite3", &args);
            floors.push(floor_secs);
            print!(", sqlite3 .import {floor_secs:.1} s");
        }
        println!();
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let secs = median(&mut ours);
    println!(
        "kechuang import enterprises (median of {reps}): {secs:.1} s, {:.0} rows/s, peak memory {:.0} MiB",
        n as f64 / secs,
        peak_kib as f64 / 1024.0
    );
    if has_sqlite3 {
        let floor_secs = median(&mut floors);
        println!(
            "sqlite3 .import (floor, median of {reps}): {floor_secs:.1} s, {:.0} rows/s; kechuang / floor = {:.2}x",
            n as f64 / floor_secs,
            secs / floor_secs
        );
    } else {
        println!("sqlite3 shell not installed: floor not measured");
    }

    // 3. list and search latency under concurrent load
    let mut add = kechuang(&[
        "--database-url",
        &url,
        "user",
        "add",
        "--username",
        "bench",
        "--role",
        "bureau_staff",
        "--county",
        "139900",
        "--password-stdin",
    ]);
    add.stdin(Stdio::piped()).stdout(Stdio::null());
    let mut child = add.spawn().expect("user add");
    child.stdin.take().unwrap().write_all(b"Load-test-pw-9\n").unwrap();
    assert!(child.wait().unwrap().success());
    let mut server = kechuang(&["--database-url", &url, "serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("server output").expect("line");
        if let Some(a) = line.split("http://").nth(1) {
            break a.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let login = client
        .get(format!("http://{addr}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = login
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let resp = client
        .post(format!("http://{addr}/login"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "bench"),
            ("password", "Load-test-pw-9"),
        ])
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success() || resp.status().is_redirection());
    let queries: Vec<(&str, String)> = vec![
        ("list page 1", "/api/v1/enterprises".into()),
        ("list page 500", "/api/v1/enterprises?page=500".into()),
        ("list county", "/api/v1/enterprises?region_id=3".into()),
        ("list sort updated", "/api/v1/enterprises?sort=updated".into()),
        (
            "filter HTE",
            "/api/v1/enterprises?certificate=high_tech_enterprise".into(),
        ),
        ("search code prefix", "/api/v1/enterprises?q=91139922".into()),
        ("search name (Simplified)", "/api/v1/enterprises?q=云州华".into()),
        ("search name (Traditional)", "/api/v1/enterprises?q=雲州華".into()),
        ("list page (HTML)", "/registry/enterprises".into()),
    ];
    let concurrency: usize = std::env::var("KECHUANG_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let duration = Duration::from_secs(20);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let client = client.clone();
        let queries = queries.clone();
        let addr = addr.clone();
        tasks.push(tokio::spawn(async move {
            let mut samples: Vec<(usize, f64)> = Vec::new();
            let mut i = w;
            while started.elapsed() < duration {
                let q = i % queries.len();
                let t = Instant::now();
                let resp = client
                    .get(format!("http://{addr}{}", queries[q].1))
                    .send()
                    .await
                    .unwrap();
                assert!(resp.status().is_success(), "{}: {}", queries[q].1, resp.status());
                let _ = resp.bytes().await.unwrap();
                samples.push((q, t.elapsed().as_secs_f64() * 1000.0));
                i += 1;
            }
            samples
        }));
    }
    let mut all: Vec<(usize, f64)> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let _ = server.kill();
    println!(
        "\nlatency under load: {concurrency} clients for {} s, {} requests, {:.0} req/s",
        duration.as_secs(),
        all.len(),
        all.len() as f64 / duration.as_secs_f64()
    );
    println!("{:<28} {:>8} {:>10} {:>10}", "query", "count", "p50 ms", "p99 ms");
    for (q, (name, _)) in queries.iter().enumerate() {
        let mut v: Vec<f64> = all.iter().filter(|(i, _)| *i == q).map(|(_, ms)| *ms).collect();
        v.sort_by(f64::total_cmp);
        println!(
            "{name:<28} {:>8} {:>10.1} {:>10.1}",
            v.len(),
            percentile(&v, 0.5),
            percentile(&v, 0.99)
        );
    }
    let mut v: Vec<f64> = all.iter().map(|(_, ms)| *ms).collect();
    v.sort_by(f64::total_cmp);
    println!(
        "{:<28} {:>8} {:>10.1} {:>10.1}",
        "all",
        v.len(),
        percentile(&v, 0.5),
        percentile(&v, 0.99)
    );
}
