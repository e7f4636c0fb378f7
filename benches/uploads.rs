//! Upload bombs against the import path, with the peak memory of each
//! refusal (not a test; run with `cargo bench --bench uploads`): an .xlsx
//! whose one shared string unpacks to 600 MiB (the probe's file), one whose
//! sheet unpacks past the 512 MiB bound, one with 2,000,000 rows, and
//! a CSV with a 50 MB cell. Each is imported with `kechuang import
//! enterprises` (the same reader the web upload uses) into a fresh SQLite
//! database and must be refused; the table gives the time and peak memory.

use std::io::Write;
use std::process::Command;
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_kechuang");

/// One row of one inline-string cell.
const ROW: &[u8] = b"<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>";

/// An .xlsx-shaped archive whose `entry` holds `size` bytes of `fill`.
fn archive(entry: &str, prefix: &str, fill: &[u8], size: usize, suffix: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("[Content_Types].xml", opts).expect("zip");
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").expect("zip");
        zip.start_file(entry, opts).expect("zip");
        zip.write_all(prefix.as_bytes()).expect("zip");
        let chunk: Vec<u8> = fill.iter().copied().cycle().take(1 << 20).collect();
        let mut left = size;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).expect("zip");
            left -= n;
        }
        zip.write_all(suffix.as_bytes()).expect("zip");
        zip.finish().expect("zip");
    }
    out.into_inner()
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut big_cell = String::from("统一社会信用代码,企业名称\n91130100MA07L3KP8X,");
    big_cell.push_str(&"科".repeat(50 * 1024 * 1024 / 3));
    big_cell.push('\n');
    let files: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "one shared string of 600 MiB",
            "string.xlsx",
            archive(
                "xl/sharedStrings.xml",
                "<sst><si><t>",
                b"A",
                600 << 20,
                "</t></si></sst>",
            ),
        ),
        (
            "a sheet unpacking to 530 MiB",
            "size.xlsx",
            archive(
                "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData>",
                b"<row/>",
                530 << 20,
                "</sheetData></worksheet>",
            ),
        ),
        (
            "2,000,000 rows of one cell",
            "rows.xlsx",
            archive(
                "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData>",
                ROW,
                2_000_000 * ROW.len(),
                "</sheetData></worksheet>",
            ),
        ),
        ("a CSV cell of 50 MB", "cell.csv", big_cell.into_bytes()),
    ];
    println!("| file | packed | refused in | peak memory | message |");
    println!("|---|---|---|---|---|");
    for (what, name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let data = dir.path().join(format!("db-{name}"));
        let started = Instant::now();
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("peak_kib=%M")
            .arg(BIN)
            .arg("--data-dir")
            .arg(&data)
            .args(["import", "enterprises"])
            .arg(&path)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run /usr/bin/time (apt-get install time)");
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let peak = stderr
            .lines()
            .find_map(|l| l.strip_prefix("peak_kib=").and_then(|v| v.trim().parse::<u64>().ok()))
            .unwrap_or(0);
        let message = stderr
            .lines()
            .chain(stdout.lines())
            .find(|l| l.contains("超") || l.contains("limit"))
            .unwrap_or("")
            .chars()
            .take(90)
            .collect::<String>();
        assert!(!out.status.success(), "{what}: the import should be refused");
        println!(
            "| {what} | {:.1} MiB | {secs:.1} s | {:.0} MiB | {message} |",
            bytes.len() as f64 / 1048576.0,
            peak as f64 / 1024.0
        );
    }
}
