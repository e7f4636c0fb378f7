//! Rolling county figures up into a city figure.
//!
//! Counts and amounts (enterprises, platforms, contract turnover in 亿元) add up: the
//! city's figure is the sum of its counties' latest reports. Percentages, ratios and
//! growth rates do not: 2% in one county and 3% in another is not 5% for the city, and
//! not their average either without the denominators, so those need a city-wide
//! report. Reports with non-finite values are ignored.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::trajectory::{Observation, TargetKind};
use super::{fmt_num, fmt_qty};

/// How a city figure is obtained from county figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupRule {
    /// The city figure is the sum of the counties' latest reports.
    Sum,
    /// The figure cannot be summed; only a city-wide report gives it.
    CityWideOnly,
}

impl RollupRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sum => "sum",
            Self::CityWideOnly => "city_wide_only",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "sum" => Some(Self::Sum),
            "city_wide_only" => Some(Self::CityWideOnly),
            _ => None,
        }
    }
}

/// Units of counts and amounts, which add up over counties.
pub const SUMMABLE_UNITS: [&str; 14] = [
    "家", "个", "件", "项", "人", "名", "支", "场次", "人次", "亿元", "万元", "元", "户", "所",
];

/// Decides how a target of this kind and unit rolls up from counties to the city.
///
/// Levels, increases and annual increases counted in [`SUMMABLE_UNITS`] are summed;
/// everything else (unit `%`, shares, growth rates, unknown or missing units) needs a
/// city-wide report, since adding it up could be wrong.
pub fn rollup_rule(kind: TargetKind, unit: &str) -> RollupRule {
    let unit = unit.trim();
    let additive_kind = matches!(
        kind,
        TargetKind::Level | TargetKind::Increase | TargetKind::AnnualIncrease
    );
    if additive_kind && SUMMABLE_UNITS.contains(&unit) {
        RollupRule::Sum
    } else {
        RollupRule::CityWideOnly
    }
}

/// A county's latest report on one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyValue {
    pub county: String,
    pub value: f64,
    pub on: NaiveDate,
}

/// The city figure for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    pub value: Option<f64>,
    /// Date of the figure: for a sum the oldest of the summed reports (the sum is only
    /// as current as its stalest part), for a city-wide report its date.
    pub on: Option<NaiveDate>,
    /// Number of distinct counties with a usable report.
    pub counties_reported: usize,
    /// How the figure was obtained, Chinese first, then English.
    pub explanation: String,
}

/// Rolls the counties' latest reports up into a city figure; see [`roll_up_with_unit`].
pub fn roll_up(rule: RollupRule, county_latest: &[CountyValue], city_wide: Option<&Observation>) -> Rollup {
    roll_up_with_unit(rule, county_latest, city_wide, "")
}

/// Rolls the counties' latest reports up into a city figure, naming `unit` in the
/// Chinese explanation.
///
/// * `Sum`: the sum of each county's latest report. A county listed more than once
///   counts once, with its newest report (the later entry on the same date). When a
///   city-wide report is newer than every county report it is preferred, and when no
///   county has reported it is used as it is.
/// * `CityWideOnly`: the city-wide report, or no value.
pub fn roll_up_with_unit(
    rule: RollupRule,
    county_latest: &[CountyValue],
    city_wide: Option<&Observation>,
    unit: &str,
) -> Rollup {
    let mut latest: BTreeMap<&str, &CountyValue> = BTreeMap::new();
    for cv in county_latest.iter().filter(|cv| cv.value.is_finite()) {
        let slot = latest.entry(cv.county.as_str()).or_insert(cv);
        if cv.on >= slot.on {
            *slot = cv;
        }
    }
    let counties_reported = latest.len();
    let city = city_wide.filter(|o| o.value.is_finite());
    let q = |x: f64| fmt_qty(x, unit);

    match rule {
        RollupRule::CityWideOnly => match city {
            Some(c) => Rollup {
                value: Some(c.value),
                on: Some(c.on),
                counties_reported,
                explanation: format!(
                    "比例、增长率类指标不能由各县(市、区)相加，采用全市填报值 {}（{}） / \
                     ratios and rates cannot be summed over counties; using the city-wide report {} of {}",
                    q(c.value),
                    c.on,
                    fmt_num(c.value),
                    c.on,
                ),
            },
            None => Rollup {
                value: None,
                on: None,
                counties_reported,
                explanation: "比例、增长率类指标不能由各县(市、区)相加，需全市填报，暂无全市填报 / \
                              ratios and rates cannot be summed over counties and need a city-wide report; \
                              there is none yet"
                    .to_owned(),
            },
        },
        RollupRule::Sum => {
            if latest.is_empty() {
                return match city {
                    Some(c) => Rollup {
                        value: Some(c.value),
                        on: Some(c.on),
                        counties_reported: 0,
                        explanation: format!(
                            "各县(市、区)均未填报，采用全市填报值 {}（{}） / no county has reported; \
                             using the city-wide report {} of {}",
                            q(c.value),
                            c.on,
                            fmt_num(c.value),
                            c.on,
                        ),
                    },
                    None => Rollup {
                        value: None,
                        on: None,
                        counties_reported: 0,
                        explanation: "暂无县(市、区)或全市填报 / no county or city-wide report yet".to_owned(),
                    },
                };
            }
            let sum: f64 = latest.values().map(|cv| cv.value).sum();
            let oldest = latest.values().map(|cv| cv.on).min();
            let newest = latest.values().map(|cv| cv.on).max();
            let n = counties_reported;
            if let Some(c) = city.filter(|c| newest.is_some_and(|newest| c.on > newest)) {
                return Rollup {
                    value: Some(c.value),
                    on: Some(c.on),
                    counties_reported,
                    explanation: format!(
                        "全市填报（{on}）晚于所有县(市、区)填报，采用全市值 {}；{n}个县(市、区)合计 {} / \
                         the city-wide report of {on} is newer than every county report; using it, {} \
                         (sum of {n} counties: {})",
                        q(c.value),
                        q(sum),
                        fmt_num(c.value),
                        fmt_num(sum),
                        on = c.on,
                    ),
                };
            }
            if !sum.is_finite() {
                return Rollup {
                    value: None,
                    on: oldest,
                    counties_reported,
                    explanation: "各县(市、区)合计超出可计算范围 / the county sum is out of computable range"
                        .to_owned(),
                };
            }
            let oldest_text = oldest.map(|d| d.to_string()).unwrap_or_default();
            Rollup {
                value: Some(sum),
                on: oldest,
                counties_reported,
                explanation: format!(
                    "{n}个县(市、区)最新填报合计 {}（最早一份填报于 {oldest_text}） / \
                     sum of the latest reports of {n} counties: {} (oldest report of {oldest_text})",
                    q(sum),
                    fmt_num(sum),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cv(county: &str, value: f64, on: NaiveDate) -> CountyValue {
        CountyValue {
            county: county.to_owned(),
            value,
            on,
        }
    }

    #[test]
    fn rules() {
        use RollupRule::*;
        use TargetKind::*;
        let cases = [
            (Level, "家", Sum),
            (Increase, "家", Sum),
            (AnnualIncrease, "家", Sum),
            (Increase, "个", Sum),
            (Level, "件", Sum),
            (Level, "项", Sum),
            (Level, "人", Sum),
            (Level, "名", Sum),
            (Increase, "支", Sum),
            (AnnualIncrease, "场次", Sum),
            (AnnualIncrease, "人次", Sum),
            (Level, "亿元", Sum),
            (Level, " 万元 ", Sum),
            (Increase, "元", Sum),
            (Level, "%", CityWideOnly),
            (Share, "%", CityWideOnly),
            (GrowthRate, "%", CityWideOnly),
            (Share, "家", CityWideOnly),
            (GrowthRate, "亿元", CityWideOnly),
            (Level, "吨标准煤/万元", CityWideOnly),
            (Level, "倍", CityWideOnly),
            (Level, "", CityWideOnly),
        ];
        for (kind, unit, want) in cases {
            assert_eq!(rollup_rule(kind, unit), want, "{kind:?} {unit:?}");
        }
        for r in [Sum, CityWideOnly] {
            assert_eq!(RollupRule::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn table() {
        use RollupRule::*;
        let three = vec![
            cv("固安县", 120.0, d(2020, 6, 30)),
            cv("永清县", 80.0, d(2020, 3, 31)),
            cv("香河县", 50.5, d(2020, 6, 30)),
        ];
        let city = |v: f64, on: NaiveDate| Observation { value: v, on };
        struct Case {
            name: &'static str,
            rule: RollupRule,
            counties: Vec<CountyValue>,
            city: Option<Observation>,
            value: Option<f64>,
            on: Option<NaiveDate>,
            reported: usize,
        }
        let cases = [
            Case {
                name: "sum of three",
                rule: Sum,
                counties: three.clone(),
                city: None,
                value: Some(250.5),
                on: Some(d(2020, 3, 31)),
                reported: 3,
            },
            Case {
                name: "older city-wide report is not used",
                rule: Sum,
                counties: three.clone(),
                city: Some(city(300.0, d(2020, 5, 1))),
                value: Some(250.5),
                on: Some(d(2020, 3, 31)),
                reported: 3,
            },
            Case {
                name: "city-wide report as new as the newest county is not used",
                rule: Sum,
                counties: three.clone(),
                city: Some(city(300.0, d(2020, 6, 30))),
                value: Some(250.5),
                on: Some(d(2020, 3, 31)),
                reported: 3,
            },
            Case {
                name: "newer city-wide report wins",
                rule: Sum,
                counties: three.clone(),
                city: Some(city(300.0, d(2020, 7, 1))),
                value: Some(300.0),
                on: Some(d(2020, 7, 1)),
                reported: 3,
            },
            Case {
                name: "no counties, city-wide report",
                rule: Sum,
                counties: vec![],
                city: Some(city(300.0, d(2020, 7, 1))),
                value: Some(300.0),
                on: Some(d(2020, 7, 1)),
                reported: 0,
            },
            Case {
                name: "nothing at all",
                rule: Sum,
                counties: vec![],
                city: None,
                value: None,
                on: None,
                reported: 0,
            },
            Case {
                name: "duplicate county keeps its newest report",
                rule: Sum,
                counties: vec![
                    cv("固安县", 100.0, d(2020, 6, 30)),
                    cv("固安县", 90.0, d(2020, 3, 31)),
                    cv("永清县", 10.0, d(2020, 5, 1)),
                ],
                city: None,
                value: Some(110.0),
                on: Some(d(2020, 5, 1)),
                reported: 2,
            },
            Case {
                name: "non-finite county values are ignored",
                rule: Sum,
                counties: vec![
                    cv("固安县", f64::NAN, d(2020, 1, 1)),
                    cv("永清县", 10.0, d(2020, 5, 1)),
                    cv("香河县", f64::INFINITY, d(2020, 5, 1)),
                ],
                city: Some(city(f64::NAN, d(2021, 1, 1))),
                value: Some(10.0),
                on: Some(d(2020, 5, 1)),
                reported: 1,
            },
            Case {
                name: "sum overflow",
                rule: Sum,
                counties: vec![
                    cv("固安县", f64::MAX, d(2020, 1, 1)),
                    cv("永清县", f64::MAX, d(2020, 1, 1)),
                ],
                city: None,
                value: None,
                on: Some(d(2020, 1, 1)),
                reported: 2,
            },
            Case {
                name: "city-wide only: report present",
                rule: CityWideOnly,
                counties: three.clone(),
                city: Some(city(2.3, d(2020, 1, 1))),
                value: Some(2.3),
                on: Some(d(2020, 1, 1)),
                reported: 3,
            },
            Case {
                name: "city-wide only: counties alone are not enough",
                rule: CityWideOnly,
                counties: three.clone(),
                city: None,
                value: None,
                on: None,
                reported: 3,
            },
            Case {
                name: "city-wide only: NaN report",
                rule: CityWideOnly,
                counties: vec![],
                city: Some(city(f64::NAN, d(2020, 1, 1))),
                value: None,
                on: None,
                reported: 0,
            },
        ];
        for c in cases {
            let r = roll_up(c.rule, &c.counties, c.city.as_ref());
            assert_eq!(
                (r.value, r.on, r.counties_reported),
                (c.value, c.on, c.reported),
                "{}: {r:?}",
                c.name
            );
            assert!(r.explanation.contains(" / "), "{}: {r:?}", c.name);
        }
    }

    #[test]
    fn explanations() {
        let counties = [cv("固安县", 120.0, d(2020, 6, 30)), cv("永清县", 80.0, d(2020, 3, 31))];
        let r = roll_up_with_unit(RollupRule::Sum, &counties, None, "家");
        assert_eq!(
            r.explanation,
            "2个县(市、区)最新填报合计 200 家（最早一份填报于 2020-03-31） / \
             sum of the latest reports of 2 counties: 200 (oldest report of 2020-03-31)"
        );
        let city = Observation {
            value: 210.0,
            on: d(2020, 7, 15),
        };
        let r = roll_up_with_unit(RollupRule::Sum, &counties, Some(&city), "家");
        assert_eq!(
            r.explanation,
            "全市填报（2020-07-15）晚于所有县(市、区)填报，采用全市值 210 家；2个县(市、区)合计 200 家 / \
             the city-wide report of 2020-07-15 is newer than every county report; using it, 210 \
             (sum of 2 counties: 200)"
        );
        let r = roll_up(RollupRule::CityWideOnly, &counties, None);
        assert!(
            r.explanation
                .starts_with("比例、增长率类指标不能由各县(市、区)相加，需全市填报")
        );
    }
}
