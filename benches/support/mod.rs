//! What the benchmarks that drive the `kechuang` binary share: running it,
//! timed and under `/usr/bin/time` for its peak memory when available.

use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_kechuang");

/// Runs `kechuang args…` and fails on an error exit: (seconds, peak KiB
/// when `/usr/bin/time` measured it, standard output).
pub fn timed(args: &[&str]) -> (f64, Option<u64>, String) {
    let started = Instant::now();
    let mut cmd = if std::path::Path::new("/usr/bin/time").exists() {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("peak_kib=%M").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    let out = cmd.args(args).env("RUST_LOG", "warn").output().expect("run");
    let secs = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("peak_kib=").and_then(|v| v.trim().parse().ok()));
    (secs, peak, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `kechuang args…` and returns its standard output.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> String {
    timed(args).2
}
