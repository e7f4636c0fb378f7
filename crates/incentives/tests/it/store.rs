//! Incentives on SQLite and PostgreSQL: entitlements found from events and
//! from the registry (免申即享), once however often the rules run; pending
//! entitlements computed when the bureau sets the parameter; one payment
//! however many clerks approve at once; budgets never overspent; the
//! blacklist refused on every path; applications through county and city
//! review; batches settled all or nothing; claw-backs; replays; scope; and
//! every step audited.

use chrono::{Datelike, Days, NaiveDate};
use kechuang_credit::record::CreditRecordInput;
use kechuang_incentives::rules::event::{Event, EventKind, Subject};
use kechuang_incentives::service::Incentives;
use kechuang_incentives::store::applications::{ApplicationInput, Approval};
use kechuang_incentives::store::batches::PaymentResult;
use kechuang_incentives::store::budgets::BudgetInput;
use kechuang_incentives::store::entitlements::{EntitlementQuery, EntitlementRow};
use kechuang_incentives::store::findings::Saved;
use kechuang_incentives::store::prelude::*;
use kechuang_incentives::store::setup::{Enactment, EnactmentMode};
use kechuang_incentives::workflow::{ApplicationStatus, Decision, EntitlementStatus, ReviewStep};
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::region::RegionLevel;
use kechuang_kernel::scope::Scope;
use kechuang_kernel::testing::{TestDb, region};
use kechuang_kernel::{Db, StoreError};
use serde_json::json;

kechuang_kernel::both_backends!(crate::harness::db =>
    events_find_entitlements_once,
    the_registry_is_read_without_applications,
    parameters_turn_pending_into_found,
    twenty_concurrent_approvals_pay_once,
    concurrent_commitments_never_overspend,
    blacklisted_firms_are_refused_everywhere,
    applications_go_through_county_then_city,
    batches_settle_all_or_nothing_and_claw_backs_return_money,
    rule_versions_are_kept_and_replayed,
);

const FIRM: &str = kechuang_shell::testing::ENTERPRISE_CODE;

struct World {
    svc: Incentives,
    city: i64,
    county: i64,
    county_path: String,
    other_county: i64,
    today: NaiveDate,
}

/// A city applying 盘锦 2019 from three years ago to next year, with
/// budgets for this year, and two counties.
async fn world(db: &Db) -> World {
    let sys = Actor::system();
    let svc = Incentives::load(None).unwrap();
    db.record_rule_versions(svc.sets()).await.unwrap();
    let (city, _) = region(db, "211100", RegionLevel::City, None).await;
    let (county, county_path) = region(db, "211102", RegionLevel::County, Some(city)).await;
    let (other_county, _) = region(db, "211103", RegionLevel::County, Some(city)).await;
    let today = kechuang_kernel::clock::today();
    let set = svc.set("panjin-2019").unwrap();
    db.enact(
        &sys,
        city,
        set,
        &Enactment {
            set_id: "panjin-2019",
            mode: EnactmentMode::InForce,
            from: NaiveDate::from_ymd_opt(today.year() - 3, 1, 1).unwrap(),
            to: today + Days::new(365),
            notice: "盘科〔2026〕1号 延续执行",
        },
    )
    .await
    .unwrap();
    World {
        svc,
        city,
        county,
        county_path,
        other_county,
        today,
    }
}

fn loan(code: &str, date: NaiveDate, principal: &str) -> Event {
    Event {
        kind: EventKind::IpPledgeLoan,
        date,
        subject: Subject {
            credit_code: code.into(),
            county: "双台子区".into(),
            name: format!("企业{code}"),
        },
        facts: [
            ("principal_yuan".to_owned(), json!(principal)),
            ("benchmark_rate_pct".to_owned(), json!("4.35")),
            ("days".to_owned(), json!("365")),
        ]
        .into_iter()
        .collect(),
    }
}

fn added(saved: &[Saved]) -> Vec<i64> {
    saved
        .iter()
        .filter_map(|s| match s {
            Saved::Added { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

async fn budget(db: &Db, w: &World, line: &str, fen: i64) {
    db.set_budget(
        &Actor::system(),
        &BudgetInput {
            region_id: w.city,
            set_id: "panjin-2019".into(),
            line: line.into(),
            year: i64::from(w.today.year()),
            amount_fen: fen,
        },
    )
    .await
    .unwrap();
}

/// A loan's entitlement, found and confirmed.
async fn confirmed_loan(db: &Db, w: &World, code: &str, reference: &str) -> EntitlementRow {
    let sys = Actor::system();
    let saved = w
        .svc
        .record(db, &sys, w.county, &loan(code, w.today, "10000000"), "form", reference)
        .await
        .unwrap();
    let id = added(&saved)[0];
    db.confirm_entitlement(&sys, id, "盘锦银行", "6217000012345678")
        .await
        .unwrap()
}

async fn events_find_entitlements_once(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    let saved = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, w.today, "10000000"),
            "form",
            "质押〔2026〕1号",
        )
        .await
        .unwrap();
    let ids = added(&saved);
    assert_eq!(ids.len(), 1, "{saved:?}");
    let e = db.entitlement(ids[0]).await.unwrap();
    assert_eq!(
        (e.amount_fen, e.status),
        (21_750_000, EntitlementStatus::Found),
        "no account: not told"
    );
    assert!(e.derivation.ends_with("盘锦 2019 二(四)13"));
    // the same loan entered again is the same event and the same entitlement
    let again = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, w.today, "10000000"),
            "form",
            "质押〔2026〕1号",
        )
        .await
        .unwrap();
    assert!(
        matches!(again[..], [Saved::Existing { id, .. }] if id == ids[0]),
        "{again:?}"
    );
    // a second loan is a second entitlement (per event); outside the period none
    let second = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, w.today, "2000000"),
            "form",
            "质押〔2026〕2号",
        )
        .await
        .unwrap();
    assert_eq!(added(&second).len(), 1);
    let old = NaiveDate::from_ymd_opt(w.today.year() - 5, 6, 1).unwrap();
    let none = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, old, "2000000"),
            "form",
            "质押〔2020〕9号",
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    // a reference is required
    let err = w
        .svc
        .record(db, &sys, w.county, &loan(FIRM, w.today, "1"), "form", " ")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "reference", .. }), "{err:?}");
    // a firm with an account is told at once, in its inbox
    let user = crate::harness::firm_user(db, "firm", w.county, FIRM).await;
    let n = w.svc.tell(db, &sys, &ids).await.unwrap();
    assert_eq!(n, (1, 0));
    assert_eq!(db.entitlement(ids[0]).await.unwrap().status, EntitlementStatus::Told);
    assert_eq!(db.unread_notifications(user).await.unwrap(), 1);
    // scope: the other county sees none of it
    let region = db.region(w.other_county).await.unwrap();
    let q = EntitlementQuery::new(Scope::of(&region.region_path()));
    assert_eq!(db.count_entitlements(&q).await.unwrap(), 0);
    let q = EntitlementQuery::new(Scope::of(&db.region(w.county).await.unwrap().region_path()));
    assert_eq!(db.count_entitlements(&q).await.unwrap(), 2);
    // every change is audited
    let audit = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("incentive_entitlement".into()),
                entity_id: Some(ids[0].to_string()),
                limit: 20,
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"create") && actions.contains(&"tell"), "{actions:?}");
}

async fn the_registry_is_read_without_applications(t: TestDb) {
    use kechuang_registry::store::prelude::*;
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    let last_year = w.today.year() - 1;
    let second = kechuang_shell::testing::test_code(25);
    for (i, (code, held_before)) in [(FIRM, false), (second.as_str(), true)].iter().enumerate() {
        let cc = kechuang_kernel::credit_code::CreditCode::parse(code).unwrap();
        let (ent, _) = db
            .upsert_enterprise(
                &sys,
                &cc,
                kechuang_registry::store::EnterpriseFields {
                    name: format!("盘锦测试{i}科技有限公司"),
                    former_names: "[]".into(),
                    chain_tags: "[]".into(),
                    region_id: w.county,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        if *held_before {
            let first = kechuang_registry::Certificate {
                kind: kechuang_registry::certificate::CertificateKind::HighTechEnterprise,
                number: format!("GR{}00{i}", last_year - 3),
                issued_on: NaiveDate::from_ymd_opt(last_year - 3, 11, 1).unwrap(),
                expires_on: NaiveDate::from_ymd_opt(last_year, 10, 31).unwrap(),
            };
            db.add_certificate(&sys, &ent, &first).await.unwrap();
        }
        let cert = kechuang_registry::Certificate {
            kind: kechuang_registry::certificate::CertificateKind::HighTechEnterprise,
            number: format!("GR{last_year}10{i}"),
            issued_on: NaiveDate::from_ymd_opt(last_year, 11, 6).unwrap(),
            expires_on: NaiveDate::from_ymd_opt(last_year + 3, 11, 5).unwrap(),
        };
        db.add_certificate(&sys, &ent, &cert).await.unwrap();
    }
    let report = w.svc.run_all(db, &sys).await.unwrap();
    assert_eq!(report.added, 1, "only the newly certified firm: {report:?}");
    let mut q = EntitlementQuery::new(Scope::everything());
    q.rule_id = Some("panjin-2019/hte-new".into());
    let rows = db.entitlements(&q).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].subject_code.as_str(), rows[0].amount_fen),
        (FIRM, 10 * 10_000 * 100)
    );
    let event = db.incentive_event(rows[0].event_id).await.unwrap();
    assert_eq!(event.source, "registry");
    assert!(event.source_ref.starts_with("certificate:"));
    // running again over an unchanged registry writes nothing
    let again = w.svc.run_all(db, &sys).await.unwrap();
    assert_eq!((again.added, again.computed), (0, 0), "{again:?}");
    assert_eq!(
        db.count_entitlements(&EntitlementQuery::new(Scope::everything()))
            .await
            .unwrap(),
        1
    );
}

async fn parameters_turn_pending_into_found(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    let talent = Event {
        kind: EventKind::TalentIntroduced,
        date: w.today,
        subject: Subject {
            credit_code: FIRM.into(),
            county: String::new(),
            name: "张教授".into(),
        },
        facts: [
            ("tier".to_owned(), json!("top")),
            ("full_time".to_owned(), json!(true)),
            ("contract_years".to_owned(), json!("5")),
        ]
        .into_iter()
        .collect(),
    };
    let saved = w
        .svc
        .record(db, &sys, w.county, &talent, "form", "人才〔2026〕3号")
        .await
        .unwrap();
    let pending = saved.iter().find_map(|s| match s {
        Saved::Added { id, pending: true, .. } => Some(*id),
        _ => None,
    });
    let pending = db
        .entitlement(pending.expect("the salary subsidy waits"))
        .await
        .unwrap();
    assert_eq!(
        (pending.status, pending.pending_on.as_str()),
        (EntitlementStatus::Pending, "salary_years")
    );
    let set = w.svc.set("panjin-2019").unwrap();
    let err = db
        .set_parameter(&sys, w.city, set, "salary_years", "三年", "")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "value", .. }));
    let err = db
        .set_parameter(&sys, w.city, set, "no_such", "3", "")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "name", .. }));
    db.set_parameter(&sys, w.city, set, "salary_years", "3", "市政府常务会议纪要")
        .await
        .unwrap();
    let report = w.svc.run_all(db, &sys).await.unwrap();
    assert_eq!(report.computed, 1, "{report:?}");
    let found = db.entitlement(pending.id).await.unwrap();
    assert_eq!(
        (found.status, found.amount_fen, found.years),
        (EntitlementStatus::Found, 45 * 10_000 * 100, 3)
    );
    assert_eq!(found.params, r#"{"salary_years":"3"}"#);
}

async fn twenty_concurrent_approvals_pay_once(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    budget(db, &w, "science_fund", 2000 * 10_000 * 100).await;
    let e = confirmed_loan(db, &w, FIRM, "质押〔2026〕5号").await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.approve_entitlement(&Actor::system(), e.id, None, "science_fund")
                .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        if task.await.unwrap().is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    let b = db.budgets(&Scope::everything(), None).await.unwrap();
    let science = b.iter().find(|b| b.line == "science_fund").unwrap();
    assert_eq!(science.committed_fen, 21_750_000, "committed once");
    assert_eq!(db.entitlement(e.id).await.unwrap().status, EntitlementStatus::Approved);
}

async fn concurrent_commitments_never_overspend(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    budget(db, &w, "science_fund", 50 * 10_000 * 100).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let code = kechuang_shell::testing::test_code(100 + i);
        ids.push(confirmed_loan(db, &w, &code, &format!("质押〔2026〕1{i}号")).await.id);
    }
    let mut tasks = Vec::new();
    for id in ids {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.approve_entitlement(&Actor::system(), id, None, "science_fund").await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Invalid { field, message }) => {
                assert_eq!(field, "budget");
                assert!(message.contains("不足"), "{message}");
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 2, "21.75万 twice fits in 50万, three times does not");
    let b = &db.budgets(&Scope::everything(), None).await.unwrap()[0];
    assert_eq!(b.committed_fen, 2 * 21_750_000);
    assert!(b.committed_fen <= b.amount_fen);
    // lowering a budget below what is committed is refused
    let err = db
        .set_budget(
            &Actor::system(),
            &BudgetInput {
                region_id: w.city,
                set_id: "panjin-2019".into(),
                line: "science_fund".into(),
                year: i64::from(w.today.year()),
                amount_fen: 100,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "amount", .. }));
}

async fn blacklist(db: &Db, w: &World, code: &str) {
    let record = CreditRecordInput {
        subject_kind: "enterprise".into(),
        subject_name: format!("企业{code}"),
        subject_code: code.into(),
        kind: "blacklist".into(),
        reason: "科技计划项目验收中提供虚假材料".into(),
        document_no: "盘科信〔2026〕1号".into(),
        decided_on: (w.today - Days::new(1)).to_string(),
        until: (w.today + Days::new(365)).to_string(),
        ..Default::default()
    }
    .validate(w.today)
    .unwrap();
    use kechuang_credit::store::CreditStore;
    db.add_credit_record(&Actor::system(), w.city, &record).await.unwrap();
}

async fn blacklisted_firms_are_refused_everywhere(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    budget(db, &w, "science_fund", 2000 * 10_000 * 100).await;
    // confirmed before the blacklisting
    let before = confirmed_loan(db, &w, FIRM, "质押〔2026〕7号").await;
    blacklist(db, &w, FIRM).await;
    let err = db
        .approve_entitlement(&sys, before.id, None, "science_fund")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "subject", .. }), "{err:?}");
    // found after: withheld, not told
    crate::harness::firm_user(db, "firm", w.county, FIRM).await;
    let saved = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, w.today, "3000000"),
            "form",
            "质押〔2026〕8号",
        )
        .await
        .unwrap();
    let id = added(&saved)[0];
    assert_eq!(db.entitlement(id).await.unwrap().status, EntitlementStatus::Withheld);
    let err = db
        .confirm_entitlement(&sys, id, "盘锦银行", "6217000012345678")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err:?}");
    // and cannot apply
    let err = db.submit_application(&sys, &application(&w, FIRM)).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "subject", .. }), "{err:?}");
}

fn application(w: &World, code: &str) -> ApplicationInput {
    ApplicationInput {
        rule_id: "panjin-2019/doctor-home".into(),
        set_id: "panjin-2019".into(),
        region_id: w.county,
        event: Event {
            kind: EventKind::DoctorHomePurchase,
            date: w.today,
            subject: Subject {
                credit_code: code.into(),
                county: String::new(),
                name: format!("企业{code}"),
            },
            facts: [
                ("price_yuan".to_owned(), json!("1500000")),
                ("first_home".to_owned(), json!(true)),
                ("employed_locally".to_owned(), json!(true)),
            ]
            .into_iter()
            .collect(),
        },
        requested_fen: 12 * 10_000 * 100,
        statement: "引进博士购房".into(),
        bank_name: "盘锦银行".into(),
        bank_account: "6217000012345678".into(),
    }
}

async fn applications_go_through_county_then_city(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    budget(db, &w, "talent_fund", 1000 * 10_000 * 100).await;
    let input = application(&w, FIRM);
    let id = db.submit_application(&sys, &input).await.unwrap();
    // the city cannot decide before the county
    let err = db
        .decide_application(&sys, id, ReviewStep::City, Decision::Reject, "材料不全，请补充")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "status", .. }));
    // returned without a reason is refused; with one it is returned
    assert!(
        db.decide_application(&sys, id, ReviewStep::County, Decision::Return, "")
            .await
            .is_err()
    );
    assert_eq!(
        db.decide_application(&sys, id, ReviewStep::County, Decision::Return, "请补充购房合同")
            .await
            .unwrap(),
        ApplicationStatus::Returned
    );
    let a = db.application(id).await.unwrap();
    db.correct_application(&sys, id, &input, a.version).await.unwrap();
    assert_eq!(db.application(id).await.unwrap().status, ApplicationStatus::Submitted);
    db.add_attachment(&sys, id, "购房合同.pdf", "application/pdf", b"%PDF-1.4 test")
        .await
        .unwrap();
    assert_eq!(
        db.decide_application(&sys, id, ReviewStep::County, Decision::Approve, "")
            .await
            .unwrap(),
        ApplicationStatus::CountyApproved
    );
    let err = db
        .add_attachment(&sys, id, "x.pdf", "application/pdf", b"x")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "status", .. }));
    // the city approves at a figure: twenty at once approve it once
    let applied = w.svc.applied(db, &w.county_path, EnactmentMode::InForce).await.unwrap();
    let rule = applied[0].set.rule("panjin-2019/doctor-home").unwrap();
    let outcome = kechuang_incentives::engine::evaluate(rule, &input.event, &Default::default());
    let kechuang_incentives::engine::RuleResult::Entitled(ent) = outcome.result else {
        panic!("{outcome:?}")
    };
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (db, event, ent) = (db.clone(), input.event.clone(), ent.clone());
        tasks.push(tokio::spawn(async move {
            db.approve_application(
                &Actor::system(),
                id,
                &Approval {
                    event: &event,
                    entitlement: &ent,
                    rule_version: 1,
                    once: true,
                    stacking: "",
                    budget_line: "talent_fund",
                    amount_fen: 10 * 10_000 * 100,
                    reason: "核定10万元",
                },
            )
            .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        if task.await.unwrap().is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    let a = db.application(id).await.unwrap();
    assert_eq!(a.status, ApplicationStatus::Approved);
    let e = db.entitlement(a.entitlement_id.unwrap()).await.unwrap();
    assert_eq!(
        (e.status, e.approved_fen, e.amount_fen),
        (EntitlementStatus::Approved, Some(10 * 10_000 * 100), 12 * 10_000 * 100)
    );
    let decisions = db.decisions(id).await.unwrap();
    assert_eq!(decisions.len(), 3);
    assert_eq!(
        db.budgets(&Scope::everything(), None).await.unwrap()[0].committed_fen,
        10 * 10_000 * 100
    );
    // a second application under a once-only rule is refused at approval
    let second = db.submit_application(&sys, &input).await.unwrap();
    db.decide_application(&sys, second, ReviewStep::County, Decision::Approve, "")
        .await
        .unwrap();
    let err = db
        .approve_application(
            &sys,
            second,
            &Approval {
                event: &input.event,
                entitlement: &ent,
                rule_version: 1,
                once: true,
                stacking: "",
                budget_line: "talent_fund",
                amount_fen: 10 * 10_000 * 100,
                reason: "",
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "rule_id", .. }), "{err:?}");
    assert_eq!(
        db.application(second).await.unwrap().status,
        ApplicationStatus::CountyApproved,
        "nothing half-written"
    );
    // withdrawal
    let third = db
        .submit_application(&sys, &application(&w, &kechuang_shell::testing::test_code(25)))
        .await
        .unwrap();
    db.withdraw_application(&sys, third).await.unwrap();
    assert!(db.withdraw_application(&sys, third).await.is_err());
}

async fn batches_settle_all_or_nothing_and_claw_backs_return_money(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    budget(db, &w, "science_fund", 2000 * 10_000 * 100).await;
    let a = confirmed_loan(db, &w, FIRM, "质押〔2026〕21号").await;
    let b = confirmed_loan(db, &w, &kechuang_shell::testing::test_code(25), "质押〔2026〕22号").await;
    for e in [&a, &b] {
        db.approve_entitlement(&sys, e.id, None, "science_fund").await.unwrap();
    }
    let county = db.region(w.county).await.unwrap();
    let batch = db.create_batch(&sys, &Scope::of(&county.region_path()), w.city).await;
    assert!(
        matches!(batch, Err(StoreError::Forbidden)),
        "a county cannot batch the city"
    );
    let batch = db
        .create_batch(&sys, &Scope::everything(), w.city)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(db.batch(batch).await.unwrap().items, 2);
    assert!(
        db.create_batch(&sys, &Scope::everything(), w.city)
            .await
            .unwrap()
            .is_none(),
        "nothing left to batch"
    );
    // a bad row: nothing is written
    let bad = [
        PaymentResult {
            line: 2,
            entitlement_id: a.id,
            paid: true,
            reference: "支〔2026〕1号".into(),
        },
        PaymentResult {
            line: 3,
            entitlement_id: 999_999,
            paid: true,
            reference: "支〔2026〕2号".into(),
        },
    ];
    let err = db.settle_batch(&sys, batch, &bad).await.unwrap_err();
    assert!(err.to_string().contains("第3行"), "{err}");
    assert_eq!(db.entitlement(a.id).await.unwrap().status, EntitlementStatus::Approved);
    let good = [
        PaymentResult {
            line: 2,
            entitlement_id: a.id,
            paid: true,
            reference: "支〔2026〕1号".into(),
        },
        PaymentResult {
            line: 3,
            entitlement_id: b.id,
            paid: false,
            reference: "账户户名不符".into(),
        },
    ];
    let settled = db.settle_batch(&sys, batch, &good).await.unwrap();
    assert_eq!((settled.paid, settled.failed, settled.paid_fen), (1, 1, 21_750_000));
    assert_eq!(db.entitlement(a.id).await.unwrap().status, EntitlementStatus::Paid);
    let b_after = db.entitlement(b.id).await.unwrap();
    assert_eq!(
        (b_after.status, b_after.batch_id),
        (EntitlementStatus::Approved, None),
        "waits for a later batch"
    );
    assert_eq!(db.batch(batch).await.unwrap().status.as_str(), "settled");
    // paying twice is refused
    assert!(db.settle_batch(&sys, batch, &good[..1]).await.is_err());
    // the figure plan targets bind to: paid today in the city, nothing before
    let city_path = db.region(w.city).await.unwrap().path;
    let today = kechuang_kernel::clock::today();
    assert_eq!(db.paid_between(&city_path, today, today).await.unwrap(), 21_750_000);
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(db.paid_between(&city_path, yesterday, yesterday).await.unwrap(), 0);
    assert_eq!(
        db.paid_between("/99/", today, today).await.unwrap(),
        0,
        "another region"
    );
    let budget_row = db.budgets(&Scope::everything(), None).await.unwrap().remove(0);
    assert_eq!(
        (budget_row.committed_fen, budget_row.paid_fen),
        (2 * 21_750_000, 21_750_000)
    );
    // claw back: the money returns
    assert!(db.claw_back(&sys, b.id, "重复申报").await.is_err(), "only a paid one");
    let c = db.claw_back(&sys, a.id, "贷款资料虚假，追回贴息").await.unwrap();
    assert_eq!(c.status, EntitlementStatus::ClawedBack);
    let budget_row = db.budgets(&Scope::everything(), None).await.unwrap().remove(0);
    assert_eq!((budget_row.committed_fen, budget_row.paid_fen), (21_750_000, 0));
    assert_eq!(
        db.paid_between(&city_path, today, today).await.unwrap(),
        0,
        "clawed back"
    );
}

async fn rule_versions_are_kept_and_replayed(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let sys = Actor::system();
    let saved = w
        .svc
        .record(
            db,
            &sys,
            w.county,
            &loan(FIRM, w.today, "10000000"),
            "form",
            "质押〔2026〕31号",
        )
        .await
        .unwrap();
    let e = db.entitlement(added(&saved)[0]).await.unwrap();
    let replay = w.svc.replay(db, &e).await.unwrap();
    assert!(replay.same, "{replay:?}");
    assert_eq!(replay.replayed_fen, Some(21_750_000));
    // a rule file changed without raising its version is refused
    let mut sets = w.svc.sets().to_vec();
    let rule = sets
        .iter_mut()
        .flat_map(|s| s.rules.iter_mut())
        .find(|r| r.id == "panjin-2019/ip-pledge-interest")
        .unwrap();
    rule.source_text = rule.source_text.replace("50万元", "60万元");
    let err = db.record_rule_versions(&sets).await.unwrap_err();
    assert!(err.to_string().contains("panjin-2019/ip-pledge-interest"), "{err}");
    // raised, it is recorded beside the old one, which replays still read
    rule_bump(&mut sets);
    db.record_rule_versions(&sets).await.unwrap();
    assert!(
        db.rule_version_source("panjin-2019/ip-pledge-interest", 1)
            .await
            .unwrap()
            .contains("50万元")
    );
    assert!(
        db.rule_version_source("panjin-2019/ip-pledge-interest", 2)
            .await
            .unwrap()
            .contains("60万元")
    );
    assert!(w.svc.replay(db, &e).await.unwrap().same);
}

fn rule_bump(sets: &mut [kechuang_incentives::rules::RuleSet]) {
    for r in sets.iter_mut().flat_map(|s| s.rules.iter_mut()) {
        if r.id == "panjin-2019/ip-pledge-interest" {
            r.version = 2;
        }
    }
}
