//! Credit files on SQLite and PostgreSQL: records kept by a city and a
//! county, lists by scope, kind, subject and standing, lifting with a reason
//! and a version, and the blacklist check by credit code or by name.

use chrono::NaiveDate;
use kechuang_credit::record::CreditRecordInput;
use kechuang_credit::standing::Subject;
use kechuang_credit::store::{CreditQuery, CreditStore};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::RegionLevel;
use kechuang_kernel::testing::{TestDb, region};
use kechuang_kernel::{Db, StoreError};

kechuang_kernel::both_backends!(crate::harness::db => records_list_lift_and_block);

const FIRM: &str = "914403001922038216";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn record(kind: &str, subject: (&str, &str, &str), decided: &str, until: &str) -> CreditRecordInput {
    CreditRecordInput {
        subject_kind: subject.0.into(),
        subject_name: subject.1.into(),
        subject_code: subject.2.into(),
        kind: kind.into(),
        reason: "科研项目结题材料造假".into(),
        decided_on: decided.into(),
        until: until.into(),
        ..Default::default()
    }
}

async fn records_list_lift_and_block(t: TestDb) {
    let db: &Db = &t.db;
    let sys = Actor::system();
    let (city, city_path) = region(db, "131000", RegionLevel::City, None).await;
    let (county, county_path) = region(db, "131002", RegionLevel::County, Some(city)).await;
    let today = d("2026-11-24");
    let sys = &sys;
    let add = |r: CreditRecordInput, at: i64| {
        let r = r.validate(today).unwrap();
        async move { db.add_credit_record(sys, at, &r).await.unwrap() }
    };
    let firm = add(
        record(
            "blacklist",
            ("enterprise", "廊坊华晨新材料有限公司", FIRM),
            "2026-06-01",
            "",
        ),
        city,
    )
    .await;
    let team = add(
        record(
            "blacklist",
            ("team", "盐碱地改良攻关组", ""),
            "2025-01-01",
            "2025-12-31",
        ),
        county,
    )
    .await;
    let praise = add(record("commendation", ("expert", "张明", ""), "2026-03-01", ""), county).await;
    let by_name = add(
        record("blacklist", ("institution", "某某研究院", ""), "2026-02-01", ""),
        county,
    )
    .await;

    // lists: the county sees its own and the city's, the city everything
    let list = |scope: &str, kind: &str, text: &str, on: Option<NaiveDate>| CreditQuery {
        scope: scope.into(),
        kind: kind.into(),
        text: text.into(),
        in_force_on: on,
        limit: 100,
        offset: 0,
    };
    let ids = |rows: Vec<kechuang_credit::store::CreditRecordRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(db.credit_records(&list(&city_path, "", "", None)).await.unwrap()).len(),
        4
    );
    assert_eq!(
        ids(db.credit_records(&list(&county_path, "", "", None)).await.unwrap()).len(),
        4
    );
    let blacklist_now = ids(db
        .credit_records(&list(&city_path, "blacklist", "", Some(today)))
        .await
        .unwrap());
    assert_eq!(blacklist_now, [firm, by_name], "the team's record ran out");
    assert_eq!(
        ids(db.credit_records(&list(&city_path, "", FIRM, None)).await.unwrap()),
        [firm]
    );
    assert_eq!(
        ids(db.credit_records(&list(&city_path, "", "張明", None)).await.unwrap()),
        [praise]
    );

    // the blacklist check: by code, by name where the record has no code
    let hit = |code: &str, names: &[&str], on: NaiveDate| {
        let s = Subject {
            code: code.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
        };
        async move { db.blacklist_hit(&s, on).await.unwrap().map(|r| r.id) }
    };
    assert_eq!(hit(FIRM, &["另起的团队名"], today).await, Some(firm));
    assert_eq!(
        hit("", &["廊坊華晨新材料 有限公司"], today).await,
        Some(firm),
        "without a code of its own a subject is compared by name"
    );
    assert_eq!(hit("12100000400000624D", &["某某研究院"], today).await, Some(by_name));
    assert_eq!(hit("", &["盐碱地改良攻关组"], today).await, None, "expired");
    assert_eq!(hit("", &["盐碱地改良攻关组"], d("2025-06-01")).await, Some(team));
    assert_eq!(hit("", &["张明"], today).await, None, "a commendation blocks nothing");

    // lifting: a reason, the current version, once
    let v = db.credit_record(firm).await.unwrap().version;
    let short = db.lift_credit_record(sys, firm, v, "已改", today).await.unwrap_err();
    assert!(matches!(short, StoreError::Invalid { .. }), "{short:?}");
    let stale = db
        .lift_credit_record(sys, firm, v + 1, "整改到位，准予修复", today)
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict { .. }), "{stale:?}");
    db.lift_credit_record(sys, firm, v, "整改到位，准予修复", today)
        .await
        .unwrap();
    assert_eq!(hit(FIRM, &[], today).await, None);
    let again = db
        .lift_credit_record(sys, firm, v + 1, "整改到位，准予修复", today)
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Invalid { .. }), "{again:?}");
    let r = db.credit_record(firm).await.unwrap();
    assert_eq!((r.lifted_on.as_deref(), r.version), (Some("2026-11-24"), v + 1));
}
