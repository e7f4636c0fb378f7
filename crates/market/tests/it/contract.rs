//! Technology contracts: validation, anomaly flags at their lines, and the
//! turnover statistics with the Beijing-Tianjin share.

use chrono::NaiveDate;
use kechuang_market::contract::{ContractInput, Flag, FlagContext, REVENUE_MULTIPLE, StatRow, flags, stats};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn input() -> ContractInput {
    ContractInput {
        number: "2026130001000123".into(),
        kind: "技术开发".into(),
        buyer_name: "廊坊华晨新材料有限公司".into(),
        buyer_code: "914403001922038216".into(),
        seller_name: "北京某大学".into(),
        seller_area: "京津".into(),
        amount: "120万".into(),
        tech_amount: "100万".into(),
        signed_on: "2026-03-01".into(),
        ..Default::default()
    }
}

#[test]
fn a_registration_validates_with_labels_and_defaults() {
    let c = input().validate(today()).unwrap();
    assert_eq!(
        (c.kind.as_str(), c.buyer_area.as_str(), c.seller_area.as_str()),
        ("development", "local", "beijing_tianjin")
    );
    assert_eq!((c.amount_fen, c.tech_amount_fen), (120_000_000, 100_000_000));
    let mut no_tech = input();
    no_tech.tech_amount.clear();
    assert_eq!(
        no_tech.validate(today()).unwrap().tech_amount_fen,
        120_000_000,
        "defaults to the contract amount"
    );
}

#[test]
fn every_problem_names_its_field() {
    let bad = ContractInput {
        number: " ".into(),
        kind: "赠与".into(),
        seller_name: "x".into(),
        buyer_area: "境外".into(),
        seller_area: "京津".into(),
        amount: "10万".into(),
        tech_amount: "20万".into(),
        signed_on: "2027-01-01".into(),
        achievement_id: "abc".into(),
        ..Default::default()
    };
    let fields: Vec<&str> = bad.validate(today()).unwrap_err().iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "number",
            "kind",
            "buyer_name",
            "tech_amount",
            "signed_on",
            "buyer_area",
            "achievement_id"
        ]
    );
    let mut zero = input();
    zero.amount = "0".into();
    assert_eq!(zero.validate(today()).unwrap_err()[0].field, "amount");
}

#[test]
fn flags_at_their_lines() {
    let c = input().validate(today()).unwrap();
    let rev = c.amount_fen / REVENUE_MULTIPLE;
    let cases = [
        (Some(rev), false, vec![Flag::AmountAboveRevenue]),
        (Some(rev + 1), false, vec![]),
        (None, false, vec![]),
        (None, true, vec![Flag::DuplicateNumber]),
    ];
    for (revenue, taken, want) in cases {
        let ctx = FlagContext {
            party_revenue_fen: revenue,
            number_taken: taken,
        };
        assert_eq!(flags(&c, &ctx), want, "{revenue:?} {taken}");
    }
    let mut same = input();
    same.seller_name = "廊坊華晨新材料有限公司".into();
    let c = same.validate(today()).unwrap();
    assert_eq!(
        flags(&c, &FlagContext::default()),
        [Flag::SameParty],
        "names equal across scripts"
    );
    let mut same_code = input();
    same_code.seller_code = "914403001922038216".into();
    assert_eq!(
        flags(&same_code.validate(today()).unwrap(), &FlagContext::default()),
        [Flag::SameParty]
    );
}

#[test]
fn statistics_add_up_by_year_kind_county_and_origin() {
    let row = |year, kind: &str, county: &str, buyer: &str, seller: &str, tech: i64| StatRow {
        year,
        kind: kind.into(),
        county: county.into(),
        buyer_area: buyer.into(),
        seller_area: seller.into(),
        amount_fen: tech + 10,
        tech_amount_fen: tech,
    };
    let s = stats(&[
        row(2025, "development", "三河市", "local", "beijing_tianjin", 300),
        row(2025, "transfer", "三河市", "local", "local", 600),
        row(2026, "development", "固安县", "local", "elsewhere", 100),
        row(2026, "service", "固安县", "elsewhere", "local", 1000),
    ]);
    assert_eq!(s.total.contracts, 4);
    assert_eq!(s.total.tech_amount_fen, 2000);
    assert_eq!(s.by_year[&2025].tech_amount_fen, 900);
    assert_eq!(s.by_kind["development"].contracts, 2);
    assert_eq!(s.by_county["固安县"].amount_fen, 1120);
    assert_eq!(s.absorbed.tech_amount_fen, 1000);
    assert_eq!(s.output.tech_amount_fen, 1600);
    assert_eq!(s.beijing_tianjin_share_permille, Some(300));
    assert_eq!(stats(&[]).beijing_tianjin_share_permille, None);
}
