//! Number parsing: Arabic numbers with decimals, Chinese numerals (一万, 两百,
//! 三千五百, 十二), mixed forms (1万, 1.5亿) and exact conversion of money amounts to
//! integer yuan.

/// A non-negative decimal number kept exactly as `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: u128,
    pub scale: u32,
}

impl Decimal {
    pub fn from_int(v: u128) -> Self {
        Decimal { mantissa: v, scale: 0 }
    }

    /// Parses `123`, `1.05`, `0.5` (ASCII digits only).
    pub fn parse(s: &str) -> Option<Self> {
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac_part.bytes().all(|b| b.is_ascii_digit()) || frac_part.len() > 12 {
            return None;
        }
        let digits = format!("{int_part}{frac_part}");
        if digits.len() > 30 {
            return None;
        }
        let mantissa: u128 = digits.parse().ok()?;
        Some(Decimal {
            mantissa,
            scale: frac_part.len() as u32,
        })
    }

    /// Multiplies by an integer factor, returning `None` on overflow.
    pub fn times(self, factor: u128) -> Option<Self> {
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(factor)?,
            scale: self.scale,
        })
    }

    /// The value as an integer when it has no fractional part.
    pub fn to_integer(self) -> Option<i64> {
        let div = 10u128.checked_pow(self.scale)?;
        if !self.mantissa.is_multiple_of(div) {
            return None;
        }
        i64::try_from(self.mantissa / div).ok()
    }

    pub fn to_f64(self) -> f64 {
        let div = 10f64.powi(self.scale as i32);
        self.mantissa as f64 / div
    }
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

fn big_unit(c: char) -> Option<u64> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// True for characters that can be part of a Chinese numeral.
pub fn is_cn_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some()
}

/// Parses a Chinese numeral such as 一万, 两百, 三千五百, 十二, 一百零五, 二〇二〇.
/// A numeral may not start with 百/千/万/亿 (those alone are not numbers here).
pub fn parse_cn_int(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    let first = *chars.first()?;
    if small_unit(first).is_some_and(|u| u != 10) || big_unit(first).is_some() {
        return None;
    }
    // Digit-by-digit form (二〇二〇).
    if chars.len() > 1 && chars.contains(&'〇') && chars.iter().all(|c| digit_value(*c).is_some()) {
        let mut v: u64 = 0;
        for c in &chars {
            v = v.checked_mul(10)?.checked_add(digit_value(*c)?)?;
        }
        return Some(v);
    }
    let mut total: u64 = 0; // completed groups of 亿
    let mut section: u64 = 0; // below the current 万/亿 boundary
    let mut current: Option<u64> = None; // pending digit
    for c in chars {
        if let Some(d) = digit_value(c) {
            if d == 0 {
                continue; // 零 only marks a gap (一百零五)
            }
            if current.is_some() {
                return None; // two digits in a row (三五) are not a numeral here
            }
            current = Some(d);
        } else if let Some(u) = small_unit(c) {
            let d = match current.take() {
                Some(d) => d,
                None if u == 10 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(u)?)?;
        } else if let Some(u) = big_unit(c) {
            let group = section.checked_add(current.take().unwrap_or(0))?;
            if group == 0 && total == 0 {
                return None;
            }
            if u == 10_000 {
                section = 0;
                total = total.checked_add(group.checked_mul(u)?)?;
            } else {
                total = total.checked_add(group)?.checked_mul(u)?;
                section = 0;
            }
        } else {
            return None;
        }
    }
    total.checked_add(section)?.checked_add(current.unwrap_or(0))
}

/// The multiplier of a magnitude character written after an Arabic number (1万, 1.5亿).
pub fn magnitude(c: char) -> Option<u128> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// Converts an amount written with a money unit into integer yuan, exactly.
/// `unit` is one of 元, 千元, 万元, 亿元 (normalised form). Returns `None` when the
/// amount is not a whole number of yuan or overflows.
pub fn money_to_yuan(value: Decimal, unit: &str) -> Option<i64> {
    let factor: u128 = match unit {
        "元" => 1,
        "千元" => 1_000,
        "万元" => 10_000,
        "百万元" => 1_000_000,
        "千万元" => 10_000_000,
        "亿元" => 100_000_000,
        _ => return None,
    };
    value.times(factor)?.to_integer()
}

/// Rounds to four decimal places so that values compare stably.
pub fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases: &[(&str, Option<u64>)] = &[
            ("一", Some(1)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("两百", Some(200)),
            ("三千五百", Some(3500)),
            ("一百零五", Some(105)),
            ("一万", Some(10_000)),
            ("一万二千", Some(12_000)),
            ("三十万", Some(300_000)),
            ("一亿五千万", Some(150_000_000)),
            ("二〇二〇", Some(2020)),
            ("万", None),
            ("百", None),
            ("亿", None),
            ("三五", None),
            ("abc", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_cn_int(input), *want, "{input}");
        }
    }

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(
            Decimal::parse("1.05"),
            Some(Decimal {
                mantissa: 105,
                scale: 2
            })
        );
        assert_eq!(
            Decimal::parse("600"),
            Some(Decimal {
                mantissa: 600,
                scale: 0
            })
        );
        assert_eq!(Decimal::parse("1."), Some(Decimal { mantissa: 1, scale: 0 }));
        assert_eq!(Decimal::parse(".5"), None);
        assert_eq!(Decimal::parse("1.2.3"), None);
    }

    #[test]
    fn money_in_integer_yuan() {
        let cases: &[(&str, &str, Option<i64>)] = &[
            ("20", "万元", Some(200_000)),
            ("1.5", "亿元", Some(150_000_000)),
            ("3.6", "万元", Some(36_000)),
            ("1000", "万元", Some(10_000_000)),
            ("0.35", "万元", Some(3_500)),
            ("12.5", "元", None),
            ("500", "元", Some(500)),
            ("2", "千元", Some(2_000)),
        ];
        for (num, unit, want) in cases {
            let d = Decimal::parse(num).map(|d| money_to_yuan(d, unit));
            assert_eq!(d, Some(*want), "{num}{unit}");
        }
    }
}
