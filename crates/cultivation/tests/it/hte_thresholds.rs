//! Table tests at every line of the high-tech enterprise conditions. Each
//! case names the clause it checks: 办法 is 《高新技术企业认定管理办法》
//! (国科发火〔2016〕32号), 指引 is 《高新技术企业认定管理工作指引》
//! (国科发火〔2016〕195号).

use crate::common::{date, hte_dated, hte_pass};
use kechuang_cultivation::hte::Grade;
use kechuang_cultivation::{GapUnit, Headcount, HteCondition, HteInput, Points, PointsMode, assess_hte};

fn fails(input: &HteInput, c: HteCondition) -> bool {
    assess_hte(input).failed_conditions.contains(&c)
}

#[test]
fn the_baseline_firm_qualifies() {
    let r = assess_hte(&hte_pass());
    assert!(r.qualified, "{:?}", r.failed_conditions);
    assert_eq!(r.innovation_score, Points::exact(75));
    assert!(r.gaps.is_empty());
}

/// 办法 第十一条(五)1: 最近一年销售收入小于5,000万元（含）的企业，比例不低于5%.
#[test]
fn rd_ratio_exactly_five_percent_passes_and_one_yuan_less_fails() {
    let mut input = hte_pass();
    for y in &mut input.years {
        y.rd_expense = 2_000_000; // 5 % of 40 million
        y.rd_expense_in_china = 2_000_000;
    }
    let r = assess_hte(&input);
    assert!(r.qualified);
    assert_eq!(r.rd_ratio_pct.unwrap().to_string(), "5.00");
    assert_eq!(r.rd_threshold_pct.to_string(), "5.00");

    input.years[0].rd_expense -= 1;
    input.years[0].rd_expense_in_china -= 1;
    let r = assess_hte(&input);
    assert_eq!(r.failed_conditions, vec![HteCondition::RdRatio]);
    // 5,999,999 / 120,000,000 = 4.99999917 %: shown cut, never rounded up.
    assert_eq!(r.rd_ratio_pct.unwrap().to_string(), "4.99");
    let gap = &r.gaps[0];
    assert_eq!(gap.condition, "rd_ratio");
    assert_eq!((gap.amount, gap.unit), (Some(1), Some(GapUnit::Yuan)));
}

/// 办法 第十一条(五): the band follows the latest year's revenue; 5,000万元 is
/// inside the 5 % band (含), 2亿元 inside the 4 % band (含).
#[test]
fn revenue_band_edges() {
    // (latest-year revenue, threshold %)
    let cases = [
        (50_000_000, 5),
        (50_000_001, 4),
        (200_000_000, 4),
        (200_000_001, 3),
        (1, 5),
        (1_000_000_000, 3),
    ];
    for (latest, want) in cases {
        let mut input = hte_pass();
        input.years[2].revenue = latest;
        let r = assess_hte(&input);
        assert_eq!(
            r.rd_threshold_pct.to_string(),
            format!("{want}.00"),
            "latest revenue {latest}"
        );
    }
}

/// 办法 第十一条(五)2: R&D of the smallest whole yuan reaching 4 % fails for a
/// firm whose latest revenue is 50,000,000 (5 % band) and passes at
/// 50,000,001 (4 % band).
#[test]
fn four_percent_on_either_side_of_the_50_million_edge() {
    for (latest, passes) in [(50_000_000_i64, false), (50_000_001, true)] {
        let mut input = hte_pass();
        for y in &mut input.years {
            y.revenue = latest;
            y.total_income = latest;
            y.high_tech_revenue = latest;
        }
        // ceil(4 % of the three years' revenue), all booked in the first year.
        let total_rd = (3 * latest * 4 + 99) / 100;
        for (i, y) in input.years.iter_mut().enumerate() {
            y.rd_expense = if i == 0 { total_rd } else { 0 };
            y.rd_expense_in_china = y.rd_expense;
        }
        let r = assess_hte(&input);
        assert_eq!(r.rd_ratio_pct.unwrap().to_string(), "4.00");
        assert_eq!(!fails(&input, HteCondition::RdRatio), passes, "latest {latest}");
    }
}

/// 办法 第十一条(五)2-3: exactly 3 % passes above 2亿元 and fails at 2亿元.
#[test]
fn three_percent_on_either_side_of_the_200_million_edge() {
    for (latest, passes) in [(200_000_000_i64, false), (200_000_100, true)] {
        let mut input = hte_pass();
        for y in &mut input.years {
            y.revenue = latest;
            y.total_income = latest;
            y.high_tech_revenue = latest;
            y.rd_expense = latest / 100 * 3;
            y.rd_expense_in_china = y.rd_expense;
        }
        assert_eq!(!fails(&input, HteCondition::RdRatio), passes, "latest {latest}");
    }
}

/// 指引 认定条件 (研究开发费用占比): 近三个会计年度 means the sums over the
/// years; the ratio is not an average of yearly ratios.
#[test]
fn rd_ratio_is_total_over_total() {
    let mut input = hte_pass();
    let (revs, rds) = ([10_000_000, 10_000_000, 40_000_000], [1_000_000, 1_000_000, 1_000_000]);
    for ((y, rev), rd) in input.years.iter_mut().zip(revs).zip(rds) {
        y.revenue = rev;
        y.total_income = rev;
        y.high_tech_revenue = rev;
        y.rd_expense = rd;
        y.rd_expense_in_china = rd;
    }
    // Yearly ratios 10 %, 10 %, 2.5 % average 7.5 %, but 3M / 60M = 5.00 %.
    assert_eq!(assess_hte(&input).rd_ratio_pct.unwrap().to_string(), "5.00");
    input.years[2].rd_expense -= 1;
    input.years[2].rd_expense_in_china -= 1;
    assert!(fails(&input, HteCondition::RdRatio));
}

/// 办法 第十一条(五): 其中，企业在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于60%.
#[test]
fn in_china_share_exactly_sixty_percent() {
    let mut input = hte_pass();
    for y in &mut input.years {
        y.rd_expense_in_china = 1_440_000; // 60 % of 2,400,000
    }
    let r = assess_hte(&input);
    assert!(r.qualified);
    assert_eq!(r.rd_in_china_pct.unwrap().to_string(), "60.00");
    input.years[1].rd_expense_in_china -= 1;
    let r = assess_hte(&input);
    assert_eq!(r.failed_conditions, vec![HteCondition::RdInChinaShare]);
    // (c + x) / (r + x) >= 60 %: 2x >= 3 * 7,200,000 - 5 * 4,319,999 = 5, so x = 3.
    assert_eq!(r.gaps[0].amount, Some(3));
}

/// 办法 第十一条(四): 科技人员占企业当年职工总数的比例不低于10%; 指引: 全年月平均数.
#[test]
fn st_staff_exactly_ten_percent() {
    let cases: [(&str, &str, bool); 5] = [
        ("10", "100", true),
        ("9.9999", "100", false),
        ("12.5", "125", true),
        ("12.4999", "125", false),
        ("0", "1", false),
    ];
    for (st, emp, passes) in cases {
        let mut input = hte_pass();
        let last = input.years.last_mut().unwrap();
        last.st_staff = serde_json::from_str::<Headcount>(st).unwrap();
        last.employees = serde_json::from_str::<Headcount>(emp).unwrap();
        assert_eq!(!fails(&input, HteCondition::StStaffRatio), passes, "{st} of {emp}");
    }
    // Only the latest year (当年) counts.
    let mut input = hte_pass();
    input.years[0].st_staff = Headcount::ZERO;
    assert!(!fails(&input, HteCondition::StStaffRatio));
}

/// The staff gap: 9 of 100 needs 2 new hires ((9+2)/(100+2) = 10.8 %;
/// (9+1)/(101) = 9.9 %) or 1 reassigned employee.
#[test]
fn st_staff_gap_counts_new_hires_as_employees() {
    let mut input = hte_pass();
    input.years[2].st_staff = Headcount::persons(9);
    let r = assess_hte(&input);
    let gap = r.gaps.iter().find(|g| g.condition == "st_staff_ratio").unwrap();
    assert_eq!((gap.amount, gap.unit), (Some(2), Some(GapUnit::Persons)));
    assert!(gap.message_en.contains("move 1 existing"), "{}", gap.message_en);
}

/// 办法 第十一条(六): 近一年高新技术产品（服务）收入占企业同期总收入的比例不低于60%;
/// 指引: 总收入 = 收入总额 - 不征税收入.
#[test]
fn high_tech_revenue_exactly_sixty_percent() {
    let mut input = hte_pass();
    let last = input.years.last_mut().unwrap();
    last.total_income = 45_000_000;
    last.high_tech_revenue = 27_000_000;
    let r = assess_hte(&input);
    assert!(r.qualified);
    assert_eq!(r.high_tech_revenue_pct.unwrap().to_string(), "60.00");
    input.years.last_mut().unwrap().high_tech_revenue -= 1;
    let r = assess_hte(&input);
    assert_eq!(r.failed_conditions, vec![HteCondition::HighTechRevenueShare]);
    assert_eq!(r.high_tech_revenue_pct.unwrap().to_string(), "59.99");
    // 2x >= 3 * 45,000,000 - 5 * 26,999,999 = 5, so 3 yuan.
    assert_eq!(r.gaps[0].amount, Some(3));
    // Earlier years do not count (近一年).
    let mut input = hte_pass();
    input.years[0].high_tech_revenue = 0;
    assert!(assess_hte(&input).qualified);
}

/// 办法 第十一条(一); 指引 认定条件·年限: 注册成立365个日历天数以上.
#[test]
fn registered_365_days_including_leap_years() {
    let cases = [
        ("2022-06-01", "2023-06-01", 365, true),
        ("2022-06-01", "2023-05-31", 364, false),
        // The year to 2024-02-29 holds the leap day: 365 days before 2024-03-01.
        ("2023-03-01", "2024-02-29", 365, true),
        ("2023-03-01", "2024-02-28", 364, false),
        // Registered on a leap day.
        ("2024-02-29", "2025-02-28", 365, true),
        ("2024-02-29", "2025-02-27", 364, false),
        ("2023-12-31", "2024-12-30", 365, true),
        ("2023-12-31", "2024-12-29", 364, false),
    ];
    for (registered, assessed, days, passes) in cases {
        let input = hte_dated(registered, assessed);
        let r = assess_hte(&input);
        assert_eq!(r.days_registered, days, "{registered} -> {assessed}");
        assert_eq!(!r.failed_conditions.contains(&HteCondition::RegisteredOneYear), passes);
        if !passes {
            let gap = r.gaps.iter().find(|g| g.condition == "registered_one_year").unwrap();
            assert_eq!((gap.amount, gap.unit), (Some(1), Some(GapUnit::Days)));
        }
    }
}

/// 指引 企业创新能力评价: 综合得分达到70分以上（不含70分）.
#[test]
fn innovation_score_70_fails_and_71_passes() {
    // Bottom of every band: IP 7+7+7+1+1 = 23, commercialisation A 25,
    // R&D management 20: 68 before growth.
    let mut input = hte_pass();
    // Growth E + E = 2 -> 70.
    for (y, (net, rev)) in input.years.iter_mut().zip([
        (20_000_000, 40_000_000),
        (20_200_000, 40_400_000),
        (20_402_000, 40_804_000),
    ]) {
        y.net_assets_end = net;
        y.revenue = rev;
        y.total_income = rev;
    }
    let r = assess_hte(&input);
    assert_eq!(r.innovation_score, Points::exact(70));
    assert_eq!(r.failed_conditions, vec![HteCondition::InnovationScore]);
    assert_eq!(r.gaps[0].amount, Some(1));

    // Net assets exactly +5 % a year is grade D (≥5 %, 3-4 points); revenue flat: 71.
    let mut input = hte_pass();
    for (y, net) in input.years.iter_mut().zip([20_000_000, 21_000_000, 22_050_000]) {
        y.net_assets_end = net;
    }
    let r = assess_hte(&input);
    assert_eq!(r.net_assets_growth_pct.unwrap().to_string(), "5.00");
    assert_eq!(r.innovation_score, Points::exact(71));
    assert!(r.qualified);
}

/// 指引: 加分后"知识产权"总分不超过30分.
#[test]
fn ip_part_is_capped_at_30() {
    let mut input = hte_pass();
    input.expert.points = PointsMode::Max;
    let r = assess_hte(&input);
    assert_eq!(r.innovation_parts.ip, Points::exact(30));
    assert_eq!(r.innovation_score, Points::exact(30 + 30 + 20 + 8));
}

/// With `range`, `qualified` uses the minimum and the favourable verdict the maximum.
#[test]
fn range_mode_reports_both_verdicts() {
    let mut input = hte_pass();
    input.expert.points = PointsMode::Range;
    input.expert.tech_advancement = Grade::C;
    input.expert.core_support = Grade::C;
    let r = assess_hte(&input);
    // IP 3+3+7+1+1 = 15 .. 4+4+8+6+2 = 24; + 25..30 + 20 + 7..8.
    assert_eq!(r.innovation_score, Points::band(67, 82));
    assert!(!r.qualified);
    assert_eq!(r.qualified_if_experts_favourable, Some(true));
    let gap = &r.gaps[0];
    assert_eq!(gap.amount, Some(4));
    assert!(gap.message_en.contains("top of every band"), "{}", gap.message_en);
    // Every judgment item shows its band; the R&D management items do not.
    assert!(
        r.innovation_items
            .iter()
            .filter(|i| i.judgment)
            .all(|i| !i.points.is_exact())
    );
    assert!(
        r.innovation_items
            .iter()
            .filter(|i| i.part == kechuang_cultivation::hte::ScorePart::RdManagement)
            .all(|i| !i.judgment)
    );
    // Without range the favourable verdict is absent.
    assert_eq!(assess_hte(&hte_pass()).qualified_if_experts_favourable, None);
}

/// 指引 企业创新能力评价 2: 近3年内科技成果转化的年平均数; 办法 第十一条(五)
/// "实际经营期不满三年的按实际经营时间计算，下同" carries to the later clauses,
/// so a two-year firm averages over two years.
#[test]
fn commercialisation_average_over_the_years_given() {
    let mut input = hte_dated("2023-01-05", "2025-06-30");
    assert_eq!(input.years.len(), 2);
    for (count, grade) in [(10, "A"), (9, "B"), (8, "B"), (2, "E"), (1, "E"), (0, "F")] {
        input.commercializations_3y = count;
        let r = assess_hte(&input);
        let item = r.innovation_items.iter().find(|i| i.item == "per_year").unwrap();
        assert_eq!(item.grade.as_deref(), Some(grade), "{count} over 2 years");
    }
}

/// 办法 第十一条(二): core IP must be owned, and be a class-I or class-II right.
#[test]
fn core_ip_needs_ownership_and_a_right() {
    let mut input = hte_pass();
    input.ip.owns_core_ip = false;
    assert!(fails(&input, HteCondition::CoreIp));
    let mut input = hte_pass();
    input.ip.class1_count = 0;
    input.ip.class2_count = 0;
    assert!(fails(&input, HteCondition::CoreIp));
}

/// 办法 第十一条(三) and (八), and every failure listed at once.
#[test]
fn every_unmet_condition_is_listed() {
    let mut input = hte_dated("2024-09-01", "2025-03-01");
    input.field_in_catalogue = false;
    input.major_violation_last_year = true;
    input.ip.owns_core_ip = false;
    let y = input.years.last_mut().unwrap();
    y.rd_expense_in_china = 0;
    y.high_tech_revenue = 0;
    y.st_staff = Headcount::ZERO;
    y.rd_expense = 0;
    let r = assess_hte(&input);
    use HteCondition::*;
    assert_eq!(
        r.failed_conditions,
        vec![
            RegisteredOneYear,
            CoreIp,
            Field,
            StStaffRatio,
            RdRatio,
            RdInChinaShare,
            HighTechRevenueShare,
            InnovationScore,
            Violation
        ]
    );
    assert_eq!(r.gaps.len(), 9);
    assert!(
        r.gaps
            .iter()
            .all(|g| !g.message_zh.is_empty() && !g.message_en.is_empty())
    );
    assert_eq!(input.registration_date, date("2024-09-01"));
}
