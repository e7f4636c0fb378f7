//! County assessment (目标管理考核): weighted indicators, normalised across counties.
//!
//! Each indicator carries a weight in points; the weights sum to 100. Per indicator,
//! the counties' values are normalised min–max: the best county scores 1, the worst 0,
//! the others in between on a straight line (lower is better for some indicators).
//! When every county reports the same value, or only one county reports, each
//! reporting county scores 1. A county that has not reported (or reported a
//! non-finite number) scores 0 on that indicator. A county's total is the sum of its
//! points; counties are ranked by total, ties sharing a rank (1, 1, 3).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::fmt_num;

/// One assessment indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code name, e.g. `new_hte`.
    pub key: String,
    /// What users see, e.g. `新增高新技术企业`.
    pub label: String,
    /// Points the indicator is worth.
    pub weight: f64,
    pub higher_is_better: bool,
}

/// Everything needed to score counties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssessmentInput {
    pub indicators: Vec<Indicator>,
    pub counties: Vec<String>,
    /// `(county, indicator key) -> value`. Entries for counties or indicators not
    /// listed above are ignored.
    pub values: BTreeMap<(String, String), f64>,
}

/// One county's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyScore {
    pub county: String,
    /// Sum of the parts' points, 0 to the sum of the weights, rounded to 2 decimals.
    pub total: f64,
    /// 1-based; counties with equal totals share a rank (1, 1, 3).
    pub rank: usize,
    /// One part per indicator, in the order of the input's indicators.
    pub parts: Vec<ScorePart>,
}

/// A county's score on one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorePart {
    /// The indicator's key.
    pub indicator: String,
    /// The reported value; `None` when not reported or not a finite number.
    pub value: Option<f64>,
    /// 0..=1: 1 for the best county, 0 for the worst.
    pub normalized: f64,
    /// `weight × normalized`, rounded to 2 decimals.
    pub points: f64,
    /// Why, Chinese first, then English.
    pub note: String,
}

/// Why an assessment cannot be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssessmentError {
    #[error("至少需要一个考核指标 / at least one indicator is required")]
    NoIndicators,
    #[error("至少需要一个县(市、区) / at least one county is required")]
    NoCounties,
    #[error("考核指标“{key}”重复 / duplicate indicator {key:?}")]
    DuplicateIndicator { key: String },
    #[error("县(市、区)“{county}”重复 / duplicate county {county:?}")]
    DuplicateCounty { county: String },
    #[error(
        "考核指标“{label}”({key})的分值必须是有限的正数，实际为 {weight} / indicator {key:?} must have a positive, finite weight, got {weight}"
    )]
    InvalidWeight { key: String, label: String, weight: f64 },
    #[error("各考核指标分值合计应为100，实际为 {sum} / indicator weights must sum to 100, got {sum}")]
    WeightSum { sum: f64 },
}

/// Total weight every assessment must have.
pub const TOTAL_POINTS: f64 = 100.0;

/// The indicators the seed plans name for county assessment (高新技术企业新增数量,
/// 培育科技型中小企业数量, 全社会研发投入强度, 技术合同交易额增长率, 创新平台新增数量),
/// 20 points each, higher is better for all.
pub fn standard_indicators() -> Vec<Indicator> {
    [
        ("new_hte", "新增高新技术企业"),
        ("new_tech_sme", "新增科技型中小企业"),
        ("rd_intensity", "研发投入强度"),
        ("contract_turnover_growth", "技术合同成交额增长率"),
        ("new_platforms", "新增创新平台"),
    ]
    .into_iter()
    .map(|(key, label)| Indicator {
        key: key.to_owned(),
        label: label.to_owned(),
        weight: 20.0,
        higher_is_better: true,
    })
    .collect()
}

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r.is_finite() { r + 0.0 } else { x }
}

/// Checks the input: at least one indicator and one county, no duplicates, positive
/// finite weights summing to 100 (within 1e-6).
pub fn validate(input: &AssessmentInput) -> Result<(), AssessmentError> {
    if input.indicators.is_empty() {
        return Err(AssessmentError::NoIndicators);
    }
    if input.counties.is_empty() {
        return Err(AssessmentError::NoCounties);
    }
    let mut keys = BTreeSet::new();
    for ind in &input.indicators {
        if !keys.insert(ind.key.as_str()) {
            return Err(AssessmentError::DuplicateIndicator { key: ind.key.clone() });
        }
    }
    let mut counties = BTreeSet::new();
    for county in &input.counties {
        if !counties.insert(county.as_str()) {
            return Err(AssessmentError::DuplicateCounty { county: county.clone() });
        }
    }
    for ind in &input.indicators {
        if !(ind.weight.is_finite() && ind.weight > 0.0) {
            return Err(AssessmentError::InvalidWeight {
                key: ind.key.clone(),
                label: ind.label.clone(),
                weight: ind.weight,
            });
        }
    }
    let sum: f64 = input.indicators.iter().map(|i| i.weight).sum();
    if (sum - TOTAL_POINTS).abs() > 1e-6 {
        return Err(AssessmentError::WeightSum { sum });
    }
    Ok(())
}

/// Scores and ranks the counties; sorted by total (highest first), then county name.
pub fn score_counties(input: &AssessmentInput) -> Result<Vec<CountyScore>, AssessmentError> {
    validate(input)?;
    let total_weight: f64 = input.indicators.iter().map(|i| i.weight).sum();

    let mut parts: Vec<Vec<ScorePart>> = vec![Vec::with_capacity(input.indicators.len()); input.counties.len()];
    for ind in &input.indicators {
        // `None`: not reported; `Some(None)`: reported, but not a finite number.
        let raw: Vec<Option<Option<f64>>> = input
            .counties
            .iter()
            .map(|c| {
                let v = input.values.get(&(c.clone(), ind.key.clone())).copied();
                v.map(|v| v.is_finite().then_some(v))
            })
            .collect();
        let reported = raw.iter().flatten().flatten().copied();
        let n_reported = reported.clone().count();
        let min = reported.clone().fold(f64::INFINITY, f64::min);
        let max = reported.fold(f64::NEG_INFINITY, f64::max);
        let (best, worst) = if ind.higher_is_better { (max, min) } else { (min, max) };
        for (county_parts, raw) in parts.iter_mut().zip(&raw) {
            let value = raw.flatten();
            let (normalized, note) = match (raw, value) {
                (None, _) => (0.0, "未填报 / not reported".to_owned()),
                (Some(_), None) => (
                    0.0,
                    "填报数值无效 / the reported value is not a finite number".to_owned(),
                ),
                (_, Some(_)) if n_reported == 1 => {
                    (1.0, "仅此一个县(市、区)填报 / the only county reporting".to_owned())
                }
                (_, Some(_)) if min == max => (1.0, "各县(市、区)数值相同 / all counties equal".to_owned()),
                (_, Some(v)) => {
                    // Halving first keeps the differences finite for values near f64::MAX.
                    let range = max / 2.0 - min / 2.0;
                    let ahead_of_worst = if ind.higher_is_better {
                        v / 2.0 - min / 2.0
                    } else {
                        max / 2.0 - v / 2.0
                    };
                    let n = ahead_of_worst / range;
                    let n = if n.is_finite() { n.clamp(0.0, 1.0) } else { 0.0 };
                    let share = fmt_num(round2(n * 100.0));
                    let (best, worst) = (fmt_num(best), fmt_num(worst));
                    (
                        n,
                        format!(
                            "最好 {best}，最差 {worst}，得分率 {share}% / best {best}, worst {worst}, {share}% of the points"
                        ),
                    )
                }
            };
            county_parts.push(ScorePart {
                indicator: ind.key.clone(),
                value,
                normalized,
                points: round2(ind.weight * normalized),
                note,
            });
        }
    }

    let mut scores: Vec<CountyScore> = input
        .counties
        .iter()
        .zip(parts)
        .map(|(county, parts)| {
            let sum: f64 = parts.iter().map(|p| p.points).sum();
            CountyScore {
                county: county.clone(),
                total: round2(sum.clamp(0.0, total_weight)),
                rank: 0,
                parts,
            }
        })
        .collect();
    scores.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.county.cmp(&b.county)));
    for i in 0..scores.len() {
        scores[i].rank = if i > 0 && scores[i].total == scores[i - 1].total {
            scores[i - 1].rank
        } else {
            i + 1
        };
    }
    Ok(scores)
}

#[cfg(test)]
mod tests;
