//! The tech-SME evaluation indicators (科技型中小企业评价指标), 国科发政〔2017〕115号
//! 第七条: S&T staff ≤20, R&D input ≤50, S&T results ≤30; 100 in all.
//! Every band includes its lower bound (30%（含）以上 …), so each line is
//! tested with `>=` on exact fractions.

use crate::money::Fraction;

/// A band table: (at least this percent, points), best first.
pub(crate) type Bands = [(i128, u32); 5];

/// Indicator 1, 科技人员指标: S&T staff over employees. A ≥30 % 20; B ≥25 % 16;
/// C ≥20 % 12; D ≥15 % 8; E ≥10 % 4; F below 10 % 0.
pub(crate) const ST_STAFF_BANDS: Bands = [(30, 20), (25, 16), (20, 12), (15, 8), (10, 4)];

/// Indicator 2(1), 研发投入指标 on 销售收入: A ≥6 % 50; B ≥5 % 40; C ≥4 % 30;
/// D ≥3 % 20; E ≥2 % 10; F below 2 % 0.
pub(crate) const RD_REVENUE_BANDS: Bands = [(6, 50), (5, 40), (4, 30), (3, 20), (2, 10)];

/// Indicator 2(2), 研发投入指标 on 成本费用支出总额: A ≥30 % 50; B ≥25 % 40;
/// C ≥20 % 30; D ≥15 % 20; E ≥10 % 10; F below 10 % 0.
pub(crate) const RD_COST_BANDS: Bands = [(30, 50), (25, 40), (20, 30), (15, 20), (10, 10)];

/// The points a share earns in `bands`; an uncomputable share earns 0.
pub(crate) fn band_points(share: Option<Fraction>, bands: &Bands) -> u32 {
    share.map_or(0, |s| {
        bands
            .iter()
            .find(|(pct, _)| s.at_least_percent(*pct))
            .map_or(0, |(_, pts)| *pts)
    })
}

/// The next better band above the current points, if any.
pub(crate) fn next_band(points: u32, bands: &Bands) -> Option<(i128, u32)> {
    bands.iter().rev().find(|(_, pts)| *pts > points).copied()
}

/// Indicator 3, 科技成果指标: A ≥1 class-I IP 30; B ≥4 class-II 24; C 3 class-II 18;
/// D 2 class-II 12; E 1 class-II 6; F none 0.
pub(crate) fn ip_points(class1: u32, class2: u32) -> u32 {
    match (class1, class2) {
        (1.., _) => 30,
        (0, 4..) => 24,
        (0, 3) => 18,
        (0, 2) => 12,
        (0, 1) => 6,
        (0, 0) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_include_their_lower_bound() {
        let f = |n, d| Fraction::new(n, d);
        assert_eq!(band_points(f(30, 100), &ST_STAFF_BANDS), 20);
        assert_eq!(band_points(f(2_999, 10_000), &ST_STAFF_BANDS), 16);
        assert_eq!(band_points(f(9_999, 100_000), &ST_STAFF_BANDS), 0);
        assert_eq!(band_points(None, &RD_COST_BANDS), 0);
        assert_eq!(next_band(16, &ST_STAFF_BANDS), Some((30, 20)));
        assert_eq!(next_band(0, &ST_STAFF_BANDS), Some((10, 4)));
        assert_eq!(next_band(20, &ST_STAFF_BANDS), None);
    }
}
