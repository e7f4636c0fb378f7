//! Registry records (platforms, experts, institutions, service agencies,
//! investors) on SQLite and PostgreSQL: idempotent upsert, versioned and
//! audited edits, scope, filters, counts.
#![cfg(feature = "testing")]

use crate::records_common::*;
use kechuang_registry::store::prelude::*;

kechuang_kernel::both_backends!(crate::harness::db =>
    upsert_is_idempotent_versioned_and_audited,
    writes_are_scoped_and_checked,
    filters_sort_and_page,
    counts_group_by_region_category_level,
);

async fn upsert_is_idempotent_versioned_and_audited(t: TestDb) {
    let db = &t.db;
    let r = regions(db).await;
    let sys = Actor::system();
    let f = platform(
        "盘锦市新材料工程技术研究中心",
        r.county,
        "engineering_center",
        "provincial",
        &["新材料"],
    );
    let (p, what) = db.upsert_record(&sys, "platform", "PT-001", f.clone()).await.unwrap();
    assert_eq!((what, p.version, p.kind.as_str()), (Upsert::Created, 1, "platform"));
    assert_eq!((p.fields(), p.import_run_id), (f.clone(), None));
    assert_eq!(p.region_name, "盘山县");
    assert_eq!(p.contact_map()["phone"], json!("13900000000"));
    // the same data again (with stray spaces) writes nothing
    let padded = RecordFields {
        name: format!("  {}  ", f.name),
        chain_tags: vec![" 新材料 ".into(), "新材料".into()],
        ..f.clone()
    };
    let (same, again) = db.upsert_record(&sys, "platform", " PT-001 ", padded).await.unwrap();
    assert_eq!((again, same.version), (Upsert::Unchanged, 1));
    assert_eq!(audit_actions(db, "platform").await, ["create"]);
    // an edit bumps the version and logs before and after
    let edited = RecordFields {
        level: "national".into(),
        ..f.clone()
    };
    let p2 = db
        .update_record(&sys, "platform", p.id, 1, edited.clone())
        .await
        .unwrap();
    assert_eq!((p2.version, p2.level.as_str()), (2, "national"));
    let log = db
        .audit_entries(
            None,
            &AuditFilter {
                entity: Some("platform".into()),
                entity_id: Some("PT-001".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log[0].action, "update");
    assert!(log[0].before_json.as_deref().unwrap().contains("provincial"));
    assert!(log[0].after_json.as_deref().unwrap().contains("national"));
    // a stale version is a conflict and changes nothing
    let stale = db
        .update_record(
            &sys,
            "platform",
            p.id,
            1,
            RecordFields {
                level: "city".into(),
                ..f.clone()
            },
        )
        .await;
    assert!(
        matches!(
            stale,
            Err(StoreError::Conflict {
                current: 2,
                submitted: 1,
                ..
            })
        ),
        "{stale:?}"
    );
    assert!(matches!(
        db.delete_record(&sys, "platform", p.id, 1).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(db.record("platform", p.id).await.unwrap(), p2);
    assert_eq!(audit_actions(db, "platform").await, ["update", "create"]);
    // an upsert of changed data updates
    let (p3, what) = db.upsert_record(&sys, "platform", "PT-001", f.clone()).await.unwrap();
    assert_eq!(
        (what, p3.version, p3.level.as_str()),
        (Upsert::Updated, 3, "provincial")
    );
    // the same code under another kind is another record
    let (e, what) = db
        .upsert_record(&sys, "expert", "PT-001", expert("王教授", r.city, "local"))
        .await
        .unwrap();
    assert_eq!(what, Upsert::Created);
    assert_ne!(e.id, p.id);
    assert!(matches!(
        db.record("expert", p.id).await,
        Err(StoreError::NotFound { .. })
    ));
    db.delete_record(&sys, "platform", p.id, 3).await.unwrap();
    assert!(db.record_by_code("platform", "PT-001").await.unwrap().is_none());
    assert_eq!(
        audit_actions(db, "platform").await,
        ["delete", "update", "update", "create"]
    );
}

async fn writes_are_scoped_and_checked(t: TestDb) {
    let db = &t.db;
    let r = regions(db).await;
    let sys = Actor::system();
    let officer = officer_of(db.region(r.other).await.unwrap().region_path());
    // not in the officer's county: refused, nothing written
    let denied = db
        .upsert_record(&officer, "expert", "EX-1", expert("张三", r.county, "local"))
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden)), "{denied:?}");
    assert!(db.record_by_code("expert", "EX-1").await.unwrap().is_none());
    // in its county: allowed
    let (mine, _) = db
        .upsert_record(&officer, "expert", "EX-2", expert("李四", r.other, "abroad"))
        .await
        .unwrap();
    // moving its own record out of the county is refused
    let moved = db
        .update_record(&officer, "expert", mine.id, 1, expert("李四", r.county, "abroad"))
        .await;
    assert!(matches!(moved, Err(StoreError::Forbidden)), "{moved:?}");
    // a record of another county cannot be edited, deleted or taken over
    let (theirs, _) = db
        .upsert_record(&sys, "expert", "EX-3", expert("王五", r.county, "local"))
        .await
        .unwrap();
    for res in [
        db.update_record(&officer, "expert", theirs.id, 1, expert("王五", r.county, "elsewhere"))
            .await
            .map(|_| ()),
        db.delete_record(&officer, "expert", theirs.id, 1).await,
        db.upsert_record(&officer, "expert", "EX-3", expert("王五", r.other, "local"))
            .await
            .map(|_| ()),
    ] {
        assert!(matches!(res, Err(StoreError::Forbidden)), "{res:?}");
    }
    assert_eq!(db.record("expert", theirs.id).await.unwrap(), theirs);
    // bad input names the field
    let bad = [
        db.upsert_record(&sys, "robot", "X", expert("x", r.city, "")).await,
        db.upsert_record(&sys, "expert", "X", expert(" ", r.city, "")).await,
        db.upsert_record(&sys, "expert", "", expert("x", r.city, "")).await,
        db.upsert_record(&sys, "expert", "X", expert("x", 9999, "")).await,
        db.upsert_record(
            &sys,
            "expert",
            "X",
            RecordFields {
                chain_tags: vec!["".into()],
                ..expert("x", r.city, "")
            },
        )
        .await,
        db.upsert_record(
            &sys,
            "expert",
            "X",
            RecordFields {
                attrs: obj(json!({"": 1})),
                ..expert("x", r.city, "")
            },
        )
        .await,
    ];
    let fields: Vec<&str> = bad
        .iter()
        .map(|b| match b {
            Err(StoreError::Invalid { field, .. }) => *field,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(fields, ["kind", "name", "code", "region_id", "chain_tags", "attrs"]);
    assert!(matches!(
        db.records(
            "robot",
            &kechuang_kernel::scope::Scope::of(&RegionPath::from_stored("/".into())),
            &RecordFilter::default()
        )
        .await,
        Err(StoreError::Invalid { field: "kind", .. })
    ));
}

async fn filters_sort_and_page(t: TestDb) {
    let db = &t.db;
    let r = regions(db).await;
    let sys = Actor::system();
    for (code, f) in [
        (
            "P3",
            platform(
                "盤錦石化重點實驗室",
                r.county,
                "key_lab",
                "provincial",
                &["石化", "新材料"],
            ),
        ),
        (
            "P1",
            platform("辽河油田技术中心", r.other, "tech_center", "city", &["石化"]),
        ),
        (
            "P2",
            platform("盘锦新材料中试基地", r.county, "pilot_base", "provincial", &["新材料"]),
        ),
        (
            "P4",
            platform("兴隆台数字经济孵化器", r.other, "incubator", "national", &["数字经济"]),
        ),
        ("P5", platform("盘锦市检验检测中心", r.city, "key_lab", "city", &[])),
    ] {
        db.upsert_record(&sys, "platform", code, f).await.unwrap();
    }
    db.upsert_record(&sys, "expert", "E1", expert("盘锦专家", r.city, "local"))
        .await
        .unwrap();
    let scope = db.region(r.city).await.unwrap().region_path();
    let find = async |f: RecordFilter| {
        let (list, total) = db
            .records(
                "platform",
                &kechuang_kernel::scope::Scope::of(&scope),
                &RecordFilter { limit: 100, ..f },
            )
            .await
            .unwrap();
        (list.into_iter().map(|x| x.code).collect::<Vec<_>>(), total)
    };
    let codes = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // default order is by name; other kinds are not listed
    let (all, n) = find(RecordFilter::default()).await;
    assert_eq!(n, 5);
    assert_eq!(all.len(), 5);
    let (by_code, _) = find(RecordFilter {
        sort: RecordSort::Code,
        ..Default::default()
    })
    .await;
    assert_eq!(by_code, codes(&["P1", "P2", "P3", "P4", "P5"]));
    let (by_region, _) = find(RecordFilter {
        sort: RecordSort::Region,
        ..Default::default()
    })
    .await;
    // /211100/ first, then /211100/211103/ (兴隆台), then /211100/211122/ (盘山)
    assert_eq!(by_region[0], "P5");
    assert_eq!(
        by_region[1..3]
            .iter()
            .filter(|c| ["P1", "P4"].contains(&c.as_str()))
            .count(),
        2
    );
    assert_eq!(
        by_region[3..5]
            .iter()
            .filter(|c| ["P2", "P3"].contains(&c.as_str()))
            .count(),
        2
    );
    // P4 changed last
    db.upsert_record(
        &sys,
        "platform",
        "P4",
        platform("兴隆台数字经济孵化器", r.other, "incubator", "national", &["数字"]),
    )
    .await
    .unwrap();
    let (recent, _) = find(RecordFilter {
        sort: RecordSort::UpdatedDesc,
        ..Default::default()
    })
    .await;
    assert_eq!(recent[0], "P4");
    // filters
    let one = |category: Option<&str>, level: Option<&str>, chain: Option<&str>| RecordFilter {
        category: category.map(Into::into),
        level: level.map(Into::into),
        chain: chain.map(Into::into),
        sort: RecordSort::Code,
        ..Default::default()
    };
    assert_eq!(find(one(Some("key_lab"), None, None)).await, (codes(&["P3", "P5"]), 2));
    assert_eq!(
        find(one(Some("key_lab"), Some("city"), None)).await,
        (codes(&["P5"]), 1)
    );
    assert_eq!(
        find(one(None, Some("provincial"), None)).await,
        (codes(&["P2", "P3"]), 2)
    );
    assert_eq!(find(one(None, None, Some("新材料"))).await, (codes(&["P2", "P3"]), 2));
    // a tag matches whole: "数字" is not "数字经济"
    assert_eq!(find(one(None, None, Some("数字"))).await, (codes(&["P4"]), 1));
    assert_eq!(find(one(None, None, Some("数字经济"))).await.1, 0);
    // Simplified finds Traditional and back; codes are found too
    for (q, want) in [
        ("盘锦", vec!["P2", "P3", "P5"]),
        ("盤錦", vec!["P2", "P3", "P5"]),
        ("重点实验室", vec!["P3"]),
        ("p1", vec!["P1"]),
    ] {
        let f = RecordFilter {
            query: Some(q.into()),
            sort: RecordSort::Code,
            ..Default::default()
        };
        assert_eq!(find(f).await, (codes(&want), want.len() as i64), "{q}");
    }
    // region subtree: the city covers both counties, a county only itself
    let region = |id| RecordFilter {
        region_id: Some(id),
        sort: RecordSort::Code,
        ..Default::default()
    };
    assert_eq!(find(region(r.city)).await.1, 5);
    assert_eq!(find(region(r.county)).await, (codes(&["P2", "P3"]), 2));
    // the scope limits as well
    let county_scope = db.region(r.other).await.unwrap().region_path();
    let (list, n) = db
        .records(
            "platform",
            &kechuang_kernel::scope::Scope::of(&county_scope),
            &RecordFilter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((list.len(), n), (2, 2));
    // experts by home area
    let (experts, n) = db
        .records(
            "expert",
            &kechuang_kernel::scope::Scope::of(&scope),
            &RecordFilter {
                area: Some("local".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((experts.len(), n, experts[0].code.as_str()), (1, 1, "E1"));
    // paging keeps the total
    let page = RecordFilter {
        sort: RecordSort::Code,
        offset: 2,
        limit: 2,
        ..Default::default()
    };
    let (list, n) = db
        .records("platform", &kechuang_kernel::scope::Scope::of(&scope), &page)
        .await
        .unwrap();
    assert_eq!(
        (list.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(), n),
        (vec!["P3", "P4"], 5)
    );
}

async fn counts_group_by_region_category_level(t: TestDb) {
    let db = &t.db;
    let r = regions(db).await;
    let sys = Actor::system();
    for (code, region, category, level) in [
        ("A", r.county, "key_lab", "provincial"),
        ("B", r.county, "key_lab", "provincial"),
        ("C", r.county, "key_lab", "national"),
        ("D", r.other, "incubator", "city"),
        ("E", r.city, "key_lab", "provincial"),
    ] {
        db.upsert_record(&sys, "platform", code, platform(code, region, category, level, &[]))
            .await
            .unwrap();
    }
    db.upsert_record(&sys, "expert", "X", expert("专家", r.county, "local"))
        .await
        .unwrap();
    let count = |region_id, region_name: &str, category: &str, level: &str, count| RecordCount {
        region_id,
        region_name: region_name.into(),
        category: category.into(),
        level: level.into(),
        count,
    };
    let city = db.region(r.city).await.unwrap().region_path();
    assert_eq!(
        db.record_counts("platform", &kechuang_kernel::scope::Scope::of(&city))
            .await
            .unwrap(),
        [
            count(r.city, "盘锦市", "key_lab", "provincial", 1),
            count(r.other, "兴隆台区", "incubator", "city", 1),
            count(r.county, "盘山县", "key_lab", "national", 1),
            count(r.county, "盘山县", "key_lab", "provincial", 2),
        ]
    );
    let county = db.region(r.county).await.unwrap().region_path();
    assert_eq!(
        db.record_counts("platform", &kechuang_kernel::scope::Scope::of(&county))
            .await
            .unwrap(),
        [
            count(r.county, "盘山县", "key_lab", "national", 1),
            count(r.county, "盘山县", "key_lab", "provincial", 2),
        ]
    );
}
