//! Administrative regions (province -> city -> county) and the path notation
//! used to decide whether one region lies within another.
//!
//! A region's `path` lists the division codes from the root down, e.g.
//! `/130000/131000/131022/` for 河北省 / 廊坊市 / 固安县. A record belongs to a
//! region; a scope covers a region and everything below it, which is a simple
//! prefix test on the path (and a `LIKE 'prefix%'` in SQL).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Level of a region in the administrative hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    City,
    County,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 3] = [Self::Province, Self::City, Self::County];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The level a child of this level must have.
    pub fn child(self) -> Option<Self> {
        match self {
            Self::Province => Some(Self::City),
            Self::City => Some(Self::County),
            Self::County => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Province => "省",
            Self::City => "市",
            Self::County => "县(市、区)",
        }
    }
}

impl fmt::Display for RegionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A six-digit administrative division code (GB/T 2260), e.g. `131022`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("行政区划代码必须是6位数字 / division code must be 6 digits: {0:?}")]
    BadCode(String),
    #[error("区域名称不能为空 / region name must not be empty")]
    EmptyName,
    #[error("{child}级区域的上级必须是{expected} / a {child} must sit under a {expected}")]
    BadParent { child: String, expected: String },
}

impl DivisionCode {
    pub fn parse(s: &str) -> Result<Self, RegionError> {
        let t = s.trim();
        if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(t.to_owned()))
        } else {
            Err(RegionError::BadCode(s.to_owned()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = RegionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(c: DivisionCode) -> String {
        c.0
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Path of a region from the root, e.g. `/130000/131000/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegionPath(String);

impl RegionPath {
    pub fn root(code: &DivisionCode) -> Self {
        Self(format!("/{}/", code.as_str()))
    }
    pub fn child(&self, code: &DivisionCode) -> Self {
        Self(format!("{}{}/", self.0, code.as_str()))
    }
    /// Wraps a path read back from storage.
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &RegionPath) -> bool {
        self.0.starts_with(&other.0)
    }
    /// Number of levels (1 for a root).
    pub fn depth(&self) -> usize {
        self.0.matches('/').count().saturating_sub(1)
    }
    /// SQL `LIKE` pattern matching this region and everything below it.
    pub fn like_pattern(&self) -> String {
        format!("{}%", self.0)
    }
}

/// Checks that a region of `level` may be placed under a parent of `parent`.
pub fn check_parent(level: RegionLevel, parent: Option<RegionLevel>) -> Result<(), RegionError> {
    let ok = match (level, parent) {
        (RegionLevel::Province, None) => true,
        (RegionLevel::City, None) => true, // a deployment for a single city
        (l, Some(p)) => p.child() == Some(l),
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let expected = match level {
        RegionLevel::Province => "(无上级) / none",
        RegionLevel::City => "省",
        RegionLevel::County => "市",
    };
    Err(RegionError::BadParent {
        child: level.label_zh().to_owned(),
        expected: expected.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        DivisionCode::parse(s).unwrap()
    }

    #[test]
    fn division_codes() {
        for ok in ["130000", " 131022 "] {
            assert!(DivisionCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "13000", "1300000", "13000A", "１３００００"] {
            assert!(DivisionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_and_scope() {
        let p = RegionPath::root(&code("130000"));
        let c = p.child(&code("131000"));
        let k = c.child(&code("131022"));
        let other_city = p.child(&code("130600"));
        assert_eq!(k.as_str(), "/130000/131000/131022/");
        assert_eq!(k.depth(), 3);
        assert!(k.is_within(&c) && k.is_within(&p) && k.is_within(&k));
        assert!(!c.is_within(&k));
        assert!(!k.is_within(&other_city));
        assert_eq!(c.like_pattern(), "/130000/131000/%");
    }

    #[test]
    fn parent_levels() {
        use RegionLevel::*;
        let cases = [
            (Province, None, true),
            (City, None, true),
            (County, None, false),
            (City, Some(Province), true),
            (County, Some(City), true),
            (County, Some(Province), false),
            (Province, Some(Province), false),
            (City, Some(County), false),
        ];
        for (level, parent, ok) in cases {
            assert_eq!(check_parent(level, parent).is_ok(), ok, "{level:?} under {parent:?}");
        }
    }
}
