//! Cultivation fixtures: firms with three years of figures, certificates
//! and experts, for the cultivation page tests.

use crate::harness::TestApp;
use kechuang_cultivation::store::prelude::*;
use kechuang_kernel::audit::Actor;
use kechuang_registry::store::EnterpriseFields;
use kechuang_registry::store::facts::FactsRow;
use kechuang_registry::{Certificate, CertificateKind, YearFacts};

/// A firm founded in 2018 with three years of figures that meet every line
/// the data decides (R&D 6 %, S&T staff 20 %, high-tech revenue 70 %).
pub async fn firm(app: &TestApp, code: &str, name: &str, region_id: i64) {
    let db = &app.test_db.db;
    let sys = Actor::system();
    let parsed = kechuang_kernel::credit_code::CreditCode::parse(code).unwrap();
    db.upsert_enterprise(
        &sys,
        &parsed,
        EnterpriseFields {
            name: name.into(),
            former_names: "[]".into(),
            chain_tags: "[\"新一代信息技术\"]".into(),
            region_id,
            founded_on: Some("2018-03-01".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let last = chrono::Utc::now()
        .date_naive()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let rows = (last - 2..=last)
        .enumerate()
        .map(|(i, year)| FactsRow {
            line: i + 2,
            code: code.into(),
            facts: YearFacts {
                year,
                employees: 100,
                st_staff: 20,
                revenue_fen: 4_000_000_000,
                high_tech_revenue_fen: 2_800_000_000,
                rd_expense_fen: 240_000_000,
                rd_expense_in_china_fen: 240_000_000,
                total_assets_fen: 8_000_000_000,
                net_assets_fen: 4_000_000_000,
                invention_patents: 2,
                utility_models: 5,
                software_copyrights: 3,
                ..Default::default()
            },
        })
        .collect();
    db.import_facts(&sys, None, rows, &|_| {}).await.unwrap();
}

pub async fn certify(
    app: &TestApp,
    code: &str,
    kind: CertificateKind,
    number: &str,
    issued: chrono::NaiveDate,
    expires: chrono::NaiveDate,
) {
    let db = &app.test_db.db;
    let parsed = kechuang_kernel::credit_code::CreditCode::parse(code).unwrap();
    let e = db.enterprise_by_code(&parsed).await.unwrap().unwrap();
    let cert = Certificate {
        kind,
        number: number.into(),
        issued_on: issued,
        expires_on: expires,
    };
    db.add_certificate(&Actor::system(), &e, &cert).await.unwrap();
}

pub async fn expert(app: &TestApp, code: &str, name: &str, region_id: i64, available: bool) -> i64 {
    let mut attrs = serde_json::Map::new();
    attrs.insert("clinic_available".into(), serde_json::Value::Bool(available));
    app.test_db
        .db
        .upsert_record(
            &Actor::system(),
            "expert",
            code,
            kechuang_registry::store::records::RecordFields {
                name: name.into(),
                region_id,
                area: "local".into(),
                chain_tags: vec!["新一代信息技术".into()],
                attrs,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .0
        .id
}
