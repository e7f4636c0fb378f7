//! The rule files as written (TOML), before they are checked. The format is
//! documented in `crates/incentives/RULES.md`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `set.toml`: what a directory of rules is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetFile {
    pub id: String,
    pub title: String,
    /// Short name used in citations, e.g. "盘锦 2019".
    pub short: String,
    /// The city the set applies to (division code).
    pub city: String,
    pub document: String,
    #[serde(default)]
    pub doc_number: String,
    /// The seed file the set was read from, if any.
    #[serde(default)]
    pub seed: String,
    /// `in_force` or `draft` (a draft for comment: it computes, for cost
    /// previews, but pays nothing).
    pub status: String,
    pub period: PeriodFile,
    #[serde(default)]
    pub parameter: Vec<ParameterFile>,
    #[serde(default)]
    pub budget_line: Vec<BudgetLineFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodFile {
    pub from: String,
    pub to: String,
}

/// A number the text leaves to the bureau ("按一定比例").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterFile {
    pub name: String,
    pub label: String,
    /// `rate` (a percentage) or `years`.
    pub unit: String,
    /// The value, when the bureau has set one in the file; the service keeps
    /// its own.
    #[serde(default)]
    pub value: Option<String>,
}

/// A budget line the set's rules are paid from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineFile {
    pub name: String,
    pub label: String,
    /// Yearly amount the text names, if any ("每年安排预算资金2000万元").
    #[serde(default)]
    pub yearly: Option<String>,
}

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: String,
    pub title: String,
    pub event: String,
    #[serde(default = "one")]
    pub version: u32,
    /// Who receives it: enterprise, institution, fund, bank, person, team.
    pub beneficiary: String,
    pub source: SourceFile,
    #[serde(default)]
    pub effective: Option<PeriodFile>,
    #[serde(default)]
    pub condition: Vec<ConditionFile>,
    pub amount: AmountFile,
    #[serde(default)]
    pub funding: FundingFile,
    /// `once` (once per subject), `per_event` (for each event, e.g. each
    /// loan).
    #[serde(default = "once")]
    pub frequency: String,
    /// Rules of one group pay only the highest entitlement of a subject in
    /// a year (从高不重复).
    #[serde(default)]
    pub stacking: Option<String>,
    /// Whether data can decide it (免申即享); otherwise the subject applies.
    #[serde(default = "yes")]
    pub without_application: bool,
}

fn one() -> u32 {
    1
}

fn once() -> String {
    "once".into()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    pub clause: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    pub fact: String,
    pub op: String,
    pub value: toml::Value,
    pub label: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountFile {
    pub fixed: Option<String>,
    pub tiers: Option<TiersFile>,
    pub rate: Option<RateFile>,
    pub interest: Option<InterestFile>,
    pub per_year: Option<PerYearFile>,
    pub matching: Option<MatchingFile>,
    pub up_to: Option<String>,
    pub at_least: Option<String>,
    pub cap: Option<String>,
    pub floor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiersFile {
    pub fact: String,
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateFile {
    pub base: String,
    #[serde(default)]
    pub deduct: Vec<String>,
    pub rate: Option<String>,
    pub rate_param: Option<String>,
    /// The rate is a ceiling ("按照不超过……1%的比例"): the figure is a
    /// maximum.
    #[serde(default)]
    pub at_most: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterestFile {
    pub principal: String,
    pub rate_pct: String,
    pub share: String,
    pub days: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerYearFile {
    pub amount: String,
    pub years: Option<u32>,
    pub years_param: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingFile {
    pub fact: String,
    pub ratio: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingFile {
    /// Shares by funder (city, county, province), percentages adding up to
    /// 100%; default: the city pays all.
    #[serde(default)]
    pub shares: BTreeMap<String, String>,
    #[serde(default)]
    pub budget_line: String,
}
