//! The demo city's deals, so that every market page has something to show:
//! three years of registered technology contracts (every type; buyers among
//! the demo firms, registered in their counties; sellers local, from
//! Beijing–Tianjin and from elsewhere; two of them flagged for review), and
//! 揭榜挂帅 challenges at each stage (open with bids, under review with
//! scores, awarded with milestones). All names of outside parties are
//! fictional, like the city.

use crate::store::prelude::*;
use std::collections::HashMap;

use crate::challenge::{BidInput, ChallengeInput};
use crate::contract::{CONTRACT_KINDS, ContractInput};
use crate::store::ListQuery;
use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use kechuang_demo::DemoCity;
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::users::{User, UserFilter};

/// Contracts registered in the demo (one number repeats, one firm contracts
/// with itself: the flags staff review).
const CONTRACTS: usize = 90;

/// Sellers outside the city (name, area).
const OUTSIDE_SELLERS: [(&str, &str); 6] = [
    ("京华理工大学", "beijing_tianjin"),
    ("北辰新材料研究院（北京）", "beijing_tianjin"),
    ("津门化工研究院", "beijing_tianjin"),
    ("海河智能装备研究所（天津）", "beijing_tianjin"),
    ("沪东工业技术研究院", "elsewhere"),
    ("江南先进制造研究院", "elsewhere"),
];

pub async fn load(db: &Db, city: &DemoCity, region_ids: &HashMap<String, i64>, city_id: i64) -> anyhow::Result<()> {
    let today = kechuang_kernel::clock::today();
    contracts(db, city, region_ids, today).await?;
    challenges(db, city, city_id, today).await?;
    Ok(())
}

async fn contracts(
    db: &Db,
    city: &DemoCity,
    region_ids: &HashMap<String, i64>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let firms = &city.enterprises;
    let institutions = &city.institutions;
    anyhow::ensure!(
        !firms.is_empty() && !institutions.is_empty(),
        "the demo city has no firms"
    );
    let linked = db
        .achievements(&ListQuery {
            statuses: vec!["published".into()],
            limit: 10,
            ..Default::default()
        })
        .await?;
    let mut rows = Vec::with_capacity(CONTRACTS);
    for i in 0..CONTRACTS {
        let buyer = &firms[(i * 11) % firms.len()];
        let (seller, seller_code, seller_area) = match i % 4 {
            0 | 1 => {
                let s = &institutions[i % institutions.len()];
                (s.name.clone(), s.credit_code.clone(), "local")
            }
            _ => {
                let (name, area) = OUTSIDE_SELLERS[i % OUTSIDE_SELLERS.len()];
                (name.to_owned(), String::new(), area)
            }
        };
        let (seller, seller_code) = if i == CONTRACTS - 1 {
            // a firm registering a contract with itself
            (buyer.name.clone(), buyer.credit_code.clone())
        } else {
            (seller, seller_code)
        };
        let number = if i == CONTRACTS - 2 {
            number_of(today, 3)
        } else {
            number_of(today, i)
        };
        // turnover grows year by year, as the plans expect
        let wan = (20 + (i * 37) % 480) * [130, 115, 100][i % 3] / 100;
        let input = ContractInput {
            number,
            kind: CONTRACT_KINDS[i % CONTRACT_KINDS.len()].0.into(),
            title: format!("{}技术合作", title_of(i)),
            buyer_name: buyer.name.clone(),
            buyer_code: buyer.credit_code.clone(),
            buyer_area: "local".into(),
            seller_name: seller,
            seller_code,
            seller_area: seller_area.into(),
            amount: format!("{wan}万"),
            tech_amount: format!("{}万", wan * (80 + i % 21) / 100),
            signed_on: signed_on(today, i).to_string(),
            achievement_id: linked.get(i % 15).map(|a| a.id.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        let contract = input
            .validate(today)
            .map_err(|e| anyhow::anyhow!("demo contract {i}: {:?}", e.first()))?;
        let region = region_ids
            .get(buyer.county_code)
            .copied()
            .with_context(|| format!("demo county {}", buyer.county_code))?;
        rows.push((region, contract));
    }
    db.register_contracts(&Actor::system(), &rows).await?;
    Ok(())
}

fn number_of(today: NaiveDate, i: usize) -> String {
    format!("1310{}{:06}", today.year() - (i % 3) as i32, 1000 + i)
}

/// A signing day in this year or the two before, never after today.
fn signed_on(today: NaiveDate, i: usize) -> NaiveDate {
    let year = today.year() - (i % 3) as i32;
    let day = NaiveDate::from_ymd_opt(year, 1 + (i * 5 % 12) as u32, 1 + (i * 7 % 28) as u32).unwrap_or(today);
    if day > today {
        day.with_year(year - 1).unwrap_or(today)
    } else {
        day
    }
}

fn title_of(i: usize) -> &'static str {
    const SUBJECTS: [&str; 8] = [
        "高锰钢锤头堆焊强化",
        "污水站生物除臭",
        "锂电池材料回收",
        "铝合金轮毂低压铸造",
        "机器视觉焊点检测",
        "盐碱地土壤改良",
        "伺服电机能效提升",
        "中药提取工艺优化",
    ];
    SUBJECTS[i % SUBJECTS.len()]
}

async fn demo_user(db: &Db, name: &str) -> anyhow::Result<User> {
    let (users, _) = db
        .users(
            None,
            &UserFilter {
                query: Some(name.into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await?;
    users
        .into_iter()
        .find(|u| u.username.as_str() == name)
        .with_context(|| format!("demo account {name}"))
}

/// The bureau's name as the issuer of its challenges.
const BUREAU: &str = "云州市科学技术局";

/// One challenge issued by `issuer` through `who`'s account; returns its id,
/// open for bids.
async fn open_challenge(
    db: &Db,
    who: &Actor,
    issuer: &str,
    city_id: i64,
    today: NaiveDate,
    c: [&str; 5],
) -> anyhow::Result<i64> {
    let input = ChallengeInput {
        title: c[0].into(),
        task: c[1].into(),
        requirements: c[2].into(),
        field: c[3].into(),
        reward: c[4].into(),
        deadline: (today + Days::new(45)).to_string(),
        issuer_name: issuer.into(),
    };
    let challenge = input
        .validate(today)
        .map_err(|e| anyhow::anyhow!("demo challenge {}: {:?}", c[0], e.first()))?;
    let id = db.create_challenge(who, city_id, &challenge).await?;
    let v = db.challenge(id).await?.version;
    db.set_challenge_status(who, id, v, "open").await?;
    Ok(id)
}

/// A bid by `who` (one bid per account and challenge).
async fn bid(db: &Db, who: &Actor, id: i64, today: NaiveDate, b: [&str; 5]) -> anyhow::Result<i64> {
    let reward = db.challenge(id).await?.reward_fen;
    let input = BidInput {
        team_name: b[0].into(),
        team_kind: b[1].into(),
        proposal: b[2].into(),
        budget: b[3].into(),
        months: b[4].into(),
    };
    let bid = input
        .validate(reward)
        .map_err(|e| anyhow::anyhow!("demo bid {}: {:?}", b[0], e.first()))?;
    Ok(db.submit_bid(who, id, &bid, today).await?)
}

async fn challenges(db: &Db, city: &DemoCity, city_id: i64, today: NaiveDate) -> anyhow::Result<()> {
    let mut who = HashMap::new();
    for name in ["staff", "admin", "university", "enterprise", "expert"] {
        who.insert(name, Actor::new(demo_user(db, name).await?.principal(), None));
    }
    let staff = &who["staff"];
    let inst = |k: usize| city.institutions[k % city.institutions.len()].name.clone();

    let open = open_challenge(
        db,
        staff,
        BUREAU,
        city_id,
        today,
        [
            "滨海盐碱地快速改良与耐盐作物配套技术",
            "在含盐量 0.3%–0.6% 的滨海盐碱地上，三年内使主栽作物亩产提高 30% 以上",
            "提出改良剂配方与灌排方案，完成 500 亩以上示范",
            "agriculture",
            "300万",
        ],
    )
    .await?;
    let team = format!("{}土壤改良团队", inst(0));
    bid(
        db,
        &who["university"],
        open,
        today,
        [
            &team,
            "institution",
            "以脱硫石膏与有机物料复合改良，配合暗管排盐和耐盐品种筛选，分两季完成示范验证",
            "260万",
            "30",
        ],
    )
    .await?;

    let reviewing = open_challenge(
        db,
        staff,
        BUREAU,
        city_id,
        today,
        [
            "高端轴承钢洁净度控制关键技术",
            "轴承钢氧含量稳定控制在 5 ppm 以下，夹杂物评级达到 GB/T 18254 优质级",
            "在本地钢厂现有产线完成三炉次以上工业试验",
            "new_materials",
            "500万",
        ],
    )
    .await?;
    let mut bids = Vec::new();
    let code = who["enterprise"].principal.enterprise_code.clone().unwrap_or_default();
    let firm = city
        .enterprises
        .iter()
        .find(|e| e.credit_code == code)
        .map_or("演示企业", |e| e.name.as_str());
    for (account, name, kind, budget) in [
        ("university", format!("{}冶金材料团队", inst(0)), "institution", "450万"),
        ("enterprise", format!("{firm}技术中心"), "enterprise", "480万"),
        ("expert", "王建国专家团队".to_owned(), "expert", "300万"),
    ] {
        let proposal = "采用精炼渣系优化、RH 真空循环脱气时长控制与中间包流场改造相结合的工艺路线，分阶段完成工业试验";
        bids.push(
            bid(
                db,
                &who[account],
                reviewing,
                today,
                [&name, kind, proposal, budget, "24"],
            )
            .await?,
        );
    }
    let v = db.challenge(reviewing).await?.version;
    db.set_challenge_status(staff, reviewing, v, "reviewing").await?;
    for (bid_id, score) in bids.iter().zip([86u8, 78, 71]) {
        db.review_bid(staff, *bid_id, score, "技术路线清晰，产线条件具备")
            .await?;
        db.review_bid(&who["admin"], *bid_id, score - 4, "经费测算偏紧，需补充产线改造计划")
            .await?;
    }

    let awarded = open_challenge(
        db,
        staff,
        BUREAU,
        city_id,
        today,
        [
            "氢燃料电池金属双极板成形与涂层技术",
            "0.1 mm 不锈钢双极板一次冲压成形，涂层接触电阻低于 10 mΩ·cm²，耐久 5000 小时",
            "完成中试线建设并向本地电堆企业小批量供货",
            "new_energy",
            "800万",
        ],
    )
    .await?;
    let winner = bid(
        db,
        &who["university"],
        awarded,
        today,
        [
            &format!("{}氢能团队", inst(0)),
            "institution",
            "采用多工步渐进冲压与碳基复合涂层，建设年产十万片中试线并与本地电堆企业联合验证",
            "750万",
            "36",
        ],
    )
    .await?;
    let v = db.challenge(awarded).await?.version;
    db.set_challenge_status(staff, awarded, v, "reviewing").await?;
    db.review_bid(staff, winner, 91, "指标先进，团队有中试经验").await?;
    let v = db.challenge(awarded).await?.version;
    db.award_challenge(staff, awarded, v, winner).await?;
    let first = db
        .add_milestone(
            staff,
            awarded,
            "完成双极板成形工艺验证",
            &(today + Days::new(90)).to_string(),
        )
        .await?;
    db.complete_milestone(staff, first, &today.to_string(), "提前完成，成形合格率 96%")
        .await?;
    db.add_milestone(
        staff,
        awarded,
        "中试线建成并小批量供货",
        &(today + Days::new(365)).to_string(),
    )
    .await?;

    // an enterprise lists its own key problem
    open_challenge(
        db,
        &who["enterprise"],
        firm,
        city_id,
        today,
        [
            "伺服电机高速工况温升抑制技术",
            "额定转速 6000 r/min 连续运行时绕组温升不超过 60 K，效率提高 2 个百分点",
            "样机通过第三方型式试验，可在现有产线批量生产",
            "advanced_manufacturing",
            "120万",
        ],
    )
    .await?;
    Ok(())
}
