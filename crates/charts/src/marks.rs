//! Series marks for line charts: stroke styles, the polyline with gaps, marker
//! shapes that differ per series (circle, square, diamond, triangle; filled for
//! solid series, hollow for dashed ones) and the legend that repeats them.

use std::fmt::Write as _;

use crate::lines::LineStyle;
use crate::svg::{PAD, Tag, label, num};
use crate::text::{text_px, truncate_units};

const LEGEND_ROW: f64 = 18.0;
const MARKER: f64 = 3.5;

/// A series after cleaning: `None` marks a skipped point that breaks the line.
pub(crate) struct Line {
    pub(crate) name: String,
    pub(crate) points: Vec<Option<(f64, f64)>>,
    pub(crate) style: LineStyle,
    pub(crate) colour: &'static str,
    pub(crate) shape: usize,
}

/// Legend items laid out left to right, wrapping into rows within `width`; returns the markup and
/// the height it takes.
pub(crate) fn legend(lines: &[Line], top: f64, width: f64) -> (String, f64) {
    if lines.is_empty() {
        return (String::new(), 0.0);
    }
    let mut out = String::new();
    let (mut x, mut row) = (PAD, 0usize);
    for line in lines {
        let (name, _) = truncate_units(&line.name, 28);
        let item_width = 28.0 + text_px(&name, 12.0) + 16.0;
        if x > PAD && x + item_width > width - PAD {
            x = PAD;
            row += 1;
        }
        let centre = top + row as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
        let mut inner = Tag::new("line")
            .num("x1", x)
            .num("y1", centre)
            .num("x2", x + 22.0)
            .num("y2", centre)
            .attr("stroke", line.colour)
            .num("stroke-width", 2.0)
            .attr("stroke-dasharray", dash(line.style))
            .empty();
        inner.push_str(&marker(line, x + 11.0, centre, None));
        inner.push_str(&label(
            Tag::new("text").num("x", x + 28.0).num("y", centre + 4.0),
            &line.name,
            28,
        ));
        out.push_str(&Tag::new("g").attr("class", "legend-item").wrap(&inner));
        x += item_width;
    }
    (
        Tag::new("g").attr("class", "legend").wrap(&out),
        (row + 1) as f64 * LEGEND_ROW + 4.0,
    )
}

fn dash(style: LineStyle) -> &'static str {
    match style {
        LineStyle::Solid => "none",
        LineStyle::Dashed => "6 4",
    }
}

/// The polyline of one series; skipped points start a new sub-path.
pub(crate) fn path(line: &Line, x_of: &dyn Fn(f64) -> f64, y_of: &dyn Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for point in &line.points {
        match point {
            Some((x, y)) => {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if pen_down { "L" } else { "M" },
                    num(x_of(*x)),
                    num(y_of(*y))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if d.is_empty() {
        return d;
    }
    let class = match line.style {
        LineStyle::Solid => "series solid",
        LineStyle::Dashed => "series dashed",
    };
    Tag::new("path")
        .attr("class", class)
        .attr("d", &d)
        .attr("fill", "none")
        .attr("stroke", line.colour)
        .num("stroke-width", 2.0)
        .attr("stroke-dasharray", dash(line.style))
        .attr("stroke-linejoin", "round")
        .empty()
}

/// A point marker in the series' shape; filled for solid series, hollow for dashed
/// ones. With a tooltip it is a data point (`class="point"`), without one a legend
/// sample.
pub(crate) fn marker(line: &Line, x: f64, y: f64, tip: Option<&str>) -> String {
    let r = MARKER;
    let tag = match line.shape {
        0 => Tag::new("circle").num("cx", x).num("cy", y).num("r", r),
        1 => Tag::new("rect")
            .num("x", x - r * 0.9)
            .num("y", y - r * 0.9)
            .num("width", r * 1.8)
            .num("height", r * 1.8),
        2 => Tag::new("path").attr(
            "d",
            &format!(
                "M{} {}L{} {}L{} {}L{} {}Z",
                num(x),
                num(y - r * 1.2),
                num(x + r * 1.2),
                num(y),
                num(x),
                num(y + r * 1.2),
                num(x - r * 1.2),
                num(y)
            ),
        ),
        _ => Tag::new("path").attr(
            "d",
            &format!(
                "M{} {}L{} {}L{} {}Z",
                num(x),
                num(y - r * 1.2),
                num(x + r * 1.1),
                num(y + r * 0.8),
                num(x - r * 1.1),
                num(y + r * 0.8)
            ),
        ),
    };
    let fill = match line.style {
        LineStyle::Solid => line.colour,
        LineStyle::Dashed => "#ffffff",
    };
    let tag = tag
        .attr("fill", fill)
        .attr("stroke", line.colour)
        .num("stroke-width", 1.5);
    match tip {
        Some(tip) => tag.attr("class", "point").wrap(&Tag::new("title").text(tip)),
        None => tag.attr("class", "legend-marker").empty(),
    }
}
