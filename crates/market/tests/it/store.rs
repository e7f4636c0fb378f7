//! Technology-market storage on SQLite and PostgreSQL: achievements and
//! demands with owners linked to the registry, the life cycle and its audit,
//! the change sequence, demand lists pushed to institutions landing in their
//! inbox, feedback, saved searches.

use chrono::NaiveDate;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel, RegionPath};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::{Principal, Role};
use kechuang_kernel::testing::TestDb;
use kechuang_kernel::user::{DisplayName, Username};
use kechuang_kernel::users::NewUser;
use kechuang_kernel::{Db, StoreError};
use kechuang_market::item::{AchievementInput, DemandInput};
use kechuang_market::lifecycle::Actor as Who;
use kechuang_market::store::prelude::*;
use kechuang_market::store::{Feedback, ListQuery};
use kechuang_registry::store::EnterpriseFields;
use kechuang_registry::store::records::RecordFields;

kechuang_kernel::both_backends!(crate::harness::db =>
    achievements_live_and_change,
    demands_pushes_and_inbox,
    feedback_and_saved_searches,
    contracts_flag_and_add_up,
    challenges_from_listing_to_milestones,
    backups_keep_the_numbers
);

const CODE: &str = "914403001922038216";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

struct World {
    city: i64,
    firm: i64,
    institution: i64,
    staff: Actor,
    enterprise: Actor,
    scholar: Actor,
}

async fn user(db: &Db, name: &str, role: Role, region: i64, code: Option<&str>, inst: Option<i64>) -> Actor {
    let u = db
        .create_user(
            &Actor::system(),
            NewUser {
                username: Username::parse(name).unwrap(),
                display_name: DisplayName::parse(name).unwrap(),
                password_hash: "x".into(),
                role,
                region_id: region,
                enterprise_code: code.map(str::to_owned),
                institution_id: inst,
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
            region_id: Some(region),
            scope: Some(RegionPath::from_stored("/131000/".into())),
            enterprise_code: code.map(str::to_owned),
            institution_id: inst,
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
    let code = CreditCode::parse(CODE).unwrap();
    let fields = EnterpriseFields {
        name: "廊坊华晨新材料有限公司".into(),
        former_names: "[]".into(),
        chain_tags: "[]".into(),
        region_id: city,
        ..Default::default()
    };
    let firm = db.upsert_enterprise(&sys, &code, fields).await.unwrap().0.id;
    let (inst, _) = db
        .upsert_record(
            &sys,
            "institution",
            "12100000400000624D",
            RecordFields {
                name: "河北工业大学".into(),
                region_id: city,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    World {
        city,
        firm,
        institution: inst.id,
        staff: user(db, "staff1", Role::BureauStaff, city, None, None).await,
        enterprise: user(db, "firm1", Role::EnterpriseUser, city, Some(CODE), None).await,
        scholar: user(db, "tto1", Role::InstitutionUser, city, None, Some(inst.id)).await,
    }
}

async fn achievements_live_and_change(t: TestDb) {
    let db: &Db = &t.db;
    let w = world(db).await;
    let start = db.market_seq().await.unwrap();
    let input = AchievementInput {
        title: "高强韧铝合金压铸工艺".into(),
        summary: "汽车结构件一体化压铸".into(),
        field: "新材料".into(),
        keywords: "铝合金;压铸".into(),
        owner_code: "12100000400000624D".into(),
        ..Default::default()
    };
    let a = input.validate().unwrap();
    let id = db
        .create_achievement(
            &w.scholar,
            w.city,
            &a,
            kechuang_market::vocab::AchievementStatus::UnderReview,
        )
        .await
        .unwrap();
    let row = db.achievement(id).await.unwrap();
    assert_eq!(
        (row.owner_kind.as_str(), row.owner_id),
        ("institution", Some(w.institution))
    );
    assert_eq!(row.owner_name, "河北工业大学");
    assert!(row.editable_by(&w.scholar.principal));
    assert!(
        !row.visible_to(&w.enterprise.principal),
        "not public while under review"
    );

    // an owner not in the registry is kept by name
    let mut loose = a.clone();
    loose.owner_code = "UNKNOWN-1".into();
    loose.owner_name = "某研究所".into();
    let id2 = db
        .create_achievement(
            &w.staff,
            w.city,
            &loose,
            kechuang_market::vocab::AchievementStatus::Draft,
        )
        .await
        .unwrap();
    let row2 = db.achievement(id2).await.unwrap();
    assert_eq!(
        (row2.owner_kind.as_str(), row2.owner_id, row2.owner_name.as_str()),
        ("", None, "某研究所")
    );

    // only a reviewer publishes; publishing lists it for a year
    let err = db
        .set_achievement_status(
            &w.scholar,
            id,
            row.version,
            kechuang_market::vocab::AchievementStatus::Published,
            Who::Editor,
            "",
            today(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { field: "status", .. }), "{err:?}");
    db.set_achievement_status(
        &w.staff,
        id,
        row.version,
        kechuang_market::vocab::AchievementStatus::Published,
        Who::Reviewer,
        "",
        today(),
    )
    .await
    .unwrap();
    let row = db.achievement(id).await.unwrap();
    assert_eq!(row.status.as_str(), "published");
    assert_eq!(row.expires_on.as_deref(), Some("2027-11-24"));
    assert!(row.visible_to(&Principal::public()));

    // a stale version is refused and writes nothing
    let mut edited = a.clone();
    edited.title = "高强韧铝合金一体化压铸工艺".into();
    let err = db
        .update_achievement(&w.scholar, id, row.version - 1, &edited)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert!(matches!(
        db.update_achievement(&w.enterprise, id, row.version, &edited)
            .await
            .unwrap_err(),
        StoreError::Forbidden
    ));
    db.update_achievement(&w.scholar, id, row.version, &edited)
        .await
        .unwrap();

    // every write left a change, in order
    let changes = db.market_changes(start, 100).await.unwrap();
    let items: Vec<(String, i64)> = changes.iter().map(|c| (c.kind.clone(), c.item_id)).collect();
    assert_eq!(
        items,
        [
            ("achievement".to_owned(), id),
            ("achievement".to_owned(), id2),
            ("achievement".to_owned(), id),
            ("achievement".to_owned(), id)
        ]
    );
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(db.market_seq().await.unwrap(), changes.last().unwrap().seq);
    let docs = db.match_docs("achievement", &[id]).await.unwrap();
    assert_eq!(docs[0].title, "高强韧铝合金一体化压铸工艺");
    assert_eq!(docs[0].keywords, ["铝合金", "压铸"]);
    assert_eq!(docs[0].status.as_str(), "published");
    let page = db.match_docs_after("achievement", 0, 1).await.unwrap();
    assert_eq!(page.len(), 1);

    // lists filter by status and title words
    let q = ListQuery {
        statuses: vec!["published".into()],
        q: "一体化".into(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(db.achievements(&q).await.unwrap().len(), 1);

    // listings end
    let later = NaiveDate::from_ymd_opt(2027, 12, 1).unwrap();
    assert_eq!(db.expire_achievements(later).await.unwrap(), 1);
    assert_eq!(db.achievement(id).await.unwrap().status.as_str(), "expired");
    let entries = db
        .audit_entries(
            None,
            &kechuang_kernel::audit::AuditFilter {
                entity: Some("achievement".into()),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(entries.len() >= 5, "{}", entries.len());
}

async fn demands_pushes_and_inbox(t: TestDb) {
    let db: &Db = &t.db;
    let w = world(db).await;
    let d = DemandInput {
        title: "废水除臭".into(),
        description: "污水站臭味大".into(),
        enterprise_code: "somebody else".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    let ids = db
        .create_demands(
            &w.enterprise,
            &[(w.city, d.clone())],
            kechuang_market::vocab::DemandStatus::Published,
            None,
            today(),
        )
        .await
        .unwrap();
    let row = db.demand(ids[0]).await.unwrap();
    assert_eq!(row.enterprise_code, CODE, "an enterprise posts for itself");
    assert_eq!(
        (row.enterprise_id, row.enterprise_name.as_str()),
        (Some(w.firm), "廊坊华晨新材料有限公司")
    );
    assert_eq!(row.published_on.as_deref(), Some("2026-11-24"));
    assert_eq!(
        db.item_watchers("demand", row.id).await.unwrap(),
        [w.enterprise.principal.user_id.unwrap()]
    );

    let draft = db
        .create_demands(
            &w.staff,
            &[(w.city, d)],
            kechuang_market::vocab::DemandStatus::Draft,
            None,
            today(),
        )
        .await
        .unwrap()[0];
    let err = db
        .push_demands(&w.staff, &[row.id, draft], &[w.institution], "")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { .. }),
        "a draft cannot be pushed: {err:?}"
    );
    assert!(
        db.demands_pushed_to(w.institution).await.unwrap().is_empty(),
        "nothing half-written"
    );
    let err = db
        .push_demands(&w.staff, &[row.id], &[w.firm + 1000], "")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err:?}");

    assert_eq!(
        db.push_demands(&w.staff, &[row.id], &[w.institution], "请对接")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        db.push_demands(&w.staff, &[row.id], &[w.institution], "请对接")
            .await
            .unwrap(),
        0,
        "once"
    );
    let pushed = db.demands_pushed_to(w.institution).await.unwrap();
    assert_eq!((pushed[0].demand_id, pushed[0].note.as_str()), (row.id, "请对接"));
    assert_eq!(db.pushes_of(row.id).await.unwrap()[0].institution_name, "河北工业大学");

    let scholar = w.scholar.principal.user_id.unwrap();
    assert_eq!(db.unread_notifications(scholar).await.unwrap(), 1);
    let inbox = db.notifications(scholar, 10).await.unwrap();
    assert_eq!(inbox[0].kind, "market.demand_pushed");
    assert_eq!(inbox[0].params()["id"], row.id);
    assert_eq!(inbox[0].params()["note"], "请对接");
    db.mark_read(scholar, None).await.unwrap();
    assert_eq!(db.unread_notifications(scholar).await.unwrap(), 0);

    db.set_demand_status(
        &w.enterprise,
        row.id,
        row.version,
        kechuang_market::vocab::DemandStatus::InTalks,
        today(),
    )
    .await
    .unwrap();
    let err = db
        .set_demand_status(
            &w.enterprise,
            row.id,
            row.version + 1,
            kechuang_market::vocab::DemandStatus::Published,
            today(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err:?}");
    assert!(matches!(
        db.set_demand_status(
            &w.scholar,
            row.id,
            row.version + 1,
            kechuang_market::vocab::DemandStatus::Solved,
            today()
        )
        .await
        .unwrap_err(),
        StoreError::Forbidden
    ));
}

async fn feedback_and_saved_searches(t: TestDb) {
    let db: &Db = &t.db;
    let w = world(db).await;
    let f = |useful: bool, reason: &str| Feedback {
        username: String::new(),
        from_kind: "demand".into(),
        from_id: 1,
        to_kind: "achievement".into(),
        to_id: 7,
        useful,
        reason: reason.into(),
        note: String::new(),
        rank: Some(2),
    };
    db.record_feedback(&w.enterprise, &f(false, "price")).await.unwrap();
    db.record_feedback(&w.enterprise, &f(true, "relevant")).await.unwrap();
    let mine = db.feedback_of("firm1", "demand", 1).await.unwrap();
    assert_eq!(mine.len(), 1, "a second judgement replaces the first");
    assert!(mine[0].useful);
    db.record_feedback(&w.staff, &f(false, "too_early")).await.unwrap();
    let counts = db.feedback_counts().await.unwrap();
    assert_eq!(counts.iter().map(|c| c.n).sum::<i64>(), 2);
    assert!(db.record_feedback(&w.staff, &f(false, "bogus")).await.is_err());

    let uid = w.enterprise.principal.user_id.unwrap();
    let id = db
        .save_search(uid, "除臭", "achievement", "除臭 生物滤池", "environment")
        .await
        .unwrap();
    assert!(db.save_search(uid, "", "achievement", "x", "").await.is_err());
    assert!(db.save_search(uid, "x", "contract", "x", "").await.is_err());
    assert_eq!(db.alerting_searches("achievement").await.unwrap()[0].id, id);
    let notice = kechuang_kernel::notifications::Notice {
        user_id: uid,
        kind: "market.saved_search",
        params: serde_json::json!({"search": "除臭", "title": "新成果", "item": "achievement", "id": 1}),
        dedup_key: "s:1".into(),
    };
    assert!(db.notify(&notice).await.unwrap());
    assert!(!db.notify(&notice).await.unwrap(), "deduplicated");
    let stored = db.notifications(uid, 10).await.unwrap();
    assert_eq!(stored[0].params()["search"], "除臭");
    db.delete_saved_search(uid, id).await.unwrap();
    assert!(db.saved_searches(uid).await.unwrap().is_empty());
}

async fn contracts_flag_and_add_up(t: TestDb) {
    use kechuang_market::contract::{ContractInput, stats};
    use kechuang_market::store::ContractQuery;
    use kechuang_registry::YearFacts;
    use kechuang_registry::store::facts::FactsRow;
    let db: &Db = &t.db;
    let w = world(db).await;
    // the firm had 1,000,000 yuan revenue in 2025
    let facts = vec![FactsRow {
        line: 2,
        code: CODE.into(),
        facts: YearFacts {
            year: 2025,
            revenue_fen: 100_000_000,
            ..Default::default()
        },
    }];
    db.import_facts(&Actor::system(), None, facts, &|_| {}).await.unwrap();
    let c = |number: &str, amount: &str, seller: &str, area: &str| {
        ContractInput {
            number: number.into(),
            kind: "技术开发".into(),
            buyer_name: "廊坊华晨新材料有限公司".into(),
            buyer_code: CODE.into(),
            seller_name: seller.into(),
            seller_area: area.into(),
            amount: amount.into(),
            signed_on: "2026-05-01".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap()
    };
    let ids = db
        .register_contracts(
            &w.staff,
            &[
                (w.city, c("N-1", "200万", "北京某大学", "京津")),
                (w.city, c("N-2", "300万", "北京某研究院", "京津")),
                (w.city, c("N-3", "50万", "天津某公司", "京津")),
            ],
        )
        .await
        .unwrap();
    let flags = |r: &kechuang_market::store::ContractRow| r.flags.clone();
    assert_eq!(
        flags(&db.contract(ids[0]).await.unwrap()),
        "[]",
        "below three times the revenue"
    );
    assert_eq!(flags(&db.contract(ids[1]).await.unwrap()), "[\"amount_above_revenue\"]");
    assert_eq!(db.contract(ids[1]).await.unwrap().review, "pending");
    // a number used again flags both registrations; a bad link writes nothing
    let mut linked = c("N-9", "10万", "天津某公司", "京津");
    linked.achievement_id = Some(999_999);
    assert!(
        db.register_contracts(&w.staff, &[(w.city, c("N-8", "1万", "x", "京津")), (w.city, linked)])
            .await
            .is_err()
    );
    assert!(
        db.contracts(&ContractQuery {
            scope_like: "/131000/%".into(),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .len()
            == 3
    );
    let again = db
        .register_contracts(
            &w.staff,
            &[(w.city, c("N-1", "10万", "廊坊华晨新材料有限公司", "本地"))],
        )
        .await
        .unwrap();
    let dup = db.contract(again[0]).await.unwrap();
    assert_eq!(dup.flags, "[\"duplicate_number\",\"same_party\"]");
    assert_eq!(db.contract(ids[0]).await.unwrap().flags, "[\"duplicate_number\"]");
    let pending = db
        .contracts(&ContractQuery {
            scope_like: "/131000/%".into(),
            pending_only: true,
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(pending.len(), 3);
    // review
    assert!(
        db.review_contract(&w.staff, dup.id, dup.version, "cleared", " ")
            .await
            .is_err(),
        "a note is required"
    );
    db.review_contract(&w.staff, dup.id, dup.version, "confirmed", "重复登记")
        .await
        .unwrap();
    assert!(matches!(
        db.review_contract(&w.staff, dup.id, dup.version, "cleared", "x")
            .await
            .unwrap_err(),
        StoreError::Conflict { .. }
    ));
    // statistics
    let s = stats(&db.contract_stat_rows("/131000/%").await.unwrap());
    assert_eq!(s.total.contracts, 4);
    assert_eq!(s.by_year[&2026].tech_amount_fen, 560_000_000);
    assert_eq!(s.absorbed_from_beijing_tianjin.tech_amount_fen, 550_000_000);
    assert_eq!(s.beijing_tianjin_share_permille, Some(982));
}

async fn challenges_from_listing_to_milestones(t: TestDb) {
    use kechuang_market::challenge::{BidInput, ChallengeInput};
    let db: &Db = &t.db;
    let w = world(db).await;
    let c = ChallengeInput {
        title: "高纯石英砂提纯关键技术".into(),
        task: "4N5级高纯石英砂提纯工艺攻关".into(),
        reward: "500万".into(),
        deadline: "2026-12-31".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    let id = db.create_challenge(&w.enterprise, w.city, &c).await.unwrap();
    let row = db.challenge(id).await.unwrap();
    assert_eq!(
        (row.issuer_kind.as_str(), row.issuer_code.as_str(), row.status.as_str()),
        ("enterprise", CODE, "draft")
    );
    let bid = BidInput {
        team_name: "河北工业大学团队".into(),
        team_kind: "institution".into(),
        proposal: "酸浸—氯化焙烧—浮选联合工艺，在线杂质检测，目标纯度99.995%".into(),
        budget: "300万".into(),
        months: "18".into(),
    }
    .validate(row.reward_fen)
    .unwrap();
    let err = db.submit_bid(&w.scholar, id, &bid, today()).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { .. }),
        "a draft takes no bids: {err:?}"
    );
    assert!(matches!(
        db.set_challenge_status(&w.enterprise, id, row.version, "awarded")
            .await
            .unwrap_err(),
        StoreError::Invalid { .. }
    ));
    db.set_challenge_status(&w.enterprise, id, row.version, "open")
        .await
        .unwrap();
    let b1 = db.submit_bid(&w.scholar, id, &bid, today()).await.unwrap();
    assert!(matches!(
        db.submit_bid(&w.scholar, id, &bid, today()).await.unwrap_err(),
        StoreError::Duplicate { .. }
    ));
    let late = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    assert!(
        db.submit_bid(&w.staff, id, &bid, late).await.is_err(),
        "after the deadline"
    );
    let b2 = db.submit_bid(&w.staff, id, &bid, today()).await.unwrap();
    assert!(
        db.review_bid(&w.staff, b1, 80, "方案可行").await.is_err(),
        "reviews wait for the review stage"
    );
    let v = db.challenge(id).await.unwrap().version;
    db.set_challenge_status(&w.enterprise, id, v, "reviewing")
        .await
        .unwrap();
    db.review_bid(&w.staff, b1, 70, "方案可行但周期长").await.unwrap();
    db.review_bid(&w.staff, b1, 90, "复核后认为团队基础好").await.unwrap();
    db.review_bid(&w.enterprise, b2, 60, "经费测算不足").await.unwrap();
    let reviews = db.reviews_of(id).await.unwrap();
    assert_eq!(reviews.len(), 2, "one review per reviewer and bid, the latest kept");
    assert_eq!(reviews[0].score, 90);
    let v = db.challenge(id).await.unwrap().version;
    assert!(db.award_challenge(&w.enterprise, id, v, b2 + 100).await.is_err());
    db.award_challenge(&w.enterprise, id, v, b1).await.unwrap();
    let row = db.challenge(id).await.unwrap();
    assert_eq!((row.status.as_str(), row.winning_bid_id), ("awarded", Some(b1)));
    assert!(db.add_milestone(&w.enterprise, id, "中试线建成", "bad").await.is_err());
    let m = db
        .add_milestone(&w.enterprise, id, "中试线建成", "2027-06-30")
        .await
        .unwrap();
    db.complete_milestone(&w.enterprise, m, "2027-06-20", "提前完成")
        .await
        .unwrap();
    assert!(
        db.complete_milestone(&w.enterprise, m, "2027-06-21", "").await.is_err(),
        "once"
    );
    assert_eq!(
        db.milestones_of(id).await.unwrap()[0].done_on.as_deref(),
        Some("2027-06-20")
    );
    db.set_challenge_status(&w.enterprise, id, row.version, "completed")
        .await
        .unwrap();
    assert_eq!(db.challenges(&["completed"], None, 100, 0).await.unwrap().len(), 1);
}

/// A priced, owned achievement goes through a backup into both backends with
/// its numbers (they were written as text once, which a database refuses).
async fn backups_keep_the_numbers(t: TestDb) {
    let db: &Db = &t.db;
    let w = world(db).await;
    let a = AchievementInput {
        title: "高强韧铝合金压铸工艺".into(),
        summary: "汽车结构件一体化压铸".into(),
        field: "新材料".into(),
        keywords: "铝合金;压铸".into(),
        owner_code: "12100000400000624D".into(),
        maturity: "TRL6".into(),
        price_min: "50万".into(),
        price_max: "120万".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let id = db
        .create_achievement(
            &w.scholar,
            w.city,
            &a,
            kechuang_market::vocab::AchievementStatus::UnderReview,
        )
        .await
        .unwrap();
    let before = db.achievement(id).await.unwrap();
    assert_eq!((before.trl, before.price_min_fen), (Some(6), Some(50_000_000)));
    let mut buf = Vec::new();
    let schemas = kechuang_market::schema::SCHEMAS;
    db.backup(&mut buf, schemas).await.unwrap();
    for backend in ["sqlite", "postgres"] {
        let target = crate::harness::db(backend).await;
        target.db.restore(&mut buf.as_slice(), schemas).await.unwrap();
        assert_eq!(target.db.achievement(id).await.unwrap(), before, "{backend}");
    }
}
