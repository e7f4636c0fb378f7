//! Small inline progress bars for table cells: the bar is filled to the progress
//! (clamped to 0–100 %), a dark tick marks where progress is expected to be, and a
//! label shows the real number (also above 100 %) followed by the status in words.
//!
//! Statuses are told apart by colour (Okabe–Ito: green, blue, amber, vermillion,
//! grey), by hatching (`at_risk` rising stripes, `behind` cross-hatching, `no_data`
//! a dashed empty outline) and by the status text, never by colour alone.

use crate::scale::format_percent;
use crate::svg::{GRID, Hatch, INK, MUTED, Tag, document, hatch};

const CLASS: &str = "kc-progress";
const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 20.0;
const TRACK_X: f64 = 1.0;
const TRACK_Y: f64 = 4.0;
const TRACK_W: f64 = 120.0;
const TRACK_H: f64 = 12.0;
const LABEL_X: f64 = 128.0;

/// Status of a target as used across the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Achieved,
    OnTrack,
    AtRisk,
    Behind,
    NoData,
    /// Anything else: drawn neutrally, without a status word.
    Unknown,
}

impl Status {
    fn parse(text: &str) -> Status {
        match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "achieved" => Status::Achieved,
            "on_track" => Status::OnTrack,
            "at_risk" => Status::AtRisk,
            "behind" => Status::Behind,
            "no_data" => Status::NoData,
            _ => Status::Unknown,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Behind => "behind",
            Status::NoData => "no_data",
            Status::Unknown => "unknown",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Status::Achieved => "已完成",
            Status::OnTrack => "正常推进",
            Status::AtRisk => "存在风险",
            Status::Behind => "滞后",
            Status::NoData => "暂无数据",
            Status::Unknown => "",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Status::Achieved => "#009E73",
            Status::OnTrack => "#0072B2",
            Status::AtRisk => "#E69F00",
            Status::Behind => "#D55E00",
            Status::NoData | Status::Unknown => "#999999",
        }
    }
}

/// Renders an inline progress bar. `progress_pct` and `expected_pct` are
/// percentages; `status` is one of `achieved`, `on_track`, `at_risk`, `behind` or
/// `no_data` (other values are drawn in neutral grey without a status word). A
/// non-finite progress is shown as no data; a non-finite expected value is ignored.
pub fn progress_bar(progress_pct: f64, expected_pct: Option<f64>, status: &str) -> String {
    let mut status = Status::parse(status);
    if !progress_pct.is_finite() {
        status = Status::NoData;
    }
    let expected = expected_pct.filter(|value| value.is_finite());
    let x_of = |pct: f64| TRACK_X + pct.clamp(0.0, 100.0) / 100.0 * TRACK_W;

    let mut body = String::new();
    let track = Tag::new("rect")
        .attr("class", "track")
        .num("x", TRACK_X)
        .num("y", TRACK_Y)
        .num("width", TRACK_W)
        .num("height", TRACK_H)
        .num("rx", 2.0);
    if status == Status::NoData {
        body.push_str(
            &track
                .attr("fill", "none")
                .attr("stroke", "#999999")
                .attr("stroke-dasharray", "3 2")
                .empty(),
        );
    } else {
        body.push_str(&track.attr("fill", "#f0f0f0").attr("stroke", GRID).empty());
        let width = x_of(progress_pct) - TRACK_X;
        body.push_str(
            &Tag::new("rect")
                .attr("class", "fill")
                .num("x", TRACK_X)
                .num("y", TRACK_Y)
                .num("width", width)
                .num("height", TRACK_H)
                .num("rx", 2.0)
                .attr("fill", status.colour())
                .empty(),
        );
        let mut d = String::new();
        if matches!(status, Status::AtRisk | Status::Behind) {
            d.push_str(&hatch(TRACK_X, TRACK_Y, width, TRACK_H, 5.0, Hatch::Rising));
        }
        if status == Status::Behind {
            d.push_str(&hatch(TRACK_X, TRACK_Y, width, TRACK_H, 5.0, Hatch::Falling));
        }
        if !d.is_empty() {
            body.push_str(
                &Tag::new("path")
                    .attr("class", "hatch")
                    .attr("d", &d)
                    .attr("stroke", "#ffffff")
                    .num("stroke-width", 1.2)
                    .attr("stroke-opacity", "0.8")
                    .attr("fill", "none")
                    .empty(),
            );
        }
    }
    if let Some(expected) = expected {
        let x = x_of(expected);
        body.push_str(
            &Tag::new("line")
                .attr("class", "expected")
                .num("x1", x)
                .num("y1", 1.0)
                .num("x2", x)
                .num("y2", HEIGHT - 1.0)
                .attr("stroke", INK)
                .num("stroke-width", 2.0)
                .wrap(&Tag::new("title").text(&format!("预期 {}", format_percent(expected)))),
        );
    }

    let label = match status {
        Status::NoData => status.label().to_string(),
        Status::Unknown => format_percent(progress_pct),
        _ => format!("{} {}", format_percent(progress_pct), status.label()),
    };
    body.push_str(
        &Tag::new("text")
            .attr("class", "label")
            .num("x", LABEL_X)
            .num("y", 14.5)
            .num("font-size", 11.0)
            .attr("fill", if status == Status::NoData { MUTED } else { INK })
            .text(&label),
    );

    let mut summary = if status == Status::NoData {
        "进度：暂无数据".to_string()
    } else {
        format!("进度 {}", format_percent(progress_pct))
    };
    if let Some(expected) = expected {
        summary.push_str(&format!("，预期 {}", format_percent(expected)));
    }
    if !matches!(status, Status::NoData | Status::Unknown) {
        summary.push_str(&format!("，{}", status.label()));
    }
    let class = format!("{CLASS} status-{}", status.key());
    document(&class, WIDTH, HEIGHT, &summary, "", &body)
}
