//! Fixtures for tests of this and other capabilities: a small registry in
//! one county.

use crate::store::prelude::*;
use kechuang_kernel::Db;

/// The credit code of the test enterprise user's enterprise (the same as
/// `kechuang_shell::testing::ENTERPRISE_CODE`).
pub const ENTERPRISE_CODE: &str = "91130100MA07L3KP8X";

/// Registry records for route tests: the enterprise of the test enterprise
/// user, a platform and an import run, all in the county.
pub struct RegistryFixture {
    pub code: String,
    pub record: i64,
    pub run: i64,
}

/// Creates the fixture in `county`.
pub async fn fixture(db: &Db, county: i64) -> RegistryFixture {
    use crate::store::EnterpriseFields;
    use crate::store::records::RecordFields;
    use kechuang_kernel::audit::Actor;
    let sys = Actor::system();
    let code = kechuang_kernel::credit_code::CreditCode::parse(ENTERPRISE_CODE).expect("code");
    db.upsert_enterprise(
        &sys,
        &code,
        EnterpriseFields {
            name: "廊坊测试科技有限公司".into(),
            former_names: "[]".into(),
            chain_tags: "[\"新一代信息技术\"]".into(),
            region_id: county,
            ..Default::default()
        },
    )
    .await
    .expect("enterprise");
    let (record, _) = db
        .upsert_record(
            &sys,
            "platform",
            "PT-0001",
            RecordFields {
                name: "廊坊市新材料重点实验室".into(),
                region_id: county,
                category: "key_lab".into(),
                level: "municipal".into(),
                status: "active".into(),
                ..Default::default()
            },
        )
        .await
        .expect("platform");
    let run = db
        .create_import_run(
            &sys,
            crate::store::imports::NewRun {
                kind: "enterprises".into(),
                file_name: "企业.csv".into(),
                sha256: "0".repeat(64),
                total_rows: 1,
                error_count: 1,
                warning_count: 0,
                report_json: "[]".into(),
                bytes: b"x".to_vec(),
            },
        )
        .await
        .expect("run");
    RegistryFixture {
        code: ENTERPRISE_CODE.into(),
        record: record.id,
        run: run.id,
    }
}
