//! Bulk import of registry records on SQLite and PostgreSQL: all or nothing,
//! scope, progress, a re-import that writes nothing.
#![cfg(feature = "testing")]

use crate::records_common::*;
use kechuang_registry::store::prelude::*;

kechuang_kernel::both_backends!(crate::harness::db => import_is_all_or_nothing);

fn rows(region_id: i64, names: &[(&str, &str)]) -> Vec<NewRecordRow> {
    names
        .iter()
        .enumerate()
        .map(|(i, (code, name))| NewRecordRow {
            line: i + 2,
            code: code.to_string(),
            fields: RecordFields {
                name: name.to_string(),
                region_id,
                category: "university".into(),
                contact: obj(json!({"phone": format!("0427-{i}")})),
                ..Default::default()
            },
        })
        .collect()
}

async fn import_is_all_or_nothing(t: TestDb) {
    let db = &t.db;
    let r = regions(db).await;
    let sys = Actor::system();
    let seen = Mutex::new(Vec::new());
    let progress = |n: usize| seen.lock().unwrap().push(n);
    let batch = rows(
        r.county,
        &[
            ("121000004", "辽宁石油化工大学盘锦校区"),
            ("121000005", "盘锦职业技术学院"),
            ("121000006", "大连理工大学盘锦校区"),
        ],
    );
    let counts = db
        .import_records(&sys, "institution", Some(7), batch.clone(), &progress)
        .await
        .unwrap();
    assert_eq!((counts.created, counts.updated, counts.unchanged), (3, 0, 0));
    assert_eq!(*seen.lock().unwrap(), [3]);
    let stored = db.record_by_code("institution", "121000005").await.unwrap().unwrap();
    assert_eq!((stored.import_run_id, stored.version), (Some(7), 1));
    assert_eq!(stored.contact_map()["phone"], json!("0427-1"));
    assert_eq!(audit_actions(db, "institution").await, ["import"]);
    // the same file again changes nothing and writes nothing
    let counts = db
        .import_records(&sys, "institution", Some(8), batch.clone(), &progress)
        .await
        .unwrap();
    assert_eq!((counts.created, counts.updated, counts.unchanged), (0, 0, 3));
    assert_eq!(audit_actions(db, "institution").await, ["import"]);
    // one changed row and one new one
    let mut next = batch.clone();
    next[1].fields.name = "盘锦职业技术学院（新校区）".into();
    next.extend(rows(r.county, &[("121000007", "盘锦开放大学")]));
    let counts = db
        .import_records(&sys, "institution", Some(9), next.clone(), &progress)
        .await
        .unwrap();
    assert_eq!((counts.created, counts.updated, counts.unchanged), (1, 1, 2));
    let changed = db.record_by_code("institution", "121000005").await.unwrap().unwrap();
    assert_eq!((changed.version, changed.import_run_id), (2, Some(7)));
    assert_eq!(audit_actions(db, "institution").await, ["import", "update", "import"]);
    // a county officer's batch with one row outside its county writes nothing
    let officer = officer_of(db.region(r.county).await.unwrap().region_path());
    let mut mixed = next.clone();
    mixed[0].fields.name = "改名".into();
    mixed.extend(rows(r.other, &[("121000099", "兴隆台某研究院")]));
    let denied = db
        .import_records(&officer, "institution", Some(10), mixed, &progress)
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden)), "{denied:?}");
    let scope = db.region(r.city).await.unwrap().region_path();
    let (_, n) = db
        .records(
            "institution",
            &kechuang_kernel::scope::Scope::of(&scope),
            &RecordFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 4);
    assert_eq!(
        db.record_by_code("institution", "121000004")
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    // a code twice in one batch, or a bad row, is refused with its line
    let mut twice = next.clone();
    twice.push(twice[0].clone());
    assert!(matches!(
        db.import_records(&sys, "institution", None, twice, &progress).await,
        Err(StoreError::Duplicate { field: "code", .. })
    ));
    let mut bad = next.clone();
    bad[2].fields.name = String::new();
    match db.import_records(&sys, "institution", None, bad, &progress).await {
        Err(StoreError::Invalid { field: "name", message }) => assert!(message.contains("line 4"), "{message}"),
        other => panic!("{other:?}"),
    }
    // a large batch: many rows per statement, progress every 1000 rows
    seen.lock().unwrap().clear();
    let names: Vec<(String, String)> = (0..2500)
        .map(|i| (format!("INV{i:05}"), format!("投资机构{i}")))
        .collect();
    let refs: Vec<(&str, &str)> = names.iter().map(|(c, n)| (c.as_str(), n.as_str())).collect();
    let counts = db
        .import_records(&sys, "investor", Some(11), rows(r.other, &refs), &progress)
        .await
        .unwrap();
    assert_eq!(counts.created, 2500);
    assert_eq!(*seen.lock().unwrap(), [1000, 2000, 2500]);
    let inv = db.record_by_code("investor", "INV02499").await.unwrap().unwrap();
    assert_eq!((inv.name.as_str(), inv.region_id), ("投资机构2499", r.other));
    // the table is part of backups
    let mut buf = Vec::new();
    assert_eq!(
        db.backup(&mut buf, kechuang_registry::schema::SCHEMAS).await.unwrap()["registry_records"],
        2504
    );
}
