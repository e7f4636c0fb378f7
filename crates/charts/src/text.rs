//! Text handling for labels: clean-up of user text and width estimates in
//! Latin-width units, where a CJK (or other full-width) character counts as two
//! units, used to shorten labels with "…" and to lay out axes.

use crate::svg::is_forbidden;

/// Width of one Latin-width unit as a fraction of the font size; a CJK character
/// counts as two units. Slightly generous so estimates err towards more room.
const UNIT_EM: f64 = 0.56;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_user_text() {
        assert_eq!(clean("  高新\n技术\t企业 \u{7} "), "高新 技术 企业");
        assert_eq!(clean("\u{0}"), "");
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
}
