//! Counting the base quantities from records, per region and year (pure):
//! certificates held on 31 December and newly gained, platforms, contracts
//! and converted achievements, payments. The store reads the rows; these
//! functions decide what counts, so the rules are tested on hand-made rows.

use crate::catalogue::Base;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// Base quantities by (region id, year, base); every value is a sum.
pub type Bases = BTreeMap<(i64, i32, Base), f64>;

/// A certificate as counting reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CertRow {
    pub enterprise_id: i64,
    pub region_id: i64,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// The day a stock of `year` is counted on: 31 December, or `today` for
/// the year under way (a certificate expiring later this year still counts
/// today; nothing is projected).
pub fn count_day(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31)
        .expect("31 December exists")
        .min(today)
}

fn valid_on(c: &CertRow, d: NaiveDate) -> bool {
    c.issued_on <= d && d <= c.expires_on
}

/// Firms holding a certificate valid on `on` (both ends of a certificate
/// included), by region; a firm with two valid certificates counts once.
pub fn held_on(rows: &[CertRow], on: NaiveDate) -> BTreeMap<i64, f64> {
    per_firm(rows, |certs| certs.iter().any(|c| valid_on(c, on)))
}

/// Firms that gained a certificate in `from..=to` without holding one valid
/// on the day before `from`, by region.
pub fn gained_between(rows: &[CertRow], from: NaiveDate, to: NaiveDate) -> BTreeMap<i64, f64> {
    let before = from.pred_opt().unwrap_or(from);
    per_firm(rows, |certs| {
        certs.iter().any(|c| (from..=to).contains(&c.issued_on)) && !certs.iter().any(|c| valid_on(c, before))
    })
}

/// Counts firms (grouping rows by firm) for which `test` holds, by the
/// region of the firm.
fn per_firm(rows: &[CertRow], test: impl Fn(&[&CertRow]) -> bool) -> BTreeMap<i64, f64> {
    let mut firms: HashMap<i64, Vec<&CertRow>> = HashMap::new();
    for r in rows {
        firms.entry(r.enterprise_id).or_default().push(r);
    }
    let mut out = BTreeMap::new();
    for certs in firms.values() {
        if test(certs) {
            *out.entry(certs[0].region_id).or_insert(0.0) += 1.0;
        }
    }
    out
}

/// Adds the certificate counts of `years` to `bases`. When there is any
/// certificate at all, every year gets a figure (a year with none gained is
/// a real zero, not a gap).
pub fn certificates(rows: &[CertRow], years: &[i32], today: NaiveDate, held: Base, gained: Base, bases: &mut Bases) {
    for &y in years {
        if let Some(r) = rows.first() {
            bases.entry((r.region_id, y, held)).or_insert(0.0);
            bases.entry((r.region_id, y, gained)).or_insert(0.0);
        }
        for (region, n) in held_on(rows, count_day(y, today)) {
            *bases.entry((region, y, held)).or_insert(0.0) += n;
        }
        let from = NaiveDate::from_ymd_opt(y, 1, 1).expect("1 January exists");
        for (region, n) in gained_between(rows, from, count_day(y, today)) {
            *bases.entry((region, y, gained)).or_insert(0.0) += n;
        }
    }
}

/// A platform as counting reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformRow {
    pub region_id: i64,
    /// `national`, `provincial`, `municipal`, `county`.
    pub level: String,
    /// `active`, `under_construction`, `revoked` (or empty: running).
    pub status: String,
    pub recognised_on: Option<NaiveDate>,
    /// The day the record was made, for platforms without a recognition date.
    pub recorded_on: NaiveDate,
}

/// Adds the platform counts of `years` to `bases` (every year a figure
/// when there is any platform).
pub fn platforms(rows: &[PlatformRow], years: &[i32], today: NaiveDate, bases: &mut Bases) {
    if let Some(r) = rows.first() {
        for &y in years {
            for base in [Base::Platforms, Base::PlatformsNew, Base::PlatformsProvincial] {
                bases.entry((r.region_id, y, base)).or_insert(0.0);
            }
        }
    }
    for p in rows {
        let running = !matches!(p.status.as_str(), "revoked" | "under_construction");
        let since = p.recognised_on.unwrap_or(p.recorded_on);
        let high = matches!(p.level.as_str(), "national" | "provincial");
        for &y in years {
            if running && since <= count_day(y, today) {
                *bases.entry((p.region_id, y, Base::Platforms)).or_insert(0.0) += 1.0;
                if high {
                    *bases.entry((p.region_id, y, Base::PlatformsProvincial)).or_insert(0.0) += 1.0;
                }
            }
            if p.recognised_on.is_some_and(|d| d.year() == y) {
                *bases.entry((p.region_id, y, Base::PlatformsNew)).or_insert(0.0) += 1.0;
            }
        }
    }
}

/// A registered technology contract as counting reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractRow {
    pub id: i64,
    pub region_id: i64,
    pub signed_on: NaiveDate,
    pub buyer_area: String,
    pub seller_area: String,
    pub amount_fen: i64,
    pub tech_amount_fen: i64,
    pub achievement_id: Option<i64>,
    /// `''`, `pending`, `cleared`, `confirmed` (a problem: not counted).
    pub review: String,
}

/// Adds the contract sums and converted achievements to `bases` (every
/// year found in the rows).
pub fn contracts(rows: &[ContractRow], bases: &mut Bases) {
    let mut first: HashMap<i64, &ContractRow> = HashMap::new();
    for c in rows.iter().filter(|c| c.review != "confirmed") {
        let y = c.signed_on.year();
        let mut add = |base, v: i64| *bases.entry((c.region_id, y, base)).or_insert(0.0) += v as f64;
        add(Base::ContractFen, c.amount_fen);
        if c.buyer_area == "local" {
            add(Base::AbsorbedTechFen, c.tech_amount_fen);
            if c.seller_area == "beijing_tianjin" {
                add(Base::AbsorbedBtTechFen, c.tech_amount_fen);
            }
        }
        if let Some(a) = c.achievement_id {
            let e = first.entry(a).or_insert(c);
            if (c.signed_on, c.id) < (e.signed_on, e.id) {
                *e = c;
            }
        }
    }
    for c in first.values() {
        *bases
            .entry((c.region_id, c.signed_on.year(), Base::AchievementsConverted))
            .or_insert(0.0) += 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cert(firm: i64, region: i64, issued: &str, expires: &str) -> CertRow {
        CertRow {
            enterprise_id: firm,
            region_id: region,
            issued_on: d(issued),
            expires_on: d(expires),
        }
    }

    #[test]
    fn valid_on_the_last_day_counts_and_a_day_earlier_does_not() {
        let rows = [
            cert(1, 10, "2023-01-05", "2025-12-31"),
            cert(2, 10, "2023-01-05", "2025-12-30"),
            cert(3, 11, "2025-12-31", "2028-12-30"),
            cert(4, 11, "2026-01-01", "2028-12-31"),
        ];
        let held = held_on(&rows, d("2025-12-31"));
        assert_eq!(held.get(&10), Some(&1.0));
        assert_eq!(held.get(&11), Some(&1.0));
    }

    #[test]
    fn the_year_under_way_counts_today_not_31_december() {
        let rows = [
            cert(1, 10, "2024-03-01", "2026-10-31"),
            cert(2, 10, "2026-11-01", "2029-10-31"),
        ];
        let mut bases = Bases::new();
        certificates(&rows, &[2026], d("2026-09-30"), Base::HteHeld, Base::HteNew, &mut bases);
        assert_eq!(
            bases.get(&(10, 2026, Base::HteHeld)),
            Some(&1.0),
            "firm 1 holds one today"
        );
        assert_eq!(bases.get(&(10, 2026, Base::HteNew)), Some(&0.0), "firm 2's comes later");
    }

    #[test]
    fn a_firm_with_two_valid_certificates_counts_once() {
        let rows = [
            cert(1, 10, "2023-01-05", "2025-12-31"),
            cert(1, 10, "2025-11-01", "2028-10-31"),
        ];
        assert_eq!(held_on(&rows, d("2025-12-31")).get(&10), Some(&1.0));
    }

    #[test]
    fn gained_counts_first_and_returning_firms_not_renewals() {
        let rows = [
            // first certificate in 2025
            cert(1, 10, "2025-03-01", "2028-02-28"),
            // renewal: valid on 2024-12-31, renewed in 2025
            cert(2, 10, "2022-06-01", "2025-05-31"),
            cert(2, 10, "2025-06-01", "2028-05-31"),
            // lapsed in 2023, back in 2025
            cert(3, 10, "2020-01-01", "2022-12-31"),
            cert(3, 10, "2025-08-01", "2028-07-31"),
            // certified in 2024
            cert(4, 10, "2024-08-01", "2027-07-31"),
        ];
        let gained = gained_between(&rows, d("2025-01-01"), d("2025-12-31"));
        assert_eq!(gained.get(&10), Some(&2.0));
        let mut bases = Bases::new();
        certificates(
            &rows,
            &[2024, 2025],
            d("2026-06-30"),
            Base::HteHeld,
            Base::HteNew,
            &mut bases,
        );
        assert_eq!(bases.get(&(10, 2024, Base::HteNew)), Some(&1.0));
        assert_eq!(bases.get(&(10, 2024, Base::HteHeld)), Some(&2.0));
        assert_eq!(bases.get(&(10, 2025, Base::HteHeld)), Some(&4.0));
    }

    #[test]
    fn platforms_by_status_level_and_date() {
        let p = |level: &str, status: &str, rec: Option<&str>| PlatformRow {
            region_id: 5,
            level: level.into(),
            status: status.into(),
            recognised_on: rec.map(d),
            recorded_on: d("2024-06-01"),
        };
        let rows = [
            p("national", "active", Some("2023-05-01")),
            p("municipal", "", Some("2025-02-01")),
            p("provincial", "revoked", Some("2025-03-01")),
            p("county", "under_construction", Some("2022-01-01")),
            p("municipal", "active", None),
        ];
        let mut b = Bases::new();
        platforms(&rows, &[2023, 2024, 2025], d("2026-06-30"), &mut b);
        assert_eq!(b.get(&(5, 2023, Base::Platforms)), Some(&1.0));
        assert_eq!(b.get(&(5, 2024, Base::Platforms)), Some(&2.0));
        assert_eq!(b.get(&(5, 2025, Base::Platforms)), Some(&3.0));
        assert_eq!(b.get(&(5, 2025, Base::PlatformsNew)), Some(&2.0));
        assert_eq!(b.get(&(5, 2024, Base::PlatformsNew)), Some(&0.0), "a real zero");
        assert_eq!(b.get(&(5, 2025, Base::PlatformsProvincial)), Some(&1.0));
    }

    #[test]
    fn contracts_sum_and_achievements_count_once_at_their_first_contract() {
        let c = |id, region, signed: &str, buyer: &str, seller: &str, ach: Option<i64>, review: &str| ContractRow {
            id,
            region_id: region,
            signed_on: d(signed),
            buyer_area: buyer.into(),
            seller_area: seller.into(),
            amount_fen: 100,
            tech_amount_fen: 80,
            achievement_id: ach,
            review: review.into(),
        };
        let rows = [
            c(1, 1, "2024-05-01", "local", "beijing_tianjin", Some(7), ""),
            c(2, 2, "2025-01-01", "local", "local", Some(7), "cleared"),
            c(3, 2, "2025-02-01", "other", "local", Some(8), ""),
            c(4, 2, "2025-03-01", "local", "beijing_tianjin", Some(9), "confirmed"),
        ];
        let mut b = Bases::new();
        contracts(&rows, &mut b);
        assert_eq!(b.get(&(1, 2024, Base::ContractFen)), Some(&100.0));
        assert_eq!(b.get(&(2, 2025, Base::ContractFen)), Some(&200.0));
        assert_eq!(b.get(&(1, 2024, Base::AbsorbedBtTechFen)), Some(&80.0));
        assert_eq!(b.get(&(2, 2025, Base::AbsorbedTechFen)), Some(&80.0));
        assert_eq!(b.get(&(2, 2025, Base::AbsorbedBtTechFen)), None);
        assert_eq!(b.get(&(1, 2024, Base::AchievementsConverted)), Some(&1.0));
        assert_eq!(b.get(&(2, 2025, Base::AchievementsConverted)), Some(&1.0));
    }
}
