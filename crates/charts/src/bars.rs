//! Horizontal bar charts for rankings: one row per bar in the order given, the
//! label on the left, the value at the end of the bar, an optional dashed
//! reference line (for example a target) and a value axis with nice ticks.
//!
//! Bars whose value is not finite are left out; a chart without any finite bar
//! renders the "no data" placeholder. Highlighted bars use the accent colour and
//! bold text, so they stand out without relying on colour alone.

use crate::scale::{Ticks, format_value, nice_ticks};
use crate::svg::{GRID, HEADING_HEIGHT, INK, MUTED, PAD, Tag, document, heading, label, placeholder, tooltip};
use crate::text::{clean, fit, label_stride, text_px, text_units, truncate_units, units_px};

/// One bar of a [`BarChart`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// Category shown left of the bar (user text; long labels are shortened).
    pub label: String,
    /// Length of the bar; non-finite values are skipped.
    pub value: f64,
    /// Extra text shown in the row's tooltip.
    pub note: Option<String>,
    /// Draw this bar in the accent colour with bold text.
    pub highlight: bool,
}

/// A ranking chart: bars drawn top to bottom in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// Chart title, used as the accessible name and drawn at the top.
    pub title: String,
    /// Unit of the values, e.g. `万元`; shown above the bars and in tooltips.
    pub unit: String,
    /// The bars, in display order.
    pub bars: Vec<Bar>,
    /// Optional reference value drawn as a dashed line, e.g. `("目标", 600.0)`.
    pub reference: Option<(String, f64)>,
}

const CLASS: &str = "kc-chart kc-bars";
const WIDTH: f64 = 640.0;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
const LABEL_FONT: f64 = 12.0;
const VALUE_FONT: f64 = 11.0;
/// Widest label column, in Latin-width units (twelve CJK characters).
const MAX_LABEL_UNITS: usize = 24;
/// Longest unit note in the header, in Latin-width units.
const MAX_UNIT_UNITS: usize = 40;
const BAR_FILL: &str = "#0072B2";
const HIGHLIGHT_FILL: &str = "#D55E00";

/// A bar that survived filtering, with its display texts.
struct Row {
    label: String,
    value: f64,
    value_text: String,
    note: Option<String>,
    highlight: bool,
}

/// Renders a horizontal bar chart as a self-contained SVG document.
pub fn horizontal_bars(chart: &BarChart) -> String {
    let title = clean(&chart.title);
    let unit = clean(&chart.unit);
    let rows: Vec<Row> = chart
        .bars
        .iter()
        .filter(|bar| bar.value.is_finite())
        .map(|bar| Row {
            label: clean(&bar.label),
            value: bar.value,
            value_text: format_value(bar.value),
            note: bar.note.as_deref().map(clean).filter(|note| !note.is_empty()),
            highlight: bar.highlight,
        })
        .collect();
    if rows.is_empty() {
        return placeholder(CLASS, WIDTH, 120.0, &title);
    }
    let reference = chart
        .reference
        .as_ref()
        .filter(|(_, value)| value.is_finite())
        .map(|(name, value)| (clean(name), *value));

    // Vertical layout: title, header (unit and reference label), rows, axis labels.
    let mut body = String::new();
    let mut y = PAD;
    body.push_str(&heading(&title, WIDTH));
    if !title.is_empty() {
        y += HEADING_HEIGHT;
    }
    let header_y = y + 12.0;
    if !unit.is_empty() || reference.is_some() {
        y += 20.0;
    }
    let rows_top = y;
    let rows_bottom = rows_top + rows.len() as f64 * ROW;
    let height = rows_bottom + 18.0 + PAD;

    // Horizontal layout: label column, room for negative values, plot, room for values.
    let label_units = rows
        .iter()
        .map(|row| text_units(&row.label))
        .max()
        .unwrap_or(0)
        .clamp(4, MAX_LABEL_UNITS);
    let label_right = PAD + units_px(label_units, LABEL_FONT);
    let value_px = rows
        .iter()
        .map(|row| text_px(&row.value_text, VALUE_FONT))
        .fold(0.0, f64::max)
        + 4.0;
    let any_negative = rows.iter().any(|row| row.value < 0.0);
    let any_positive = rows.iter().any(|row| row.value >= 0.0);
    let x0 = label_right + 8.0 + if any_negative { value_px } else { 0.0 };
    let x1 = WIDTH - PAD - if any_positive { value_px } else { 0.0 };

    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for value in rows
        .iter()
        .map(|row| row.value)
        .chain(reference.iter().map(|(_, value)| *value))
    {
        lo = lo.min(value);
        hi = hi.max(value);
    }
    let intervals = ((x1 - x0) / 90.0).floor().clamp(2.0, 6.0) as usize;
    let ticks = nice_ticks(lo, hi, intervals);
    let x_of = |value: f64| ticks.position(value, x0, x1);

    // The unit sits at the left of the header row; the reference label keeps clear of it.
    let mut header_free = x0;
    if !unit.is_empty() {
        let unit_tag = Tag::new("text")
            .num("x", PAD)
            .num("y", header_y)
            .attr("class", "unit")
            .attr("fill", MUTED);
        let unit_text = format!("单位：{unit}");
        body.push_str(&label(
            unit_tag.num("font-size", VALUE_FONT),
            &unit_text,
            MAX_UNIT_UNITS,
        ));
        let shown = truncate_units(&unit_text, MAX_UNIT_UNITS).0;
        header_free = header_free.max(PAD + text_px(&shown, VALUE_FONT) + 8.0);
    }
    body.push_str(&grid(&ticks, x0, x1, rows_top, rows_bottom));
    for (index, row) in rows.iter().enumerate() {
        let centre = rows_top + (index as f64 + 0.5) * ROW;
        body.push_str(&bar_row(
            row,
            &unit,
            centre,
            label_right,
            label_units,
            x_of(0.0),
            x_of(row.value),
        ));
    }
    if let Some((name, value)) = &reference {
        body.push_str(&reference_line(
            name,
            *value,
            &unit,
            x_of(*value),
            header_y,
            rows_top,
            rows_bottom,
            header_free,
        ));
    }

    let mut desc = format!("共 {} 项", rows.len());
    if !unit.is_empty() {
        desc.push_str(&format!("，单位：{unit}"));
    }
    if let Some((name, value)) = &reference {
        desc.push_str(&format!(
            "，{} {}",
            if name.is_empty() { "参考线" } else { name },
            format_value(*value)
        ));
    }
    document(CLASS, WIDTH, height, &title, &desc, &body)
}

/// Vertical grid lines at the ticks, a stronger line at zero and tick labels below.
fn grid(ticks: &Ticks, x0: f64, x1: f64, top: f64, bottom: f64) -> String {
    let mut out = String::new();
    let labels = ticks.labels();
    let widest = labels.iter().map(|text| text_px(text, VALUE_FONT)).fold(0.0, f64::max);
    let spacing = (x1 - x0) / (ticks.values.len().max(2) - 1) as f64;
    let stride = label_stride(widest, spacing);
    for (index, (&value, text)) in ticks.values.iter().zip(&labels).enumerate() {
        let x = ticks.position(value, x0, x1);
        let zero = value == 0.0;
        out.push_str(
            &Tag::new("line")
                .attr("class", if zero { "axis" } else { "grid" })
                .num("x1", x)
                .num("y1", top)
                .num("x2", x)
                .num("y2", bottom)
                .attr("stroke", if zero { "#999999" } else { GRID })
                .empty(),
        );
        if index % stride == 0 {
            let half = text_px(text, VALUE_FONT) / 2.0;
            let centre = fit(x, half + 1.0, WIDTH - half - 1.0);
            out.push_str(
                &Tag::new("text")
                    .attr("class", "tick")
                    .num("x", centre)
                    .num("y", bottom + 14.0)
                    .attr("text-anchor", "middle")
                    .num("font-size", VALUE_FONT)
                    .attr("fill", MUTED)
                    .text(text),
            );
        }
    }
    out
}

/// One row: tooltip, label, bar and value text.
fn bar_row(
    row: &Row,
    unit: &str,
    centre: f64,
    label_right: f64,
    label_units: usize,
    zero_x: f64,
    value_x: f64,
) -> String {
    let mut tip = format!("{}：{}{unit}", row.label, row.value_text);
    if let Some(note) = &row.note {
        tip.push('\n');
        tip.push_str(note);
    }
    let weight = if row.highlight { "bold" } else { "normal" };
    let (shown, _) = truncate_units(&row.label, label_units);
    let mut inner = tooltip(&tip);
    inner.push_str(
        &Tag::new("text")
            .attr("class", "label")
            .num("x", label_right)
            .num("y", centre + 4.0)
            .attr("text-anchor", "end")
            .attr("font-weight", weight)
            .text(&shown),
    );
    // Tiny non-zero values still get a sliver so they read as "not zero".
    let mut width = (value_x - zero_x).abs();
    if row.value != 0.0 && width < 1.0 {
        width = 1.0;
    }
    let left = if row.value < 0.0 { zero_x - width } else { zero_x };
    inner.push_str(
        &Tag::new("rect")
            .attr("class", if row.highlight { "bar highlight" } else { "bar" })
            .num("x", left)
            .num("y", centre - BAR / 2.0)
            .num("width", width)
            .num("height", BAR)
            .attr("fill", if row.highlight { HIGHLIGHT_FILL } else { BAR_FILL })
            .empty(),
    );
    let (text_x, anchor) = if row.value < 0.0 {
        (left - 4.0, "end")
    } else {
        (left + width + 4.0, "start")
    };
    inner.push_str(
        &Tag::new("text")
            .attr("class", "value")
            .num("x", text_x)
            .num("y", centre + 4.0)
            .attr("text-anchor", anchor)
            .num("font-size", VALUE_FONT)
            .attr("font-weight", weight)
            .attr("fill", INK)
            .text(&row.value_text),
    );
    Tag::new("g")
        .attr("class", if row.highlight { "row highlight" } else { "row" })
        .wrap(&inner)
}

/// The dashed reference line across all rows, with its name and value on top, the
/// label kept right of `free_left`.
#[allow(clippy::too_many_arguments)]
fn reference_line(
    name: &str,
    value: f64,
    unit: &str,
    x: f64,
    label_y: f64,
    top: f64,
    bottom: f64,
    free_left: f64,
) -> String {
    let name = if name.is_empty() { "参考线" } else { name };
    let value_text = format_value(value);
    let mut inner = tooltip(&format!("{name}：{value_text}{unit}"));
    inner.push_str(
        &Tag::new("line")
            .num("x1", x)
            .num("y1", top - 2.0)
            .num("x2", x)
            .num("y2", bottom + 2.0)
            .attr("stroke", INK)
            .num("stroke-width", 1.5)
            .attr("stroke-dasharray", "5 3")
            .empty(),
    );
    let (text, _) = truncate_units(&format!("{name} {value_text}"), 28);
    let half = text_px(&text, VALUE_FONT) / 2.0;
    let centre = fit(x, free_left + half, WIDTH - PAD - half);
    inner.push_str(
        &Tag::new("text")
            .num("x", centre)
            .num("y", label_y)
            .attr("text-anchor", "middle")
            .num("font-size", VALUE_FONT)
            .text(&text),
    );
    Tag::new("g").attr("class", "reference").wrap(&inner)
}
