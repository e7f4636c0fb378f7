//! Benchmark: parsing all five seed documents (text already decoded).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map(|it| {
            it.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

fn parse_all_seeds(c: &mut Criterion) {
    let docs = seeds();
    assert_eq!(docs.len(), 5, "expected five seed documents");
    c.bench_function("parse_five_seeds", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(kechuang_plans::parse_plan(black_box(d)));
            }
        })
    });
}

criterion_group!(benches, parse_all_seeds);
criterion_main!(benches);
