//! Runs the headless-Chromium tests in `tests/browser/` (Playwright driving
//! Debian's chromium) against a real `kechuang serve --demo`.
//!
//! Needs `node`, `/usr/bin/chromium` (or `CHROMIUM`) and
//! `npm ci --prefix tests/browser`; `.ci/run` installs all three. A missing
//! piece fails the test with instructions; it is never skipped.

use crate::support::{serve, wait_exit};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[test]
fn web_ui_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = root.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "chromium not found at {chromium}: `apt-get install chromium fonts-noto-cjk` (or set CHROMIUM)"
    );
    assert!(
        suite.join("node_modules/playwright-core").exists(),
        "browser test dependencies missing: run `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser`"
    );
    let dir = tempfile::tempdir().unwrap();
    let (mut server, addr) = serve(&["--demo", "--data-dir", dir.path().to_str().unwrap()]);
    let shots = root.join("target/browser-screenshots");
    let _ = std::fs::create_dir_all(&shots);
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .current_dir(&suite)
        .env("KC_BASE_URL", format!("http://{addr}"))
        .env("CHROMIUM", &chromium)
        .env("KC_SCREENSHOT_DIR", &shots)
        .output()
        .expect("node must be installed to run the browser tests");
    let _ = Command::new("kill").args(["-TERM", &server.id().to_string()]).status();
    wait_exit(&mut server, Duration::from_secs(20));
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert!(report.contains("# fail 0"), "{report}");
}
