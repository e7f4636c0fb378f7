//! Incentives benchmark at scale (not a test; run with
//! `cargo bench --bench incentives`, size with `KECHUANG_BENCH_ENTERPRISES`,
//! default 1,000,000):
//!
//! 1. generates the demo city with that many enterprises and imports its
//!    regions, enterprises, certificates and platforms into a fresh SQLite
//!    database;
//! 2. applies every shipped rule set in the city (the draft for previews)
//!    over the last three years and the next;
//! 3. times `kechuang incentive run` (what the nightly run does: every rule
//!    over the whole registry) with its peak memory, on the cold database and
//!    again on the unchanged one.

mod support;

use std::time::Instant;
use support::{run, timed};

fn main() {
    let n: u64 = std::env::var("KECHUANG_BENCH_ENTERPRISES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    println!("incentives benchmark: {n} enterprises in {}", dir.path().display());
    let t = Instant::now();
    run(&[
        "demo",
        "generate",
        "--enterprises",
        &n.to_string(),
        "--out",
        data.to_str().unwrap(),
    ]);
    println!("generate: {:.1} s", t.elapsed().as_secs_f64());
    let url = format!("sqlite://{}", dir.path().join("kc.db").display());
    let t = Instant::now();
    for (kind, file) in [
        ("regions", "regions.csv"),
        ("enterprises", "enterprises.csv"),
        ("certificates", "certificates.csv"),
        ("platforms", "platforms.csv"),
    ] {
        run(&[
            "--database-url",
            &url,
            "import",
            kind,
            data.join(file).to_str().unwrap(),
        ]);
    }
    println!(
        "import regions, enterprises, certificates, platforms: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let from = format!("{}-01-01", chrono::Datelike::year(&today) - 3);
    let to = (today + chrono::Days::new(365)).to_string();
    for (set, mode) in [
        ("panjin-2019", "in_force"),
        ("luoyang-2019", "in_force"),
        ("langfang-2021", "preview"),
    ] {
        run(&[
            "--database-url",
            &url,
            "incentive",
            "enact",
            "--set",
            set,
            "--city",
            "139900",
            "--from",
            &from,
            "--to",
            &to,
            "--mode",
            mode,
        ]);
    }
    for label in ["cold", "unchanged registry"] {
        let (secs, peak, out) = timed(&["--database-url", &url, "incentive", "run"]);
        let report: serde_json::Value = serde_json::from_str(&out).expect("report");
        println!(
            "incentive run ({label}): {secs:.1} s, peak memory {:.0} MiB; events read {}, entitlements added {}, \
             computed {}, told {}, withheld {}",
            peak.unwrap_or(0) as f64 / 1024.0,
            report["events_read"],
            report["added"],
            report["computed"],
            report["told"],
            report["withheld"],
        );
    }
}
