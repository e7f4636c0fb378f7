//! How soon a change is searchable (not a test; `cargo bench -p
//! kechuang-search --bench freshness`; base size with
//! `KECHUANG_BENCH_BASE`, default 20,000 published achievements; rounds with
//! `KECHUANG_BENCH_ROUNDS`, default 50).
//!
//! On SQLite and on PostgreSQL, two engines with on-disk indexes share one
//! database, as two `kechuang serve` instances do. Each round publishes one
//! achievement through the database, pokes engine A as the web handlers do
//! after a write, and measures from the commit until the achievement counts
//! in A's index (the writing instance) and in B's (another instance, which
//! finds the change by polling the change table every 500 ms; rounds start
//! at spread-out moments of that period).

use kechuang_market::store::prelude::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::testing::TestDb;
use kechuang_market::item::AchievementInput;
use kechuang_market::lifecycle::Actor as Who;
use kechuang_market::search::MarketIndex;
use kechuang_market::search::engine::Engine;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The labelled set's achievements as inputs (title, summary, field,
/// keywords, owner, maturity).
fn base_inputs() -> Vec<AchievementInput> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../market/relevance");
    let mut out = Vec::new();
    for name in ["achievements_a.csv", "achievements_b.csv"] {
        let mut r = csv::Reader::from_path(dir.join(name)).expect("relevance set");
        for rec in r.records() {
            let rec = rec.expect("csv row");
            out.push(AchievementInput {
                title: rec[1].to_owned(),
                summary: rec[2].to_owned(),
                field: rec[3].to_owned(),
                keywords: rec[4].to_owned(),
                owner_name: rec[5].to_owned(),
                maturity: rec[6].to_owned(),
                ..Default::default()
            });
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(name: &str, ms: &mut [f64]) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<44} p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
        percentile(ms, 0.5),
        percentile(ms, 0.99),
        ms[ms.len() - 1]
    );
}

/// Waits until `engine` counts `want` achievements; the time it took.
async fn until_counted(engine: &Engine, want: usize, since: Instant) -> f64 {
    loop {
        if engine.index.count("achievement").expect("count") >= want {
            return since.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(since.elapsed() < Duration::from_secs(30), "not indexed after 30 s");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

async fn run(backend: &str, t: TestDb, base: usize, rounds: usize) {
    let sys = Actor::system();
    let city =
        t.db.create_region(
            &sys,
            NewRegion {
                code: DivisionCode::parse("131000").unwrap(),
                name: "云州市".into(),
                name_en: String::new(),
                level: RegionLevel::City,
                parent_id: None,
            },
        )
        .await
        .unwrap()
        .id;
    let inputs = base_inputs();
    let rows: Vec<(i64, kechuang_market::item::Achievement)> = (0..base)
        .map(|k| {
            let mut a = inputs[k % inputs.len()].clone();
            a.title = format!("{}（{}）", a.title, k / inputs.len() + 1);
            (city, a.validate().expect("valid base row"))
        })
        .collect();
    t.db.import_achievements(&sys, &rows, kechuang_market::vocab::AchievementStatus::Published, None)
        .await
        .unwrap();

    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let second = Db::connect(&t.url).await.unwrap();
    let open = |dir: &std::path::Path| Arc::new(MarketIndex::open(Some(dir), 64 << 20).unwrap());
    let a = Engine::new(t.db.clone(), open(dirs.0.path()));
    let b = Engine::new(second, open(dirs.1.path()));
    a.catch_up().await.unwrap();
    b.catch_up().await.unwrap();
    let ta = tokio::spawn(a.clone().run());
    let tb = tokio::spawn(b.clone().run());
    let mut same = Vec::new();
    let mut other = Vec::new();
    for i in 0..rounds {
        // publish at different moments of the other instance's polling period
        tokio::time::sleep(Duration::from_millis((i as u64 * 137) % 500)).await;
        let want = a.index.count("achievement").unwrap() + 1;
        let mut input = inputs[i % inputs.len()].clone();
        input.title = format!("{}（新发布 {i}）", input.title);
        let id =
            t.db.create_achievement(
                &sys,
                city,
                &input.validate().unwrap(),
                kechuang_market::vocab::AchievementStatus::UnderReview,
            )
            .await
            .unwrap();
        let v = t.db.achievement(id).await.unwrap().version;
        t.db.set_achievement_status(
            &sys,
            id,
            v,
            kechuang_market::vocab::AchievementStatus::Published,
            Who::Reviewer,
            "",
            kechuang_kernel::clock::today(),
        )
        .await
        .unwrap();
        let committed = Instant::now();
        a.poke();
        same.push(until_counted(&a, want, committed).await);
        other.push(until_counted(&b, want, committed).await);
    }
    ta.abort();
    tb.abort();
    println!("{backend}: {base} achievements indexed, {rounds} published one at a time");
    summary("  searchable in the writing instance", &mut same);
    summary("  searchable in another instance", &mut other);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let base = env_usize("KECHUANG_BENCH_BASE", 20_000);
    let rounds = env_usize("KECHUANG_BENCH_ROUNDS", 50).max(1);
    run(
        "SQLite",
        TestDb::with("sqlite", kechuang_market::schema::SCHEMAS).await,
        base,
        rounds,
    )
    .await;
    run(
        "PostgreSQL",
        TestDb::with("postgres", kechuang_market::schema::SCHEMAS).await,
        base,
        rounds,
    )
    .await;
}
