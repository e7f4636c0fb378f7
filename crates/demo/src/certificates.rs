//! Enterprise certificates (tech SME registration, high-tech enterprise,
//! specialised SME, gazelle, ...) with numbers and validity periods.
//!
//! Proportions over all enterprises come out at roughly: tech SME 30%,
//! high-tech enterprise 10% (plus ~1% whose certificate has lapsed),
//! specialised SME 3-4%, little giant ~1%, gazelle ~1%, unicorn seed and
//! leading enterprise a few per thousand. Most firms hold none.

use chrono::NaiveDate;
use serde::Serialize;

use crate::context::{Ctx, date_in, valid_until};
use crate::enterprises::Traits;
use crate::facts::DemoFacts;
use crate::industries::Sector;
use crate::names::push_digits;
use crate::random::{DemoRng, chance, int_between};
use crate::regions::County;

/// A certificate or recognition held by an enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoCertificate {
    /// Glossary name, see [`crate::labels::CERTIFICATE_KINDS`].
    pub kind: &'static str,
    pub number: String,
    pub issued_on: NaiveDate,
    /// Last day of validity.
    pub expires_on: NaiveDate,
}

/// Certificates of enterprise `index`, given its traits and latest facts.
pub(crate) fn generate(
    rng: &mut DemoRng,
    ctx: &Ctx,
    index: u64,
    county: &County,
    t: &Traits,
    latest: &DemoFacts,
) -> Vec<DemoCertificate> {
    let mut out = Vec::new();
    let year = ctx.year();
    let revenue = latest.revenue_yuan as f64;
    let seq = index + 1;

    // Tech SME: evaluated every year; small enough firms only.
    let sme_size = latest.employees <= 500 && revenue <= 2e8 && latest.total_assets_yuan <= 200_000_000;
    if sme_size && t.tech_sme {
        let issued = date_in(rng, year - 1, 3, 1, 270);
        out.push(cert(tech_sme_number(year - 1, county, seq), "tech_sme", issued, 1));
    } else if sme_size && t.score > 0.6 && chance(rng, 0.4) && t.age_years > 2.5 {
        // Registered two years ago and not renewed: a lapsed record.
        let issued = date_in(rng, year - 2, 3, 1, 270);
        out.push(cert(tech_sme_number(year - 2, county, seq), "tech_sme", issued, 1));
    }

    // High-tech enterprise: batches certified in late autumn, valid 3 years.
    if t.hte {
        let y = year - int_between(rng, 1, 3) as i32;
        let issued = date_in(rng, y, 10, 15, 66);
        out.push(cert(hte_number(y, seq), "high_tech_enterprise", issued, 3));
    } else if t.score > 0.865 && t.age_years >= 5.0 {
        let y = year - 4;
        let issued = date_in(rng, y, 10, 15, 66);
        out.push(cert(hte_number(y, seq), "high_tech_enterprise", issued, 3));
    }

    let manufacturing_or_it = matches!(t.sector, Sector::Manufacturing | Sector::Software);
    if t.score > 0.78 && latest.employees >= 15 && manufacturing_or_it && chance(rng, 0.35) {
        let y = year - int_between(rng, 1, 3) as i32;
        let issued = date_in(rng, y, 6, 1, 150);
        out.push(cert(series("ZJTX", y, seq), "specialized_sme", issued, 3));
    }
    if t.score > 0.9 && revenue >= 2e7 && chance(rng, 0.35) {
        let y = year - int_between(rng, 1, 3) as i32;
        let issued = date_in(rng, y, 8, 1, 120);
        out.push(cert(series("XJR", y, seq), "little_giant", issued, 3));
    }
    if t.gazelle {
        let issued = date_in(rng, year - 1, 9, 1, 90);
        out.push(cert(series("DL", year - 1, seq), "gazelle", issued, 1));
    }
    if t.unicorn_seed {
        let issued = date_in(rng, year - 1, 9, 1, 90);
        out.push(cert(series("DJS", year - 1, seq), "unicorn_seed", issued, 1));
    }
    if t.score > 0.93 && revenue >= 3e8 {
        let y = year - int_between(rng, 1, 3) as i32;
        let issued = date_in(rng, y, 11, 1, 50);
        out.push(cert(series("LJ", y, seq), "leading_enterprise", issued, 3));
    }
    out
}

fn cert(number: String, kind: &'static str, issued_on: NaiveDate, years: u32) -> DemoCertificate {
    DemoCertificate {
        kind,
        number,
        issued_on,
        expires_on: valid_until(issued_on, years),
    }
}

/// Tech SME registration number: year, county code, "A", sequence.
fn tech_sme_number(year: i32, county: &County, seq: u64) -> String {
    let mut s = String::with_capacity(20);
    s.push_str(&year.to_string());
    s.push_str(county.code);
    s.push('A');
    push_digits(&mut s, seq, 7);
    s
}

/// High-tech enterprise certificate number: "GR", year, province 13, sequence.
fn hte_number(year: i32, seq: u64) -> String {
    let mut s = String::with_capacity(16);
    s.push_str("GR");
    s.push_str(&year.to_string());
    s.push_str("13");
    push_digits(&mut s, seq, 6);
    s
}

/// Number of a city-level recognition: prefix, year, sequence.
fn series(prefix: &str, year: i32, seq: u64) -> String {
    let mut s = String::with_capacity(20);
    s.push_str(prefix);
    s.push('-');
    s.push_str(&year.to_string());
    s.push('-');
    push_digits(&mut s, seq, 6);
    s
}
