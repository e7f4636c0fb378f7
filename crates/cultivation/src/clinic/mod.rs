//! The innovation clinic (企业创新诊所, "科技创新体检报告"): both
//! assessments of one enterprise drawn from what the registry holds, with
//! what the data cannot tell made explicit, the gaps ranked by how close
//! they are to closing, and the trend over the years on record.
//!
//! The registry knows the yearly figures (staff, revenue, R&D, assets, IP
//! counts), the founding date and the certificates. It does not know the
//! items only the firm or the experts can tell: whether the core technology
//! is in the catalogue, commercialisations, R&D management, violations, the
//! experts' grades, total income net of non-taxable income, cost totals.
//! Rather than guess, the HTE assessment is run twice: with every unknown at
//! its least favourable value (the `hte` report: what the data alone
//! establishes) and at its most favourable (`hte_best`: the ceiling). A
//! condition the data decides shows the same in both; one that depends on
//! the unknowns is named in `depends_on_answers`.

mod build;
pub mod pools;
mod rank;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::gap::Gap;
use crate::hte::{HteCondition, HteReport};
use crate::money::Pct;
use crate::points::Points;
use crate::tech_sme::TechSmeReport;

pub use build::{clinic, tech_sme_of};

/// One year of registry figures, money in whole yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileYear {
    pub year: i32,
    pub employees: u32,
    pub st_staff: u32,
    /// 营业收入, taken as 销售收入 and as 总收入 (the registry keeps one figure).
    pub revenue: i64,
    pub high_tech_revenue: i64,
    pub rd_expense: i64,
    pub rd_expense_in_china: i64,
    pub total_assets: i64,
    pub net_assets: i64,
    pub invention_patents: u32,
    pub utility_models: u32,
    pub software_copyrights: u32,
}

/// What the registry holds about one enterprise, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub founded_on: Option<NaiveDate>,
    /// The day of the check (the intended application date).
    pub as_of: NaiveDate,
    /// Yearly figures in any order; years after `as_of`'s are ignored.
    pub years: Vec<ProfileYear>,
    /// Holds a high-tech enterprise certificate valid on `as_of`.
    pub hte_certificate_valid: bool,
    /// What the firm (or staff) answered about the items the registry does
    /// not hold; an unanswered item stays a range.
    pub answers: Answers,
}

/// Answers to the items the registry does not hold; `None` is unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// The core technology is within 《国家重点支持的高新技术领域》.
    pub field_in_catalogue: Option<bool>,
    /// Commercialisations over the last three years.
    pub commercializations_3y: Option<u32>,
    /// The four items of R&D organisation and management.
    pub rd_management: Option<crate::hte::RdManagement>,
    /// A major safety or quality accident or serious environmental violation
    /// in the last year.
    pub major_violation_last_year: Option<bool>,
    /// Took part in drafting national or industry standards.
    pub standards_participation: Option<bool>,
}

/// A sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub zh: String,
    pub en: String,
}

/// A gap with the effort it takes, for ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedGap {
    /// `hte` or `tech_sme`.
    pub assessment: String,
    #[serde(flatten)]
    pub gap: Gap,
    /// The gap's size relative to the firm's own scale, in ten-thousandths
    /// (an R&D gap against revenue, a staff gap against employees, days
    /// against a year); `None` when it cannot be sized.
    pub effort_e4: Option<i64>,
}

/// A year of the trend table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub year: i32,
    pub revenue: i64,
    pub rd_expense: i64,
    pub rd_ratio_pct: Option<Pct>,
    pub st_staff_pct: Option<Pct>,
    pub high_tech_revenue_pct: Option<Pct>,
    pub ip_count: u32,
}

/// The clinic report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClinicReport {
    /// Years the HTE rules need that have no figures on record; when not
    /// empty the HTE assessment is not run.
    pub missing_years: Vec<i32>,
    /// No founding date on record: the HTE assessment is not run.
    pub missing_founding_date: bool,
    /// With every unknown at its least favourable value.
    pub hte: Option<HteReport>,
    /// With every unknown at its most favourable value.
    pub hte_best: Option<HteReport>,
    /// The innovation score from the least to the most favourable case.
    pub innovation_score: Option<Points>,
    /// HTE conditions that pass or fail depending on the unknowns.
    pub depends_on_answers: Vec<HteCondition>,
    /// The tech-SME evaluation on the latest year on record before `as_of`.
    pub tech_sme: Option<TechSmeReport>,
    /// The year the tech-SME evaluation used.
    pub tech_sme_year: Option<i32>,
    pub strengths: Vec<Note>,
    /// Every gap of both assessments, the easiest to close first.
    pub gaps: Vec<RankedGap>,
    pub actions: Vec<Note>,
    /// What the report assumed because the registry does not hold it.
    pub assumptions: Vec<Note>,
    pub trend: Vec<TrendRow>,
}
