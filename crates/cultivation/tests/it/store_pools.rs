//! Reserve-pool decisions and the pipeline reads on SQLite and PostgreSQL:
//! confirm, dismiss (a reason required), take out again, every change
//! audited; scope holds; one year's facts come with the certificates held;
//! the bank list holds only consenting firms with a shared certificate.

use kechuang_cultivation::store::prelude::*;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::{Db, StoreError};
use kechuang_registry::store::EnterpriseFields;
use kechuang_registry::{Certificate, CertificateKind, YearFacts};

kechuang_kernel::both_backends!(crate::harness::db =>
    pool_decisions_are_audited_and_scoped,
    facts_of_a_year_come_with_certificates,
    bank_list_shows_consenting_firms_of_shared_kinds,
    clinic_answers_are_kept_and_audited
);

async fn setup(db: &Db) -> (i64, i64, kechuang_registry::store::Enterprise) {
    let sys = Actor::system();
    let add = async |code: &str, name: &str, level, parent| {
        db.create_region(
            &sys,
            NewRegion {
                code: DivisionCode::parse(code).unwrap(),
                name: name.into(),
                name_en: String::new(),
                level,
                parent_id: parent,
            },
        )
        .await
        .unwrap()
        .id
    };
    let city = add("211100", "盘锦市", RegionLevel::City, None).await;
    let county = add("211122", "盘山县", RegionLevel::County, Some(city)).await;
    let other = add("211103", "兴隆台区", RegionLevel::County, Some(city)).await;
    let code = CreditCode::parse("914403001922038216").unwrap();
    let fields = EnterpriseFields {
        name: "盘锦华晨科技有限公司".into(),
        former_names: "[]".into(),
        chain_tags: "[]".into(),
        region_id: county,
        founded_on: Some("2019-04-01".into()),
        ..Default::default()
    };
    let e = db.upsert_enterprise(&sys, &code, fields).await.unwrap().0;
    (county, other, e)
}

fn officer(path: &str, region: i64) -> Actor {
    let mut p = Principal::system(Some(RegionPath::from_stored(path.into())));
    p.role = Role::CountyOfficer;
    p.user_id = Some(7);
    p.username = "officer".into();
    p.region_id = Some(region);
    Actor::new(p, None)
}

async fn pool_decisions_are_audited_and_scoped(t: TestDb) {
    let db = &t.db;
    let (county, other, e) = setup(db).await;
    let staff = Actor::system();
    let city = RegionPath::from_stored("/211100/".into());
    let m = db
        .decide_pool(
            &staff,
            "hte_reserve",
            &e,
            "member",
            "科技型中小企业，研发占比3%以上",
            "",
            None,
        )
        .await
        .unwrap();
    assert_eq!((m.status.as_str(), m.version), ("member", 1));
    let err = db
        .decide_pool(&staff, "hte_reserve", &e, "removed", "", " ", Some(1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "note", .. }), "{err:?}");
    let err = db
        .decide_pool(&staff, "hte_reserve", &e, "maybe", "", "x", Some(1))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "status", .. }));
    // a decision made from a stale view is a conflict, never an overwrite
    for stale in [None, Some(7)] {
        let err = db
            .decide_pool(&staff, "hte_reserve", &e, "removed", "", "重复提交", stale)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{stale:?}: {err:?}");
    }
    let out = db
        .decide_pool(&staff, "hte_reserve", &e, "removed", "", "已取得高企证书", Some(1))
        .await
        .unwrap();
    assert_eq!(
        (out.status.as_str(), out.version, out.note.as_str()),
        ("removed", 2, "已取得高企证书")
    );
    db.decide_pool(&staff, "gazelle", &e, "dismissed", "", "增长不可持续", None)
        .await
        .unwrap();
    let entries = db
        .pool_entries(&kechuang_kernel::scope::Scope::of(&city), "hte_reserve")
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].credit_code, e.credit_code);
    let audit = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("pool_member".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 3, "create, update, create");
    // Scope: an officer of the other county may neither decide nor see.
    let stranger = officer("/211100/211103/", other);
    let err = db
        .decide_pool(&stranger, "hte_reserve", &e, "member", "", "", Some(2))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden));
    let theirs = RegionPath::from_stored("/211100/211103/".into());
    assert!(
        db.pool_entries(&kechuang_kernel::scope::Scope::of(&theirs), "hte_reserve")
            .await
            .unwrap()
            .is_empty()
    );
    let own = officer("/211100/211122/", county);
    db.decide_pool(&own, "hte_reserve", &e, "member", "", "", Some(2))
        .await
        .unwrap();
    // twenty concurrent decisions from one view: exactly one is taken
    let tasks = (0..20).map(|i| {
        let (db, own, e) = (db.clone(), own.clone(), e.clone());
        tokio::spawn(async move {
            db.decide_pool(&own, "hte_reserve", &e, "removed", "", &format!("第{i}次"), Some(3))
                .await
        })
    });
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    let fresh = (0..20).map(|i| {
        let (db, own, e) = (db.clone(), own.clone(), e.clone());
        tokio::spawn(async move {
            db.decide_pool(&own, "leading", &e, "member", "", &format!("第{i}次"), None)
                .await
        })
    });
    let mut ok = 0;
    for t in fresh {
        ok += usize::from(t.await.unwrap().is_ok());
    }
    assert_eq!(ok, 1, "one creation, no overwrites");
}

async fn facts_of_a_year_come_with_certificates(t: TestDb) {
    let db = &t.db;
    let (_, _, e) = setup(db).await;
    let sys = Actor::system();
    let facts = YearFacts {
        year: 2025,
        employees: 50,
        st_staff: 10,
        revenue_fen: 1_000_000_000,
        rd_expense_fen: 50_000_000,
        ..Default::default()
    };
    db.upsert_facts(&sys, &e, &facts).await.unwrap();
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    for (kind, number, from, to) in [
        (CertificateKind::HighTechEnterprise, "GR1", "2024-12-01", "2027-11-30"),
        (CertificateKind::Gazelle, "DL1", "2023-01-01", "2023-12-31"),
    ] {
        let cert = Certificate {
            kind,
            number: number.into(),
            issued_on: d(from),
            expires_on: d(to),
        };
        db.add_certificate(&sys, &e, &cert).await.unwrap();
    }
    let city = RegionPath::from_stored("/211100/".into());
    let rows = db
        .facts_in_year(&kechuang_kernel::scope::Scope::of(&city), 2025, "2026-06-01")
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.founded_on.as_deref(), Some("2019-04-01"));
    assert!(r.hte_valid && !r.tech_sme_valid && !r.gazelle_valid && !r.leading_valid && !r.listed);
    assert_eq!(r.facts.revenue_fen, 1_000_000_000);
    assert!(
        db.facts_in_year(&kechuang_kernel::scope::Scope::of(&city), 2024, "2026-06-01")
            .await
            .unwrap()
            .is_empty()
    );
    let soon = db
        .expiring_certificates(
            &kechuang_kernel::scope::Scope::of(&city),
            "high_tech_enterprise",
            "2027-01-01",
            "2027-12-31",
        )
        .await
        .unwrap();
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].number, "GR1");
}

async fn bank_list_shows_consenting_firms_of_shared_kinds(t: TestDb) {
    let db = &t.db;
    let (_, _, e) = setup(db).await;
    let sys = Actor::system();
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let cert = Certificate {
        kind: CertificateKind::HighTechEnterprise,
        number: "GR9".into(),
        issued_on: d("2024-12-01"),
        expires_on: d("2027-11-30"),
    };
    db.add_certificate(&sys, &e, &cert).await.unwrap();
    let city = RegionPath::from_stored("/211100/".into());
    let on = "2026-06-01";
    assert!(db.bank_shared_kinds().await.unwrap().is_empty());
    let hte = vec!["high_tech_enterprise".to_owned()];
    assert!(
        db.bank_list(&kechuang_kernel::scope::Scope::of(&city), &hte, on)
            .await
            .unwrap()
            .is_empty(),
        "no consent yet"
    );
    db.set_bank_consent(&sys, &e, true).await.unwrap();
    let list = db
        .bank_list(&kechuang_kernel::scope::Scope::of(&city), &hte, on)
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].certificates,
        vec![("high_tech_enterprise".into(), "GR9".into(), "2027-11-30".into())]
    );
    let other_kind = vec!["gazelle".to_owned()];
    assert!(
        db.bank_list(&kechuang_kernel::scope::Scope::of(&city), &other_kind, on)
            .await
            .unwrap()
            .is_empty(),
        "kind not shared"
    );
    assert!(
        db.bank_list(&kechuang_kernel::scope::Scope::of(&city), &hte, "2028-01-01")
            .await
            .unwrap()
            .is_empty(),
        "expired"
    );
    db.set_bank_consent(&sys, &e, false).await.unwrap();
    assert!(
        db.bank_list(&kechuang_kernel::scope::Scope::of(&city), &hte, on)
            .await
            .unwrap()
            .is_empty(),
        "withdrawn"
    );
    assert_eq!(db.bank_consent(e.id).await.unwrap().map(|c| c.consented), Some(false));
    db.set_bank_shared_kinds(&sys, &hte).await.unwrap();
    assert_eq!(db.bank_shared_kinds().await.unwrap(), hte);
    let audit = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("bank_consent".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 2, "given, then withdrawn");
}

async fn clinic_answers_are_kept_and_audited(t: TestDb) {
    let db = &t.db;
    let (_, other, e) = setup(db).await;
    let sys = Actor::system();
    assert!(db.clinic_answers(e.id).await.unwrap().is_none());
    db.set_clinic_answers(&sys, &e, r#"{"field_in_catalogue":true}"#)
        .await
        .unwrap();
    db.set_clinic_answers(&sys, &e, r#"{"field_in_catalogue":false}"#)
        .await
        .unwrap();
    let a = db.clinic_answers(e.id).await.unwrap().unwrap();
    assert_eq!(a.answers_json, r#"{"field_in_catalogue":false}"#);
    assert!(matches!(
        db.set_clinic_answers(&sys, &e, "not json").await,
        Err(StoreError::Invalid { field: "answers", .. })
    ));
    let stranger = officer("/211100/211103/", other);
    assert!(matches!(
        db.set_clinic_answers(&stranger, &e, "{}").await,
        Err(StoreError::Forbidden)
    ));
    let audit = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("clinic_answers".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
}
