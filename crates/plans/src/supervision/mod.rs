//! Plans and supervision (目标管理考核 / 督查): the pure rules behind tracking plan
//! targets and scoring counties.
//!
//! * [`trajectory`] judges one target's progress against a straight line from its
//!   baseline at the start of the plan period to its target value at the end.
//! * [`rollup`] decides whether county figures may be added up into a city figure
//!   (counts and amounts) or whether only a city-wide report will do (ratios, rates).
//! * [`assessment`] scores counties (考核) on weighted indicators, normalised across
//!   the counties.
//!
//! Nothing here reads a clock or a database: the caller passes `today` and the reports.

pub mod assessment;
pub mod rollup;
pub mod trajectory;

pub use assessment::{
    AssessmentError, AssessmentInput, CountyScore, Indicator, ScorePart, score_counties, standard_indicators,
};
pub use rollup::{CountyValue, Rollup, RollupRule, SUMMABLE_UNITS, roll_up, roll_up_with_unit, rollup_rule};
pub use trajectory::{
    AT_RISK_TOLERANCE, Direction, Observation, Progress, Status, TargetKind, TargetSpec, evaluate, evaluate_with_unit,
};

/// Formats a number for explanations: at most four decimals, without trailing zeros
/// (`540`, `2.5`, `0.4853`).
pub(crate) fn fmt_num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    let s = format!("{x:.4}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// A number followed by its unit: `540 家`, `2.5%`, `40 亿元`, or the bare number.
pub(crate) fn fmt_qty(x: f64, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        fmt_num(x)
    } else if unit == "%" || unit == "‰" {
        format!("{}{unit}", fmt_num(x))
    } else {
        format!("{} {unit}", fmt_num(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_noise() {
        for (x, want) in [
            (540.0, "540"),
            (2.5, "2.5"),
            (0.48531, "0.4853"),
            (40.000000001, "40"),
            (-0.00001, "0"),
            (-12.25, "-12.25"),
            (1e6, "1000000"),
            (f64::MAX, "1.7976931348623157e308"),
        ] {
            assert_eq!(fmt_num(x), want, "{x}");
        }
        assert_eq!(fmt_qty(540.0, "家"), "540 家");
        assert_eq!(fmt_qty(2.5, "%"), "2.5%");
        assert_eq!(fmt_qty(3.0, ""), "3");
    }
}
