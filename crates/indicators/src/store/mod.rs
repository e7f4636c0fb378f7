//! Storage of indicators on the kernel's `Db`: the records counted
//! ([`sources`], read-only), figures entered with their source ([`inputs`]),
//! groups of counties ([`groups`]), and the [`Book`] of one scope assembled
//! from them.

pub mod backup;
pub mod groups;
pub mod inputs;
pub mod sources;

use crate::catalogue::Base;
use crate::count::{self, Bases};
use crate::figures::{Book, RegionNode};
use chrono::{Datelike, NaiveDate};
use kechuang_kernel::region::RegionPath;
use kechuang_kernel::{Db, Result};
use sources::SourceStore;

/// What pages and tests import.
pub mod prelude {
    pub use super::BookStore;
    pub use super::groups::GroupStore;
    pub use super::inputs::InputStore;
    pub use super::sources::SourceStore;
}

/// The regions at or below `path`, as evaluation needs them (a region's
/// parent outside the path is cut off, so the path's region is the root).
pub async fn region_nodes(db: &Db, path: &RegionPath) -> Result<Vec<RegionNode>> {
    let regions = db.regions().await?;
    let inside: Vec<_> = regions
        .into_iter()
        .filter(|r| RegionPath::from_stored(r.path.clone()).is_within(path))
        .collect();
    let ids: std::collections::HashSet<i64> = inside.iter().map(|r| r.id).collect();
    Ok(inside
        .into_iter()
        .map(|r| RegionNode {
            id: r.id,
            parent_id: r.parent_id.filter(|p| ids.contains(p)),
            name: r.name,
        })
        .collect())
}

#[easy_ext::ext(BookStore)]
impl Db {
    /// Every counted base of the regions at or below `path` for `years`
    /// (certificates and platforms for those years; contracts, facts and
    /// payments for every year on record; the above-scale share for
    /// the year of `today` only, the flag being today's). Stocks of the year
    /// under way are counted on `today`.
    pub async fn counted(&self, path: &RegionPath, years: &[i32], today: NaiveDate) -> Result<Bases> {
        let like = path.like_pattern();
        let mut bases = Bases::new();
        let hte = self.certificate_rows("high_tech_enterprise", &like).await?;
        count::certificates(&hte, years, today, Base::HteHeld, Base::HteNew, &mut bases);
        drop(hte);
        let sme = self.certificate_rows("tech_sme", &like).await?;
        count::certificates(&sme, years, today, Base::TechSmeHeld, Base::TechSmeNew, &mut bases);
        drop(sme);
        count::platforms(&self.platform_rows(&like).await?, years, today, &mut bases);
        count::contracts(&self.contract_rows(&like).await?, &mut bases);
        self.add_fact_sums(&like, &mut bases).await?;
        self.add_above_scale(&like, today.year(), &mut bases).await?;
        self.add_paid(&like, &mut bases).await?;
        Ok(bases)
    }

    /// The book of the regions at or below `path`.
    pub async fn book(&self, path: &RegionPath, years: &[i32], today: NaiveDate) -> Result<Book> {
        use inputs::InputStore;
        let regions = region_nodes(self, path).await?;
        let counted = self.counted(path, years, today).await?;
        let entered = self.entered(&path.like_pattern()).await?;
        Ok(Book::new(&regions, &counted, entered))
    }
}
