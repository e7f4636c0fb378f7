//! Yearly facts of an enterprise (the rows a bureau collects every year):
//! headcount, revenue, R&D spending, assets and IP counts for the three
//! years before the reference date, consistent with the enterprise's
//! traits (a high-tech enterprise meets the R&D, staff and high-tech revenue
//! thresholds; gazelles grow fast).

use serde::Serialize;

use crate::context::Ctx;
use crate::enterprises::Traits;
use crate::industries::Sector;
use crate::random::{DemoRng, bell, between, chance, int_between, skewed_low};

/// One year of an enterprise's key figures. Money in yuan; IP counts are
/// stocks (valid patents and registrations held at year end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoFacts {
    pub year: i32,
    pub employees: u32,
    pub st_staff: u32,
    pub revenue_yuan: i64,
    pub high_tech_revenue_yuan: i64,
    pub rd_expense_yuan: i64,
    pub rd_expense_in_china_yuan: i64,
    pub total_assets_yuan: i64,
    pub net_assets_yuan: i64,
    pub invention_patents: u32,
    pub utility_models: u32,
    pub software_copyrights: u32,
    pub pct_applications: u32,
}

/// Minimum R&D intensity of a high-tech enterprise by revenue band.
fn hte_rd_threshold(revenue: f64) -> f64 {
    if revenue <= 5e7 {
        0.05
    } else if revenue <= 2e8 {
        0.04
    } else {
        0.03
    }
}

/// Facts for the (up to) three years before the reference year, oldest first.
pub(crate) fn generate(rng: &mut DemoRng, ctx: &Ctx, t: &Traits, founded_year: i32) -> Vec<DemoFacts> {
    let last = ctx.year() - 1;
    let first = founded_year.clamp(last - 2, last);
    let innovative = t.hte || t.tech_sme;
    let software = t.sector == Sector::Software;

    let growth = if t.unicorn_seed {
        between(rng, 0.5, 1.1)
    } else if t.gazelle {
        between(rng, 0.3, 0.7)
    } else {
        (0.08 + 0.14 * bell(rng) + if t.age_years < 3.0 { 0.2 } else { 0.0 }).clamp(-0.3, 0.8)
    };

    // Per-firm ratios; each year adds a little noise.
    let st_ratio = if t.hte {
        between(rng, 0.12, 0.45)
    } else if t.tech_sme {
        between(rng, 0.10, 0.35)
    } else {
        skewed_low(rng, 0.0, 0.12)
    } * if software { 1.6 } else { 1.0 };
    let rd_base = if t.hte {
        skewed_low(rng, 0.004, 0.07)
    } else if t.tech_sme {
        skewed_low(rng, 0.015, 0.08)
    } else if chance(rng, 0.35) {
        0.0
    } else {
        skewed_low(rng, 0.002, 0.05)
    } * if software { 1.3 } else { 1.0 };
    let in_china = if chance(rng, 0.85) { 1.0 } else { between(rng, 0.9, 1.0) };
    let ht_ratio = if t.hte {
        between(rng, 0.62, 0.95)
    } else if t.tech_sme {
        between(rng, 0.1, 0.7)
    } else if chance(rng, 0.7) {
        0.0
    } else {
        between(rng, 0.0, 0.3)
    };
    let assets_ratio = between(rng, 0.55, 1.9) * if t.sector == Sector::Energy { 3.0 } else { 1.0 };
    let equity_ratio = between(rng, 0.25, 0.7);

    // IP stocks at the end of the latest year.
    let root = t.employees.sqrt();
    let mut invention = if t.hte {
        1.0 + root * between(rng, 0.3, 1.5)
    } else if t.tech_sme {
        root * between(rng, 0.0, 0.6)
    } else if chance(rng, 0.12) {
        between(rng, 0.0, 2.5)
    } else {
        0.0
    };
    let mut utility = if innovative {
        invention * between(rng, 1.0, 3.0) + root * between(rng, 0.5, 2.0)
    } else if chance(rng, 0.3) {
        between(rng, 0.0, 5.0)
    } else {
        0.0
    };
    let mut software_cr = if software {
        root * between(rng, 1.0, 4.0) + between(rng, 1.0, 5.0)
    } else if innovative {
        root * between(rng, 0.0, 0.8)
    } else if chance(rng, 0.2) {
        between(rng, 0.0, 3.0)
    } else {
        0.0
    };
    let mut pct = if t.hte && t.employees >= 100.0 && chance(rng, 0.25) {
        1.0 + root * between(rng, 0.0, 0.25)
    } else {
        0.0
    };

    let mut rows = Vec::with_capacity(3);
    let mut revenue = t.revenue;
    let mut employees = t.employees;
    for year in (first..=last).rev() {
        let staff = employees.round().max(1.0);
        let st_staff = (staff * (st_ratio * (1.0 + 0.08 * bell(rng))).clamp(0.0, 0.9))
            .round()
            .max(if t.hte || t.tech_sme { (staff * 0.1).ceil() } else { 0.0 });
        let mut rd_ratio = rd_base * (1.0 + 0.12 * bell(rng));
        if t.hte {
            rd_ratio = rd_ratio.max(0.0) + hte_rd_threshold(revenue) + 0.001;
        }
        let rd = revenue * rd_ratio.max(0.0);
        let (ht_min, ht_max) = if t.hte { (0.605, 0.98) } else { (0.0, 0.9) };
        let ht = revenue * (ht_ratio * (1.0 + 0.05 * bell(rng))).clamp(ht_min, ht_max);
        let assets = revenue * assets_ratio * (1.0 + 0.05 * bell(rng));
        rows.push(DemoFacts {
            year,
            employees: staff as u32,
            st_staff: st_staff as u32,
            revenue_yuan: revenue.round() as i64,
            high_tech_revenue_yuan: ht.round() as i64,
            rd_expense_yuan: rd.round() as i64,
            rd_expense_in_china_yuan: (rd * in_china).round() as i64,
            total_assets_yuan: assets.round() as i64,
            net_assets_yuan: (assets * equity_ratio).round() as i64,
            invention_patents: invention.round() as u32,
            utility_models: utility.round() as u32,
            software_copyrights: software_cr.round() as u32,
            pct_applications: pct.round() as u32,
        });

        // Step one year back: smaller revenue and headcount, fewer IP rights.
        let g = (growth * (1.0 + 0.25 * bell(rng))).max(-0.5);
        revenue /= 1.0 + g;
        employees /= 1.0 + g * 0.35;
        invention *= 1.0 - between(rng, 0.05, 0.3);
        utility *= 1.0 - between(rng, 0.05, 0.35);
        software_cr *= 1.0 - between(rng, 0.1, 0.4);
        if int_between(rng, 0, 3) == 0 {
            pct *= 0.6;
        }
    }
    rows.reverse();
    rows
}
