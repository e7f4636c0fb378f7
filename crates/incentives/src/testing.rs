//! Incentive fixtures for tests of the whole service: the test city applies
//! 盘锦 2019; the test firm (in the registry fixture's county) has a loan
//! whose entitlement was found, an application with an attachment, and a
//! paid entitlement in a settled batch.

use crate::rules::event::{Event, EventKind, Subject};
use crate::service::Incentives;
use crate::store::applications::ApplicationInput;
use crate::store::batches::PaymentResult;
use crate::store::budgets::BudgetInput;
use crate::store::findings::Saved;
use crate::store::prelude::*;
use crate::store::setup::{Enactment, EnactmentMode};
use chrono::{Datelike, Days};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::scope::Scope;
use kechuang_shell::testing::{ENTERPRISE_CODE, TestApp};
use serde_json::json;

/// What the fixture made.
pub struct IncentiveFixture {
    /// Found, of the test firm.
    pub entitlement: i64,
    /// Submitted, of the test firm, with an attachment.
    pub application: i64,
    pub attachment: i64,
    /// Settled.
    pub batch: i64,
}

fn loan(code: &str, date: chrono::NaiveDate) -> Event {
    Event {
        kind: EventKind::IpPledgeLoan,
        date,
        subject: Subject {
            credit_code: code.into(),
            county: String::new(),
            name: "廊坊测试科技有限公司".into(),
        },
        facts: [
            ("principal_yuan".to_owned(), json!("10000000")),
            ("benchmark_rate_pct".to_owned(), json!("4.35")),
            ("days".to_owned(), json!("365")),
        ]
        .into_iter()
        .collect(),
    }
}

fn first(saved: &[Saved]) -> i64 {
    saved.iter().find_map(Saved::fresh).expect("an entitlement found")
}

/// Creates the fixture; the registry fixture (the test firm) must exist.
pub async fn fixture(app: &TestApp) -> IncentiveFixture {
    let db = &app.db;
    let sys = Actor::system();
    let svc = Incentives::load(None).expect("shipped rules");
    db.record_rule_versions(svc.sets()).await.expect("versions");
    let today = kechuang_kernel::clock::today();
    db.enact(
        &sys,
        app.regions.city,
        svc.set("panjin-2019").expect("panjin"),
        &Enactment {
            set_id: "panjin-2019",
            mode: EnactmentMode::InForce,
            from: today - Days::new(700),
            to: today + Days::new(365),
            notice: "测试",
        },
    )
    .await
    .expect("enact");
    db.set_budget(
        &sys,
        &BudgetInput {
            region_id: app.regions.city,
            set_id: "panjin-2019".into(),
            line: "science_fund".into(),
            year: i64::from(today.year()),
            amount_fen: 2000 * 10_000 * 100,
        },
    )
    .await
    .expect("budget");
    let county = app.regions.county;
    let paid = first(
        &svc.record(db, &sys, county, &loan(ENTERPRISE_CODE, today), "form", "质押-1")
            .await
            .expect("loan"),
    );
    db.confirm_entitlement(&sys, paid, "测试银行", "6217000012345678")
        .await
        .expect("confirm");
    db.approve_entitlement(&sys, paid, None, "science_fund")
        .await
        .expect("approve");
    let batch = db
        .create_batch(&sys, &Scope::everything(), app.regions.city)
        .await
        .expect("batch")
        .expect("one");
    db.settle_batch(
        &sys,
        batch,
        &[PaymentResult {
            line: 2,
            entitlement_id: paid,
            paid: true,
            reference: "支-1".into(),
        }],
    )
    .await
    .expect("settle");
    let entitlement = first(
        &svc.record(db, &sys, county, &loan(ENTERPRISE_CODE, today), "form", "质押-2")
            .await
            .expect("loan"),
    );
    let application = db
        .submit_application(
            &sys,
            &ApplicationInput {
                rule_id: "panjin-2019/doctor-home".into(),
                set_id: "panjin-2019".into(),
                region_id: county,
                event: Event {
                    kind: EventKind::DoctorHomePurchase,
                    date: today,
                    subject: Subject {
                        credit_code: ENTERPRISE_CODE.into(),
                        county: String::new(),
                        name: "廊坊测试科技有限公司".into(),
                    },
                    facts: [
                        ("first_home".to_owned(), json!(true)),
                        ("employed_locally".to_owned(), json!(true)),
                    ]
                    .into_iter()
                    .collect(),
                },
                requested_fen: 12 * 10_000 * 100,
                statement: String::new(),
                bank_name: "测试银行".into(),
                bank_account: "6217000012345678".into(),
            },
        )
        .await
        .expect("application");
    let attachment = db
        .add_attachment(&sys, application, "合同.pdf", "application/pdf", b"%PDF-1.4")
        .await
        .expect("attachment");
    IncentiveFixture {
        entitlement,
        application,
        attachment,
        batch,
    }
}
