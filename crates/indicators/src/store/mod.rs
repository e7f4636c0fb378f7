//! Storage of indicators on the kernel's `Db`: the records counted
//! ([`sources`], read-only), figures entered with their source ([`inputs`]),
//! groups of counties ([`groups`]), and the [`Book`] of one scope assembled
//! from them.

pub mod backup;
pub mod groups;
pub mod inputs;
pub mod open;
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
    pub use super::open::OpenStore;
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
        let regions: sources::Regions = region_nodes(self, path).await?.iter().map(|r| r.id).collect();
        let first = years.iter().copied().min().unwrap_or(today.year());
        let last = years.iter().copied().max().unwrap_or(today.year());
        // a certificate expired before the last day of the year before the
        // first decides nothing
        let since = NaiveDate::from_ymd_opt(first - 1, 12, 31).unwrap_or(today);
        // the reads are independent: run them at once
        let (hte, sme, platforms, contracts) = futures_util::try_join!(
            self.certificate_rows("high_tech_enterprise", &regions, since),
            self.certificate_rows("tech_sme", &regions, since),
            self.platform_rows(&like),
            self.contract_rows(&like),
        )?;
        let mut facts = Bases::new();
        let mut above = Bases::new();
        let mut paid = Bases::new();
        futures_util::try_join!(
            self.add_fact_sums(&regions, (first, last), &mut facts),
            self.add_above_scale(&regions, today.year(), &mut above),
            self.add_paid(&like, &mut paid),
        )?;
        let mut bases = Bases::new();
        count::certificates(&hte, years, today, Base::HteHeld, Base::HteNew, &mut bases);
        count::certificates(&sme, years, today, Base::TechSmeHeld, Base::TechSmeNew, &mut bases);
        count::platforms(&platforms, years, today, &mut bases);
        count::contracts(&contracts, &mut bases);
        for part in [facts, above, paid] {
            bases.extend(part);
        }
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
