//! Indicators on SQLite and PostgreSQL: figures counted from the registry
//! and the contracts, rolled up to the city and groups; entered statistics
//! checked, scoped, versioned and audited; a plan metric that follows the
//! registry when a certificate is added.

use chrono::NaiveDate;
use kechuang_indicators::catalogue::IndicatorKey::{self, *};
use kechuang_indicators::figures::{Area, Book};
use kechuang_indicators::store::inputs::NewInput;
use kechuang_indicators::store::prelude::*;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::region::{RegionLevel, RegionPath};
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::scope::Scope;
use kechuang_kernel::testing::{TestDb, region};
use kechuang_kernel::{Db, StoreError};
use kechuang_registry::certificate::CertificateKind;
use kechuang_registry::store::prelude::*;

kechuang_kernel::both_backends!(db =>
    figures_are_counted_from_the_records,
    entered_figures_are_checked_scoped_versioned_and_audited,
    groups_add_their_members,
    a_plan_metric_follows_the_registry,
);

async fn db(backend: &str) -> TestDb {
    TestDb::with(backend, kechuang_indicators::schema::SCHEMAS).await
}

const YEAR: i32 = 2025;

struct World {
    city: i64,
    city_path: String,
    a: i64,
    a_path: String,
    b: i64,
}

async fn world(db: &Db) -> World {
    let (city, city_path) = region(db, "131000", RegionLevel::City, None).await;
    let (a, a_path) = region(db, "131022", RegionLevel::County, Some(city)).await;
    let (b, _) = region(db, "131023", RegionLevel::County, Some(city)).await;
    World {
        city,
        city_path,
        a,
        a_path,
        b,
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A firm in `region` holding an HTE certificate over `issued..=expires`.
async fn firm(db: &Db, i: usize, region: i64, issued: &str, expires: &str) -> kechuang_registry::store::Enterprise {
    let sys = Actor::system();
    let code =
        kechuang_kernel::credit_code::CreditCode::parse(&kechuang_shell::testing::test_code(i as u32 + 31)).unwrap();
    let (ent, _) = db
        .upsert_enterprise(
            &sys,
            &code,
            kechuang_registry::store::EnterpriseFields {
                name: format!("测试{i}科技有限公司"),
                former_names: "[]".into(),
                chain_tags: "[]".into(),
                region_id: region,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    cert(db, &ent, &format!("GR{i}01"), issued, expires).await;
    ent
}

async fn cert(db: &Db, ent: &kechuang_registry::store::Enterprise, number: &str, issued: &str, expires: &str) {
    db.add_certificate(
        &Actor::system(),
        ent,
        &kechuang_registry::Certificate {
            kind: CertificateKind::HighTechEnterprise,
            number: number.into(),
            issued_on: d(issued),
            expires_on: d(expires),
        },
    )
    .await
    .unwrap();
}

async fn book(db: &Db, w: &World) -> Book {
    db.book(
        &RegionPath::from_stored(w.city_path.clone()),
        &[YEAR - 1, YEAR],
        d("2026-03-01"),
    )
    .await
    .unwrap()
}

fn value(b: &Book, key: IndicatorKey, area: &Area, year: i32) -> Option<f64> {
    b.figure(key, area, year).value
}

async fn enter(
    db: &Db,
    actor: &Actor,
    scope: &Scope,
    region: i64,
    key: IndicatorKey,
    v: &str,
) -> Result<i64, StoreError> {
    db.set_input(
        actor,
        scope,
        &NewInput {
            region_id: region,
            year: YEAR as i64,
            indicator: key,
            value: v.into(),
            source: "2025年统计公报".into(),
            note: String::new(),
            version: None,
        },
    )
    .await
}

async fn figures_are_counted_from_the_records(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    // valid on 31 December: counts; expiring on 30 December: does not
    let a = firm(db, 0, w.a, "2024-03-01", "2027-02-28").await;
    firm(db, 1, w.b, "2022-12-31", "2025-12-30").await;
    let mut facts = kechuang_registry::YearFacts {
        year: YEAR,
        ..Default::default()
    };
    facts.rd_expense_fen = 100_000_000 * 100; // 1 亿元
    facts.invention_patents = 12;
    facts.employees = 10;
    db.upsert_facts(&Actor::system(), &a, &facts).await.unwrap();
    let sys = Actor::system();
    let all = Scope::everything();
    enter(db, &sys, &all, w.a, Gdp, "100").await.unwrap();
    enter(db, &sys, &all, w.b, Gdp, "200").await.unwrap();
    let b = book(db, &w).await;
    let city = Area::Region(w.city);
    assert_eq!(value(&b, HteHeld, &city, YEAR), Some(1.0));
    assert_eq!(value(&b, HteHeld, &city, YEAR - 1), Some(2.0));
    assert_eq!(value(&b, HteNew, &Area::Region(w.a), YEAR - 1), Some(1.0));
    assert_eq!(value(&b, HteNew, &city, YEAR), Some(0.0));
    assert_eq!(value(&b, RdExpense, &city, YEAR), Some(10_000.0), "万元");
    assert_eq!(value(&b, InventionPatents, &Area::Region(w.b), YEAR), Some(0.0));
    // 1 亿 over 300 亿 = 0.33 %
    let intensity = b.figure(RdIntensity, &city, YEAR);
    assert_eq!(intensity.value, Some(0.33));
    assert_eq!(intensity.used.len(), 2, "both counties' GDP, with their sources");
    assert_eq!(intensity.used[0].entry.source, "2025年统计公报");
    // no contract anywhere: no turnover figure, and it says why
    let turnover = b.figure(ContractTurnover, &city, YEAR);
    assert_eq!(turnover.value, None);
    assert!(turnover.missing[0].contains("无记录"));
}

async fn entered_figures_are_checked_scoped_versioned_and_audited(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let mut officer = Principal::public();
    officer.user_id = Some(7);
    officer.username = "county".into();
    officer.role = Role::CountyOfficer;
    officer.region_id = Some(w.a);
    officer.scope = Some(RegionPath::from_stored(w.a_path.clone()));
    let actor = Actor::new(officer.clone(), None);
    let scope = officer.scope().unwrap();
    // another county is out of scope
    assert!(matches!(
        enter(db, &actor, &scope, w.b, Gdp, "1").await,
        Err(StoreError::Forbidden)
    ));
    // a computed indicator is not entered; a bad value names its field
    let e = enter(db, &actor, &scope, w.a, HteHeld, "1").await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "indicator", .. }), "{e}");
    let e = enter(db, &actor, &scope, w.a, Gdp, "-3").await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "value", .. }), "{e}");
    let e = db
        .set_input(
            &actor,
            &scope,
            &NewInput {
                region_id: w.a,
                year: YEAR as i64,
                indicator: Gdp,
                value: "5".into(),
                source: "  ".into(),
                note: String::new(),
                version: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid { field: "source", .. }), "{e}");
    assert!(db.inputs(&scope).await.unwrap().is_empty(), "nothing written");
    let id = enter(db, &actor, &scope, w.a, Gdp, "1,234.5").await.unwrap();
    let row = db.input(id).await.unwrap();
    assert_eq!((row.value.as_str(), row.entered_by.as_str()), ("1234.5", "county"));
    // a change under a stale version is refused; under the current one it lands
    let change = |version| NewInput {
        region_id: w.a,
        year: YEAR as i64,
        indicator: Gdp,
        value: "1300".into(),
        source: "2025年统计公报（修订）".into(),
        note: String::new(),
        version: Some(version),
    };
    assert!(matches!(
        db.set_input(&actor, &scope, &change(row.version + 1)).await,
        Err(StoreError::Conflict { .. })
    ));
    db.set_input(&actor, &scope, &change(row.version)).await.unwrap();
    let row = db.input(id).await.unwrap();
    assert_eq!(row.value, "1300");
    db.delete_input(&actor, &scope, id, row.version).await.unwrap();
    let log = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("indicator_input".into()),
                limit: 10,
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.len(), 3, "created, changed, deleted");
}

async fn groups_add_their_members(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    firm(db, 0, w.a, "2024-03-01", "2027-02-28").await;
    firm(db, 1, w.b, "2024-03-01", "2027-02-28").await;
    let sys = Actor::system();
    let city = Scope::everything()
        .narrow(&RegionPath::from_stored(w.city_path.clone()))
        .unwrap();
    let id = db.create_group(&sys, &city, "示范区", &[w.a, w.b]).await.unwrap();
    assert!(matches!(
        db.create_group(&sys, &city, "示范区", &[w.a, w.b]).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(matches!(
        db.create_group(&sys, &city, "单个", &[w.a]).await,
        Err(StoreError::Invalid { field: "members", .. })
    ));
    let groups = db.groups(&city).await.unwrap();
    assert_eq!(groups.len(), 1);
    let b = book(db, &w).await;
    let g = Area::Group {
        name: groups[0].name.clone(),
        members: groups[0].members.clone(),
    };
    assert_eq!(value(&b, HteHeld, &g, YEAR), Some(2.0));
    // a county sees no group reaching beyond it
    let county = Scope::everything()
        .narrow(&RegionPath::from_stored(w.a_path.clone()))
        .unwrap();
    assert!(db.groups(&county).await.unwrap().is_empty());
    db.delete_group(&sys, &city, id, groups[0].version).await.unwrap();
    assert!(db.groups(&city).await.unwrap().is_empty());
}

async fn a_plan_metric_follows_the_registry(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let a = firm(db, 0, w.a, "2024-03-01", "2027-02-28").await;
    let from = d("2025-01-01");
    let to = d("2025-12-31");
    let v = |key| kechuang_indicators::metrics::value(db, key, &w.city_path, from, to);
    assert_eq!(v(HteHeld).await.unwrap(), Some(1.0));
    assert_eq!(v(HteNew).await.unwrap(), Some(0.0));
    let ent = firm(db, 1, w.b, "2025-06-01", "2028-05-31").await;
    assert_eq!(
        v(HteHeld).await.unwrap(),
        Some(2.0),
        "the new certificate counts at once"
    );
    assert_eq!(v(HteNew).await.unwrap(), Some(1.0));
    // a second certificate of the same firm does not count it twice
    cert(db, &ent, "GR9", "2025-07-01", "2028-06-30").await;
    assert_eq!(v(HteHeld).await.unwrap(), Some(2.0));
    // a figure of the year: none without the entered GDP, then the sum of the counties
    assert_eq!(v(Gdp).await.unwrap(), None);
    let all = Scope::everything();
    enter(db, &Actor::system(), &all, w.a, Gdp, "100").await.unwrap();
    enter(db, &Actor::system(), &all, w.b, Gdp, "50.5").await.unwrap();
    assert_eq!(v(Gdp).await.unwrap(), Some(150.5));
    let mut facts = kechuang_registry::YearFacts {
        year: YEAR,
        ..Default::default()
    };
    facts.rd_expense_fen = 100_000_000 * 100;
    facts.employees = 10;
    db.upsert_facts(&Actor::system(), &a, &facts).await.unwrap();
    assert_eq!(v(RdIntensity).await.unwrap(), Some(0.66));
}
