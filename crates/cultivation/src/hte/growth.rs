//! Growth (企业成长性, ≤20 points): the net-asset and the sales-revenue
//! growth rates of 指引 "企业创新能力评价 — 4. 企业成长性".
//!
//! 净资产增长率 = 1/2 × (第二年末净资产 ÷ 第一年末净资产 + 第三年末净资产 ÷ 第二年末净资产) − 1,
//! and 销售收入增长率 the same with each year's sales revenue. A negative
//! rate scores 0; a zero first-year value means the last two years are used;
//! a zero second-year value scores 0. A firm in business under three years
//! uses the years it has (实际经营期不满三年的按实际经营时间计算).
//!
//! Readings where the 指引 is silent (see RULES.md): a negative net asset is
//! taken as 0 (the common practice); two years give `y2 / y1 − 1`; a single
//! year gives no rate and 0 points.
//!
//! Each rate is kept exactly as `rate + 1 = num / den` and compared with the
//! grade lines (≥35 %, ≥25 %, ≥15 %, ≥5 %, >0) by integer arithmetic.

use crate::money::{Fraction, Pct};
use crate::points::Points;

/// Why no growth rate exists; each scores 0 points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRate {
    /// One accounting year only.
    OneYear,
    /// The second year-end value is 0 (第二年末…为0的，按0分计算).
    SecondYearZero,
    /// Two years whose first value is 0: nothing to divide by.
    FirstOfTwoZero,
    /// Figures too large to compute (impossible after validation).
    TooLarge,
}

/// The growth rate of a series of year-end values, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthOutcome {
    /// `rate + 1` as an exact fraction.
    Rate(Fraction),
    NoRate(NoRate),
}

/// The 指引's growth grades A to F.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthGrade {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl GrowthGrade {
    /// The band of points (each rate is worth ≤10).
    pub fn band(self) -> Points {
        match self {
            GrowthGrade::A => Points::band(9, 10),
            GrowthGrade::B => Points::band(7, 8),
            GrowthGrade::C => Points::band(5, 6),
            GrowthGrade::D => Points::band(3, 4),
            GrowthGrade::E => Points::band(1, 2),
            GrowthGrade::F => Points::ZERO,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            GrowthGrade::A => "A",
            GrowthGrade::B => "B",
            GrowthGrade::C => "C",
            GrowthGrade::D => "D",
            GrowthGrade::E => "E",
            GrowthGrade::F => "F",
        }
    }
}

fn ratio(num: Option<i128>, den: Option<i128>) -> GrowthOutcome {
    match (num, den) {
        (Some(n), Some(d)) => Fraction::new(n, d).map_or(GrowthOutcome::NoRate(NoRate::TooLarge), GrowthOutcome::Rate),
        _ => GrowthOutcome::NoRate(NoRate::TooLarge),
    }
}

impl GrowthOutcome {
    /// The growth of `values`, one per accounting year, oldest first.
    pub fn of(values: &[i64]) -> GrowthOutcome {
        let v: Vec<i128> = values.iter().map(|&x| i128::from(x.max(0))).collect();
        match v.as_slice() {
            [a, b, c] => {
                if *b == 0 {
                    GrowthOutcome::NoRate(NoRate::SecondYearZero)
                } else if *a == 0 {
                    // 第一年末…为0的，按后两年计算.
                    ratio(Some(*c), Some(*b))
                } else {
                    // rate + 1 = (b/a + c/b) / 2 = (b² + a·c) / (2·a·b).
                    let num = b
                        .checked_mul(*b)
                        .and_then(|bb| a.checked_mul(*c).and_then(|ac| bb.checked_add(ac)));
                    let den = a.checked_mul(*b).and_then(|ab| ab.checked_mul(2));
                    ratio(num, den)
                }
            }
            [a, b] => {
                if *a == 0 {
                    GrowthOutcome::NoRate(NoRate::FirstOfTwoZero)
                } else {
                    ratio(Some(*b), Some(*a))
                }
            }
            _ => GrowthOutcome::NoRate(NoRate::OneYear),
        }
    }

    /// The grade: ≥35 % A, ≥25 % B, ≥15 % C, ≥5 % D, >0 E, otherwise F.
    pub fn grade(&self) -> GrowthGrade {
        let GrowthOutcome::Rate(plus_one) = self else {
            return GrowthGrade::F;
        };
        if plus_one.at_least_percent(135) {
            GrowthGrade::A
        } else if plus_one.at_least_percent(125) {
            GrowthGrade::B
        } else if plus_one.at_least_percent(115) {
            GrowthGrade::C
        } else if plus_one.at_least_percent(105) {
            GrowthGrade::D
        } else if plus_one.num() > plus_one.den() {
            GrowthGrade::E
        } else {
            GrowthGrade::F
        }
    }

    /// The rate in percent, cut to two decimals.
    pub fn pct(&self) -> Option<Pct> {
        match self {
            GrowthOutcome::Rate(plus_one) => plus_one.percent_floor().map(|p| Pct(p.0 - Pct::whole(100).0)),
            GrowthOutcome::NoRate(_) => None,
        }
    }

    /// Why the rate scores what it does, in English.
    pub fn describe(&self, what: &str) -> String {
        match self {
            GrowthOutcome::Rate(_) => match self.pct() {
                Some(p) => format!("{what} growth rate {p} %"),
                None => format!("{what} growth rate not computable"),
            },
            GrowthOutcome::NoRate(NoRate::OneYear) => format!("{what}: one accounting year only, no growth rate"),
            GrowthOutcome::NoRate(NoRate::SecondYearZero) => format!("{what}: second year-end value is 0"),
            GrowthOutcome::NoRate(NoRate::FirstOfTwoZero) => format!("{what}: first of two years is 0"),
            GrowthOutcome::NoRate(NoRate::TooLarge) => format!("{what}: figures too large to compute"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_year_formula_on_the_grade_lines() {
        // 100 -> 135 -> 182.25 is 35 % both years; use 10_000 -> 13_500 -> 18_225.
        let g = GrowthOutcome::of(&[10_000, 13_500, 18_225]);
        assert_eq!(g.grade(), GrowthGrade::A);
        assert_eq!(g.pct().unwrap().to_string(), "35.00");
        // Half of (1.35 + 1.349...) falls just under 35 %.
        assert_eq!(GrowthOutcome::of(&[10_000, 13_500, 18_224]).grade(), GrowthGrade::B);
        assert_eq!(GrowthOutcome::of(&[100, 100, 100]).grade(), GrowthGrade::F);
        assert_eq!(GrowthOutcome::of(&[100, 100, 101]).grade(), GrowthGrade::E);
    }

    #[test]
    fn zero_and_short_series() {
        assert_eq!(GrowthOutcome::of(&[0, 100, 140]).grade(), GrowthGrade::A);
        assert_eq!(
            GrowthOutcome::of(&[100, 0, 500]),
            GrowthOutcome::NoRate(NoRate::SecondYearZero)
        );
        assert_eq!(GrowthOutcome::of(&[100, 125]).grade(), GrowthGrade::B);
        assert_eq!(
            GrowthOutcome::of(&[0, 125]),
            GrowthOutcome::NoRate(NoRate::FirstOfTwoZero)
        );
        assert_eq!(GrowthOutcome::of(&[125]), GrowthOutcome::NoRate(NoRate::OneYear));
        // A negative year-end value counts as 0.
        assert_eq!(GrowthOutcome::of(&[-50, 100, 140]).grade(), GrowthGrade::A);
    }
}
