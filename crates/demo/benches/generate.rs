//! Benchmark: streaming 100,000 enterprises (and everything that scales
//! with them) to CSV files in a temporary directory.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kechuang_demo::{GenerateOptions, generate_to_dir};

const ENTERPRISES: u64 = 100_000;

fn out_dir() -> PathBuf {
    std::env::temp_dir().join(format!("kechuang-demo-bench-{}", std::process::id()))
}

fn generate(c: &mut Criterion) {
    let opts = GenerateOptions::new(ENTERPRISES);
    let dir = out_dir();
    let rows = generate_to_dir(&opts, &dir, &mut |_| {})
        .expect("generate")
        .total_rows();
    let mut group = c.benchmark_group("generate_to_dir");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Elements(rows));
    group.bench_function("100k_enterprises", |b| {
        b.iter(|| generate_to_dir(&opts, &dir, &mut |_| {}).expect("generate"))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, generate);
criterion_main!(benches);
