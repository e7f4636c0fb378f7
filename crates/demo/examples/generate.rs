//! Writes a synthetic data set: `generate [ENTERPRISES] [OUT_DIR] [SEED]`.
//! Defaults: 300 enterprises into `./demo-data` with the default seed.

use std::path::PathBuf;
use std::time::Instant;

use kechuang_demo::{DEFAULT_SEED, GenerateOptions, generate_to_dir};

fn main() {
    let mut args = std::env::args().skip(1);
    let enterprises: u64 = args.next().map_or(300, |a| a.parse().expect("ENTERPRISES is a number"));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "demo-data".into()));
    let seed: u64 = args
        .next()
        .map_or(DEFAULT_SEED, |a| a.parse().expect("SEED is a number"));
    let opts = GenerateOptions {
        enterprises,
        seed,
        ..GenerateOptions::default()
    };
    let start = Instant::now();
    let summary = generate_to_dir(&opts, &out, &mut |n| {
        if n % 100_000 == 0 {
            eprintln!("{n} enterprises");
        }
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let secs = start.elapsed().as_secs_f64();
    println!("{summary:?}");
    println!(
        "{} rows in {secs:.2} s ({:.0} rows/s, {:.0} enterprises/s)",
        summary.total_rows(),
        summary.total_rows() as f64 / secs,
        enterprises as f64 / secs
    );
}
