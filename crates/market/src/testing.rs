//! Technology-market fixtures: published achievements and demands written
//! straight to the database, and waiting for the app's search index.

use crate::store::prelude::*;
use std::time::{Duration, Instant};

use crate::item::{AchievementInput, DemandInput};
use crate::lifecycle::Actor as Who;
use crate::vocab::{AchievementStatus, DemandStatus};
use kechuang_kernel::audit::Actor;
use kechuang_shell::testing::TestApp;

pub fn today() -> chrono::NaiveDate {
    kechuang_kernel::clock::today()
}

/// Publishes an achievement in the city: title, keywords, summary, field,
/// maturity, owner code.
pub async fn achievement(app: &TestApp, a: [&str; 6]) -> i64 {
    let db = &app.test_db.db;
    let sys = Actor::system();
    let input = AchievementInput {
        title: a[0].into(),
        keywords: a[1].into(),
        summary: a[2].into(),
        field: a[3].into(),
        maturity: a[4].into(),
        owner_code: a[5].into(),
        owner_name: if a[5].is_empty() {
            "某研究院".into()
        } else {
            String::new()
        },
        ..Default::default()
    };
    let id = db
        .create_achievement(
            &sys,
            app.regions.city,
            &input.validate().unwrap(),
            AchievementStatus::UnderReview,
        )
        .await
        .unwrap();
    let v = db.achievement(id).await.unwrap().version;
    db.set_achievement_status(&sys, id, v, AchievementStatus::Published, Who::Reviewer, "", today())
        .await
        .unwrap();
    id
}

/// Publishes a demand of no registered firm.
pub async fn demand(app: &TestApp, title: &str, description: &str, field: &str) -> i64 {
    let d = DemandInput {
        title: title.into(),
        description: description.into(),
        field: field.into(),
        enterprise_name: "廊坊某制造企业".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    app.test_db
        .db
        .create_demands(
            &Actor::system(),
            &[(app.regions.city, d)],
            DemandStatus::Published,
            None,
            today(),
        )
        .await
        .unwrap()[0]
}

/// A published achievement and a published demand that match each other.
pub struct MarketFixture {
    pub achievement: i64,
    pub demand: i64,
    /// A contract registered in the county.
    pub contract: i64,
    /// An open challenge.
    pub challenge: i64,
}

pub async fn fixture(app: &TestApp) -> MarketFixture {
    MarketFixture {
        achievement: achievement(
            app,
            [
                "生物滤池除臭技术",
                "除臭;硫化氢",
                "污水处理厂恶臭气体生物净化，硫化氢去除率95%",
                "environment",
                "industrialised",
                "",
            ],
        )
        .await,
        demand: demand(app, "污水站臭味处理", "污水站硫化氢臭味大，需要除臭", "environment").await,
        contract: contract(app, "C-0001", "北京某大学", "京津", "120万").await,
        challenge: open_challenge(app).await,
    }
}

/// Waits until the app's search index returns `want` achievements for
/// `text` (the follower polls the change table); fails after ten seconds.
pub async fn wait_indexed(app: &TestApp, text: &str, want: usize) {
    let client = reqwest::Client::new();
    let start = Instant::now();
    loop {
        let resp = client
            .get(app.url("/api/v1/market/match"))
            .query(&[("text", text)])
            .send()
            .await
            .unwrap();
        let n = resp
            .json::<Vec<serde_json::Value>>()
            .await
            .map(|v| v.len())
            .unwrap_or(0);
        if n == want {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the index did not reach {want} results for {text:?} (has {n})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Registers a development contract in the county with a local buyer.
pub async fn contract(app: &TestApp, number: &str, seller: &str, seller_area: &str, amount: &str) -> i64 {
    let c = crate::contract::ContractInput {
        number: number.into(),
        kind: "技术开发".into(),
        buyer_name: "廊坊测试科技有限公司".into(),
        seller_name: seller.into(),
        seller_area: seller_area.into(),
        amount: amount.into(),
        signed_on: "2026-03-01".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    app.test_db
        .db
        .register_contracts(&Actor::system(), &[(app.regions.county, c)])
        .await
        .unwrap()[0]
}

/// A challenge of the bureau, open for bids for a month.
pub async fn open_challenge(app: &TestApp) -> i64 {
    let db = &app.test_db.db;
    let c = crate::challenge::ChallengeInput {
        title: "盐碱地改良关键技术".into(),
        task: "滨海盐碱地快速改良与耐盐作物配套".into(),
        reward: "200万".into(),
        deadline: (today() + chrono::Days::new(30)).to_string(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    let id = db
        .create_challenge(&Actor::system(), app.regions.city, &c)
        .await
        .unwrap();
    let v = db.challenge(id).await.unwrap().version;
    db.set_challenge_status(&Actor::system(), id, v, "open").await.unwrap();
    id
}

/// Puts `name` (with `code`, if any) on the blacklist, kept by the county,
/// decided today and in force until lifted.
pub async fn blacklist(app: &TestApp, kind: &str, name: &str, code: &str) -> i64 {
    let r = kechuang_credit::record::CreditRecordInput {
        subject_kind: kind.into(),
        subject_name: name.into(),
        subject_code: code.into(),
        kind: "blacklist".into(),
        reason: "项目验收中弄虚作假".into(),
        decided_on: today().to_string(),
        ..Default::default()
    }
    .validate(today())
    .unwrap();
    app.test_db
        .db
        .add_credit_record(&Actor::system(), app.regions.county, &r)
        .await
        .unwrap()
}
