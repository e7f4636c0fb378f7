//! The matching engine over SQLite and PostgreSQL: ranked, explained and
//! filtered matches in both directions, notifications of strong matches and
//! saved searches, rebuild, and two instances sharing one database whose
//! indexes both follow the change table.

use kechuang_market::store::prelude::*;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::NewUser;
use kechuang_market::item::{AchievementInput, DemandInput};
use kechuang_market::lifecycle::Actor as Who;
use kechuang_market::search::MarketIndex;
use kechuang_market::search::engine::{Engine, Filters};
use kechuang_registry::store::records::RecordFields;

kechuang_kernel::both_backends!(crate::harness::db =>
    matches_rank_explain_and_filter,
    publishing_notifies,
    the_first_items_after_a_fresh_start_notify,
    two_instances_converge
);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

struct World {
    city: i64,
    staff: Actor,
    firm: Actor,
    institution: i64,
}

async fn actor(db: &Db, name: &str, role: Role, city: i64, code: Option<&str>) -> Actor {
    let u = db
        .create_user(
            &Actor::system(),
            NewUser {
                username: Username::parse(name).unwrap(),
                display_name: DisplayName::parse(name).unwrap(),
                password_hash: "x".into(),
                role,
                region_id: city,
                enterprise_code: code.map(str::to_owned),
                institution_id: None,
                unit: None,
                must_change_password: false,
            },
        )
        .await
        .unwrap();
    Actor::new(
        Principal {
            user_id: Some(u.id),
            username: name.into(),
            display_name: name.into(),
            role,
            region_id: Some(city),
            scope: Some(RegionPath::from_stored("/131000/".into())),
            enterprise_code: code.map(str::to_owned),
            institution_id: None,
            unit: None,
        },
        None,
    )
}

async fn world(db: &Db) -> World {
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
    let (inst, _) = db
        .upsert_record(
            &sys,
            "institution",
            "INST-1",
            RecordFields {
                name: "河北工业大学".into(),
                region_id: city,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let code = kechuang_kernel::credit_code::CreditCode::parse("914403001922038216").unwrap();
    let fields = kechuang_registry::store::EnterpriseFields {
        name: "廊坊华晨环保有限公司".into(),
        former_names: "[]".into(),
        chain_tags: "[]".into(),
        region_id: city,
        ..Default::default()
    };
    db.upsert_enterprise(&sys, &code, fields).await.unwrap();
    World {
        city,
        staff: actor(db, "staff1", Role::BureauStaff, city, None).await,
        firm: actor(db, "firm1", Role::EnterpriseUser, city, Some("914403001922038216")).await,
        institution: inst.id,
    }
}

/// Publishes an achievement (title, keywords, summary, field, maturity, owner code).
async fn publish(db: &Db, w: &World, a: [&str; 6]) -> i64 {
    let input = AchievementInput {
        title: a[0].into(),
        keywords: a[1].into(),
        summary: a[2].into(),
        field: a[3].into(),
        maturity: a[4].into(),
        owner_code: a[5].into(),
        ..Default::default()
    };
    let id = db
        .create_achievement(
            &w.staff,
            w.city,
            &input.validate().unwrap(),
            kechuang_market::vocab::AchievementStatus::UnderReview,
        )
        .await
        .unwrap();
    let v = db.achievement(id).await.unwrap().version;
    db.set_achievement_status(
        &w.staff,
        id,
        v,
        kechuang_market::vocab::AchievementStatus::Published,
        Who::Reviewer,
        "",
        today(),
    )
    .await
    .unwrap();
    id
}

async fn demand(db: &Db, w: &World, title: &str, description: &str, field: &str) -> i64 {
    let d = DemandInput {
        title: title.into(),
        description: description.into(),
        field: field.into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    db.create_demands(
        &w.firm,
        &[(w.city, d)],
        kechuang_market::vocab::DemandStatus::Published,
        None,
        today(),
    )
    .await
    .unwrap()[0]
}

fn engine(db: Db) -> Arc<Engine> {
    Engine::new(db, Arc::new(MarketIndex::open(None, 0).unwrap()))
}

async fn matches_rank_explain_and_filter(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let odour = publish(
        db,
        &w,
        [
            "生物滤池除臭技术",
            "除臭;恶臭气体",
            "污水处理厂恶臭气体生物净化，硫化氢去除率95%",
            "environment",
            "industrialised",
            "INST-1",
        ],
    )
    .await;
    let pilot = publish(
        db,
        &w,
        [
            "污水站臭气等离子体处理装置",
            "臭气;等离子体",
            "适用于小型污水站的臭气处理",
            "environment",
            "pilot",
            "INST-1",
        ],
    )
    .await;
    let battery = publish(
        db,
        &w,
        ["锂电池回收", "锂电池", "废旧电池湿法冶金", "new_energy", "pilot", ""],
    )
    .await;
    let _draft = db
        .create_achievement(
            &w.staff,
            w.city,
            &AchievementInput {
                title: "除臭菌剂".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
            kechuang_market::vocab::AchievementStatus::Draft,
        )
        .await
        .unwrap();
    let d = demand(
        db,
        &w,
        "污水站臭味处理",
        "我司污水站硫化氢臭味大，周边投诉多，希望除臭",
        "environment",
    )
    .await;
    let e = engine(db.clone());
    e.catch_up().await.unwrap();

    let found = e.match_demand(d, &Filters::default(), 10).await.unwrap();
    let ids: Vec<i64> = found.iter().map(|m| m.item.id).collect();
    assert_eq!(ids, [odour, pilot], "drafts and unrelated items stay out");
    let x = &found[0].explanation;
    assert!(x.matched_terms.contains(&"硫化氢".to_owned()), "{x:?}");
    assert_eq!(x.shared_field.as_deref(), Some("environment"));
    assert!(found[0].score >= found[1].score);

    let mature = Filters {
        min_maturity: Some("small_batch".into()),
        ..Default::default()
    };
    let ids: Vec<i64> = e
        .match_demand(d, &mature, 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.item.id)
        .collect();
    assert_eq!(ids, [odour]);
    let energy = Filters {
        field: Some("new_energy".into()),
        ..Default::default()
    };
    assert!(e.match_demand(d, &energy, 10).await.unwrap().is_empty());

    // Traditional text finds Simplified items
    let q = kechuang_market::rank::QueryFacts::from_text("鋰電池回收", "", &[]);
    let ids: Vec<i64> = e
        .match_text(&q, &Filters::default(), None, 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.item.id)
        .collect();
    assert_eq!(ids, [battery]);

    // the other direction, and the parties behind the matches
    let demands = e.match_achievement(odour, 10).await.unwrap();
    assert_eq!(demands[0].item.id, d);
    let owners = e.owners_for_demand(d, 5).await.unwrap();
    assert_eq!(
        (owners[0].kind.as_str(), owners[0].id, owners[0].items.len()),
        ("institution", Some(w.institution), 2)
    );
    let firms = e.enterprises_for_achievement(odour, 5).await.unwrap();
    assert_eq!(
        (firms[0].kind.as_str(), firms[0].name.as_str()),
        ("enterprise", "廊坊华晨环保有限公司")
    );
    assert_eq!(firms[0].items[0].0, d);

    // a closed item leaves the results; a rebuild gives the same answers
    let v = db.achievement(pilot).await.unwrap().version;
    db.set_achievement_status(
        &w.staff,
        pilot,
        v,
        kechuang_market::vocab::AchievementStatus::Closed,
        Who::Editor,
        "",
        today(),
    )
    .await
    .unwrap();
    assert!(e.catch_up().await.unwrap() >= 1);
    let ids: Vec<i64> = e
        .match_demand(d, &Filters::default(), 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.item.id)
        .collect();
    assert_eq!(ids, [odour]);
    assert_eq!(
        e.rebuild().await.unwrap(),
        3,
        "two published achievements and a demand: drafts and closed items are not indexed"
    );
    let ids: Vec<i64> = e
        .match_demand(d, &Filters::default(), 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.item.id)
        .collect();
    assert_eq!(ids, [odour]);
}

async fn publishing_notifies(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let e = engine(db.clone());
    let d = demand(
        db,
        &w,
        "污水站硫化氢臭味治理",
        "污水处理站硫化氢恶臭气体浓度高，需要生物除臭设备",
        "environment",
    )
    .await;
    let firm_user = w.firm.principal.user_id.unwrap();
    db.save_search(firm_user, "锂电", "achievement", "锂电池 回收", "")
        .await
        .unwrap();
    e.catch_up().await.unwrap();
    assert_eq!(db.unread_notifications(firm_user).await.unwrap(), 0);

    publish(
        db,
        &w,
        [
            "生物滤池除臭设备",
            "除臭;硫化氢",
            "污水处理站恶臭气体生物净化，硫化氢去除率95%",
            "environment",
            "industrialised",
            "",
        ],
    )
    .await;
    publish(
        db,
        &w,
        [
            "退役锂电池梯次利用与回收",
            "锂电池;回收",
            "储能梯次利用",
            "new_energy",
            "pilot",
            "",
        ],
    )
    .await;
    publish(db, &w, ["小麦抗旱品种", "育种", "节水小麦", "agriculture", "pilot", ""]).await;
    e.catch_up().await.unwrap();
    let inbox = db.notifications(firm_user, 10).await.unwrap();
    let kinds: Vec<&str> = inbox.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds.len(), 2, "{inbox:?}");
    assert!(
        kinds.contains(&"market.achievement_matches") && kinds.contains(&"market.saved_search"),
        "{kinds:?}"
    );
    assert!(inbox.iter().any(|n| n.params()["title"] == "生物滤池除臭设备"));
    // catching up again (another instance) adds nothing
    let other = engine(db.clone());
    other.catch_up().await.unwrap();
    assert_eq!(db.notifications(firm_user, 10).await.unwrap().len(), 2);
    let _ = d;
}

/// A new installation: the index is built while the database is still
/// empty, then a demand and a matching achievement arrive in one batch of
/// changes; the demand's owner hears of the achievement.
async fn the_first_items_after_a_fresh_start_notify(t: TestDb) {
    let db = &t.db;
    let w = world(db).await;
    let e = engine(db.clone());
    e.catch_up().await.unwrap();
    assert!(e.index.built());
    demand(
        db,
        &w,
        "污水站硫化氢臭味治理",
        "污水处理站硫化氢恶臭气体浓度高，需要生物除臭设备",
        "environment",
    )
    .await;
    publish(
        db,
        &w,
        [
            "生物滤池除臭设备",
            "除臭;硫化氢",
            "污水处理站恶臭气体生物净化，硫化氢去除率95%",
            "environment",
            "industrialised",
            "",
        ],
    )
    .await;
    e.catch_up().await.unwrap();
    let firm_user = w.firm.principal.user_id.unwrap();
    let inbox = db.notifications(firm_user, 10).await.unwrap();
    assert!(
        inbox
            .iter()
            .any(|n| n.kind == "market.achievement_matches" && n.params()["title"] == "生物滤池除臭设备"),
        "{inbox:?}"
    );
}

async fn wait_for(e: &Engine, text: &str, want: usize) {
    let q = kechuang_market::rank::QueryFacts::from_text(text, "", &[]);
    let start = Instant::now();
    loop {
        let n = e.match_text(&q, &Filters::default(), None, 10).await.unwrap().len();
        if n == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the other instance's index did not converge on {text:?}: {n} results, want {want}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn two_instances_converge(t: TestDb) {
    let w = world(&t.db).await;
    let second = Db::connect(&t.url).await.unwrap();
    let a = engine(t.db.clone());
    let b = engine(second.clone());
    let ta = tokio::spawn(a.clone().run());
    let tb = tokio::spawn(b.clone().run());

    // written through instance A, found by instance B
    let id = publish(
        &t.db,
        &w,
        ["石墨烯导热膜", "石墨烯", "手机散热", "new_materials", "pilot", ""],
    )
    .await;
    a.poke();
    wait_for(&b, "石墨烯散热", 1).await;
    // changed through instance B, seen by instance A
    let v = second.achievement(id).await.unwrap().version;
    second
        .set_achievement_status(
            &w.staff,
            id,
            v,
            kechuang_market::vocab::AchievementStatus::Closed,
            Who::Editor,
            "",
            today(),
        )
        .await
        .unwrap();
    b.poke();
    wait_for(&a, "石墨烯散热", 0).await;
    wait_for(&b, "石墨烯散热", 0).await;
    assert_eq!(a.index.seq(), b.index.seq());
    ta.abort();
    tb.abort();
}
