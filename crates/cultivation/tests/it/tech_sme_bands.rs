//! Table tests at every band edge of the tech-SME evaluation. 办法 is
//! 《科技型中小企业评价办法》 (国科发政〔2017〕115号); every band of 第七条
//! includes its lower bound ("30%（含）以上"), and every limit of 第六条(二)
//! includes its value ("不超过").

use crate::common::sme_pass;
use kechuang_cultivation::tech_sme::{QualifiedVia, RdBasis, TechSmeIp};
use kechuang_cultivation::{GapUnit, Headcount, TechSmeCondition, assess_tech_sme};

fn hc(s: &str) -> Headcount {
    serde_json::from_str(s).unwrap()
}

#[test]
fn the_baseline_firm_scores_100() {
    let r = assess_tech_sme(&sme_pass());
    assert!(r.qualified);
    assert_eq!(r.qualified_via, Some(QualifiedVia::Score));
    assert_eq!(r.score, 100);
    assert!(r.failed_conditions.is_empty() && r.gaps.is_empty());
}

/// 第七条 1 科技人员指标: A 30%(含)以上 20; B 25%-30% 16; C 20%-25% 12;
/// D 15%-20% 8; E 10%-15% 4; F 10%以下 0.
#[test]
fn st_staff_band_edges() {
    let cases = [
        ("30", 20),
        ("29.9999", 16),
        ("25", 16),
        ("24.9999", 12),
        ("20", 12),
        ("19.9999", 8),
        ("15", 8),
        ("14.9999", 4),
        ("10", 4),
        ("9.9999", 0),
        ("0", 0),
    ];
    for (st, points) in cases {
        let mut input = sme_pass();
        input.st_staff = hc(st);
        assert_eq!(assess_tech_sme(&input).score_parts.st_staff, points, "{st} of 100");
    }
}

/// 第七条 2(1) on 销售收入: A 6%(含)以上 50; B 5%-6% 40; C 4%-5% 30;
/// D 3%-4% 20; E 2%-3% 10; F 2%以下 0. The cost base is kept out of reach.
#[test]
fn rd_on_revenue_band_edges() {
    let cases = [
        (600_000, 50),
        (599_999, 40),
        (500_000, 40),
        (499_999, 30),
        (400_000, 30),
        (399_999, 20),
        (300_000, 20),
        (299_999, 10),
        (200_000, 10),
        (199_999, 0),
    ];
    for (rd, points) in cases {
        let mut input = sme_pass();
        input.rd_expense = rd;
        input.cost_total = 1_000_000_000;
        let r = assess_tech_sme(&input);
        assert_eq!(r.score_parts.rd, points, "R&D {rd} of 10,000,000");
        assert_eq!(r.rd_basis, RdBasis::Revenue);
    }
}

/// 第七条 2(2) on 成本费用支出总额: A 30%(含)以上 50; B 25%-30% 40; C 20%-25% 30;
/// D 15%-20% 20; E 10%-15% 10; F 10%以下 0. The revenue base is kept out of reach.
#[test]
fn rd_on_cost_band_edges() {
    let cases = [
        (300_000, 50),
        (299_999, 40),
        (250_000, 40),
        (249_999, 30),
        (200_000, 30),
        (199_999, 20),
        (150_000, 20),
        (149_999, 10),
        (100_000, 10),
        (99_999, 0),
    ];
    for (rd, points) in cases {
        let mut input = sme_pass();
        input.rd_expense = rd;
        input.cost_total = 1_000_000;
        input.revenue = 1_000_000_000_000;
        let r = assess_tech_sme(&input);
        assert_eq!(r.score_parts.rd, points, "R&D {rd} of 1,000,000 costs");
        if points > 0 {
            assert_eq!(r.rd_basis, RdBasis::Cost);
        }
    }
}

/// 第七条 2: 企业从（1）、（2）两项指标中选择一个指标进行评分 — the higher counts.
#[test]
fn the_higher_rd_basis_counts() {
    let mut input = sme_pass();
    input.rd_expense = 300_000; // 3 % of revenue (20), 30 % of costs (50)
    input.cost_total = 1_000_000;
    let r = assess_tech_sme(&input);
    assert_eq!((r.score_parts.rd, r.rd_basis), (50, RdBasis::Cost));
    assert_eq!(r.rd_revenue_pct.unwrap().to_string(), "3.00");
    assert_eq!(r.rd_cost_pct.unwrap().to_string(), "30.00");
}

/// 第七条 3 科技成果指标: A 1项及以上Ⅰ类 30; B 4项及以上Ⅱ类 24; C 3项Ⅱ类 18;
/// D 2项Ⅱ类 12; E 1项Ⅱ类 6; F 没有 0.
#[test]
fn ip_band_edges() {
    let cases = [
        ((1, 0), 30),
        ((0, 9), 24),
        ((0, 4), 24),
        ((0, 3), 18),
        ((0, 2), 12),
        ((0, 1), 6),
        ((0, 0), 0),
    ];
    for ((class1_count, class2_count), points) in cases {
        let mut input = sme_pass();
        input.ip = TechSmeIp {
            class1_count,
            class2_count,
        };
        assert_eq!(
            assess_tech_sme(&input).score_parts.ip,
            points,
            "{class1_count}/{class2_count}"
        );
    }
}

/// 第六条(五): 不低于60分 — 60 passes; 58 (the nearest score below) fails.
#[test]
fn pass_line_at_60() {
    let mut input = sme_pass();
    input.ip = TechSmeIp {
        class1_count: 0,
        class2_count: 0,
    };
    input.rd_expense = 500_000; // 40
    let r = assess_tech_sme(&input);
    assert_eq!(r.score, 60);
    assert!(r.qualified);

    let mut input = sme_pass();
    input.st_staff = hc("25"); // 16
    input.rd_expense = 400_000; // 30
    input.ip = TechSmeIp {
        class1_count: 0,
        class2_count: 2,
    }; // 12
    let r = assess_tech_sme(&input);
    assert_eq!(r.score, 58);
    assert_eq!(r.failed_conditions, vec![TechSmeCondition::TotalScore]);
    assert_eq!((r.gaps[0].amount, r.gaps[0].unit), (Some(2), Some(GapUnit::Points)));
}

/// 第六条(五): 且科技人员指标得分不得为0分 — 80 points without S&T staff fail.
#[test]
fn zero_st_staff_score_fails_whatever_the_total() {
    let mut input = sme_pass();
    input.st_staff = hc("9");
    let r = assess_tech_sme(&input);
    assert_eq!(r.score, 80);
    assert_eq!(r.failed_conditions, vec![TechSmeCondition::StStaffScoreZero]);
    // (9 + 2) / (100 + 2) = 10.78 %; (9 + 1) / 101 = 9.9 %.
    assert_eq!(r.gaps[0].amount, Some(2));
}

/// 第六条(二): 职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元.
#[test]
fn size_limits_include_their_values() {
    let mut input = sme_pass();
    input.employees = Headcount::persons(500);
    input.st_staff = Headcount::persons(150);
    input.revenue = 200_000_000;
    input.rd_expense = 12_000_000;
    input.total_assets = 200_000_000;
    assert!(assess_tech_sme(&input).qualified);
    for change in 0..3 {
        let mut over = input.clone();
        match change {
            0 => over.employees = hc("500.0001"),
            1 => over.revenue += 1,
            _ => over.total_assets += 1,
        }
        let r = assess_tech_sme(&over);
        assert_eq!(r.failed_conditions, vec![TechSmeCondition::SizeLimits], "case {change}");
        assert!(!r.qualified);
    }
}

/// 第六条(一)、(三)、(四), each failing on its own.
#[test]
fn basic_conditions() {
    let mut a = sme_pass();
    a.resident_enterprise_mainland = false;
    let mut b = sme_pass();
    b.prohibited_restricted_or_eliminated = true;
    let mut c = sme_pass();
    c.violation_or_listed = true;
    for (input, id) in [
        (a, TechSmeCondition::ResidentEnterprise),
        (b, TechSmeCondition::ProhibitedIndustry),
        (c, TechSmeCondition::Violation),
    ] {
        let r = assess_tech_sme(&input);
        assert_eq!(r.failed_conditions, vec![id]);
        assert_eq!(r.qualified_via, None);
    }
}

/// 第八条: meeting 第六条(一)-(四) and one direct route confirms the firm
/// without the score; a direct route cannot cure a basic condition.
#[test]
fn direct_routes() {
    let mut input = sme_pass();
    input.st_staff = Headcount::ZERO;
    input.rd_expense = 0;
    input.ip = TechSmeIp {
        class1_count: 0,
        class2_count: 0,
    };
    assert!(!assess_tech_sme(&input).qualified);
    for route in 0..4 {
        let mut d = input.clone();
        match route {
            0 => d.direct.hte_certificate_valid = true,
            1 => d.direct.national_st_award_top3_5y = true,
            2 => d.direct.provincial_rd_institution = true,
            _ => d.direct.led_standard_5y = true,
        }
        let r = assess_tech_sme(&d);
        assert_eq!(r.qualified_via, Some(QualifiedVia::Direct), "route {route}");
        assert!(r.failed_conditions.is_empty());
        assert_eq!(r.direct_routes_met.len(), 1);
        d.violation_or_listed = true;
        let r = assess_tech_sme(&d);
        assert!(!r.qualified);
        assert_eq!(r.failed_conditions[0], TechSmeCondition::Violation);
    }
    // A firm passing on its score is reported as qualifying by score.
    let mut both = sme_pass();
    both.direct.hte_certificate_valid = true;
    assert_eq!(assess_tech_sme(&both).qualified_via, Some(QualifiedVia::Score));
}
