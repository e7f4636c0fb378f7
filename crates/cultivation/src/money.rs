//! Whole-yuan money, exact shares, and how percentages are shown.
//!
//! Every threshold is decided on integers: a share is an exact fraction
//! `num / den` compared with the rule's whole percentage by cross-multiplying,
//! so a firm sitting exactly on a line is judged exactly. Percentages shown
//! to people are cut (never rounded up) to two decimals, so a shown figure
//! never looks like a pass when the exact share fails: 4.9999 % shows as 4.99.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Largest amount of yuan an input may hold (10^15 yuan). It keeps every
/// product of two amounts, and the growth formulas, well inside `i128`.
pub const MAX_YUAN: i64 = 1_000_000_000_000_000;

/// An exact fraction with a positive denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    num: i128,
    den: i128,
}

impl Fraction {
    /// `None` when `den` is zero: the share cannot be computed.
    pub fn new(num: i128, den: i128) -> Option<Fraction> {
        match den {
            0 => None,
            d if d < 0 => Some(Fraction { num: -num, den: -d }),
            d => Some(Fraction { num, den: d }),
        }
    }

    pub fn num(&self) -> i128 {
        self.num
    }

    pub fn den(&self) -> i128 {
        self.den
    }

    /// Whether the fraction is at least `pct` percent (`num / den >= pct / 100`).
    /// An overflow (impossible for validated inputs) counts as not reached.
    pub fn at_least_percent(&self, pct: i128) -> bool {
        match (self.num.checked_mul(100), pct.checked_mul(self.den)) {
            (Some(left), Some(right)) => left >= right,
            _ => false,
        }
    }

    /// The fraction as a percentage cut to two decimals (floor).
    pub fn percent_floor(&self) -> Option<Pct> {
        let hundredths = self.num.checked_mul(10_000)?.div_euclid(self.den);
        Decimal::try_from_i128_with_scale(hundredths, 2).ok().map(Pct)
    }
}

/// `ceil(a / b)` for `b > 0`.
pub fn ceil_div(a: i128, b: i128) -> i128 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) == 0 { q } else { q + 1 }
}

/// Clamps an `i128` into `i64` (only reachable with unvalidated inputs).
pub fn saturate(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// A percentage with two decimals, written in JSON as a number (`4.99`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pct(pub Decimal);

impl Pct {
    /// A whole percentage, e.g. `Pct::whole(5)` is 5.00 %.
    pub fn whole(pct: i64) -> Pct {
        Pct(Decimal::new(pct * 100, 2))
    }
}

impl fmt::Display for Pct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        write!(f, "{d}")
    }
}

impl Serialize for Pct {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A two-decimal value converts to the nearest f64, whose shortest
        // form prints back the same two decimals.
        s.serialize_f64(self.0.to_f64().unwrap_or(0.0))
    }
}

impl<'de> Deserialize<'de> for Pct {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pct, D::Error> {
        let v = f64::deserialize(d)?;
        // `Display` of an f64 is its shortest round-trip form, so "4.99"
        // comes back as exactly 4.99.
        Decimal::from_str(&format!("{v}"))
            .map(|d| Pct(d.round_dp(2)))
            .map_err(|_| serde::de::Error::custom(format!("not a percentage: {v}")))
    }
}

/// `1234567` as `1,234,567`.
pub fn group_digits(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `n / unit` rounded half up to two decimals, as text (`1.23`).
fn scaled_2dp(n: i128, unit: i128) -> String {
    let hundredths = (n * 100 + unit / 2).div_euclid(unit);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// An amount in English: `1,200,000 yuan (about 1.20 million)`.
pub fn yuan_en(amount: i128) -> String {
    if amount.abs() >= 1_000_000 {
        format!(
            "{} yuan (about {} million)",
            group_digits(amount),
            scaled_2dp(amount.abs(), 1_000_000)
        )
    } else {
        format!("{} yuan", group_digits(amount))
    }
}

/// An amount in Chinese: `1,200,000元（约120.00万元）`, `208,000,000元（约2.08亿元）`.
pub fn yuan_zh(amount: i128) -> String {
    if amount.abs() >= 100_000_000 {
        format!(
            "{}元（约{}亿元）",
            group_digits(amount),
            scaled_2dp(amount.abs(), 100_000_000)
        )
    } else if amount.abs() >= 10_000 {
        format!(
            "{}元（约{}万元）",
            group_digits(amount),
            scaled_2dp(amount.abs(), 10_000)
        )
    } else {
        format!("{}元", group_digits(amount))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_compare_exactly_on_the_line() {
        let f = Fraction::new(5, 100).unwrap();
        assert!(f.at_least_percent(5));
        assert!(!Fraction::new(4_999_999, 100_000_000).unwrap().at_least_percent(5));
        assert!(Fraction::new(1, 0).is_none());
        assert_eq!(Fraction::new(1, -2).unwrap(), Fraction::new(-1, 2).unwrap());
    }

    #[test]
    fn percentages_are_cut_not_rounded() {
        let f = Fraction::new(49_999, 1_000_000).unwrap();
        assert_eq!(f.percent_floor().unwrap().to_string(), "4.99");
        let g = Fraction::new(-1, 3).unwrap();
        assert_eq!(g.percent_floor().unwrap().to_string(), "-33.34");
        assert_eq!(Pct::whole(5).to_string(), "5.00");
    }

    #[test]
    fn pct_round_trips_through_json() {
        let p = Fraction::new(1, 3).unwrap().percent_floor().unwrap();
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(text, "33.33");
        assert_eq!(serde_json::from_str::<Pct>(&text).unwrap(), p);
    }

    #[test]
    fn amounts_in_words() {
        assert_eq!(group_digits(1_234_567), "1,234,567");
        assert_eq!(group_digits(-1_000), "-1,000");
        assert_eq!(yuan_en(1_200_000), "1,200,000 yuan (about 1.20 million)");
        assert_eq!(yuan_en(999), "999 yuan");
        assert_eq!(yuan_zh(1_234_567), "1,234,567元（约123.46万元）");
        assert_eq!(yuan_zh(208_000_000), "208,000,000元（约2.08亿元）");
        assert_eq!(ceil_div(7, 2), 4);
        assert_eq!(ceil_div(-7, 2), -3);
        assert_eq!(ceil_div(6, 2), 3);
    }
}
