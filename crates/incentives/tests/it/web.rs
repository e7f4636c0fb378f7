//! The incentives pages over HTTP on both backends: a loan recorded by
//! staff becomes an entitlement the firm confirms; staff approve, batch,
//! export and settle it; an application goes through county and city
//! review; the funnel counts it; scope, permissions and bad input.

use chrono::Datelike;
use kechuang_incentives::store::prelude::*;
use kechuang_incentives::store::setup::{Enactment, EnactmentMode};
use kechuang_kernel::audit::Actor;
use kechuang_kernel::role::Role;
use kechuang_sheets::{Cell, table_to_xlsx};
use kechuang_shell::testing::{ENTERPRISE_CODE, TestApp, page};

async fn app(backend: &str) -> TestApp {
    TestApp::spawn(
        backend,
        &[
            &kechuang_registry::CAPABILITY,
            &kechuang_credit::CAPABILITY,
            &kechuang_incentives::CAPABILITY,
        ],
    )
    .await
}

kechuang_kernel::both_backends!(app => found_confirmed_approved_batched_paid, applied_reviewed_approved, scope_permissions_and_bad_input);

/// Applies 盘锦 2019 in the test city and gives it budgets; the test firm
/// is in the registry.
async fn setup(app: &TestApp) {
    let sys = Actor::system();
    let svc = kechuang_incentives::service::Incentives::load(None).unwrap();
    let today = kechuang_kernel::clock::today();
    app.db
        .enact(
            &sys,
            app.regions.city,
            svc.set("panjin-2019").unwrap(),
            &Enactment {
                set_id: "panjin-2019",
                mode: EnactmentMode::InForce,
                from: chrono::NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap(),
                to: today + chrono::Days::new(30),
                notice: "测试",
            },
        )
        .await
        .unwrap();
    kechuang_registry::testing::fixture(&app.db, app.regions.county).await;
}

fn form(csrf: &str, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    v.push(("_csrf".into(), csrf.into()));
    v
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn found_confirmed_approved_batched_paid(app: TestApp) {
    setup(&app).await;
    let staff = app.user("staff", Role::BureauAdmin, app.regions.city).await;
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (s, scsrf) = app.session(&staff).await;
    let (f, fcsrf) = app.session(&firm).await;
    let today = kechuang_kernel::clock::today().to_string();
    let year = kechuang_kernel::clock::today().year().to_string();
    // staff record the firm's IP-pledge loan: the rules run at once
    let resp = s
        .post(app.url("/incentives/events"))
        .form(&form(
            &scsrf,
            &[
                ("kind", "ip_pledge_loan"),
                ("credit_code", ENTERPRISE_CODE),
                ("occurred_on", &today),
                ("reference", "质押〔2026〕99号"),
                ("fact.principal_yuan", "1000万元"),
                ("fact.benchmark_rate_pct", "4.35"),
                ("fact.days", "365"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
    let entitlement = location(&resp);
    assert!(entitlement.starts_with("/incentives/entitlements/"), "{entitlement}");
    let id = entitlement.rsplit('/').next().unwrap().to_owned();
    let html = page(&s, &app.url(&entitlement)).await;
    assert!(
        html.contains("1000万元 × 4.35% × 365") && html.contains("× 50% = 21.75万元，不超过上限50万元"),
        "{html}"
    );
    assert!(html.contains("盘锦 2019 二(四)13"));
    // the firm sees it (told: it has an account) and confirms with its account
    let mine = page(&f, &app.url("/incentives/mine")).await;
    assert!(
        mine.contains("21.75万元") && mine.contains(&format!("entitlement-{id}")),
        "{mine}"
    );
    let bad = f
        .post(app.url(&format!("/incentives/mine/{id}/confirm")))
        .form(&form(&fcsrf, &[("bank_name", "盘锦银行"), ("bank_account", "12ab")]))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let ok = f
        .post(app.url(&format!("/incentives/mine/{id}/confirm")))
        .form(&form(
            &fcsrf,
            &[("bank_name", "盘锦银行"), ("bank_account", "6217 0000 1234 5678")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    // approving without a budget says so; with one it commits
    let no_budget = s
        .post(app.url(&format!("/incentives/entitlements/{id}/approve")))
        .form(&form(&scsrf, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(no_budget.status(), 422);
    assert!(no_budget.text().await.unwrap().contains("预算"));
    let city = app.regions.city.to_string();
    let resp = s
        .post(app.url("/incentives/budgets"))
        .form(&form(
            &scsrf,
            &[
                ("line", "panjin-2019/science_fund"),
                ("region_id", &city),
                ("year", &year),
                ("amount", "2000万元"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let resp = s
        .post(app.url(&format!("/incentives/entitlements/{id}/approve")))
        .form(&form(&scsrf, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let budgets = page(&s, &app.url("/incentives/budgets")).await;
    assert!(budgets.contains("1978.25万元"), "remaining after 21.75万: {budgets}");
    // a batch, its sheet, and the sheet returned by the finance bureau
    let resp = s
        .post(app.url("/incentives/batches"))
        .form(&form(&scsrf, &[]))
        .send()
        .await
        .unwrap();
    let batch = location(&resp);
    assert!(batch.starts_with("/incentives/batches/"), "{batch}");
    let sheet = s.get(app.url(&format!("{batch}/sheet"))).send().await.unwrap();
    assert_eq!(sheet.status(), 200);
    let table = kechuang_sheets::read_table("b.xlsx", &sheet.bytes().await.unwrap()).unwrap();
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cell(0), id);
    assert_eq!(table.rows[0].cell(4), "217500");
    let headers: Vec<&str> = kechuang_incentives::web::SHEET_HEADERS.to_vec();
    let returned = |result: &str| {
        let mut row: Vec<Cell> = table.rows[0].cells.iter().map(|c| Cell::Text(c.clone())).collect();
        row[8] = Cell::Text(result.into());
        row[9] = Cell::Text("云财支〔2026〕1号".into());
        table_to_xlsx("拨付清单", &headers, &[row]).unwrap()
    };
    let upload = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("returned.xlsx"),
        )
    };
    let resp = s
        .post(app.url(&format!("{batch}/settle")))
        .header("x-csrf-token", &scsrf)
        .multipart(upload(returned("也许")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.unwrap().contains("第2行"));
    let resp = s
        .post(app.url(&format!("{batch}/settle")))
        .header("x-csrf-token", &scsrf)
        .multipart(upload(returned("已拨付")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let e = page(&s, &app.url(&entitlement)).await;
    assert!(e.contains("云财支〔2026〕1号"));
    assert!(
        e.contains("data-testid=\"replay\"><span class=\"badge ok\">"),
        "replays to the same figure"
    );
    // the funnel counts it at every stage
    let funnel = page(&s, &app.url("/incentives")).await;
    let total = funnel.split("data-testid=\"funnel-total\"").nth(1).unwrap();
    assert!(
        total.contains("<td>1</td><td>1</td><td>1</td><td>1</td><td>1</td><td>0</td>"),
        "{total}"
    );
    let api: serde_json::Value = s
        .get(app.url("/api/v1/incentives/funnel"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api[0]["paid"], 1);
}

async fn applied_reviewed_approved(app: TestApp) {
    setup(&app).await;
    let sys = Actor::system();
    app.db
        .set_budget(
            &sys,
            &kechuang_incentives::store::budgets::BudgetInput {
                region_id: app.regions.city,
                set_id: "panjin-2019".into(),
                line: "talent_fund".into(),
                year: i64::from(kechuang_kernel::clock::today().year()),
                amount_fen: 100 * 10_000 * 100,
            },
        )
        .await
        .unwrap();
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let county = app.user("county", Role::CountyOfficer, app.regions.county).await;
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (f, fcsrf) = app.session(&firm).await;
    let (c, ccsrf) = app.session(&county).await;
    let (s, scsrf) = app.session(&staff).await;
    let calc = page(&f, &app.url("/incentives/calculator")).await;
    assert!(calc.contains("全日制博士购买首套住房补贴"), "{calc}");
    let today = kechuang_kernel::clock::today().to_string();
    let apply = |requested: &str| {
        form(
            &fcsrf,
            &[
                ("rule", "panjin-2019/doctor-home"),
                ("occurred_on", &today),
                ("fact.price_yuan", "135万元"),
                ("fact.first_home", "true"),
                ("fact.employed_locally", "true"),
                ("requested", requested),
                ("bank_name", "盘锦银行"),
                ("bank_account", "6217000012345678"),
                ("statement", "引进博士购房"),
            ],
        )
    };
    let bad = f
        .post(app.url("/incentives/apply"))
        .form(&apply("很多"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let resp = f
        .post(app.url("/incentives/apply"))
        .form(&apply("12万元"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let a = location(&resp);
    let review = |client: &reqwest::Client, csrf: &str, decision: &str, amount: &str| {
        client
            .post(app.url(&format!("{a}/review")))
            .form(&form(
                csrf,
                &[("decision", decision), ("reason", "材料齐全"), ("amount", amount)],
            ))
            .send()
    };
    // the city cannot take the county's step
    assert_eq!(review(&s, &scsrf, "approve", "").await.unwrap().status(), 422);
    assert_eq!(review(&c, &ccsrf, "approve", "").await.unwrap().status(), 303);
    assert_eq!(
        review(&c, &ccsrf, "approve", "").await.unwrap().status(),
        422,
        "the county has decided"
    );
    // the city approves at most the ceiling
    assert_eq!(review(&s, &scsrf, "approve", "13万元").await.unwrap().status(), 422);
    assert_eq!(review(&s, &scsrf, "approve", "10万元").await.unwrap().status(), 303);
    let html = page(&f, &app.url(&a)).await;
    assert!(html.contains("已批准"), "{html}");
    assert_eq!(html.matches("<td>同意</td>").count(), 2);
}

async fn scope_permissions_and_bad_input(app: TestApp) {
    setup(&app).await;
    let sys = Actor::system();
    let svc = kechuang_incentives::service::Incentives::load(None).unwrap();
    let today = kechuang_kernel::clock::today();
    let (region_id, ..) = app.db.enterprise_place(ENTERPRISE_CODE).await.unwrap().unwrap();
    let event = kechuang_incentives::rules::event::Event {
        kind: kechuang_incentives::rules::event::EventKind::IpPledgeLoan,
        date: today,
        subject: kechuang_incentives::rules::event::Subject {
            credit_code: ENTERPRISE_CODE.into(),
            county: String::new(),
            name: "廊坊测试科技有限公司".into(),
        },
        facts: [
            ("principal_yuan".to_owned(), serde_json::json!("1000000")),
            ("benchmark_rate_pct".to_owned(), serde_json::json!("4")),
            ("days".to_owned(), serde_json::json!("365")),
        ]
        .into_iter()
        .collect(),
    };
    let saved = svc
        .record(&app.db, &sys, region_id, &event, "form", "质押1")
        .await
        .unwrap();
    let id = saved.iter().find_map(|s| s.fresh()).unwrap();
    let other = app.user("other", Role::CountyOfficer, app.regions.other_county).await;
    let (o, _) = app.session(&other).await;
    let resp = o
        .get(app.url(&format!("/incentives/entitlements/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404, "another county's entitlement is not found");
    let firm = app.user("firm", Role::EnterpriseUser, app.regions.county).await;
    let (f, _) = app.session(&firm).await;
    assert_eq!(
        f.get(app.url("/incentives/entitlements"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let (anon, acsrf) = app.anonymous().await;
    let policies = page(&anon, &app.url("/incentives/policies")).await;
    assert!(policies.contains("知识产权质押贷款贴息"), "the policies are public");
    let rule = page(&anon, &app.url("/incentives/policies/panjin-2019/ip-pledge-interest")).await;
    assert!(rule.contains("按貸款基準利率50%予以貼息"), "quotes the seed");
    let staff = app.user("staff", Role::BureauStaff, app.regions.city).await;
    let (s, _) = app.session(&staff).await;
    for path in [
        "/incentives/entitlements?year=二〇二六",
        "/incentives/entitlements?page=x",
        "/incentives?year=x",
        "/incentives/preview?set=panjin-2019&from=2026-13-01",
        "/incentives/apply?rule=none/such",
        "/incentives/events/new?kind=%FF",
        "/api/v1/incentives/entitlements?status=nonsense",
        "/api/v1/incentives/entitlements?limit=0",
    ] {
        let resp = s.get(app.url(path)).send().await.unwrap();
        assert!(
            resp.status() == 422 || resp.status() == 403 || resp.status() == 200,
            "{path}: {}",
            resp.status()
        );
        assert_ne!(resp.status(), 500, "{path}");
    }
    assert_eq!(
        s.get(app.url("/incentives/policies/none/such"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let compute = anon
        .post(app.url("/api/v1/incentives/compute?set=panjin-2019"))
        .header("content-type", "application/json")
        .header("x-csrf-token", &acsrf)
        .body(r#"{"kind":"ip_pledge_loan","date":"2020-05-18","subject":{"credit_code":"x"},"facts":{"principal_yuan":"abc"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(compute.status(), 422);
    assert!(compute.text().await.unwrap().contains("principal_yuan"));
    let preview = page(
        &s,
        &app.url("/incentives/preview?set=langfang-2021&param.digital_rate=10%25"),
    )
    .await;
    assert!(preview.contains("data-testid=\"preview-total\""), "{preview}");
}
