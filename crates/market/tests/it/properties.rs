//! Properties over arbitrary input: the market's validators, text analysis,
//! ranking and sheet readers never panic; a refusal names a field of the
//! input (or a row of the sheet), and what is accepted keeps its invariants
//! (known codes, ordered ranges, non-negative money, trimmed titles).

use chrono::NaiveDate;
use kechuang_market::challenge::BidInput;
use kechuang_market::contract::ContractInput;
use kechuang_market::item::{AchievementInput, DemandInput, ItemError};
use kechuang_market::rank::{self, Candidate, QueryFacts};
use kechuang_market::sheet::{read_achievements, read_contracts, read_demands};
use kechuang_market::text;
use kechuang_market::vocab::{self, AREAS, FIELDS, MATURITIES};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Cell text: mostly the shapes people type (money, dates, TRL, labels,
/// lists, huge numbers), sometimes any Unicode at all.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("50万".to_owned()),
        Just("1.5亿元".to_owned()),
        Just("-3万".to_owned()),
        Just("99999999999999999999999亿".to_owned()),
        Just("1e309".to_owned()),
        Just("NaN".to_owned()),
        Just("２０万元".to_owned()),
        Just("2027-06-30".to_owned()),
        Just("2027年6月31日".to_owned()),
        Just("2026/11/23".to_owned()),
        Just("TRL6".to_owned()),
        Just("TRL0".to_owned()),
        Just("12".to_owned()),
        Just("产业化".to_owned()),
        Just("中試階段".to_owned()),
        Just("新材料".to_owned()),
        Just("transfer;license;equity".to_owned()),
        Just("技术转让、技术许可".to_owned()),
        Just("京津".to_owned()),
        Just("91130100MA0CXXXXXX".to_owned()),
        Just("  \t\u{3000} ".to_owned()),
        "[\\PC]{0,40}",
        any::<String>(),
    ]
}

/// One column of a record: mostly a value that column accepts, so that whole
/// records are often valid, otherwise any cell.
fn column(valid: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        6 => proptest::sample::select(valid).prop_map(str::to_owned),
        1 => cell(),
    ]
    .boxed()
}

/// A record whose columns accept `valid[i]`.
fn record(valid: &'static [&'static [&'static str]]) -> impl Strategy<Value = Vec<String>> {
    valid.iter().map(|v| column(v)).collect::<Vec<_>>()
}

const ACHIEVEMENT_VALID: &[&[&str]] = &[
    &["石墨烯导热膜", " 锂电池湿法回收 "],
    &["手机散热用石墨烯薄膜，导热系数1500W/mK", ""],
    &["new_materials", "资源与环境", ""],
    &["石墨烯;散热", "", "回收、钴镍"],
    &["", "CN202310000001.X"],
    &["产业化", "TRL6", "pilot", "中試階段"],
    &["transfer", "技术转让、技术许可", ""],
    &["", "50万", "10"],
    &["", "100万", "1.5亿"],
    &["某大学", "河北工业大学"],
    &[""],
    &["local", "京津", ""],
    &["", "新能源汽车"],
];

/// Title, summary, field, keywords, owner, maturity (the sheet's columns).
const SHEET_VALID: &[&[&str]] = &[
    &["石墨烯导热膜", "锂电池湿法回收"],
    &["手机散热用石墨烯薄膜", ""],
    &["new_materials", "资源与环境"],
    &["石墨烯;散热", ""],
    &["某大学", ""],
    &["产业化", "TRL6"],
];

const DEMAND_VALID: &[&[&str]] = &[
    &["污水站臭味处理", "锤头耐磨"],
    &["硫化氢臭味大，需要除臭", "一个月就磨平"],
    &["", "寿命提高一倍"],
    &["environment", "新材料", ""],
    &["", "除臭;硫化氢"],
    &["", "10万"],
    &["", "50万"],
    &["", "2027-06-30", "2027年6月30日"],
    &["", "技术转让", "license"],
    &["廊坊某制造企业"],
    &[""],
    &["", "新能源汽车"],
];

const CONTRACT_VALID: &[&[&str]] = &[
    &["HT-2026-001", "C-0001"],
    &["development", "技术转让", "Technology service"],
    &["耐磨锤头堆焊工艺开发", ""],
    &["廊坊某制造企业"],
    &[""],
    &["local", "", "京津"],
    &["北京某大学"],
    &[""],
    &["beijing_tianjin", "京津", ""],
    &["120万", "50000", "1.2亿"],
    &["", "100万", "120万"],
    &["2026-03-01", "2026年3月1日"],
    &["", "12"],
    &["", "7"],
    &["", "3"],
];

const BID_VALID: &[&[&str]] = &[
    &["张教授团队", "某研究院"],
    &["institution", "enterprise", "专家团队"],
    &["分三阶段完成材料配方优化、中试线验证与现场工况下的寿命考核", ""],
    &["50万", "", "100"],
    &["12", "", "36"],
];

fn fields_named(errors: &[ItemError], allowed: &[&str]) {
    assert!(!errors.is_empty());
    for e in errors {
        assert!(allowed.contains(&e.field), "unknown field {} ({})", e.field, e.message);
        assert!(!e.message.trim().is_empty(), "{} has no message", e.field);
    }
}

const ACHIEVEMENT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "field",
    "keywords",
    "patents",
    "maturity",
    "transfer_modes",
    "price_min",
    "price_max",
    "owner_name",
    "owner_code",
    "area",
    "chain_tags",
];

fn first(valid: &[&[&str]]) -> Vec<String> {
    valid.iter().map(|v| v[0].to_owned()).collect()
}

#[test]
fn the_first_value_of_every_column_makes_a_valid_record() {
    let a = first(ACHIEVEMENT_VALID);
    assert!(achievement(&a).validate().is_ok());
    let d = first(DEMAND_VALID);
    assert!(demand(&d).validate(today()).is_ok());
    let c = first(CONTRACT_VALID);
    assert!(
        contract(&c).validate(today()).is_ok(),
        "{:?}",
        contract(&c).validate(today())
    );
    let b = first(BID_VALID);
    assert!(bid(&b).validate(1_000_000_000).is_ok());
}

fn achievement(c: &[String]) -> AchievementInput {
    AchievementInput {
        title: c[0].clone(),
        summary: c[1].clone(),
        field: c[2].clone(),
        keywords: c[3].clone(),
        patents: c[4].clone(),
        maturity: c[5].clone(),
        transfer_modes: c[6].clone(),
        price_min: c[7].clone(),
        price_max: c[8].clone(),
        owner_name: c[9].clone(),
        owner_code: c[10].clone(),
        area: c[11].clone(),
        chain_tags: c[12].clone(),
    }
}

fn demand(c: &[String]) -> DemandInput {
    DemandInput {
        title: c[0].clone(),
        description: c[1].clone(),
        expected: c[2].clone(),
        field: c[3].clone(),
        keywords: c[4].clone(),
        budget_min: c[5].clone(),
        budget_max: c[6].clone(),
        deadline: c[7].clone(),
        cooperation: c[8].clone(),
        enterprise_name: c[9].clone(),
        enterprise_code: c[10].clone(),
        chain_tags: c[11].clone(),
    }
}

fn contract(c: &[String]) -> ContractInput {
    ContractInput {
        number: c[0].clone(),
        kind: c[1].clone(),
        title: c[2].clone(),
        buyer_name: c[3].clone(),
        buyer_code: c[4].clone(),
        buyer_area: c[5].clone(),
        seller_name: c[6].clone(),
        seller_code: c[7].clone(),
        seller_area: c[8].clone(),
        amount: c[9].clone(),
        tech_amount: c[10].clone(),
        signed_on: c[11].clone(),
        achievement_id: c[12].clone(),
        demand_id: c[13].clone(),
        challenge_id: c[14].clone(),
    }
}

fn bid(c: &[String]) -> BidInput {
    BidInput {
        team_name: c[0].clone(),
        team_kind: c[1].clone(),
        proposal: c[2].clone(),
        budget: c[3].clone(),
        months: c[4].clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn achievements_are_refused_by_field_or_kept_consistent(c in record(ACHIEVEMENT_VALID)) {
        let input = achievement(&c);
        match input.validate() {
            Err(errors) => fields_named(&errors, ACHIEVEMENT_FIELDS),
            Ok(a) => {
                prop_assert!(!a.title.is_empty() && a.title == a.title.trim());
                prop_assert!(vocab::zh(FIELDS, &a.field) != "" || a.field.is_empty());
                prop_assert!(a.maturity.is_empty() || vocab::zh(MATURITIES, &a.maturity) != "");
                prop_assert!(a.area.is_empty() || vocab::zh(AREAS, &a.area) != "");
                prop_assert!(a.trl.is_none_or(|t| (1..=9).contains(&t)));
                for p in [a.price_min_fen, a.price_max_fen].into_iter().flatten() {
                    prop_assert!(p >= 0);
                }
                if let (Some(lo), Some(hi)) = (a.price_min_fen, a.price_max_fen) {
                    prop_assert!(lo <= hi);
                }
                prop_assert!(a.keywords.iter().all(|k| !k.trim().is_empty()));
            }
        }
    }

    #[test]
    fn demands_are_refused_by_field_or_kept_consistent(c in record(DEMAND_VALID)) {
        let input = demand(&c);
        match input.validate(today()) {
            Err(errors) => fields_named(&errors, &[
                "title", "description", "expected", "field", "keywords", "budget_min", "budget_max",
                "deadline", "cooperation", "enterprise_name", "enterprise_code", "chain_tags",
            ]),
            Ok(d) => {
                prop_assert!(!d.title.is_empty() && d.title == d.title.trim());
                if let (Some(lo), Some(hi)) = (d.budget_min_fen, d.budget_max_fen) {
                    prop_assert!(0 <= lo && lo <= hi);
                }
                if let Some(day) = &d.deadline {
                    let parsed = NaiveDate::parse_from_str(day, "%Y-%m-%d");
                    prop_assert!(parsed.is_ok_and(|p| p >= today()), "{day}");
                }
            }
        }
    }

    #[test]
    fn contracts_are_refused_by_field_or_kept_consistent(c in record(CONTRACT_VALID)) {
        let input = contract(&c);
        match input.validate(today()) {
            Err(errors) => fields_named(&errors, &[
                "number", "kind", "title", "buyer_name", "buyer_code", "buyer_area", "seller_name",
                "seller_code", "seller_area", "amount", "tech_amount", "signed_on", "achievement_id",
                "demand_id", "challenge_id",
            ]),
            Ok(k) => {
                prop_assert!(k.amount_fen >= 0 && k.tech_amount_fen >= 0);
                prop_assert!(k.tech_amount_fen <= k.amount_fen);
                prop_assert!(!k.number.is_empty());
            }
        }
    }

    #[test]
    fn bids_are_refused_by_field_or_kept_consistent(c in record(BID_VALID), reward in 0i64..10_000_000_000) {
        let input = bid(&c);
        match input.validate(reward) {
            Err(errors) => fields_named(&errors, &["team_name", "team_kind", "proposal", "budget", "months"]),
            Ok(b) => prop_assert!(b.budget_fen >= 0 && b.months > 0),
        }
    }

    #[test]
    fn text_analysis_is_total_and_normalising_is_idempotent(s in cell()) {
        let once = text::normalize(&s);
        prop_assert_eq!(text::normalize(&once), once.clone());
        for t in text::terms(&s) {
            prop_assert!(!t.text.is_empty());
        }
        let key = text::title_key(&s);
        prop_assert_eq!(text::title_key(&key), key.clone());
        prop_assert!(!key.chars().any(char::is_whitespace));
        let simplified = text::to_simplified(&s);
        prop_assert_eq!(text::to_simplified(&simplified), simplified);
    }

    #[test]
    fn ranking_keeps_top_ordered_and_finite(
        query in cell(),
        items in proptest::collection::vec((cell(), -10.0f32..100.0, 0usize..3), 0..12),
        top in 0usize..8,
    ) {
        let fields = ["new_materials", "environment", ""];
        let facts = QueryFacts::from_text(&query, "new_materials", &["新能源汽车".to_owned()]);
        let candidates: Vec<Candidate> = items
            .iter()
            .enumerate()
            .map(|(i, (text, score, f))| Candidate {
                id: i as i64,
                text_score: *score,
                text: text.clone(),
                field: fields[*f].to_owned(),
                chain_tags: vec!["新能源汽车".to_owned()],
                area: "local".to_owned(),
            })
            .collect();
        let ranked = rank::rank(&facts, candidates, top);
        prop_assert!(ranked.len() <= top.min(items.len()));
        for w in ranked.windows(2) {
            prop_assert!(w[0].score >= w[1].score);
        }
        prop_assert!(ranked.iter().all(|r| r.score.is_finite()));
    }

    #[test]
    fn sheets_of_any_cells_are_read_or_reported_by_row(rows in proptest::collection::vec(record(SHEET_VALID), 0..6)) {
        let mut csv = String::from("成果名称,成果简介,技术领域,关键词,持有单位,成熟度\n");
        for r in &rows {
            let quoted: Vec<String> = r.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            csv.push_str(&quoted.join(","));
            csv.push('\n');
        }
        match read_achievements("a.csv", csv.as_bytes()) {
            Ok(sheet) => prop_assert!(sheet.rows.len() <= rows.len()),
            Err(report) => {
                prop_assert!(!report.issues.is_empty());
                prop_assert!(report.issues.iter().all(|i| !i.reason.is_empty()));
            }
        }
    }

    #[test]
    fn readers_take_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), xlsx in any::<bool>()) {
        let name = if xlsx { "x.xlsx" } else { "x.csv" };
        let _ = read_achievements(name, &bytes);
        let _ = read_demands(name, &bytes, today());
        let _ = read_contracts(name, &bytes, today());
    }
}
