//! Validation of achievements and demands: codes from labels, lists, money,
//! dates, and every problem named by its field.

use chrono::NaiveDate;
use kechuang_market::item::{AchievementInput, DemandInput, split_list};
use kechuang_market::vocab::{AchievementStatus, DemandStatus};

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
    assert_eq!(a.transfer_modes, ["transfer", "license"]);
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
        let (f, t) = (
            AchievementStatus::from_code(from).unwrap(),
            AchievementStatus::from_code(to).unwrap(),
        );
        assert_eq!(achievement_step(f, t, who).is_ok(), ok, "{from} -> {to} by {who:?}");
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
        let (f, t) = (
            DemandStatus::from_code(from).unwrap(),
            DemandStatus::from_code(to).unwrap(),
        );
        assert_eq!(demand_step(f, t, who).is_ok(), ok, "{from} -> {to} by {who:?}");
    }
}

#[test]
fn only_live_items_are_offered_as_matches() {
    use kechuang_market::lifecycle::matchable;
    let cases = [
        ("achievement", "published", true),
        ("achievement", "draft", false),
        ("achievement", "under_review", false),
        ("achievement", "expired", false),
        ("achievement", "closed", false),
        ("demand", "published", true),
        ("demand", "in_talks", true),
        ("demand", "solved", false),
        ("demand", "closed", false),
        ("demand", "draft", false),
        ("expert", "published", false),
    ];
    for (kind, status, ok) in cases {
        assert_eq!(matchable(kind, status), ok, "{kind} {status}");
    }
}

#[test]
fn sheets_accept_chinese_or_english_headers_and_report_every_problem() {
    use kechuang_market::sheet::{read_achievements, read_demands};
    let csv = "成果名称,成果简介,技术领域,关键词,持有单位\n\
               生物滤池除臭,污水站除臭,资源与环境,除臭;硫化氢,河北工业大学\n\
               石墨烯导热膜,手机散热,新材料,石墨烯,某研究所\n";
    let sheet = read_achievements("a.csv", csv.as_bytes()).unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[0].0, 2, "row numbers as the user sees them");
    assert_eq!(sheet.rows[0].1.field, "environment");
    assert_eq!(sheet.rows[1].1.owner_name, "某研究所");

    let english = "title,summary,field,keywords,owner\nX-ray tube,,electronic_info,,Lab\n";
    assert_eq!(read_achievements("a.csv", english.as_bytes()).unwrap().rows.len(), 1);

    let bad = "成果名称,技术领域,意向价格下限\n,新材料,\n甲,玄学,\n乙,新材料,很多钱\n丙,新材料,\n丙,新材料,\n";
    let report = read_achievements("a.csv", bad.as_bytes()).unwrap_err();
    let at: Vec<(usize, &str)> = report.issues.iter().map(|i| (i.line, i.column.as_str())).collect();
    assert!(at.contains(&(2, "成果名称")), "{at:?}");
    assert!(at.contains(&(3, "技术领域")), "{at:?}");
    assert!(at.contains(&(4, "意向价格下限")), "{at:?}");
    assert!(
        report.issues.iter().any(|i| i.line == 6 && i.reason.contains("5")),
        "duplicate of row 5: {:?}",
        report.issues
    );

    let gbk = encoding_rs::GBK
        .encode("需求名称,需求描述,需求企业\n废水除臭,臭味大,廊坊某公司\n")
        .0;
    let d = read_demands("d.csv", &gbk, today()).unwrap();
    assert_eq!(d.rows[0].1.enterprise_name, "廊坊某公司");
    let missing = read_demands("d.csv", "描述\n臭味\n".as_bytes(), today()).unwrap_err();
    assert!(
        missing.issues.iter().any(|i| i.reason.contains("需求名称")),
        "{:?}",
        missing.issues
    );
}
