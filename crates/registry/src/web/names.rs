//! An in-memory index of enterprise names for substring search at scale.
//!
//! A database `LIKE '%…%'` reads every name; with a million enterprises that
//! takes a second. Here the normalised names (Traditional folded into
//! Simplified, see `normalize_name`) are kept sorted in one text buffer and
//! searched with a vectorised substring finder, a few milliseconds per query,
//! returning ids already in name order. Before each search the database's
//! fingerprint (newest id, last update) is compared; on a change only the
//! rows updated since are reloaded, so every instance sharing one database
//! stays current.

use crate::store::prelude::*;
use std::collections::HashSet;

use crate::store::NameEntry;
use kechuang_kernel::Db;
use tokio::sync::RwLock;

#[derive(Default)]
struct Snapshot {
    fingerprint: (i64, Option<chrono::DateTime<chrono::Utc>>),
    /// Sorted by (name, id).
    entries: Vec<NameEntry>,
    /// The names joined by '\n', in `entries` order.
    text: String,
    /// Byte offset of each entry's name in `text`.
    offsets: Vec<usize>,
}

impl Snapshot {
    fn rebuild_text(&mut self) {
        self.entries
            .sort_by(|a, b| a.name_norm.cmp(&b.name_norm).then(a.id.cmp(&b.id)));
        self.text.clear();
        self.offsets.clear();
        for e in &self.entries {
            self.offsets.push(self.text.len());
            self.text.push_str(&e.name_norm);
            self.text.push('\n');
        }
    }

    /// Entries whose name contains `needle` and whose region is allowed,
    /// in name order.
    fn find(&self, needle: &str, regions: &HashSet<i64>) -> Vec<i64> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let mut last = usize::MAX;
        for pos in memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes()) {
            let i = self.offsets.partition_point(|&o| o <= pos).saturating_sub(1);
            if i == last {
                continue;
            }
            last = i;
            let e = &self.entries[i];
            if regions.contains(&e.region_id) {
                out.push(e.id);
            }
        }
        out
    }
}

/// The shared index; cheap to clone.
#[derive(Default, Clone)]
pub struct NameIndex {
    inner: std::sync::Arc<RwLock<Option<Snapshot>>>,
}

impl NameIndex {
    /// Ids of enterprises in `regions` whose name contains `query`
    /// (normalised), in name order.
    pub async fn search(
        &self,
        db: &Db,
        query: &str,
        regions: &HashSet<i64>,
    ) -> Result<Vec<i64>, kechuang_kernel::StoreError> {
        let needle = crate::normalize_name(query);
        let now = db.enterprise_fingerprint().await?;
        {
            let guard = self.inner.read().await;
            if let Some(s) = guard.as_ref().filter(|s| s.fingerprint == now) {
                return Ok(s.find(&needle, regions));
            }
        }
        let mut guard = self.inner.write().await;
        let stale = guard.as_ref().map(|s| s.fingerprint.clone());
        if stale.as_ref() != Some(&now) {
            match guard.as_mut() {
                Some(s) => {
                    let (live, gone) = db.name_entries(s.fingerprint.1).await?;
                    let changed: HashSet<i64> = live.iter().map(|e| e.id).chain(gone).collect();
                    s.entries.retain(|e| !changed.contains(&e.id));
                    s.entries.extend(live);
                    s.rebuild_text();
                    s.fingerprint = now;
                }
                None => {
                    let (live, _) = db.name_entries(None).await?;
                    let mut s = Snapshot {
                        fingerprint: now,
                        entries: live,
                        ..Snapshot::default()
                    };
                    s.rebuild_text();
                    *guard = Some(s);
                }
            }
        }
        Ok(guard.as_ref().map(|s| s.find(&needle, regions)).unwrap_or_default())
    }
}

impl NameIndex {
    /// Builds the index before the service takes requests, so that the first
    /// searches do not wait for it (about a second per million names).
    pub async fn load(&self, db: &Db) {
        let started = std::time::Instant::now();
        match self.search(db, "", &HashSet::new()).await {
            Ok(_) => tracing::info!(ms = started.elapsed().as_millis() as u64, "enterprise name index built"),
            Err(e) => tracing::warn!(error = %e, "could not build the enterprise name index"),
        }
    }
}

/// Region ids within a scope path, for [`NameIndex::search`].
pub fn region_ids(
    regions: &[kechuang_kernel::regions::Region],
    scope: &kechuang_kernel::region::RegionPath,
) -> HashSet<i64> {
    regions
        .iter()
        .filter(|r| r.region_path().is_within(scope))
        .map(|r| r.id)
        .collect()
}
