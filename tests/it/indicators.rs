//! Indicators over a real server: a plan target bound to a registry count
//! follows the certificates; the pages, entry of statistics with their
//! source, the export and the API, each within the viewer's scope.

use crate::common::{Fixtures, TestApp};
use chrono::Days;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_plans::store::prelude::*;
use kechuang_registry::store::prelude::*;
use kechuang_shell::testing::{ENTERPRISE_CODE, page};

kechuang_kernel::both_backends!(crate::common::app =>
    a_target_bound_to_the_hte_count_follows_the_registry,
    pages_entry_export_and_api_keep_to_the_scope,
    a_county_assessment_reads_the_computed_figures_unless_typed_in,
    open_data_publishes_nothing_private_and_is_rate_limited,
);

async fn certify(app: &TestApp) {
    let code = kechuang_kernel::credit_code::CreditCode::parse(ENTERPRISE_CODE).unwrap();
    let ent = app.db.enterprise_by_code(&code).await.unwrap().unwrap();
    let today = kechuang_kernel::clock::today();
    app.db
        .add_certificate(
            &Actor::system(),
            &ent,
            &kechuang_registry::Certificate {
                kind: kechuang_registry::certificate::CertificateKind::HighTechEnterprise,
                number: "GR202613000001".into(),
                issued_on: today - Days::new(30),
                expires_on: today + Days::new(1000),
            },
        )
        .await
        .unwrap();
}

async fn a_target_bound_to_the_hte_count_follows_the_registry(app: TestApp) {
    let fx = app.plan_fixture().await;
    app.registry_fixture().await;
    let staff = app.user("staff", Role::BureauAdmin, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    let version = app.db.plan_target(fx.target).await.unwrap().version;
    let version = version.to_string();
    let ok = s
        .post(app.url(&format!("/plans/{}/items/targets/{}", fx.plan, fx.target)))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("indicator", "高新技术企业"),
            ("kind", "level"),
            ("direction", "up"),
            ("target_value", "600"),
            ("unit", "家"),
            ("target_year", "2026"),
            ("metric", "indicators.hte_held"),
            ("action", "save"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303, "{}", ok.text().await.unwrap());
    let target = format!("/plans/{}/targets/{}", fx.plan, fx.target);
    let before = page(&s, &app.url(&target)).await;
    assert!(
        before.contains("年末（12月31日）"),
        "the page says what is counted: {before}"
    );
    assert!(before.contains("<td>0 家</td>"), "no certificate yet");
    certify(&app).await;
    let after = page(&s, &app.url(&target)).await;
    assert!(after.contains("<td>1 家</td>"), "{after}");
    let board = page(&s, &app.url(&format!("/plans/{}", fx.plan))).await;
    assert!(board.contains("系统计算"), "{board}");
}

async fn pages_entry_export_and_api_keep_to_the_scope(app: TestApp) {
    app.registry_fixture().await;
    certify(&app).await;
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, _) = app.session(&staff).await;
    let html = page(&s, &app.url("/indicators")).await;
    assert!(
        html.contains("data-indicator=\"hte_held\"") && html.contains("高新技术企业数"),
        "{html}"
    );
    let one = page(&s, &app.url("/indicators/hte_held")).await;
    assert!(
        one.contains("data-testid=\"breakdown\"") && one.contains("口径版本"),
        "{one}"
    );
    assert_eq!(
        s.get(app.url("/indicators/nonsense")).send().await.unwrap().status(),
        404
    );
    // a county officer: own county only
    let officer = app.user("officer", Role::CountyOfficer, app.regions.county).await;
    let (o, csrf) = app.session(&officer).await;
    let other = o
        .get(app.url(&format!("/indicators?area=r{}", app.regions.other_county)))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 422);
    let enter = |value: &'static str, region: i64| {
        let o = o.clone();
        let csrf = csrf.clone();
        let url = app.url("/indicators/inputs");
        async move {
            o.post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("indicator", "gdp"),
                    ("region_id", region.to_string().as_str()),
                    ("year", "2025"),
                    ("value", value),
                    ("source", "2025年统计公报"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // seen once before the entry: the page computes (and keeps) the county's book
    let before = page(&o, &app.url("/indicators/gdp?year=2025")).await;
    assert!(!before.contains("321.50"));
    let bad = enter("十亿", app.regions.county).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("value"));
    let outside = enter("10", app.regions.other_county).await;
    assert!(matches!(outside.status().as_u16(), 403 | 404), "{}", outside.status());
    let ok = enter("321.5", app.regions.county).await;
    assert_eq!(ok.status(), 303);
    let inputs = page(&o, &app.url("/indicators/inputs")).await;
    assert!(
        inputs.contains("321.5") && inputs.contains("2025年统计公报"),
        "{inputs}"
    );
    // the entry clears the kept books: the page shows it at once
    let gdp = page(&o, &app.url("/indicators/gdp?year=2025")).await;
    assert!(gdp.contains("321.50") && gdp.contains("data-testid=\"used\""), "{gdp}");
    // the export and the API
    let x = s.get(app.url("/indicators/export?year=2025")).send().await.unwrap();
    assert_eq!(x.status(), 200);
    assert!(x.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let api: serde_json::Value = s
        .get(app.url("/api/v1/indicators?year=2026"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = api.as_array().unwrap();
    let held = rows
        .iter()
        .find(|r| r["indicator"] == "hte_held" && r["year"] == 2026)
        .unwrap();
    assert_eq!(held["value"], 1.0, "{held}");
    assert!(held["sources"].as_array().unwrap().iter().any(|t| t == "certificates"));
    // the yearly report: a page, a workbook and a PDF printed on the server
    let report = page(&s, &app.url("/indicators/report?year=2026")).await;
    assert!(
        report.contains("data-testid=\"report-summary\"") && report.contains("年度科技创新指标报告"),
        "{report}"
    );
    let x = s
        .get(app.url("/indicators/report?year=2026&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert!(x.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let pdf = s
        .get(app.url("/indicators/report?year=2026&format=pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let bad = s.get(app.url("/indicators/report?format=doc")).send().await.unwrap();
    assert_eq!(bad.status(), 422);
    // the quarterly bulletin: the certified firm counts in the quarter under way
    let today = kechuang_kernel::clock::today();
    let quarter = chrono::Datelike::month0(&today) / 3 + 1;
    let b = page(&s, &app.url(&format!("/indicators/bulletin?quarter={quarter}"))).await;
    assert!(
        b.contains("data-testid=\"bulletin-table\"") && b.contains("年度口径"),
        "{b}"
    );
    let row = b.split("<tr>").find(|r| r.contains("<td>高新技术企业数")).unwrap();
    assert!(row.contains("<td class=\"num\">1</td>"), "{row}");
    let x = s
        .get(app.url("/indicators/bulletin?quarter=1&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert!(x.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let pdf = s
        .get(app.url("/indicators/bulletin?quarter=1&format=pdf"))
        .send()
        .await
        .unwrap();
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let future = s
        .get(app.url("/indicators/bulletin?year=2099&quarter=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(future.status(), 422);
    // firms do not see indicators
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (f, _) = app.session(&firm).await;
    assert_eq!(f.get(app.url("/indicators")).send().await.unwrap().status(), 403);
}

async fn a_county_assessment_reads_the_computed_figures_unless_typed_in(app: TestApp) {
    app.registry_fixture().await;
    certify(&app).await;
    let staff = app.user("staff", Role::BureauAdmin, app.regions.city).await;
    let (s, csrf) = app.session(&staff).await;
    let year = chrono::Datelike::year(&kechuang_kernel::clock::today()).to_string();
    let created = s
        .post(app.url("/assessments"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("region_id", app.regions.city.to_string().as_str()),
            ("year", year.as_str()),
            ("name", "科技创新考核"),
            ("use_new_hte", "on"),
            ("w_new_hte", "100"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303, "{}", created.text().await.unwrap());
    let at = created.headers()["location"].to_str().unwrap().to_owned();
    let html = page(&s, &app.url(&at)).await;
    // the county with the newly certified firm: 1, computed, and scored on it
    assert!(html.contains("系统计算 1<"), "{html}");
    let table = html.split("data-testid=\"scores-table\"").nth(1).unwrap();
    assert!(table.contains("<small>(1)</small>"), "{table}");
    // a typed-in value overrides the computed one, and says so
    let id = at.rsplit('/').next().unwrap().parse::<i64>().unwrap();
    let scope = kechuang_kernel::scope::Scope::everything();
    let version = app.db.assessment(&scope, id).await.unwrap().version.to_string();
    let cell = format!("v_{}_new_hte", app.regions.county);
    let saved = s
        .post(app.url(&at))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("w_new_hte", "100"),
            (cell.as_str(), "3"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let html = page(&s, &app.url(&at)).await;
    assert!(html.contains("已填报，覆盖系统计算值 1"), "{html}");
    let table = html.split("data-testid=\"scores-table\"").nth(1).unwrap();
    assert!(
        table.contains("<small>(3)</small>"),
        "scored on the typed-in 3: {table}"
    );
}

const PHONE: &str = "13800001111";

async fn open_data_publishes_nothing_private_and_is_rate_limited(app: TestApp) {
    use kechuang_market::store::prelude::*;
    let sys = Actor::system();
    // a platform with a private contact, a published and a draft achievement,
    // a published demand
    let mut contact = serde_json::Map::new();
    contact.insert("phone".into(), PHONE.into());
    contact.insert("contact_name".into(), "张联系".into());
    let mut attrs = serde_json::Map::new();
    attrs.insert("host_name".into(), "云州理工学院".into());
    app.db
        .upsert_record(
            &sys,
            "platform",
            "PT-9001",
            kechuang_registry::store::records::RecordFields {
                name: "云州新材料重点实验室".into(),
                region_id: app.regions.county,
                category: "key_lab".into(),
                level: "provincial".into(),
                status: "active".into(),
                attrs,
                contact,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let published = kechuang_market::testing::achievement(
        &app,
        [
            "生物滤池除臭技术",
            "除臭",
            "硫化氢去除率95%",
            "environment",
            "industrialised",
            "",
        ],
    )
    .await;
    let draft = kechuang_market::item::AchievementInput {
        title: "未发布的草稿成果".into(),
        summary: format!("联系电话{PHONE}"),
        owner_name: "某研究院".into(),
        ..Default::default()
    };
    app.db
        .create_achievement(
            &sys,
            app.regions.city,
            &draft.validate().unwrap(),
            kechuang_market::vocab::AchievementStatus::Draft,
        )
        .await
        .unwrap();
    kechuang_market::testing::demand(&app, "污水站臭味处理", "需要除臭", "environment").await;
    // anonymous visitors, field by field
    let anon = crate::common::client(None);
    let get = |path: String| {
        let anon = anon.clone();
        let url = app.url(&path);
        async move { anon.get(url).send().await.unwrap() }
    };
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let page: serde_json::Value = get("/api/v1/open/achievements".into()).await.json().await.unwrap();
    assert!(page["licence"].as_str().unwrap().contains("开放数据许可"));
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the draft is not open: {page}");
    assert_eq!(items[0]["id"], published);
    assert_eq!(
        keys(&items[0]),
        [
            "chain_tags",
            "expires_on",
            "field",
            "id",
            "keywords",
            "maturity",
            "owner_name",
            "price_max_fen",
            "price_min_fen",
            "published_on",
            "region",
            "region_code",
            "summary",
            "title",
            "transfer_modes",
            "trl"
        ]
    );
    let page: serde_json::Value = get("/api/v1/open/platforms".into()).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    let lab = items.iter().find(|i| i["code"] == "PT-9001").unwrap();
    assert_eq!(
        keys(lab),
        [
            "chain_tags",
            "code",
            "field",
            "host_name",
            "id",
            "kind",
            "level",
            "name",
            "recognised_on",
            "region",
            "region_code",
            "status"
        ]
    );
    assert_eq!(lab["host_name"], "云州理工学院");
    let page: serde_json::Value = get("/api/v1/open/demands".into()).await.json().await.unwrap();
    assert_eq!(
        keys(&page["items"][0]),
        [
            "budget_max_fen",
            "budget_min_fen",
            "chain_tags",
            "cooperation",
            "deadline",
            "description",
            "enterprise_name",
            "expected",
            "field",
            "id",
            "keywords",
            "published_on",
            "region",
            "region_code",
            "title"
        ]
    );
    // nothing private in any dataset, whole
    for set in ["achievements", "demands", "platforms", "figures"] {
        for ext in ["csv", "json"] {
            let resp = get(format!("/open/{set}.{ext}")).await;
            assert_eq!(resp.status(), 200, "{set}.{ext}");
            let body = resp.text().await.unwrap();
            for private in [PHONE, "张联系", "未发布的草稿成果", "contact", "credit_code", "bank"] {
                assert!(!body.contains(private), "{set}.{ext} holds {private}");
            }
        }
    }
    // paging by identifier, bad pages and unknown sets
    let p1: serde_json::Value = get("/api/v1/open/figures?limit=3".into()).await.json().await.unwrap();
    let next = p1["next_after"].as_i64().unwrap();
    let p2: serde_json::Value = get(format!("/api/v1/open/figures?limit=3&after={next}"))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(p1["items"][0], p2["items"][0]);
    assert_eq!(get("/api/v1/open/figures?limit=0".into()).await.status(), 422);
    assert_eq!(get("/api/v1/open/secrets".into()).await.status(), 404);
    assert_eq!(get("/open/secrets.csv".into()).await.status(), 404);
    // the limit per address
    let mut refused = 0;
    for _ in 0..kechuang_indicators::web::OPEN_PER_MINUTE {
        if get("/open".into()).await.status() == 429 {
            refused += 1;
        }
    }
    assert!(refused > 0, "the 121st request in a minute is refused");
}
