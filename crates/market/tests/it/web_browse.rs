//! Browsing the market's lists through HTTP on both backends: pages of
//! published achievements and demands with filters, the statuses only
//! reviewers may list (in their own region), the same lists as JSON, the
//! contract register and the challenges page by page, and errors that name
//! the field.

use crate::harness::{TestApp, page};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_market::item::AchievementInput;
use kechuang_market::store::prelude::*;
use kechuang_market::testing::{achievement, demand};

kechuang_kernel::both_backends!(crate::harness::app =>
    lists_page_and_filter,
    other_statuses_are_for_reviewers_of_the_region,
    contracts_page_and_filter,
    challenges_page_and_filter
);

/// How many rows the browse table holds.
fn rows(html: &str) -> usize {
    let table = html
        .split("data-testid=\"browse-list\"")
        .nth(1)
        .expect("browse table")
        .split("</table>")
        .next()
        .unwrap();
    table.matches("<tr><td><a href=").count()
}

/// Each (query, message) asked of `path` is refused with 422 and the message.
async fn refused(app: &TestApp, client: &reqwest::Client, path: &str, cases: &[(&str, &str)]) {
    for (query, message) in cases {
        let resp = client.get(app.url(&format!("{path}?{query}"))).send().await.unwrap();
        assert_eq!(resp.status(), 422, "{query}");
        assert!(resp.text().await.unwrap().contains(message), "{query}");
    }
}

async fn under_review(app: &TestApp, title: &str, region: i64) -> i64 {
    let input = AchievementInput {
        title: title.into(),
        summary: "待审核的成果简介".into(),
        field: "environment".into(),
        maturity: "pilot".into(),
        owner_name: "某研究院".into(),
        ..Default::default()
    };
    app.test_db
        .db
        .create_achievement(
            &Actor::system(),
            region,
            &input.validate().unwrap(),
            kechuang_market::vocab::AchievementStatus::UnderReview,
        )
        .await
        .unwrap()
}

async fn lists_page_and_filter(app: TestApp) {
    for i in 0..23 {
        let field = if i % 2 == 0 { "environment" } else { "new_energy" };
        achievement(
            &app,
            [
                &format!("浏览测试成果{i:02}"),
                "",
                "用于分页的成果简介",
                field,
                "pilot",
                "",
            ],
        )
        .await;
    }
    achievement(
        &app,
        ["生物滤池除臭技术", "除臭", "硫化氢去除", "environment", "pilot", ""],
    )
    .await;
    under_review(&app, "尚未发布的成果", app.regions.city).await;
    demand(&app, "污水站臭味处理", "需要除臭", "environment").await;
    let (anon, _) = app.anonymous().await;

    let first = page(&anon, &app.url("/market/achievements")).await;
    assert_eq!(rows(&first), 20, "a page holds twenty rows");
    assert!(first.contains("生物滤池除臭技术"), "newest first");
    assert!(first.contains("：24"), "the total counts the published ones only");
    assert!(!first.contains("尚未发布的成果"));
    assert!(first.contains("page=2"), "a link to the next page");
    let second = page(&anon, &app.url("/market/achievements?page=2")).await;
    assert_eq!(rows(&second), 4);
    assert!(second.contains("浏览测试成果00"));

    let env = page(&anon, &app.url("/market/achievements?field=environment")).await;
    assert!(env.contains("：13"), "12 of the series and the odour one");
    assert!(!env.contains("浏览测试成果01"));
    // the field is given as a code or its Chinese name
    let by_name = page(&anon, &app.url("/market/achievements?field=资源与环境")).await;
    assert_eq!(rows(&by_name), rows(&env));
    let words = page(&anon, &app.url("/market/achievements?q=除臭")).await;
    assert_eq!(rows(&words), 1);
    assert!(words.contains("生物滤池除臭技术"));
    assert!(words.contains("value=\"除臭\""), "the form keeps the filter: {words}");

    // an export takes the list's filters
    let csv = page(
        &anon,
        &app.url("/market/export?kind=achievements&format=csv&field=environment"),
    )
    .await;
    assert_eq!(csv.lines().filter(|l| !l.trim().is_empty()).count(), 1 + 13, "{csv}");
    assert!(!csv.contains("浏览测试成果01"));
    assert!(env.contains("field=environment"), "the export link keeps the filter");

    let demands = page(&anon, &app.url("/market/demands?status=published")).await;
    assert_eq!(rows(&demands), 1);
    assert!(demands.contains("污水站臭味处理"));

    // the same lists as JSON, with a page size of the caller's choosing
    let api: serde_json::Value = anon
        .get(app.url("/api/v1/market/achievements?field=environment&per_page=5&page=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 13);
    let items = api["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "13 = 5 + 5 + 3");
    assert!(
        items
            .iter()
            .all(|i| i["field"] == "environment" && i["status"] == "published")
    );
    assert!(items[0]["url"].as_str().unwrap().starts_with("/market/achievements/"));
    let api: serde_json::Value = anon
        .get(app.url("/api/v1/market/demands"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["items"][0]["title"], "污水站臭味处理");
    let resp = anon
        .get(app.url("/api/v1/market/achievements?per_page=101"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["field"], "per_page");

    let bad = [
        ("status=nonsense", "status：无法识别"),
        ("field=nonsense", "未知技术领域"),
        ("page=0", "页码"),
        ("page=x", "页码"),
    ];
    refused(&app, &anon, "/market/achievements", &bad).await;
}

async fn other_statuses_are_for_reviewers_of_the_region(app: TestApp) {
    under_review(&app, "本市待审成果", app.regions.county).await;
    under_review(&app, "外市待审成果", app.regions.other_county).await;
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (c, _) = app.session(&staff).await;
    let html = page(&c, &app.url("/market/achievements?status=under_review")).await;
    assert!(html.contains("本市待审成果"), "the city's staff see their counties");
    assert!(!html.contains("外市待审成果"), "but not another city's");
    assert!(html.contains("value=\"draft\""), "reviewers may pick any status");

    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (f, _) = app.session(&firm).await;
    let resp = f
        .get(app.url("/market/achievements?status=under_review"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let resp = f
        .get(app.url("/api/v1/market/achievements?status=under_review"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "the API keeps the same rule");
    let token = app.token(&staff).await;
    let api: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/market/achievements?status=审核中"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 1);
    assert_eq!(api["items"][0]["title"], "本市待审成果");
    let html = page(&f, &app.url("/market/achievements")).await;
    assert!(!html.contains("value=\"draft\""), "others choose among public statuses");
}

async fn contracts_page_and_filter(app: TestApp) {
    for i in 0..23 {
        kechuang_market::testing::contract(&app, &format!("HT-{i:03}"), "北京某大学", "京津", "100万").await;
    }
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (c, _) = app.session(&staff).await;
    let count = |html: &str| html.matches("<tr><td><a href=\"/market/contracts/").count();
    let first = page(&c, &app.url("/market/contracts")).await;
    assert_eq!(count(&first), 20);
    assert!(first.contains("：23"), "the total");
    let second = page(&c, &app.url("/market/contracts?page=2&kind=技术开发")).await;
    assert_eq!(count(&second), 3);
    let none = page(&c, &app.url("/market/contracts?kind=consulting")).await;
    assert_eq!(count(&none), 0);
    let lines = |csv: &str| csv.lines().filter(|l| !l.trim().is_empty()).count();
    let all = page(&c, &app.url("/market/export?kind=contracts&format=csv&year=2026")).await;
    assert_eq!(lines(&all), 1 + 23);
    let consulting = page(
        &c,
        &app.url("/market/export?kind=contracts&format=csv&contract_kind=技术咨询"),
    )
    .await;
    assert_eq!(lines(&consulting), 1, "{consulting}");
    let resp = c
        .get(app.url("/market/export?kind=contracts&format=csv&contract_kind=nonsense"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let bad = [
        ("year=20x6", "年度"),
        ("kind=nonsense", "未知合同类型"),
        ("page=-1", "页码"),
    ];
    refused(&app, &c, "/market/contracts", &bad).await;
}

async fn challenges_page_and_filter(app: TestApp) {
    for _ in 0..21 {
        kechuang_market::testing::open_challenge(&app).await;
    }
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (c, _) = app.session(&firm).await;
    let count = |html: &str| html.matches("<tr><td><a href=\"/market/challenges/").count();
    let first = page(&c, &app.url("/market/challenges")).await;
    assert_eq!(count(&first), 20);
    assert!(first.contains("：21"));
    assert_eq!(count(&page(&c, &app.url("/market/challenges?page=2")).await), 1);
    assert_eq!(count(&page(&c, &app.url("/market/challenges?status=揭榜中")).await), 20);
    assert_eq!(count(&page(&c, &app.url("/market/challenges?status=awarded")).await), 0);
    assert!(!first.contains("value=\"draft\""), "drafts are the bureau's");
    let resp = c.get(app.url("/market/challenges?status=draft")).send().await.unwrap();
    assert_eq!(resp.status(), 403);
    let resp = c
        .get(app.url("/market/challenges?status=nonsense"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, _) = app.session(&staff).await;
    let drafts = page(&s, &app.url("/market/challenges?status=draft")).await;
    assert_eq!(count(&drafts), 0);
    assert!(drafts.contains("value=\"draft\""));
}
