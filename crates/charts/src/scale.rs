//! Axis scales and number formatting.
//!
//! [`nice_ticks`] turns a data range into evenly spaced tick values whose step is
//! 1, 2 or 5 times a power of ten. [`format_value`] and [`Ticks::labels`] print
//! numbers in a compact Chinese style:
//!
//! | magnitude            | style                         | examples               |
//! |----------------------|-------------------------------|------------------------|
//! | below 1e-6           | scientific                    | `1.5e-7`               |
//! | below 1              | three significant digits      | `0.5`, `0.000123`      |
//! | below 1e4 (一万)      | grouped by thousands, ≤ 2 dp  | `12.5`, `1,234`        |
//! | below 1e8 (一亿)      | `万` (10^4), ≤ 2 dp           | `1.23万`, `3,500万`     |
//! | below 1e12 (一万亿)   | `亿` (10^8), ≤ 2 dp           | `3.5亿`                |
//! | below 1e16           | `万亿` (10^12), ≤ 2 dp        | `1.2万亿`              |
//! | 1e16 and above       | scientific                    | `1.2e20`               |
//!
//! Single values drop trailing zeros (`1.2万`, not `1.20万`). Tick labels share one
//! unit and one number of decimals chosen from the largest tick and the step, so an
//! axis reads `0, 0.5万, 1.0万, 1.5万`. Non-finite numbers are never printed: they
//! format as `—`.

/// Ticks for one axis: `values` run from `min` to `max` (inclusive) in steps of `step`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    /// Lower end of the axis (the first tick).
    pub min: f64,
    /// Upper end of the axis (the last tick); always greater than `min`.
    pub max: f64,
    /// Distance between neighbouring ticks: 1, 2 or 5 times a power of ten.
    pub step: f64,
    /// Tick positions, ascending.
    pub values: Vec<f64>,
}

/// Largest magnitude accepted; larger finite inputs are clamped so spans stay finite.
const LIMIT: f64 = 1e300;
/// Magnitudes below this are treated as zero (their powers of ten underflow).
const TINY: f64 = 1e-250;
/// A range narrower than this fraction of its magnitude is treated as a single value.
const FLAT: f64 = 1e-6;

/// Computes nice ticks covering `[lo, hi]` with about `intervals` gaps between ticks
/// (clamped to 1..=20). The bounds may come in either order; a non-finite bound is
/// ignored, and with neither bound finite, or both zero, the axis is `0..1`. A
/// single value (or a range too narrow to print) is widened by 10 % on each side.
pub fn nice_ticks(lo: f64, hi: f64, intervals: usize) -> Ticks {
    let intervals = intervals.clamp(1, 20) as f64;
    let (mut lo, mut hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    lo = lo.clamp(-LIMIT, LIMIT);
    hi = hi.clamp(-LIMIT, LIMIT);
    let magnitude = lo.abs().max(hi.abs());
    if magnitude < TINY {
        lo = 0.0;
        hi = 1.0;
    } else if hi - lo <= magnitude * FLAT {
        let centre = lo / 2.0 + hi / 2.0;
        let half = magnitude * 0.1;
        lo = centre - half;
        hi = centre + half;
    }
    let step = nice_step((hi - lo) / intervals);
    // The tolerance keeps quotients such as 2.9999999999 from adding a stray tick.
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil().max(first + 1.0);
    // The span is at least FLAT of the magnitude, so the count stays small; the cap
    // only guards against floating-point surprises.
    let count = ((last - first) as usize).min(200);
    let values: Vec<f64> = (0..=count)
        .map(|i| clean_zero((first + i as f64) * step, step))
        .collect();
    Ticks {
        min: values[0],
        max: values[values.len() - 1],
        step,
        values,
    }
}

/// The smallest of 1, 2, 5 or 10 times a power of ten that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let exponent = raw.log10().floor() as i32;
    // Dividing by an exact power of ten keeps steps such as 0.001 correctly rounded.
    let scale = |factor: f64| {
        if exponent >= 0 {
            factor * 10f64.powi(exponent)
        } else {
            factor / 10f64.powi(-exponent)
        }
    };
    let fraction = raw / scale(1.0);
    let factor = if fraction <= 1.0 + 1e-9 {
        1.0
    } else if fraction <= 2.0 + 1e-9 {
        2.0
    } else if fraction <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    scale(factor)
}

/// Turns rounding residue around zero (and negative zero) into an exact zero.
fn clean_zero(value: f64, step: f64) -> f64 {
    if value.abs() < step * 1e-9 { 0.0 } else { value }
}

impl Ticks {
    /// Maps `value` linearly from this axis onto the pixel range `from..to`; values
    /// beyond the axis (only possible above the clamping limit of 1e300) are pinned
    /// to its ends, and a non-finite value maps to `from`.
    pub fn position(&self, value: f64, from: f64, to: f64) -> f64 {
        let span = self.max - self.min;
        if span.is_nan() || span <= 0.0 || !value.is_finite() {
            return from;
        }
        from + (value.clamp(self.min, self.max) - self.min) / span * (to - from)
    }

    /// Labels for [`Ticks::values`], all in the same unit and with the same number
    /// of decimals (see the module documentation).
    pub fn labels(&self) -> Vec<String> {
        let top = self.values.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
        let scientific = |sig: usize| self.values.iter().map(|&v| scientific(v, sig)).collect();
        let sig_digits = ((top / self.step).log10().ceil().max(0.0) as usize).min(12);
        if top >= 1e16 {
            return scientific(sig_digits);
        }
        let (divisor, suffix) = unit_for(top);
        let scaled_step = self.step / divisor;
        let decimals = if scaled_step >= 1.0 - 1e-9 {
            0
        } else {
            (-scaled_step.log10() - 1e-9).ceil() as usize
        };
        if decimals > 10 || (top > 0.0 && top / divisor < 1e-4) {
            return scientific(sig_digits);
        }
        self.values
            .iter()
            .map(|&v| {
                if v == 0.0 {
                    "0".to_string()
                } else {
                    format!("{}{suffix}", fixed(v / divisor, decimals, false))
                }
            })
            .collect()
    }
}

/// The Chinese unit (divisor and suffix) used for numbers of magnitude `top`.
fn unit_for(top: f64) -> (f64, &'static str) {
    if top >= 1e12 {
        (1e12, "万亿")
    } else if top >= 1e8 {
        (1e8, "亿")
    } else if top >= 1e4 {
        (1e4, "万")
    } else {
        (1.0, "")
    }
}

/// Formats one number compactly (see the module documentation); `—` when not finite.
pub fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return "0".to_string();
    }
    if magnitude < 1e-6 {
        return scientific(value, 2);
    }
    if magnitude < 1.0 {
        let decimals = ((-magnitude.log10()).floor() as usize + 3).min(8);
        return fixed(value, decimals, true);
    }
    for (divisor, suffix) in [(1.0, ""), (1e4, "万"), (1e8, "亿"), (1e12, "万亿")] {
        let scaled = magnitude / divisor;
        // Compare after rounding so 9,999.999 becomes 1万 rather than 10,000.
        if (scaled * 100.0).round() / 100.0 < 1e4 {
            return format!("{}{suffix}", fixed(value / divisor, 2, true));
        }
    }
    scientific(value, 2)
}

/// Formats a percentage with at most one decimal, e.g. `85.3%`, `120%`, `1.2万%`.
pub fn format_percent(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    if value.abs() < 1e4 {
        return format!("{}%", fixed(value, 1, true));
    }
    format!("{}%", format_value(value))
}

/// Fixed-point text with thousands separators; optionally without trailing zeros.
/// Halves round away from zero (四舍五入), so 42.25 prints as 42.3 at one decimal.
fn fixed(value: f64, decimals: usize, trim: bool) -> String {
    let factor = 10f64.powi(decimals as i32);
    let rounded = (value.abs() * factor).round() / factor;
    let magnitude = if rounded.is_finite() { rounded } else { value.abs() };
    let text = format!("{:.*}", decimals, magnitude);
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches(if trim { '0' } else { '\u{0}' })),
        None => (text.as_str(), ""),
    };
    let is_zero = int_part.bytes().all(|b| b == b'0') && frac_part.bytes().all(|b| b == b'0');
    let mut out = String::with_capacity(text.len() + 4);
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    out
}

/// Scientific notation with up to `decimals` mantissa decimals, e.g. `1.5e-7`.
fn scientific(value: f64, decimals: usize) -> String {
    if value == 0.0 || !value.is_finite() {
        return if value == 0.0 {
            "0".to_string()
        } else {
            "—".to_string()
        };
    }
    let text = format!("{:.*e}", decimals, value);
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected axis: first tick, last tick, step and number of ticks.
    type Axis = (f64, f64, f64, usize);

    fn ticks(lo: f64, hi: f64) -> Axis {
        let t = nice_ticks(lo, hi, 5);
        (t.min, t.max, t.step, t.values.len())
    }

    #[test]
    fn tick_table() {
        let cases: &[(f64, f64, Axis)] = &[
            (0.0, 100.0, (0.0, 100.0, 20.0, 6)),
            (0.0, 1.0, (0.0, 1.0, 0.2, 6)),
            (0.0, 640.0, (0.0, 800.0, 200.0, 5)),
            (0.0, 7.0, (0.0, 8.0, 2.0, 5)),
            (3.0, 97.0, (0.0, 100.0, 20.0, 6)),
            (-40.0, -3.0, (-40.0, 0.0, 10.0, 5)),
            (-120.0, 80.0, (-150.0, 100.0, 50.0, 6)),
            (0.0, 0.0, (0.0, 1.0, 0.2, 6)),
            (0.0, 1e12, (0.0, 1e12, 2e11, 6)),
            (0.0, 0.003, (0.0, 0.003, 0.001, 4)),
            (100.0, 0.0, (0.0, 100.0, 20.0, 6)),
            (f64::NAN, f64::NAN, (0.0, 1.0, 0.2, 6)),
            (f64::NEG_INFINITY, 50.0, (44.0, 56.0, 2.0, 7)),
        ];
        for &(lo, hi, expected) in cases {
            let (min, max, step, count) = ticks(lo, hi);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
            assert!(
                close(min, expected.0) && close(max, expected.1) && close(step, expected.2) && count == expected.3,
                "{lo}..{hi}: got {min}..{max} step {step} ({count} ticks), expected {expected:?}"
            );
        }
    }

    #[test]
    fn single_value_is_widened() {
        let t = nice_ticks(5.0, 5.0, 5);
        assert!(t.min < 5.0 && t.max > 5.0);
        let t = nice_ticks(-3.0, -3.0, 5);
        assert!(t.min < -3.0 && t.max > -3.0);
    }

    #[test]
    fn extreme_ranges_stay_finite() {
        for (lo, hi) in [
            (-f64::MAX, f64::MAX),
            (1e-300, 2e-300),
            (1e20, 1e20 + 1.0),
            (-1e-9, 1e-9),
            (5e-324, 0.0),
        ] {
            let t = nice_ticks(lo, hi, 5);
            assert!(t.values.len() >= 2 && t.values.len() <= 30, "{lo}..{hi}: {t:?}");
            assert!(t.values.iter().all(|v| v.is_finite()) && t.max > t.min);
            assert!(t.labels().iter().all(|l| !l.contains("NaN") && !l.contains("inf")));
        }
    }

    #[test]
    fn tick_labels_share_unit_and_decimals() {
        assert_eq!(nice_ticks(0.0, 15000.0, 3).labels(), ["0", "0.5万", "1.0万", "1.5万"]);
        assert_eq!(nice_ticks(0.0, 640.0, 5).labels(), ["0", "200", "400", "600", "800"]);
        assert_eq!(nice_ticks(0.0, 3.5e8, 4).labels(), ["0", "1亿", "2亿", "3亿", "4亿"]);
        assert_eq!(nice_ticks(-1.0, 1.0, 4).labels(), ["-1.0", "-0.5", "0", "0.5", "1.0"]);
        assert_eq!(nice_ticks(0.0, 2e12, 2).labels(), ["0", "1万亿", "2万亿"]);
        assert_eq!(
            nice_ticks(0.0, 8000.0, 4).labels(),
            ["0", "2,000", "4,000", "6,000", "8,000"]
        );
        assert_eq!(nice_ticks(0.0, 4e-8, 2).labels(), ["0", "2e-8", "4e-8"]);
        assert_eq!(nice_ticks(0.0, 1e20, 2).labels(), ["0", "5e19", "1e20"]);
    }

    #[test]
    fn value_table() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (12.5, "12.5"),
            (1234.0, "1,234"),
            (1234.567, "1,234.57"),
            (0.125, "0.125"),
            (2.345, "2.35"),
            (12.5, "12.5"),
            (-1234.0, "-1,234"),
            (12345.0, "1.23万"),
            (12000.0, "1.2万"),
            (9999.999, "1万"),
            (35_000_000.0, "3,500万"),
            (350_000_000.0, "3.5亿"),
            (1.2e12, "1.2万亿"),
            (1.2e20, "1.2e20"),
            (0.5, "0.5"),
            (0.000123, "0.000123"),
            (0.0001234, "0.000123"),
            (1.5e-7, "1.5e-7"),
            (-0.25, "-0.25"),
            (f64::NAN, "—"),
            (f64::INFINITY, "—"),
            (f64::MAX, "1.8e308"),
            (-0.0000000001, "-1e-10"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_value(value), expected, "{value}");
        }
    }

    #[test]
    fn percent_table() {
        let cases = [
            (85.333, "85.3%"),
            (120.0, "120%"),
            (0.0, "0%"),
            (-0.01, "0%"),
            (-12.0, "-12%"),
            (12345.0, "1.23万%"),
            (f64::NAN, "—"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_percent(value), expected, "{value}");
        }
    }
}
