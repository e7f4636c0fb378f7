//! Cultivation pages over a real server on both backends: an enterprise
//! user opens its own clinic report (and no other), a county officer
//! generates the reports of the county, staff of another city see none of
//! it, roles without the permission are refused; the pipeline's reminders
//! and 应评尽评 list; reserve pools proposed by the rules and confirmed by
//! staff; the bank list of consenting firms; commissioners and visits.

mod common;

use common::{ENTERPRISE_CODE, TestApp, test_code};
use kechuang_domain::registry::{Certificate, CertificateKind, YearFacts};
use kechuang_domain::role::Role;
use kechuang_store::audit::Actor;
use kechuang_store::registry::EnterpriseFields;
use kechuang_store::registry::facts::FactsRow;
use reqwest::StatusCode;

both_backends!(
    clinic_reports_follow_scope,
    pipeline_reminds_and_lists_firms_to_evaluate,
    pools_propose_and_staff_confirm,
    banks_see_only_consenting_firms_of_shared_kinds,
    commissioners_cover_every_hte_firm
);

/// A firm founded in 2018 with three years of figures that meet every line
/// the data decides (R&D 6 %, S&T staff 20 %, high-tech revenue 70 %).
async fn firm(app: &TestApp, code: &str, name: &str, region_id: i64) {
    let db = &app.test_db.db;
    let sys = Actor::system();
    let parsed = kechuang_domain::credit_code::CreditCode::parse(code).unwrap();
    db.upsert_enterprise(
        &sys,
        &parsed,
        EnterpriseFields {
            name: name.into(),
            former_names: "[]".into(),
            chain_tags: "[\"新一代信息技术\"]".into(),
            region_id,
            founded_on: Some("2018-03-01".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let last = chrono::Utc::now()
        .date_naive()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let rows = (last - 2..=last)
        .enumerate()
        .map(|(i, year)| FactsRow {
            line: i + 2,
            code: code.into(),
            facts: YearFacts {
                year,
                employees: 100,
                st_staff: 20,
                revenue_fen: 4_000_000_000,
                high_tech_revenue_fen: 2_800_000_000,
                rd_expense_fen: 240_000_000,
                rd_expense_in_china_fen: 240_000_000,
                total_assets_fen: 8_000_000_000,
                net_assets_fen: 4_000_000_000,
                invention_patents: 2,
                utility_models: 5,
                software_copyrights: 3,
                ..Default::default()
            },
        })
        .collect();
    db.import_facts(&sys, None, rows, &|_| {}).await.unwrap();
}

async fn clinic_reports_follow_scope(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    firm(&app, ENTERPRISE_CODE, "廊坊测试科技有限公司", r.county).await;
    let other = test_code(7);
    firm(&app, &other, "保定另一科技有限公司", r.other_county).await;

    // Certified in the middle of last year: the tier history changes there.
    let last_year = chrono::Utc::now()
        .date_naive()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap()
        - 1;
    let mid = chrono::NaiveDate::from_ymd_opt(last_year, 6, 30).unwrap();
    let until = chrono::NaiveDate::from_ymd_opt(last_year + 3, 6, 29).unwrap();
    certify(
        &app,
        ENTERPRISE_CODE,
        CertificateKind::HighTechEnterprise,
        "GR-MID",
        mid,
        until,
    )
    .await;
    // Experts of the same chain: one available for clinic tours, one not.
    for (code, name, available) in [("EX-1", "张问诊", true), ("EX-2", "李未约", false)] {
        let mut attrs = serde_json::Map::new();
        attrs.insert("clinic_available".into(), serde_json::Value::Bool(available));
        app.test_db
            .db
            .upsert_record(
                &Actor::system(),
                "expert",
                code,
                kechuang_store::records::RecordFields {
                    name: name.into(),
                    region_id: r.county,
                    area: "local".into(),
                    chain_tags: vec!["新一代信息技术".into()],
                    attrs,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (c, _) = app.session(&owner).await;
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{ENTERPRISE_CODE}")))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let html = resp.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("科技创新体检报告"), "{html}");
    assert!(html.contains(r#"data-testid="clinic-hte""#), "the HTE table is there");
    assert!(
        html.contains("数据达标，待补充材料与专家评价"),
        "figures pass, answers pending"
    );
    assert!(html.contains("研发费用占比 6.00%"), "a strength with its figure");
    assert!(html.contains(r#"data-testid="clinic-trend""#));
    assert!(
        html.contains(&format!(r#"data-testid="tier-{last_year}">高新技术企业"#)),
        "certified during last year: {html}"
    );
    assert!(
        html.contains(&format!(r#"data-testid="tier-{}">未入梯次"#, last_year - 2)),
        "not yet two years before"
    );
    let suggested = &html[html.find(r#"data-testid="clinic-suggestions""#).unwrap()..];
    assert!(
        suggested.contains("张问诊") && !suggested.contains("李未约"),
        "{suggested}"
    );
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND, "only its own report");
    let batch = c
        .get(app.url("/cultivation/clinic"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(batch.matches(r#"data-testid="clinic-report""#).count(), 1);

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, _) = app.session(&officer).await;
    let batch = c
        .get(app.url("/cultivation/clinic"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(batch.contains(&format!(r#"data-code="{ENTERPRISE_CODE}""#)));
    assert!(
        !batch.contains(&format!(r#"data-code="{other}""#)),
        "another city's firm stays out"
    );
    let resp = c
        .get(app.url(&format!("/cultivation/clinic/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    let baoding = app.user("bdstaff", Role::BureauStaff, r.other_city).await;
    let (c, _) = app.session(&baoding).await;
    let batch = c
        .get(app.url(&format!("/cultivation/clinic?region_id={}", r.other_county)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(batch.contains(&format!(r#"data-code="{other}""#)));
    assert!(!batch.contains(ENTERPRISE_CODE));

    for role in [Role::BankViewer, Role::Expert, Role::InstitutionUser] {
        let u = app
            .user(&format!("x{}", role.as_str().replace('_', "")), role, r.county)
            .await;
        let (c, _) = app.session(&u).await;
        let resp = c.get(app.url("/cultivation/clinic")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
}

async fn certify(
    app: &TestApp,
    code: &str,
    kind: CertificateKind,
    number: &str,
    issued: chrono::NaiveDate,
    expires: chrono::NaiveDate,
) {
    let db = &app.test_db.db;
    let parsed = kechuang_domain::credit_code::CreditCode::parse(code).unwrap();
    let e = db.enterprise_by_code(&parsed).await.unwrap().unwrap();
    let cert = Certificate {
        kind,
        number: number.into(),
        issued_on: issued,
        expires_on: expires,
    };
    db.add_certificate(&Actor::system(), &e, &cert).await.unwrap();
}

/// Firm A passes the tech-SME evaluation on last year's figures and holds
/// no registration: it is on the 应评尽评 list; its HTE certificate runs out
/// in 100 days: reminded. Firm B is registered and has renewed: neither.
async fn pipeline_reminds_and_lists_firms_to_evaluate(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    let b = test_code(11);
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = chrono::Utc::now().date_naive();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A-1",
        days(-995),
        days(100),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B-1",
        days(-995),
        days(100),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B-2",
        days(-5),
        days(1090),
    )
    .await;
    certify(&app, &b, CertificateKind::TechSme, "TS-B-1", days(-30), days(300)).await;

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, _) = app.session(&officer).await;
    let resp = c.get(app.url("/cultivation/pipeline")).send().await.unwrap();
    let status = resp.status();
    let html = resp.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    let section = |id: &str| {
        let start = html.find(&format!(r#"data-testid="{id}""#)).unwrap();
        let end = html[start..].find("</table>").unwrap() + start;
        html[start..end].to_owned()
    };
    let expiring = section("pipeline-expiring");
    assert!(expiring.contains("GR-A-1"), "{expiring}");
    assert!(!expiring.contains("GR-B-"), "B has renewed: {expiring}");
    let should = section("pipeline-should-apply");
    assert!(should.contains(&format!(r#"data-code="{a}""#)), "{should}");
    assert!(
        !should.contains(&format!(r#"data-code="{b}""#)),
        "B is registered: {should}"
    );
    let tiers = section("pipeline-tiers");
    assert!(tiers.contains("高新技术企业"), "{tiers}");

    let baoding = app.user("bdstaff", Role::BureauStaff, r.other_city).await;
    let (c, _) = app.session(&baoding).await;
    let html = c
        .get(app.url("/cultivation/pipeline"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("GR-A-1") && !html.contains(&a),
        "another city sees none of it"
    );
    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (c, _) = app.session(&owner).await;
    let resp = c.get(app.url("/cultivation/pipeline")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

/// The HTE reserve proposes firm A (a tech SME on its figures, R&D 6 %, no
/// HTE certificate); staff confirm it, it moves from the candidates to the
/// members, a county officer sees it but may not decide, and taking it out
/// needs a reason.
async fn pools_propose_and_staff_confirm(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let url = app.url("/cultivation/pools?pool=hte_reserve");
    let html = pools_page(&c, &url).await;
    let candidates = &html[html.find(r#"data-testid="pool-candidates""#).unwrap()..];
    assert!(candidates.contains(&format!(r#"data-code="{a}""#)), "{html}");
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "member"),
            ("reason", "科技型中小企业"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = pools_page(&c, &url).await;
    let split = html.find(r#"data-testid="pool-candidates""#).unwrap();
    assert!(
        html[..split].contains(&format!(r#"data-code="{a}" data-status="member""#)),
        "{html}"
    );
    assert!(
        !html[split..].contains(&format!(r#"data-code="{a}""#)),
        "no longer a candidate"
    );
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "removed"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        resp.status().is_client_error(),
        "a reason is required: {}",
        resp.status()
    );

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (c, csrf) = app.session(&officer).await;
    let html = pools_page(&c, &url).await;
    assert!(html.contains(&format!(r#"data-code="{a}" data-status="member""#)));
    assert!(!html.contains(r#"data-testid="pool-confirm""#), "no decision buttons");
    let resp = c
        .post(app.url("/cultivation/pools/decide"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("pool", "hte_reserve"),
            ("code", a.as_str()),
            ("decision", "removed"),
            ("note", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

async fn pools_page(c: &reqwest::Client, url: &str) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

/// Staff share HTE certificates; firm A consents, firm B does not: the bank
/// sees and exports A only, until A withdraws.
async fn banks_see_only_consenting_firms_of_shared_kinds(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let a = ENTERPRISE_CODE.to_owned();
    let b = test_code(12);
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = chrono::Utc::now().date_naive();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A",
        days(-100),
        days(900),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B",
        days(-100),
        days(900),
    )
    .await;

    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let resp = c
        .post(app.url("/cultivation/bank/settings"))
        .form(&[("_csrf", csrf.as_str()), ("kind", "high_tech_enterprise")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    let owner = app.user("owner", Role::EnterpriseUser, r.county).await;
    let (oc, ocsrf) = app.session(&owner).await;
    let page = oc
        .get(app.url(&format!("/registry/enterprises/{a}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"data-testid="bank-consent""#), "the owner is asked");
    let consent = |v: &'static str| {
        oc.post(app.url("/cultivation/bank/consent"))
            .form(&[("_csrf", ocsrf.as_str()), ("consent", v)])
            .send()
    };
    assert_eq!(consent("yes").await.unwrap().status(), StatusCode::SEE_OTHER);

    let bank = app.user("bank", Role::BankViewer, r.city).await;
    let (bc, bcsrf) = app.session(&bank).await;
    let html = bc
        .get(app.url("/cultivation/bank"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!(r#"data-code="{a}""#)), "{html}");
    assert!(!html.contains(&b), "B did not consent");
    assert!(
        !html.contains(r#"data-testid="bank-settings""#),
        "banks do not choose what is shared"
    );
    let csv = bc
        .get(app.url("/cultivation/bank/export?format=csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8_lossy(&csv);
    assert!(
        text.contains(&a) && text.contains("GR-A") && !text.contains(&b),
        "{text}"
    );
    let resp = bc
        .post(app.url("/cultivation/bank/settings"))
        .form(&[("_csrf", bcsrf.as_str()), ("kind", "gazelle")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    assert_eq!(consent("no").await.unwrap().status(), StatusCode::SEE_OTHER);
    let html = bc
        .get(app.url("/cultivation/bank"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains(&a), "withdrawn");
    let resp = oc.get(app.url("/cultivation/bank")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "enterprises do not see the list");
}

async fn expert(app: &TestApp, code: &str, name: &str, region_id: i64, available: bool) -> i64 {
    let mut attrs = serde_json::Map::new();
    attrs.insert("clinic_available".into(), serde_json::Value::Bool(available));
    app.test_db
        .db
        .upsert_record(
            &Actor::system(),
            "expert",
            code,
            kechuang_store::records::RecordFields {
                name: name.into(),
                region_id,
                area: "local".into(),
                chain_tags: vec!["新一代信息技术".into()],
                attrs,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .0
        .id
}

/// Two high-tech enterprises get a commissioner each (the county's own
/// expert first); when that expert is no longer available both move to the
/// other; a county officer records a visit and closes its follow-up.
async fn commissioners_cover_every_hte_firm(app: TestApp) {
    let r = &app.regions;
    app.registry_fixture().await;
    let (a, b) = (ENTERPRISE_CODE.to_owned(), test_code(13));
    firm(&app, &a, "廊坊甲科技有限公司", r.county).await;
    firm(&app, &b, "廊坊乙科技有限公司", r.county).await;
    let today = chrono::Utc::now().date_naive();
    let days = |n: i64| today + chrono::Duration::days(n);
    certify(
        &app,
        &a,
        CertificateKind::HighTechEnterprise,
        "GR-A",
        days(-10),
        days(1000),
    )
    .await;
    certify(
        &app,
        &b,
        CertificateKind::HighTechEnterprise,
        "GR-B",
        days(-10),
        days(1000),
    )
    .await;
    let local = expert(&app, "EX-1", "本县特派员", r.county, true).await;
    let city_wide = expert(&app, "EX-2", "市级特派员", r.city, true).await;

    let staff = app.user("staff", Role::BureauStaff, r.city).await;
    let (c, csrf) = app.session(&staff).await;
    let html = c
        .get(app.url("/cultivation/commissioners"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("未配备 2"), "{html}");
    let assign = || {
        c.post(app.url("/cultivation/commissioners/assign"))
            .form(&[("_csrf", csrf.as_str())])
            .send()
    };
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    let db = &app.test_db.db;
    let of = |code: &str| {
        let code = kechuang_domain::credit_code::CreditCode::parse(code).unwrap();
        async move {
            let e = db.enterprise_by_code(&code).await.unwrap().unwrap();
            db.commissioner_of(e.id).await.unwrap().map(|x| x.expert_id)
        }
    };
    assert_eq!(
        (of(&a).await, of(&b).await),
        (Some(local), Some(local)),
        "the county's own expert"
    );
    let html = c
        .get(app.url("/cultivation/commissioners"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("未配备 0"), "{html}");
    // Assigning again changes nothing.
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(of(&a).await, Some(local));
    // The local expert is no longer available: both move to the other one.
    expert(&app, "EX-1", "本县特派员", r.county, false).await;
    assert_eq!(assign().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!((of(&a).await, of(&b).await), (Some(city_wide), Some(city_wide)));

    let officer = app.user("officer", Role::CountyOfficer, r.county).await;
    let (oc, ocsrf) = app.session(&officer).await;
    let resp = oc
        .post(app.url("/cultivation/commissioners/assign"))
        .form(&[("_csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = oc
        .post(app.url("/cultivation/visits"))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("code", a.as_str()),
            ("visited_on", &today.to_string()),
            ("summary", "了解研发费用归集"),
            ("follow_up", "协助建立研发辅助账"),
            ("follow_up_due", &days(30).to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = oc
        .get(app.url(&format!("/cultivation/clinic/{a}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("市级特派员") && html.contains("了解研发费用归集") && html.contains("待跟进"),
        "{html}"
    );
    let visit = db
        .visits_of(
            db.enterprise_by_code(&kechuang_domain::credit_code::CreditCode::parse(&a).unwrap())
                .await
                .unwrap()
                .unwrap()
                .id,
        )
        .await
        .unwrap()[0]
        .id;
    let resp = oc
        .post(app.url("/cultivation/visits/done"))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("code", a.as_str()),
            ("visit_id", &visit.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = oc
        .get(app.url(&format!("/cultivation/clinic/{a}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("已完成") && !html.contains("待跟进"));
}
