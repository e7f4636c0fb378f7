//! Technology-market benchmark at scale (not a test; run with
//! `cargo bench --bench market`, size with `KECHUANG_BENCH_ACHIEVEMENTS`,
//! default 1,000,000):
//!
//! 1. synthesises that many achievements from the relevance set's texts
//!    (`crates/market/relevance`: each is one listing's title and summary with
//!    a prefix, a series number and a clause of another listing, so words
//!    follow real frequencies) and imports them with `kechuang import
//!    achievements` into a fresh SQLite database;
//! 2. rebuilds the search index with `kechuang index rebuild`: build rate and
//!    peak memory;
//! 3. starts `kechuang serve` on it and sends the 50 labelled demands (title
//!    and description, with their field) to `/api/v1/market/match?top=10`,
//!    five rounds, one client: latency p50 / p99, then the server's resident
//!    memory;
//! 4. in the same run, the same queries with SQLite FTS5 (the jieba words of
//!    every achievement in an FTS5 table, `OR` of the query words, `bm25`
//!    order, one round) and with `LIKE '%word%'` over title, keywords and
//!    summary (the first ten rows found, and ranked by the number of words
//!    found, which reads every row).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_kechuang");
const PREFIXES: &[&str] = &[
    "",
    "新型",
    "高效",
    "智能",
    "低成本",
    "一种",
    "改进型",
    "绿色",
    "模块化",
    "便携式",
];

fn kechuang(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("RUST_LOG", "warn");
    c
}

/// Runs the binary under `/usr/bin/time`: (seconds, peak KiB, stdout).
fn timed(args: &[&str]) -> (f64, Option<u64>, String) {
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("peak_kib=%M")
        .arg(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run /usr/bin/time");
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak_kib="))
        .and_then(|v| v.trim().parse().ok());
    (secs, peak, String::from_utf8_lossy(&out.stdout).into_owned())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn records(name: &str) -> Vec<csv::StringRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/market/relevance")
        .join(name);
    csv::Reader::from_path(&path)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn summarize(name: &str, ms: &mut [f64]) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<44} {:>6} {:>9.1} {:>9.1}",
        ms.len(),
        percentile(ms, 0.5),
        percentile(ms, 0.99)
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("KECHUANG_BENCH_ACHIEVEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap().to_owned();

    // 1. synthesise and import
    let base: Vec<csv::StringRecord> = records("achievements_a.csv")
        .into_iter()
        .chain(records("achievements_b.csv"))
        .collect();
    let file = dir.path().join("achievements.csv");
    {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(&file).unwrap()));
        w.write_record(["成果名称", "成果简介", "技术领域", "关键词", "持有单位", "成熟度"])
            .unwrap();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for k in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let b = &base[k % base.len()];
            let other = &base[(x as usize) % base.len()];
            let clause = other[2].split(['，', '。']).next().unwrap_or("");
            let title = format!(
                "{}{}（{}）",
                PREFIXES[(x >> 20) as usize % PREFIXES.len()],
                &b[1],
                k / base.len() + 1
            );
            let summary = format!("{}{}。", &b[2], clause);
            w.write_record([title.as_str(), summary.as_str(), &b[3], &b[4], &b[5], &b[6]])
                .unwrap();
        }
        w.flush().unwrap();
    }
    let generated = dir.path().join("gen");
    let gen_dir = generated.to_str().unwrap();
    let out = kechuang(&["demo", "generate", "--enterprises", "10", "--out", gen_dir])
        .output()
        .unwrap();
    assert!(out.status.success());
    let regions = generated.join("regions.csv");
    assert!(
        kechuang(&["--data-dir", &d, "import", "regions", regions.to_str().unwrap()])
            .status()
            .unwrap()
            .success()
    );
    let bytes = std::fs::metadata(&file).unwrap().len();
    let (import_s, import_peak, _) = timed(&["--data-dir", &d, "import", "achievements", file.to_str().unwrap()]);
    println!(
        "import of {n} achievements ({:.0} MB CSV) with the first index build: {import_s:.1} s ({:.0} rows/s), peak {} MiB",
        bytes as f64 / 1e6,
        n as f64 / import_s,
        import_peak.unwrap_or(0) / 1024
    );

    // 2. index build alone
    let (build_s, build_peak, out) = timed(&["--data-dir", &d, "index", "rebuild"]);
    println!(
        "index rebuild: {build_s:.1} s ({:.0} items/s), peak {} MiB — {}",
        n as f64 / build_s,
        build_peak.unwrap_or(0) / 1024,
        out.trim()
    );
    let index_bytes: u64 = std::fs::read_dir(data.join("market-index"))
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("index on disk: {} MiB", index_bytes / (1 << 20));

    // 3. matching latency through the server
    let demands: Vec<csv::StringRecord> = records("demands_a.csv")
        .into_iter()
        .chain(records("demands_b.csv"))
        .collect();
    let queries: Vec<(String, String)> = demands
        .iter()
        .map(|r| (format!("{} {}", &r[1], &r[2]), r[3].to_owned()))
        .collect();
    let mut server = kechuang(&["--data-dir", &d, "serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("server output").expect("line");
        if let Some(a) = line.split("http://").nth(1) {
            break a.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/api/v1/market/match");
    for (text, field) in &queries {
        // warm-up round
        let _ = client
            .get(&url)
            .query(&[("text", text), ("field", field)])
            .send()
            .await
            .unwrap()
            .bytes()
            .await;
    }
    let mut ms = Vec::new();
    let mut ms_nofield = Vec::new();
    for _ in 0..5 {
        for (text, field) in &queries {
            let t = Instant::now();
            let resp = client
                .get(&url)
                .query(&[("text", text.as_str()), ("top", "10")])
                .send()
                .await
                .unwrap();
            assert!(resp.status().is_success());
            let _ = resp.bytes().await.unwrap();
            ms_nofield.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let resp = client
                .get(&url)
                .query(&[("text", text.as_str()), ("top", "10"), ("field", field.as_str())])
                .send()
                .await
                .unwrap();
            assert!(resp.status().is_success());
            let _ = resp.bytes().await.unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    let mem: Vec<String> = status
        .lines()
        .filter(|l| {
            l.starts_with("VmRSS") || l.starts_with("RssAnon") || l.starts_with("RssFile") || l.starts_with("VmHWM")
        })
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let _ = server.kill();
    let _ = server.wait();
    println!("server memory after the queries: {}", mem.join(", "));
    println!(
        "\n{:<44} {:>6} {:>9} {:>9}",
        "top-10 matching", "count", "p50 ms", "p99 ms"
    );
    summarize("kechuang (HTTP API, whole text)", &mut ms_nofield);
    summarize("kechuang (HTTP API, whole text, field filter)", &mut ms);

    // 4. the same queries with FTS5 and LIKE
    let db = kechuang_kernel::Db::open_sqlite(&data.join("kechuang.db"))
        .await
        .unwrap();
    let kechuang_kernel::Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    let started = Instant::now();
    sqlx::query("CREATE VIRTUAL TABLE bench_fts USING fts5(words, tokenize = 'unicode61')")
        .execute(pool)
        .await
        .unwrap();
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, title, keywords, summary FROM achievements WHERE id > ? ORDER BY id LIMIT 5000")
                .bind(after)
                .fetch_all(pool)
                .await
                .unwrap();
        let Some(last) = rows.last() else { break };
        after = last.0;
        let segmented: Vec<(i64, String)> = rows
            .into_iter()
            .map(|(id, t, k, s)| {
                let words: Vec<String> = kechuang_market::text::terms(&format!("{t} {k} {s}"))
                    .into_iter()
                    .map(|w| w.text)
                    .collect();
                (id, words.join(" "))
            })
            .collect();
        let mut tx = pool.begin().await.unwrap();
        for (id, words) in segmented {
            sqlx::query("INSERT INTO bench_fts (rowid, words) VALUES (?, ?)")
                .bind(id)
                .bind(words)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    println!(
        "\nFTS5 table of jieba words built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut fts = Vec::new();
    {
        for (text, _) in &queries {
            let words: Vec<String> = kechuang_market::text::distinct_terms(text)
                .into_iter()
                .map(|w| format!("\"{}\"", w.replace('"', "")))
                .collect();
            let q = words.join(" OR ");
            let t = Instant::now();
            let _: Vec<(i64,)> =
                sqlx::query_as("SELECT rowid FROM bench_fts WHERE bench_fts MATCH ? ORDER BY bm25(bench_fts) LIMIT 10")
                    .bind(q)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            fts.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let mut like = Vec::new();
    let mut like_ranked = Vec::new();
    for r in demands.iter().take(10) {
        let kw: Vec<String> = if r[4].is_empty() {
            vec![r[1].to_owned()]
        } else {
            r[4].split(';').map(str::to_owned).collect()
        };
        let cond: Vec<String> = kw
            .iter()
            .map(|_| "(title LIKE ? OR keywords LIKE ? OR summary LIKE ?)".to_owned())
            .collect();
        let sql = format!("SELECT id FROM achievements WHERE {} LIMIT 10", cond.join(" OR "));
        let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
        for k in &kw {
            let p = format!("%{k}%");
            q = q.bind(p.clone()).bind(p.clone()).bind(p);
        }
        let t = Instant::now();
        let _ = q.fetch_all(pool).await.unwrap();
        like.push(t.elapsed().as_secs_f64() * 1000.0);
        // ranked: the number of words each row contains, which reads every row
        let score: Vec<String> = kw
            .iter()
            .map(|_| "(title LIKE ? OR keywords LIKE ? OR summary LIKE ?)".to_owned())
            .collect();
        let sql = format!(
            "SELECT id FROM achievements WHERE {} ORDER BY {} DESC, id LIMIT 10",
            cond.join(" OR "),
            score.join(" + ")
        );
        let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
        for _ in 0..2 {
            for k in &kw {
                let p = format!("%{k}%");
                q = q.bind(p.clone()).bind(p.clone()).bind(p);
            }
        }
        let t = Instant::now();
        let _ = q.fetch_all(pool).await.unwrap();
        like_ranked.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    summarize("SQLite FTS5 over jieba words (in process)", &mut fts);
    summarize("SQLite LIKE, first 10 found (in process)", &mut like);
    summarize("SQLite LIKE, ranked by words found (in process)", &mut like_ranked);
    let _ = std::io::stdout().flush();
}
