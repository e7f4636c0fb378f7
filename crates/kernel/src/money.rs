//! Money as integer fen (分). Amounts are never floating point: they are parsed
//! from decimal text, added as integers and printed back as yuan.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("金额格式不正确 / not a valid amount: {0:?}")]
    Invalid(String),
    #[error("金额最多两位小数 / at most two decimal places: {0:?}")]
    TooPrecise(String),
    #[error("金额超出范围 / amount out of range: {0:?}")]
    Overflow(String),
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn from_yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    /// Parses yuan written as decimal text: `"12"`, `"12.3"`, `"-0.05"`,
    /// `"1,234.50"`, optionally with a 万 or 亿 suffix (`"20万"`).
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        let invalid = || MoneyError::Invalid(text.to_owned());
        let mut s: String = text.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
        let mut scale: i64 = 1;
        for (suffix, mul) in [
            ("亿元", 100_000_000),
            ("万元", 10_000),
            ("元", 1),
            ("亿", 100_000_000),
            ("万", 10_000),
        ] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim().to_owned();
                scale = mul;
                break;
            }
        }
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        // fen = (int * 100 + frac_scaled) * scale, using exact integers
        let total_scale = 100i128 * scale as i128;
        let int_val: i128 = if int_part.is_empty() {
            0
        } else {
            int_part
                .parse::<i128>()
                .map_err(|_| MoneyError::Overflow(text.to_owned()))?
        };
        let mut frac_val: i128 = 0;
        let mut denom: i128 = 1;
        for b in frac_part.bytes() {
            frac_val = frac_val * 10 + (b - b'0') as i128;
            denom *= 10;
            if denom > 1_000_000_000_000 {
                return Err(MoneyError::TooPrecise(text.to_owned()));
            }
        }
        let num = int_val
            .checked_mul(total_scale)
            .and_then(|v| v.checked_add(frac_val * total_scale / denom))
            .ok_or_else(|| MoneyError::Overflow(text.to_owned()))?;
        if (frac_val * total_scale) % denom != 0 {
            return Err(MoneyError::TooPrecise(text.to_owned()));
        }
        let v = i64::try_from(if neg { -num } else { num }).map_err(|_| MoneyError::Overflow(text.to_owned()))?;
        Ok(Fen(v))
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }
}

impl fmt::Display for Fen {
    /// Prints yuan with two decimals, e.g. `1234.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("0", Some(0)),
            ("12", Some(1200)),
            ("12.3", Some(1230)),
            ("12.34", Some(1234)),
            ("-0.05", Some(-5)),
            ("1,234.50", Some(123450)),
            ("20万", Some(20_000_000)),
            ("20万元", Some(20_000_000)),
            ("1.5亿元", Some(15_000_000_000)),
            ("0.015万", Some(15_000)),
            ("12.345", None),
            ("abc", None),
            ("", None),
            ("-", None),
            ("1.2.3", None),
            ("99999999999999999999", None),
        ];
        for (text, want) in cases {
            assert_eq!(Fen::parse_yuan(text).ok().map(|f| f.0), *want, "{text}");
        }
    }

    #[test]
    fn display() {
        assert_eq!(Fen(123450).to_string(), "1234.50");
        assert_eq!(Fen(-5).to_string(), "-0.05");
        assert_eq!(Fen(0).to_string(), "0.00");
    }

    proptest::proptest! {
        #[test]
        fn display_parses_back(v in -1_000_000_000_000i64..1_000_000_000_000) {
            let f = Fen(v);
            proptest::prop_assert_eq!(Fen::parse_yuan(&f.to_string()), Ok(f));
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = Fen::parse_yuan(&s);
        }
    }
}
