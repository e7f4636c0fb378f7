//! Progress of one plan target against a straight-line trajectory.
//!
//! A target (目标) runs from its baseline at the start of the plan period to its
//! target value at the end. Where a straight line between the two says the target
//! should be today is the expectation; the latest progress report (进度填报) is
//! compared with it:
//!
//! * **achieved** (已完成) — the report has reached the target (upwards or downwards,
//!   as the target's [`Direction`] says);
//! * **on track** (正常推进) — at or beyond the expectation;
//! * **at risk** (存在风险) — short of the expectation by at most
//!   [`AT_RISK_TOLERANCE`] of the whole span |target − baseline|;
//! * **behind** (滞后) — further short, and always once the period is over without
//!   the target reached;
//! * **no data** — nothing (usable) reported.
//!
//! Time is measured in days and the time fraction is clamped to [0, 1]. Yearly
//! targets (`annual_increase`) run within the calendar year of the report, cumulative
//! increases (`increase`) from 0 at the start. Without a baseline a level, share or
//! growth rate is judged by the share of the target reached against the share of
//! time elapsed. Non-finite numbers are treated as no data; nothing here panics.

use chrono::{Datelike, NaiveDate};

use super::{fmt_num, fmt_qty};

mod model;
pub use model::*;

/// Judges a target on its latest report as of `today`; explanations carry no unit.
/// See [`evaluate_with_unit`].
pub fn evaluate(spec: &TargetSpec, latest: Option<&Observation>, today: NaiveDate) -> Progress {
    evaluate_with_unit(spec, latest, today, "")
}

/// Judges a target on its latest report as of `today`, naming `unit` (the target's
/// unit, e.g. `家`, `%`, `亿元`) in the Chinese explanation.
///
/// For `annual_increase` the year judged is the report's year: pass the report of the
/// year of interest. A report from a year that is already over is judged as that
/// year's final result.
pub fn evaluate_with_unit(spec: &TargetSpec, latest: Option<&Observation>, today: NaiveDate, unit: &str) -> Progress {
    let frame = Frame::new(spec, latest.map(|o| o.on), today);
    let expected_pct = Some(tidy(frame.f * 100.0));
    let line = match Line::of(spec) {
        Ok(line) => line,
        Err(why) => return no_data(None, expected_pct, why.to_owned()),
    };
    let expected = line.expected(frame.f).filter(|e| e.is_finite());
    let Some(obs) = latest else {
        let why = match (line, expected) {
            (Line::Straight { .. }, Some(e)) => {
                let (zh_verb, _) = verbs(spec);
                format!(
                    "暂无进度填报；{}按直线进度此时{zh_verb} {} / no progress report yet; {}straight-line expectation {}",
                    frame.year_zh(),
                    fmt_qty(e, unit),
                    frame.year_en(),
                    en_qty(e, unit),
                )
            }
            _ => "暂无进度填报 / no progress report yet".to_owned(),
        };
        return no_data(expected.map(tidy), expected_pct, why);
    };
    if !obs.value.is_finite() {
        return no_data(
            expected.map(tidy),
            expected_pct,
            "填报值不是有效数字 / the reported value is not a finite number".to_owned(),
        );
    }

    let actual = obs.value;
    let target = spec.target_value;
    let eps = 1e-9 * 1f64.max(target.abs()).max(line.origin().abs());
    let reached = match spec.direction {
        Direction::Up => actual >= target - eps,
        Direction::Down => actual <= target + eps,
    };
    let progress = line.progress(actual, reached);
    // How far short of the expectation the report is, in the target's direction.
    let short = expected.map(|e| match spec.direction {
        Direction::Up => e - actual,
        Direction::Down => actual - e,
    });
    let straight = matches!(line, Line::Straight { .. });
    if !(progress * 100.0).is_finite()
        || short.is_some_and(|s| !s.is_finite())
        || (straight && expected.is_none())
        || !line.tolerance().is_finite()
    {
        return no_data(
            expected.map(tidy),
            expected_pct,
            "数值超出可计算范围 / the numbers are out of computable range".to_owned(),
        );
    }

    let tolerance = line.tolerance();
    let status = if reached {
        Status::Achieved
    } else if frame.over {
        Status::Behind
    } else {
        match line {
            Line::Straight { .. } => {
                let s = short.unwrap_or(0.0);
                if s <= eps {
                    Status::OnTrack
                } else if s <= tolerance + eps {
                    Status::AtRisk
                } else {
                    Status::Behind
                }
            }
            Line::RatioDown { .. } => {
                if progress >= frame.f - 1e-9 {
                    Status::OnTrack
                } else if progress >= frame.f - AT_RISK_TOLERANCE - 1e-9 {
                    Status::AtRisk
                } else {
                    Status::Behind
                }
            }
        }
    };
    let gap = match status {
        Status::Achieved => Some(0.0),
        _ => short.map(|s| tidy(s.max(0.0))),
    };
    let explanation = Explain {
        spec,
        unit,
        frame: &frame,
        line,
        actual,
        expected,
        short: short.unwrap_or(0.0),
        progress,
        tolerance,
        eps,
        status,
        today,
    }
    .text();
    Progress {
        expected_now: expected.map(tidy),
        actual: Some(actual),
        progress_pct: Some(tidy(progress.max(0.0) * 100.0)),
        expected_pct,
        status,
        gap,
        explanation,
    }
}

fn no_data(expected_now: Option<f64>, expected_pct: Option<f64>, explanation: String) -> Progress {
    Progress {
        expected_now,
        actual: None,
        progress_pct: None,
        expected_pct,
        status: Status::NoData,
        gap: None,
        explanation,
    }
}

/// Rounds to six decimals (drops floating-point noise such as 540.0000000001).
fn tidy(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r.is_finite() { r + 0.0 } else { x }
}

/// Share of the way from `from` to `to` that `today` has covered, counted in days and
/// clamped to [0, 1]. A period of no length (or reversed) is all-or-nothing.
fn time_fraction(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> f64 {
    let total = (to - from).num_days();
    if total <= 0 {
        return if today >= to { 1.0 } else { 0.0 };
    }
    let elapsed = (today - from).num_days();
    (elapsed as f64 / total as f64).clamp(0.0, 1.0)
}

/// The time window a target is judged in.
struct Frame {
    /// Time fraction, 0..=1.
    f: f64,
    /// The window is over (the deadline has passed).
    over: bool,
    /// The calendar year judged, for yearly targets.
    year: Option<i32>,
}

impl Frame {
    fn new(spec: &TargetSpec, reported_on: Option<NaiveDate>, today: NaiveDate) -> Frame {
        match spec.kind {
            TargetKind::AnnualIncrease => {
                let year = reported_on.unwrap_or(today).year();
                let window = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
                let (from, to) = window.unwrap_or((spec.start, spec.end));
                let over = today > to || today > spec.end;
                let f = if over { 1.0 } else { time_fraction(from, to, today) };
                Frame {
                    f,
                    over,
                    year: Some(year),
                }
            }
            _ => {
                let over = today > spec.end;
                let f = if over {
                    1.0
                } else {
                    time_fraction(spec.start, spec.end, today)
                };
                Frame { f, over, year: None }
            }
        }
    }

    fn year_zh(&self) -> String {
        self.year.map(|y| format!("{y}年度")).unwrap_or_default()
    }

    fn year_en(&self) -> String {
        self.year.map(|y| format!("{y}: ")).unwrap_or_default()
    }
}

/// The trajectory a target is measured against.
#[derive(Debug, Clone, Copy)]
enum Line {
    /// Expected value = origin + (target − origin) × time fraction. `by_share` marks a
    /// level without baseline, judged as the share of the target reached.
    Straight { origin: f64, target: f64, by_share: bool },
    /// A falling target without baseline: judged by target ÷ actual against the time
    /// fraction (no straight line can be drawn).
    RatioDown { target: f64 },
}

impl Line {
    fn of(spec: &TargetSpec) -> Result<Line, &'static str> {
        let target = spec.target_value;
        if !target.is_finite() {
            return Err("目标值不是有效数字 / the target value is not a finite number");
        }
        Ok(match spec.kind {
            TargetKind::Increase | TargetKind::AnnualIncrease => Line::Straight {
                origin: 0.0,
                target,
                by_share: false,
            },
            TargetKind::Level | TargetKind::Share | TargetKind::GrowthRate => match spec.baseline {
                Some(b) if !b.is_finite() => {
                    return Err("基期值不是有效数字 / the baseline is not a finite number");
                }
                Some(origin) => Line::Straight {
                    origin,
                    target,
                    by_share: false,
                },
                None => match spec.direction {
                    Direction::Up => Line::Straight {
                        origin: 0.0,
                        target,
                        by_share: true,
                    },
                    Direction::Down => Line::RatioDown { target },
                },
            },
        })
    }

    fn origin(self) -> f64 {
        match self {
            Line::Straight { origin, .. } => origin,
            Line::RatioDown { .. } => 0.0,
        }
    }

    fn expected(self, f: f64) -> Option<f64> {
        match self {
            Line::Straight { origin, target, .. } => Some(origin + (target - origin) * f),
            Line::RatioDown { target } => (f > 0.0 && target > 0.0).then(|| target / f),
        }
    }

    /// Share of the way to the target (1 = reached), possibly negative.
    fn progress(self, actual: f64, reached: bool) -> f64 {
        let fallback = if reached { 1.0 } else { 0.0 };
        match self {
            Line::Straight { origin, target, .. } => {
                let span = target - origin;
                if span != 0.0 {
                    (actual - origin) / span
                } else {
                    fallback
                }
            }
            Line::RatioDown { target } => {
                if target > 0.0 && actual > 0.0 {
                    target / actual
                } else {
                    fallback
                }
            }
        }
    }

    /// The at-risk tolerance in the target's unit (for `RatioDown` it is applied to
    /// the ratio instead and this is unused).
    fn tolerance(self) -> f64 {
        match self {
            Line::Straight { origin, target, .. } => AT_RISK_TOLERANCE * (target - origin).abs(),
            Line::RatioDown { .. } => 0.0,
        }
    }
}

/// Chinese verb for the expectation and the report.
fn verbs(spec: &TargetSpec) -> (&'static str, &'static str) {
    match (spec.kind, spec.direction) {
        (_, Direction::Down) => ("应降至", "实际"),
        (TargetKind::Increase | TargetKind::AnnualIncrease, Direction::Up) => ("应新增", "实际新增"),
        _ => ("应达到", "实际"),
    }
}

/// English quantity: bare numbers, except that percentages keep their sign.
fn en_qty(x: f64, unit: &str) -> String {
    if unit.trim() == "%" {
        format!("{}%", fmt_num(x))
    } else {
        fmt_num(x)
    }
}

fn pct(x: f64) -> String {
    fmt_num((x * 10000.0).round() / 100.0)
}

struct Explain<'a> {
    spec: &'a TargetSpec,
    unit: &'a str,
    frame: &'a Frame,
    line: Line,
    actual: f64,
    expected: Option<f64>,
    short: f64,
    progress: f64,
    tolerance: f64,
    eps: f64,
    status: Status,
    today: NaiveDate,
}

impl Explain<'_> {
    fn text(&self) -> String {
        let u = self.unit;
        let target = self.spec.target_value;
        let (zh_expect, zh_actual) = verbs(self.spec);
        let (zh_year, en_year) = (self.frame.year_zh(), self.frame.year_en());
        let t_zh = fmt_qty(target, u);
        let t_en = en_qty(target, u);
        let a_zh = fmt_qty(self.actual, u);
        let a_en = en_qty(self.actual, u);

        if self.status == Status::Achieved {
            let what = match self.spec.kind {
                TargetKind::Increase | TargetKind::AnnualIncrease => "新增目标",
                _ => "目标",
            };
            return format!(
                "{zh_year}已完成{what} {t_zh}（{zh_actual} {a_zh}） / {en_year}target {t_en} reached (actual {a_en})"
            );
        }

        if self.frame.over {
            let missing = match self.spec.direction {
                Direction::Up => target - self.actual,
                Direction::Down => self.actual - target,
            };
            let (head_zh, head_en) = if self.today > self.spec.end {
                let end = self.spec.end;
                (
                    format!("规划期已于 {end} 结束"),
                    format!("the plan period ended on {end}"),
                )
            } else {
                (format!("{zh_year}已结束"), format!("{en_year}the year is over"))
            };
            return format!(
                "{head_zh}，未完成目标 {t_zh}：{zh_actual} {a_zh}，差 {} / {head_en} without reaching the target {t_en}: actual {a_en}, short by {}",
                fmt_qty(missing, u),
                en_qty(missing, u),
            );
        }

        let elapsed = pct(self.frame.f);
        let (tail_zh, tail_en) = match self.status {
            Status::AtRisk => ("，落后不超过10个百分点", ", no more than 10 points behind"),
            Status::Behind => ("，落后超过10个百分点", ", more than 10 points behind"),
            _ => ("", ""),
        };
        match self.line {
            Line::RatioDown { .. } => format!(
                "无基期值，按完成比例判断：目标 {t_zh} 为实际 {a_zh} 的 {p}%，时间已过 {elapsed}%{tail_zh} / no baseline, judged by target ÷ actual: the target {t_en} is {p}% of the actual {a_en} with {elapsed}% of the time elapsed{tail_en}",
                p = pct(self.progress.max(0.0)),
            ),
            Line::Straight { by_share: true, .. } => format!(
                "无基期值，按完成比例判断：实际 {a_zh} 为目标 {t_zh} 的 {p}%，时间已过 {elapsed}%{tail_zh} / no baseline, judged by share of target: the actual {a_en} is {p}% of the target {t_en} with {elapsed}% of the time elapsed{tail_en}",
                p = pct(self.progress.max(0.0)),
            ),
            Line::Straight { by_share: false, .. } => {
                let e = self.expected.unwrap_or(target);
                let (cmp_zh, cmp_en) = if self.short > self.eps {
                    (
                        format!("差 {}", fmt_qty(self.short, u)),
                        format!("short by {}", en_qty(self.short, u)),
                    )
                } else if self.short < -self.eps {
                    (
                        format!("超出 {}", fmt_qty(-self.short, u)),
                        format!("ahead by {}", en_qty(-self.short, u)),
                    )
                } else {
                    ("与进度持平".to_owned(), "exactly on the line".to_owned())
                };
                let tol_zh = fmt_qty(self.tolerance, u);
                let tol_en = en_qty(self.tolerance, u);
                let (tail_zh, tail_en) = match self.status {
                    Status::AtRisk => (
                        format!("，未超过容差 {tol_zh}"),
                        format!(", within the tolerance of {tol_en}"),
                    ),
                    Status::Behind => (
                        format!("，超过容差 {tol_zh}"),
                        format!(", beyond the tolerance of {tol_en}"),
                    ),
                    _ => (String::new(), String::new()),
                };
                format!(
                    "{zh_year}按直线进度此时{zh_expect} {}，{zh_actual} {a_zh}，{cmp_zh}{tail_zh} / {en_year}straight-line expectation {}, actual {a_en}, {cmp_en}{tail_en}",
                    fmt_qty(e, u),
                    en_qty(e, u),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests;
