//! Indicators benchmark at scale (not a test; run with
//! `cargo bench --bench indicators`, size with `KECHUANG_BENCH_ENTERPRISES`,
//! default 1,000,000; set `KECHUANG_BENCH_DATABASE_URL` to an empty
//! PostgreSQL database to measure that backend instead of SQLite):
//!
//! 1. generates the demo city with that many enterprises and imports its
//!    regions, enterprises, yearly facts, certificates and platforms;
//! 2. times `kechuang indicators` for the city over six years: every
//!    indicator for the city and every county and year, with its peak
//!    memory, twice.

mod support;

use std::time::Instant;

/// `kechuang --database-url URL args…` (no URL: the default database).
fn run(url: &str, args: &[&str]) -> (f64, Option<u64>, String) {
    let mut all = Vec::new();
    if !url.is_empty() {
        all.extend(["--database-url", url]);
    }
    all.extend_from_slice(args);
    support::timed(&all)
}

/// The sheet split into files of at most 500,000 rows each (a sheet holds
/// at most 1,048,576 rows; three years of facts of a million firms hold
/// more), with the header repeated.
fn parts(file: &std::path::Path) -> Vec<std::path::PathBuf> {
    use std::io::{BufRead, BufReader, Write};
    const ROWS: usize = 500_000;
    let mut lines = BufReader::new(std::fs::File::open(file).expect("sheet")).lines();
    let header = lines.next().expect("a header").expect("text");
    let mut out = Vec::new();
    let mut w: Option<std::io::BufWriter<std::fs::File>> = None;
    for (i, line) in lines.enumerate() {
        if i % ROWS == 0 {
            let path = file.with_extension(format!("{}.csv", i / ROWS));
            let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("part"));
            writeln!(f, "{header}").expect("write");
            w = Some(f);
            out.push(path);
        }
        writeln!(w.as_mut().expect("open part"), "{}", line.expect("text")).expect("write");
    }
    out
}

fn main() {
    let n: u64 = std::env::var("KECHUANG_BENCH_ENTERPRISES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let url = std::env::var("KECHUANG_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("kc.db").display()));
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("indicators benchmark: {n} enterprises on {backend}");
    let (secs, _, _) = run(
        "",
        &[
            "demo",
            "generate",
            "--enterprises",
            &n.to_string(),
            "--out",
            data.to_str().unwrap(),
        ],
    );
    println!("generate: {secs:.1} s");
    let t = Instant::now();
    for (kind, file) in [
        ("regions", "regions.csv"),
        ("enterprises", "enterprises.csv"),
        ("facts", "enterprise_facts.csv"),
        ("certificates", "certificates.csv"),
        ("platforms", "platforms.csv"),
    ] {
        for part in parts(&data.join(file)) {
            run(&url, &["import", kind, part.to_str().unwrap()]);
        }
    }
    println!("import: {:.1} s", t.elapsed().as_secs_f64());
    for label in ["first", "second"] {
        let (secs, peak, out) = run(&url, &["indicators", "--region", "139900"]);
        let rows = out.lines().count().saturating_sub(1);
        let valued = out
            .lines()
            .skip(1)
            .filter(|l| l.split(',').nth(5).is_some_and(|v| !v.is_empty()))
            .count();
        println!(
            "indicators, city and every county, 5 years ({label}): {secs:.2} s, peak memory {:.0} MiB; \
             {rows} figures, {valued} with a value",
            peak.unwrap_or(0) as f64 / 1024.0
        );
    }
}
