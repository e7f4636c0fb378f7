//! Amounts as the policy texts write them ("20万元", "1000万", "500000元",
//! "3.6万元") and rates ("50%", "1%", "4.35"), read into exact values:
//! money in integer fen, rates as decimals. The one rounding rule of the
//! capability is here too: half up, to the fen, once, at the end of a
//! computation.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::str::FromStr;

/// Fen in one yuan.
const FEN: i64 = 100;

/// Reads an amount of money into fen: a number of yuan with an optional
/// unit 元, 万元 / 万, 亿元 / 亿 (full-width digits and separators allowed).
pub fn parse_money(text: &str) -> Result<i64, String> {
    let t: String = text
        .trim()
        .chars()
        .map(kechuang_text::fold_char)
        .filter(|c| !matches!(c, ',' | ' '))
        .collect();
    let (number, factor) = if let Some(n) = t.strip_suffix("亿元").or_else(|| t.strip_suffix('亿')) {
        (n, Decimal::from(100_000_000))
    } else if let Some(n) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        (n, Decimal::from(10_000))
    } else if let Some(n) = t.strip_suffix('元') {
        (n, Decimal::ONE)
    } else {
        (t.as_str(), Decimal::ONE)
    };
    let n = Decimal::from_str(number).map_err(|_| format!("“{text}”不是金额 / {text:?} is not an amount"))?;
    if n.is_sign_negative() {
        return Err(format!("“{text}”为负数 / {text:?} is negative"));
    }
    let fen = n * factor * Decimal::from(FEN);
    if fen.fract() != Decimal::ZERO {
        return Err(format!("“{text}”不足一分 / {text:?} has a fraction of a fen"));
    }
    fen.to_i64()
        .ok_or_else(|| format!("“{text}”过大 / {text:?} is too large"))
}

/// Reads a rate: "50%" is 0.5; a bare number is a fraction ("0.5").
pub fn parse_rate(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let (n, pct) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let d = Decimal::from_str(n).map_err(|_| format!("“{text}”不是比例 / {text:?} is not a rate"))?;
    let d = if pct { d / Decimal::from(100) } else { d };
    if d.is_sign_negative() || d > Decimal::from(10) {
        return Err(format!("“{text}”超出合理范围 / {text:?} is out of range"));
    }
    Ok(d)
}

/// Yuan (as a fact gives them, possibly with decimals) in fen, rounded half
/// up to the fen.
pub fn yuan_to_fen(yuan: Decimal) -> Option<i64> {
    round_fen(yuan * Decimal::from(FEN))
}

/// The one rounding of the capability: a decimal amount of fen to whole fen,
/// half up (away from zero).
pub fn round_fen(fen: Decimal) -> Option<i64> {
    fen.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
}

/// Fen as people read an amount: 万元 with as many decimals as needed from
/// 1万元 up (21.75万元, 1000万元), yuan with fen below (3,600元, 12.34元).
pub fn show(fen: i64) -> String {
    let yuan = Decimal::from(fen) / Decimal::from(FEN);
    if fen.abs() >= 10_000 * FEN {
        format!("{}万元", (yuan / Decimal::from(10_000)).normalize())
    } else {
        format!("{}元", yuan.normalize())
    }
}

/// A rate as a percentage: 0.5 → "50%", 0.0435 → "4.35%".
pub fn show_rate(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::from(100)).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let cases = [
            ("20万元", 20_000_000),
            ("3.6万元", 3_600_000),
            ("1000万", 1_000_000_000),
            ("500000元", 50_000_000),
            ("2000万元", 2_000_000_000),
            ("１２万元", 12_000_000),
            ("0.5亿元", 5_000_000_000),
            ("1,234.56元", 123_456),
        ];
        for (text, fen) in cases {
            assert_eq!(parse_money(text), Ok(fen), "{text}");
        }
        assert!(parse_money("二十万").is_err());
        assert!(parse_money("-5万元").is_err());
        assert!(parse_money("0.001元").is_err());
    }

    #[test]
    fn rates_and_rounding() {
        assert_eq!(parse_rate("50%"), Ok(Decimal::new(5, 1)));
        assert_eq!(parse_rate("1%"), Ok(Decimal::new(1, 2)));
        assert_eq!(parse_rate("0.75"), Ok(Decimal::new(75, 2)));
        assert!(parse_rate("abc").is_err());
        assert!(parse_rate("-1%").is_err());
        assert_eq!(round_fen(Decimal::new(25, 1)), Some(3), "half up");
        assert_eq!(round_fen(Decimal::new(24, 1)), Some(2));
        assert_eq!(show(217_500_00), "21.75万元");
        assert_eq!(show(1_000_000_000), "1000万元");
        assert_eq!(show(360_000), "3600元");
        assert_eq!(show(1_234), "12.34元");
        assert_eq!(show_rate(Decimal::new(435, 4)), "4.35%");
    }
}
