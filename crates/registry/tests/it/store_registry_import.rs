//! Bulk imports of enterprises, yearly facts and certificates on SQLite and
//! PostgreSQL: all or nothing, a re-import writes nothing, scope holds.

use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::credit_code::{CreditCode, compute_check_char, compute_organisation_check_char};
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::{Db, StoreError};
use kechuang_registry::store::certificates::CertificateRow;
use kechuang_registry::store::facts::FactsRow;
use kechuang_registry::store::prelude::*;
use kechuang_registry::store::{EnterpriseFields, EnterpriseFilter, EnterpriseRow, Feed, ImportCounts};
use kechuang_registry::{Certificate, CertificateKind, YearFacts};

kechuang_kernel::both_backends!(crate::harness::db =>
    enterprises_all_or_nothing,
    facts_and_certificates,
    a_feed_commits_only_on_done,
    an_interrupted_run_can_be_started_again
);

/// A run is started once; while its instance beats, no one else can start
/// it; when the beats stop (the instance was killed), it can be started
/// again from anywhere.
async fn an_interrupted_run_can_be_started_again(t: TestDb) {
    let db = &t.db;
    let run = db
        .create_import_run(
            &Actor::system(),
            kechuang_registry::store::imports::NewRun {
                kind: "enterprises".into(),
                file_name: "企业.csv".into(),
                sha256: "0".repeat(64),
                total_rows: 1,
                error_count: 0,
                warning_count: 0,
                report_json: "[]".into(),
                bytes: b"x".to_vec(),
            },
        )
        .await
        .unwrap();
    db.start_import_run(run.id, run.version).await.unwrap();
    let running = db.import_run(run.id).await.unwrap();
    assert!(matches!(
        db.start_import_run(run.id, running.version).await,
        Err(StoreError::Conflict { .. })
    ));
    db.touch_import_run(run.id).await.unwrap();
    assert!(
        db.start_import_run(run.id, running.version).await.is_err(),
        "still beating"
    );
    // the last beat was long ago: the instance is gone
    let long_ago = kechuang_kernel::now() - chrono::Duration::seconds(600);
    kechuang_kernel::with_db!(db, |p| sqlx::query(
        "UPDATE import_runs SET updated_at = $1 WHERE id = $2"
    )
    .bind(long_ago)
    .bind(run.id)
    .execute(p)
    .await
    .map(|_| ())
    .unwrap());
    db.start_import_run(run.id, running.version).await.unwrap();
    assert_eq!(db.import_run(run.id).await.unwrap().version, running.version + 1);
}

/// The indexes of `enterprises` as SQLite stores them (name and DDL).
async fn sqlite_indexes(db: &Db) -> Vec<(String, Option<String>)> {
    let Db::Sqlite(pool) = db else { panic!("SQLite only") };
    sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// An import into the empty table builds the secondary indexes after the
/// rows; they come back exactly as the migrations made them, also when the
/// import fails, and the planner keeps using them.
#[tokio::test]
async fn deferred_indexes_come_back_as_migrated() {
    let t = crate::harness::db("sqlite").await;
    let db = &t.db;
    let (county, _) = regions(db).await;
    let sys = Actor::system();
    let none = |_: usize| {};
    let migrated = sqlite_indexes(db).await;
    assert!(
        migrated.iter().any(|(n, _)| n == "enterprises_name_norm"),
        "{migrated:?}"
    );
    let mut bad: Vec<EnterpriseRow> = (0..600).map(|n| row(n, county)).collect();
    bad.push(row(5, county));
    assert!(db.import_enterprises(&sys, None, bad, &none).await.is_err());
    assert_eq!(
        sqlite_indexes(db).await,
        migrated,
        "a failed import leaves them as they were"
    );
    let rows: Vec<EnterpriseRow> = (0..600).map(|n| row(n, county)).collect();
    db.import_enterprises(&sys, None, rows, &none).await.unwrap();
    assert_eq!(sqlite_indexes(db).await, migrated);
    let Db::Sqlite(pool) = db else { unreachable!() };
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "EXPLAIN QUERY PLAN SELECT id FROM enterprises WHERE merged_into IS NULL ORDER BY name_norm, id LIMIT 5",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(plan.iter().any(|p| p.3.contains("enterprises_name_norm")), "{plan:?}");
}

/// A valid credit code for test firm `n`.
fn code(n: u32) -> CreditCode {
    let org8 = format!("{:08}", 10_000_000 + n);
    let org = format!("{org8}{}", compute_organisation_check_char(&org8).unwrap());
    let first17 = format!("91211100{org}");
    CreditCode::parse(&format!("{first17}{}", compute_check_char(&first17).unwrap())).unwrap()
}

async fn regions(db: &Db) -> (i64, i64) {
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
    (county, other)
}

fn row(n: u32, region_id: i64) -> EnterpriseRow {
    EnterpriseRow {
        line: n as usize + 2,
        code: code(n),
        fields: EnterpriseFields {
            name: format!("盘锦测试{n}号科技有限公司"),
            former_names: "[]".into(),
            region_id,
            chain_tags: "[\"石化及精细化工\"]".into(),
            size: "small".into(),
            ..Default::default()
        },
    }
}

fn officer(region: i64) -> Actor {
    let mut p = Principal::system(Some(kechuang_kernel::region::RegionPath::from_stored(
        "/211100/211122/".into(),
    )));
    p.role = Role::CountyOfficer;
    p.user_id = Some(99);
    p.region_id = Some(region);
    Actor::new(p, None)
}

async fn total(db: &Db) -> i64 {
    let scope = kechuang_kernel::region::RegionPath::from_stored("/211100/".into());
    db.enterprises(
        &kechuang_kernel::scope::Scope::of(&scope),
        &EnterpriseFilter {
            limit: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .1
}

async fn enterprises_all_or_nothing(t: TestDb) {
    let db = &t.db;
    let (county, other) = regions(db).await;
    let sys = Actor::system();
    let none = |_: usize| {};
    // 1,203 rows: several multi-row chunks plus a remainder
    let rows: Vec<EnterpriseRow> = (0..1203).map(|n| row(n, county)).collect();
    let counts = db.import_enterprises(&sys, Some(7), rows.clone(), &none).await.unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            created: 1203,
            updated: 0,
            unchanged: 0
        }
    );
    assert_eq!(total(db).await, 1203);
    let e = db.enterprise_by_code(&code(5)).await.unwrap().unwrap();
    assert_eq!((e.import_run_id, e.size.as_str(), e.version), (Some(7), "small", 1));
    // re-import: nothing written, no per-row audit entries
    let audits = |db: &Db| {
        let db = db.clone();
        async move {
            db.audit_entries(
                None,
                &AuditFilter {
                    entity: Some("enterprise".into()),
                    limit: 5000,
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .len()
        }
    };
    let before = audits(db).await;
    let again = db.import_enterprises(&sys, Some(8), rows.clone(), &none).await.unwrap();
    assert_eq!(
        again,
        ImportCounts {
            created: 0,
            updated: 0,
            unchanged: 1203
        }
    );
    assert_eq!(audits(db).await, before);
    // one changed row among new ones (small file: batched look-up path)
    let mut changed = row(5, county);
    changed.fields.name = "盘锦测试五号科技股份有限公司".into();
    let counts = db
        .import_enterprises(&sys, None, vec![changed, row(5000, county)], &none)
        .await
        .unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            created: 1,
            updated: 1,
            unchanged: 0
        }
    );
    assert_eq!(audits(db).await, before + 1);
    let e = db.enterprise_by_code(&code(5)).await.unwrap().unwrap();
    assert_eq!(
        (e.name.as_str(), e.version, e.import_run_id),
        ("盘锦测试五号科技股份有限公司", 2, Some(7))
    );
    // a code twice in one file names the row; nothing written
    let dup = vec![
        row(6000, county),
        row(6001, county),
        EnterpriseRow {
            line: 9,
            ..row(6000, county)
        },
    ];
    let err = db.import_enterprises(&sys, None, dup, &none).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { field: "credit_code", message } if message.contains("第 9 行")),
        "{err:?}"
    );
    assert_eq!(total(db).await, 1204);
    // a county officer cannot import into another county: nothing written
    let mixed = vec![row(7000, county), row(7001, other)];
    let err = db
        .import_enterprises(&officer(county), None, mixed, &none)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden), "{err:?}");
    assert_eq!(total(db).await, 1204);
    // … nor change a record of another county through its own file
    db.import_enterprises(&sys, None, vec![row(7002, other)], &none)
        .await
        .unwrap();
    let err = db
        .import_enterprises(&officer(county), None, vec![row(7002, county)], &none)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden), "{err:?}");
    // bad fields name the row
    let mut bad = row(8000, county);
    bad.fields.founded_on = Some("2020/1/1".into());
    let err = db
        .import_enterprises(&sys, None, vec![row(8001, county), bad], &none)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { field: "founded_on", message } if message.contains("row 8002")),
        "{err:?}"
    );
    assert_eq!(total(db).await, 1205);
}

fn facts(year: i32, employees: i64) -> YearFacts {
    YearFacts {
        year,
        employees,
        st_staff: 10,
        revenue_fen: 5_000_000_00,
        high_tech_revenue_fen: 3_000_000_00,
        rd_expense_fen: 300_000_00,
        rd_expense_in_china_fen: 300_000_00,
        total_assets_fen: 8_000_000_00,
        net_assets_fen: 4_000_000_00,
        invention_patents: 2,
        utility_models: 5,
        software_copyrights: 1,
        pct_applications: 0,
    }
}

async fn facts_and_certificates(t: TestDb) {
    let db = &t.db;
    let (county, _) = regions(db).await;
    let sys = Actor::system();
    let none = |_: usize| {};
    db.import_enterprises(&sys, None, vec![row(1, county), row(2, county)], &none)
        .await
        .unwrap();
    let c1 = code(1).as_str().to_owned();
    let c2 = code(2).as_str().to_owned();
    let fr = |line, code: &str, f| FactsRow {
        line,
        code: code.to_owned(),
        facts: f,
    };
    let rows = vec![
        fr(2, &c1, facts(2024, 50)),
        fr(3, &c1, facts(2025, 60)),
        fr(4, &c2, facts(2025, 20)),
    ];
    let counts = db.import_facts(&sys, None, rows.clone(), &none).await.unwrap();
    assert_eq!(
        counts,
        ImportCounts {
            created: 3,
            updated: 0,
            unchanged: 0
        }
    );
    let counts = db.import_facts(&sys, None, rows, &none).await.unwrap();
    assert_eq!(counts.unchanged, 3);
    let counts = db
        .import_facts(&sys, None, vec![fr(2, &c1, facts(2025, 65))], &none)
        .await
        .unwrap();
    assert_eq!(counts.updated, 1);
    // an unregistered enterprise names the row; nothing from the file is written
    let stranger = code(99).as_str().to_owned();
    assert_eq!(
        db.unregistered_codes(&[&c1, &stranger]).await.unwrap(),
        vec![stranger.clone()]
    );
    let err = db
        .import_facts(
            &sys,
            None,
            vec![fr(2, &c2, facts(2024, 11)), fr(3, &stranger, facts(2025, 11))],
            &none,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { message, .. } if message.contains("第 3 行")),
        "{err:?}"
    );
    let e2 = db.enterprise_by_code(&code(2)).await.unwrap().unwrap();
    assert_eq!(db.facts_of(e2.id).await.unwrap().len(), 1);

    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let cert = |number: &str, issued: &str, expires: &str| Certificate {
        kind: CertificateKind::HighTechEnterprise,
        number: number.into(),
        issued_on: d(issued),
        expires_on: d(expires),
    };
    let cr = |line, code: &str, c| CertificateRow {
        line,
        code: code.to_owned(),
        certificate: c,
    };
    let rows = vec![cr(2, &c1, cert("GR2024211000001", "2024-12-01", "2027-11-30"))];
    assert_eq!(
        db.import_certificates(&sys, None, rows.clone(), &none)
            .await
            .unwrap()
            .created,
        1
    );
    assert_eq!(
        db.import_certificates(&sys, None, rows, &none).await.unwrap().unchanged,
        1
    );
    let moved = vec![cr(5, &c2, cert("GR2024211000001", "2024-12-01", "2027-11-30"))];
    let err = db.import_certificates(&sys, None, moved, &none).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { field: "number", message } if message.contains("第 5 行")),
        "{err:?}"
    );
    let e1 = db.enterprise_by_code(&code(1)).await.unwrap().unwrap();
    let filter = EnterpriseFilter {
        certificate: Some("high_tech_enterprise".into()),
        on: Some("2025-06-01".into()),
        limit: 10,
        ..Default::default()
    };
    let scope = kechuang_kernel::region::RegionPath::from_stored("/211100/".into());
    let (hte, n) = db
        .enterprises(&kechuang_kernel::scope::Scope::of(&scope), &filter)
        .await
        .unwrap();
    assert_eq!((n, hte[0].id), (1, e1.id));
}

/// A streaming import writes batches as they arrive but keeps them only when
/// the feed says `Done`; a feed that just stops (the reader failed or found
/// errors) leaves nothing, and the next import sees an empty table.
async fn a_feed_commits_only_on_done(t: TestDb) {
    let db = &t.db;
    let (county, _) = regions(db).await;
    let sys = Actor::system();
    let none = |_: usize| {};
    let held = match db {
        Db::Postgres(pool) => Some(pool.acquire().await.unwrap()),
        Db::Sqlite(_) => None,
    };
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let writer = db.import_enterprises_feed(&sys, None, rx, &none);
    let feeder = async move {
        for b in 0..3 {
            let batch = (b * 700..(b + 1) * 700).map(|n| row(n, county)).collect();
            tx.send(Feed::Rows(batch)).await.unwrap();
        }
        // dropped without Done
    };
    let (written, ()) = tokio::join!(writer, feeder);
    assert!(
        matches!(written, Err(StoreError::Invalid { field: "file", .. })),
        "{written:?}"
    );
    // The aborted transaction is rolled back at once, not when its pooled
    // connection is next used: from another connection (held since before
    // the import) nothing keeps a lock on the table.
    if let Some(mut other) = held {
        for sql in [
            "BEGIN",
            "LOCK TABLE enterprises IN ACCESS EXCLUSIVE MODE NOWAIT",
            "ROLLBACK",
        ] {
            sqlx::query(sql)
                .execute(&mut *other)
                .await
                .expect("no lock left behind by the aborted import");
        }
    }
    assert_eq!(total(db).await, 0);

    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let writer = db.import_enterprises_feed(&sys, Some(3), rx, &none);
    let feeder = async move {
        for b in 0..3 {
            let batch = (b * 700..(b + 1) * 700).map(|n| row(n, county)).collect();
            tx.send(Feed::Rows(batch)).await.unwrap();
        }
        tx.send(Feed::Done).await.unwrap();
    };
    let (written, ()) = tokio::join!(writer, feeder);
    assert_eq!(written.unwrap().created, 2_100);
    assert_eq!(total(db).await, 2_100);
}
