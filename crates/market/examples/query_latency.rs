//! Search latency of the index alone (no HTTP, no database): builds an index
//! of `N` synthetic achievements (default 1,000,000) from the labelled
//! relevance set the way `cargo bench --bench market` does, then times the 50
//! labelled demands' whole texts, five rounds, 50 candidates each.
//!
//! `cargo run --release -p kechuang-search --example query_latency -- [N]`

use std::path::Path;
use std::time::Instant;

use kechuang_market::search::{Doc, MarketIndex, Search};
use kechuang_market::text::distinct_terms;

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

fn records(name: &str) -> Vec<csv::StringRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../market/relevance")
        .join(name);
    csv::Reader::from_path(&path)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let base: Vec<csv::StringRecord> = records("achievements_a.csv")
        .into_iter()
        .chain(records("achievements_b.csv"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let index = MarketIndex::open(Some(dir.path()), 64 << 20).unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let docs = (0..n).map(|k| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let b = &base[k % base.len()];
        let other = &base[(x as usize) % base.len()];
        let clause = other[2].split(['，', '。']).next().unwrap_or("");
        Doc {
            kind: "achievement".into(),
            id: k as i64 + 1,
            status: "published".into(),
            title: format!(
                "{}{}（{}）",
                PREFIXES[(x >> 20) as usize % PREFIXES.len()],
                &b[1],
                k / base.len() + 1
            ),
            keywords: b[4].replace(';', " "),
            body: format!("{}{}。", &b[2], clause),
            field: b[3].to_owned(),
            area: "local".into(),
            maturity: "pilot".into(),
            ..Default::default()
        }
    });
    let t = Instant::now();
    index.rebuild(docs, 1).unwrap();
    println!("built {n} in {:.1} s", t.elapsed().as_secs_f64());
    let queries: Vec<(Vec<String>, String)> = records("demands_a.csv")
        .into_iter()
        .chain(records("demands_b.csv"))
        .map(|r| (distinct_terms(&format!("{} {}", &r[1], &r[2])), r[3].to_owned()))
        .collect();
    for filtered in [false, true] {
        let mut ms = Vec::new();
        for round in 0..6 {
            for (terms, field) in &queries {
                let s = Search {
                    kind: "achievement".into(),
                    terms: terms.clone(),
                    field: filtered.then(|| field.clone()),
                    limit: 50,
                    ..Default::default()
                };
                let t = Instant::now();
                index.search(&s).unwrap();
                if round > 0 {
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
        }
        ms.sort_by(f64::total_cmp);
        let p = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
        println!("filtered {filtered}: p50 {:.1} ms, p99 {:.1} ms", p(0.5), p(0.99));
    }
}
