//! The structured plan produced by the parser and serialised to JSON.
//! The schema is documented in `SCHEMA.md` at the crate root.

use serde::{Deserialize, Serialize};

/// A parsed policy document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub title: Option<String>,
    pub doc_number: Option<String>,
    /// ISO date (YYYY-MM-DD) the document was issued.
    pub issued_on: Option<String>,
    pub issuer: Option<String>,
    pub period: Period,
    /// True when the document is written in Traditional characters.
    pub traditional_script: bool,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub incentives: Vec<Incentive>,
}

/// The years a plan covers (e.g. 2018-2020).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
}

/// How a target value is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A level to reach (高新技术企业达到600家).
    Level,
    /// A quantity to achieve every year (每年新增120家, 10场次/年).
    AnnualIncrease,
    /// A growth rate in percent (年均增长10%).
    GrowthRate,
    /// A share or ratio in percent (研发经费占GDP比重达到2.5%).
    Share,
    /// A total increase over the plan period (新增400家).
    Increase,
}

/// A quantified goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// What is measured, normalised to Simplified characters.
    pub indicator: String,
    pub baseline: Option<f64>,
    pub target_value: f64,
    /// Unit, normalised to Simplified characters (家, 项, %, 亿元 ...).
    pub unit: Option<String>,
    pub target_year: Option<i32>,
    pub kind: TargetKind,
    /// `at_least` (以上), `about` (左右), `at_most` (以内) when written.
    pub qualifier: Option<String>,
    /// Numbering path of the section holding the sentence (e.g. `三(一)2`).
    pub section: String,
    /// The sentence the target was read from, as written.
    pub source_text: String,
}

/// Whether a numbered item is a task or a safeguard measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskCategory {
    #[default]
    Task,
    Safeguard,
}

/// A numbered work item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Numbering path with ASCII parentheses, e.g. `三(一)2`.
    pub numbering: String,
    /// The short heading, as written.
    pub title: Option<String>,
    /// The item text after the heading, without the unit annotation, as written.
    pub body: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub category: TaskCategory,
}

/// How the cost of an incentive is split between city and county budgets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostShare {
    pub municipal_pct: f64,
    pub county_pct: f64,
}

/// A monetary award, subsidy or grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incentive {
    /// Who or what qualifies, as written.
    pub beneficiary: Option<String>,
    /// Fixed (or minimum) amount in integer yuan.
    pub amount_yuan: Option<i64>,
    /// Upper limit in integer yuan (最高不超过).
    pub cap_yuan: Option<i64>,
    /// Rate in percent (按…50%予以贴息).
    pub rate_pct: Option<f64>,
    pub cost_share: Option<CostShare>,
    pub section: String,
    /// The sentence the incentive was read from, as written.
    pub source_text: String,
}
