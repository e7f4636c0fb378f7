//! Synthetic enterprises: identity, industry, flags and contacts. Yearly
//! facts live in `facts.rs`, certificates in `certificates.rs`.
//!
//! Enterprise *i* of a run depends only on the seed, the reference date and
//! *i*, so platforms and experts can refer to any enterprise by index and a
//! small city is a prefix of a large one.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use serde::Serialize;

use crate::certificates::{self, DemoCertificate};
use crate::codes::ENTERPRISE_BASE;
use crate::context::Ctx;
use crate::facts::{self, DemoFacts};
use crate::industries::{INDUSTRIES, Industry, Sector};
use crate::names;

use crate::random::{Cumulative, Stream, between, chance, entity_rng, skewed_low, weighted_index};
use crate::regions::{COUNTIES, County};

/// One generated enterprise with its yearly facts and certificates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoEnterprise {
    /// Index of the enterprise in its run (0-based).
    pub index: u64,
    pub credit_code: String,
    pub name: String,
    pub county_code: &'static str,
    pub county_name: &'static str,
    pub address: String,
    /// GB/T 4754-2017 class code with section letter, e.g. "C3963".
    pub industry_code: &'static str,
    pub industry_name: &'static str,
    /// Industry chains, primary first.
    pub chains: Vec<&'static str>,
    pub founded_on: NaiveDate,
    /// "large" | "medium" | "small" | "micro", from the latest facts.
    pub size: &'static str,
    pub above_scale_industrial: bool,
    pub listed: bool,
    pub listing_reserve: bool,
    pub legal_representative: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Up to three yearly rows, oldest first (none before the founding year).
    pub facts: Vec<DemoFacts>,
    pub certificates: Vec<DemoCertificate>,
}

/// Latent traits decided before the facts, which the facts then honour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Traits {
    /// Innovativeness in [0, 1); drives certificates and R&D intensity.
    pub score: f64,
    pub sector: Sector,
    pub age_years: f64,
    pub employees: f64,
    pub revenue: f64,
    /// Holds a valid high-tech enterprise certificate.
    pub hte: bool,
    /// Evaluated as a tech SME this year (if size allows).
    pub tech_sme: bool,
    pub gazelle: bool,
    pub unicorn_seed: bool,
}

/// Size buckets of the latest year's headcount: (low, high, weight).
const HEADCOUNT: &[(f64, f64, u32)] = &[
    (1.0, 10.0, 280),
    (10.0, 20.0, 220),
    (20.0, 50.0, 230),
    (50.0, 100.0, 120),
    (100.0, 300.0, 90),
    (300.0, 1000.0, 45),
    (1000.0, 3000.0, 12),
    (3000.0, 12000.0, 3),
];

/// Company age buckets in years: (low, high, weight).
const AGE: &[(f64, f64, u32)] = &[
    (0.2, 2.0, 14),
    (2.0, 5.0, 24),
    (5.0, 10.0, 27),
    (10.0, 20.0, 26),
    (20.0, 36.0, 9),
];

/// Generates enterprise `index` of the run described by `ctx`.
pub(crate) fn generate(ctx: &Ctx, index: u64) -> DemoEnterprise {
    let mut rng = entity_rng(ctx.seed, Stream::Enterprise, index);
    let rng = &mut rng;

    let county = &COUNTIES[weighted_index(rng, COUNTIES.iter().map(|c| c.enterprise_weight))];
    let industry = pick_industry(rng, county);
    let score: f64 = rng.r#gen();

    let (lo, hi, _) = AGE[weighted_index(rng, AGE.iter().map(|a| a.2))];
    let age_years = between(rng, lo, hi);
    let founded_on = ctx.days_ago((age_years * 365.25) as u64);

    // Headcount: young firms stay small; innovative firms are a bit larger.
    let max_bucket = if age_years < 2.0 { 3 } else { HEADCOUNT.len() };
    let bucket = weighted_index(rng, HEADCOUNT[..max_bucket].iter().map(|b| b.2));
    let bucket = if score > 0.9 && bucket + 1 < max_bucket && chance(rng, 0.3) {
        bucket + 1
    } else {
        bucket
    };
    let (lo, hi, _) = HEADCOUNT[bucket];
    let employees = skewed_low(rng, lo, hi).floor().max(1.0);
    let productivity = (1.0 + 0.3 * crate::random::bell(rng)).max(0.3) * if age_years < 2.0 { 0.55 } else { 1.0 };
    let revenue = employees * industry.sector.revenue_per_employee() * productivity;

    let traits = Traits {
        score,
        sector: industry.sector,
        age_years,
        employees,
        revenue,
        hte: score > 0.88 && age_years >= 1.5,
        tech_sme: score > 0.66 && chance(rng, 0.93),
        gazelle: score > 0.72 && (3.0..12.0).contains(&age_years) && revenue >= 5e6 && chance(rng, 0.14),
        unicorn_seed: score > 0.97 && age_years <= 10.0 && chance(rng, 0.2),
    };

    let facts = facts::generate(rng, ctx, &traits, founded_on.year());
    let latest = facts.last().expect("at least the latest year");
    let certificates = certificates::generate(rng, ctx, index, county, &traits, latest);

    let revenue = latest.revenue_yuan as f64;
    let listed = (revenue >= 4e8 && chance(rng, 0.25)) || (score > 0.95 && revenue >= 1e8 && chance(rng, 0.1));
    let listing_reserve = !listed && revenue >= 5e7 && score > 0.8 && chance(rng, 0.4);
    let joint_stock = listed || (listing_reserve && chance(rng, 0.5)) || (revenue >= 3e8 && chance(rng, 0.5));

    let modern = founded_on.year() >= 2016;
    let credit_code = ctx.keys.credit_code("91", county.code, ENTERPRISE_BASE + index, modern);
    let name = names::firm_name(rng, industry, joint_stock);
    let address = names::address(rng, county);
    let legal = names::person(rng);
    let contact_name = if chance(rng, 0.3) {
        legal.name.clone()
    } else {
        names::person(rng).name
    };
    let contact_phone = names::mobile(rng);

    let mut chains = vec![industry.chains[0]];
    if industry.chains.len() > 1 && chance(rng, 0.4) {
        chains.push(industry.chains[1]);
    }

    DemoEnterprise {
        index,
        credit_code,
        name,
        county_code: county.code,
        county_name: county.name,
        address,
        industry_code: industry.code,
        industry_name: industry.name,
        chains,
        founded_on,
        size: size_class(industry.sector, latest),
        above_scale_industrial: industry.sector.industrial() && latest.revenue_yuan >= 20_000_000,
        listed,
        listing_reserve,
        legal_representative: legal.name,
        contact_name,
        contact_phone,
        facts,
        certificates,
    }
}

/// Picks an industry; rural counties lean to agriculture, not software.
fn pick_industry(rng: &mut crate::random::DemoRng, county: &County) -> &'static Industry {
    static TABLES: OnceLock<[Cumulative; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [false, true].map(|rural| {
            Cumulative::new(INDUSTRIES.iter().map(move |ind| {
                let w = ind.weight * 2;
                match (rural, ind.sector) {
                    (true, Sector::Agriculture) => w * 3,
                    (true, Sector::Software) => w / 2,
                    (false, Sector::Agriculture) => w / 2,
                    _ => w,
                }
            }))
        })
    });
    &INDUSTRIES[tables[usize::from(county.rural)].sample(rng)]
}

/// Size class after the national statistical rules, simplified to the
/// headcount and revenue thresholds of each broad sector.
fn size_class(sector: Sector, f: &DemoFacts) -> &'static str {
    let (e, r) = (f.employees, f.revenue_yuan);
    let (large, medium, small) = match sector {
        Sector::Manufacturing | Sector::Energy => ((1000, 400_000_000), (300, 20_000_000), (20, 3_000_000)),
        Sector::Software => ((300, 100_000_000), (100, 10_000_000), (10, 500_000)),
        Sector::Agriculture => ((0, 200_000_000), (0, 5_000_000), (0, 500_000)),
        Sector::Services => ((300, 0), (100, 0), (10, 0)),
    };
    if e >= large.0 && r >= large.1 {
        "large"
    } else if e >= medium.0 && r >= medium.1 {
        "medium"
    } else if e >= small.0 && r >= small.1 {
        "small"
    } else {
        "micro"
    }
}
