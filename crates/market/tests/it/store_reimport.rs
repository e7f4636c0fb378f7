//! Importing market sheets again on SQLite and PostgreSQL: the same rows add
//! nothing, a changed row updates its item (version, audit entry, change
//! row for the search index) and keeps its status, a new row is created; a
//! title typed in another width, script or spacing names the same item.

use kechuang_kernel::Db;
use kechuang_kernel::audit::{Actor, AuditFilter};
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::testing::TestDb;
use kechuang_market::item::{AchievementInput, DemandInput};
use kechuang_market::store::prelude::*;

kechuang_kernel::both_backends!(crate::harness::db => the_same_sheet_twice_adds_nothing);

fn achievement(title: &str, summary: &str, owner: &str) -> kechuang_market::item::Achievement {
    AchievementInput {
        title: title.into(),
        summary: summary.into(),
        field: "资源与环境".into(),
        owner_name: owner.into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

async fn updates(db: &Db, entity: &str) -> usize {
    let f = AuditFilter {
        entity: Some(entity.into()),
        action: Some("update".into()),
        limit: 100,
        ..Default::default()
    };
    db.audit_entries(None, &f).await.unwrap().len()
}

async fn the_same_sheet_twice_adds_nothing(t: TestDb) {
    let db: &Db = &t.db;
    let sys = Actor::system();
    let city = db
        .create_region(
            &sys,
            NewRegion {
                code: DivisionCode::parse("131000").unwrap(),
                name: "廊坊市".into(),
                name_en: String::new(),
                level: RegionLevel::City,
                parent_id: None,
            },
        )
        .await
        .unwrap()
        .id;
    let sheet = vec![
        (city, achievement("生物滤池除臭技术", "硫化氢去除率95%", "河北工业大学")),
        (city, achievement("锂电池湿法回收", "钴镍锂回收", "某研究院")),
    ];
    let first = db
        .import_achievements(&sys, &sheet, kechuang_market::vocab::AchievementStatus::Published, None)
        .await
        .unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
    let seq = db.market_seq().await.unwrap();
    let again = db
        .import_achievements(&sys, &sheet, kechuang_market::vocab::AchievementStatus::Published, None)
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert!(again.ids.is_empty());
    assert_eq!(
        db.market_seq().await.unwrap(),
        seq,
        "nothing written, nothing to reindex"
    );

    let odour = first.ids[0];
    let v = db.achievement(odour).await.unwrap().version;
    let changed = vec![
        (city, achievement("生物滤池除臭技术", "硫化氢去除率98%", "河北工业大学")),
        (city, achievement("锂电池湿法回收", "钴镍锂回收", "某研究院")),
        (city, achievement("锂电池湿法回收", "另一家的同名成果", "另一研究所")),
    ];
    let third = db
        .import_achievements(&sys, &changed, kechuang_market::vocab::AchievementStatus::Draft, None)
        .await
        .unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (1, 1, 1));
    assert_eq!(third.ids[0], odour);
    let row = db.achievement(odour).await.unwrap();
    assert_eq!(
        (row.summary.as_str(), row.status.as_str(), row.version),
        ("硫化氢去除率98%", "published", v + 1)
    );
    assert_eq!(db.achievement(third.ids[1]).await.unwrap().status.as_str(), "draft");
    assert_eq!(db.market_seq().await.unwrap(), seq + 2);
    assert_eq!(updates(db, "achievement").await, 1);

    let demand = |description: &str| {
        DemandInput {
            title: "污水站臭味治理".into(),
            description: description.into(),
            enterprise_name: "廊坊某化工公司".into(),
            ..Default::default()
        }
        .validate(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
        .unwrap()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let rows = vec![(city, demand("硫化氢臭味大"))];
    let d1 = db
        .import_demands(
            &sys,
            &rows,
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today,
        )
        .await
        .unwrap();
    assert_eq!((d1.created, d1.updated, d1.unchanged), (1, 0, 0));
    let d2 = db
        .import_demands(
            &sys,
            &rows,
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today,
        )
        .await
        .unwrap();
    assert_eq!((d2.created, d2.updated, d2.unchanged), (0, 0, 1));
    let rows = vec![(city, demand("硫化氢臭味大，周边投诉"))];
    let d3 = db
        .import_demands(
            &sys,
            &rows,
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today,
        )
        .await
        .unwrap();
    assert_eq!((d3.created, d3.updated, d3.unchanged), (0, 1, 0));
    assert_eq!(
        db.demand(d1.ids[0]).await.unwrap().description,
        "硫化氢臭味大，周边投诉"
    );
    assert_eq!(updates(db, "demand").await, 1);
    // the same title typed with other spacing finds the stored demand
    let mut spaced = demand("硫化氢臭味大，周边投诉");
    spaced.title = "污水站 臭味治理".into();
    let d4 = db
        .import_demands(
            &sys,
            &[(city, spaced)],
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today,
        )
        .await
        .unwrap();
    assert_eq!((d4.created, d4.updated), (0, 1));
    assert_eq!(d4.ids, d1.ids);
    // the form path still creates: two demands may share a title
    let created = db
        .create_demands(
            &sys,
            &rows,
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today,
        )
        .await
        .unwrap();
    assert_ne!(created[0], d1.ids[0]);

    // titles typed in Traditional characters, full width or with spaces name
    // the stored achievements; the latest sheet's wording is kept
    let variants = vec![
        (city, achievement("生物濾池除臭技術", "硫化氢去除率98%", "河北工业大学")),
        (city, achievement("锂电池　湿法回收", "钴镍锂回收", "某研究院")),
        (city, achievement("ＬＥＤ驱动电源", "恒流驱动", "某研究院")),
    ];
    let fourth = db
        .import_achievements(
            &sys,
            &variants,
            kechuang_market::vocab::AchievementStatus::Published,
            None,
        )
        .await
        .unwrap();
    assert_eq!((fourth.created, fourth.updated, fourth.unchanged), (1, 2, 0));
    assert_eq!(fourth.ids[0], odour);
    assert_eq!(db.achievement(odour).await.unwrap().title, "生物濾池除臭技術");
    let half_width = vec![(city, achievement("led 驱动电源", "恒流驱动", "某研究院"))];
    let fifth = db
        .import_achievements(
            &sys,
            &half_width,
            kechuang_market::vocab::AchievementStatus::Published,
            None,
        )
        .await
        .unwrap();
    assert_eq!((fifth.created, fifth.updated), (0, 1), "width and case are folded");
}
