//! `kechuang backup` and `kechuang restore`.

use anyhow::Context;
use kechuang_kernel::Db;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

pub async fn backup(db: &Db, to: &Path) -> anyhow::Result<()> {
    // write to a temporary name first so a failed backup never leaves a
    // truncated file under the final name
    let tmp = to.with_extension("partial");
    let file = std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut out = BufWriter::new(file);
    let counts = db.backup(&mut out, &kechuang::schemas()).await?;
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, to).with_context(|| format!("cannot move backup to {}", to.display()))?;
    let total: u64 = counts.values().sum();
    println!("已备份 / backed up {total} rows to {}", to.display());
    for (table, n) in counts {
        println!("  {table}: {n}");
    }
    Ok(())
}

pub async fn restore(db: &Db, from: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::open(from).with_context(|| format!("cannot open {}", from.display()))?;
    let counts = db.restore(&mut BufReader::new(file), &kechuang::schemas()).await?;
    let total: u64 = counts.values().sum();
    println!("已恢复 / restored {total} rows from {}", from.display());
    for (table, n) in counts {
        println!("  {table}: {n}");
    }
    Ok(())
}
