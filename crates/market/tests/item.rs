//! Validation of achievements and demands: codes from labels, lists, money,
//! dates, and every problem named by its field.

use chrono::NaiveDate;
use kechuang_market::item::{AchievementInput, DemandInput, split_list};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn an_achievement_reads_labels_lists_and_money() {
    let a = AchievementInput {
        title: " 高强韧铝合金压铸工艺 ".into(),
        summary: "用于汽车结构件".into(),
        field: "新材料".into(),
        keywords: "铝合金；压铸, 轻量化、铝合金".into(),
        maturity: "中試階段".into(),
        transfer_modes: "转让;Licence".into(),
        price_min: "50万".into(),
        price_max: "1,200,000".into(),
        area: "京津".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(a.title, "高强韧铝合金压铸工艺");
    assert_eq!(a.field, "new_materials");
    assert_eq!(a.keywords, ["铝合金", "压铸", "轻量化"]);
    assert_eq!(a.maturity, "pilot");
    assert_eq!(a.transfer_modes, ["transfer", "licence"]);
    assert_eq!(
        (a.price_min_fen, a.price_max_fen),
        (Some(50_000_000), Some(120_000_000))
    );
    assert_eq!(a.area, "beijing_tianjin");
}

#[test]
fn trl_numbers_give_the_maturity() {
    let cases = [
        ("TRL4", "lab", 4),
        ("5", "pilot", 5),
        ("trl 8", "small_batch", 8),
        ("9", "industrialised", 9),
    ];
    for (input, maturity, trl) in cases {
        let a = AchievementInput {
            title: "x".into(),
            maturity: input.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!((a.maturity.as_str(), a.trl), (maturity, Some(trl)), "{input}");
    }
    let bad = AchievementInput {
        title: "x".into(),
        maturity: "TRL10".into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(bad[0].field, "maturity");
}

#[test]
fn every_problem_is_reported_with_its_field() {
    let errors = AchievementInput {
        title: " ".into(),
        field: "量子玄学".into(),
        price_min: "90万".into(),
        price_max: "10万".into(),
        transfer_modes: "赠送".into(),
        area: "火星".into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "field", "transfer_modes", "price_max", "area"]);
    assert!(errors[1].message.contains("新材料"), "{}", errors[1].message);
}

#[test]
fn a_demand_checks_budget_deadline_and_mode() {
    let d = DemandInput {
        title: "废水除臭".into(),
        budget_min: "10万".into(),
        budget_max: "30万元".into(),
        deadline: "2027年6月30日".into(),
        cooperation: "委托开发".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    assert_eq!(d.deadline.as_deref(), Some("2027-06-30"));
    assert_eq!(d.cooperation, "commissioned");
    assert_eq!(
        (d.budget_min_fen, d.budget_max_fen),
        (Some(10_000_000), Some(30_000_000))
    );

    let errors = DemandInput {
        title: "x".into(),
        deadline: "2026-11-23".into(),
        budget_min: "abc".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["budget_min", "deadline"]);
}

#[test]
fn lists_split_on_chinese_and_ascii_separators() {
    assert_eq!(split_list("a；b，c、d;e,f\ng| "), ["a", "b", "c", "d", "e", "f", "g"]);
    assert!(split_list(" ; ，").is_empty());
}

#[test]
fn status_changes_follow_the_life_cycle() {
    use kechuang_market::lifecycle::{Actor::*, achievement_step, demand_step};
    let cases = [
        ("draft", "under_review", Editor, true),
        ("draft", "published", Editor, false),
        ("draft", "published", Reviewer, false),
        ("under_review", "published", Reviewer, true),
        ("under_review", "published", Editor, false),
        ("under_review", "draft", Reviewer, true),
        ("published", "expired", System, true),
        ("published", "expired", Editor, false),
        ("expired", "published", Editor, true),
        ("published", "closed", Editor, true),
        ("closed", "draft", Editor, true),
        ("closed", "published", Reviewer, false),
    ];
    for (from, to, who, ok) in cases {
        assert_eq!(achievement_step(from, to, who).is_ok(), ok, "{from} -> {to} by {who:?}");
    }
    let cases = [
        ("draft", "published", Editor, true),
        ("published", "in_talks", Editor, true),
        ("in_talks", "solved", Editor, true),
        ("solved", "published", Editor, false),
        ("published", "closed", Reviewer, true),
        ("draft", "published", System, false),
    ];
    for (from, to, who, ok) in cases {
        assert_eq!(demand_step(from, to, who).is_ok(), ok, "{from} -> {to} by {who:?}");
    }
}
