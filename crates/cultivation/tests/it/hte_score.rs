//! Table tests at the band edges of the innovation evaluation (指引
//! 企业创新能力评价, 国科发火〔2016〕195号), read through the public report,
//! and inputs the typed API must survive without panicking.

use crate::common::hte_pass;
use kechuang_cultivation::hte::{Grade, HteYear, IpAcquisition};
use kechuang_cultivation::{Headcount, HteInput, Points, PointsMode, assess_hte};

fn item(input: &HteInput, name: &str) -> (Option<String>, Points) {
    let r = assess_hte(input);
    let i = r.innovation_items.iter().find(|i| i.item == name).unwrap();
    (i.grade.clone(), i.band)
}

/// 知识产权数量: A 1项及以上（Ⅰ类） 7-8; B 5项及以上（Ⅱ类） 5-6; C 3~4项（Ⅱ类） 3-4;
/// D 1~2项（Ⅱ类） 1-2; E 0项 0.
#[test]
fn ip_count_band_edges() {
    let cases = [
        ((1, 0), "A", (7, 8)),
        ((0, 5), "B", (5, 6)),
        ((0, 4), "C", (3, 4)),
        ((0, 3), "C", (3, 4)),
        ((0, 2), "D", (1, 2)),
        ((0, 1), "D", (1, 2)),
        ((0, 0), "E", (0, 0)),
    ];
    for ((c1, c2), grade, (lo, hi)) in cases {
        let mut input = hte_pass();
        input.ip.class1_count = c1;
        input.ip.class2_count = c2;
        assert_eq!(
            item(&input, "ip_count"),
            (Some(grade.to_owned()), Points::band(lo, hi)),
            "{c1}/{c2}"
        );
    }
}

/// 技术的先进程度 and 核心支持作用: A 7-8, B 5-6, C 3-4, D 1-2, E 0;
/// 知识产权获得方式: A 有自主研发 1-6, B 仅有受让、受赠和并购等 1-3;
/// 标准: A 是 1-2, B 否 0.
#[test]
fn expert_graded_ip_items() {
    for (grade, band) in [
        (Grade::A, Points::band(7, 8)),
        (Grade::B, Points::band(5, 6)),
        (Grade::C, Points::band(3, 4)),
        (Grade::D, Points::band(1, 2)),
        (Grade::E, Points::ZERO),
    ] {
        let mut input = hte_pass();
        input.expert.tech_advancement = grade;
        input.expert.core_support = grade;
        assert_eq!(item(&input, "tech_advancement").1, band);
        assert_eq!(item(&input, "core_support").1, band);
    }
    let mut input = hte_pass();
    assert_eq!(item(&input, "acquisition").1, Points::band(1, 6));
    input.ip.acquisition = IpAcquisition::AcquiredOnly;
    assert_eq!(item(&input, "acquisition").1, Points::band(1, 3));
    input.ip.standards_participation = false;
    assert_eq!(item(&input, "standards").1, Points::ZERO);
}

/// 科技成果转化能力 by the yearly average over three years: A ≥5 (15 in
/// three years) 25-30; B ≥4 (12) 19-24; C ≥3 (9) 13-18; D ≥2 (6) 7-12;
/// E ≥1 (3) 1-6; F 0 0.
#[test]
fn commercialisation_band_edges() {
    let cases = [
        (15, "A", (25, 30)),
        (14, "B", (19, 24)),
        (12, "B", (19, 24)),
        (11, "C", (13, 18)),
        (9, "C", (13, 18)),
        (8, "D", (7, 12)),
        (6, "D", (7, 12)),
        (5, "E", (1, 6)),
        (3, "E", (1, 6)),
        (1, "E", (1, 6)),
        (0, "F", (0, 0)),
    ];
    for (count, grade, (lo, hi)) in cases {
        let mut input = hte_pass();
        input.commercializations_3y = count;
        assert_eq!(
            item(&input, "per_year"),
            (Some(grade.to_owned()), Points::band(lo, hi)),
            "{count}"
        );
    }
}

/// 企业成长性: ≥35% A 9-10; ≥25% B 7-8; ≥15% C 5-6; ≥5% D 3-4; >0 E 1-2;
/// ≤0 F 0. Net assets grow by the same rate twice: 1.35 × 1.35 = 1.8225.
#[test]
fn growth_band_edges() {
    let cases = [
        ([10_000, 13_500, 18_225], "A"),
        ([10_000, 13_500, 18_224], "B"),
        ([10_000, 12_500, 15_625], "B"),
        ([10_000, 12_500, 15_624], "C"),
        ([10_000, 11_500, 13_225], "C"),
        ([10_000, 11_500, 13_224], "D"),
        ([10_000, 10_500, 11_025], "D"),
        ([10_000, 10_500, 11_024], "E"),
        ([10_000, 10_000, 10_001], "E"),
        ([10_000, 10_000, 10_000], "F"),
        ([10_000, 9_000, 8_000], "F"),
        // 第二年末净资产为0的，按0分计算.
        ([10_000, 0, 50_000], "F"),
        // 第一年末净资产为0的，按后两年计算: 10,000 -> 13,500 is 35 %.
        ([0, 10_000, 13_500], "A"),
    ];
    for (nets, grade) in cases {
        let mut input = hte_pass();
        for (y, net) in input.years.iter_mut().zip(nets) {
            y.net_assets_end = net;
        }
        assert_eq!(item(&input, "net_assets").0.as_deref(), Some(grade), "{nets:?}");
    }
}

/// 研究开发组织管理水平: items ≤6, ≤6, ≤4, ≤4, scored at the cap when in place.
#[test]
fn rd_management_caps() {
    let mut input = hte_pass();
    assert_eq!(assess_hte(&input).innovation_parts.rd_management, Points::exact(20));
    input.rd_management.institution = false;
    input.rd_management.talent = false;
    assert_eq!(assess_hte(&input).innovation_parts.rd_management, Points::exact(10));
}

/// `points` narrows every judgment band the same way.
#[test]
fn points_modes_bracket_the_range() {
    let mut input = hte_pass();
    let mut score = |mode| {
        input.expert.points = mode;
        assess_hte(&input).innovation_score
    };
    let (lo, hi, range) = (score(PointsMode::Min), score(PointsMode::Max), score(PointsMode::Range));
    assert_eq!(range, Points::band(lo.min, hi.max));
    assert_eq!((lo, hi), (Points::exact(75), Points::exact(88)));
}

/// The typed API gives a report, never a panic, for inputs the JSON
/// interface would refuse.
#[test]
fn unvalidated_inputs_do_not_panic() {
    let mut empty = hte_pass();
    empty.years.clear();
    let r = assess_hte(&empty);
    assert!(!r.qualified && r.rd_ratio_pct.is_none());

    let mut zeros = hte_pass();
    for y in &mut zeros.years {
        *y = HteYear {
            year: y.year,
            revenue: 0,
            total_income: 0,
            rd_expense: 0,
            rd_expense_in_china: 0,
            high_tech_revenue: 0,
            net_assets_end: 0,
            employees: Headcount::ZERO,
            st_staff: Headcount::ZERO,
        };
    }
    let r = assess_hte(&zeros);
    assert!(
        r.gaps
            .iter()
            .all(|g| g.amount.is_none() || g.condition == "innovation_score")
    );

    let mut huge = hte_pass();
    for y in &mut huge.years {
        y.revenue = i64::MAX;
        y.net_assets_end = i64::MAX;
        y.rd_expense = i64::MIN;
    }
    huge.assessment_date = crate::common::date("2000-01-01");
    let _ = assess_hte(&huge);
}
