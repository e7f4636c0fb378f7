//! Registry storage on SQLite and PostgreSQL: upsert by credit code (a
//! re-import changes nothing), scope, audit, name search across scripts.

use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::{Db, StoreError};
use kechuang_registry::store::prelude::*;
use kechuang_registry::store::{EnterpriseFields, EnterpriseFilter, Upsert};

kechuang_kernel::both_backends!(crate::harness::db => upsert_by_credit_code_is_idempotent_and_scoped);

async fn regions(db: &Db) -> (i64, i64, i64) {
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
    (city, county, other)
}

fn fields(name: &str, region_id: i64) -> EnterpriseFields {
    EnterpriseFields {
        name: name.into(),
        former_names: "[]".into(),
        region_id,
        address: "盘山县创新路1号".into(),
        industry_code: "C2710".into(),
        industry_name: "化学药品原料药制造".into(),
        chain_tags: "[\"生物医药\"]".into(),
        founded_on: Some("2015-03-01".into()),
        listed: false,
        listing_reserve: true,
        contact_name: "张经理".into(),
        contact_phone: "13800000000".into(),
        ..Default::default()
    }
}

async fn upsert_by_credit_code_is_idempotent_and_scoped(t: TestDb) {
    let db = &t.db;
    let (_, county, other) = regions(db).await;
    let code = CreditCode::parse("914403001922038216").unwrap();
    let sys = Actor::system();
    let (e, what) = db
        .upsert_enterprise(&sys, &code, fields("盤錦華晨藥業有限公司", county))
        .await
        .unwrap();
    assert_eq!((what, e.version), (Upsert::Created, 1));
    let (_, again) = db
        .upsert_enterprise(&sys, &code, fields("盤錦華晨藥業有限公司", county))
        .await
        .unwrap();
    assert_eq!(again, Upsert::Unchanged, "re-importing the same row changes nothing");
    let (e2, changed) = db
        .upsert_enterprise(&sys, &code, fields("盘锦华晨药业股份有限公司", county))
        .await
        .unwrap();
    assert_eq!((changed, e2.version), (Upsert::Updated, 2));
    let log = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("enterprise".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["update", "create"]
    );
    // Simplified finds Traditional and back
    let scope = kechuang_kernel::region::RegionPath::from_stored("/211100/".into());
    for q in ["盘锦华晨", "盤錦華晨", "华晨药业"] {
        let (found, n) = db
            .enterprises(
                &kechuang_kernel::scope::Scope::of(&scope),
                &EnterpriseFilter {
                    query: Some(q.into()),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!((n, found.len()), (1, 1), "{q}");
    }
    // an officer of another county cannot write it
    let mut officer = Principal::public();
    officer.user_id = Some(99);
    officer.role = Role::CountyOfficer;
    officer.scope = Some(db.region(other).await.unwrap().region_path());
    let denied = db
        .upsert_enterprise(&Actor::new(officer, None), &code, fields("改名", county))
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden)), "{denied:?}");
    // bad input names the field and writes nothing
    let bad = db
        .upsert_enterprise(
            &sys,
            &code,
            EnterpriseFields {
                founded_on: Some("2015/3/1".into()),
                ..fields("x", county)
            },
        )
        .await;
    assert!(matches!(
        bad,
        Err(StoreError::Invalid {
            field: "founded_on",
            ..
        })
    ));
    assert_eq!(db.enterprise_by_code(&code).await.unwrap().unwrap().version, 2);
}

#[tokio::test]
async fn certificates_derive_the_tier_sqlite() {
    certificates_derive_the_tier(crate::harness::db("sqlite").await).await
}

#[tokio::test]
async fn certificates_derive_the_tier_postgres() {
    certificates_derive_the_tier(crate::harness::db("postgres").await).await
}

async fn certificates_derive_the_tier(t: TestDb) {
    use kechuang_registry::{Certificate, CertificateKind, Tier, tier_on};
    let db = &t.db;
    let (_, county, _) = regions(db).await;
    let sys = Actor::system();
    let code = CreditCode::parse("91110108551385082Q").unwrap();
    let (e, _) = db
        .upsert_enterprise(&sys, &code, fields("辽河新材料科技有限公司", county))
        .await
        .unwrap();
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let hte = Certificate {
        kind: CertificateKind::HighTechEnterprise,
        number: "GR202321000123".into(),
        issued_on: d("2023-12-01"),
        expires_on: d("2026-11-30"),
    };
    let sme = Certificate {
        kind: CertificateKind::TechSme,
        number: "2025211100A0001".into(),
        issued_on: d("2025-05-01"),
        expires_on: d("2025-12-31"),
    };
    assert_eq!(db.add_certificate(&sys, &e, &hte).await.unwrap().1, Upsert::Created);
    assert_eq!(db.add_certificate(&sys, &e, &sme).await.unwrap().1, Upsert::Created);
    assert_eq!(db.add_certificate(&sys, &e, &hte).await.unwrap().1, Upsert::Unchanged);
    let certs: Vec<Certificate> = db
        .certificates_of(e.id)
        .await
        .unwrap()
        .iter()
        .filter_map(|c| c.certificate())
        .collect();
    assert_eq!(tier_on(&certs, d("2025-06-01")), Tier::HighTechEnterprise);
    assert_eq!(tier_on(&certs, d("2026-12-01")), Tier::None);
    let bad = Certificate {
        expires_on: d("2020-01-01"),
        ..hte.clone()
    };
    assert!(matches!(
        db.add_certificate(&sys, &e, &bad).await,
        Err(StoreError::Invalid {
            field: "certificate",
            ..
        })
    ));
}

#[tokio::test]
async fn yearly_facts_upsert_sqlite() {
    yearly_facts_upsert(crate::harness::db("sqlite").await).await
}

#[tokio::test]
async fn yearly_facts_upsert_postgres() {
    yearly_facts_upsert(crate::harness::db("postgres").await).await
}

async fn yearly_facts_upsert(t: TestDb) {
    use kechuang_registry::YearFacts;
    let db = &t.db;
    let (_, county, _) = regions(db).await;
    let sys = Actor::system();
    let code = CreditCode::parse("914403001922038216").unwrap();
    let (e, _) = db
        .upsert_enterprise(&sys, &code, fields("辽河智能装备有限公司", county))
        .await
        .unwrap();
    let year = YearFacts {
        year: 2025,
        employees: 120,
        st_staff: 30,
        revenue_fen: 80_000_000_00,
        high_tech_revenue_fen: 60_000_000_00,
        rd_expense_fen: 4_000_000_00,
        rd_expense_in_china_fen: 4_000_000_00,
        total_assets_fen: 100_000_000_00,
        net_assets_fen: 50_000_000_00,
        invention_patents: 6,
        utility_models: 12,
        software_copyrights: 3,
        pct_applications: 0,
    };
    assert_eq!(db.upsert_facts(&sys, &e, &year).await.unwrap(), Upsert::Created);
    assert_eq!(db.upsert_facts(&sys, &e, &year).await.unwrap(), Upsert::Unchanged);
    let more = YearFacts {
        employees: 130,
        ..year.clone()
    };
    assert_eq!(db.upsert_facts(&sys, &e, &more).await.unwrap(), Upsert::Updated);
    let stored = db.facts_of(e.id).await.unwrap();
    assert_eq!((stored.len(), stored[0].employees, stored[0].version), (1, 130, 2));
    // more S&T staff than employees is refused and nothing changes
    let bad = YearFacts { st_staff: 500, ..year };
    assert!(matches!(
        db.upsert_facts(&sys, &e, &bad).await,
        Err(StoreError::Invalid { field: "st_staff", .. })
    ));
    assert_eq!(db.facts_of(e.id).await.unwrap()[0].st_staff, 30);
}
