//! Reserve pools (后备库): which firms the data proposes for each pool, and
//! why. Staff confirm or dismiss every proposal; the rules only propose.
//!
//! The national rules define the certificates, not the pools: pools are the
//! bureau's own cultivation lists. The criteria below are the ones the seed
//! plans describe ("以高新技术企业认定标准为指引" for the HTE reserve, growth
//! for gazelles, scale for leading firms and listing), with every threshold
//! here in one place:
//! - `hte_reserve` (高企后备): no valid HTE certificate, registered as a tech
//!   SME or passing its evaluation on last year's figures, and R&D at least
//!   3 % of last year's revenue.
//! - `gazelle` (瞪羚后备): no gazelle certificate, founded at most 10 years
//!   before, revenue last year at least 10 million yuan and grown at least
//!   20 % a year over the two years before (revenue ≥ 1.44 × two years back).
//! - `leading` (科技领军后备): a valid HTE certificate and no leading-firm
//!   certificate, revenue last year at least 500 million yuan, R&D at least
//!   3 % of it.
//! - `listing_reserve` (上市后备): not listed, a valid HTE certificate,
//!   revenue last year at least 100 million yuan and above the year before.
//!
//! Integer arithmetic only, so a firm exactly on a line is judged exactly.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Note, ProfileYear};

/// A reserve pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    HteReserve,
    Gazelle,
    Leading,
    ListingReserve,
}

impl Pool {
    pub const ALL: [Pool; 4] = [Pool::HteReserve, Pool::Gazelle, Pool::Leading, Pool::ListingReserve];

    pub fn as_str(self) -> &'static str {
        match self {
            Pool::HteReserve => "hte_reserve",
            Pool::Gazelle => "gazelle",
            Pool::Leading => "leading",
            Pool::ListingReserve => "listing_reserve",
        }
    }

    pub fn parse(s: &str) -> Option<Pool> {
        Pool::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Pool::HteReserve => "高新技术企业后备库",
            Pool::Gazelle => "瞪羚企业后备库",
            Pool::Leading => "科技领军企业后备库",
            Pool::ListingReserve => "上市后备库",
        }
    }
}

/// What the pool rules look at for one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolFacts {
    pub founded_on: Option<NaiveDate>,
    /// The figures of the years before the check, any order.
    pub years: Vec<ProfileYear>,
    pub hte_valid: bool,
    pub tech_sme_valid: bool,
    pub gazelle_valid: bool,
    pub leading_valid: bool,
    pub listed: bool,
}

/// `num / den >= pct %`, exactly; a zero denominator never passes.
fn at_least_pct(num: i64, den: i64, pct: i64) -> bool {
    den > 0 && i128::from(num) * 100 >= i128::from(pct) * i128::from(den)
}

fn wan(yuan: i64) -> i64 {
    yuan / 10_000
}

/// The pools the data proposes `f` for, with the reason in both languages.
pub fn proposals(f: &PoolFacts, as_of: NaiveDate) -> Vec<(Pool, Note)> {
    let mut out = Vec::new();
    let year = as_of.year() - 1;
    let Some(last) = f.years.iter().find(|y| y.year == year) else {
        return out;
    };
    let two_back = f.years.iter().find(|y| y.year == year - 2);
    let one_back = f.years.iter().find(|y| y.year == year - 1);
    let rd3 = at_least_pct(last.rd_expense, last.revenue, 3);

    if !f.hte_valid && rd3 && (f.tech_sme_valid || super::tech_sme_of(last, false).qualified) {
        out.push((
            Pool::HteReserve,
            Note {
                zh: format!("科技型中小企业，{year}年研发费用占营业收入 3% 以上"),
                en: format!("A tech SME with R&D at least 3% of revenue in {year}"),
            },
        ));
    }
    let young = f
        .founded_on
        .is_some_and(|d| d.year() >= as_of.year() - 10 && d <= as_of);
    if !f.gazelle_valid
        && young
        && last.revenue >= 10_000_000
        && two_back.is_some_and(|b| b.revenue > 0 && i128::from(last.revenue) * 100 >= i128::from(b.revenue) * 144)
    {
        out.push((
            Pool::Gazelle,
            Note {
                zh: format!(
                    "成立不足十年，{year}年营业收入 {} 万元，近两年年均增长 20% 以上",
                    wan(last.revenue)
                ),
                en: format!(
                    "Under ten years old, revenue {} ten-thousand yuan in {year}, growing 20% a year or more",
                    wan(last.revenue)
                ),
            },
        ));
    }
    if f.hte_valid && !f.leading_valid && last.revenue >= 500_000_000 && rd3 {
        out.push((
            Pool::Leading,
            Note {
                zh: format!(
                    "高新技术企业，{year}年营业收入 {} 万元，研发投入 3% 以上",
                    wan(last.revenue)
                ),
                en: format!(
                    "An HTE with revenue {} ten-thousand yuan in {year} and R&D of 3% or more",
                    wan(last.revenue)
                ),
            },
        ));
    }
    if f.hte_valid && !f.listed && last.revenue >= 100_000_000 && one_back.is_some_and(|b| last.revenue > b.revenue) {
        out.push((
            Pool::ListingReserve,
            Note {
                zh: format!("高新技术企业，{year}年营业收入 {} 万元且保持增长", wan(last.revenue)),
                en: format!(
                    "An HTE with growing revenue of {} ten-thousand yuan in {year}",
                    wan(last.revenue)
                ),
            },
        ));
    }
    out
}
