//! Points of a score as an inclusive range, and where inside a judgment band
//! the experts' points are assumed to fall.
//!
//! Many sub-scores of the high-tech enterprise innovation evaluation are an
//! expert's pick inside a band (技术的先进程度 "较高" earns 5-6 points). The
//! engine carries each such score as `[min, max]`; [`PointsMode`] narrows a
//! band to its bottom, its top, or keeps it whole.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Add;

/// An inclusive range of points, written in JSON as `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Points {
    pub min: u32,
    pub max: u32,
}

impl Points {
    pub const ZERO: Points = Points { min: 0, max: 0 };

    pub fn exact(n: u32) -> Points {
        Points { min: n, max: n }
    }

    pub fn band(min: u32, max: u32) -> Points {
        debug_assert!(min <= max);
        Points { min, max }
    }

    /// Both ends limited to `cap` (e.g. the IP part's 30 points).
    pub fn capped(self, cap: u32) -> Points {
        Points {
            min: self.min.min(cap),
            max: self.max.min(cap),
        }
    }

    pub fn is_exact(self) -> bool {
        self.min == self.max
    }
}

impl Add for Points {
    type Output = Points;

    fn add(self, other: Points) -> Points {
        Points {
            min: self.min + other.min,
            max: self.max + other.max,
        }
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.min, self.max].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        let [min, max] = <[u32; 2]>::deserialize(d)?;
        if min > max {
            return Err(serde::de::Error::custom(format!("[{min}, {max}]: min above max")));
        }
        Ok(Points { min, max })
    }
}

/// Where the experts' points fall inside every judgment band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PointsMode {
    /// The top of every band.
    Max,
    /// The bottom of every band.
    Min,
    /// The whole band: the lowest and highest score the firm could get.
    Range,
}

impl PointsMode {
    /// The part of `band` this mode keeps.
    pub fn pick(self, band: Points) -> Points {
        match self {
            PointsMode::Max => Points::exact(band.max),
            PointsMode::Min => Points::exact(band.min),
            PointsMode::Range => band,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_pick_ends_of_a_band() {
        let b = Points::band(5, 6);
        assert_eq!(PointsMode::Max.pick(b), Points::exact(6));
        assert_eq!(PointsMode::Min.pick(b), Points::exact(5));
        assert_eq!(PointsMode::Range.pick(b), b);
        assert_eq!((b + Points::exact(30)).capped(30), Points::band(30, 30));
        assert_eq!(serde_json::to_string(&b).unwrap(), "[5,6]");
        assert!(serde_json::from_str::<Points>("[6,5]").is_err());
    }
}
