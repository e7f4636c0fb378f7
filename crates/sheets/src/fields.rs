//! Field parsers for validators; each returns a Chinese-first reason on failure.

use chrono::NaiveDate;

/// Convert an Excel date serial (1900 system, with its fictitious 1900-02-29) to a date.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    // Serial 60 is the non-existent 1900-02-29; later serials are off by one because of it.
    let base = NaiveDate::from_ymd_opt(1899, 12, 31)?;
    let offset = if days >= 60 { days - 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(offset))
}

fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// An integer, allowing thousands separators and a trailing ".0".
pub fn parse_int(s: &str) -> Result<i64, String> {
    let t = clean(s);
    if t.is_empty() {
        return Err("不能为空 / must not be empty".into());
    }
    let t = t.strip_suffix(".0").unwrap_or(&t);
    t.parse::<i64>()
        .map_err(|_| format!("不是整数：{s} / not an integer: {s}"))
}

/// A money amount in yuan ("1,234.5", "12万", "1.2亿", "¥100元") as integer fen.
pub fn parse_decimal_to_fen(s: &str) -> Result<i64, String> {
    let bad = || format!("不是有效金额：{s} / not a valid amount: {s}");
    let mut t = clean(s);
    if t.is_empty() {
        return Err("不能为空 / must not be empty".into());
    }
    for p in ['¥', '￥'] {
        t = t.trim_start_matches(p).to_string();
    }
    let t = t.strip_suffix('元').unwrap_or(&t);
    let (num, scale_pow) = if let Some(n) = t.strip_suffix('亿') {
        (n, 8u32)
    } else if let Some(n) = t.strip_suffix('万') {
        (n, 4)
    } else {
        (t, 0)
    };
    let (neg, num) = match num.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, num.strip_prefix('+').unwrap_or(num)),
    };
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // Value in fen = digits × 10^(scale+2) / 10^len(frac); must come out whole.
    let digits = format!("{int_part}{frac_part}");
    let digits: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| bad())?
    };
    let up = scale_pow as i64 + 2 - frac_part.len() as i64;
    let fen = if up >= 0 {
        10i128
            .checked_pow(up as u32)
            .and_then(|m| digits.checked_mul(m))
            .ok_or_else(bad)?
    } else {
        let d = 10i128.checked_pow((-up) as u32).ok_or_else(bad)?;
        if digits % d != 0 {
            return Err(format!("金额精度超过分：{s} / amount finer than one fen: {s}"));
        }
        digits / d
    };
    let fen = if neg { -fen } else { fen };
    i64::try_from(fen).map_err(|_| bad())
}

/// A date as YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or an Excel serial number.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let bad = || format!("不是有效日期：{s} / not a valid date: {s}");
    // A time of day after the date is ignored.
    let t = clean(s.split_whitespace().next().unwrap_or(""));
    if t.is_empty() {
        return Err("不能为空 / must not be empty".into());
    }
    // An Excel serial: up to six digits, or a five-digit day with a time fraction.
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !whole.is_empty() && digits(whole) && digits(frac) && (frac.is_empty() && whole.len() <= 6 || whole.len() == 5) {
        let serial: f64 = t.parse().map_err(|_| bad())?;
        return excel_serial_to_date(serial).ok_or_else(bad);
    }
    let t = t.trim_end_matches('日').replace(['年', '月', '/', '.'], "-");
    let t = t.split(['T', ' ']).next().unwrap_or("");
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return Err(bad());
    }
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]).ok_or_else(bad)
}

/// 是/否, Y/N, yes/no, true/false, 1/0, 有/无, √/×.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match clean(s).to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "有" | "√" | "对" => Ok(true),
        "否" | "n" | "no" | "false" | "0" | "无" | "×" | "不是" => Ok(false),
        "" => Err("不能为空 / must not be empty".into()),
        _ => Err(format!("应为 是/否：{s} / expected yes/no: {s}")),
    }
}
