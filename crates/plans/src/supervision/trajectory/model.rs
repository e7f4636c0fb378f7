//! The data of a trajectory judgement: target kinds, directions, the target's
//! specification, an observation, and the resulting status and progress.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How far short of the straight-line expectation a target may be, as a share of the
/// whole span |target − baseline|, and still count as at risk rather than behind.
pub const AT_RISK_TOLERANCE: f64 = 0.10;

/// What a target's number means; the names are the plan parser's `kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Reach a level (`高新技术企业由300家增加到500家`).
    Level,
    /// Add this much every year (`每年新增科技型中小企业200家`).
    AnnualIncrease,
    /// Add this much over the whole period (`新增400家`).
    Increase,
    /// A growth rate in percent (`年均增长10%`).
    GrowthRate,
    /// A ratio or proportion in percent (`研发经费投入占GDP比重达到2.5%`).
    Share,
}

impl TargetKind {
    pub const ALL: [TargetKind; 5] = [
        Self::Level,
        Self::AnnualIncrease,
        Self::Increase,
        Self::GrowthRate,
        Self::Share,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::AnnualIncrease => "annual_increase",
            Self::Increase => "increase",
            Self::GrowthRate => "growth_rate",
            Self::Share => "share",
        }
    }

    /// Parses the parser's snake_case name (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Level => "达到水平",
            Self::AnnualIncrease => "每年新增",
            Self::Increase => "累计新增",
            Self::GrowthRate => "增长率",
            Self::Share => "比重",
        }
    }
}

/// Whether a target must rise (most) or fall (e.g. energy use per unit of GDP).
/// Nothing infers it: the caller says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Up,
    Down,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "up" => Some(Self::Up),
            "down" => Some(Self::Down),
            _ => None,
        }
    }
}

/// One target as supervision sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSpec {
    pub kind: TargetKind,
    pub direction: Direction,
    /// Value at the start of the period, when the plan states one. Ignored for
    /// `increase` and `annual_increase`, which always start from 0.
    pub baseline: Option<f64>,
    pub target_value: f64,
    /// First day of the plan period, e.g. 2018-01-01.
    pub start: NaiveDate,
    /// Last day of the plan period (the target's deadline), e.g. 2020-12-31.
    pub end: NaiveDate,
}

/// A progress report. For `annual_increase` the value is the increase so far in the
/// year of `on`; for `increase` the cumulative increase since the period start; for
/// the other kinds the level itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub value: f64,
    pub on: NaiveDate,
}

/// The verdict on a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    AtRisk,
    Behind,
    NoData,
}

impl Status {
    pub const ALL: [Status; 5] = [Self::Achieved, Self::OnTrack, Self::AtRisk, Self::Behind, Self::NoData];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Achieved => "achieved",
            Self::OnTrack => "on_track",
            Self::AtRisk => "at_risk",
            Self::Behind => "behind",
            Self::NoData => "no_data",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Achieved => "已完成",
            Self::OnTrack => "正常推进",
            Self::AtRisk => "存在风险",
            Self::Behind => "滞后",
            Self::NoData => "暂无数据",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Achieved => "achieved",
            Self::OnTrack => "on track",
            Self::AtRisk => "at risk",
            Self::Behind => "behind",
            Self::NoData => "no data",
        }
    }
}

/// The result of [`evaluate`]. Numbers are rounded to six decimals to drop
/// floating-point noise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Where the straight line says the target should be today (for a falling target
    /// without baseline: the highest value still on track). `None` when the spec is
    /// unusable or nothing can be expected yet.
    pub expected_now: Option<f64>,
    /// The reported value, when usable.
    pub actual: Option<f64>,
    /// Share of the way from the baseline (or 0) to the target, in percent; 0 and up,
    /// above 100 when the target is exceeded.
    pub progress_pct: Option<f64>,
    /// Share of the time elapsed, in percent (0–100): where the straight line says the
    /// progress should be.
    pub expected_pct: Option<f64>,
    pub status: Status,
    /// How much is still missing against `expected_now` (0 when on track or achieved).
    pub gap: Option<f64>,
    /// The verdict in numbers, Chinese first, then English.
    pub explanation: String,
}
