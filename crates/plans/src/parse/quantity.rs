//! Finding quantities (number + unit) in normalised text: 600家, 1.8%, 31.6亿元,
//! 1万家, 两百人, 10场次/年, 1/3, with trailing qualifiers such as 以上 or 左右.

use crate::parse::normalize::quoted_ranges;
use crate::parse::numerals::{self, Decimal};
use std::ops::Range;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClass {
    Count,
    Percent,
    Money,
    None,
}

/// A qualifier written after the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    AtLeast,
    About,
    AtMost,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::AtLeast => "at_least",
            Qualifier::About => "about",
            Qualifier::AtMost => "at_most",
        }
    }
}

/// A number with its unit, found in a normalised string.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Bytes covering number, unit, qualifier and a `/年` suffix.
    pub range: Range<usize>,
    /// Bytes covering the number only.
    pub num_range: Range<usize>,
    /// The value as written times any magnitude character (1万家 -> 10000).
    pub value: Decimal,
    /// Percent value for fractions (1/3 -> 33.33), otherwise `None`.
    pub fraction_pct: Option<f64>,
    pub unit: Option<&'static str>,
    pub class: UnitClass,
    /// Written only with Chinese numeral characters (三个, 两百家).
    pub chinese: bool,
    /// A Chinese numeral that contains 百/千/万/亿.
    pub chinese_large: bool,
    pub qualifier: Option<Qualifier>,
    pub per_year: bool,
}

impl Quantity {
    pub fn value_f64(&self) -> f64 {
        self.fraction_pct
            .unwrap_or_else(|| numerals::round4(self.value.to_f64()))
    }
}

/// Units recognised after a number, longest first (normalised forms).
const UNITS: &[(&str, UnitClass)] = &[
    ("个百分点", UnitClass::Percent),
    ("百分点", UnitClass::Percent),
    ("平方米", UnitClass::Count),
    ("百万元", UnitClass::Money),
    ("千万元", UnitClass::Money),
    ("人次", UnitClass::Count),
    ("场次", UnitClass::Count),
    ("家次", UnitClass::Count),
    ("项次", UnitClass::Count),
    ("万元", UnitClass::Money),
    ("亿元", UnitClass::Money),
    ("千元", UnitClass::Money),
    ("公里", UnitClass::Count),
    ("元", UnitClass::Money),
    ("%", UnitClass::Percent),
    ("‰", UnitClass::Percent),
    ("家", UnitClass::Count),
    ("个", UnitClass::Count),
    ("件", UnitClass::Count),
    ("项", UnitClass::Count),
    ("人", UnitClass::Count),
    ("名", UnitClass::Count),
    ("支", UnitClass::Count),
    ("场", UnitClass::Count),
    ("所", UnitClass::Count),
    ("座", UnitClass::Count),
    ("台", UnitClass::Count),
    ("套", UnitClass::Count),
    ("户", UnitClass::Count),
    ("篇", UnitClass::Count),
    ("条", UnitClass::Count),
    ("处", UnitClass::Count),
    ("位", UnitClass::Count),
    ("亩", UnitClass::Count),
    ("吨", UnitClass::Count),
    ("倍", UnitClass::Count),
    ("期", UnitClass::Count),
];

const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
    ("左右", Qualifier::About),
    ("多", Qualifier::About),
    ("余", Qualifier::About),
];

fn match_unit(rest: &str) -> Option<(&'static str, UnitClass)> {
    UNITS.iter().find(|(u, _)| rest.starts_with(u)).map(|(u, c)| (*u, *c))
}

/// Finds all quantities in `norm`, skipping numbers inside quotation marks or book
/// title brackets and ordinals (第3).
pub fn find_quantities(norm: &str) -> Vec<Quantity> {
    let quoted = quoted_ranges(norm);
    let mut out = Vec::new();
    let mut i = 0usize;
    let bytes = norm.as_bytes();
    while i < norm.len() {
        let Some(c) = norm[i..].chars().next() else {
            break;
        };
        let prev = norm[..i].chars().next_back();
        let in_quote = quoted.iter().any(|r| r.contains(&i));
        let blocked_prev = matches!(prev, Some(p) if p.is_ascii_alphanumeric() || p == '.' || p == '第');
        if c.is_ascii_digit() && !in_quote && !blocked_prev {
            if let Some(q) = scan_arabic(norm, i) {
                i = q.range.end.max(i + 1);
                out.push(q);
                continue;
            }
            // Skip the rest of this digit run.
            while i < norm.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            continue;
        }
        if numerals::is_cn_numeral_char(c) && !in_quote && prev != Some('第') {
            let run_end = norm[i..]
                .char_indices()
                .find(|(_, ch)| !numerals::is_cn_numeral_char(*ch))
                .map(|(k, _)| i + k)
                .unwrap_or(norm.len());
            if let Some(q) = scan_chinese(norm, i, run_end) {
                i = q.range.end;
                out.push(q);
                continue;
            }
            i = run_end;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

fn scan_arabic(norm: &str, start: usize) -> Option<Quantity> {
    let bytes = norm.as_bytes();
    let mut j = start;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
    }
    let num_text = &norm[start..j];
    let mut value = Decimal::parse(num_text)?;
    let num_range = start..j;
    // Fraction such as 1/3.
    if j + 1 < bytes.len() && bytes[j] == b'/' && bytes[j + 1].is_ascii_digit() {
        let mut k = j + 1;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        let den = Decimal::parse(&norm[j + 1..k])?.to_f64();
        if den > 0.0 {
            let pct = (value.to_f64() / den * 100.0 * 100.0).round() / 100.0;
            let (end, qualifier) = scan_qualifier(norm, k);
            return Some(Quantity {
                range: start..end,
                num_range,
                value,
                fraction_pct: Some(pct),
                unit: Some("%"),
                class: UnitClass::Percent,
                chinese: false,
                chinese_large: false,
                qualifier,
                per_year: false,
            });
        }
    }
    let mut pos = j;
    let mut qualifier = None;
    if norm[pos..].starts_with('多') || norm[pos..].starts_with('余') {
        qualifier = Some(Qualifier::About);
        pos += '多'.len_utf8();
    }
    // Magnitude character, unless it belongs to a money unit (20万元).
    if let Some(m) = norm[pos..].chars().next().and_then(numerals::magnitude) {
        let after = &norm[pos + 3..];
        let is_money_unit = match_unit(&norm[pos..]).is_some_and(|(_, c)| c == UnitClass::Money);
        if !is_money_unit && !after.starts_with('分') {
            value = value.times(m)?;
            pos += 3;
        }
    }
    // Allow a space between number and unit ("200 家").
    let spaces = norm[pos..].len() - norm[pos..].trim_start_matches(' ').len();
    if spaces > 0 && match_unit(&norm[pos + spaces..]).is_some() {
        pos += spaces;
    }
    let (unit, class) = match match_unit(&norm[pos..]) {
        Some((u, c)) => {
            pos += u.len();
            (Some(u), c)
        }
        None => (None, UnitClass::None),
    };
    // Dates, durations and ordinals are not quantities (2020年, 3年期, 5月).
    if unit.is_none()
        && norm[pos..].starts_with([
            '年', '月', '日', '号', '时', '届', '版', '岁', '周', '天', '次', '级', '强',
        ])
    {
        return None;
    }
    let (end, q2) = scan_qualifier(norm, pos);
    let (end, per_year) = scan_per_year(norm, end);
    Some(Quantity {
        range: start..end,
        num_range,
        value,
        fraction_pct: None,
        unit,
        class,
        chinese: false,
        chinese_large: false,
        qualifier: qualifier.or(q2),
        per_year,
    })
}

fn scan_chinese(norm: &str, start: usize, run_end: usize) -> Option<Quantity> {
    let run = &norm[start..run_end];
    // A money unit may start inside the run (二十万元): try shrinking the run.
    let mut split = run_end;
    // Prefer a money unit that starts inside the run (二十万元 = 20 万元).
    if let Some(last) = run.chars().next_back() {
        let k = run_end - last.len_utf8();
        if k > start && match_unit(&norm[k..]).is_some_and(|(_, c)| c == UnitClass::Money) {
            split = k;
        }
    }
    loop {
        let text = &norm[start..split];
        if text.is_empty() {
            return None;
        }
        if let Some((unit, class)) = match_unit(&norm[split..])
            && let Some(v) = numerals::parse_cn_int(text)
        {
            let large = text
                .chars()
                .any(|c| matches!(c, '百' | '千' | '万' | '亿' | '萬' | '億'));
            let pos = split + unit.len();
            let (end, qualifier) = scan_qualifier(norm, pos);
            let (end, per_year) = scan_per_year(norm, end);
            return Some(Quantity {
                range: start..end,
                num_range: start..split,
                value: Decimal::from_int(v as u128),
                fraction_pct: None,
                unit: Some(unit),
                class,
                chinese: true,
                chinese_large: large,
                qualifier,
                per_year,
            });
        }
        // Only a trailing 万/亿/千 can be part of a money unit.
        let last = text.chars().next_back()?;
        if !matches!(last, '万' | '亿' | '千' | '百') || split - last.len_utf8() <= start {
            return None;
        }
        split -= last.len_utf8();
    }
}

fn scan_qualifier(norm: &str, pos: usize) -> (usize, Option<Qualifier>) {
    for (text, q) in QUALIFIERS {
        if norm[pos..].starts_with(text) {
            return (pos + text.len(), Some(*q));
        }
    }
    (pos, None)
}

fn scan_per_year(norm: &str, pos: usize) -> (usize, bool) {
    if norm[pos..].starts_with("/年") {
        (pos + "/年".len(), true)
    } else {
        (pos, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Quantity {
        let qs = find_quantities(s);
        assert_eq!(qs.len(), 1, "{s}: {qs:?}");
        qs.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn units_and_values() {
        let cases: &[(&str, f64, Option<&str>)] = &[
            ("达到600家", 600.0, Some("家")),
            ("提高到1.8%", 1.8, Some("%")),
            ("31.6亿元", 31.6, Some("亿元")),
            ("增长到1万家", 10000.0, Some("家")),
            ("两百人", 200.0, Some("人")),
            ("三千五百名", 3500.0, Some("名")),
            ("10场次/年", 10.0, Some("场次")),
            ("50人次以上", 50.0, Some("人次")),
            ("20万元", 20.0, Some("万元")),
            ("二十万元", 20.0, Some("万元")),
            ("1/3以上", 33.33, Some("%")),
            ("18个", 18.0, Some("个")),
            ("支持10支团队", 10.0, Some("支")),
            ("指数达到88", 88.0, None),
            ("达到 200 家", 200.0, Some("家")),
        ];
        for (input, value, unit) in cases {
            let q = one(input);
            assert!((q.value_f64() - value).abs() < 1e-9, "{input}: {q:?}");
            assert_eq!(q.unit, *unit, "{input}");
        }
    }

    #[test]
    fn qualifiers_and_per_year() {
        let q = one("10项以上");
        assert_eq!(q.qualifier, Some(Qualifier::AtLeast));
        let q = one("30%左右");
        assert_eq!(q.qualifier, Some(Qualifier::About));
        let q = one("50亿元/年");
        assert!(q.per_year);
        assert_eq!(q.class, UnitClass::Money);
    }

    #[test]
    fn skips_names_ordinals_and_non_numbers() {
        for s in [
            "“565”产业",
            "第3位",
            "万人发明专利",
            "一批企业",
            "两化融合",
            "《2019年计划》",
            "M0政策",
        ] {
            let qs: Vec<_> = find_quantities(s).into_iter().filter(|q| q.unit.is_some()).collect();
            assert!(qs.is_empty(), "{s}: {qs:?}");
        }
    }

    #[test]
    fn chinese_numerals_are_marked() {
        let q = one("三个清单");
        assert!(q.chinese && !q.chinese_large);
        let q = one("一万家");
        assert!(q.chinese && q.chinese_large);
    }
}
