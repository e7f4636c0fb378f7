//! Line charts for trends, typically actual progress (solid line) against the
//! straight-line trajectory to a target (dashed line), with a legend.
//!
//! Every finite point gets a marker with a tooltip. Marker shapes differ per series
//! (circle, square, diamond, triangle) and dashed series use hollow markers, so
//! series can be told apart without colour. A point with a non-finite coordinate is
//! skipped and breaks its line; a chart without any finite point renders the
//! "no data" placeholder.

use crate::marks::{Line, legend, marker, path};
use crate::scale::{format_value, nice_ticks};
use crate::svg::{GRID, HEADING_HEIGHT, MUTED, PAD, PALETTE, Tag, document, heading, label, placeholder};
use crate::text::{clean, fit, label_stride, text_px, truncate_units};

/// How a series is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    /// Continuous line with filled markers, for measured values.
    #[default]
    Solid,
    /// Dashed line with hollow markers, for planned or projected values.
    Dashed,
}

/// One line of a [`LineChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Name shown in the legend and tooltips.
    pub name: String,
    /// `(x, y)` points in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Stroke style.
    pub style: LineStyle,
}

/// A trend chart over a numeric x axis (years, day numbers …).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// Chart title, used as the accessible name and drawn at the top.
    pub title: String,
    /// Unit of the y values, e.g. `%` or `亿元`.
    pub unit: String,
    /// Tick positions and their text on the x axis, e.g. `(2025.0, "2025年")`. When
    /// empty, nice numeric ticks are used.
    pub x_labels: Vec<(f64, String)>,
    /// The lines, drawn in order (later series on top).
    pub series: Vec<Series>,
}

const CLASS: &str = "kc-chart kc-lines";
const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 220.0;
const SMALL_FONT: f64 = 11.0;
/// Horizontal gap between the plot edges and the first and last x positions.
const INSET: f64 = 10.0;
/// Coordinates are clamped to this magnitude so spans never overflow.
const LIMIT: f64 = 1e300;

/// Renders a line chart as a self-contained SVG document.
pub fn line_chart(chart: &LineChart) -> String {
    let title = clean(&chart.title);
    let unit = clean(&chart.unit);
    let lines: Vec<Line> = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, series)| {
            let name = clean(&series.name);
            Line {
                name: if name.is_empty() {
                    format!("系列 {}", index + 1)
                } else {
                    name
                },
                points: series
                    .points
                    .iter()
                    .map(|&(x, y)| (x.is_finite() && y.is_finite()).then_some((x, y)))
                    .collect(),
                style: series.style,
                colour: PALETTE[index % PALETTE.len()],
                shape: index % 4,
            }
        })
        .collect();
    let finite = || lines.iter().flat_map(|line| line.points.iter().flatten());
    if finite().next().is_none() {
        return placeholder(CLASS, WIDTH, 160.0, &title);
    }
    let mut x_labels: Vec<(f64, String)> = chart
        .x_labels
        .iter()
        .filter(|(x, _)| x.is_finite())
        .map(|(x, text)| (x.clamp(-LIMIT, LIMIT), clean(text)))
        .collect();
    x_labels.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Vertical layout: title, legend, unit, plot, x labels.
    let mut body = String::new();
    let mut y = PAD;
    body.push_str(&heading(&title, WIDTH));
    if !title.is_empty() {
        y += HEADING_HEIGHT;
    }
    let (legend, legend_height) = legend(&lines, y, WIDTH);
    body.push_str(&legend);
    y += legend_height;
    if !unit.is_empty() {
        let unit_tag = Tag::new("text")
            .num("x", PAD)
            .num("y", y + 12.0)
            .attr("class", "unit")
            .attr("fill", MUTED);
        body.push_str(&label(
            unit_tag.num("font-size", SMALL_FONT),
            &format!("单位：{unit}"),
            40,
        ));
        y += 16.0;
    }
    let top = y + 12.0;
    let bottom = top + PLOT_HEIGHT;
    let height = bottom + 22.0 + PAD;

    // Y axis: nice ticks over the finite values; the label width sets the left edge.
    let (y_lo, y_hi) = finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, v)| {
        (lo.min(v.clamp(-LIMIT, LIMIT)), hi.max(v.clamp(-LIMIT, LIMIT)))
    });
    let y_ticks = nice_ticks(y_lo, y_hi, 5);
    let y_labels = y_ticks.labels();
    let y_label_px = y_labels
        .iter()
        .map(|text| text_px(text, SMALL_FONT))
        .fold(0.0, f64::max);
    let x0 = PAD + y_label_px + 8.0;
    let x1 = WIDTH - PAD - 16.0;
    let y_of = |v: f64| y_ticks.position(v.clamp(-LIMIT, LIMIT), bottom, top);

    // X axis: the given labels, or nice numeric ticks when there are none.
    let xs = finite()
        .map(|&(x, _)| x.clamp(-LIMIT, LIMIT))
        .chain(x_labels.iter().map(|(x, _)| *x));
    let (mut x_lo, mut x_hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let x_ticks: Vec<(f64, String)> = if x_labels.is_empty() {
        let intervals = ((x1 - x0) / 90.0).floor().clamp(2.0, 8.0) as usize;
        let ticks = nice_ticks(x_lo, x_hi, intervals);
        (x_lo, x_hi) = (ticks.min, ticks.max);
        ticks.values.iter().copied().zip(ticks.labels()).collect()
    } else {
        if x_hi - x_lo <= x_lo.abs().max(x_hi.abs()) * 1e-9 {
            let half = (x_lo.abs() * 1e-3).max(0.5);
            (x_lo, x_hi) = (x_lo - half, x_hi + half);
        }
        x_labels.clone()
    };
    // Halving both terms keeps the span finite even across the whole f64 range.
    // Points are inset from the plot edges so end markers clear the axes.
    let (left, right) = (x0 + INSET, x1 - INSET);
    let x_of = |x: f64| left + (x.clamp(-LIMIT, LIMIT) / 2.0 - x_lo / 2.0) / (x_hi / 2.0 - x_lo / 2.0) * (right - left);

    // Grid and axes.
    for (&value, text) in y_ticks.values.iter().zip(&y_labels) {
        let py = y_of(value);
        body.push_str(
            &Tag::new("line")
                .attr("class", if value == 0.0 { "axis" } else { "grid" })
                .num("x1", x0)
                .num("y1", py)
                .num("x2", x1)
                .num("y2", py)
                .attr("stroke", if value == 0.0 { "#999999" } else { GRID })
                .empty(),
        );
        body.push_str(
            &Tag::new("text")
                .attr("class", "tick")
                .num("x", x0 - 6.0)
                .num("y", py + 4.0)
                .attr("text-anchor", "end")
                .num("font-size", SMALL_FONT)
                .attr("fill", MUTED)
                .text(text),
        );
    }
    body.push_str(&x_axis(&x_ticks, &x_of, x0, x1, bottom));

    // Lines first, then markers on top.
    for line in &lines {
        body.push_str(&path(line, &x_of, &y_of));
    }
    for line in &lines {
        for &(x, v) in line.points.iter().flatten() {
            let x_text = x_labels
                .iter()
                .find(|(position, _)| (position - x).abs() <= 1e-9 * x.abs().max(1.0))
                .map(|(_, text)| text.clone())
                .unwrap_or_else(|| format_value(x));
            let tip = format!("{}：{} {}{unit}", line.name, x_text, format_value(v));
            body.push_str(&marker(line, x_of(x), y_of(v), Some(&tip)));
        }
    }

    let names: Vec<&str> = lines.iter().map(|line| line.name.as_str()).collect();
    let mut desc = format!("{} 条序列：{}", lines.len(), names.join("、"));
    if !unit.is_empty() {
        desc.push_str(&format!("；单位：{unit}"));
    }
    document(CLASS, WIDTH, height, &title, &desc, &body)
}

/// Tick marks and labels along the bottom edge, thinned so labels do not overlap.
fn x_axis(ticks: &[(f64, String)], x_of: &dyn Fn(f64) -> f64, x0: f64, x1: f64, bottom: f64) -> String {
    let mut out = Tag::new("line")
        .attr("class", "axis")
        .num("x1", x0)
        .num("y1", bottom)
        .num("x2", x1)
        .num("y2", bottom)
        .attr("stroke", "#999999")
        .empty();
    let shown: Vec<String> = ticks.iter().map(|(_, text)| truncate_units(text, 16).0).collect();
    let widest = shown.iter().map(|text| text_px(text, SMALL_FONT)).fold(0.0, f64::max);
    let stride = label_stride(widest, (x1 - x0) / ticks.len().max(1) as f64);
    for (index, ((x, _), text)) in ticks.iter().zip(&shown).enumerate() {
        let px = x_of(*x);
        out.push_str(
            &Tag::new("line")
                .num("x1", px)
                .num("y1", bottom)
                .num("x2", px)
                .num("y2", bottom + 4.0)
                .attr("stroke", "#999999")
                .empty(),
        );
        if index % stride == 0 {
            let half = text_px(text, SMALL_FONT) / 2.0;
            out.push_str(
                &Tag::new("text")
                    .attr("class", "tick")
                    .num("x", fit(px, half + 1.0, WIDTH - half - 1.0))
                    .num("y", bottom + 16.0)
                    .attr("text-anchor", "middle")
                    .num("font-size", SMALL_FONT)
                    .attr("fill", MUTED)
                    .text(text),
            );
        }
    }
    out
}
