//! Pattern tests for target extraction.

use super::*;
use crate::parse::headings::build_outline;
use crate::parse::lines::split_lines;

fn targets_of(body: &str, period: Period) -> Vec<Target> {
    let text = format!("一、发展目标\n{body}");
    extract_targets(&build_outline(&split_lines(&text)), period)
}

fn one(body: &str) -> Target {
    let ts = targets_of(body, Period::default());
    assert_eq!(ts.len(), 1, "{body}: {ts:#?}");
    ts.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn level_targets() {
    let cases: &[(&str, &str, f64, Option<&str>)] = &[
        ("到2020年高新技术企业达到600家。", "高新技术企业", 600.0, Some("家")),
        ("院士工作站增加到40家。", "院士工作站", 40.0, Some("家")),
        ("年专利授权量突破10000件。", "年专利授权量", 10000.0, Some("件")),
        ("科技型中小企业达到1万家。", "科技型中小企业", 10000.0, Some("家")),
        ("科技型中小企业达到一万家。", "科技型中小企业", 10000.0, Some("家")),
        ("引进人才两百人。", "引进人才", 200.0, Some("人")),
        ("技术合同交易额达到60亿元。", "技术合同交易额", 60.0, Some("亿元")),
        ("两化融合指数达到88。", "两化融合指数", 88.0, None),
        ("科技特派员達到１０００人。", "科技特派员", 1000.0, Some("人")),
    ];
    for (body, indicator, value, unit) in cases {
        let t = one(body);
        assert_eq!(t.indicator, *indicator, "{body}");
        assert!((t.target_value - value).abs() < 1e-9, "{body}: {}", t.target_value);
        assert_eq!(t.unit.as_deref(), *unit, "{body}");
        assert_eq!(t.kind, TargetKind::Level, "{body}");
    }
}

#[test]
fn baselines() {
    let cases: &[(&str, &str, f64, f64, &str)] = &[
        (
            "全社会研发经费支出占GDP比重由1.05%提高到1.8%。",
            "全社会研发经费支出占GDP比重",
            1.05,
            1.8,
            "%",
        ),
        (
            "万人发明专利拥有量由4.8件增加到5.9件。",
            "万人发明专利拥有量",
            4.8,
            5.9,
            "件",
        ),
        (
            "技术合同交易额由31.6亿元提高到40亿元。",
            "技术合同交易额",
            31.6,
            40.0,
            "亿元",
        ),
        ("高新技术企业从905家增长到1500家。", "高新技术企业", 905.0, 1500.0, "家"),
    ];
    for (body, indicator, base, value, unit) in cases {
        let t = one(body);
        assert_eq!(t.indicator, *indicator, "{body}");
        assert_eq!(t.baseline, Some(*base), "{body}");
        assert!((t.target_value - value).abs() < 1e-9, "{body}");
        assert_eq!(t.unit.as_deref(), Some(*unit), "{body}");
    }
}

#[test]
fn kinds() {
    let cases: &[(&str, TargetKind)] = &[
        ("每年新增高新技术企业120家。", TargetKind::AnnualIncrease),
        ("举办展会赛事10场次/年。", TargetKind::AnnualIncrease),
        ("全社会研发经费年均增长10%。", TargetKind::GrowthRate),
        ("PCT国际专利年申请量增长率超过30%。", TargetKind::GrowthRate),
        ("良种覆盖率稳定在98%以上。", TargetKind::Share),
        ("专精特新中小企业新增400家。", TargetKind::Increase),
        ("新增400家专精特新中小企业。", TargetKind::Increase),
    ];
    for (body, kind) in cases {
        assert_eq!(one(body).kind, *kind, "{body}");
    }
}

#[test]
fn number_first_objects() {
    let ts = targets_of(
        "组织实施10项以上重点国际科技合作项目、20项引智项目,引进外国专家20人。",
        Period::default(),
    );
    let got: Vec<(&str, f64)> = ts.iter().map(|t| (t.indicator.as_str(), t.target_value)).collect();
    assert_eq!(
        got,
        [
            ("重点国际科技合作项目", 10.0),
            ("引智项目", 20.0),
            ("引进外国专家", 20.0)
        ]
    );
    let t = one("转化15项创新水平高、能够形成经济增长点的重大科技成果。");
    assert_eq!(t.indicator, "重大科技成果");
    let ts = targets_of("引进和培养30名高层次人才和10个以上创新团队。", Period::default());
    let got: Vec<&str> = ts.iter().map(|t| t.indicator.as_str()).collect();
    assert_eq!(got, ["高层次人才", "创新团队"]);
}

#[test]
fn years_and_inheritance() {
    let ts = targets_of(
        "到2023年,全市高新技术企业达到1300家,2025年达到1500家。",
        Period::default(),
    );
    let got: Vec<(&str, Option<i32>)> = ts.iter().map(|t| (t.indicator.as_str(), t.target_year)).collect();
    assert_eq!(
        got,
        [("全市高新技术企业", Some(2023)), ("全市高新技术企业", Some(2025))]
    );
    let period = Period {
        start_year: Some(2018),
        end_year: Some(2020),
    };
    let ts = targets_of("每年选派100名科技特派员。", period);
    assert_eq!(ts[0].target_year, Some(2020));
    let ts = targets_of("到2025年,基本形成新局面。\n全市创新主体达到6000家。", Period::default());
    assert_eq!(ts[0].target_year, Some(2025));
}

#[test]
fn non_targets() {
    for body in [
        "研究建立成果对接、重点举措、转化落地三个清单。",
        "为每家高新技术企业配备一名服务专员。",
        "对新认定的高新技术企业给予20万元奖补。",
        "落实研发费用按75%加计扣除政策。",
        "鼓励引进世界500强企业。",
        "围绕“565”产业发展需求。",
        "净收入80%以上可用于科技人员奖励。",
        "2021-2025年,每年均能新增企业。",
        "免费提供2年标准化厂房。",
    ] {
        let ts = targets_of(body, Period::default());
        assert!(ts.is_empty(), "{body}: {ts:#?}");
    }
}

#[test]
fn fractions_are_percentages() {
    let t = one("示范区吸纳京津技术合同交易额力争占到全市的1/3以上。");
    assert_eq!(t.unit.as_deref(), Some("%"));
    assert!((t.target_value - 33.33).abs() < 1e-9);
    assert_eq!(t.kind, TargetKind::Share);
}
