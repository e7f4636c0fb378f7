//! Helpers shared by the end-to-end tests: running the `kechuang` binary and
//! starting a server on a free port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn kechuang() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kechuang"));
    c.env_remove("KECHUANG_DATABASE_URL")
        .env_remove("KECHUANG_DATA_DIR")
        .env("RUST_LOG", "warn");
    c
}

pub fn run_ok(args: &[&str]) -> String {
    let out = kechuang().args(args).output().expect("run kechuang");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "kechuang {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Starts `kechuang serve` and returns the child and its address.
pub fn serve(args: &[&str]) -> (Child, String) {
    let mut child = kechuang()
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(addr) = line.split("http://").nth(1) {
            // keep draining stdout so the server never blocks on a full pipe
            std::thread::spawn(move || for _ in lines {});
            return (child, addr.trim().to_owned());
        }
    }
    let _ = child.kill();
    panic!("server did not report its address");
}

pub fn wait_exit(child: &mut Child, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("server did not exit within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
