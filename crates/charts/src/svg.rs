//! SVG building blocks: XML escaping, CJK-aware text measurement and truncation,
//! coordinate printing, a small element builder, the document root, the "no data"
//! placeholder and hatching used to tell statuses apart without relying on colour.

use std::fmt::Write as _;

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
/// Width of one Latin-width unit as a fraction of the font size; a CJK character
/// counts as two units. Slightly generous so estimates err towards more room.
const UNIT_EM: f64 = 0.56;

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

fn is_forbidden(ch: char) -> bool {
    (ch as u32) < 0x20 || ch == '\u{FFFE}' || ch == '\u{FFFF}'
}

/// Normalises user text for display: control characters removed, runs of white
/// space collapsed to one space, leading and trailing space trimmed.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !ch.is_control() && !is_forbidden(ch) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(ch);
        }
    }
    out
}

/// Display width of one character in Latin-width units: 2 for CJK and other wide
/// characters, 0 for combining marks and zero-width characters, 1 otherwise.
fn char_units(ch: char) -> usize {
    let c = ch as u32;
    let zero_width = matches!(c, 0x0300..=0x036F | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF);
    let wide = matches!(
        c,
        0x1100..=0x115F
            | 0x2026
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD
    );
    if zero_width {
        0
    } else if wide {
        2
    } else {
        1
    }
}

/// Width of `text` in Latin-width units (a CJK character counts as two).
pub fn text_units(text: &str) -> usize {
    text.chars().map(char_units).sum()
}

/// Estimated rendered width in pixels of `text` at `font_size`.
pub(crate) fn text_px(text: &str, font_size: f64) -> f64 {
    units_px(text_units(text), font_size)
}

/// Pixel width of `units` Latin-width units at `font_size`.
pub(crate) fn units_px(units: usize, font_size: f64) -> f64 {
    units as f64 * UNIT_EM * font_size
}

/// Every how many ticks a label can be shown so labels `widest` pixels wide, on
/// ticks `spacing` pixels apart, keep a small gap between them.
pub(crate) fn label_stride(widest: f64, spacing: f64) -> usize {
    if spacing <= 0.0 || !spacing.is_finite() {
        return 1;
    }
    (((widest + 8.0) / spacing).ceil() as usize).clamp(1, 1000)
}

/// How many Latin-width units fit into `px` pixels at `font_size`.
pub(crate) fn units_in(px: f64, font_size: f64) -> usize {
    if px > 0.0 {
        (px / (UNIT_EM * font_size)).floor() as usize
    } else {
        0
    }
}

/// Clamps `value` into `lo..=hi` without panicking when `lo > hi` (then `hi` wins).
pub(crate) fn fit(value: f64, lo: f64, hi: f64) -> f64 {
    value.max(lo).min(hi)
}

/// Shortens `text` to at most `budget` units, ending with "…" (which counts as two
/// units) when anything was cut. Returns the text and whether it was shortened.
pub fn truncate_units(text: &str, budget: usize) -> (String, bool) {
    if text_units(text) <= budget {
        return (text.to_string(), false);
    }
    let ellipsis = char_units('…');
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = char_units(ch);
        if used + w + ellipsis > budget {
            break;
        }
        used += w;
        out.push(ch);
    }
    let keep = out.trim_end().len();
    out.truncate(keep);
    out.push('…');
    (out, true)
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
    if !title.is_empty() {
        let budget = units_in(width - 24.0, 15.0);
        body.push_str(&label(
            Tag::new("text")
                .num("x", 12.0)
                .num("y", 24.0)
                .attr("font-size", "15")
                .attr("font-weight", "bold"),
            title,
            budget,
        ));
    }
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
        assert_eq!(clean("  高新\n技术\t企业 \u{7} "), "高新 技术 企业");
    }

    #[test]
    fn measures_cjk_as_two_units() {
        assert_eq!(text_units("abc"), 3);
        assert_eq!(text_units("高新技术"), 8);
        assert_eq!(text_units("R&D投入"), 7);
        assert_eq!(text_units("ｅ"), 2);
    }

    #[test]
    fn truncates_to_budget() {
        assert_eq!(truncate_units("高新技术企业", 12), ("高新技术企业".to_string(), false));
        assert_eq!(
            truncate_units("高新技术企业数量", 12),
            ("高新技术企…".to_string(), true)
        );
        assert_eq!(truncate_units("abcdefghij", 6), ("abcd…".to_string(), true));
        assert_eq!(truncate_units("ab cdefghij", 5), ("ab…".to_string(), true));
        let (short, cut) = truncate_units("高新技术", 1);
        assert!(cut && short == "…");
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
            .split(|c| c == 'M' || c == 'L' || c == ' ')
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
