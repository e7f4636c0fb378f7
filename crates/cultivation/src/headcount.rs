//! Head counts (职工总数, 科技人员) as annual monthly averages.
//!
//! The 指引 counts staff as 全年月平均数 (the mean of twelve monthly means),
//! which is rarely whole. A [`Headcount`] keeps it exactly, to 1/10,000 of a
//! person, as an integer; JSON may give it as `120` or `45.5`.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;
use std::str::FromStr;

/// Ten-thousandths of a person in one person.
const SCALE: i64 = 10_000;
/// The largest head count accepted.
const MAX_PERSONS: i64 = 10_000_000;

/// A non-negative head count with at most four decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Headcount(i64);

impl Headcount {
    pub const ZERO: Headcount = Headcount(0);
    /// How many units make one person.
    pub const UNITS_PER_PERSON: i64 = SCALE;

    /// A whole number of persons.
    pub fn persons(n: u32) -> Headcount {
        Headcount(i64::from(n) * SCALE)
    }

    /// An exact decimal head count, e.g. `45.25`.
    pub fn from_decimal(d: Decimal) -> Result<Headcount, String> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(format!("a head count cannot be negative: {d}"));
        }
        if d > Decimal::from(MAX_PERSONS) {
            return Err(format!("a head count above {MAX_PERSONS} is not plausible: {d}"));
        }
        let units = d * Decimal::from(SCALE);
        if !units.fract().is_zero() {
            return Err(format!("a head count has at most four decimals: {d}"));
        }
        units
            .to_i64()
            .map(Headcount)
            .ok_or_else(|| format!("not a head count: {d}"))
    }

    /// The count in ten-thousandths of a person.
    pub fn units(self) -> i64 {
        self.0
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 4).normalize()
    }
}

impl fmt::Display for Headcount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_decimal())
    }
}

impl Serialize for Headcount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            s.serialize_i64(self.0 / SCALE)
        } else {
            s.serialize_f64(self.to_decimal().to_f64().unwrap_or(0.0))
        }
    }
}

struct HeadcountVisitor;

impl de::Visitor<'_> for HeadcountVisitor {
    type Value = Headcount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative head count (annual monthly average), at most four decimals")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Headcount, E> {
        Headcount::from_decimal(Decimal::from(v)).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Headcount, E> {
        Headcount::from_decimal(Decimal::from(v)).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Headcount, E> {
        // The shortest round-trip text of the f64 is the number as written
        // in the JSON for any count with fewer than 16 significant digits.
        let d = Decimal::from_str(&format!("{v}")).map_err(|_| E::custom(format!("not a head count: {v}")))?;
        Headcount::from_decimal(d).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Headcount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Headcount, D::Error> {
        d.deserialize_any(HeadcountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_and_fractional_counts() {
        let h: Headcount = serde_json::from_str("45.25").unwrap();
        assert_eq!(h.units(), 452_500);
        assert_eq!(serde_json::to_string(&h).unwrap(), "45.25");
        let w: Headcount = serde_json::from_str("120").unwrap();
        assert_eq!(w, Headcount::persons(120));
        assert_eq!(serde_json::to_string(&w).unwrap(), "120");
        assert_eq!(w.to_string(), "120");
    }

    #[test]
    fn rejects_bad_counts() {
        assert!(serde_json::from_str::<Headcount>("-1").is_err());
        assert!(serde_json::from_str::<Headcount>("1.00001").is_err());
        assert!(serde_json::from_str::<Headcount>("\"12\"").is_err());
        assert!(serde_json::from_str::<Headcount>("1e9").is_err());
    }
}
