//! SVG building blocks: XML escaping, coordinate printing, a small element builder,
//! the document root, chart titles, the "no data" placeholder and hatching used to
//! tell statuses apart without relying on colour.

use std::fmt::Write as _;

use crate::text::{truncate_units, units_in};

/// Font stack with CJK fonts first, set once on the root element.
pub(crate) const FONT_STACK: &str = "\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif";
/// Default text colour.
pub(crate) const INK: &str = "#333333";
/// Secondary text (units, axis labels).
pub(crate) const MUTED: &str = "#666666";
/// Grid lines.
pub(crate) const GRID: &str = "#e3e3e3";
/// Series colours from the Okabe–Ito palette, which stays distinguishable under the
/// common forms of colour blindness.
pub(crate) const PALETTE: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];
/// Placeholder text for charts without any finite data.
pub(crate) const NO_DATA: &str = "暂无数据 / no data";

/// Escapes text for use in XML content or a double-quoted attribute, dropping
/// characters that XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters XML 1.0 forbids even as character references.
pub(crate) fn is_forbidden(ch: char) -> bool {
    (ch as u32) < 0x20 || ch == '\u{FFFE}' || ch == '\u{FFFF}'
}

/// Prints a coordinate with at most two decimals and no trailing zeros; non-finite
/// values (which layout code never produces) print as `0`.
pub(crate) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        return "0".to_string();
    }
    let text = format!("{rounded:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Builder for one element: `Tag::new("rect").num("x", 1.0).attr("fill", "red").empty()`.
pub(crate) struct Tag {
    name: &'static str,
    buf: String,
}

impl Tag {
    pub(crate) fn new(name: &'static str) -> Tag {
        let mut buf = String::with_capacity(96);
        buf.push('<');
        buf.push_str(name);
        Tag { name, buf }
    }

    /// Adds an attribute; the value is escaped.
    pub(crate) fn attr(mut self, key: &str, value: &str) -> Tag {
        let _ = write!(self.buf, " {key}=\"{}\"", escape(value));
        self
    }

    /// Adds a numeric attribute printed with [`num`].
    pub(crate) fn num(mut self, key: &str, value: f64) -> Tag {
        let _ = write!(self.buf, " {key}=\"{}\"", num(value));
        self
    }

    /// Closes the element without content: `<rect …/>`.
    pub(crate) fn empty(mut self) -> String {
        self.buf.push_str("/>");
        self.buf
    }

    /// Closes the element around already-built markup.
    pub(crate) fn wrap(mut self, inner: &str) -> String {
        let _ = write!(self.buf, ">{inner}</{}>", self.name);
        self.buf
    }

    /// Closes the element around escaped text.
    pub(crate) fn text(self, content: &str) -> String {
        let escaped = escape(content);
        self.wrap(&escaped)
    }
}

/// A `<title>` element, shown by browsers as a tooltip for its parent.
pub(crate) fn tooltip(text: &str) -> String {
    Tag::new("title").text(text)
}

/// A text label cut to `budget` units; when cut, the full text becomes a tooltip.
/// `tag` carries the position and styling attributes of the `<text>` element.
pub(crate) fn label(tag: Tag, text: &str, budget: usize) -> String {
    let (shown, cut) = truncate_units(text, budget);
    let element = tag.text(&shown);
    if cut {
        Tag::new("g").wrap(&(tooltip(text) + &element))
    } else {
        element
    }
}

/// The root element: responsive width, `viewBox` of `width` × `height`, accessible
/// name from `title`, an optional longer description, then `body`.
pub(crate) fn document(class: &str, width: f64, height: f64, title: &str, desc: &str, body: &str) -> String {
    let name = if title.is_empty() { "图表" } else { title };
    let mut inner = tooltip(name);
    if !desc.is_empty() {
        inner.push_str(&Tag::new("desc").text(desc));
    }
    inner.push_str(body);
    Tag::new("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("version", "1.1")
        .attr("class", class)
        .attr("viewBox", &format!("0 0 {} {}", num(width), num(height)))
        .attr("width", "100%")
        .attr("preserveAspectRatio", "xMidYMin meet")
        .attr("role", "img")
        .attr("aria-label", name)
        .attr("font-family", FONT_STACK)
        .attr("font-size", "12")
        .attr("fill", INK)
        .wrap(&inner)
}

/// Outer padding of every chart.
pub(crate) const PAD: f64 = 12.0;
/// Vertical room taken by a [`heading`].
pub(crate) const HEADING_HEIGHT: f64 = 25.0;
const HEADING_FONT: f64 = 15.0;

/// The visible chart title at the top left (empty markup for an empty title),
/// shortened to the chart width.
pub(crate) fn heading(title: &str, width: f64) -> String {
    if title.is_empty() {
        return String::new();
    }
    let tag = Tag::new("text")
        .attr("class", "title")
        .num("x", PAD)
        .num("y", PAD + HEADING_FONT)
        .num("font-size", HEADING_FONT)
        .attr("font-weight", "bold");
    label(tag, title, units_in(width - 2.0 * PAD, HEADING_FONT))
}

/// A chart of the given size that only shows its title and a "no data" notice.
pub(crate) fn placeholder(class: &str, width: f64, height: f64, title: &str) -> String {
    let mut body = String::new();
    body.push_str(
        &Tag::new("rect")
            .num("x", 0.5)
            .num("y", 0.5)
            .num("width", width - 1.0)
            .num("height", height - 1.0)
            .attr("fill", "none")
            .attr("stroke", GRID)
            .attr("stroke-dasharray", "4 3")
            .empty(),
    );
    body.push_str(&heading(title, width));
    body.push_str(
        &Tag::new("text")
            .num("x", width / 2.0)
            .num("y", height / 2.0 + 8.0)
            .attr("class", "no-data")
            .attr("text-anchor", "middle")
            .attr("fill", MUTED)
            .attr("font-size", "13")
            .text(NO_DATA),
    );
    document(class, width, height, title, NO_DATA, &body)
}

/// Hatching direction for [`hatch`].
#[derive(Clone, Copy)]
pub(crate) enum Hatch {
    /// Lines rising to the right: `/`.
    Rising,
    /// Lines falling to the right: `\`.
    Falling,
}

/// Path data for 45° hatch lines `spacing` apart, clipped to the rectangle at
/// (`x`, `y`) of size `w` × `h` by geometry rather than a clip path, so inlined
/// charts never depend on element ids.
pub(crate) fn hatch(x: f64, y: f64, w: f64, h: f64, spacing: f64, direction: Hatch) -> String {
    let mut d = String::new();
    if !(w > 0.0 && h > 0.0 && spacing > 0.0) {
        return d;
    }
    let mut offset = -h;
    while offset < w {
        // Along a line, `u` is the horizontal distance from its start at `x + offset`.
        let u0 = (-offset).max(0.0);
        let u1 = h.min(w - offset);
        if u1 > u0 {
            let (ya, yb) = match direction {
                Hatch::Rising => (y + h - u0, y + h - u1),
                Hatch::Falling => (y + u0, y + u1),
            };
            let _ = write!(
                d,
                "M{} {}L{} {}",
                num(x + offset + u0),
                num(ya),
                num(x + offset + u1),
                num(yb)
            );
        }
        offset += spacing;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\u{FFFF}"), "abc");
    }

    #[test]
    fn prints_coordinates_with_two_decimals() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(100.006), "100.01");
    }

    #[test]
    fn hatch_stays_inside_the_rectangle() {
        let d = hatch(10.0, 4.0, 30.0, 12.0, 5.0, Hatch::Rising);
        let numbers: Vec<f64> = d
            .split(['M', 'L', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(!numbers.is_empty());
        for pair in numbers.chunks(2) {
            assert!(
                (10.0..=40.0).contains(&pair[0]) && (4.0..=16.0).contains(&pair[1]),
                "{pair:?}"
            );
        }
        assert!(hatch(0.0, 0.0, 0.0, 10.0, 4.0, Hatch::Falling).is_empty());
    }
}
